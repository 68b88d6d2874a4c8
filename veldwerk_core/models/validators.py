"""Reusable checks: BSN 11-proef, dates that cannot lie in the future."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from veldwerk_core.i18n import N_
from veldwerk_core.models.errors import rule_error

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
# A signal "now" typed on a laptop whose clock runs slightly behind the server's is fine.
CLOCK_TOLERANCE = timedelta(minutes=10)


def normalise_bsn(value: str) -> str:
    """Strip separators people type; eight-digit BSNs get their leading zero back."""
    digits = "".join(ch for ch in value if not ch.isspace() and ch not in ".-")
    if len(digits) == 8 and digits.isdigit():
        digits = "0" + digits
    return digits


def bsn_is_valid(value: str) -> bool:
    """The 11-proef: the weighted digit sum is a positive multiple of 11."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value, BSN_WEIGHTS, strict=True))
    return total != 0 and total % 11 == 0


def check_bsn(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    bsn = normalise_bsn(value)
    if len(bsn) != 9 or not bsn.isdigit():
        raise rule_error(N_("{label} moet uit 9 cijfers bestaan."))
    if not bsn_is_valid(bsn):
        raise rule_error(N_("{label} klopt niet: het voldoet niet aan de elfproef."))
    return bsn


def today() -> date:
    return datetime.now().date()


def check_not_future_date(value: date) -> date:
    if value > today():
        raise rule_error(N_("{label} ligt in de toekomst."))
    return value


def check_not_future_moment(value: datetime) -> datetime:
    if value > datetime.now(UTC) + CLOCK_TOLERANCE:
        raise rule_error(N_("{label} ligt in de toekomst."))
    return value


SKEW_ALLOWED = timedelta(days=2)
"""How far a device's clock may be ahead of the server's (the sync is tested at one day)."""
EARLIEST_MOMENT = datetime(1990, 1, 1, tzinfo=UTC)


def check_plausible_moment(value: datetime, now: datetime) -> datetime:
    """A moment a device reports (when something happened): the user's, within sane bounds
    of the server's clock."""
    if value > now + SKEW_ALLOWED:
        raise rule_error(N_("{label} ligt in de toekomst."))
    if value < EARLIEST_MOMENT:
        raise rule_error(N_("{label} ligt te ver terug; controleer de datum."))
    return value


def age_on(date_of_birth: date, on: date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years
