"""Starting a trajectory and moving its status on."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import RecordInvalid, VeldwerkError
from desktop.services.trajectories import Trajectories
from desktop.views.form import FieldMessage, dialog_buttons, error_label, show_field_errors
from desktop.views.ops import Ops
from desktop.views.trajectories.fields import DateEdit, TextArea, add_field
from desktop.views.youth_picker import YouthPicker
from veldwerk_core.i18n import _
from veldwerk_core.models.trajectory import STATUS_STEPS, Trajectory, TrajectoryStatus
from veldwerk_core.models.youth import Youth


def show_failure(
    dialog: QDialog, messages: dict[str, FieldMessage], error_line: QLabel, error: BaseException
) -> None:
    if isinstance(error, RecordInvalid):
        error_line.setText("\n".join(show_field_errors(messages, error.errors)))
    elif isinstance(error, VeldwerkError):
        error_line.setText(error.user_message())
    else:
        raise error


class NewTrajectoryDialog(QDialog):
    """Who the trajectory is for, who coaches, from when."""

    sig_created = Signal(object)

    def __init__(
        self, ops: Ops, coach: str, organisation: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.youth: Youth | None = None
        self.setWindowTitle(_("Nieuw traject"))
        self.setMinimumWidth(520)
        self.messages: dict[str, FieldMessage] = {}
        self.picker = YouthPicker(ops, self)
        self.picker.setObjectName("youthPicker")
        self.picker.sig_picked.connect(self._picked)
        self.coach = QLineEdit(coach, self)
        self.organisation = QLineEdit(organisation, self)
        self.start = DateEdit(self)
        self.start.set_date(today)
        form = QFormLayout()
        add_field(form, _("Jongere"), self.picker, self.messages, "youth_id", required=True)
        add_field(form, _("Coach"), self.coach, self.messages, "coach", required=True)
        add_field(form, _("Organisatie"), self.organisation, self.messages, "organisation")
        add_field(form, _("Startdatum"), self.start, self.messages, "start", required=True)
        self.error = error_label(self)
        self.buttons, self.create_button = dialog_buttons(
            self, _("Traject aanmaken"), "createTrajectory", self.create_trajectory, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _picked(self, youth: Youth) -> None:
        self.youth = youth
        self.messages["youth_id"].clear_message()

    def create_trajectory(self) -> None:
        data = {
            "youth_id": str(self.youth.id) if self.youth else None,
            "coach": self.coach.text(),
            "organisation": self.organisation.text(),
            "start": self.start.value(),
        }
        self.ops.run(
            lambda session: Trajectories(session).create(data),
            on_success=self._created,
            on_failure=lambda error: show_failure(self, self.messages, self.error, error),
            owner=self,
        )

    def _created(self, trajectory: Trajectory) -> None:
        self.sig_created.emit(trajectory)
        self.accept()


class StatusDialog(QDialog):
    """Aangemeld -> lopend -> afgerond, or gestopt with a reason."""

    sig_changed = Signal(object)

    def __init__(self, ops: Ops, trajectory: Trajectory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.trajectory_id: UUID = trajectory.id
        self.setWindowTitle(_("Status van het traject"))
        self.messages: dict[str, FieldMessage] = {}
        self.status = QComboBox(self)
        for option in TrajectoryStatus:
            if option in STATUS_STEPS[trajectory.status]:
                self.status.addItem(option.label, option.value)
        self.reason = TextArea(self)
        self.reason.setObjectName("stopReason")
        form = QFormLayout()
        form.addRow(_("Nu"), QLabel(trajectory.status.label, self))
        add_field(form, _("Nieuwe status"), self.status, self.messages, "status", required=True)
        add_field(form, _("Reden van stoppen"), self.reason, self.messages, "stop_reason")
        self.status.currentIndexChanged.connect(self._status_changed)
        self.error = error_label(self)
        self.buttons, self.ok_button = dialog_buttons(
            self, _("Wijzigen"), "changeStatus", self.apply, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._status_changed()

    def _status_changed(self) -> None:
        self.reason.setEnabled(self.status.currentData() == TrajectoryStatus.STOPPED.value)

    def apply(self) -> None:
        if self.status.currentData() is None:
            self.reject()
            return
        status = TrajectoryStatus(self.status.currentData())
        reason = self.reason.text() if status is TrajectoryStatus.STOPPED else ""
        trajectory_id = self.trajectory_id
        self.ops.run(
            lambda session: Trajectories(session).set_status(trajectory_id, status, reason=reason),
            on_success=self._changed,
            on_failure=lambda error: show_failure(self, self.messages, self.error, error),
            owner=self,
        )

    def _changed(self, trajectory: Trajectory) -> None:
        self.sig_changed.emit(trajectory)
        self.accept()
