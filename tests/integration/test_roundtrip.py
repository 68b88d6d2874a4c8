"""Any valid record comes back from the encrypted store exactly as it went in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.services.session import Session
from tests import strategies as s
from veldwerk_core.models.base import Record

records = st.one_of(s.youths, s.signals(), s.groups, s.involvements, s.trajectories, s.agreements)


def content(record: Record) -> dict[str, object]:
    data = record.dump()
    data.pop("updated_at")
    return data


@given(record=records)
def test_records_round_trip_through_the_vault(session: Session, record: Record) -> None:
    saved = session.records.save(record).record
    loaded = session.records.get(type(record), record.id)
    assert loaded is not None
    assert content(loaded) == content(record)
    assert loaded == saved
