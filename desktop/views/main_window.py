"""The main window: navigation on the left, the selected section on the right.

The window composes the sections (the list below is the one place that names them all); they
do not know each other. What one changes reaches the others as :class:`Changes` through
``Ops.sig_changed``.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desktop.views.groups.section import GroupsSection
from desktop.views.meetings import MeetingsWindow
from desktop.views.ops import Ops
from desktop.views.screenings import ScreeningsSection
from desktop.views.section import Section
from desktop.views.signals.form import SignalForm
from desktop.views.signals.section import SignalsSection
from desktop.views.sync.controller import controller_for
from desktop.views.sync.section import SyncSection
from desktop.views.sync.status_bar import SyncStatusLabel
from desktop.views.trajectories import TrajectoriesSection
from desktop.views.worklist import WorklistSection
from desktop.views.youths.section import YouthsSection
from veldwerk_core import __version__
from veldwerk_core.i18n import _


def build_sections(ops: Ops) -> list[Section]:
    """The sections in navigation order (Ctrl+1 to Ctrl+7)."""
    return [
        WorklistSection(ops),
        YouthsSection(ops),
        SignalsSection(ops),
        ScreeningsSection(ops),
        TrajectoriesSection(ops),
        GroupsSection(ops),
        SyncSection(ops),
    ]


class MainWindow(QMainWindow):
    sig_lock = Signal()
    sig_change_passphrase = Signal()
    sig_settings = Signal()
    sig_about = Signal()
    sig_close = Signal()
    """The user closed the window: lock, then quit."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._closing_quietly = False
        self.setWindowTitle("Veldwerk")
        self.resize(1200, 760)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("Navigatie"))
        self.nav.setMaximumWidth(220)
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 10px; }")
        self.stack = QStackedWidget(self)
        self.sections: list[Section] = build_sections(ops)
        for index, section in enumerate(self.sections):
            section.sig_open_record.connect(self.open_record)
            item = QListWidgetItem(_(section.title))
            item.setToolTip(_("Ctrl+{n}", n=index + 1))
            self.nav.addItem(item)
            self.stack.addWidget(section)
        self.nav.currentRowChanged.connect(self.show_section)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.sync = controller_for(ops)
        self.sync_status = SyncStatusLabel(self.sync, self)
        self.sync_status.sig_clicked.connect(lambda: self.open_record("conflict", None))
        self.sync.sig_lease.connect(self.set_lease_lock)
        self.lease_locked = False
        self.busy_label = QLabel(self)
        self.user_label = QLabel(self)
        self.user_label.setObjectName("userLabel")
        self.lock_label = QLabel(self)
        self.lock_label.setObjectName("lockCountdown")
        self.statusBar().addWidget(self.busy_label, 1)
        self.statusBar().addPermanentWidget(self.sync_status)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.lock_label)
        ops.sig_busy.connect(lambda busy: self.busy_label.setText(_("Bezig…") if busy else ""))

        self.meetings: MeetingsWindow | None = None
        self._build_menus()
        self.nav.setCurrentRow(0)

    def _action(
        self, text: str, slot: object, *shortcuts: QKeySequence | QKeySequence.StandardKey | str
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        app_menu = self.menuBar().addMenu(_("&Veldwerk"))
        app_menu.addAction(self._action(_("&Nieuw signaal…"), self.new_signal, "Ctrl+N"))
        app_menu.addAction(self._action(_("Nieuwe &jongere…"), self.new_youth, "Ctrl+J"))
        app_menu.addAction(
            self._action(
                _("Nu &synchroniseren"), lambda: self.sync.sync_now(manual=True), "Ctrl+Shift+S"
            )
        )
        app_menu.addAction(
            self._action(_("Vroegsignalerings&overleg…"), self.open_meetings, "Ctrl+Shift+O")
        )
        app_menu.addSeparator()
        app_menu.addAction(self._action(_("&Vergrendelen"), self.sig_lock.emit, "Ctrl+L"))
        app_menu.addAction(
            self._action(_("&Wachtwoordzin wijzigen…"), self.sig_change_passphrase.emit)
        )
        app_menu.addAction(self._action(_("&Instellingen…"), self.sig_settings.emit, "Ctrl+,"))
        app_menu.addSeparator()
        app_menu.addAction(self._action(_("&Afsluiten"), self.close, QKeySequence.StandardKey.Quit))

        go_menu = self.menuBar().addMenu(_("&Ga naar"))
        for index, section in enumerate(self.sections):
            go_menu.addAction(
                self._action(
                    _(section.title),
                    lambda _=False, i=index: self.go_to(i),
                    f"Ctrl+{index + 1}",
                )
            )
        go_menu.addSeparator()
        go_menu.addAction(self._action(_("&Zoeken"), self.focus_search, "Ctrl+K", "Ctrl+F"))

        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self._action(_("&Over Veldwerk"), self.sig_about.emit))

    def show_section(self, index: int) -> None:
        if index < 0:
            return
        if self.lease_locked and "conflict" not in self.sections[index].kinds:
            index = self._sync_index()
        self.stack.setCurrentIndex(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        if self.ops.session is not None:  # locked: opening the vault activates it
            self.sections[index].activate()

    def go_to(self, index: int) -> None:
        """Ctrl+1..7: show the section and put the cursor in its list."""
        self.nav.setCurrentRow(index)
        self.current_section.focus_content()

    def new_youth(self) -> None:
        """A new youth from anywhere (Ctrl+J), in the Jongeren section."""
        if self.lease_locked:
            self.open_record("conflict", None)
            return
        for index, section in enumerate(self.sections):
            if "youth" in section.kinds:
                self.show_section(index)
                section.new_record()
                return

    def new_signal(self) -> None:
        """Record a signal from anywhere (Ctrl+N); about the youth on screen, if there is one."""
        if self.lease_locked:
            self.open_record("conflict", None)
            return
        youth = getattr(self.current_section, "current_youth", lambda: None)()
        SignalForm(self.ops, self, youths=[youth] if youth is not None else None).show()

    def open_meetings(self) -> None:
        """The regisseur's meetings, in a window of their own (one at a time)."""
        if self.ops.session is None or self.lease_locked:
            return
        if self.meetings is None:
            self.meetings = MeetingsWindow(self.ops, self)
        self.meetings.show()
        self.meetings.raise_()
        self.meetings.activateWindow()

    def open_record(self, kind: str, record_id: UUID | None) -> None:
        """Go to the section that shows records of ``kind`` and open the record there."""
        for index, section in enumerate(self.sections):
            if kind in section.kinds:
                self.show_section(index)
                if record_id is not None:
                    section.open_record(kind, record_id)
                return
        self.statusBar().showMessage(_("Dit onderdeel is nog niet beschikbaar."), 3000)

    @property
    def current_section(self) -> Section:
        return self.sections[self.stack.currentIndex()]

    def focus_search(self) -> None:
        if not self.current_section.focus_search():
            self.statusBar().showMessage(_("Deze sectie heeft (nog) geen zoekveld."), 3000)

    def set_user(self, name: str, role: str) -> None:
        self.user_label.setText(_("{name} ({role})", name=name, role=role))

    def set_lock_countdown(self, seconds: int) -> None:
        minutes, rest = divmod(max(seconds, 0), 60)
        self.lock_label.setText(_("Vergrendelt over {time}", time=f"{minutes}:{rest:02d}"))

    def _sync_index(self) -> int:
        return next(i for i, section in enumerate(self.sections) if "conflict" in section.kinds)

    def set_lease_lock(self, locked: bool) -> None:
        """The offline lease ran out: only the Synchronisatie section stays usable."""
        if locked == self.lease_locked:
            return
        self.lease_locked = locked
        sync_index = self._sync_index()
        for index, section in enumerate(self.sections):
            item = self.nav.item(index)
            if index != sync_index and item is not None:
                flags = item.flags()
                enabled = Qt.ItemFlag.ItemIsEnabled
                item.setFlags(flags & ~enabled if locked else flags | enabled)
                if locked:
                    section.clear()
        if locked:
            self.show_section(sync_index)
        else:
            self.activate_current()

    def clear_all(self) -> None:
        """Drop every piece of case data on screen (the vault is locking)."""
        self.sync.stop()
        if self.meetings is not None:
            self.meetings.close()
            self.meetings.deleteLater()
            self.meetings = None
        self.sync_status.clear_status()
        for section in self.sections:
            section.clear()
        self.user_label.clear()
        self.lock_label.clear()
        self.statusBar().clearMessage()

    def activate_current(self) -> None:
        """Load the section on screen (after unlocking, or when the offline lease is lifted)."""
        self.current_section.activate()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._closing_quietly:
            self.sig_close.emit()
        event.accept()

    def close_quietly(self) -> None:
        """Close without asking the shell to quit (tests, teardown)."""
        self._closing_quietly = True
        self.close()

    @staticmethod
    def version_text() -> str:
        return _("Veldwerk versie {version}", version=__version__)
