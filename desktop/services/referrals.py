"""Referrals (aanmeldingen): a youth referred to an intervention, and followed to its end.

A referral is made by hand, or from where the decision to refer was taken: a signal's
follow-up step, a decision in the early-signalling meeting, or an agreement of a coaching
trajectory - each records where it came from. Its status moves on through the write path
(audited, synced): aangemeld -> gestart -> afgerond, or voortijdig gestopt / afgewezen. Open
referrals of the user's organisation that wait for a start are on the worklist.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.services import worklist
from desktop.services.days import today
from desktop.services.interventions import Catalogue
from desktop.services.session import Session
from desktop.services.validation import refused
from desktop.services.worklist import Urgency, WorkItem
from desktop.store import youth_queries
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import Agreement, MeetingItem, Signal, Trajectory, Youth
from veldwerk_core.models.errors import ChangeRefused, RecordNotFound
from veldwerk_core.models.referral import (
    ORIGIN_FIELDS,
    REFERRAL_STEPS,
    Referral,
    ReferralOrigin,
    ReferralStatus,
)

__all__ = ["Referral", "ReferralOrigin", "ReferralRow", "ReferralStatus", "Referrals"]

WAITING_LONG_DAYS = 14
"""A referral waiting longer than this for its start is marked urgent on the worklist."""


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    youth: Youth | None
    """None when the youth is not (or no longer) in this vault."""
    waiting_days: int
    """Days since the referral while it waits for a start; 0 otherwise."""


class Referrals:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    # -- making ----------------------------------------------------------------------------

    def refer(
        self,
        youth_id: uuid.UUID,
        intervention_id: str,
        reason: str,
        *,
        referred_on: date | None = None,
        note: str = "",
        origin: ReferralOrigin = ReferralOrigin.MANUAL,
        source_id: uuid.UUID | None = None,
    ) -> Referral:
        """Refer the youth to an intervention of the catalogue; ``source_id`` names the
        signal, meeting item or agreement of ``origin``."""
        if self._records.get(Youth, youth_id) is None:
            raise refused(Referral, "youth_id", N_("Deze jongere staat niet in je kluis."))
        intervention = Catalogue(self._session).get(intervention_id)
        if intervention is None or intervention.retired:
            raise refused(
                Referral,
                "intervention_id",
                N_("Kies een interventie uit de lijst van je gemeente."),
            )
        data: dict[str, Any] = {
            "youth_id": str(youth_id),
            "intervention_id": intervention.id,
            "intervention_name": intervention.name,
            "provider": intervention.provider,
            "reason": reason,
            "referred_on": referred_on or today(self._session),
            "note": note,
            "origin": origin.value,
            # The server stamps these from the identity; filled here for the offline view.
            "referred_by": self._session.profile.name,
            "referred_by_organisation": self._session.profile.organisation,
        }
        field = ORIGIN_FIELDS.get(origin)
        if field is not None:
            data[field] = str(source_id) if source_id else None
        return self._records.create(Referral, data).record

    def from_signal(
        self, signal_id: uuid.UUID, youth_id: uuid.UUID, intervention_id: str, reason: str = ""
    ) -> Referral:
        """The follow-up step of a signal carried out: a referral of one of its youths."""
        signal = self._records.get(Signal, signal_id)
        if signal is None:
            raise RecordNotFound()
        if youth_id not in signal.youth_ids:
            raise refused(Referral, "youth_id", N_("Deze jongere staat niet bij het signaal."))
        because = reason or _(
            "Vervolgstap van het signaal: {step}", step=signal.follow_up.label.lower()
        )
        return self.refer(
            youth_id, intervention_id, because, origin=ReferralOrigin.SIGNAL, source_id=signal_id
        )

    def from_meeting_item(
        self, item_id: uuid.UUID, intervention_id: str, reason: str = ""
    ) -> Referral:
        """A decision of the early-signalling meeting carried out (the regisseur's)."""
        item = self._records.get(MeetingItem, item_id)
        if item is None:
            raise RecordNotFound()
        because = reason or _(
            "Besluit in het vroegsignaleringsoverleg: {decision}",
            decision=item.decision.label.lower() if item.decision else _("doorverwijzing"),
        )
        return self.refer(
            item.youth_id,
            intervention_id,
            because,
            origin=ReferralOrigin.MEETING,
            source_id=item_id,
        )

    def from_agreement(
        self, agreement_id: uuid.UUID, intervention_id: str, reason: str = ""
    ) -> Referral:
        """An agreement of a coaching trajectory that is a referral ("meldt zich aan bij...")."""
        agreement = self._records.get(Agreement, agreement_id)
        if agreement is None:
            raise RecordNotFound()
        trajectory = self._records.get(Trajectory, agreement.trajectory_id)
        if trajectory is None:
            raise RecordNotFound()
        return self.refer(
            trajectory.youth_id,
            intervention_id,
            reason or _("Afspraak in het traject: {what}", what=agreement.what),
            origin=ReferralOrigin.AGREEMENT,
            source_id=agreement_id,
        )

    # -- following -------------------------------------------------------------------------

    def start(self, referral_id: uuid.UUID, on: date | None = None) -> Referral:
        return self._move(
            referral_id,
            ReferralStatus.STARTED,
            {"started_on": (on or today(self._session)).isoformat()},
        )

    def complete(self, referral_id: uuid.UUID, on: date | None = None) -> Referral:
        return self._move(
            referral_id,
            ReferralStatus.COMPLETED,
            {"ended_on": (on or today(self._session)).isoformat()},
        )

    def stop(self, referral_id: uuid.UUID, reason: str, on: date | None = None) -> Referral:
        """Stopped early (before or after the start), with the reason."""
        changes = {"ended_on": (on or today(self._session)).isoformat(), "end_reason": reason}
        return self._move(referral_id, ReferralStatus.STOPPED, changes)

    def decline(self, referral_id: uuid.UUID, reason: str, on: date | None = None) -> Referral:
        """The provider did not accept the youth."""
        changes = {"ended_on": (on or today(self._session)).isoformat(), "end_reason": reason}
        return self._move(referral_id, ReferralStatus.DECLINED, changes)

    def _move(
        self, referral_id: uuid.UUID, status: ReferralStatus, changes: dict[str, Any]
    ) -> Referral:
        referral = self.get(referral_id)
        if status not in REFERRAL_STEPS[referral.status]:
            raise ChangeRefused(
                N_("Een aanmelding met status {old} kan niet de status {new} krijgen."),
                old=referral.status.label.lower(),
                new=status.label.lower(),
            )
        changes = {"status": status.value, **changes}
        return self._records.update(Referral, referral_id, changes).record

    # -- reading ---------------------------------------------------------------------------

    def get(self, referral_id: uuid.UUID) -> Referral:
        found = self._records.get(Referral, referral_id)
        if found is None:
            raise RecordNotFound()
        return found

    def for_youth(self, youth_id: uuid.UUID) -> list[Referral]:
        """Newest first."""
        found = self._records.select(Referral, "youth_id = ?", (str(youth_id),))
        return sorted(found, key=lambda r: (r.referred_on, r.created_at), reverse=True)

    def all(self, *, open_only: bool = False) -> list[ReferralRow]:
        """Every referral in the vault (open ones: not yet closed), waiting longest first."""
        found = self._records.select(Referral)
        return self._rows(r for r in found if not (open_only and r.status.is_closed))

    def waiting(self) -> list[ReferralRow]:
        """Referrals the user's organisation made that wait for a start."""
        mine = self._session.profile.organisation
        return self._rows(
            r
            for r in self._records.select(Referral, "data ->> '$.status' = ?", ("referred",))
            if not mine or r.referred_by_organisation in ("", mine)
        )

    def _rows(self, referrals: Iterable[Referral]) -> list[ReferralRow]:
        found = list(referrals)
        day = today(self._session)
        youths = youth_queries.by_ids(self._session.vault, {r.youth_id for r in found})
        rows = [
            ReferralRow(r, youths.get(r.youth_id), (day - r.referred_on).days if r.waiting else 0)
            for r in found
        ]
        rows.sort(key=lambda row: (-row.waiting_days, row.referral.referred_on))
        return rows


@worklist.provider
def referrals_waiting(session: Session, day: date) -> list[WorkItem]:
    items = []
    for row in Referrals(session).waiting():
        referral = row.referral
        items.append(
            WorkItem(
                category=_("Aanmelding wacht op start"),
                title=row.youth.name_with_age(day) if row.youth else _("Onbekende jongere"),
                detail=_(
                    "{intervention}, aangemeld {days} dagen geleden",
                    intervention=referral.intervention_name,
                    days=row.waiting_days,
                ),
                target_kind=Referral.kind,
                target_id=referral.id,
                due=referral.referred_on,
                urgency=Urgency.SOON if row.waiting_days > WAITING_LONG_DAYS else Urgency.NORMAL,
            )
        )
    return items
