"""Naming a colleague or partner as involved with a youth, changing it, ending it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.services.involvements import Involved, Involvements
from desktop.services.session import Session
from desktop.views.ops import Ops
from desktop.views.record_dialog import RecordDialog
from desktop.views.together.fields import (
    Known,
    colleague_label,
    date_field,
    load_known,
    read_date,
)
from desktop.views.trajectories.fields import DateEdit
from veldwerk_core.i18n import _
from veldwerk_core.models import Involvement, Youth

COLLEAGUE, PARTNER = "colleague", "partner"


class NameInvolvedDialog(RecordDialog):
    """A colleague from the directory (who then gets the youth at their next sync), or a
    partner organisation of the municipality's configuration."""

    def __init__(self, ops: Ops, youth: Youth, parent: QWidget | None = None) -> None:
        super().__init__(ops, _("Betrokkene bij {name}", name=youth.name_with_age()), parent)
        self._youth_id = youth.id
        self.who = QComboBox(self)
        self.who.addItem(_("Kies een collega of partner…"), None)
        self.contact = QLineEdit(self)
        self.contact.setPlaceholderText(_("alleen bij een partner: wie daar het contact is"))
        self.role = QLineEdit(self)
        self.role.setPlaceholderText(_("leeg: de rol uit het adresboek"))
        self.since = date_field(self)
        bind, form = self.binding, self.form
        bind.row(form, _("Wie"), "professional_id", self.who, required=True)
        bind.row(form, _("Contactpersoon"), "professional", self.contact)
        bind.row(form, _("Rol"), "role", self.role)
        bind.row(form, _("Sinds"), "since", self.since, required=True)
        self.who.currentIndexChanged.connect(self._who_changed)
        load_known(ops, self, self._offer)

    def _offer(self, known: Known) -> None:
        self.say(known.no_directory)
        for colleague in sorted(known.colleagues, key=lambda c: c.name.lower()):
            if colleague.user_id != known.my_user_id:
                self.who.addItem(colleague_label(colleague), (COLLEAGUE, colleague.user_id))
        for partner in known.partners:
            label = _("{name} · {kind} (partner)", name=partner.name, kind=partner.kind.label)
            self.who.addItem(label, (PARTNER, partner.name))
        self._who_changed()

    def _who_changed(self) -> None:
        chosen = self.who.currentData()
        partner = chosen is not None and chosen[0] == PARTNER
        self.contact.setEnabled(partner)
        self.role.setEnabled(not partner)

    def values(self) -> dict[str, Any]:
        return {
            "chosen": self.who.currentData(),
            "since": read_date(self.since),
            "contact": self.contact.text().strip() or None,
            "role": self.role.text().strip() or None,
        }

    def work(self, session: Session, data: dict[str, Any]) -> Involvement:
        chosen, since = data["chosen"], data["since"]
        service = Involvements(session)
        if chosen is not None and chosen[0] == PARTNER:
            return service.name_partner(
                self._youth_id, chosen[1], contact=data["contact"], since=since
            )
        user_id = chosen[1] if chosen is not None else ""
        return service.name_colleague(self._youth_id, user_id, since=since, role=data["role"])


class EditInvolvedDialog(RecordDialog):
    """Role and dates; the name and organisation too for someone outside the directory."""

    def __init__(self, ops: Ops, involved: Involved, parent: QWidget | None = None) -> None:
        item = involved.involvement
        super().__init__(ops, _("Betrokkene wijzigen: {name}", name=item.professional), parent)
        self._id = item.id
        bind, form = self.binding, self.form
        self.professional = QLineEdit(item.professional, self)
        self.organisation = QLineEdit(item.organisation, self)
        self.role = QLineEdit(item.role, self)
        self.since = DateEdit(self)
        self.since.set_date(item.since)
        self.until = DateEdit(self)
        self.until.set_date(item.until)
        self.until.setPlaceholderText(_("dd-mm-jjjj, leeg als het nog loopt"))
        if involved.colleague is None:
            bind.row(form, _("Professional"), "professional", self.professional, required=True)
            bind.row(form, _("Organisatie"), "organisation", self.organisation, required=True)
        bind.row(form, _("Rol"), "role", self.role, required=True)
        bind.row(form, _("Sinds"), "since", self.since, required=True)
        bind.row(form, _("Tot"), "until", self.until)

    def work(self, session: Session, data: dict[str, Any]) -> Involvement:
        return Involvements(session).edit(self._id, data)


class EndInvolvedDialog(RecordDialog):
    """The last day of an involvement; a colleague loses the youth at their next sync."""

    def __init__(self, ops: Ops, involved: Involved, parent: QWidget | None = None) -> None:
        item = involved.involvement
        super().__init__(
            ops,
            _("Betrokkenheid beëindigen: {name}", name=item.professional),
            parent,
            action=_("Beëindigen"),
        )
        self._id = item.id
        if involved.colleague is not None:
            self.say(
                _(
                    "Na de laatste dag verdwijnt de jongere bij de volgende synchronisatie van het apparaat van de collega."
                )
            )
        self.until = date_field(self)
        self.binding.row(self.form, _("Laatste dag"), "until", self.until, required=True)

    def values(self) -> dict[str, Any]:
        return {"until": read_date(self.until)}

    def work(self, session: Session, data: dict[str, Any]) -> Involvement:
        return Involvements(session).end(self._id, data["until"])
