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
from desktop.services.youths import Youths
from desktop.views.binding import Binding
from desktop.views.dates import date_text, dutch_date
from desktop.views.failure import report_failure
from desktop.views.field_values import choices
from desktop.views.form import dialog_buttons, error_label
from desktop.views.ops import Ops
from veldwerk_core.i18n import _
from veldwerk_core.models import Gender, Youth
from veldwerk_core.models.base import DutchDate

YOUTH_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.setWindowTitle(_("Jongere bewerken") if youth else _("Nieuwe jongere"))
        self.setMinimumWidth(560)
        self.first_name = QLineEdit(self)
        self.infix = QLineEdit(self)
        self.infix.setMaximumWidth(110)
        self.last_name = QLineEdit(self)
        self.date_of_birth = QLineEdit(self)
        self.date_of_birth.setPlaceholderText(_("dd-mm-jjjj"))
        self.gender = QComboBox(self)
        choices(self.gender, Gender.options(), _("— onbekend —"))
        self.wijk = QComboBox(self)
        self.wijk.addItem(_("— geen —"), "")
        choices(self.wijk, [(wijk, wijk) for wijk in configuration().places.wijken])
        self.school = QLineEdit(self)
        self.bsn = QLineEdit(self)
        self.bsn.setPlaceholderText(_("optioneel, 9 cijfers"))
        self.contact_notes = QPlainTextEdit(self)
        self.contact_notes.setTabChangesFocus(True)
        self.contact_notes.setMaximumHeight(70)

        bind = self.binding
        names = QHBoxLayout()
        name_fields = [
            bind.add("first_name", self.first_name),
            bind.add("infix", self.infix),
            bind.add("last_name", self.last_name),
        ]
        for field, stretch in zip(name_fields, (2, 1, 3), strict=True):
            names.addWidget(field.widget, stretch)
        form = QFormLayout()
        bind.shared_row(
            form, _("Voornaam, tussenvoegsel, achternaam"), names, name_fields, required=True
        )
        bind.row(
            form,
            _("Geboortedatum"),
            "date_of_birth",
            self.date_of_birth,
            required=True,
            write=lambda value: self.date_of_birth.setText(date_text(value)),
        )
        bind.row(form, _("Geslacht"), "gender", self.gender)
        bind.row(form, _("Wijk"), "wijk", self.wijk)
        bind.row(form, _("School"), "school", self.school)
        bind.row(form, _("BSN"), "bsn", self.bsn, read=lambda: self.bsn.text() or None)
        bind.row(form, _("Contactnotities"), "contact_notes", self.contact_notes)

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
            self.binding.fill(youth.dump())
        self.first_name.setFocus()

    def data(self) -> dict[str, Any]:
        return self.binding.values()

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
        report_failure(self._ops, error, self.error, self.binding)
