"""Fields the working-together dialogs share: colleagues from the directory, optional dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from desktop.services.directory import Colleague, Directory, Organisation, Partner
from desktop.services.session import Session
from desktop.views.date_edit import DateField
from desktop.views.ops import Ops
from veldwerk_core.i18n import _


@dataclass(frozen=True)
class Known:
    """What the directory holds, read on the worker for a dialog to offer."""

    available: bool
    colleagues: tuple[Colleague, ...]
    partners: tuple[Partner, ...]
    organisations: tuple[Organisation, ...]
    my_user_id: str
    my_organisation_id: str | None
    no_directory: str
    """What to tell the user when the directory is not there (empty otherwise)."""


def known(session: Session) -> Known:
    directory = Directory(session)
    missing = ""
    if not directory.available:
        from desktop.services.directory import NoDirectory

        missing = NoDirectory().user_message()
    return Known(
        directory.available,
        tuple(directory.colleagues()),
        tuple(directory.partners()),
        tuple(directory.organisations()),
        session.actor.user_id,
        directory.my_organisation_id,
        missing,
    )


def load_known(ops: Ops, owner: QObject, then: Callable[[Known], None]) -> None:
    ops.run(known, on_success=then, owner=owner)


def colleague_label(colleague: Colleague) -> str:
    return _(
        "{name} · {role}, {organisation}",
        name=colleague.name,
        role=colleague.role.label,
        organisation=colleague.organisation or "-",
    )


def offer_colleagues(
    combo: QComboBox, colleagues: Iterable[Colleague], placeholder: str, *, skip: str = ""
) -> None:
    """Colleagues by name (typing a name's first letters picks it), after ``placeholder``."""
    combo.clear()
    combo.addItem(placeholder, None)
    for colleague in sorted(colleagues, key=lambda c: c.name.lower()):
        if colleague.user_id != skip:
            combo.addItem(colleague_label(colleague), colleague.user_id)


def today_qdate() -> QDate:
    return QDate.currentDate()


class OptionalDate(QWidget):
    """A date that may be left out: a check box turns the date field on."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label, self)
        self.day = DateField(self)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.setCalendarPopup(True)
        self.day.setDate(today_qdate())
        self.day.setEnabled(False)
        self.day.setAccessibleName(label)
        self.enabled.toggled.connect(self.day.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.day)
        layout.addStretch(1)
        self.setFocusProxy(self.enabled)

    def value(self) -> date | None:
        if not self.enabled.isChecked():
            return None
        day = self.day.date().toPython()
        return day if isinstance(day, date) else None

    def set_value(self, value: Any) -> None:
        self.enabled.setChecked(value is not None)
        if isinstance(value, date):
            self.day.setDate(QDate(value.year, value.month, value.day))

    def edit_signals(self) -> list[Any]:
        return [self.enabled.toggled, self.day.dateChanged]


def date_field(parent: QWidget, day: date | None = None) -> DateField:
    """A required date, today unless ``day``."""
    field = DateField(parent)
    field.setDisplayFormat("dd-MM-yyyy")
    field.setCalendarPopup(True)
    field.setDate(QDate(day.year, day.month, day.day) if day else today_qdate())
    return field


def read_date(field: DateField) -> date:
    day = field.date().toPython()
    assert isinstance(day, date)
    return day
