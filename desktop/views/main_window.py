"""The main window: navigation on the left, the selected section on the right."""

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

from desktop.sync.engine import SyncReport
from desktop.views.ops import Ops
from desktop.views.sections import Section, build_sections
from desktop.views.sync.controller import controller_for
from desktop.views.sync.status_bar import SyncStatusLabel
from veldwerk_core import __version__
from veldwerk_core.i18n import _


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
        self.sync.sig_finished.connect(self._synced)
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
        app_menu.addAction(
            self._action(
                _("Nu &synchroniseren"), lambda: self.sync.sync_now(manual=True), "Ctrl+Shift+S"
            )
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
                    lambda _=False, i=index: self.nav.setCurrentRow(i),
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
        self.sections[index].activate()

    def new_signal(self) -> None:
        """Record a signal from anywhere (Ctrl+N); about the youth on screen, if there is one."""
        if self.lease_locked:
            self.open_record("conflict", None)
            return
        from desktop.views.signals.form import SignalForm

        youth = getattr(self.current_section, "current_youth", lambda: None)()
        form = SignalForm(self.ops, self, youths=[youth] if youth is not None else None)
        form.sig_saved.connect(lambda _recorded: self.refresh_current())
        form.show()

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

    def _synced(self, report: SyncReport) -> None:
        """Show what a sync brought in (or took away) in the section on screen."""
        if (report.received or report.removed) and self.isVisible() and not self.lease_locked:
            self.refresh_current()

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
            self.refresh_current()

    def clear_all(self) -> None:
        """Drop every piece of case data on screen (the vault is locking)."""
        self.sync.stop()
        self.sync_status.clear_status()
        for section in self.sections:
            section.clear()
        self.user_label.clear()
        self.lock_label.clear()
        self.statusBar().clearMessage()

    def refresh_current(self) -> None:
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
