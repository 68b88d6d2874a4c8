"""Enrolling this device: server address, one-time code, a name for the device."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.services import sync
from desktop.views.crash import show_error
from desktop.views.form import FieldMessage, error_label, show_field_errors
from desktop.views.sync.controller import SyncController
from veldwerk_core.i18n import _
from veldwerk_core.models.errors import RecordInvalid, VeldwerkError


class EnrollForm(QWidget):
    sig_enrolled = Signal(object)
    """The server's Identity of this device's user."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        intro = QLabel(
            _(
                "Koppel dit apparaat aan de server van je gemeente. Je krijgt het serveradres "
                "en een eenmalige aanmeldcode van de functioneel beheerder. Tot die tijd werk "
                "je gewoon op dit apparaat; alles wordt verstuurd zodra het gekoppeld is."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.server_url = QLineEdit(self)
        self.server_url.setObjectName("serverUrl")
        self.server_url.setPlaceholderText("https://veldwerk.gemeente.nl")
        self.code = QLineEdit(self)
        self.code.setObjectName("enrollCode")
        self.device_name = QLineEdit(sync.default_device_name(), self)
        self.device_name.setObjectName("deviceName")
        self.messages = {
            "server_url": FieldMessage(self),
            "code": FieldMessage(self),
            "device_name": FieldMessage(self),
        }
        form = QFormLayout()
        form.addRow(_("Serveradres") + " *", self.server_url)
        form.addRow("", self.messages["server_url"])
        form.addRow(_("Aanmeldcode") + " *", self.code)
        form.addRow("", self.messages["code"])
        form.addRow(_("Naam van dit apparaat") + " *", self.device_name)
        form.addRow("", self.messages["device_name"])
        self.error = error_label(self)
        self.button = QPushButton(_("&Aanmelden"), self)
        self.button.setObjectName("enrollButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        for field in (self.server_url, self.code, self.device_name):
            field.returnPressed.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def submit(self) -> None:
        if not self.button.isEnabled():
            return
        self.error.clear()
        for message in self.messages.values():
            message.clear_message()
        self.button.setEnabled(False)
        self.button.setText(_("Bezig met aanmelden…"))
        self.controller.enroll(
            self.server_url.text(),
            self.code.text(),
            self.device_name.text(),
            on_done=self._done,
            on_error=self._failed,
        )

    def _reset_button(self) -> None:
        self.button.setEnabled(True)
        self.button.setText(_("&Aanmelden"))

    def _done(self, identity: object) -> None:
        self._reset_button()
        self.code.clear()
        self.sig_enrolled.emit(identity)

    def _failed(self, error: BaseException) -> None:
        """Say what is wrong next to the field; keep everything that was typed."""
        self._reset_button()
        if isinstance(error, RecordInvalid):
            rest = show_field_errors(self.messages, error.errors)
            self.error.setText("\n".join(rest))
            focus = next(
                (
                    field
                    for name, field in (
                        ("server_url", self.server_url),
                        ("code", self.code),
                        ("device_name", self.device_name),
                    )
                    if self.messages[name].isVisible()
                ),
                None,
            )
            if focus is not None:
                focus.setFocus()
        elif isinstance(error, VeldwerkError):
            self.error.setText(error.user_message())
        else:
            show_error(self.window(), error)

    def clear(self) -> None:
        self.code.clear()
        self.error.clear()
        for message in self.messages.values():
            message.clear_message()
