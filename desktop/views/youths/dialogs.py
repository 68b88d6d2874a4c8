"""Adding a relation or an involved professional to a youth."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.views.field_values import choices
from desktop.views.ops import Ops
from desktop.views.picker import YouthPicker
from desktop.views.record_dialog import RecordDialog
from veldwerk_core.i18n import _
from veldwerk_core.models import Relation, RelationKind, Youth


class RelationDialog(RecordDialog):
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


class InvolvementDialog(RecordDialog):
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
