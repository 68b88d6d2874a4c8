"""Small building blocks for forms: inline field messages, passphrase fields."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QWidget,
)

from veldwerk_core.i18n import _


class FieldMessage(QLabel):
    """The message shown right below a field that has a problem; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldMessage")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e;")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


class PassphraseEdit(QLineEdit):
    """A password field with a show/hide toggle and no context-menu copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setContextMenuPolicy(self.contextMenuPolicy().NoContextMenu)
        self.setInputMethodHints(self.inputMethodHints())
        icon: QIcon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        self._toggle = QAction(icon, _("Toon wachtwoordzin"), self)
        self._toggle.setCheckable(True)
        self._toggle.toggled.connect(self._reveal)
        self.addAction(self._toggle, QLineEdit.ActionPosition.TrailingPosition)

    def _reveal(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self._toggle.setText(_("Verberg wachtwoordzin") if shown else _("Toon wachtwoordzin"))

    def take(self) -> str:
        """The text, clearing the field (and hiding it again) at once."""
        text = self.text()
        self.clear()
        self._toggle.setChecked(False)
        return text


def error_label(parent: QWidget) -> QLabel:
    """A dialog-wide message line (red, selectable so it can be copied)."""
    label = QLabel(parent)
    label.setObjectName("dialogError")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def dialog_buttons(
    dialog: QDialog, primary: str, name: str, on_primary: Callable[[], None], cancel: str
) -> tuple[QDialogButtonBox, QPushButton]:
    """The primary action (default button, Enter) and a cancel button (Esc)."""
    button = QPushButton(primary, dialog)
    button.setObjectName(name)
    button.setDefault(True)
    box = QDialogButtonBox(dialog)
    box.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(on_primary)
    box.rejected.connect(dialog.reject)
    return box, button
