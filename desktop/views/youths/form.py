"""New or changed youth, with possible duplicates shown while typing a new one."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.config import configuration
from desktop.services.errors import VeldwerkError
from desktop.services.youths import Youths
from desktop.views.dates import dutch_date
from desktop.views.form import FieldMessage, dialog_buttons, error_label, show_field_errors
from desktop.views.ops import Ops
from veldwerk_core.i18n import _
from veldwerk_core.models import Gender, Youth
from veldwerk_core.models.base import DutchDate
from veldwerk_core.models.errors import RecordInvalid

YOUTH_ROLE = Qt.ItemDataRole.UserRole + 1
FIELDS = (
    "first_name",
    "infix",
    "last_name",
    "date_of_birth",
    "gender",
    "wijk",
    "school",
    "bsn",
    "contact_notes",
)


_DATE = TypeAdapter(DutchDate)


def _parse_date(text: str) -> date | None:
    try:
        return _DATE.validate_python(text)
    except ValidationError:
        return None


class YouthForm(QDialog):
    sig_saved = Signal(object)
    """The saved :class:`Youth`."""
    sig_existing = Signal(object)
    """The user chose an existing youth from the duplicate suggestions."""

    def __init__(
        self, ops: Ops, parent: QWidget | None = None, *, youth: Youth | None = None
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._youth = youth
        self._generation = 0
        self.setWindowTitle(_("Jongere bewerken") if youth else _("Nieuwe jongere"))
        self.setMinimumWidth(560)
        self.first_name = QLineEdit(self)
        self.infix = QLineEdit(self)
        self.infix.setMaximumWidth(110)
        self.last_name = QLineEdit(self)
        self.date_of_birth = QLineEdit(self)
        self.date_of_birth.setPlaceholderText(_("dd-mm-jjjj"))
        self.gender = QComboBox(self)
        self.gender.addItem(_("— onbekend —"), None)
        for code, label in Gender.options():
            self.gender.addItem(label, code)
        self.wijk = QComboBox(self)
        self.wijk.addItem(_("— geen —"), "")
        for wijk in configuration().places.wijken:
            self.wijk.addItem(wijk, wijk)
        self.school = QLineEdit(self)
        self.bsn = QLineEdit(self)
        self.bsn.setPlaceholderText(_("optioneel, 9 cijfers"))
        self.contact_notes = QPlainTextEdit(self)
        self.contact_notes.setTabChangesFocus(True)
        self.contact_notes.setMaximumHeight(70)
        for name in FIELDS:
            getattr(self, name).setObjectName(name)
        self.messages = {name: FieldMessage(self) for name in FIELDS}

        names = QHBoxLayout()
        names.addWidget(self.first_name, 2)
        names.addWidget(self.infix, 1)
        names.addWidget(self.last_name, 3)
        form = QFormLayout()
        form.addRow(_("Voornaam, tussenvoegsel, achternaam") + " *", names)
        for name in ("first_name", "infix", "last_name"):
            form.addRow("", self.messages[name])
        for label, name in (
            (_("Geboortedatum") + " *", "date_of_birth"),
            (_("Geslacht"), "gender"),
            (_("Wijk"), "wijk"),
            (_("School"), "school"),
            (_("BSN"), "bsn"),
            (_("Contactnotities"), "contact_notes"),
        ):
            form.addRow(label, getattr(self, name))
            form.addRow("", self.messages[name])

        self.duplicates_label = QLabel(
            _("Bestaat deze jongere al? Kies hem dan hieronder (Enter)."), self
        )
        self.duplicates_label.setObjectName("duplicatesLabel")
        self.duplicates_label.setStyleSheet("color: #8a5a00; font-weight: bold;")
        self.duplicates = QListWidget(self)
        self.duplicates.setObjectName("duplicates")
        self.duplicates.setMaximumHeight(100)
        self.duplicates.itemActivated.connect(self._choose_existing)
        self.error = error_label(self)
        buttons, self.save_button = dialog_buttons(
            self, _("Opslaan"), "saveYouth", self.save, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_duplicates([])

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._check_duplicates)
        if youth is None:
            for line in (self.first_name, self.infix, self.last_name, self.date_of_birth):
                line.textEdited.connect(lambda _text: self._timer.start())
        else:
            self._fill(youth)
        self.first_name.setFocus()

    def _fill(self, youth: Youth) -> None:
        self.first_name.setText(youth.first_name)
        self.infix.setText(youth.infix)
        self.last_name.setText(youth.last_name)
        self.date_of_birth.setText(dutch_date(youth.date_of_birth))
        self.gender.setCurrentIndex(
            max(0, self.gender.findData(youth.gender.value if youth.gender else None))
        )
        self.wijk.setCurrentIndex(max(0, self.wijk.findData(youth.wijk)))
        self.school.setText(youth.school)
        self.bsn.setText(youth.bsn or "")
        self.contact_notes.setPlainText(youth.contact_notes)

    def data(self) -> dict[str, Any]:
        return {
            "first_name": self.first_name.text(),
            "infix": self.infix.text(),
            "last_name": self.last_name.text(),
            "date_of_birth": self.date_of_birth.text(),
            "gender": self.gender.currentData(),
            "wijk": self.wijk.currentData() or "",
            "school": self.school.text(),
            "bsn": self.bsn.text() or None,
            "contact_notes": self.contact_notes.toPlainText(),
        }

    # -- duplicates ------------------------------------------------------------------------

    def _check_duplicates(self) -> None:
        self._generation += 1
        generation = self._generation
        first, infix, last = self.first_name.text(), self.infix.text(), self.last_name.text()
        born = _parse_date(self.date_of_birth.text())
        self._ops.run(
            lambda session: Youths(session).possible_duplicates(first, infix, last, born),
            on_success=lambda found: self._duplicates_found(generation, found),
            owner=self,
        )

    def _duplicates_found(self, generation: int, found: list[Youth]) -> None:
        if generation == self._generation:
            self._show_duplicates(found)

    def _show_duplicates(self, found: list[Youth]) -> None:
        self.duplicates.clear()
        for youth in found:
            text = f"{youth.name_with_age()} · {_('geboren')} {dutch_date(youth.date_of_birth)}"
            if youth.wijk:
                text += f" · {youth.wijk}"
            item = QListWidgetItem(text)
            item.setData(YOUTH_ROLE, youth)
            self.duplicates.addItem(item)
        self.duplicates.setVisible(bool(found))
        self.duplicates_label.setVisible(bool(found))

    def _choose_existing(self, item: QListWidgetItem) -> None:
        youth = item.data(YOUTH_ROLE)
        if isinstance(youth, Youth):
            self.sig_existing.emit(youth)
            self.accept()

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        data, youth_id = self.data(), self._youth.id if self._youth else None
        self.save_button.setEnabled(False)

        def work(session: Any) -> Youth:
            youths = Youths(session)
            return youths.update(youth_id, data) if youth_id else youths.create(data)

        self._ops.run(work, on_success=self._saved, on_failure=self._failed, owner=self)

    def _saved(self, youth: Youth) -> None:
        self.sig_saved.emit(youth)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, RecordInvalid):
            rest = show_field_errors(self.messages, error.errors)
            self.error.setText("\n".join(rest))
            first = error.errors[0].field.split(".")[0]
            widget = getattr(self, first, None)
            if isinstance(widget, QWidget):
                widget.setFocus()
        elif isinstance(error, VeldwerkError):
            self.error.setText(error.user_message())
        else:
            self._ops.sig_error.emit(error)
