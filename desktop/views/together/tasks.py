"""Taken: who does what about the youth by when; the user's own, or everyone's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from desktop.services.session import Session
from desktop.services.tasks import Task, TaskRow, Tasks
from desktop.services.timeline import Timeline
from desktop.views.dates import dutch_date
from desktop.views.ops import Ops
from desktop.views.record_dialog import RecordDialog
from desktop.views.together.fields import Known, date_field, load_known, offer_colleagues, read_date
from desktop.views.together.panel import RecordPanel
from desktop.views.trajectories.fields import TextArea
from veldwerk_core.i18n import _
from veldwerk_core.models import Youth


def task_state(row: TaskRow) -> str:
    if row.done:
        return _("gedaan op {date}", date=dutch_date(row.task.done_on))
    return _("te laat") if row.overdue else _("open")


class TasksPanel(RecordPanel):
    kind = "task"

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        headers = [_("Wat"), _("Wie"), _("Wanneer klaar"), _("Status"), _("Herkomst")]
        super().__init__(_("Taken"), _("Geen taken."), headers, parent)
        self.ops = ops
        self.me = ""
        self.mine = QCheckBox(_("Alleen &mijn taken"), self)
        self.mine.setObjectName("onlyMyTasks")
        self.mine.toggled.connect(lambda _on: self.show_timeline(self.timeline))
        self.buttons.addWidget(self.mine)
        self.add_button(
            _("Gedaan mar&keren"),
            "markTaskDone",
            self.done,
            lambda r: not r.done,
            default=True,
        )
        self.add_button(_("&Nieuwe taak…"), "newTask", self.new_task)
        self.finish_buttons()

    @staticmethod
    def record_id(row: Any) -> Any:
        return row.task.id

    def rows_of(self, timeline: Timeline) -> list[tuple[Sequence[str], Any]]:
        return [
            (
                [
                    row.task.title,
                    row.task.owner_name,
                    dutch_date(row.task.due),
                    task_state(row),
                    row.task.origin.label,
                ],
                row,
            )
            for row in timeline.tasks
            if not self.mine.isChecked() or row.task.owner_id == self.me
        ]

    def describe(self, row: Any) -> str:
        return str(row.task.note)

    def select(self, record_id: Any) -> bool:
        """A task asked for (from the worklist) shows even when the filter hides it."""
        if super().select(record_id):
            return True
        if self.mine.isChecked():
            self.mine.setChecked(False)
            return super().select(record_id)
        return False

    def done(self) -> None:
        task_id = self.current().task.id
        self.ops.run(lambda session: Tasks(session).done(task_id), owner=self)

    def new_task(self) -> None:
        if self.timeline is not None:
            TaskDialog(self.ops, self.timeline.youth, self.window()).show()


class TaskDialog(RecordDialog):
    """A task made by hand, for the user or a colleague from the directory."""

    def __init__(self, ops: Ops, youth: Youth, parent: QWidget | None = None) -> None:
        super().__init__(ops, _("Taak over {name}", name=youth.name_with_age()), parent)
        self._youth_id = youth.id
        self.title = QLineEdit(self)
        self.owner = QComboBox(self)
        self.owner.addItem(_("Ikzelf"), None)
        self.due = date_field(self)
        self.note = TextArea(self, lines=2)
        bind, form = self.binding, self.form
        bind.row(form, _("Wat"), "title", self.title, required=True)
        bind.row(form, _("Wie"), "owner_id", self.owner, required=True)
        bind.row(form, _("Wanneer klaar"), "due", self.due, required=True)
        bind.row(form, _("Toelichting"), "note", self.note)
        load_known(ops, self, self._offer)

    def _offer(self, known: Known) -> None:
        offer_colleagues(self.owner, known.colleagues, _("Ikzelf"), skip=known.my_user_id)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "due": read_date(self.due),
            "owner_id": self.owner.currentData(),
            "note": self.note.text(),
        }

    def work(self, session: Session, data: dict[str, Any]) -> Task:
        return Tasks(session).make(
            self._youth_id,
            data["title"],
            data["due"],
            owner_id=data["owner_id"],
            note=data["note"],
        )
