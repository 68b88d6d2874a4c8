"""Adding a relation or an involved professional to a youth."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.services.errors import VeldwerkError
from desktop.services.youths import Youths
from desktop.views.form import FieldMessage, dialog_buttons, error_label, show_field_errors
from desktop.views.ops import Ops
from desktop.views.picker import YouthPicker
from veldwerk_core.i18n import _
from veldwerk_core.models import Relation, RelationKind, Youth
from veldwerk_core.models.errors import RecordInvalid


class _RecordDialog(QDialog):
    """Shared saving behaviour: run on the worker, show field messages, keep what was typed."""

    sig_saved = Signal(object)

    def __init__(
        self, ops: Ops, title: str, fields: tuple[str, ...], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.messages = {name: FieldMessage(self) for name in fields}
        self.error = error_label(self)
        buttons, self.save_button = dialog_buttons(
            self, _("Opslaan"), "save", self.save, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def row(self, label: str, widget: QWidget, field: str) -> None:
        widget.setObjectName(field)
        self.form.addRow(label, widget)
        self.form.addRow("", self.messages[field])

    def work(self, session: Any) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        self.save_button.setEnabled(False)
        self._ops.run(self.work, on_success=self._saved, on_failure=self._failed, owner=self)

    def _saved(self, record: Any) -> None:
        self.sig_saved.emit(record)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, RecordInvalid):
            self.error.setText("\n".join(show_field_errors(self.messages, error.errors)))
        elif isinstance(error, VeldwerkError):
            self.error.setText(error.user_message())
        else:
            self._ops.sig_error.emit(error)


class RelationDialog(_RecordDialog):
    def __init__(self, ops: Ops, youth: Youth, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            _("Relatie van {name}", name=youth.name_with_age()),
            ("relation_kind", "related_youth_id", "name", "note"),
            parent,
        )
        self._youth = youth
        self._other: Youth | None = None
        self.kind = QComboBox(self)
        for code, label in RelationKind.options():
            self.kind.addItem(label, code)
        self.other = YouthPicker(ops, self)
        self.other.exclude([youth.id])
        self.other.sig_picked.connect(self._picked)
        self.other.textEdited.connect(self._other_edited)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("als de persoon niet in het register staat"))
        self.note = QLineEdit(self)
        self.row(_("Soort relatie"), self.kind, "relation_kind")
        self.row(_("Andere jongere"), self.other, "related_youth_id")
        self.row(_("Of naam"), self.name, "name")
        self.row(_("Toelichting"), self.note, "note")

    def _picked(self, youth: Youth) -> None:
        self._other = youth

    def _other_edited(self, _text: str) -> None:
        self._other = None

    def work(self, session: Any) -> Relation:
        return Youths(session).add_relation(
            {
                "youth_id": str(self._youth.id),
                "relation_kind": self.kind.currentData(),
                "related_youth_id": str(self._other.id) if self._other else None,
                "name": self.name.text(),
                "note": self.note.text(),
            }
        )


class InvolvementDialog(_RecordDialog):
    def __init__(
        self, ops: Ops, youth: Youth, profile: Any | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ops,
            _("Betrokkene bij {name}", name=youth.name_with_age()),
            ("professional", "organisation", "role", "since", "until"),
            parent,
        )
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
        self.row(_("Professional") + " *", self.professional, "professional")
        self.row(_("Organisatie") + " *", self.organisation, "organisation")
        self.row(_("Rol") + " *", self.role, "role")
        self.row(_("Sinds") + " *", self.since, "since")
        self.row(_("Tot"), self.until, "until")

    def work(self, session: Any) -> Any:
        return Youths(session).add_involvement(
            {
                "youth_id": str(self._youth_id),
                "professional": self.professional.text(),
                "organisation": self.organisation.text(),
                "role": self.role.text(),
                "since": self.since.text(),
                "until": self.until.text() or None,
            }
        )
