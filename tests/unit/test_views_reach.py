"""Views reach the vault only through services: not through a session's store or vault.

Import contracts keep ``desktop.store`` out of the views; this keeps out the back door, the
session's own ``records`` and ``vault`` attributes.
"""

from __future__ import annotations

import re
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[2] / "desktop" / "views"
REACH = re.compile(r"\bsession\.(records|vault)\b")


def test_no_view_reaches_into_the_session() -> None:
    found = [
        f"{path.relative_to(VIEWS)}:{number}: {line.strip()}"
        for path in sorted(VIEWS.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if REACH.search(line)
    ]
    assert not found, "\n".join(found)
