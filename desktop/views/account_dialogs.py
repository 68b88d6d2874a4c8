"""Changing the passphrase and the few preferences a user can set."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.models.secret import Secret
from desktop.services.settings import Settings
from desktop.views.failure import report_failure
from desktop.views.form import PassphraseEdit, dialog_buttons, error_label
from desktop.views.ops import Ops
from desktop.views.strength import NewPassphrase
from veldwerk_core.i18n import LANGUAGES, _


class ChangePassphraseDialog(QDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(_("Wachtwoordzin wijzigen"))
        self.setMinimumWidth(480)
        self.current = PassphraseEdit(self)
        self.current.setObjectName("currentPassphrase")
        self.new = NewPassphrase(self)
        self.error = error_label(self)
        buttons, self.ok = dialog_buttons(
            self, _("Wijzigen"), "changePassphrase", self._change, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Huidige wachtwoordzin"), self))
        layout.addWidget(self.current)
        layout.addWidget(self.new)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.new.sig_changed.connect(self._refresh)
        self.current.textChanged.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        self.ok.setEnabled(bool(self.current.text()) and self.new.acceptable())

    def _change(self) -> None:
        current, new = Secret(self.current.take()), Secret(self.new.take())
        self.setEnabled(False)
        self.error.setText(_("De kluis wordt opnieuw versleuteld…"))
        self._ops.run(
            lambda session: session.change_passphrase(current, new),
            on_success=lambda _result: self.accept(),
            on_failure=self._failed,
            owner=self,
        )

    def _failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        report_failure(self._ops, error, self.error)
        self.current.setFocus()


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Instellingen"))
        self.idle = QSpinBox(self)
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(1, 60)
        self.idle.setSuffix(" " + _("minuten"))
        self.idle.setValue(settings.idle_lock_minutes)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(settings.language))
        note = QLabel(_("Een andere taal wordt actief na het opnieuw starten van Veldwerk."), self)
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Automatisch vergrendelen na"), self.idle)
        form.addRow(_("Taal"), self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def result_settings(self) -> Settings:
        return Settings(idle_lock_minutes=self.idle.value(), language=self.language.currentData())
