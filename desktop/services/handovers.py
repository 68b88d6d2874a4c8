"""Handing a youth (or one of their coaching trajectories) over to a colleague.

The colleague sees the youth while the offer is open, to decide. Accepting moves the youth
(or the trajectory, with its coach role) to the colleague's organisation - the server makes
that change; declining takes the youth away again at the colleague's next sync. Both sides
keep the handover as history.
"""

from __future__ import annotations

import uuid
from datetime import date

from desktop.services import worklist
from desktop.services.days import today
from desktop.services.directory import Directory
from desktop.services.session import Session
from desktop.services.validation import refused
from desktop.services.worklist import Urgency, WorkItem
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import Handover, HandoverStatus, Trajectory, Youth
from veldwerk_core.models.errors import ChangeRefused, RecordNotFound


class NotYours(ChangeRefused):
    message = N_("Alleen de collega aan wie de jongere is aangeboden, beslist over de overdracht.")


class Handovers:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def offer(
        self,
        youth_id: uuid.UUID,
        to_user_id: str,
        note: str,
        *,
        trajectory_id: uuid.UUID | None = None,
    ) -> Handover:
        """Offer the youth (or the trajectory) to a colleague from the directory, with a note
        on what they need to know."""
        if self._records.get(Youth, youth_id) is None:
            raise refused(Handover, "youth_id", N_("Deze jongere staat niet in je kluis."))
        if trajectory_id is not None:
            trajectory = self._records.get(Trajectory, trajectory_id)
            if trajectory is None or trajectory.youth_id != youth_id:
                raise refused(Handover, "trajectory_id", N_("Kies een traject van deze jongere."))
        directory = Directory(self._session)
        directory.require()
        colleague = directory.colleague(to_user_id)
        if colleague is None:
            raise refused(Handover, "to_user_id", N_("Kies een collega uit het adresboek."))
        if colleague.user_id == self._session.actor.user_id:
            raise refused(Handover, "to_user_id", N_("Kies een collega; niet jezelf."))
        if not note.strip():
            raise refused(Handover, "note", N_("Schrijf in de {label} wat de collega moet weten."))
        if any(
            h.status is HandoverStatus.OFFERED and h.trajectory_id == trajectory_id
            for h in self.for_youth(youth_id)
        ):
            raise refused(
                Handover,
                "youth_id",
                N_("Er staat al een overdracht open; wacht op het besluit van de collega."),
            )
        profile = self._session.profile
        return self._records.create(
            Handover,
            {
                "youth_id": str(youth_id),
                "trajectory_id": str(trajectory_id) if trajectory_id else None,
                "to_user_id": colleague.user_id,
                "to_name": colleague.name,
                "to_organisation": colleague.organisation,
                "note": note,
                # The server stamps these from the identity; filled here for the offline view.
                "from_name": profile.name,
                "from_organisation": profile.organisation,
            },
        ).record

    def accept(self, handover_id: uuid.UUID, note: str = "") -> Handover:
        return self._decide(handover_id, True, note)

    def decline(self, handover_id: uuid.UUID, note: str = "") -> Handover:
        return self._decide(handover_id, False, note)

    def _decide(self, handover_id: uuid.UUID, accept: bool, note: str) -> Handover:
        handover = self.get(handover_id)
        if handover.to_user_id != self._session.actor.user_id:
            raise NotYours()
        if handover.decided:
            raise ChangeRefused(N_("Over deze overdracht is al besloten."))
        changes = handover.decide(accept, today(self._session), note)
        return self._records.update(Handover, handover_id, changes).record

    # -- reading -------------------------------------------------------------------------

    def get(self, handover_id: uuid.UUID) -> Handover:
        found = self._records.get(Handover, handover_id)
        if found is None:
            raise RecordNotFound()
        return found

    def to_decide(self) -> list[Handover]:
        """Offers addressed to the user that wait for their answer, oldest first."""
        found = self._records.select(
            Handover,
            "data ->> '$.to_user_id' = ? AND data ->> '$.status' = ?",
            (self._session.actor.user_id, HandoverStatus.OFFERED.value),
        )
        return sorted(found, key=lambda h: h.created_at)

    def made_by_me(self) -> list[Handover]:
        """Handovers the user offered (by their name and organisation), newest first."""
        profile = self._session.profile
        found = self._records.select(
            Handover,
            "data ->> '$.from_name' = ? AND data ->> '$.from_organisation' = ?",
            (profile.name, profile.organisation),
        )
        return sorted(found, key=lambda h: h.created_at, reverse=True)

    def for_youth(self, youth_id: uuid.UUID) -> list[Handover]:
        """The youth's handover history, newest first."""
        found = self._records.select(Handover, "youth_id = ?", (str(youth_id),))
        return sorted(found, key=lambda h: h.created_at, reverse=True)


@worklist.provider
def handovers_to_decide(session: Session, day: date) -> list[WorkItem]:
    offers = Handovers(session).to_decide()
    title = worklist.youth_titles(session, (h.youth_id for h in offers), day)
    items = []
    for handover in offers:
        items.append(
            WorkItem(
                category=_("Overdrachten"),
                title=title(handover.youth_id),
                detail=_(
                    "{name} ({organisation}) draagt de jongere aan je over: accepteer of wijs af.",
                    name=handover.from_name or _("een collega"),
                    organisation=handover.from_organisation or "-",
                ),
                target_kind=Handover.kind,
                target_id=handover.id,
                due=handover.created_at.date(),
                urgency=Urgency.SOON,
            )
        )
    return items
