"""Signing a plan version: each signer draws on screen or signed on paper on a date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.document import PlanDocument
from desktop.services.plans import Plans
from desktop.views.binding import Binding, under
from desktop.views.failure import report_failure
from desktop.views.form import dialog_buttons, error_label
from desktop.views.ops import Ops
from desktop.views.trajectories.fields import DateEdit, add_field
from desktop.views.trajectories.signature_pad import SignaturePad
from veldwerk_core.i18n import _
from veldwerk_core.models.errors import FieldError
from veldwerk_core.models.trajectory import SignatureMethod, SignerRole


class SignerBox(QGroupBox):
    """One signer: name, how (on screen or on paper), date, and the pad."""

    def __init__(self, role: SignerRole, name: str, today: date, parent: QWidget) -> None:
        super().__init__(role.label, parent)
        self.role = role
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.setObjectName(f"signer_{role.value}")
        self.name = QLineEdit(name, self)
        self.on_screen = QRadioButton(_("Op het &scherm"), self)
        self.on_paper = QRadioButton(_("Op &papier"), self)
        self.by_typing = QRadioButton(_("Naam &typen"), self)
        self.method = QButtonGroup(self)
        self.method.addButton(self.on_screen)
        self.method.addButton(self.on_paper)
        self.method.addButton(self.by_typing)
        self.typed = QLineEdit(self)
        self.typed.setPlaceholderText(_("de ondertekenaar typt hier zelf zijn of haar naam"))
        self.on_screen.setChecked(True)
        self.date = DateEdit(self)
        self.date.set_date(today)
        self.pad = SignaturePad(self)
        self.clear_button = QPushButton(_("Wissen"), self)
        self.clear_button.clicked.connect(self.pad.clear)
        methods = QHBoxLayout()
        methods.addWidget(self.on_screen)
        methods.addWidget(self.on_paper)
        methods.addWidget(self.by_typing)
        methods.addStretch(1)
        form, bind = QFormLayout(self), self.binding
        add_field(bind, form, _("Naam"), "name", self.name, required=True)
        method = bind.add(
            "method",
            self.on_screen,
            read=lambda: self._method().value,
            write=lambda value: self._button(value).setChecked(True),
        )
        bind.shared_row(form, _("Manier"), methods, [method])
        add_field(bind, form, _("Datum"), "signed_on", self.date, required=True)
        pad_row = QHBoxLayout()
        pad_row.addWidget(self.pad, 1)
        pad_row.addWidget(self.clear_button)
        image = bind.add(
            "image_png",
            self.pad,
            read=lambda: self.pad.png_base64() if self.on_screen.isChecked() else None,
            fill=False,
        )
        bind.shared_row(form, _("Handtekening"), pad_row, [image])
        self.typed_row = bind.row(
            form,
            _("Getypte naam"),
            "typed_name",
            self.typed,
            read=lambda: self.typed.text() if self.by_typing.isChecked() else "",
        )
        for button in (self.on_screen, self.on_paper, self.by_typing):
            button.toggled.connect(lambda _on: self._method_changed())
        self._method_changed()

    def _method(self) -> SignatureMethod:
        if self.on_screen.isChecked():
            return SignatureMethod.DRAWN
        return SignatureMethod.TYPED if self.by_typing.isChecked() else SignatureMethod.PAPER

    def _button(self, value: str) -> QRadioButton:
        return {
            SignatureMethod.DRAWN.value: self.on_screen,
            SignatureMethod.TYPED.value: self.by_typing,
        }.get(value, self.on_paper)

    def _method_changed(self) -> None:
        on_screen, typing = self.on_screen.isChecked(), self.by_typing.isChecked()
        self.pad.setEnabled(on_screen)
        self.pad.setVisible(on_screen)
        self.clear_button.setVisible(on_screen)
        self.typed.setVisible(typing)
        form = self.layout()
        if isinstance(form, QFormLayout):
            form.setRowVisible(self.typed, typing)

    def data(self) -> dict[str, Any]:
        return {"signer": self.role.value, **self.binding.values()}


class SigningDialog(QDialog):
    sig_signed = Signal(object)
    """The new signed :class:`PlanVersion`."""

    def __init__(
        self, ops: Ops, trajectory_id: UUID, document: PlanDocument, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.trajectory_id = trajectory_id
        self.setWindowTitle(_("Plan ondertekenen, versie {version}", version=document.version))
        self.resize(640, 720)
        intro = QLabel(
            _(
                "De jongere en de coach ondertekenen; onder de 16 jaar ook een ouder of "
                "verzorger. Daarna ligt deze versie vast: wijzigingen worden een nieuwe versie."
            ),
            self,
        )
        intro.setWordWrap(True)
        today = document.printed_on
        self.signers = [
            SignerBox(role, document.default_signer_name(role), today, self)
            for role, _signature in document.signer_slots()
        ]
        self.with_parent: QCheckBox | None = None
        if all(box.role is not SignerRole.PARENT for box in self.signers):
            # From 16 a parent need not sign, but may.
            self.with_parent = QCheckBox(_("Ook een ouder of verzorger tekent"), self)
            parent_box = SignerBox(SignerRole.PARENT, "", today, self)
            parent_box.hide()
            self.with_parent.toggled.connect(parent_box.setVisible)
            self.signers.insert(1, parent_box)
        self.error = error_label(self)
        self.buttons, self.sign_button = dialog_buttons(
            self, _("Ondertekenen"), "signPlan", self.sign, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for box in self.signers:
            if box.role is SignerRole.PARENT and self.with_parent is not None:
                layout.addWidget(self.with_parent)
            layout.addWidget(box)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def signing(self) -> list[SignerBox]:
        """The signers taking part (an optional parent only when ticked)."""
        return [box for box in self.signers if not box.isHidden()]

    def sign(self) -> None:
        signatures = [box.data() for box in self.signing()]
        trajectory_id = self.trajectory_id
        self.sign_button.setEnabled(False)
        self.error.clear()
        self.ops.run(
            lambda session: Plans(session).sign(trajectory_id, signatures),
            on_success=self._signed,
            on_failure=self._failed,
            owner=self,
        )

    def _signed(self, version: object) -> None:
        self.sign_button.setEnabled(True)
        self.sig_signed.emit(version)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.sign_button.setEnabled(True)
        report_failure(self.ops, error, self.error, self)

    def show_errors(self, errors: Sequence[FieldError]) -> list[str]:
        """Each signer's messages in their own box, the cursor in the first box with one."""
        unplaced: list[str] = []
        focus = True
        for index, box in enumerate(self.signing()):
            mine = under(f"signatures.{index}.", errors)
            unplaced += box.binding.show_errors(mine, focus=focus)
            focus = focus and not mine
        unplaced += [e.message for e in errors if not e.field.startswith("signatures.")]
        return unplaced
