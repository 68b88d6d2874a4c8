"""Find user-visible texts in the code: those marked with _() or N_().

python scripts/messages.py            list texts without an English translation
python scripts/messages.py --stale    list catalogue entries no code uses any more
"""

from __future__ import annotations

import ast
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "resources" / "translations" / "en"


def msgids(paths: list[Path] | None = None) -> Iterator[tuple[str, Path, int]]:
    packages = ("veldwerk_core", "desktop")
    found = [path for package in packages for path in sorted((ROOT / package).rglob("*.py"))]
    for path in paths or found:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield node.args[0].value, path, node.lineno


def catalogue() -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(CATALOGUE.glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def main() -> None:
    known = catalogue()
    if "--prune" in sys.argv:
        used = {msgid for msgid, _, _ in msgids()}
        for path in sorted(CATALOGUE.glob("*.json")):
            entries = json.loads(path.read_text(encoding="utf-8"))
            kept = {key: value for key, value in entries.items() if key in used}
            if kept != entries:
                text = json.dumps(kept, ensure_ascii=False, indent=2) + "\n"
                path.write_text(text, encoding="utf-8")
                print(f"{path.name}: removed {len(entries) - len(kept)}")
        return
    if "--stale" in sys.argv:
        used = {msgid for msgid, _, _ in msgids()}
        for msgid in sorted(set(known) - used):
            print(json.dumps(msgid, ensure_ascii=False))
        return
    seen: set[str] = set()
    for msgid, path, line in msgids():
        if msgid not in known and msgid not in seen:
            seen.add(msgid)
            print(f"{path.relative_to(ROOT)}:{line}: {json.dumps(msgid, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
