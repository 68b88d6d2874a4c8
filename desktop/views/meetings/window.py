"""The regisseur's meetings: make one, fetch the agenda the server proposes, record per youth
the picture, the decision and the tasks, mark it held, save each participant's PDF.

A window of its own (Ctrl+Shift+O), keyboard first: the meeting list and the agenda take the
cursor, Enter on a youth records the decision. Fetching the agenda waits on the network pool,
everything else on the database worker.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.meeting_agenda import fetch_agenda
from desktop.services.meetings import Exported, Meeting, Meetings
from desktop.views.dates import dutch_date
from desktop.views.failure import report_failure
from desktop.views.form import error_label
from desktop.views.meetings.agenda import MeetingView, load_meeting, meetings
from desktop.views.meetings.agenda_list import AgendaList
from desktop.views.meetings.dialogs import DecisionDialog, NewMeetingDialog
from desktop.views.ops import Ops
from veldwerk_core.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class MeetingsWindow(QDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.view: MeetingView | None = None
        self.setWindowTitle(_("Vroegsignaleringsoverleg"))
        self.resize(1000, 600)
        self.list = QListWidget(self)
        self.list.setObjectName("meetings")
        self.list.setAccessibleName(_("Overleggen"))
        self.list.currentItemChanged.connect(lambda *_args: self._load())
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.agenda = AgendaList(self)
        self.agenda.sig_decide.connect(self.decide)
        self.error = error_label(self)
        self.message = QLabel(self)
        self.message.setObjectName("meetingMessage")
        self.message.setWordWrap(True)
        self.new_button = new = self._button(_("&Nieuw overleg…"), "newMeeting", self.new_meeting)
        self.meeting_buttons = [
            self._button(_("Agenda &ophalen"), "fetchAgenda", self.fetch),
            self._button(_("&Besluit vastleggen…"), "decide", self.decide),
            self._button(_("Als &gehouden markeren"), "markHeld", self.mark_held),
            self._button(_("PDF's &exporteren…"), "exportMeeting", self.export),
        ]
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(new)
        buttons = QHBoxLayout()
        for button in self.meeting_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.agenda, 1)
        right.addLayout(buttons)
        right.addWidget(self.error)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 3)
        # The cursor goes meeting -> its agenda -> what to do with it; a new meeting comes last.
        chain = [self.list, self.agenda, *self.meeting_buttons, new]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.list.setMinimumWidth(280)
        self.ops.sig_changed.connect(self._changed)
        self.reload()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- loading -----------------------------------------------------------------------------

    def reload(self, chosen: uuid.UUID | None = None) -> None:
        keep = chosen or self.meeting_id()
        self.ops.run(
            meetings,
            on_success=lambda found: self._listed(found, keep),
            on_failure=self._refused,
            owner=self,
        )

    def _listed(self, found: list[Meeting], chosen: uuid.UUID | None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for meeting in found:
            text = f"{dutch_date(meeting.held_on)} · {meeting.title} ({meeting.status.label})"
            item = QListWidgetItem(text, self.list)
            item.setData(ID_ROLE, meeting.id)
            if meeting.id == chosen or self.list.count() == 1:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._load()

    def meeting_id(self) -> uuid.UUID | None:
        item = self.list.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return value if isinstance(value, uuid.UUID) else None

    def _load(self) -> None:
        meeting_id = self.meeting_id()
        for button in self.meeting_buttons:
            button.setEnabled(meeting_id is not None)
        if meeting_id is None:
            self._show(None)
            return
        self.ops.run(
            lambda session: load_meeting(session, meeting_id),
            on_success=self._show,
            on_failure=self._failed,
            owner=self,
        )

    def _show(self, view: MeetingView | None) -> None:
        self.view = view
        if view is None:
            self.heading.setText(_("Nog geen overleg. Maak er een met Nieuw overleg."))
            self.agenda.show_rows(())
            return
        meeting = view.meeting
        people = ", ".join(f"{p.name} ({p.organisation})" for p in meeting.participants)
        self.heading.setText(
            f"<h3>{meeting.title} · {dutch_date(meeting.held_on)}</h3>"
            + _(
                "Status: {status}. Deelnemers: {people}",
                status=meeting.status.label,
                people=people or "-",
            )
        )
        self.agenda.show_rows(view.rows)

    def _changed(self, changes: object) -> None:
        if self.isVisible() and getattr(changes, "touches", lambda _k: False)(
            ("meeting", "meeting_item", "task")
        ):
            self.reload()

    def _refused(self, error: BaseException) -> None:
        """No meetings to show (not a regisseur): say why, offer nothing to press."""
        for button in (self.new_button, *self.meeting_buttons):
            button.setEnabled(False)
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self.message.clear()
        report_failure(self.ops, error, self.error)

    # -- acting ------------------------------------------------------------------------------

    def new_meeting(self) -> None:
        dialog = NewMeetingDialog(self.ops, self)
        dialog.sig_saved.connect(lambda meeting: self.reload(meeting.id))
        dialog.show()

    def fetch(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id is None:
            return
        self.error.clear()
        self.message.setText(_("Agenda wordt opgehaald…"))
        ops = self.ops
        ops.run_network(
            lambda: fetch_agenda(ops.call, meeting_id),
            on_success=lambda items: self._said(_("Agenda opgehaald: {n} jongeren.", n=len(items))),
            on_failure=self._failed,
            owner=self,
        )

    def decide(self) -> None:
        row = self.agenda.current()
        if row is not None:
            DecisionDialog(self.ops, row, self).show()

    def mark_held(self) -> None:
        meeting_id = self.meeting_id()
        if meeting_id is not None:
            self.ops.run(
                lambda session: Meetings(session).mark_held(meeting_id),
                on_failure=self._failed,
                owner=self,
            )

    def export(self) -> None:
        meeting_id = self.meeting_id()
        folder = QFileDialog.getExistingDirectory(self, _("Map voor de PDF's van het overleg"))
        if meeting_id is None or not folder:
            return
        self.ops.run(
            lambda session: Meetings(session).export(meeting_id, Path(folder)),
            on_success=lambda written: self._exported(written, folder),
            on_failure=self._failed,
            owner=self,
        )

    def _exported(self, written: list[Exported], folder: str) -> None:
        self._said(
            _(
                "{n} PDF's opgeslagen in {folder}: één per deelnemer en het volledige verslag.",
                n=len(written),
                folder=folder,
            )
        )

    def _said(self, text: str) -> None:
        self.error.clear()
        self.message.setText(text)
        self.reload()
