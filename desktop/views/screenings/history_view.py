"""A youth's screenings side by side: outcome, score and domain scores over time, and which
answers changed from one screening to the next (highlighted, with the earlier answer)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.screening_history import Cell, History, InstrumentHistory, Row
from desktop.views.dates import dutch_date
from desktop.views.screenings.chart import DomainChart, Series
from desktop.views.screenings.render import answer, youth_name
from veldwerk_core.i18n import _
from veldwerk_core.models.conditions import number
from veldwerk_core.models.youth import Youth

CHANGED = QColor("#fff3cd")
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class HistoryView(QWidget):
    sig_open = Signal(object)
    """Open one screening of the history (its id)."""
    sig_back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history: History | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("historyHeading")
        self.instrument = QComboBox(self)
        self.instrument.setObjectName("historyInstrument")
        self.instrument.setAccessibleName(_("Instrument"))
        self.instrument.currentIndexChanged.connect(self._show_instrument)
        self.only_changes = QCheckBox(_("Alleen vragen die &veranderden"), self)
        self.only_changes.setObjectName("onlyChanges")
        self.only_changes.toggled.connect(lambda _on: self._show_instrument())
        self.chart = DomainChart(self)
        self.table = QTableWidget(self)
        self.table.setObjectName("historyTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.cellActivated.connect(self._activated)
        self.external = QLabel(self)
        self.external.setObjectName("historyExternal")
        self.external.setWordWrap(True)
        self.external.setTextFormat(Qt.TextFormat.RichText)
        back = QPushButton(_("&Terug"), self)
        back.clicked.connect(self.sig_back.emit)

        top = QHBoxLayout()
        top.addWidget(self.instrument, 1)
        top.addWidget(self.only_changes)
        top.addWidget(back)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.external)

    def show_history(self, youth: Youth | None, history: History) -> None:
        self.history = history
        self.heading.setText(
            "<h2>{}</h2>".format(escape(_("Geschiedenis: {youth}", youth=youth_name(youth))))
        )
        self.instrument.blockSignals(True)
        self.instrument.clear()
        for item in history.instruments:
            self.instrument.addItem(
                _("{title} ({n} screenings)", title=item.title, n=len(item.screenings)), item.key
            )
        self.instrument.blockSignals(False)
        self.instrument.setVisible(bool(history.instruments))
        self._show_instrument()
        self._show_external()
        self.table.setFocus()

    @property
    def current(self) -> InstrumentHistory | None:
        if self.history is None or not self.history.instruments:
            return None
        index = max(self.instrument.currentIndex(), 0)
        return self.history.instruments[index]

    def _show_instrument(self) -> None:
        current = self.current
        self.table.clear()
        if current is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.chart.clear()
            return
        labels = [
            f"{dutch_date(s.screened_on)}\n" + _("versie {version}", version=s.instrument_version)
            for s in current.screenings
        ]
        self.chart.set_data(
            [dutch_date(s.screened_on) for s in current.screenings],
            [Series(row.title, tuple(_score(c) for c in row.cells)) for row in current.domains],
        )
        items = current.changed_items() if self.only_changes.isChecked() else list(current.items)
        rows: list[tuple[str, Row, str]] = [
            (_("Uitkomst"), current.bands, "band"),
            (_("Score"), current.scores, "score"),
        ]
        rows += [(_("Domein: {title}", title=row.title), row, "score") for row in current.domains]
        rows += [(row.title, row, "answer") for row in items]
        self.table.setColumnCount(len(labels))
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([title for title, _row, _kind in rows])
        bold = QFont(self.font())
        bold.setBold(True)
        for index, (_title, row, kind) in enumerate(rows):
            for column, cell in enumerate(row.cells):
                item = QTableWidgetItem(_text(cell.value, kind))
                item.setData(KIND_ROLE, kind)
                if cell.changed:
                    item.setBackground(QBrush(CHANGED))
                    item.setFont(bold)
                    item.setToolTip(_("Was: {value}", value=_text(cell.previous, kind)))
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        if self.table.columnCount():
            self.table.setCurrentCell(0, self.table.columnCount() - 1)

    def _show_external(self) -> None:
        history = self.history
        if history is None or not history.external:
            self.external.clear()
            return
        lines = [
            escape(
                _(
                    "{day}: {name} - {band} ({assessor})",
                    day=dutch_date(s.screened_on),
                    name=s.external.instrument_name,
                    band=s.external.outcome_band,
                    assessor=s.external.assessor,
                )
            )
            for s in history.external
            if s.external is not None
        ]
        self.external.setText(
            "<b>{}</b><br>{}".format(escape(_("Externe uitslagen")), "<br>".join(lines))
        )

    def _activated(self, _row: int, column: int) -> None:
        current = self.current
        if current is not None and 0 <= column < len(current.screenings):
            self.sig_open.emit(current.screenings[column].id)

    def clear(self) -> None:
        self.history = None
        self.heading.clear()
        self.instrument.clear()
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.chart.clear()
        self.external.clear()


def _score(cell: Cell) -> float | None:
    return float(cell.value) if isinstance(cell.value, int | float) else None


def _text(value: object, kind: str) -> str:
    if value is None:
        return "—" if kind == "answer" else ""
    if kind == "score" and isinstance(value, int | float):
        return number(value)
    if kind == "answer" and isinstance(value, str | int):
        return answer(value)
    return str(value)
