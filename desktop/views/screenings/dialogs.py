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

from desktop.services.screenings import Opened, Screenings
from desktop.services.session import Session
from desktop.views.binding import Binding
from desktop.views.dates import dutch_date
from desktop.views.failure import report_failure
from desktop.views.form import dialog_buttons, error_label
from desktop.views.ops import Ops
from desktop.views.picker import YouthPicker
from desktop.views.screenings.naming import instrument_choices
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
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.picker = YouthPicker(ops, self)
        self.picker.setAccessibleName(_("Jongere"))
        self.picker.sig_picked.connect(self._picked)
        if youth is not None:
            self.picker.setText(youth.name_with_age())
        self.error = error_label(self)

    def _picked(self, youth: Youth) -> None:
        self.youth = youth

    def _youth_row(self, form: QFormLayout) -> None:
        self.binding.row(
            form,
            _("&Jongere"),
            "youth_id",
            self.picker,
            required=True,
            read=lambda: str(self.youth.id) if self.youth else None,
            fill=False,
        )

    def _chosen_youth(self) -> Youth | None:
        """The youth, or None after saying next to the field that one must be chosen."""
        self.error.clear()
        self.binding.clear_messages()
        if self.youth is None:
            self.messages["youth_id"].show_message(_("Kies een jongere uit de lijst."))
            self.picker.setFocus()
        return self.youth

    def _failed(self, error: BaseException) -> None:
        """Field errors next to their fields (nothing typed is lost), others on the error line."""
        report_failure(self.ops, error, self.error, self.binding)


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
        for instrument, label in zip(instruments, instrument_choices(instruments), strict=True):
            self.instrument.addItem(label, instrument.key)
        if instrument_key is not None:
            self.instrument.setCurrentIndex(max(self.instrument.findData(instrument_key), 0))
        self.screened_on = QLineEdit(dutch_date(date.today()), self)
        self.screened_on.setPlaceholderText(_("dd-mm-jjjj"))
        form = QFormLayout()
        self._youth_row(form)
        form.addRow(_("&Instrument") + " *", self.instrument)
        self.binding.row(
            form, _("&Datum screening"), "screened_on", self.screened_on, required=True
        )
        buttons, self.start_button = dialog_buttons(
            self, _("Beginnen"), "start", self._start, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.instrument if youth is not None else self.picker).setFocus()

    def _start(self) -> None:
        youth = self._chosen_youth()
        if youth is None:
            return
        key = self.instrument.currentData()
        if key is None:
            self.error.setText(_("Er is nog geen instrument om mee te screenen."))
            return
        screened_on = self.binding.values()["screened_on"]
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
        self.instrument_name.setEditable(True)
        self.instrument_name.addItems(["", *EXTERNAL_INSTRUMENTS])
        self.assessed_on = QLineEdit(self)
        self.assessed_on.setPlaceholderText(_("dd-mm-jjjj"))
        self.assessor = QLineEdit(self)
        self.organisation = QLineEdit(self)
        self.outcome_band = QComboBox(self)
        self.outcome_band.setEditable(True)
        self.outcome_band.addItems(["", _("Laag risico"), _("Matig risico"), _("Hoog risico")])
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        form, bind = QFormLayout(), self.binding
        self._youth_row(form)
        bind.row(form, _("&Instrument"), "instrument_name", self.instrument_name, required=True)
        bind.row(form, _("&Datum"), "assessed_on", self.assessed_on, required=True)
        bind.row(form, _("&Beoordelaar"), "assessor", self.assessor, required=True)
        bind.row(form, _("&Organisatie"), "organisation", self.organisation)
        bind.row(form, _("&Uitkomst"), "outcome_band", self.outcome_band, required=True)
        bind.row(form, _("&Toelichting"), "note", self.note)
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
        """The external result as typed (the youth goes separately)."""
        data = self.binding.values()
        data.pop("youth_id")
        return data

    def _record(self) -> None:
        youth = self._chosen_youth()
        if youth is None:
            return
        data = self.data()

        def record(session: Session) -> Opened:
            screenings = Screenings(session)
            return screenings.opened(screenings.record_external(youth.id, data).id)

        self.ops.run(record, on_success=self._recorded, on_failure=self._failed, owner=self)

    def _recorded(self, opened: Opened) -> None:
        self.sig_recorded.emit(opened)
        self.accept()
