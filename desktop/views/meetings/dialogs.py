"""Making a meeting, and recording what was decided about one youth on its agenda."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from desktop.services.meetings import Decision, Meeting, Meetings, PlannedTask
from desktop.services.session import Session
from desktop.views.dates import dutch_date
from desktop.views.field_values import choices
from desktop.views.meetings.agenda import AgendaRow
from desktop.views.ops import Ops
from desktop.views.record_dialog import RecordDialog
from desktop.views.together.fields import (
    Known,
    colleague_label,
    date_field,
    load_known,
    offer_colleagues,
    read_date,
)
from desktop.views.trajectories.fields import TextArea
from veldwerk_core.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class NewMeetingDialog(RecordDialog):
    """Title, date and participants (Space ticks a colleague)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, _("Nieuw vroegsignaleringsoverleg"), parent, action=_("Aanmaken"))
        self.title = QLineEdit(_("Vroegsignaleringsoverleg"), self)
        self.held_on = date_field(self)
        self.participants = QListWidget(self)
        bind, form = self.binding, self.form
        bind.row(form, _("Titel"), "title", self.title, required=True)
        bind.row(form, _("Datum"), "held_on", self.held_on, required=True)
        bind.row(form, _("Deelnemers"), "participants", self.participants, read=self.chosen)
        load_known(ops, self, self._offer)

    def _offer(self, known: Known) -> None:
        self.say(known.no_directory)
        for colleague in known.colleagues:
            item = QListWidgetItem(colleague_label(colleague), self.participants)
            item.setData(ID_ROLE, colleague.user_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.participants.setCurrentRow(0)

    def chosen(self) -> list[str]:
        items = (self.participants.item(i) for i in range(self.participants.count()))
        return [
            str(item.data(ID_ROLE))
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "held_on": read_date(self.held_on),
            "participants": self.chosen(),
        }

    def work(self, session: Session, data: dict[str, Any]) -> Meeting:
        return Meetings(session).new(data["title"], data["held_on"], data["participants"])


class DecisionDialog(RecordDialog):
    """The shared picture, the decision and follow-up tasks of one youth, saved together."""

    def __init__(self, ops: Ops, row: AgendaRow, parent: QWidget | None = None) -> None:
        super().__init__(ops, _("Besluit over {name}", name=row.youth), parent)
        self.setMinimumWidth(600)
        self._item_id = row.item.id
        made = [
            _("{what} - {who}, {date}", what=t.title, who=t.owner_name, date=dutch_date(t.due))
            for t in row.tasks
        ]
        self.say(
            _("Op de agenda: {reasons}", reasons=row.reasons)
            + ("\n" + _("Taken: {tasks}", tasks="; ".join(made)) if made else "")
        )
        self.picture = TextArea(self, lines=4)
        self.picture.setText(row.item.picture)
        self.decision = QComboBox(self)
        choices(self.decision, Decision.options(), _("Kies het besluit…"))
        if row.item.decision is not None:
            self.decision.setCurrentIndex(self.decision.findData(row.item.decision.value))
        self.task_title = QLineEdit(self)
        self.task_title.setPlaceholderText(_("een vervolgtaak; leeg als er geen is"))
        self.task_owner = QComboBox(self)
        self.task_owner.addItem(_("Kies wie…"), None)
        self.task_due = date_field(self)
        self.another = QPushButton(_("&Nog een taak"), self)
        self.another.setObjectName("anotherTask")
        self.another.clicked.connect(self._another)
        self.planned = QListWidget(self)  # made after the task fields: Tab order
        self.planned.setMaximumHeight(90)
        bind, form = self.binding, self.form
        bind.row(form, _("Gedeeld beeld"), "picture", self.picture)
        bind.row(form, _("Besluit"), "decision", self.decision)
        form.addRow(_("Taak: wat"), self.task_title)
        form.addRow(_("Taak: wie"), self.task_owner)
        form.addRow(_("Taak: klaar op"), self.task_due)
        form.addRow("", self.another)
        bind.row(form, _("Nieuwe taken"), "tasks", self.planned, read=lambda: None)
        self._tasks: list[PlannedTask] = []
        load_known(ops, self, self._offer)

    def _offer(self, known: Known) -> None:
        offer_colleagues(self.task_owner, known.colleagues, _("Kies wie…"))

    def _typed(self) -> PlannedTask | None:
        title = self.task_title.text().strip()
        if not title:
            return None
        owner = self.task_owner.currentData() or ""
        return PlannedTask(title, owner, read_date(self.task_due))

    def _another(self) -> None:
        """The typed task joins the list; the fields are free for the next one."""
        task = self._typed()
        if task is None:
            self.task_title.setFocus()
            return
        self._tasks.append(task)
        self.planned.addItem(
            _(
                "{what} - {who}, {date}",
                what=task.title,
                who=self.task_owner.currentText().split(" · ")[0],
                date=dutch_date(task.due),
            )
        )
        self.task_title.clear()
        self.task_title.setFocus()

    def values(self) -> dict[str, Any]:
        typed = self._typed()
        return {
            "picture": self.picture.text(),
            "decision": self.decision.currentData(),
            "tasks": self._tasks + ([typed] if typed is not None else []),
        }

    def work(self, session: Session, data: dict[str, Any]) -> Any:
        return Meetings(session).decide(self._item_id, **data)
