"""Overdrachten: offering the youth (or a trajectory) to a colleague, who accepts or declines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.services.handovers import Handovers
from desktop.services.session import Session
from desktop.services.timeline import Timeline
from desktop.views.dates import dutch_date
from desktop.views.ops import Ops
from desktop.views.record_dialog import RecordDialog
from desktop.views.together.fields import Known, load_known, offer_colleagues
from desktop.views.together.note_dialog import NoteDialog
from desktop.views.together.panel import RecordPanel
from desktop.views.trajectories.fields import TextArea
from veldwerk_core.i18n import _
from veldwerk_core.models import Handover, HandoverStatus, Trajectory


class HandoversPanel(RecordPanel):
    kind = "handover"

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        headers = [_("Aangeboden"), _("Van"), _("Aan"), _("Wat"), _("Status")]
        super().__init__(_("Overdrachten"), _("Geen overdrachten."), headers, parent)
        self.ops = ops
        self.me = ""
        self.add_button(_("Overdragen aan &collega…"), "offerHandover", self.offer)
        mine = self._to_me
        self.add_button(_("Acce&pteren…"), "acceptHandover", self.accept, mine, default=True)
        self.add_button(_("Afwij&zen…"), "declineHandover", self.decline, mine)
        self.finish_buttons()

    def _to_me(self, row: Handover) -> bool:
        return row.status is HandoverStatus.OFFERED and row.to_user_id == self.me

    def rows_of(self, timeline: Timeline) -> list[tuple[Sequence[str], Any]]:
        trajectories = {
            e.record.id: e.record for e in timeline.entries if isinstance(e.record, Trajectory)
        }
        rows: list[tuple[Sequence[str], Any]] = []
        for handover in timeline.handovers:
            what = _("de jongere")
            if handover.trajectory_id in trajectories:
                what = _(
                    "traject sinds {date}",
                    date=dutch_date(trajectories[handover.trajectory_id].start),
                )
            status = handover.status.label
            if handover.decided_on:
                status = f"{status} ({dutch_date(handover.decided_on)})"
            rows.append(
                (
                    [
                        dutch_date(handover.created_at.date()),
                        f"{handover.from_name} ({handover.from_organisation})",
                        f"{handover.to_name} ({handover.to_organisation})",
                        what,
                        status,
                    ],
                    handover,
                )
            )
        return rows

    def describe(self, row: Any) -> str:
        lines = [_("Notitie: {note}", note=row.note)] if row.note else []
        if row.decision_note:
            lines.append(_("Toelichting bij het besluit: {note}", note=row.decision_note))
        return "\n".join(lines)

    def offer(self) -> None:
        if self.timeline is not None:
            OfferDialog(self.ops, self.timeline, self.window()).show()

    def accept(self) -> None:
        self._decide(True)

    def decline(self, _checked: bool = False) -> None:
        self._decide(False)

    def _decide(self, accept: bool) -> None:
        handover: Handover = self.current()
        if accept:
            title, action = _("Overdracht accepteren"), _("Accepteren")
            intro = _(
                "Na de volgende synchronisatie is de jongere van jouw organisatie; "
                "{name} ziet de overdracht terug.",
                name=handover.from_name,
            )
        else:
            title, action = _("Overdracht afwijzen"), _("Afwijzen")
            intro = _("De jongere verdwijnt bij de volgende synchronisatie van je apparaat.")

        def act(session: Session, note: str) -> Handover:
            handovers = Handovers(session)
            return (handovers.accept if accept else handovers.decline)(handover.id, note)

        NoteDialog(
            self.ops,
            title,
            intro,
            ("decision_note", _("Toelichting")),
            act,
            action=action,
            required=False,
            parent=self.window(),
        ).show()


class OfferDialog(RecordDialog):
    def __init__(self, ops: Ops, timeline: Timeline, parent: QWidget | None = None) -> None:
        youth = timeline.youth
        super().__init__(
            ops, _("{name} overdragen", name=youth.name_with_age()), parent, action=_("Aanbieden")
        )
        self._youth_id = youth.id
        self.to = QComboBox(self)
        self.to.addItem(_("Kies een collega…"), None)
        self.what = QComboBox(self)
        self.what.addItem(_("De jongere"), None)
        for entry in timeline.entries:
            if isinstance(entry.record, Trajectory):
                label = _(
                    "Traject sinds {date}, coach {coach}",
                    date=dutch_date(entry.record.start),
                    coach=entry.record.coach,
                )
                self.what.addItem(label, entry.record.id)
        self.note = TextArea(self, lines=4)
        self.note.setPlaceholderText(_("wat de collega moet weten"))
        bind, form = self.binding, self.form
        bind.row(form, _("Aan"), "to_user_id", self.to, required=True)
        bind.row(form, _("Wat"), "trajectory_id", self.what)
        bind.row(form, _("Overdrachtsnotitie"), "note", self.note, required=True)
        load_known(ops, self, self._offer)

    def _offer(self, known: Known) -> None:
        self.say(known.no_directory)
        offer_colleagues(self.to, known.colleagues, _("Kies een collega…"), skip=known.my_user_id)

    def values(self) -> dict[str, Any]:
        return {
            "to": self.to.currentData() or "",
            "note": self.note.text(),
            "trajectory_id": self.what.currentData(),
        }

    def work(self, session: Session, data: dict[str, Any]) -> Handover:
        return Handovers(session).offer(
            self._youth_id, data["to"], data["note"], trajectory_id=data["trajectory_id"]
        )
