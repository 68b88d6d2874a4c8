"""Who is involved with a youth ("betrokkenen"): colleagues from the directory, partners.

Naming a colleague (``professional_id`` = their user id) gives them the youth at their next
sync; ending the involvement (``until`` before today) takes it away at the next sync after
that. A partner without an account (police, Halt, leerplicht) is named by organisation and
contact from the configuration and gets nothing through Veldwerk.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.services.days import today, yesterday
from desktop.services.directory import Colleague, Directory, Partner
from desktop.services.session import Session
from desktop.services.validation import refused
from veldwerk_core.i18n import N_
from veldwerk_core.models import Involvement, Youth
from veldwerk_core.models.errors import RecordNotFound

REMOVE_REASON = N_("Betrokkene verwijderd")


@dataclass(frozen=True)
class Involved:
    """An involvement with the contact details the directory has for it."""

    involvement: Involvement
    colleague: Colleague | None
    partner: Partner | None
    active: bool

    @property
    def phone(self) -> str:
        found = self.colleague or self.partner
        return found.phone if found is not None else ""

    @property
    def email(self) -> str:
        found = self.colleague or self.partner
        return found.email if found is not None else ""


class Involvements:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    # -- naming --------------------------------------------------------------------------

    def name_colleague(
        self,
        youth_id: uuid.UUID,
        user_id: str,
        *,
        since: date | None = None,
        until: date | None = None,
        role: str | None = None,
    ) -> Involvement:
        """Name a colleague from the directory; their name, organisation and role come from
        it (``role`` overrides the role's name, e.g. "Coach")."""
        self._youth(youth_id)
        directory = Directory(self._session)
        directory.require()
        colleague = directory.colleague(user_id)
        if colleague is None:
            raise refused(Involvement, "professional_id", N_("Kies een collega uit het adresboek."))
        if any(
            item.involvement.professional_id == colleague.user_id and item.active
            for item in self.for_youth(youth_id)
        ):
            raise refused(
                Involvement, "professional_id", N_("Deze collega is al betrokken bij de jongere.")
            )
        return self._records.create(
            Involvement,
            {
                "youth_id": str(youth_id),
                "professional": colleague.name,
                "professional_id": colleague.user_id,
                "organisation": colleague.organisation or "-",
                "role": role or colleague.role.label,
                "since": since or today(self._session),
                "until": until,
            },
        ).record

    def name_partner(
        self,
        youth_id: uuid.UUID,
        partner_name: str,
        *,
        contact: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> Involvement:
        """Name a partner organisation of the configuration (no account: gives nobody the
        youth); ``contact`` overrides the configured contact person."""
        self._youth(youth_id)
        directory = Directory(self._session)
        partner = directory.partner(partner_name, model=Involvement, field="organisation")
        return self._records.create(
            Involvement,
            {
                "youth_id": str(youth_id),
                "professional": contact or partner.contact or partner.name,
                "professional_id": None,
                "organisation": partner.name,
                "role": partner.kind.label,
                "since": since or today(self._session),
                "until": until,
            },
        ).record

    def add(self, data: Mapping[str, Any]) -> Involvement:
        """An involvement typed in full (a professional outside the directory)."""
        return self._records.create(Involvement, data).record

    # -- changing ------------------------------------------------------------------------

    def edit(self, involvement_id: uuid.UUID, changes: Mapping[str, Any]) -> Involvement:
        """Change role, dates or names. A new ``professional_id`` takes name and organisation
        from the directory; the youth never changes."""
        current = self.get(involvement_id)
        update = dict(changes)
        if "youth_id" in update and str(update["youth_id"]) != str(current.youth_id):
            raise refused(
                Involvement, "youth_id", N_("Een betrokkene hoort altijd bij dezelfde jongere.")
            )
        new_user = update.get("professional_id")
        if new_user and new_user != current.professional_id:
            colleague = Directory(self._session).colleague(str(new_user))
            if colleague is None:
                raise refused(
                    Involvement, "professional_id", N_("Kies een collega uit het adresboek.")
                )
            update.setdefault("professional", colleague.name)
            update.setdefault("organisation", colleague.organisation or "-")
        return self._records.update(Involvement, involvement_id, update).record

    def end(self, involvement_id: uuid.UUID, until: date | None = None) -> Involvement:
        """End the involvement: ``until`` is its last day (default yesterday, so a colleague
        loses the youth at their next sync). One that began today ends today."""
        current = self.get(involvement_id)
        last = until or max(yesterday(self._session), current.since)
        return self._records.update(Involvement, involvement_id, {"until": last.isoformat()}).record

    def remove(self, involvement_id: uuid.UUID, reason: str = "") -> None:
        """Delete an involvement named by mistake (no history is kept; prefer :meth:`end`)."""
        self.get(involvement_id)
        self._records.delete(Involvement, involvement_id, purpose=reason or REMOVE_REASON)

    # -- reading -------------------------------------------------------------------------

    def get(self, involvement_id: uuid.UUID) -> Involvement:
        found = self._records.get(Involvement, involvement_id)
        if found is None:
            raise RecordNotFound()
        return found

    def for_youth(self, youth_id: uuid.UUID) -> list[Involved]:
        """Active ones first, then by start; each with contact details from the directory."""
        directory = Directory(self._session)
        partners = {p.name: p for p in directory.partners()}
        day = today(self._session)
        found = self._records.select(Involvement, "youth_id = ?", (str(youth_id),))
        rows = [
            Involved(
                involvement=item,
                colleague=directory.colleague(item.professional_id)
                if item.professional_id
                else None,
                partner=None if item.professional_id else partners.get(item.organisation),
                active=item.active_on(day),
            )
            for item in found
        ]
        return sorted(rows, key=lambda r: (not r.active, r.involvement.since))

    def _youth(self, youth_id: uuid.UUID) -> Youth:
        youth = self._records.get(Youth, youth_id)
        if youth is None:
            raise refused(Involvement, "youth_id", N_("Deze jongere staat niet in je kluis."))
        return youth
