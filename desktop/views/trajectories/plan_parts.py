"""The three lists of the plan editor: goals, agreements (and support), network."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from desktop.services.config import configuration
from desktop.views.trajectories.fields import DateEdit, PlainHint, TextArea, add_field, dutch
from desktop.views.trajectories.parts import PartList
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.trajectory import AgreementStatus, Party


def _combo(parent: QWidget, options: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox(parent)
    for code, label in options:
        combo.addItem(label, code)
    return combo


def _select(combo: QComboBox, code: object) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(max(index, 0))


def _date_text(value: object) -> str:
    """Stored ISO dates shown as dd-mm-jjjj; what a person typed is kept as typed."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return dutch(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value or "")


class GoalList(PartList):
    add_text = N_("Doel &toevoegen")
    empty_text = N_("Nog geen doelen. Voeg per leefgebied een doel toe.")

    def build_form(self, parent: QWidget, form: QFormLayout) -> None:
        domains = [
            (d.code, d.label) for d in configuration().taxonomy.life_domains if not d.retired
        ]
        self.domain = _combo(parent, domains)
        self.what = TextArea(parent)
        self.what.setObjectName("goalWhat")
        self.how = TextArea(parent, lines=2)
        self.by_when = DateEdit(parent)
        self.what_hint = PlainHint(parent)
        add_field(form, _("Leefgebied"), self.domain, self.messages, "life_domain", required=True)
        add_field(
            form,
            _("Wat wil je bereiken"),
            self.what,
            self.messages,
            "what",
            required=True,
            hint=self.what_hint,
        )
        add_field(form, _("Hoe zien we vooruitgang"), self.how, self.messages, "how_measured")
        add_field(form, _("Wanneer"), self.by_when, self.messages, "by_when")
        self.domain.currentIndexChanged.connect(self.changed)
        for widget in (self.what, self.how, self.by_when):
            widget.textChanged.connect(self.changed)

    def new_item(self) -> dict[str, Any]:
        return {**super().new_item(), "life_domain": self.domain.itemData(0)}

    def load(self, item: Mapping[str, Any]) -> None:
        _select(self.domain, item.get("life_domain"))
        self.what.setText(item.get("what", ""))
        self.how.setText(item.get("how_measured", ""))
        self.by_when.setText(_date_text(item.get("by_when")))
        self.what_hint.check(self.what.text())

    def store(self, item: dict[str, Any]) -> None:
        item.update(
            life_domain=self.domain.currentData(),
            what=self.what.text(),
            how_measured=self.how.text(),
            by_when=self.by_when.value(),
        )

    def summary(self, item: Mapping[str, Any]) -> str:
        index = self.domain.findData(item.get("life_domain"))
        domain = self.domain.itemText(index) if index >= 0 else ""
        return f"{domain}: {item.get('what', '')}".strip(": ")

    def choices(self) -> list[tuple[str, str]]:
        return [(item["id"], self.summary(item)) for item in self.items]


class AgreementList(PartList):
    add_text = N_("Afspraak &toevoegen")
    empty_text = N_(
        "Nog geen afspraken. Afspraken gaan twee kanten op: wat doet de jongere, "
        "wat doen coach, ouders, school, werkgever en netwerk, en welke steun staat ertegenover?"
    )

    def __init__(self, goals: GoalList, parent: QWidget | None = None) -> None:
        self.goals = goals
        super().__init__(parent)

    def build_form(self, parent: QWidget, form: QFormLayout) -> None:
        self.party = _combo(parent, Party.options())
        self.who = QLineEdit(parent)
        self.who.setObjectName("agreementWho")
        self.what = TextArea(parent)
        self.what.setObjectName("agreementWhat")
        self.due = DateEdit(parent)
        self.goal = QComboBox(parent)
        self.status = _combo(parent, AgreementStatus.options())
        self.note = QLineEdit(parent)
        self.support = QCheckBox(
            _("Steun in ruil (bijvoorbeeld schuldregeling of studiekosten)"), parent
        )
        self.depends = QListWidget(parent)
        self.depends.setMaximumHeight(90)
        self.what_hint = PlainHint(parent)
        add_field(form, _("Partij"), self.party, self.messages, "party", required=True)
        add_field(form, _("Wie"), self.who, self.messages, "who", required=True)
        add_field(
            form, _("Wat"), self.what, self.messages, "what", required=True, hint=self.what_hint
        )
        add_field(form, _("Wanneer klaar"), self.due, self.messages, "due")
        add_field(form, _("Hoort bij doel"), self.goal, self.messages, "goal_id")
        add_field(form, _("Status"), self.status, self.messages, "status")
        add_field(form, _("Toelichting"), self.note, self.messages, "note")
        add_field(form, "", self.support, self.messages, "is_support")
        add_field(form, _("Hangt af van"), self.depends, self.messages, "depends_on")
        for combo in (self.party, self.goal, self.status):
            combo.currentIndexChanged.connect(self.changed)
        for widget in (self.who, self.what, self.due, self.note):
            widget.textChanged.connect(self.changed)
        self.support.toggled.connect(self._support_toggled)
        self.depends.itemChanged.connect(lambda _item: self.changed())

    def _support_toggled(self, on: bool) -> None:
        self.depends.setEnabled(on)
        self.changed()

    def load(self, item: Mapping[str, Any]) -> None:
        _select(self.party, item.get("party", Party.YOUTH.value))
        self.who.setText(item.get("who", ""))
        self.what.setText(item.get("what", ""))
        self.due.setText(_date_text(item.get("due")))
        self.goal.clear()
        self.goal.addItem(_("(geen)"), None)
        for code, label in self.goals.choices():
            self.goal.addItem(label, code)
        _select(self.goal, item.get("goal_id"))
        _select(self.status, item.get("status", AgreementStatus.OPEN.value))
        self.note.setText(item.get("note", ""))
        self.support.setChecked(bool(item.get("is_support")))
        self.depends.setEnabled(bool(item.get("is_support")))
        self.depends.clear()
        chosen = {str(x) for x in item.get("depends_on", [])}
        for other in self.items:
            if other is item or other.get("is_support"):
                continue
            entry = QListWidgetItem(self.summary(other), self.depends)
            entry.setData(Qt.ItemDataRole.UserRole, other["id"])
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = str(other["id"]) in chosen
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.what_hint.check(self.what.text())

    def store(self, item: dict[str, Any]) -> None:
        support = self.support.isChecked()
        depends = [
            self.depends.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.depends.count())
            if self.depends.item(i).checkState() == Qt.CheckState.Checked
        ]
        item.update(
            party=self.party.currentData(),
            who=self.who.text(),
            what=self.what.text(),
            due=self.due.value(),
            goal_id=self.goal.currentData(),
            status=self.status.currentData(),
            note=self.note.text(),
            is_support=support,
            depends_on=depends if support else [],
        )

    def summary(self, item: Mapping[str, Any]) -> str:
        party = Party(item.get("party", Party.YOUTH.value)).label
        prefix = _("Steun") + " · " if item.get("is_support") else ""
        return f"{prefix}{party}: {item.get('what', '')}".strip(": ")


class NetworkList(PartList):
    add_text = N_("Persoon &toevoegen")
    empty_text = N_(
        "Nog niemand in het netwerk. Vraag de jongere op wie hij of zij kan terugvallen."
    )

    def build_form(self, parent: QWidget, form: QFormLayout) -> None:
        self.name = QLineEdit(parent)
        self.name.setObjectName("networkName")
        self.relation = QLineEdit(parent)
        self.phone = QLineEdit(parent)
        add_field(form, _("Naam"), self.name, self.messages, "name", required=True)
        add_field(form, _("Wie is dit voor je"), self.relation, self.messages, "relation")
        add_field(form, _("Telefoon"), self.phone, self.messages, "phone")
        for widget in (self.name, self.relation, self.phone):
            widget.textChanged.connect(self.changed)

    def new_item(self) -> dict[str, Any]:
        return {}

    def load(self, item: Mapping[str, Any]) -> None:
        self.name.setText(item.get("name", ""))
        self.relation.setText(item.get("relation", ""))
        self.phone.setText(item.get("phone", ""))

    def store(self, item: dict[str, Any]) -> None:
        item.update(name=self.name.text(), relation=self.relation.text(), phone=self.phone.text())

    def summary(self, item: Mapping[str, Any]) -> str:
        relation = item.get("relation", "")
        return f"{item.get('name', '')}" + (f" ({relation})" if relation else "")
