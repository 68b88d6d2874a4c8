"""The documented "Who may change what" table is the one the kinds' declarations give."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from veldwerk_core import kinds
from veldwerk_core.kinds import Decision, Operation
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.actor import Role
from veldwerk_core.models.errors import ChangeRefused

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import rules_table  # noqa: E402


def test_the_document_holds_the_table_the_declarations_give() -> None:
    assert rules_table.documented() == rules_table.table(), (
        "docs/sync-protocol.md is out of date: run python scripts/rules_table.py --write"
    )


def test_the_issue_12_rules_hold() -> None:
    decide = kinds.decide
    other = {"owner": False}
    # A youth's fields are its owner's; others propose, the regisseur may change them.
    assert decide("youth", Role.SCHOOL_COORDINATOR, operation=Operation.EDIT, **other) is (
        Decision.PROPOSED
    )
    assert decide("youth", Role.COORDINATOR, operation=Operation.EDIT, **other) is Decision.APPLIED
    assert decide("youth", Role.SCHOOL_COORDINATOR, operation=Operation.DELETE, **other) is (
        Decision.NOT_OWNER
    )
    assert kinds.needs_delete_reason("youth")
    # A part follows its trajectory; the regisseur does not own other organisations' plans.
    assert decide("goal", Role.COORDINATOR, operation=Operation.CREATE, **other) is (
        Decision.NOT_OWNER
    )
    # Groups may be edited by anyone who sees them, deleted only by their owner.
    assert decide("youth_group", Role.YOUTH_BOA, operation=Operation.EDIT, **other) is (
        Decision.APPLIED
    )
    assert decide("youth_group", Role.YOUTH_BOA, operation=Operation.DELETE, **other) is (
        Decision.NOT_OWNER
    )
    # The administrator configures, never touches case data.
    for kind in RECORD_TYPES:
        expected = Decision.APPLIED if kind in kinds.CONFIGURATION else Decision.ROLE
        assert decide(kind, Role.ADMINISTRATOR, owner=True, operation=Operation.CREATE) is expected


@pytest.mark.parametrize(
    "kind", [kind for kind, cls in RECORD_TYPES.items() if cls.ownership.append_only]
)
def test_append_only_kinds_refuse_deletion_in_the_model_too(kind: str) -> None:
    with pytest.raises(ChangeRefused):
        RECORD_TYPES[kind].check_delete()
