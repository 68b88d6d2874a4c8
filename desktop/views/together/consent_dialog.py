"""Recording a consent: who gave it, when, for what, until when."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.services.consents import Consent, ConsentGiver, Consents
from desktop.services.session import Session
from desktop.views.field_values import choices
from desktop.views.ops import Ops
from desktop.views.record_dialog import RecordDialog
from desktop.views.together.fields import OptionalDate, date_field, read_date
from desktop.views.trajectories.fields import TextArea
from veldwerk_core.i18n import _
from veldwerk_core.models import Youth


class ConsentDialog(RecordDialog):
    def __init__(
        self, ops: Ops, youth: Youth, parent: QWidget | None = None, *, for_what: str = ""
    ) -> None:
        super().__init__(ops, _("Toestemming van {name}", name=youth.name_with_age()), parent)
        self._youth_id = youth.id
        self.giver = QComboBox(self)
        choices(self.giver, ConsentGiver.options(), _("Kies…"))
        self.given_by = QLineEdit(self)
        self.for_what = TextArea(self, lines=2)
        self.for_what.setText(for_what)
        self.given_on = date_field(self)
        self.until = OptionalDate(_("tijdelijk, tot"), self)
        bind, form = self.binding, self.form
        bind.row(form, _("Wie gaf toestemming"), "giver", self.giver, required=True)
        bind.row(form, _("Naam"), "given_by", self.given_by, required=True)
        bind.row(form, _("Waarvoor"), "for_what", self.for_what, required=True)
        bind.row(form, _("Gegeven op"), "given_on", self.given_on, required=True)
        bind.row(form, _("Geldig tot"), "until", self.until, edited=self.until.edit_signals())

    def values(self) -> dict[str, Any]:
        return {
            "giver": self.giver.currentData() or "",
            "given_by": self.given_by.text(),
            "for_what": self.for_what.text(),
            "given_on": read_date(self.given_on),
            "until": self.until.value(),
        }

    def work(self, session: Session, data: dict[str, Any]) -> Consent:
        return Consents(session).record(
            self._youth_id,
            data["giver"],
            data["given_by"],
            data["for_what"],
            given_on=data["given_on"],
            until=data["until"],
        )
