"""The three lists of the plan editor: goals, agreements (and support), network."""

from __future__ import annotations

from collections.abc import Mapping
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
from desktop.views.field_values import choices
from desktop.views.trajectories.fields import DateEdit, PlainHint, TextArea, add_field
from desktop.views.trajectories.parts import PartList
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.trajectory import AgreementStatus, Party


def _combo(parent: QWidget, options: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox(parent)
    choices(combo, options)
    return combo


class GoalList(PartList):
    add_text = N_("Doel &toevoegen")
    empty_text = N_("Nog geen doelen. Voeg per leefgebied een doel toe.")

    def build_form(self, parent: QWidget, form: QFormLayout) -> None:
        domains = [
            (d.code, d.label) for d in configuration().taxonomy.life_domains if not d.retired
        ]
        self.domain = _combo(parent, domains)
        self.what = TextArea(parent)
        self.how = TextArea(parent, lines=2)
        self.by_when = DateEdit(parent)
        self.what_hint = PlainHint(parent)
        self.how_hint = PlainHint(parent)
        bind = self.binding
        add_field(bind, form, _("Leefgebied"), "life_domain", self.domain, required=True)
        add_field(
            bind,
            form,
            _("Wat wil je bereiken"),
            "what",
            self.what,
            required=True,
            hint=self.what_hint,
        )
        add_field(
            bind, form, _("Hoe zien we vooruitgang"), "how_measured", self.how, hint=self.how_hint
        )
        add_field(bind, form, _("Wanneer"), "by_when", self.by_when)

    def new_item(self) -> dict[str, Any]:
        return {**super().new_item(), "life_domain": self.domain.itemData(0)}

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
        self.what = TextArea(parent)
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
        bind = self.binding
        add_field(bind, form, _("Partij"), "party", self.party, required=True)
        add_field(bind, form, _("Wie"), "who", self.who, required=True)
        add_field(bind, form, _("Wat"), "what", self.what, required=True, hint=self.what_hint)
        add_field(bind, form, _("Wanneer klaar"), "due", self.due)
        add_field(bind, form, _("Hoort bij doel"), "goal_id", self.goal)
        add_field(bind, form, _("Status"), "status", self.status)
        add_field(bind, form, _("Toelichting"), "note", self.note)
        add_field(bind, form, "", "is_support", self.support)
        add_field(
            bind,
            form,
            _("Hangt af van"),
            "depends_on",
            self.depends,
            read=self._depends_on,
            write=self._show_depends_on,
            edited=[self.depends.itemChanged],
        )
        self.support.toggled.connect(self.depends.setEnabled)

    def load(self, item: Mapping[str, Any]) -> None:
        """The goals and other agreements to choose from first, then the agreement."""
        self.goal.clear()
        self.goal.addItem(_("(geen)"), None)
        for code, label in self.goals.choices():
            self.goal.addItem(label, code)
        self.depends.clear()
        for other in self.items:
            if other is item or other.get("is_support"):
                continue
            entry = QListWidgetItem(self.summary(other), self.depends)
            entry.setData(Qt.ItemDataRole.UserRole, other["id"])
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
        super().load(item)
        self.depends.setEnabled(self.support.isChecked())

    def _depends_on(self) -> list[Any]:
        if not self.support.isChecked():
            return []
        return [
            self.depends.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.depends.count())
            if self.depends.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _show_depends_on(self, chosen: list[Any] | None) -> None:
        wanted = {str(x) for x in chosen or []}
        for i in range(self.depends.count()):
            entry = self.depends.item(i)
            checked = str(entry.data(Qt.ItemDataRole.UserRole)) in wanted
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

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
        self.relation = QLineEdit(parent)
        self.phone = QLineEdit(parent)
        bind = self.binding
        add_field(bind, form, _("Naam"), "name", self.name, required=True)
        self.relation_hint = PlainHint(parent)
        add_field(
            bind, form, _("Wie is dit voor je"), "relation", self.relation, hint=self.relation_hint
        )
        add_field(bind, form, _("Telefoon"), "phone", self.phone)

    def new_item(self) -> dict[str, Any]:
        return {}

    def summary(self, item: Mapping[str, Any]) -> str:
        relation = item.get("relation", "")
        return f"{item.get('name', '')}" + (f" ({relation})" if relation else "")
