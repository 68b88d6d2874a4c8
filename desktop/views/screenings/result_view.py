"""A completed screening or external result: outcome, advice and the full explanation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop.services.screenings import Opened
from desktop.views.retention_note import RetentionNote
from desktop.views.screenings.render import page
from veldwerk_core.i18n import _


class ResultView(QWidget):
    sig_history = Signal(object)
    """Show the history of the youth (an :class:`Opened`)."""
    sig_repeat = Signal(object)
    """Start a new screening for the same youth with the same instrument."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened: Opened | None = None
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("resultText")
        self.browser.setAccessibleName(_("Uitkomst van de screening"))
        self.browser.setOpenLinks(False)
        self.history_button = QPushButton(_("&Geschiedenis van deze jongere"), self)
        self.history_button.setObjectName("showHistory")
        self.history_button.clicked.connect(lambda: self.sig_history.emit(self.opened))
        self.repeat_button = QPushButton(_("&Opnieuw screenen"), self)
        self.repeat_button.setObjectName("repeatScreening")
        self.repeat_button.setToolTip(_("Een nieuwe screening met dezelfde lijst"))
        self.repeat_button.clicked.connect(lambda: self.sig_repeat.emit(self.opened))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.repeat_button)
        buttons.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        self.retention = RetentionNote(self)
        layout.addWidget(self.retention)
        layout.addLayout(buttons)

    def show_screening(self, opened: Opened) -> None:
        self.opened = opened
        self.browser.setHtml(page(opened))
        self.retention.show_date("screening", opened.destroyed_on)
        self.repeat_button.setVisible(opened.screening.external is None)

    def text(self) -> str:
        return self.browser.toPlainText()

    def clear(self) -> None:
        self.opened = None
        self.browser.clear()
        self.retention.clear()
