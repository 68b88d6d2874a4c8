"""What an operation changed, as the write path records it for the views."""

from __future__ import annotations

from desktop.services.changes import ALL_KINDS, Changes
from desktop.services.groups import Groups
from desktop.services.session import Session
from desktop.services.youths import Youths
from veldwerk_core.models import Youth


def test_the_session_hands_over_what_the_write_path_wrote(session: Session) -> None:
    session.take_changes()
    youth = Youths(session).create(
        {"first_name": "Noor", "last_name": "Bakker", "date_of_birth": "01-01-2011"}
    )
    group = Groups(session).create({"name": "Skatebaan", "members": [{"youth_id": str(youth.id)}]})
    assert session.take_changes() == Changes(
        frozenset({"youth", "youth_group"}), frozenset({youth.id, group.id})
    )
    assert not session.take_changes(), "taken once"
    Youths(session).open(youth.id)
    assert not session.take_changes(), "a read is audited but changes no record"
    session.records.delete(Youth, youth.id, purpose="Dubbel geregistreerd")
    session.reload_identity()  # enrollment does this; what was written is not forgotten
    assert session.take_changes() == Changes(frozenset({"youth"}), frozenset({youth.id}))


def test_changes_say_which_kinds_they_touch() -> None:
    signal = Changes(frozenset({"signal"}))
    assert signal.touches(("youth", "signal")) and not signal.touches(("trajectory",))
    assert not Changes() and bool(signal)
    assert (signal | Changes(frozenset({"goal"}))).kinds == {"signal", "goal"}
    assert Changes.everything().kinds == ALL_KINDS and "trajectory" in ALL_KINDS
