"""Which day it is for the person at the keyboard (the session's clock, in local time)."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.services.session import Session


def today(session: Session) -> date:
    return session.clock().astimezone().date()


def yesterday(session: Session) -> date:
    return today(session) - timedelta(days=1)
