"""Dates and times as Dutch users read them: dd-mm-jjjj and 24-hour time, local time zone."""

from __future__ import annotations

from datetime import date, datetime


def dutch_date(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def dutch_datetime(value: datetime | None) -> str:
    return value.astimezone().strftime("%d-%m-%Y %H:%M") if value else ""
