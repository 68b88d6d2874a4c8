"""Recording an evaluation: progress per goal (1-5) with a note, and an overall note."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services.trajectories import Trajectories
from desktop.views.binding import Binding
from desktop.views.failure import report_failure
from desktop.views.form import dialog_buttons, error_label
from desktop.views.ops import Ops
from desktop.views.trajectories.fields import DateEdit, TextArea, add_field
from veldwerk_core.i18n import _
from veldwerk_core.models.trajectory import Goal


class EvaluationDialog(QDialog):
    sig_saved = Signal(object)

    def __init__(
        self,
        ops: Ops,
        trajectory_id: UUID,
        goals: list[Goal],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.trajectory_id = trajectory_id
        self.setWindowTitle(_("Evaluatie vastleggen"))
        self.setMinimumWidth(560)
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.held_on = DateEdit(self)
        self.held_on.set_date(today)
        form = QFormLayout()
        add_field(self.binding, form, _("Datum"), "held_on", self.held_on, required=True)
        box = QGroupBox(_("Voortgang per doel (1 = nog niets bereikt, 5 = helemaal bereikt)"), self)
        goals_form = QFormLayout(box)
        self.scores: list[tuple[Goal, QSpinBox, QLineEdit]] = []
        for goal in goals:
            score = QSpinBox(box)
            score.setRange(1, 5)
            score.setValue(3)
            note = QLineEdit(box)
            note.setPlaceholderText(_("toelichting"))
            goals_form.addRow(goal.what, score)
            goals_form.addRow("", note)
            self.scores.append((goal, score, note))
        progress = self.binding.add(
            "progress",
            box,
            read=lambda: [
                {"goal_id": str(goal.id), "score": score.value(), "note": note.text()}
                for goal, score, note in self.scores
            ],
            fill=False,
        )
        goals_form.addRow("", progress.message)
        self.note = TextArea(self, lines=4)
        note_form = QFormLayout()
        add_field(self.binding, note_form, _("Toelichting"), "note", self.note)
        self.error = error_label(self)
        self.buttons, self.save_button = dialog_buttons(
            self, _("Opslaan"), "saveEvaluation", self.save, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addLayout(note_form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        data, trajectory_id = self.binding.values(), self.trajectory_id
        self.ops.run(
            lambda session: Trajectories(session).record_evaluation(trajectory_id, data),
            on_success=self._saved,
            on_failure=lambda error: report_failure(self.ops, error, self.error, self.binding),
            owner=self,
        )

    def _saved(self, evaluation: object) -> None:
        self.sig_saved.emit(evaluation)
        self.accept()
