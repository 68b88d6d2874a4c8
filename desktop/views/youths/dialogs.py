"""Adding a relation or an involved professional to a youth."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.views.binding import Binding
from desktop.views.failure import report_failure
from desktop.views.field_values import choices
from desktop.views.form import dialog_buttons, error_label
from desktop.views.ops import Ops
from desktop.views.picker import YouthPicker
from veldwerk_core.i18n import _
from veldwerk_core.models import Relation, RelationKind, Youth


class _RecordDialog(QDialog):
    """Shared saving behaviour: run on the worker, show field messages, keep what was typed.
    Subclasses declare their fields on :attr:`binding` and store :meth:`data` in ``work``."""

    sig_saved = Signal(object)

    def __init__(self, ops: Ops, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.error = error_label(self)
        buttons, self.save_button = dialog_buttons(
            self, _("Opslaan"), "save", self.save, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def work(self, session: Session, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        self.save_button.setEnabled(False)
        data = self.binding.values()
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


class RelationDialog(_RecordDialog):
    def __init__(self, ops: Ops, youth: Youth, parent: QWidget | None = None) -> None:
        super().__init__(ops, _("Relatie van {name}", name=youth.name_with_age()), parent)
        self._youth_id = youth.id
        self._other: Youth | None = None
        self.kind = QComboBox(self)
        choices(self.kind, RelationKind.options())
        self.other = YouthPicker(ops, self)
        self.other.exclude([youth.id])
        self.other.sig_picked.connect(self._picked)
        self.other.textEdited.connect(self._other_edited)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("als de persoon niet in het register staat"))
        self.note = QLineEdit(self)
        bind = self.binding
        bind.row(self.form, _("Soort relatie"), "relation_kind", self.kind)
        bind.row(
            self.form,
            _("Andere jongere"),
            "related_youth_id",
            self.other,
            read=lambda: str(self._other.id) if self._other else None,
            fill=False,
        )
        bind.row(self.form, _("Of naam"), "name", self.name)
        bind.row(self.form, _("Toelichting"), "note", self.note)

    def _picked(self, youth: Youth) -> None:
        self._other = youth

    def _other_edited(self, _text: str) -> None:
        self._other = None

    def work(self, session: Session, data: dict[str, Any]) -> Relation:
        return Youths(session).add_relation({"youth_id": str(self._youth_id), **data})


class InvolvementDialog(_RecordDialog):
    def __init__(
        self, ops: Ops, youth: Youth, profile: Any | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, _("Betrokkene bij {name}", name=youth.name_with_age()), parent)
        self._youth_id: uuid.UUID = youth.id
        self.professional = QLineEdit(self)
        self.organisation = QLineEdit(self)
        self.role = QLineEdit(self)
        self.role.setPlaceholderText(_("bijvoorbeeld jongerenwerker, mentor, wijkagent"))
        self.since = QLineEdit(date.today().strftime("%d-%m-%Y"), self)
        self.until = QLineEdit(self)
        self.until.setPlaceholderText(_("dd-mm-jjjj, leeg als het nog loopt"))
        if profile is not None:
            self.professional.setText(profile.name)
            self.organisation.setText(profile.organisation)
            self.role.setText(profile.role.label)
        bind, form = self.binding, self.form
        bind.row(form, _("Professional"), "professional", self.professional, required=True)
        bind.row(form, _("Organisatie"), "organisation", self.organisation, required=True)
        bind.row(form, _("Rol"), "role", self.role, required=True)
        bind.row(form, _("Sinds"), "since", self.since, required=True)
        bind.row(form, _("Tot"), "until", self.until, read=lambda: self.until.text() or None)

    def work(self, session: Session, data: dict[str, Any]) -> Any:
        return Youths(session).add_involvement({"youth_id": str(self._youth_id), **data})
