"""Write the JSON Schema of instrument files to docs/instrument.schema.json.

python scripts/instrument_schema.py      (a test fails when the published schema is stale)
"""

from __future__ import annotations

from pathlib import Path

from veldwerk_core.models.instrument import json_schema_text

TARGET = Path(__file__).resolve().parents[1] / "docs" / "instrument.schema.json"


def main() -> None:
    TARGET.write_text(json_schema_text(), encoding="utf-8")
    print(TARGET)


if __name__ == "__main__":
    main()
