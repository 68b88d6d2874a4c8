"""New or changed youth, with possible duplicates shown while typing a new one.

While a likely duplicate is shown, Enter goes to the suggestions (Enter there opens the
existing youth) and the save button reads "Toch nieuw vastleggen": a second record of the
same youth is only made on purpose. Ctrl+Enter saves, as in every form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
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
        schools = QCompleter(configuration().places.schools, self.school)
        schools.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        schools.setFilterMode(Qt.MatchFlag.MatchContains)
        self.school.setCompleter(schools)
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
            _("Bestaat deze jongere al? Kies de jongere dan hieronder (Enter)."), self
        )
        self.duplicates_label.setObjectName("duplicatesLabel")
        self.duplicates_label.setStyleSheet("color: #8a5a00; font-weight: bold;")
        self.duplicates = QListWidget(self)
        self.duplicates.setObjectName("duplicates")
        self.duplicates.setMaximumHeight(100)
        self.duplicates.itemActivated.connect(self._choose_existing)
        self.error = error_label(self)
        buttons, self.save_button = dialog_buttons(
            self, _("Opslaan (Ctrl+Enter)"), "saveYouth", self.save, _("Annuleren")
        )
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            QShortcut(QKeySequence(keys), self, self._save_by_key)
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
            self._wijk_touched = False
            self.wijk.activated.connect(self._wijk_chosen)
            self._ops.run(
                lambda session: session.profile.wijk, on_success=self._own_wijk, owner=self
            )
        else:
            self.binding.fill(youth.dump())
        self.first_name.setFocus()

    def data(self) -> dict[str, Any]:
        return self.binding.values()

    def _wijk_chosen(self, _index: int) -> None:
        self._wijk_touched = True

    def _own_wijk(self, wijk: str) -> None:
        """A new youth starts in the user's own wijk, unless one was chosen already."""
        if wijk and not self._wijk_touched and self.wijk.findData(wijk) >= 0:
            self.wijk.setCurrentIndex(self.wijk.findData(wijk))

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
        """The suggestions; while there are any, saving is "Toch nieuw vastleggen" and Enter
        no longer saves."""
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
        self.save_button.setDefault(not found)
        self.save_button.setAutoDefault(not found)
        self.save_button.setText(
            _("&Toch nieuw vastleggen") if found else _("Opslaan (Ctrl+Enter)")
        )

    def likely_duplicate(self) -> bool:
        return self.duplicates.count() > 0

    def _to_duplicates(self) -> None:
        self.duplicates.setFocus()
        if self.duplicates.currentRow() < 0:
            self.duplicates.setCurrentRow(0)
        self.error.setText(_("Kies de bestaande jongere, of kies ‘Toch nieuw vastleggen’ (Alt+T)."))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.likely_duplicate() and not self.save_button.hasFocus():
            self._to_duplicates()
            return
        super().keyPressEvent(event)

    def _choose_existing(self, item: QListWidgetItem) -> None:
        youth = item.data(YOUTH_ROLE)
        if isinstance(youth, Youth):
            self.sig_existing.emit(youth)
            self.accept()

    # -- saving ----------------------------------------------------------------------------

    def _save_by_key(self) -> None:
        """Ctrl+Enter: save, unless a likely duplicate still asks for a choice."""
        if self.likely_duplicate():
            self._to_duplicates()
        else:
            self.save()

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
