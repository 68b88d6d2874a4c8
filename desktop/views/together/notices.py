""" "Wie doet wat": other organisations that work with the same youth, and how to reach them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.services.notices import Notice, Notices
from desktop.services.session import Session
from desktop.services.timeline import Timeline
from desktop.views.dates import dutch_date
from desktop.views.ops import Ops
from desktop.views.together.merge_dialog import MergeDialog
from desktop.views.together.panel import RecordPanel
from veldwerk_core.i18n import _


def notice_state(notice: Notice) -> str:
    parts = [_("gezien") if notice.seen else _("nieuw")]
    if notice.share_requested_on:
        parts.append(_("om delen gevraagd"))
    if notice.merge_proposed_on:
        parts.append(_("samenvoegen voorgesteld"))
    return ", ".join(parts)


def contacts_text(notice: Notice) -> str:
    lines = [
        " · ".join(
            part for part in (c.name, c.role_label, c.organisation, c.phone, c.email) if part
        )
        for c in notice.contacts
    ]
    if notice.share_requested_by:
        lines.append(
            _(
                "Om delen gevraagd door {who} op {date}.",
                who=notice.share_requested_by,
                date=dutch_date(notice.share_requested_on),
            )
        )
    if notice.merge_proposed_by:
        lines.append(
            _(
                "Samenvoegen voorgesteld door {who} op {date}.",
                who=notice.merge_proposed_by,
                date=dutch_date(notice.merge_proposed_on),
            )
        )
    return "\n".join(lines)


class NoticesPanel(RecordPanel):
    kind = "notice"

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        headers = [_("Ook betrokken"), _("Herkend aan"), _("Contact"), _("Sinds"), _("Status")]
        super().__init__(_("Wie doet wat"), _("Geen andere organisaties bekend."), headers, parent)
        self.ops = ops
        self.add_button(
            _("Als gezien &markeren"),
            "markNoticeSeen",
            lambda: self._act(Notices.mark_seen),
            lambda r: not r.seen,
            default=True,
        )
        self.add_button(
            _("Om delen v&ragen"),
            "askToShare",
            lambda: self._act(Notices.ask_to_share),
            lambda r: r.share_requested_on is None,
        )
        self.add_button(
            _("Samenvoegen voorste&llen"),
            "proposeMerge",
            lambda: self._act(Notices.propose_merge),
            lambda r: r.merge_proposed_on is None,
        )
        self.add_button(
            _("Same&nvoegen…"),
            "mergeRegistrations",
            self._merge,
            lambda r: self.timeline is not None and r.id in self.timeline.mergeable,
        )
        self.finish_buttons()

    def rows_of(self, timeline: Timeline) -> list[tuple[Sequence[str], Any]]:
        return [
            (
                [
                    notice.other_organisation,
                    notice.matched_by.label,
                    ", ".join(c.name for c in notice.contacts) or "-",
                    dutch_date(notice.created_at.date()),
                    notice_state(notice),
                ],
                notice,
            )
            for notice in timeline.notices
        ]

    def describe(self, row: Any) -> str:
        return contacts_text(row)

    def _merge(self) -> None:
        notice = self.current()
        if self.timeline is None or notice.id not in self.timeline.mergeable:
            return
        other = self.timeline.mergeable[notice.id]
        MergeDialog(self.ops, self.timeline.youth, other, notice.id, self.window()).show()

    def _act(self, action: Callable[[Notices, Any], Notice]) -> None:
        notice_id = self.current().id

        def work(session: Session) -> Notice:
            return action(Notices(session), notice_id)

        self.ops.run(work, owner=self)
