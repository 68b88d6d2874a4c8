"""docs/privacy/bewaartermijnen.md is the one the declarations and retention.yaml give."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import retention_table  # noqa: E402


def test_the_document_is_current() -> None:
    assert retention_table.DOCUMENT.read_text(encoding="utf-8") == retention_table.document(), (
        "docs/privacy/bewaartermijnen.md is out of date: run python scripts/retention_table.py "
        "--write"
    )


def test_it_names_every_term_of_the_configuration() -> None:
    terms = retention_table.terms()
    text = retention_table.document()
    assert f"{terms.signals.months} maanden, uiterlijk tot de {terms.signals.until_age}e" in text
    assert f"| Logboek (toegang) | {terms.audit_months} maanden" in text
    assert "Nog niet gedaan" in text, "the audit log is not yet pruned: the document says so"
