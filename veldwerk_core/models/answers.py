"""The kinds of answer a checklist item takes, and how answers are stored."""

from __future__ import annotations

from veldwerk_core.i18n import N_
from veldwerk_core.models.choice import Choice


class AnswerType(Choice):
    YES_NO_UNKNOWN = ("yes_no_unknown", N_("Ja / nee / onbekend"))
    SCALE_0_2 = ("scale_0_2", N_("Schaal 0-1-2"))
    COUNT = ("count", N_("Aantal"))
    DATE = ("date", N_("Datum"))


class ItemDirection(Choice):
    RISK = ("risk", N_("Risicofactor"))
    PROTECTIVE = ("protective", N_("Beschermende factor"))


class Answer(Choice):
    """The stored codes of a ja/nee/onbekend answer; ``UNKNOWN`` is valid for every item."""

    YES = ("yes", N_("Ja"))
    NO = ("no", N_("Nee"))
    UNKNOWN = ("unknown", N_("Onbekend"))


UNKNOWN = Answer.UNKNOWN.value
AnswerValue = str | int
"""An answer as stored: ``"yes"``/``"no"``, 0-2, a count, an ISO date, or ``"unknown"``."""
