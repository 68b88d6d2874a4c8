"""The Trajecten section: find a trajectory, read its plan (any version), act on it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from uuid import UUID

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.document import PlanDocument
from desktop.services.plans import Plans, VersionInfo
from desktop.services.session import Session
from desktop.services.trajectories import Trajectories, TrajectoryDetail, TrajectoryRow
from desktop.views.ops import Ops
from desktop.views.retention_note import RetentionNote
from desktop.views.section import Section
from desktop.views.trajectories import output
from desktop.views.trajectories.editor import PlanEditor
from desktop.views.trajectories.evaluation_dialog import EvaluationDialog
from desktop.views.trajectories.fields import dutch
from desktop.views.trajectories.plan_html import plan_html
from desktop.views.trajectories.signing import SigningDialog
from desktop.views.trajectories.small_dialogs import NewTrajectoryDialog, StatusDialog
from veldwerk_core import kinds as record_kinds
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.trajectory import Trajectory

ID_ROLE = Qt.ItemDataRole.UserRole + 1
OutputAction = Callable[[QWidget, Ops, UUID, int, bool, Callable[[str], None]], None]
SEARCH_DELAY_MS = 120


def plan_state(row: TrajectoryRow) -> str:
    trajectory = row.trajectory
    if trajectory.is_signed:
        return _("versie {version}, ondertekend", version=trajectory.plan_version)
    return _("versie {version}, concept", version=trajectory.plan_version)


class TrajectoriesSection(Section):
    title = N_("Trajecten")
    kinds = ("trajectory",)
    shows = (*record_kinds.parts_of("trajectory"), record_kinds.YOUTH)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.detail: TrajectoryDetail | None = None
        self.versions: list[VersionInfo] = []
        self._shown_id: UUID | None = None
        """The trajectory shown, or about to be shown."""

        self.search = QLineEdit(self)
        self.search.setObjectName("trajectorySearch")
        self.search.setAccessibleName(_("Zoeken in trajecten"))
        self.search.setPlaceholderText(_("Zoek op naam van de jongere of de coach…"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.new_button = QPushButton(_("&Nieuw traject…"), self)
        self.new_button.setObjectName("newTrajectory")
        self.new_button.clicked.connect(self.new_trajectory)

        self.list = QTreeWidget(self)
        self.list.setObjectName("trajectoryList")
        self.list.setAccessibleName(_("Trajecten"))
        self.list.setHeaderLabels([_("Jongere"), _("Coach"), _("Status"), _("Plan")])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._current_changed)
        QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, lambda: self.list.setFocus())

        self.heading = QLabel(self)
        self.heading.setObjectName("trajectoryHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_badge = self.make_sync_badge()
        self.version = QComboBox(self)
        self.version.setObjectName("planVersion")
        self.version.setAccessibleName(_("Versie van het plan"))
        self.version.currentIndexChanged.connect(self._show_version)
        self.view = QTextBrowser(self)
        self.view.setObjectName("planView")
        self.view.setAccessibleName(_("Plan"))
        self.edit_button = self._button(_("&Bewerken…"), "editPlan", self.edit_plan)
        self.sign_button = self._button(_("&Ondertekenen…"), "signPlan", self.sign_plan)
        self.evaluate_button = self._button(_("&Evaluatie…"), "evaluate", self.evaluate)
        self.status_button = self._button(_("&Status…"), "changeStatus", self.change_status)
        self.pdf_button = self._button(_("Opslaan als P&DF"), "savePdf", None)
        self.print_button = self._button(_("Af&drukken"), "printPlan", None)
        self.pdf_button.setMenu(self._output_menu(output.save_pdf))
        self.print_button.setMenu(self._output_menu(output.print_plan))
        self.message = QLabel(self)
        self.message.setObjectName("trajectoryMessage")
        self.retention = RetentionNote(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(f"<h2>{_('Trajecten')}</h2>", self))
        top.addStretch(1)
        top.addWidget(self.new_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.list, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.sync_badge)
        head.addWidget(self.version)
        actions = QHBoxLayout()
        for button in (
            self.edit_button,
            self.sign_button,
            self.evaluate_button,
            self.status_button,
            self.pdf_button,
            self.print_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        right_layout.addLayout(head)
        right_layout.addWidget(self.retention)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([380, 820])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._show_detail(None)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def _output_menu(self, action: OutputAction) -> QMenu:
        menu = QMenu(self)
        for label, easy in (
            (_("Professionele versie"), False),
            (_("Makkelijk lezen (voor de jongere)"), True),
        ):
            menu.addAction(label, functools.partial(self._output, action, easy))
        return menu

    # -- Section duties ------------------------------------------------------------------

    def activate(self) -> None:
        self.refresh()
        if self.detail is not None:  # e.g. after a sync: its status may have changed
            self.sync_badge.show_for("trajectory", self.detail.trajectory.id)

    def clear(self) -> None:
        self._timer.stop()
        self.search.clear()
        self.list.clear()
        self._shown_id = None
        self._show_detail(None)
        self.message.clear()

    def content_widget(self) -> QWidget:
        return self.list

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def open_record(self, kind: str, record_id: UUID) -> None:
        self.load_detail(record_id)

    def reload_shown(self) -> None:
        """The list, and the trajectory on screen as it is now."""
        if self._shown_id is not None:
            self.load_detail(self._shown_id)
        self.refresh()

    # -- list ----------------------------------------------------------------------------

    def refresh(self) -> None:
        text = self.search.text()
        self.ops.run(
            lambda session: Trajectories(session).search(text),
            on_success=self._fill,
            owner=self,
        )

    def _fill(self, rows: list[TrajectoryRow]) -> None:
        wanted = self._shown_id or (self.detail.trajectory.id if self.detail else None)
        self.list.blockSignals(True)
        self.list.clear()
        current = None
        for row in rows:
            youth = row.youth.name_with_age() if row.youth else _("Onbekende jongere")
            item = QTreeWidgetItem(
                self.list,
                [youth, row.trajectory.coach, row.trajectory.status.label, plan_state(row)],
            )
            item.setData(0, ID_ROLE, row.trajectory.id)
            if row.trajectory.id == wanted:
                current = item
        self.list.blockSignals(False)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        if current is not None:
            self.list.blockSignals(True)
            self.list.setCurrentItem(current)
            self.list.blockSignals(False)
        elif (first := self.list.topLevelItem(0)) is not None and self.list.hasFocus():
            self.list.setCurrentItem(first)  # chosen with Ctrl+5: the arrows start at the top
        nothing = _("Geen trajecten gevonden.")
        if not rows:
            self.message.setText(nothing)
        elif self.message.text() == nothing:
            self.message.clear()

    def _current_changed(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        record_id = item.data(0, ID_ROLE)
        if isinstance(record_id, UUID):
            self.load_detail(record_id)

    # -- detail --------------------------------------------------------------------------

    def load_detail(self, trajectory_id: UUID, version: int | None = None) -> None:
        self._shown_id = trajectory_id

        def work(session: Session) -> tuple[TrajectoryDetail, list[VersionInfo], PlanDocument]:
            detail = Trajectories(session).open(trajectory_id)
            plans = Plans(session)
            return detail, plans.versions(trajectory_id), plans.document(trajectory_id, version)

        self.ops.run(work, on_success=self._loaded, owner=self)

    def _loaded(self, result: tuple[TrajectoryDetail, list[VersionInfo], PlanDocument]) -> None:
        detail, versions, document = result
        self.versions = versions
        self._show_detail(detail)
        self.version.blockSignals(True)
        self.version.clear()
        for info in versions:
            if info.signed_on is None:
                label = _("Versie {version} (concept)", version=info.version)
            else:
                label = _(
                    "Versie {version}, ondertekend {date}",
                    version=info.version,
                    date=dutch(info.signed_on),
                )
            self.version.addItem(label, info.version)
        self.version.setCurrentIndex(max(self.version.findData(document.version), 0))
        self.version.blockSignals(False)
        self.view.setHtml(plan_html(document))

    def _show_detail(self, detail: TrajectoryDetail | None) -> None:
        self.detail = detail
        has = detail is not None
        closed = has and detail.trajectory.status.is_closed  # type: ignore[union-attr]
        for button in (self.pdf_button, self.print_button):
            button.setEnabled(has)
        self.edit_button.setEnabled(has and not closed)
        self.evaluate_button.setEnabled(has and not closed and bool(detail.goals))  # type: ignore[union-attr]
        self.status_button.setEnabled(has and not closed)
        self.sign_button.setEnabled(
            has and not closed and not detail.trajectory.is_signed  # type: ignore[union-attr]
        )
        if detail is None:
            self.heading.clear()
            self.retention.clear()
            self.sync_badge.clear()
            self.version.clear()
            self.view.clear()
            return
        trajectory = detail.trajectory
        self.sync_badge.show_for("trajectory", trajectory.id)
        self.retention.show_date("trajectory", detail.destroyed_on)
        self.heading.setText(
            f"{detail.youth.name_with_age()} · {trajectory.status.label}"
            + (f" · {_('gestopt')}: {trajectory.stop_reason}" if trajectory.stop_reason else "")
        )

    def _show_version(self) -> None:
        version = self.version.currentData()
        if self.detail is not None and isinstance(version, int):
            trajectory_id = self.detail.trajectory.id
            self.ops.run(
                lambda session: Plans(session).document(trajectory_id, version),
                on_success=lambda document: self.view.setHtml(plan_html(document)),
                owner=self,
            )

    # -- actions -------------------------------------------------------------------------

    def _today(self) -> date:
        session = self.ops.session
        return session.clock().astimezone().date() if session is not None else date.today()

    def new_trajectory(self) -> None:
        session = self.ops.session
        name, organisation = (
            (session.profile.name, session.profile.organisation) if session else ("", "")
        )
        dialog = NewTrajectoryDialog(self.ops, name, organisation, self._today(), self)
        dialog.sig_created.connect(self._created)
        dialog.open()
        self.new_dialog = dialog

    def _created(self, trajectory: Trajectory) -> None:
        """Show the new trajectory (the section reloads on the change) and open its plan."""
        record_id = trajectory.id
        self._shown_id = record_id
        self.ops.run(
            lambda session: Trajectories(session).open(record_id),
            on_success=self._edit,
            owner=self,
        )

    def edit_plan(self) -> None:
        if self.detail is not None:
            self._edit(self.detail)

    def _edit(self, detail: TrajectoryDetail) -> None:
        self.editor = PlanEditor(self.ops, detail, self)
        self.editor.open()

    def sign_plan(self) -> None:
        if self.detail is None:
            return
        trajectory_id = self.detail.trajectory.id
        self.ops.run(
            lambda session: Plans(session).document(trajectory_id),
            on_success=self._open_signing,
            owner=self,
        )

    def _open_signing(self, document: PlanDocument) -> None:
        if self.detail is None:
            return
        self.signing = SigningDialog(self.ops, self.detail.trajectory.id, document, self)
        self.signing.open()

    def evaluate(self) -> None:
        if self.detail is None:
            return
        self.evaluation = EvaluationDialog(
            self.ops, self.detail.trajectory.id, self.detail.goals, self._today(), self
        )
        self.evaluation.open()

    def change_status(self) -> None:
        if self.detail is None:
            return
        self.status_dialog = StatusDialog(self.ops, self.detail.trajectory, self)
        self.status_dialog.open()

    def _output(self, action: OutputAction, easy_read: bool) -> None:
        version = self.version.currentData()
        if self.detail is None or not isinstance(version, int):
            return
        action(
            self,
            self.ops,
            self.detail.trajectory.id,
            version,
            easy_read,
            self.message.setText,
        )
