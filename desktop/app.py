"""Starting the desktop app: QApplication, translations, the shell."""

from __future__ import annotations

import logging
import os
import sys
import time

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop import hardening, logsetup
from desktop.i18n import set_language
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services import settings as settings_store
from desktop.views.crash import install_excepthook
from desktop.views.ops import Ops
from desktop.views.shell import Shell

log = logging.getLogger("veldwerk")

PASSPHRASE_ENV = "VELDWERK_PASSPHRASE"
# For benchmarks and end-to-end tests: print "ready <seconds since start>" and exit once the
# main window is shown.
EXIT_WHEN_READY_ENV = "VELDWERK_EXIT_WHEN_READY"


def _unlock_failed(shell: Shell, error: BaseException) -> None:
    shell.start()
    shell.ops.sig_error.emit(error)


def run_gui(data_dir: DataDir, *, language: str | None = None, started: float | None = None) -> int:
    started = time.perf_counter() if started is None else started
    hardening.apply()
    data_dir.ensure()
    logsetup.configure(data_dir.logs)
    settings = settings_store.load(data_dir.settings)
    set_language(language or settings.language)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Veldwerk")
    app.setOrganizationName("Veldwerk")
    qt_translator = QTranslator(app)
    if qt_translator.load(
        QLocale(language or settings.language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt_translator)
    install_excepthook()

    ops = Ops()
    shell = Shell(data_dir, ops, settings)
    if os.environ.get(EXIT_WHEN_READY_ENV):

        def ready() -> None:
            print(f"ready {time.perf_counter() - started:.4f}", flush=True)
            shell.quit()

        shell.sig_opened.connect(ready)

    passphrase = os.environ.pop(PASSPHRASE_ENV, None)
    if passphrase and sessions.vault_exists(data_dir):
        # Scripted start (tests, benchmarks): unlock on the worker, then show the window.
        secret = Secret(passphrase)
        del passphrase
        ops.run_unlocked(
            lambda: sessions.unlock(data_dir, secret),
            on_success=shell.open_session,
            on_failure=lambda error: _unlock_failed(shell, error),
        )
    else:
        shell.start()
    log.info("app started")
    return app.exec()
