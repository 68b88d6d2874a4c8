"""Starting the desktop app: QApplication, translations, the shell."""

from __future__ import annotations

import logging
import os
import sys
import time

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop import hardening, logsetup
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services import settings as settings_store
from desktop.services.config import configuration
from desktop.views.crash import install_excepthook, show_error
from desktop.views.ops import Ops
from desktop.views.qt_texts import MissingQtTexts
from desktop.views.shell import Shell
from veldwerk_core.i18n import set_language

log = logging.getLogger("veldwerk")

PASSPHRASE_ENV = "VELDWERK_PASSPHRASE"
# For benchmarks and end-to-end tests: print "ready <seconds since start>" and exit once the
# main window is shown.
EXIT_WHEN_READY_ENV = "VELDWERK_EXIT_WHEN_READY"


def build(data_dir: DataDir, *, language: str | None = None) -> tuple[QApplication, Shell]:
    """Everything the app needs before its event loop: hardening, logs, config, windows."""
    hardening.apply()
    data_dir.ensure()
    logsetup.configure(data_dir.logs)
    settings = settings_store.load(data_dir.settings)
    language = language or settings.language
    set_language(language)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Veldwerk")
    app.setOrganizationName("Veldwerk")
    speak_qt_language(app, language)
    install_excepthook()
    return app, Shell(data_dir, Ops(), settings)


def speak_qt_language(app: QApplication, language: str) -> list[QTranslator]:
    """Qt's own texts in the app's language: its dialogs (a file dialog's "Zoeken in:"), and
    its locale for what Qt words itself (month names in a date field's calendar)."""
    locale = QLocale(language)
    QLocale.setDefault(locale)
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(locale, "qtbase", "_", translations):
        log.warning("no Qt translation for %s", language)
        return []
    app.installTranslator(translator)
    if language != "nl":
        return [translator]
    missing = MissingQtTexts(app)  # searched before Qt's own, which it completes
    app.installTranslator(missing)
    return [translator, missing]


def _unlock_failed(shell: Shell, error: BaseException) -> None:
    shell.start()
    shell.ops.sig_error.emit(error)


def run_gui(data_dir: DataDir, *, language: str | None = None, started: float | None = None) -> int:
    started = time.perf_counter() if started is None else started
    app, shell = build(data_dir, language=language)
    try:
        configuration()
    except Exception as error:  # a broken configuration file: say which, then stop
        show_error(None, error)
        return 1

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
        shell.ops.run_unlocked(
            lambda: sessions.unlock(data_dir, secret),
            on_success=shell.open_session,
            on_failure=lambda error: _unlock_failed(shell, error),
        )
    else:
        shell.start()
    log.info("app started")
    return app.exec()
