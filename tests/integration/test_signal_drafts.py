"""Saving a signal and dropping its form's draft are one transaction (the use case owns it)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.services.drafts import Drafts
from desktop.services.session import Session
from desktop.services.signals import Signals
from desktop.services.youths import Youths
from desktop.store import drafts as stored_drafts
from desktop.store.vault import Vault
from veldwerk_core.models import Signal

KEY = "signal:new"


def _data(session: Session) -> dict[str, Any]:
    youth = Youths(session).create(
        {"first_name": "Sem", "last_name": "Dekker", "date_of_birth": "10-10-2010"}
    )
    return {
        "place": {"place_kind": "wijk", "wijk": "Noord"},
        "life_domain": "straat",
        "category": "overlast",
        "description": "Met vier anderen bij de skatebaan, harde muziek tot laat.",
        "youth_ids": [str(youth.id)],
        "severity": "low",
        "legal_basis": "legal_task",
    }


class Crash(Exception):
    """The process dies between writing the signal and dropping the draft."""


@pytest.fixture
def crash_on_discard(monkeypatch: pytest.MonkeyPatch) -> None:
    def discard(vault: Vault, key: str) -> None:
        raise Crash()

    monkeypatch.setattr(stored_drafts, "discard", discard)


def test_the_draft_goes_with_the_saved_signal(session: Session) -> None:
    data = _data(session)
    Drafts(session).save(KEY, "signal", {"description": "half af"})
    Signals(session).record(data, draft_key=KEY)
    assert Drafts(session).load(KEY) is None
    assert session.records.count(Signal) == 1


@pytest.mark.usefixtures("crash_on_discard")
def test_a_crash_before_the_draft_is_gone_keeps_neither_half(session: Session) -> None:
    data = _data(session)
    Drafts(session).save(KEY, "signal", {"description": "half af"})
    with pytest.raises(Crash):
        Signals(session).record(data, draft_key=KEY)
    assert session.records.count(Signal) == 0, "the signal's insert was rolled back"
    assert Drafts(session).load(KEY) == {"description": "half af"}, "the draft is still there"


@pytest.mark.usefixtures("crash_on_discard")
def test_a_correction_and_its_draft_are_one_transaction_too(session: Session) -> None:
    data = _data(session)
    first = Signals(session).record(data).signal
    key = f"signal:correct:{first.id}"
    Drafts(session).save(key, "signal", {"description": "bijna"})
    with pytest.raises(Crash):
        Signals(session).correct(
            first.id,
            {"description": "Met vijf anderen bij de skatebaan."},
            "Telfout",
            draft_key=key,
        )
    assert [s.id for s in session.records.select(Signal)] == [first.id]
    assert Drafts(session).load(key) == {"description": "bijna"}
