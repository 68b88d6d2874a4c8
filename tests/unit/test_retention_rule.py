"""The device's retention rule: its prefilter in SQL never skips a record the kernel's rule
destroys, and the destruction date reads as a person expects."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desktop.store.retention import cut_off
from desktop.views.retention_note import destruction_text
from veldwerk_core.retention import RetentionTerms, add_months, birthday, destruction_date

DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2045, 12, 31))


@given(
    start=st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2040, 12, 31)),
    months=st.integers(min_value=1, max_value=120),
    today=DAYS,
    as_date=st.booleans(),
)
def test_the_prefilter_keeps_every_record_that_is_due(
    start: datetime, months: int, today: date, as_date: bool
) -> None:
    stored = start.date().isoformat() if as_date else start.replace(tzinfo=UTC).isoformat()
    if add_months(start.date(), months) <= today:
        assert stored <= cut_off(today, months)


@given(born=st.dates(min_value=date(1995, 1, 1), max_value=date(2015, 12, 31)), today=DAYS)
def test_a_signal_goes_on_the_earlier_of_its_term_and_the_23rd_birthday(
    born: date, today: date
) -> None:
    youth = "01900000-0000-7000-8000-000000000001"
    data = {"occurred_at": today.isoformat(), "youth_ids": [youth]}
    day = destruction_date("signal", data, RetentionTerms(), {youth: born})
    assert day == min(add_months(today, 24), birthday(born, 23))


def test_the_destruction_date_in_words() -> None:
    day = date(2028, 3, 12)
    assert destruction_text("signal", day) == "Wordt vernietigd op 12-03-2028"
    assert destruction_text("youth", day) == "Wordt niet eerder vernietigd dan 12-03-2028"
    assert destruction_text("trajectory", None) == "Wordt bewaard zolang het traject loopt"
    assert destruction_text("youth", None) == "Wordt bewaard zolang er een lopend traject is"
    assert destruction_text("signal", day - timedelta(days=1)).endswith("11-03-2028")
