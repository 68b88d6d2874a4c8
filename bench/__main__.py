"""Run the benchmarks: ``python -m bench [name ...]``.

Every benchmark prints one JSON object per line with a ``name`` and figures whose keys carry
their unit (``p95_ms``, ``rows_per_s``, ``ratio``). Nothing here is asserted: the numbers are
compared with each issue's goals in review, not in tests.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

import bench


def main(names: list[str]) -> int:
    modules = sorted(info.name for info in pkgutil.iter_modules([str(Path(bench.__file__).parent)]))
    selected = [m for m in modules if m.startswith("bench_") and (not names or m[6:] in names)]
    if names and len(selected) != len(names):
        known = ", ".join(m[6:] for m in modules if m.startswith("bench_"))
        print(f"unknown benchmark; known: {known}", file=sys.stderr)
        return 2
    for module_name in selected:
        module = importlib.import_module(f"bench.{module_name}")
        for result in module.run():
            print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
