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

from desktop.services.trajectories import Trajectories
from desktop.views.binding import Binding
from desktop.views.failure import report_failure
from desktop.views.form import dialog_buttons, error_label
from desktop.views.ops import Ops
from desktop.views.picker import YouthPicker
from desktop.views.trajectories.fields import DateEdit, TextArea, add_field
from veldwerk_core.i18n import _
from veldwerk_core.models.trajectory import STATUS_STEPS, Trajectory, TrajectoryStatus
from veldwerk_core.models.youth import Youth


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
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.picker = YouthPicker(ops, self)
        self.picker.sig_picked.connect(self._picked)
        self.coach = QLineEdit(coach, self)
        self.organisation = QLineEdit(organisation, self)
        self.start = DateEdit(self)
        self.start.set_date(today)
        form, bind = QFormLayout(), self.binding
        add_field(
            bind,
            form,
            _("Jongere"),
            "youth_id",
            self.picker,
            required=True,
            read=lambda: str(self.youth.id) if self.youth else None,
            fill=False,
        )
        add_field(bind, form, _("Coach"), "coach", self.coach, required=True)
        add_field(bind, form, _("Organisatie"), "organisation", self.organisation)
        add_field(bind, form, _("Startdatum"), "start", self.start, required=True)
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
        data = self.binding.values()
        self.ops.run(
            lambda session: Trajectories(session).create(data),
            on_success=self._created,
            on_failure=lambda error: report_failure(self.ops, error, self.error, self.binding),
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
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.status = QComboBox(self)
        for option in TrajectoryStatus:
            if option in STATUS_STEPS[trajectory.status]:
                self.status.addItem(option.label, option.value)
        self.reason = TextArea(self)
        form, bind = QFormLayout(), self.binding
        form.addRow(_("Nu"), QLabel(trajectory.status.label, self))
        add_field(bind, form, _("Nieuwe status"), "status", self.status, required=True)
        add_field(bind, form, _("Reden van stoppen"), "stop_reason", self.reason)
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
            on_failure=lambda error: report_failure(self.ops, error, self.error, self.binding),
            owner=self,
        )

    def _changed(self, trajectory: Trajectory) -> None:
        self.sig_changed.emit(trajectory)
        self.accept()
