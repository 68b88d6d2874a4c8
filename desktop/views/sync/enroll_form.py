"""Enrolling this device: server address, one-time code, a name for the device."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.services import sync
from desktop.views.binding import Binding
from desktop.views.failure import report_failure
from desktop.views.form import error_label
from desktop.views.sync.controller import SyncController
from veldwerk_core.i18n import _


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
        self.server_url.setPlaceholderText("https://veldwerk.gemeente.nl")
        self.code = QLineEdit(self)
        self.device_name = QLineEdit(sync.default_device_name(), self)
        self.binding = Binding(self)
        self.messages = self.binding.messages
        form, bind = QFormLayout(), self.binding
        bind.row(form, _("Serveradres"), "server_url", self.server_url, required=True)
        bind.row(form, _("Aanmeldcode"), "code", self.code, required=True)
        bind.row(form, _("Naam van dit apparaat"), "device_name", self.device_name, required=True)
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
        self.binding.clear_messages()
        self.button.setEnabled(False)
        self.button.setText(_("Bezig met aanmelden…"))
        typed = self.binding.values()
        self.controller.enroll(
            typed["server_url"],
            typed["code"],
            typed["device_name"],
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
        report_failure(self.controller.ops, error, self.error, self.binding)

    def clear(self) -> None:
        self.code.clear()
        self.error.clear()
        self.binding.clear_messages()
