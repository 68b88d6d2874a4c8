"""Write the "Who may change what" table of docs/sync-protocol.md from the kinds' declarations.

python scripts/rules_table.py           print the table
python scripts/rules_table.py --write   put it into docs/sync-protocol.md (between the markers)

The table is the documented contract: tests/unit/test_rules_table.py checks that the document
holds exactly this table, and tests/server/test_rules_matrix.py pushes every cell of it
against the real server on both databases.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from veldwerk_core import kinds  # noqa: E402
from veldwerk_core.kinds import Decision, Operation  # noqa: E402
from veldwerk_core.models import RECORD_TYPES  # noqa: E402
from veldwerk_core.models.actor import Role  # noqa: E402

DOCUMENT = ROOT / "docs" / "sync-protocol.md"
BEGIN, END = "<!-- rules:begin -->", "<!-- rules:end -->"
COLUMNS = (
    ("create own", Operation.CREATE, True),
    ("create other", Operation.CREATE, False),
    ("edit own", Operation.EDIT, True),
    ("edit other", Operation.EDIT, False),
    ("delete own", Operation.DELETE, True),
    ("delete other", Operation.DELETE, False),
)


def cell(kind: str, role: Role, operation: Operation, owner: bool) -> str:
    decision = kinds.decide(kind, role, owner=owner, operation=operation)
    if (
        decision is Decision.APPLIED
        and operation is Operation.DELETE
        and kinds.needs_delete_reason(kind)
    ):
        return "applied (reason)"
    return decision.value


def table() -> str:
    head = "| kind | role | " + " | ".join(name for name, _op, _own in COLUMNS) + " |"
    rule = "|" + "---|" * (2 + len(COLUMNS))
    lines = [head, rule]
    for kind in RECORD_TYPES:
        for role in Role:
            cells = [cell(kind, role, operation, own) for _name, operation, own in COLUMNS]
            lines.append(f"| {kind} | {role.value} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def documented() -> str:
    text = DOCUMENT.read_text(encoding="utf-8")
    return text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()


def write() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOCUMENT.write_text(text[:start] + "\n" + table() + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
    else:
        print(table())
