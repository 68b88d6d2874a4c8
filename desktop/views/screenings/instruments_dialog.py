"""The instrument versions in the vault, and importing a new one (functioneel beheerder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.instruments import Imported, Instruments
from desktop.views.failure import report_failure
from desktop.views.form import error_label
from desktop.views.ops import Ops
from desktop.views.screenings.naming import instrument_title
from veldwerk_core.i18n import _
from veldwerk_core.models.actor import Role
from veldwerk_core.models.instrument import Instrument

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
FILE_FILTER = "Instrument (*.yaml *.yml *.json)"


class InstrumentsDialog(QDialog):
    def __init__(self, ops: Ops, role: Role | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(_("Instrumenten"))
        self.resize(760, 420)
        intro = QLabel(
            _(
                "Elke versie blijft bewaard: screenings houden de versie waarmee ze zijn "
                "ingevuld. Een gewijzigd instrument importeer je als nieuwe versie. "
                "Uitleg staat in docs/instrumenten.md."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("instrumentTable")
        self.table.setHorizontalHeaderLabels(
            [_("Titel"), _("Code"), _("Versie"), _("Vragen"), _("Bestand")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.import_button = QPushButton(_("&Importeren…"), self)
        self.import_button.setObjectName("importInstrument")
        self.import_button.clicked.connect(self.choose_file)
        if role is not Role.ADMINISTRATOR:
            self.import_button.setEnabled(False)
            self.import_button.setToolTip(
                _("Alleen de functioneel beheerder importeert instrumenten.")
            )
        self.status = QLabel(self)
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.error = error_label(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.ops.run(
            lambda session: Instruments(session).all_versions(), on_success=self._show, owner=self
        )

    def _show(self, instruments: list[Instrument]) -> None:
        self.table.setRowCount(len(instruments))
        for row, instrument in enumerate(instruments):
            values = [
                instrument_title(instrument),
                instrument.key,
                str(instrument.version),
                str(len(instrument.definition.items)),
                instrument.source,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Instrumentbestand kiezen"), str(Path.home()), FILE_FILTER
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        self.error.clear()
        self.status.clear()
        self.ops.run(
            lambda session: Instruments(session).import_file(path),
            on_success=self._imported,
            on_failure=self._failed,
            owner=self,
        )

    def _imported(self, imported: Imported) -> None:
        instrument = imported.instrument
        if imported.added:
            self.status.setText(
                _(
                    "Versie {version} van {title} is toegevoegd.",
                    version=instrument.version,
                    title=instrument.title,
                )
            )
        else:
            self.status.setText(
                _(
                    "Versie {version} van {title} stond al in de kluis; niets gewijzigd.",
                    version=instrument.version,
                    title=instrument.title,
                )
            )
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        report_failure(self.ops, error, self.error)
