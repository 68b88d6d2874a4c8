"""What the user sees when something fails: a clear message, or a crash report for bugs.

A crash report names the error type and where in the code it happened. It never includes the
error's message or local variables: those may hold personal data.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import VeldwerkError
from veldwerk_core import __version__
from veldwerk_core.i18n import _

log = logging.getLogger("veldwerk.ui")


def crash_report(kind: type[BaseException], tb: TracebackType | None) -> str:
    """Versions, the exception type and the stack: code locations only, no values."""
    lines = [
        f"Veldwerk {__version__}",
        f"Python {platform.python_version()} / PySide6 {pyside_version}",
        f"{platform.system()} {platform.release()}",
        "",
        f"{kind.__module__}.{kind.__qualname__}",
    ]
    for frame in traceback.extract_tb(tb):
        lines.append(
            f'  File "{_short_path(frame.filename)}", line {frame.lineno}, in {frame.name}'
        )
    return "\n".join(lines)


def _short_path(path: str) -> str:
    """Paths relative to the package or site-packages; home directories may hold names."""
    for marker in ("/desktop/", "\\desktop\\", "site-packages/", "site-packages\\"):
        if marker in path:
            return marker.strip("/\\") + "/" + path.split(marker, 1)[1]
    return path.rsplit("/", 1)[-1]


class CrashDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Er ging iets mis"))
        text = QLabel(
            _(
                "Er ging iets mis in Veldwerk. Wat al was opgeslagen, blijft bewaard. "
                "Kopieer het rapport hieronder en stuur het naar de functioneel beheerder. "
                "Er staan geen gegevens van jongeren in."
            ),
            self,
        )
        text.setWordWrap(True)
        self.report = QPlainTextEdit(report, self)
        self.report.setObjectName("crashReport")
        self.report.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton(_("Rapport kopiëren"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(report))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.report)
        layout.addWidget(buttons)
        self.resize(640, 400)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Environment and input errors get their Dutch message; bugs get the crash dialog."""
    if isinstance(error, VeldwerkError):
        QMessageBox.warning(parent, _("Veldwerk"), error.user_message())
        return
    report = crash_report(type(error), error.__traceback__)
    log.error("unexpected error\n%s", report)
    CrashDialog(report, parent).exec()


def install_excepthook() -> None:
    """Route uncaught exceptions (e.g. in slots) to the crash dialog instead of a silent log."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("uncaught exception\n%s", crash_report(kind, tb))
        if QGuiApplication.instance() is not None:
            CrashDialog(crash_report(kind, tb)).exec()

    sys.excepthook = hook
