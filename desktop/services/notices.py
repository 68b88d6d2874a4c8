""" "Wie doet wat": notices that another organisation works with the same youth.

The server raises them (a second registration, or a colleague of another organisation named
as involved) with the other organisation and its contacts - never their content. From a
notice the user asks the other side to share, or proposes to merge the two registrations;
the server shows the request on the other side's notice too.
"""

from __future__ import annotations

import uuid
from datetime import date

from desktop.services import worklist
from desktop.services.days import today
from desktop.services.session import Session
from desktop.services.worklist import Urgency, WorkItem
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import Notice
from veldwerk_core.models.errors import ChangeRefused, RecordNotFound

__all__ = ["Notice", "Notices"]


class Notices:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def _others(self, found: list[Notice]) -> list[Notice]:
        """Notices naming another organisation than the user's: one that names their own
        (addressed to the other side of a registration they also see) tells them nothing."""
        own = self._session.profile.organisation.strip().casefold()
        return [n for n in found if not own or n.other_organisation.strip().casefold() != own]

    def for_me(self) -> list[Notice]:
        """Every notice in the vault: unseen first, then newest first."""
        found = self._others(self._records.select(Notice))
        found.sort(key=lambda n: n.created_at, reverse=True)
        return sorted(found, key=lambda n: n.seen)

    def for_youth(self, youth_id: uuid.UUID) -> list[Notice]:
        found = self._others(self._records.select(Notice, "youth_id = ?", (str(youth_id),)))
        return sorted(found, key=lambda n: n.created_at, reverse=True)

    def unseen(self) -> int:
        return sum(1 for notice in self.for_me() if not notice.seen)

    def get(self, notice_id: uuid.UUID) -> Notice:
        found = self._records.get(Notice, notice_id)
        if found is None:
            raise RecordNotFound()
        return found

    def mark_seen(self, notice_id: uuid.UUID) -> Notice:
        self.get(notice_id)
        return self._records.update(Notice, notice_id, {"seen": True}).record

    def ask_to_share(self, notice_id: uuid.UUID) -> Notice:
        """Ask the other organisation to share what it knows (shows on their notice)."""
        notice = self.get(notice_id)
        if notice.share_requested_on is not None:
            raise ChangeRefused(N_("Om delen is al gevraagd."))
        return self._request(notice, "share_requested_by", "share_requested_on")

    def propose_merge(self, notice_id: uuid.UUID) -> Notice:
        """Propose to merge the two registrations (the merge itself is a later step)."""
        notice = self.get(notice_id)
        if notice.merge_proposed_on is not None:
            raise ChangeRefused(N_("Samenvoegen is al voorgesteld."))
        return self._request(notice, "merge_proposed_by", "merge_proposed_on")

    def _request(self, notice: Notice, by: str, on: str) -> Notice:
        profile = self._session.profile
        who = f"{profile.name} ({profile.organisation})" if profile.organisation else profile.name
        changes = {by: who[:150], on: today(self._session).isoformat(), "seen": True}
        return self._records.update(Notice, notice.id, changes).record


@worklist.provider
def unseen_notices(session: Session, day: date) -> list[WorkItem]:
    notices = [n for n in Notices(session).for_me() if not n.seen]
    title = worklist.youth_titles(session, (n.youth_id for n in notices), day)
    items = []
    for notice in notices:
        items.append(
            WorkItem(
                category=_("Ook betrokken"),
                title=title(notice.youth_id),
                detail=_(
                    "{organisation} werkt ook met deze jongere: {matched}.",
                    organisation=notice.other_organisation,
                    matched=notice.matched_by.label,
                ),
                target_kind=Notice.kind,
                target_id=notice.id,
                due=notice.created_at.date(),
                urgency=Urgency.SOON,
            )
        )
    return items
