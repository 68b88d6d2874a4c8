"""Editing a group: name, wijk, places (also online), members with their role, approach step."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.filters import SignalFilter
from desktop.services.config import configuration
from desktop.services.groups import Groups
from desktop.services.session import Session
from desktop.services.signals import Signals
from desktop.views.binding import Binding
from desktop.views.date_edit import DateField
from desktop.views.dates import dutch_datetime
from desktop.views.failure import report_failure
from desktop.views.field_values import choices, offer
from desktop.views.form import error_label
from desktop.views.ops import Ops
from desktop.views.picker import YouthPicker, describe_youth
from desktop.views.signals.detail import category_text
from veldwerk_core.i18n import _
from veldwerk_core.models import Group, GroupStep, LegacyTag, Youth
from veldwerk_core.models import Signal as SignalRecord
from veldwerk_core.models.group import LocationKind

ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class GroupView:
    group: Group | None
    members: dict[uuid.UUID, Youth]
    signals: list[SignalRecord]
    hidden_members: int = 0
    """Members outside this user's scope: counted, not listed (and kept when saving)."""


def load_group(session: Session, group_id: uuid.UUID) -> GroupView:
    groups = Groups(session)
    group, members = groups.open(group_id)
    signals = Signals(session).page(SignalFilter(group_id=group_id), 0, 50)
    return GroupView(group, members, signals, groups.hidden_members(group_id))


def _cell(table: QTableWidget, row: int, column: int, role: int | None = None) -> Any:
    """A cell's text (or data of ``role``); empty when the cell was never filled."""
    item = table.item(row, column)
    if item is None:
        return "" if role is None else None
    return item.text() if role is None else item.data(role)


class _Table(QTableWidget):
    """A small editable table; Delete removes the selected row."""

    def __init__(self, headers: list[str], parent: QWidget) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.setMaximumHeight(140)
        self.setTabKeyNavigation(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if (
            event.key() == Qt.Key.Key_Delete
            and self.currentRow() >= 0
            and self.state() != self.State.EditingState
        ):
            self.removeRow(self.currentRow())
            return
        super().keyPressEvent(event)


class GroupEditor(QWidget):
    sig_saved = Signal(object)
    sig_open = Signal(str, object)
    sig_new_signal = Signal(object)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._group: Group | None = None
        self._youths: dict[uuid.UUID, Youth] = {}
        self._clean: dict[str, Any] = {}
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.heading = QLabel(self)
        self.name = QLineEdit(self)
        self.wijk = QComboBox(self)
        self.wijk.addItem(_("— geen —"), "")
        choices(self.wijk, [(wijk, wijk) for wijk in configuration().places.wijken])
        self.locations = _Table([_("Soort"), _("Plek")], self)
        self.location_kind = QComboBox(self)
        choices(self.location_kind, LocationKind.options())
        self.location_name = QLineEdit(self)
        self.location_name.setPlaceholderText(_("plek of platform, Enter voegt toe"))
        self.location_name.returnPressed.connect(self._add_location)
        self.members = _Table([_("Jongere"), _("Rol in de groep")], self)
        self.member_picker = YouthPicker(ops, self, clear_on_pick=True)
        self.member_picker.setObjectName("memberPicker")
        self.member_picker.sig_picked.connect(self._add_member)
        self.step = QComboBox(self)
        choices(self.step, GroupStep.options())
        self.step_date = DateField(self)
        self.step_date.setDate(QDate.currentDate())
        self.step_date.setDisplayFormat("dd-MM-yyyy")
        self.step_date.setCalendarPopup(True)
        self.legacy_tag = QComboBox(self)
        choices(self.legacy_tag, LegacyTag.options(), _("— geen —"))
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(60)
        self.signals = QLabel(self)
        self.signals.setWordWrap(True)
        self.signals.setOpenExternalLinks(False)
        self.signals.linkActivated.connect(
            lambda link: self.sig_open.emit("signal", uuid.UUID(link.split(":", 1)[1]))
        )
        self.error = error_label(self)
        self.save_button = QPushButton(_("Groep opslaan"), self)
        self.save_button.setObjectName("saveGroup")
        self.save_button.clicked.connect(self.save)
        self.signal_button = QPushButton(_("Signaal over deze groep"), self)
        self.signal_button.clicked.connect(
            lambda: self._group and self.sig_new_signal.emit(self._group)
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.signal_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(self._lay_out())
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.signals)
        layout.addStretch(1)
        self.show_group(None)

    def _lay_out(self) -> QFormLayout:
        """The group's fields, once each."""
        form = QFormLayout()
        bind = self.binding
        bind.row(form, _("Naam"), "name", self.name, required=True)
        bind.row(form, _("Wijk"), "wijk", self.wijk)
        bind.row(
            form,
            _("Plekken"),
            "locations",
            self.locations,
            read=self._locations,
            write=self._show_locations,
        )
        location_row = QHBoxLayout()
        location_row.addWidget(self.location_kind)
        location_row.addWidget(self.location_name, 1)
        form.addRow("", location_row)
        members = bind.add(
            "members", self.members, read=self._members, write=self._show_members, edited=()
        )
        form.addRow(_("Leden"), self.members)
        self.hidden_members = QLabel(self)
        self.hidden_members.setObjectName("hiddenMembers")
        self.hidden_members.setWordWrap(True)
        self.hidden_members.hide()
        form.addRow("", self.hidden_members)
        form.addRow("", self.member_picker)
        form.addRow("", members.message)
        steps = QHBoxLayout()
        steps.addWidget(self.step, 1)
        steps.addWidget(self.step_date)
        bind.shared_row(
            form,
            _("Stap groepsaanpak"),
            steps,
            [bind.add("step", self.step), bind.add("step_date", self.step_date)],
        )
        bind.row(form, _("Oude typering"), "legacy_tag", self.legacy_tag)
        bind.row(form, _("Notities"), "notes", self.notes)
        return form

    @property
    def group(self) -> Group | None:
        """The group in the editor (None: a new one)."""
        return self._group

    @property
    def dirty(self) -> bool:
        """Changed since it was shown or saved."""
        return self.binding.state() != self._clean

    def show_group(self, view: GroupView | None) -> None:
        wijken = configuration().places.wijken
        offer(self.wijk, [(wijk, wijk) for wijk in wijken], _("— geen —"), "")
        group = view.group if view else None
        if group is None or self._group is None or group.id != self._group.id:
            self.error.clear()  # the same group shown again keeps "Opgeslagen."
        self._group = group
        self._youths = dict(view.members) if view else {}
        hidden = view.hidden_members if view else 0
        self.hidden_members.setText(
            _(
                "En {count} andere leden die je niet kunt zien; zij blijven in de groep.",
                count=hidden,
            )
        )
        self.hidden_members.setVisible(hidden > 0)
        self.heading.setText(f"<h3>{group.name if group else _('Nieuwe groep')}</h3>")
        if group is None:
            self.binding.reset()
        else:
            self.binding.fill(group.dump())
        self._clean = self.binding.state()
        self.signal_button.setEnabled(group is not None)
        self.binding.clear_messages()
        lines = [
            f"<a href='signal:{s.id}'>{dutch_datetime(s.occurred_at)} · {category_text(s.category)}</a>"
            for s in (view.signals if view else [])
        ]
        self.signals.setText(
            (f"<b>{_('Signalen over deze groep')}</b><br>" + "<br>".join(lines)) if lines else ""
        )

    def _locations(self) -> list[dict[str, Any]]:
        return [
            {
                "location_kind": _cell(self.locations, row, 0, ID_ROLE),
                "name": _cell(self.locations, row, 1),
            }
            for row in range(self.locations.rowCount())
        ]

    def _show_locations(self, locations: list[dict[str, Any]] | None) -> None:
        self.locations.setRowCount(0)
        for location in locations or []:
            self._location_row(location["location_kind"], location["name"])

    def _location_row(self, kind: str, name: str) -> None:
        row = self.locations.rowCount()
        self.locations.insertRow(row)
        kind_item = QTableWidgetItem(LocationKind(kind).label)
        kind_item.setData(ID_ROLE, kind)
        kind_item.setFlags(kind_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.locations.setItem(row, 0, kind_item)
        self.locations.setItem(row, 1, QTableWidgetItem(name))

    def _add_location(self) -> None:
        if self.location_name.text().strip():
            self._location_row(self.location_kind.currentData(), self.location_name.text().strip())
            self.location_name.clear()

    def _members(self) -> list[dict[str, Any]]:
        return [
            {"youth_id": str(youth_id), "role": _cell(self.members, row, 1)}
            for row, youth_id in enumerate(self._member_ids())
        ]

    def _show_members(self, members: list[dict[str, Any]] | None) -> None:
        self.members.setRowCount(0)
        for member in members or []:
            youth_id = uuid.UUID(str(member["youth_id"]))
            youth = self._youths.get(youth_id)
            self._member_row(youth_id, describe_youth(youth) if youth else "?", member["role"])
        self.member_picker.exclude(self._member_ids())

    def _member_row(self, youth_id: uuid.UUID, label: str, role: str) -> None:
        row = self.members.rowCount()
        self.members.insertRow(row)
        who = QTableWidgetItem(label)
        who.setData(ID_ROLE, youth_id)
        who.setFlags(who.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.members.setItem(row, 0, who)
        self.members.setItem(row, 1, QTableWidgetItem(role))
        self.member_picker.exclude(self._member_ids())

    def _member_ids(self) -> list[uuid.UUID]:
        return [_cell(self.members, row, 0, ID_ROLE) for row in range(self.members.rowCount())]

    def _add_member(self, youth: Youth) -> None:
        if youth.id not in self._member_ids():
            self._youths[youth.id] = youth
            self._member_row(youth.id, describe_youth(youth), "")
            self.binding.edited("members")

    def data(self) -> dict[str, Any]:
        return self.binding.values()

    def save(self) -> None:
        data, group_id = self.data(), self._group.id if self._group else None
        self.save_button.setEnabled(False)

        def work(session: Session) -> Group:
            groups = Groups(session)
            return groups.update(group_id, data) if group_id else groups.create(data)

        self._ops.run(work, on_success=self._saved, on_failure=self._failed, owner=self)

    def _saved(self, group: Group) -> None:
        self.save_button.setEnabled(True)
        self._group = group
        self._clean = self.binding.state()
        self.heading.setText(f"<h3>{group.name}</h3>")
        self.binding.clear_messages()
        self.error.setText(_("Opgeslagen."))
        self.sig_saved.emit(group)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        report_failure(self._ops, error, self.error, self.binding)
