"""Editing a group: name, wijk, places (also online), members with their role, approach step."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
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
from desktop.services.errors import VeldwerkError
from desktop.services.groups import Groups
from desktop.services.session import Session
from desktop.services.signals import Signals
from desktop.views.dates import dutch_datetime
from desktop.views.form import FieldMessage, error_label, show_field_errors
from desktop.views.ops import Ops
from desktop.views.picker import YouthPicker, describe_youth
from desktop.views.signals.detail import category_text
from veldwerk_core.i18n import _
from veldwerk_core.models import Group, GroupStep, LegacyTag, Youth
from veldwerk_core.models import Signal as SignalRecord
from veldwerk_core.models.errors import RecordInvalid
from veldwerk_core.models.group import LocationKind

ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class GroupView:
    group: Group | None
    members: dict[uuid.UUID, Youth]
    signals: list[SignalRecord]


def load_group(session: Session, group_id: uuid.UUID) -> GroupView:
    group, members = Groups(session).open(group_id)
    signals = Signals(session).page(SignalFilter(group_id=group_id), 0, 50)
    return GroupView(group, members, signals)


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
        self.heading = QLabel(self)
        self.name = QLineEdit(self)
        self.wijk = QComboBox(self)
        self.wijk.addItem(_("— geen —"), "")
        for wijk in configuration().places.wijken:
            self.wijk.addItem(wijk, wijk)
        self.locations = _Table([_("Soort"), _("Plek")], self)
        self.location_kind = QComboBox(self)
        for code, label in LocationKind.options():
            self.location_kind.addItem(label, code)
        self.location_name = QLineEdit(self)
        self.location_name.setPlaceholderText(_("plek of platform, Enter voegt toe"))
        self.location_name.returnPressed.connect(self._add_location)
        self.members = _Table([_("Jongere"), _("Rol in de groep")], self)
        self.member_picker = YouthPicker(ops, self, clear_on_pick=True)
        self.member_picker.setObjectName("memberPicker")
        self.member_picker.sig_picked.connect(self._add_member)
        self.step = QComboBox(self)
        for code, label in GroupStep.options():
            self.step.addItem(label, code)
        self.step_date = QDateEdit(QDate.currentDate(), self)
        self.step_date.setDisplayFormat("dd-MM-yyyy")
        self.step_date.setCalendarPopup(True)
        self.legacy_tag = QComboBox(self)
        self.legacy_tag.addItem(_("— geen —"), None)
        for code, label in LegacyTag.options():
            self.legacy_tag.addItem(label, code)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(60)
        for name in (
            "name",
            "wijk",
            "locations",
            "members",
            "step",
            "step_date",
            "legacy_tag",
            "notes",
        ):
            getattr(self, name).setObjectName(f"group_{name}")
        self.messages = {
            n: FieldMessage(self) for n in ("name", "wijk", "locations", "members", "step_date")
        }
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

        location_row = QHBoxLayout()
        location_row.addWidget(self.location_kind)
        location_row.addWidget(self.location_name, 1)
        step_row = QHBoxLayout()
        step_row.addWidget(self.step, 1)
        step_row.addWidget(self.step_date)
        form = QFormLayout()
        form.addRow(_("Naam") + " *", self.name)
        form.addRow("", self.messages["name"])
        form.addRow(_("Wijk"), self.wijk)
        form.addRow(_("Plekken"), self.locations)
        form.addRow("", location_row)
        form.addRow(_("Leden"), self.members)
        form.addRow("", self.member_picker)
        form.addRow("", self.messages["members"])
        form.addRow(_("Stap groepsaanpak"), step_row)
        form.addRow("", self.messages["step_date"])
        form.addRow(_("Oude typering"), self.legacy_tag)
        form.addRow(_("Notities"), self.notes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.signal_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.signals)
        layout.addStretch(1)
        self.show_group(None)

    def show_group(self, view: GroupView | None) -> None:
        self._group = view.group if view else None
        group = self._group
        self.heading.setText(f"<h3>{group.name if group else _('Nieuwe groep')}</h3>")
        self.name.setText(group.name if group else "")
        self.wijk.setCurrentIndex(max(0, self.wijk.findData(group.wijk if group else "")))
        self.locations.setRowCount(0)
        self.members.setRowCount(0)
        for location in group.locations if group else []:
            self._location_row(location.location_kind.value, location.name)
        for member in group.members if group else []:
            youth = view.members.get(member.youth_id) if view else None
            self._member_row(member.youth_id, describe_youth(youth) if youth else "?", member.role)
        self.step.setCurrentIndex(max(0, self.step.findData(group.step.value if group else None)))
        if group and group.step_date:
            self.step_date.setDate(QDate(group.step_date))
        self.legacy_tag.setCurrentIndex(
            max(
                0,
                self.legacy_tag.findData(
                    group.legacy_tag.value if group and group.legacy_tag else None
                ),
            )
        )
        self.notes.setPlainText(group.notes if group else "")
        self.signal_button.setEnabled(group is not None)
        self.error.clear()
        for message in self.messages.values():
            message.clear_message()
        lines = [
            f"<a href='signal:{s.id}'>{dutch_datetime(s.occurred_at)} · {category_text(s.category)}</a>"
            for s in (view.signals if view else [])
        ]
        self.signals.setText(
            (f"<b>{_('Signalen over deze groep')}</b><br>" + "<br>".join(lines)) if lines else ""
        )

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
            self._member_row(youth.id, describe_youth(youth), "")

    def data(self) -> dict[str, Any]:
        locations, members = self.locations, self.members
        return {
            "name": self.name.text(),
            "wijk": self.wijk.currentData() or "",
            "locations": [
                {
                    "location_kind": _cell(locations, row, 0, ID_ROLE),
                    "name": _cell(locations, row, 1),
                }
                for row in range(locations.rowCount())
            ],
            "members": [
                {"youth_id": str(_cell(members, row, 0, ID_ROLE)), "role": _cell(members, row, 1)}
                for row in range(members.rowCount())
            ],
            "step": self.step.currentData(),
            "step_date": self.step_date.date().toString("yyyy-MM-dd"),
            "legacy_tag": self.legacy_tag.currentData(),
            "notes": self.notes.toPlainText(),
        }

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
        self.heading.setText(f"<h3>{group.name}</h3>")
        self.error.setText(_("Opgeslagen."))
        self.sig_saved.emit(group)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, RecordInvalid):
            self.error.setText("\n".join(show_field_errors(self.messages, error.errors)))
        elif isinstance(error, VeldwerkError):
            self.error.setText(error.user_message())
        else:
            self._ops.sig_error.emit(error)
