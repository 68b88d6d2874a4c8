"""The plan editor: trajectory details, goals, agreements and network, saved as one.

Nothing typed is lost: a validation error keeps the dialog open with each message next to its
field (the tab and the list row with a problem are selected); Esc asks before discarding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.trajectories import Trajectories, TrajectoryDetail
from desktop.views.binding import Binding
from desktop.views.dates import date_text
from desktop.views.failure import report_failure
from desktop.views.form import dialog_buttons, error_label
from desktop.views.ops import Ops
from desktop.views.trajectories.fields import DateEdit, PlainHint, TextArea, add_field
from desktop.views.trajectories.plan_parts import AgreementList, GoalList, NetworkList
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.errors import FieldError
from veldwerk_core.models.trajectory import MIN_NETWORK

TABS = {"goals": 1, "agreements": 2, "network": 3}
NOT_SAVED = N_("Het plan is nog niet opgeslagen. Kijk bij de rode meldingen.")


def _dump(record: Any) -> dict[str, Any]:
    data: dict[str, Any] = record.dump()
    for key in ("created_at", "updated_at", "trajectory_id", "position"):
        data.pop(key, None)
    return data


class PlanEditor(QDialog):
    sig_saved = Signal(object)
    """The saved :class:`Trajectory`."""

    def __init__(self, ops: Ops, detail: TrajectoryDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.trajectory_id: UUID = detail.trajectory.id
        self.setWindowTitle(_("Plan van {youth} bewerken", youth=detail.youth.name_with_age()))
        self.resize(920, 640)
        self.binding = Binding(self)
        self.messages = self.binding.messages

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._plan_tab(), _("&Plan"))
        self.goals = GoalList(self)
        self.agreements = AgreementList(self.goals, self)
        self.network = NetworkList(self)
        self.network.sig_changed.connect(self._network_warning)
        network_tab = QWidget(self)
        network_layout = QVBoxLayout(network_tab)
        intro = QLabel(_("Mensen op wie de jongere kan terugvallen: minstens {n}.", n=MIN_NETWORK))
        intro.setWordWrap(True)
        self.network_warning = QLabel(network_tab)
        self.network_warning.setObjectName("networkWarning")
        self.network_warning.setStyleSheet("color: #8a5a00;")
        self.network_warning.setWordWrap(True)
        network_layout.addWidget(intro)
        network_layout.addWidget(self.network_warning)
        network_layout.addWidget(self.network, 1)
        self.tabs.addTab(self.goals, _("&Doelen"))
        self.tabs.addTab(self.agreements, _("&Afspraken"))
        self.tabs.addTab(network_tab, _("&Netwerk"))

        self.version_note = QLabel(self)
        self.version_note.setWordWrap(True)
        if detail.trajectory.is_signed:
            self.version_note.setText(
                _(
                    "Versie {version} is ondertekend. Als je iets aan het plan verandert, "
                    "wordt dat versie {next} (concept).",
                    version=detail.trajectory.plan_version,
                    next=detail.trajectory.plan_version + 1,
                )
            )
        self.error = error_label(self)
        self.buttons, self.save_button = dialog_buttons(
            self, _("Opslaan"), "savePlan", self.save, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.version_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._load(detail)
        self._saved_state = self._state()

    def _plan_tab(self) -> QWidget:
        """The trajectory's own fields, once each (the parts are lists of their own)."""
        tab = QWidget(self)
        outer = QVBoxLayout(tab)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.coach = QLineEdit(tab)
        self.organisation = QLineEdit(tab)
        self.start = DateEdit(tab)
        self.planned_end = DateEdit(tab)
        self.help_request = TextArea(tab, lines=4)
        self.safety = TextArea(tab, lines=4)
        self.evaluation_dates = QLineEdit(tab)
        self.evaluation_dates.setPlaceholderText(_("bijvoorbeeld 01-03-2026, 01-06-2026"))
        bind = self.binding
        add_field(bind, form, _("Coach"), "coach", self.coach, required=True)
        add_field(bind, form, _("Organisatie"), "organisation", self.organisation)
        add_field(bind, form, _("Startdatum"), "start", self.start, required=True)
        add_field(bind, form, _("Geplande einddatum"), "planned_end", self.planned_end)
        add_field(
            bind,
            form,
            _("Hulpvraag in eigen woorden"),
            "help_request",
            self.help_request,
            hint=PlainHint(tab),
        )
        add_field(
            bind,
            form,
            _("Veiligheidsafspraken en grenzen"),
            "safety_agreements",
            self.safety,
            hint=PlainHint(tab),
        )
        add_field(
            bind,
            form,
            _("Evaluatiemomenten"),
            "evaluation_dates",
            self.evaluation_dates,
            read=lambda: [
                part.strip() for part in self.evaluation_dates.text().split(",") if part.strip()
            ],
            write=lambda days: self.evaluation_dates.setText(
                ", ".join(date_text(day) for day in days or [])
            ),
        )
        return tab

    # -- data in and out -----------------------------------------------------------------

    def _load(self, detail: TrajectoryDetail) -> None:
        self.binding.fill(detail.trajectory.dump())
        self.goals.set_items([_dump(goal) for goal in detail.goals])
        self.agreements.set_items([_dump(item) for item in detail.agreements])
        self.network.set_items([person.model_dump() for person in detail.trajectory.network])
        self._network_warning()

    def plan(self) -> dict[str, Any]:
        """The whole plan as typed, for ``Trajectories.save_plan``."""
        return {
            "trajectory": {
                **self.binding.values(),
                "network": [dict(item) for item in self.network.items],
            },
            "goals": [dict(item) for item in self.goals.items],
            "agreements": [dict(item) for item in self.agreements.items],
        }

    def _state(self) -> str:
        return json.dumps(self.plan(), sort_keys=True, default=str)

    @property
    def dirty(self) -> bool:
        return self._state() != self._saved_state

    def _network_warning(self) -> None:
        count = len(self.network.items)
        self.network_warning.setText(
            _(
                "Nu {count} van de minstens {n}. Zoek samen met de jongere naar meer mensen; "
                "opslaan kan wel.",
                count=count,
                n=MIN_NETWORK,
            )
            if count < MIN_NETWORK
            else ""
        )
        self.network_warning.setVisible(count < MIN_NETWORK)

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        plan = self.plan()
        self.error.clear()
        self.save_button.setEnabled(False)
        trajectory_id = self.trajectory_id
        self.ops.run(
            lambda session: Trajectories(session).save_plan(trajectory_id, plan),
            on_success=self._saved,
            on_failure=self._failed,
            owner=self,
        )

    def _saved(self, trajectory: object) -> None:
        self.save_button.setEnabled(True)
        self._saved_state = self._state()
        self.sig_saved.emit(trajectory)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        report_failure(self.ops, error, self.error, self, lead=NOT_SAVED)

    def show_errors(self, errors: Sequence[FieldError]) -> list[str]:
        """The trajectory's own messages on the plan tab, a part's in its list; the tab with
        the first problem comes forward. Returns what no field can show."""
        own: list[FieldError] = []
        per_part: dict[str, dict[int, list[FieldError]]] = {name: {} for name in TABS}
        for error in errors:
            head, _dot, rest = error.field.partition(".")
            if head in TABS and rest:
                index, _dot, field = rest.partition(".")
                per_part[head].setdefault(int(index), []).append(
                    FieldError(field, error.label, error.message)
                )
            else:
                own.append(error)
        for name, part in (
            ("goals", self.goals),
            ("agreements", self.agreements),
            ("network", self.network),
        ):
            part.show_errors(per_part[name])
        if own:
            self.tabs.setCurrentIndex(0)
        else:
            first = next((name for name in TABS if per_part[name]), None)
            if first is not None:
                self.tabs.setCurrentIndex(TABS[first])
        return self.binding.show_errors(own, focus=bool(own))

    # -- leaving -------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc or Annuleren: ask first when something would be lost."""
        if self.dirty:
            answer = QMessageBox.question(
                self,
                _("Wijzigingen weggooien?"),
                _("Je hebt het plan gewijzigd maar niet opgeslagen. Wijzigingen weggooien?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
