"""Starting a screening, and recording the result of an external instrument."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import RecordInvalid, VeldwerkError
from desktop.services.screenings import Opened, Screenings
from desktop.services.session import Session
from desktop.views.dates import dutch_date
from desktop.views.form import FieldMessage, dialog_buttons, error_label, show_field_errors
from desktop.views.ops import Ops
from desktop.views.youth_picker import YouthPicker
from veldwerk_core.i18n import _
from veldwerk_core.models.instrument import Instrument
from veldwerk_core.models.youth import Youth

# Names only, so people type them the same way; never the items of these instruments.
EXTERNAL_INSTRUMENTS = ("SAVRY", "YLS/CMI", "EARL-20B", "EARL-21G", "BASTA", "LIJ", "ARIJ")


class _YouthDialog(QDialog):
    """A dialog about one youth: picked by typing, or given by the caller."""

    def __init__(self, ops: Ops, youth: Youth | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.youth = youth
        self.picker = YouthPicker(ops, self)
        self.picker.setObjectName("youthPicker")
        self.picker.setAccessibleName(_("Jongere"))
        self.picker.sig_picked.connect(self._picked)
        if youth is not None:
            self.picker.setText(youth.name_with_age())
        self.error = error_label(self)
        self.messages: dict[str, FieldMessage] = {}

    def _picked(self, youth: Youth) -> None:
        self.youth = youth

    def _failed(self, error: BaseException) -> None:
        """Field errors next to their fields (nothing typed is lost), others on the error line."""
        if isinstance(error, RecordInvalid):
            for text in show_field_errors(self.messages, error.errors):
                self.error.setText(text)
        elif isinstance(error, VeldwerkError):
            self.error.setText(error.user_message())
        else:
            self.ops.sig_error.emit(error)


class NewScreeningDialog(_YouthDialog):
    """Who, with which instrument, on which date; continues an open draft if there is one."""

    sig_started = Signal(object)
    """The draft to fill in (an :class:`Opened`)."""

    def __init__(
        self,
        ops: Ops,
        instruments: list[Instrument],
        youth: Youth | None = None,
        instrument_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, youth, parent)
        self.setWindowTitle(_("Nieuwe screening"))
        self.setMinimumWidth(520)
        self.instrument = QComboBox(self)
        self.instrument.setObjectName("instrument")
        for instrument in instruments:
            self.instrument.addItem(
                _("{title} (versie {version})", title=instrument.title, version=instrument.version),
                instrument.key,
            )
        if instrument_key is not None:
            self.instrument.setCurrentIndex(max(self.instrument.findData(instrument_key), 0))
        self.screened_on = QLineEdit(dutch_date(date.today()), self)
        self.screened_on.setObjectName("screenedOn")
        self.screened_on.setPlaceholderText(_("dd-mm-jjjj"))
        self.messages = {"youth_id": FieldMessage(self), "screened_on": FieldMessage(self)}
        form = QFormLayout()
        form.addRow(_("&Jongere") + " *", self.picker)
        form.addRow("", self.messages["youth_id"])
        form.addRow(_("&Instrument") + " *", self.instrument)
        form.addRow(_("&Datum screening") + " *", self.screened_on)
        form.addRow("", self.messages["screened_on"])
        buttons, self.start_button = dialog_buttons(
            self, _("Beginnen"), "start", self._start, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.instrument if youth is not None else self.picker).setFocus()

    def _start(self) -> None:
        self.error.clear()
        youth = self.youth
        if youth is None:
            self.messages["youth_id"].show_message(_("Kies een jongere uit de lijst."))
            self.picker.setFocus()
            return
        key = self.instrument.currentData()
        if key is None:
            self.error.setText(_("Er is nog geen instrument om mee te screenen."))
            return
        screened_on = self.screened_on.text()
        self.ops.run(
            lambda session: Screenings(session).begin(youth.id, key, screened_on=screened_on),
            on_success=self._started,
            on_failure=self._failed,
            owner=self,
        )

    def _started(self, opened: Opened) -> None:
        self.sig_started.emit(opened)
        self.accept()


class ExternalResultDialog(_YouthDialog):
    """The outcome of a licensed instrument: name, date, assessor, organisation, band, note."""

    sig_recorded = Signal(object)
    """The stored result (an :class:`Opened`)."""

    def __init__(self, ops: Ops, youth: Youth | None = None, parent: QWidget | None = None):
        super().__init__(ops, youth, parent)
        self.setWindowTitle(_("Uitslag extern instrument"))
        self.setMinimumWidth(520)
        intro = QLabel(
            _(
                "Leg alleen de uitslag vast. De vragen van gelicenseerde instrumenten horen "
                "niet in Veldwerk."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.instrument_name = QComboBox(self)
        self.instrument_name.setObjectName("instrumentName")
        self.instrument_name.setEditable(True)
        self.instrument_name.addItems(["", *EXTERNAL_INSTRUMENTS])
        self.assessed_on = QLineEdit(self)
        self.assessed_on.setObjectName("assessedOn")
        self.assessed_on.setPlaceholderText(_("dd-mm-jjjj"))
        self.assessor = QLineEdit(self)
        self.assessor.setObjectName("assessor")
        self.organisation = QLineEdit(self)
        self.organisation.setObjectName("organisation")
        self.outcome_band = QComboBox(self)
        self.outcome_band.setObjectName("outcomeBand")
        self.outcome_band.setEditable(True)
        self.outcome_band.addItems(["", _("Laag risico"), _("Matig risico"), _("Hoog risico")])
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("externalNote")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        fields = ("instrument_name", "assessed_on", "assessor", "organisation", "outcome_band")
        self.messages = {name: FieldMessage(self) for name in ("youth_id", *fields, "note")}
        form = QFormLayout()
        rows = [
            ("youth_id", _("&Jongere") + " *", self.picker),
            ("instrument_name", _("&Instrument") + " *", self.instrument_name),
            ("assessed_on", _("&Datum") + " *", self.assessed_on),
            ("assessor", _("&Beoordelaar") + " *", self.assessor),
            ("organisation", _("&Organisatie"), self.organisation),
            ("outcome_band", _("&Uitkomst") + " *", self.outcome_band),
            ("note", _("&Toelichting"), self.note),
        ]
        for name, label, widget in rows:
            form.addRow(label, widget)
            form.addRow("", self.messages[name])
        buttons, self.save_button = dialog_buttons(
            self, _("Vastleggen"), "record", self._record, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.instrument_name if youth is not None else self.picker).setFocus()

    def data(self) -> dict[str, str]:
        return {
            "instrument_name": self.instrument_name.currentText(),
            "assessed_on": self.assessed_on.text(),
            "assessor": self.assessor.text(),
            "organisation": self.organisation.text(),
            "outcome_band": self.outcome_band.currentText(),
            "note": self.note.toPlainText(),
        }

    def _record(self) -> None:
        self.error.clear()
        for message in self.messages.values():
            message.clear_message()
        youth = self.youth
        if youth is None:
            self.messages["youth_id"].show_message(_("Kies een jongere uit de lijst."))
            self.picker.setFocus()
            return
        data = self.data()

        def record(session: Session) -> Opened:
            screenings = Screenings(session)
            return screenings.opened(screenings.record_external(youth.id, data).id)

        self.ops.run(record, on_success=self._recorded, on_failure=self._failed, owner=self)

    def _recorded(self, opened: Opened) -> None:
        self.sig_recorded.emit(opened)
        self.accept()
