"""The application flow: first run or unlock, main window, auto-lock, quit."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services import settings as settings_store
from desktop.services.session import Session
from desktop.services.settings import Settings
from desktop.services.unlock_guard import UnlockGuard
from desktop.views.account_dialogs import ChangePassphraseDialog, SettingsDialog
from desktop.views.crash import show_error
from desktop.views.idle import IdleWatcher
from desktop.views.main_window import MainWindow
from desktop.views.ops import Ops
from desktop.views.retention_runner import RetentionRunner
from desktop.views.screen_lock import ScreenLockMonitor
from desktop.views.vault_dialogs import CreateVaultDialog, UnlockDialog
from veldwerk_core.i18n import _

log = logging.getLogger("veldwerk.ui")


class Shell(QObject):
    """Owns the windows and moves between locked and unlocked.

    Locking clears every view first, then drops late results of running operations, then
    closes the vault on the database worker (which zeroes key material) and shows the unlock
    dialog.
    """

    sig_opened = Signal()
    sig_locked = Signal()
    sig_quit = Signal()

    def __init__(
        self,
        data_dir: DataDir,
        ops: Ops,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
        guard: UnlockGuard | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.ops = ops
        self.settings = settings
        self.guard = guard or UnlockGuard(data_dir.unlock_state)
        self.main = MainWindow(ops)
        self.idle = IdleWatcher(settings.idle_lock_minutes * 60, clock, self)
        self.screen_lock = ScreenLockMonitor(self)
        self.retention = RetentionRunner(ops, parent=self)
        self.unlock_dialog: UnlockDialog | None = None
        self.create_dialog: CreateVaultDialog | None = None
        self.unlocked = False

        ops.sig_error.connect(lambda error: show_error(self._active_window(), error))
        self.idle.sig_idle.connect(self.lock)
        self.idle.sig_remaining.connect(self.main.set_lock_countdown)
        self.screen_lock.sig_screen_locked.connect(self.lock)
        self.main.sig_lock.connect(self.lock)
        self.main.sig_close.connect(self.quit)
        self.main.sig_change_passphrase.connect(self._change_passphrase)
        self.main.sig_settings.connect(self._edit_settings)
        self.main.sig_about.connect(self._about)
        self.main.sync.sig_wiped.connect(self._wiped)

    def _active_window(self) -> MainWindow | UnlockDialog | CreateVaultDialog | None:
        if self.unlocked:
            return self.main
        return self.unlock_dialog or self.create_dialog

    # -- start and unlock ----------------------------------------------------------------

    def start(self) -> None:
        if sessions.vault_exists(self.data_dir):
            self.show_unlock()
        else:
            self.create_dialog = CreateVaultDialog(self.ops, self.data_dir)
            self.create_dialog.sig_created.connect(self._opened)
            self.create_dialog.rejected.connect(self.quit)
            self.create_dialog.show()

    def show_unlock(self) -> None:
        if self.unlock_dialog is None:
            self.unlock_dialog = UnlockDialog(self.ops, self.data_dir, self.guard)
            self.unlock_dialog.sig_unlocked.connect(self._opened)
            self.unlock_dialog.rejected.connect(self.quit)
        self.unlock_dialog.reset()
        self.unlock_dialog.show()
        self.unlock_dialog.raise_()
        self.unlock_dialog.activateWindow()

    def open_session(self, session: Session) -> None:
        """Show the main window for an unlocked session (also for a scripted start-up)."""
        self._opened(session)

    def _opened(self, session: Session) -> None:
        self.ops.set_session(session)
        self.unlocked = True
        self.main.set_user(session.profile.name, session.profile.role.label)
        self.main.show()
        self.main.raise_()
        self.main.activateWindow()
        self.main.activate_current()
        self.idle.start()
        self.main.set_lock_countdown(int(self.idle.remaining()))
        self.main.sync.start()
        self.retention.start()
        self.sig_opened.emit()

    # -- lock and quit -------------------------------------------------------------------

    def lock(self) -> None:
        if not self.unlocked:
            return
        self.unlocked = False
        self.idle.stop()
        self.retention.stop()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.main and widget is not self.unlock_dialog and widget.isVisible():
                stash = getattr(widget, "stash_for_lock", None)
                if callable(stash):
                    stash()  # keeps what was typed as a draft inside the vault
                else:
                    widget.close()
        self.main.clear_all()
        self.main.hide()
        self.ops.invalidate()
        session = self.ops.session
        self.ops.set_session(None)
        if session is not None:
            self.ops.run_unlocked(
                session.lock, on_failure=lambda error: log.warning("lock: %s", type(error).__name__)
            )
        log.info("locked")
        self.sig_locked.emit()
        self.show_unlock()

    def _wiped(self) -> None:
        """The server revoked this device and its vault is erased: say so, start afresh."""
        self.unlocked = False
        self.idle.stop()
        self.retention.stop()
        self.main.clear_all()
        self.main.hide()
        self.ops.invalidate()
        self.ops.set_session(None)
        log.warning("vault wiped after revocation")
        QMessageBox.information(
            None,
            _("Apparaat ingetrokken"),
            _(
                "De functioneel beheerder heeft dit apparaat ingetrokken. Alle gegevens op dit "
                "apparaat zijn gewist. Neem contact op met de functioneel beheerder als dit "
                "onverwacht is."
            ),
        )
        self.start()

    def quit(self) -> None:
        """Lock the vault, wait for the worker, leave."""
        self.idle.stop()
        self.retention.stop()
        self.main.clear_all()
        session = self.ops.session
        self.ops.invalidate()
        self.ops.set_session(None)
        if session is not None:
            self.ops.run_unlocked(session.lock)
        self.unlocked = False
        self.ops.shutdown()
        self.sig_quit.emit()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # -- menu actions --------------------------------------------------------------------

    def _change_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self.ops, self.main)
        if dialog.exec():
            self.main.statusBar().showMessage(_("De wachtwoordzin is gewijzigd."), 5000)

    def _edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self.main)
        if not dialog.exec():
            return
        self.settings = dialog.result_settings()
        settings_store.save(self.data_dir.settings, self.settings)
        self.idle.set_timeout(self.settings.idle_lock_minutes * 60)

    def _about(self) -> None:
        QMessageBox.about(
            self.main,
            _("Over Veldwerk"),
            MainWindow.version_text()
            + "\n\n"
            + _("Signalen, screenings en coachingstrajecten, versleuteld op deze computer."),
        )
