"""The Synchronisatie section: enroll, status, "Nu synchroniseren", conflicts and refused changes."""

from __future__ import annotations

import uuid
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import sync_conflicts
from desktop.services.sync import SyncStatus
from desktop.services.sync_conflicts import ConflictView, RejectionView
from desktop.sync.engine import Progress, SyncReport
from desktop.views.dates import dutch_datetime
from desktop.views.ops import Ops
from desktop.views.section import Section
from desktop.views.sync.conflict_panel import ConflictPanel
from desktop.views.sync.controller import controller_for
from desktop.views.sync.enroll_form import EnrollForm
from desktop.views.sync.rejected_panel import RejectedPanel
from desktop.views.sync.status_bar import counted
from veldwerk_core.i18n import N_, _

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def progress_text(step: Progress) -> str:
    if step.phase == "push":
        return _("Wijzigingen versturen: {done} van {total}", done=step.done, total=step.total)
    if step.phase == "audit":
        return _(
            "Logboek van dit apparaat versturen: {done} van {total}",
            done=step.done,
            total=step.total,
        )
    if step.phase == "pull" and step.total:
        return _("Gegevens ontvangen: {done} van {total}", done=step.done, total=step.total)
    if step.phase == "pull":
        return _("Gegevens ontvangen: {done}", done=step.done)
    return _("Controleren of alles overeenkomt met de server…")


def when(moment: datetime | None) -> str:
    return dutch_datetime(moment) if moment is not None else _("nog nooit")


class SyncSection(Section):
    title = N_("Synchronisatie")
    kinds = ("conflict", "rejected")

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.controller = controller_for(ops)
        self.heading = QLabel(f"<h2>{_('Synchronisatie')}</h2>", self)
        self.lease_banner = QLabel(self)
        self.lease_banner.setObjectName("leaseBanner")
        self.lease_banner.setWordWrap(True)
        self.lease_banner.setStyleSheet(
            "background: #fdecea; color: #8c1d18; padding: 8px; border-radius: 4px;"
        )
        self.lease_banner.hide()
        self.pages = QStackedWidget(self)
        self.enroll_form = EnrollForm(self.controller, self)
        self.enroll_form.sig_enrolled.connect(lambda _identity: self.activate())
        self.pages.addWidget(self.enroll_form)
        self.pages.addWidget(self._status_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.lease_banner)
        layout.addWidget(self.pages, 1)

        self.controller.sig_status.connect(self.show_status)
        self.controller.sig_progress.connect(self.show_progress)
        self.controller.sig_running.connect(self._running)
        self.controller.sig_finished.connect(self._finished)
        self.controller.sig_failed.connect(self._failed)
        self.controller.sig_lease.connect(self._lease)
        self._wanted: tuple[str, uuid.UUID] | None = None

    def _status_page(self) -> QWidget:
        page = QWidget(self)
        self.server_label = QLabel(page)
        self.user_label = QLabel(page)
        self.last_label = QLabel(page)
        self.last_label.setObjectName("lastSync")
        self.pending_label = QLabel(page)
        self.pending_label.setObjectName("pendingCount")
        self.lease_label = QLabel(page)
        facts = QFormLayout()
        facts.addRow(_("Server"), self.server_label)
        facts.addRow(_("Aangemeld als"), self.user_label)
        facts.addRow(_("Laatst gesynchroniseerd"), self.last_label)
        facts.addRow(_("Nog te versturen"), self.pending_label)
        facts.addRow(_("Zonder synchronisatie bruikbaar tot"), self.lease_label)
        self.sync_button = QPushButton(_("Nu &synchroniseren"), page)
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setToolTip(_("Ctrl+Shift+S of F5"))
        self.sync_button.clicked.connect(lambda: self.controller.sync_now(manual=True))
        self.reenroll_button = QPushButton(_("Opnieuw &aanmelden…"), page)
        self.reenroll_button.setObjectName("reenroll")
        self.reenroll_button.hide()
        self.reenroll_button.clicked.connect(self._reenroll)
        self.progress = QProgressBar(page)
        self.progress.setObjectName("syncProgress")
        self.progress.hide()
        self.progress_label = QLabel(page)
        self.progress_label.setObjectName("syncProgressText")
        self.message = QLabel(page)
        self.message.setObjectName("syncMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.reenroll_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.progress_label)
        actions.addStretch(0)

        self.tabs = QTabWidget(page)
        self.conflict_list = QListWidget(page)
        self.conflict_list.setObjectName("conflictList")
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setMinimumWidth(260)
        self.conflict_list.setAccessibleName(_("Conflicten"))
        self.conflict_panel = ConflictPanel(self.ops, page)
        self.conflict_panel.sig_resolved.connect(self._resolved)
        self.conflict_list.currentItemChanged.connect(self._conflict_chosen)
        conflicts = QSplitter(Qt.Orientation.Horizontal, page)
        conflicts.addWidget(self.conflict_list)
        conflicts.addWidget(self.conflict_panel)
        conflicts.setStretchFactor(1, 3)
        self.rejected_list = QListWidget(page)
        self.rejected_list.setObjectName("rejectedList")
        self.rejected_list.setWordWrap(True)
        self.rejected_list.setMinimumWidth(260)
        self.rejected_list.setAccessibleName(_("Geweigerde wijzigingen"))
        self.rejected_panel = RejectedPanel(self.ops, page)
        self.rejected_panel.sig_dismissed.connect(lambda _id: self.activate())
        self.rejected_list.currentItemChanged.connect(self._rejection_chosen)
        rejected = QSplitter(Qt.Orientation.Horizontal, page)
        rejected.addWidget(self.rejected_list)
        rejected.addWidget(self.rejected_panel)
        rejected.setStretchFactor(1, 3)
        self.tabs.addTab(conflicts, _("Conflicten"))
        self.tabs.addTab(rejected, _("Geweigerd"))

        layout = QVBoxLayout(page)
        layout.addLayout(facts)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        return page

    # -- showing -------------------------------------------------------------------------

    def activate(self) -> None:
        self.controller.refresh()
        self.ops.run(
            lambda session: (
                sync_conflicts.conflicts(session),
                sync_conflicts.rejections(session),
            ),
            on_success=self._show_lists,
            owner=self,
        )

    def show_status(self, status: SyncStatus) -> None:
        self.pages.setCurrentIndex(1 if status.enrolled else 0)
        if not status.enrolled:
            return
        identity = status.identity
        self.server_label.setText(status.server_url)
        if identity is not None:
            self.user_label.setText(
                _(
                    "{name} ({role}), {organisation}",
                    name=identity.name,
                    role=identity.role.label,
                    organisation=identity.organisation,
                )
            )
        self.last_label.setText(when(status.last_success))
        self.pending_label.setText(
            counted(status.pending, N_("1 wijziging"), N_("{n} wijzigingen"))
            if status.pending
            else _("niets")
        )
        self.lease_label.setText(when(status.lease_until))
        self.reenroll_button.setVisible(status.last_error == "unauthenticated")
        self.enroll_form.server_url.setText(status.server_url)
        if status.online is False:
            self.message.setText(
                _("Geen verbinding met de server. Je kunt doorwerken; alles wordt later verstuurd.")
            )
        self.tabs.setTabText(0, _("Conflicten ({n})", n=status.conflicts))
        self.tabs.setTabText(1, _("Geweigerd ({n})", n=status.rejected))

    def _show_lists(self, lists: tuple[list[ConflictView], list[RejectionView]]) -> None:
        conflicts, rejections = lists
        self.conflict_list.clear()
        for conflict in conflicts:
            item = QListWidgetItem(f"{conflict.title}\n{conflict.explanation}")
            item.setData(ID_ROLE, conflict)
            self.conflict_list.addItem(item)
        self.rejected_list.clear()
        for rejection in rejections:
            item = QListWidgetItem(f"{rejection.title}\n{rejection.message}")
            item.setData(ID_ROLE, rejection)
            self.rejected_list.addItem(item)
        self.tabs.setTabText(0, _("Conflicten ({n})", n=len(conflicts)))
        self.tabs.setTabText(1, _("Geweigerd ({n})", n=len(rejections)))
        self._select_wanted()
        if self.conflict_list.currentRow() < 0:
            self.conflict_list.setCurrentRow(0)
            if not conflicts:
                self.conflict_panel.show_conflict(None)
        if self.rejected_list.currentRow() < 0:
            self.rejected_list.setCurrentRow(0)
            if not rejections:
                self.rejected_panel.show_rejection(None)

    def _select_wanted(self) -> None:
        if self._wanted is None:
            return
        kind, wanted = self._wanted
        self._wanted = None
        listing = self.conflict_list if kind == "conflict" else self.rejected_list
        for row in range(listing.count()):
            item = listing.item(row)
            data = item.data(ID_ROLE)
            key = data.id if isinstance(data, ConflictView) else data.mutation_id
            if key == wanted:
                self.tabs.setCurrentIndex(0 if kind == "conflict" else 1)
                listing.setCurrentRow(row)
                listing.setFocus()

    def _conflict_chosen(self, item: QListWidgetItem | None) -> None:
        data = item.data(ID_ROLE) if item is not None else None
        self.conflict_panel.show_conflict(data if isinstance(data, ConflictView) else None)

    def _rejection_chosen(self, item: QListWidgetItem | None) -> None:
        data = item.data(ID_ROLE) if item is not None else None
        self.rejected_panel.show_rejection(data if isinstance(data, RejectionView) else None)

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        self._wanted = (kind, record_id)
        self.activate()

    # -- syncing -------------------------------------------------------------------------

    def show_progress(self, step: Progress) -> None:
        self.progress.show()
        if step.total:
            self.progress.setRange(0, step.total)
            self.progress.setValue(min(step.done, step.total))
        else:
            self.progress.setRange(0, 0)
        self.progress_label.setText(progress_text(step))

    def _running(self, running: bool) -> None:
        self.sync_button.setEnabled(not running)
        if running:
            self.message.setText(_("Bezig met synchroniseren…"))
        else:
            self.progress.hide()
            self.progress_label.clear()

    def _finished(self, report: SyncReport) -> None:
        parts = [_("Synchronisatie gelukt.")]
        if report.conflicts or report.pulled_conflicts:
            parts.append(_("Er zijn conflicten: kies hieronder welke versie blijft."))
        if report.rejected:
            parts.append(
                counted(
                    report.rejected,
                    N_("1 wijziging is geweigerd; zie Geweigerd."),
                    N_("{n} wijzigingen zijn geweigerd; zie Geweigerd."),
                )
            )
        if report.proposed:
            parts.append(
                counted(
                    report.proposed,
                    N_("1 wijziging is als voorstel naar de eigenaar gegaan."),
                    N_("{n} wijzigingen zijn als voorstel naar de eigenaar gegaan."),
                )
            )
        self.message.setText(" ".join(parts))
        if self.isVisible():
            self.activate()

    def _failed(self, message: str) -> None:
        self.message.setText(message)

    def _resolved(self, _conflict_id: uuid.UUID) -> None:
        self.message.setText(
            _("Je keuze is bewaard en gaat bij de volgende synchronisatie naar de server.")
        )
        self.activate()
        self.controller.sync_now(manual=False)

    def _reenroll(self) -> None:
        """The server no longer knows this device: enroll again with a new code (the data
        stays; the next sync compares everything with the server)."""
        self.pages.setCurrentWidget(self.enroll_form)
        self.enroll_form.code.setFocus()

    def _lease(self, expired: bool) -> None:
        status = self.controller.status
        days = status.lease_days if status is not None else 14
        self.lease_banner.setVisible(expired)
        self.lease_banner.setText(
            _(
                "Je hebt meer dan {days} dagen niet gesynchroniseerd. Daarom zijn de gegevens "
                "op dit apparaat vergrendeld. Maak verbinding met internet en kies 'Nu "
                "synchroniseren'; daarna kun je verder werken.",
                days=days,
            )
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_F5:
            self.controller.sync_now(manual=True)
            return
        super().keyPressEvent(event)

    def clear(self) -> None:
        self.conflict_list.clear()
        self.rejected_list.clear()
        self.conflict_panel.show_conflict(None)
        self.rejected_panel.show_rejection(None)
        self.enroll_form.clear()
        self.message.clear()
        self.server_label.clear()
        self.user_label.clear()
        self.last_label.clear()
        self.pending_label.clear()
        self.lease_label.clear()
        self.progress.hide()
        self.progress_label.clear()
