"""Consent to share a youth's information: who gave it, when, for what and until when.

Consent is specific and logged. Withdrawing it stops every share resting on it: the server
withdraws those shares, so the recipients' copies leave at their next sync.
"""

from __future__ import annotations

import uuid
from datetime import date

from desktop.services.days import today
from desktop.services.session import Session
from desktop.services.validation import refused
from veldwerk_core.i18n import N_
from veldwerk_core.models import Youth
from veldwerk_core.models.errors import ChangeRefused, RecordNotFound
from veldwerk_core.models.sharing import Consent, ConsentGiver

__all__ = ["Consent", "ConsentGiver", "Consents"]


class Consents:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def record(
        self,
        youth_id: uuid.UUID,
        giver: ConsentGiver | str,
        given_by: str,
        for_what: str,
        *,
        given_on: date | None = None,
        until: date | None = None,
    ) -> Consent:
        """Record a consent (given today unless ``given_on`` says otherwise)."""
        if self._records.get(Youth, youth_id) is None:
            raise refused(Consent, "youth_id", N_("Deze jongere staat niet in je kluis."))
        return self._records.create(
            Consent,
            {
                "youth_id": str(youth_id),
                "giver": str(giver),
                "given_by": given_by,
                "for_what": for_what,
                "given_on": given_on or today(self._session),
                "until": until,
            },
        ).record

    def withdraw(self, consent_id: uuid.UUID, note: str, *, on: date | None = None) -> Consent:
        """The consent is withdrawn from ``on`` (default today); ``note`` says how and why."""
        consent = self.get(consent_id)
        if consent.withdrawn_on is not None:
            raise ChangeRefused(N_("Deze toestemming is al ingetrokken."))
        if not note.strip():
            raise refused(Consent, "withdrawal_note", N_("{label} is verplicht bij het intrekken."))
        day = on or today(self._session)
        return self._records.update(
            Consent,
            consent_id,
            {"withdrawn_on": day.isoformat(), "withdrawal_note": note},
        ).record

    def get(self, consent_id: uuid.UUID) -> Consent:
        found = self._records.get(Consent, consent_id)
        if found is None:
            raise RecordNotFound()
        return found

    def for_youth(self, youth_id: uuid.UUID) -> list[Consent]:
        """Every consent about the youth, newest first (withdrawn and expired ones too)."""
        found = self._records.select(Consent, "youth_id = ?", (str(youth_id),))
        return sorted(found, key=lambda c: (c.given_on, c.created_at), reverse=True)

    def valid_for(self, youth_id: uuid.UUID, on: date | None = None) -> list[Consent]:
        """The consents a share can rest on today (or ``on``)."""
        day = on or today(self._session)
        return [c for c in self.for_youth(youth_id) if c.valid_on(day)]
