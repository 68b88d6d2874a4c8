"""Dates and times as Dutch users read them: dd-mm-jjjj and 24-hour time, local time zone."""

from __future__ import annotations

from datetime import date, datetime


def dutch_date(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def dutch_datetime(value: datetime | None) -> str:
    return value.astimezone().strftime("%d-%m-%Y %H:%M") if value else ""


def date_text(value: object) -> str:
    """A date for a text field: a date or a stored ISO date as dd-mm-jjjj, anything else
    (what a person typed) as it is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return dutch_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, date):
        return dutch_date(value)
    return "" if value is None else str(value)
