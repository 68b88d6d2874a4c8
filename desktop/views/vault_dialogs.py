"""First run (create a vault) and unlocking."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.config import configuration
from desktop.services.errors import UnlockThrottled, WrongPassphrase
from desktop.services.session import Session
from desktop.services.unlock_guard import UnlockGuard
from desktop.views.binding import Binding
from desktop.views.failure import report_failure
from desktop.views.field_values import choices
from desktop.views.form import PassphraseEdit, dialog_buttons, error_label
from desktop.views.ops import Ops
from desktop.views.strength import NewPassphrase
from veldwerk_core.i18n import _
from veldwerk_core.models.actor import Profile, Role
from veldwerk_core.models.errors import RecordInvalid, validate_record


class CreateVaultDialog(QDialog):
    """First run: who you are and the passphrase that protects the vault."""

    sig_created = Signal(object)
    """The new :class:`Session` (its vault is open)."""

    def __init__(self, ops: Ops, data_dir: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._data_dir = data_dir
        self.setWindowTitle(_("Welkom bij Veldwerk"))
        self.setMinimumWidth(520)

        intro = QLabel(
            _(
                "Veldwerk bewaart alles versleuteld op deze computer, in een kluis. "
                "Vertel wie je bent en kies de wachtwoordzin waarmee je de kluis opent."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(self)
        self.role = QComboBox(self)
        choices(self.role, Role.options())
        self.organisation = QLineEdit(self)
        self.wijk = QComboBox(self)
        choices(self.wijk, [(w, w) for w in configuration().places.wijken], _("— geen —"))
        self.binding = Binding(self)
        self.messages = self.binding.messages
        form, bind = QFormLayout(), self.binding
        bind.row(form, _("Naam"), "name", self.name, required=True)
        bind.row(form, _("Rol"), "role", self.role, required=True)
        bind.row(form, _("Organisatie"), "organisation", self.organisation)
        bind.row(
            form,
            _("Eigen wijk"),
            "wijk",
            self.wijk,
            read=lambda: self.wijk.currentData() or "",
        )

        self.passphrase = NewPassphrase(self)
        self.error = error_label(self)
        self.buttons, self.create_button = dialog_buttons(
            self, _("Kluis aanmaken"), "createVault", self._create, _("Afsluiten")
        )

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.name.textChanged.connect(self._refresh)
        self.passphrase.sig_changed.connect(self._refresh)
        self._refresh()

    def _profile(self) -> Profile:
        return validate_record(Profile, self.binding.values())

    def _refresh(self) -> None:
        self.passphrase.avoid = (self.name.text(),)
        self.create_button.setEnabled(
            bool(self.name.text().strip()) and self.passphrase.acceptable()
        )

    def _create(self) -> None:
        try:
            profile = self._profile()
        except RecordInvalid as invalid:
            report_failure(self._ops, invalid, self.error, self.binding)
            return
        if not self.passphrase.acceptable():
            return
        secret = Secret(self.passphrase.take())
        self._set_busy(True)
        data_dir = self._data_dir
        self._ops.run_unlocked(
            lambda: sessions.create(data_dir, secret, profile),
            on_success=self._created,
            on_failure=self._failed,
            owner=self,
        )

    def _created(self, session: Session) -> None:
        self._set_busy(False)
        self.sig_created.emit(session)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        report_failure(self._ops, error, self.error)

    def _set_busy(self, busy: bool) -> None:
        self.setEnabled(not busy)
        self.error.setText(_("Kluis wordt aangemaakt…") if busy else "")


class UnlockDialog(QDialog):
    """Asks for the passphrase; after repeated mistakes each next try waits longer.

    While a wait runs the cursor stays in the passphrase field: what is typed there and
    confirmed with Enter is tried as soon as the wait is over. Enter never reaches
    "Afsluiten" (it is no default button), so typing on cannot close the app.
    """

    sig_unlocked = Signal(object)
    """The unlocked :class:`Session`."""

    def __init__(
        self, ops: Ops, data_dir: DataDir, guard: UnlockGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._data_dir = data_dir
        self._guard = guard
        self.setWindowTitle(_("Veldwerk ontgrendelen"))
        self.setMinimumWidth(420)

        intro = QLabel(_("Voer je wachtwoordzin in om de kluis te openen."), self)
        intro.setWordWrap(True)
        self.passphrase = PassphraseEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setAccessibleName(_("Wachtwoordzin"))
        self.error = error_label(self)
        buttons, self.unlock_button = dialog_buttons(
            self, _("Ontgrendelen"), "unlock", self._unlock, _("Afsluiten")
        )
        for button in buttons.buttons():
            if isinstance(button, QPushButton) and button is not self.unlock_button:
                button.setAutoDefault(False)
        self._try_when_ready = False
        """Enter was pressed during a wait: try the passphrase when the wait is over."""

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(_("Wachtwoordzin"), self))
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._tick()

    def _unlock(self) -> None:
        if not self.passphrase.text():
            self.error.setText(_("Vul je wachtwoordzin in."))
            return
        if self._guard.remaining() > 0:
            self._try_when_ready = True
            self._tick()
            return
        self._try_when_ready = False
        secret = Secret(self.passphrase.take())
        self._set_busy(True)
        data_dir, guard = self._data_dir, self._guard
        self._ops.run_unlocked(
            lambda: sessions.attempt_unlock(data_dir, secret, guard),
            on_success=self._unlocked,
            on_failure=self._failed,
            owner=self,
        )

    def _unlocked(self, session: Session) -> None:
        self._set_busy(False)
        self.error.clear()
        self.sig_unlocked.emit(session)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        report_failure(self._ops, error, self.error)
        if isinstance(error, (WrongPassphrase, UnlockThrottled)):
            self._tick()
        self.passphrase.setFocus()

    def _tick(self) -> None:
        """Say how long a wait still takes; the cursor stays in the passphrase field."""
        wait = self._guard.remaining()
        if wait > 0:
            seconds = int(wait + 0.999)
            if self._try_when_ready:
                text = _(
                    "Wacht nog {seconds} seconden. Daarna wordt je wachtwoordzin gecontroleerd.",
                    seconds=seconds,
                )
            else:
                text = _(
                    "Te veel onjuiste pogingen. Wacht nog {seconds} seconden.", seconds=seconds
                )
            self.error.setText(text)
            if not self._countdown.isActive():
                self._countdown.start()
        elif self._countdown.isActive():
            self._countdown.stop()
            self.error.setText(_("Je kunt het opnieuw proberen."))
            self.passphrase.setFocus()
            if self._try_when_ready:
                self._unlock()

    def _set_busy(self, busy: bool) -> None:
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        if busy:
            self.error.setText(_("Bezig met openen…"))

    def reset(self) -> None:
        """Make the dialog ready for the next unlock (after an auto-lock)."""
        self._try_when_ready = False
        self.passphrase.clear()
        self.error.clear()
        self._tick()
        self.passphrase.setFocus()
