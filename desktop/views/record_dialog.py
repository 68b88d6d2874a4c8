"""The dialog most small record forms share: fields on a binding, saved on the worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.services.session import Session
from desktop.views.binding import Binding
from desktop.views.failure import report_failure
from desktop.views.form import dialog_buttons, error_label
from desktop.views.ops import Ops
from veldwerk_core.i18n import _


class RecordDialog(QDialog):
    """Shared saving behaviour: run on the worker, show field messages, keep what was typed.
    Subclasses declare their fields on :attr:`binding` and store :meth:`data` in ``work``;
    Enter (Ctrl+Enter in a text area) saves, Esc cancels."""

    sig_saved = Signal(object)

    def __init__(
        self, ops: Ops, title: str, parent: QWidget | None, *, action: str | None = None
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.form = QFormLayout()
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.error = error_label(self)
        buttons, self.save_button = dialog_buttons(
            self, action or _("Opslaan"), "save", self.save, _("Annuleren")
        )
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # saves from a text area too
            QShortcut(QKeySequence(keys), self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """The cursor starts in the first field (the buttons were made before the fields)."""
        super().showEvent(event)
        first = next(iter(self.binding.fields.values()), None)
        if first is not None:
            first.focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def say(self, text: str) -> None:
        """A line above the fields: what the dialog is about."""
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def values(self) -> dict[str, Any]:
        """What was typed, read on the GUI thread (``work`` runs on the database worker and
        must not touch a widget)."""
        return self.binding.values()

    def work(self, session: Session, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        if not self.save_button.isEnabled():  # already saving
            return
        self.save_button.setEnabled(False)
        data = self.values()
        self._ops.run(
            lambda session: self.work(session, data),
            on_success=self._saved,
            on_failure=self._failed,
            owner=self,
        )

    def _saved(self, record: Any) -> None:
        self.sig_saved.emit(record)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        report_failure(self._ops, error, self.error, self.binding)
