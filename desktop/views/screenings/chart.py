"""A small line chart of domain scores over time, drawn with QPainter (no plotting library)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from veldwerk_core.i18n import _
from veldwerk_core.models.conditions import number

# Colour-blind safe (Okabe-Ito), in order.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 52, 48, 12, 28
LEGEND_ROW = 18


@dataclass(frozen=True)
class Series:
    title: str
    values: tuple[float | None, ...]
    """One value per column; None where the screening had no such domain."""


class DomainChart(QWidget):
    """Domain scores per screening, oldest left; each domain a line with its own colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("domainChart")
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.labels: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()

    def set_data(self, labels: Sequence[str], series: Sequence[Series]) -> None:
        self.labels = tuple(labels)
        self.series = tuple(series)
        rows = (len(self.series) + 1) // 2
        self.setFixedHeight(200 + rows * LEGEND_ROW)
        summary = "; ".join(
            f"{s.title}: " + ", ".join("-" if v is None else number(v) for v in s.values)
            for s in self.series
        )
        self.setAccessibleName(_("Grafiek van de domeinscores"))
        self.setAccessibleDescription(summary)
        self.update()

    def clear(self) -> None:
        self.set_data((), ())

    def _range(self) -> tuple[float, float]:
        values = [v for s in self.series for v in s.values if v is not None]
        low, high = min([0.0, *values]), max([1.0, *values])
        return low, high

    def plot_area(self) -> QRectF:
        legend = ((len(self.series) + 1) // 2) * LEGEND_ROW
        return QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            max(self.width() - MARGIN_LEFT - MARGIN_RIGHT, 10),
            max(self.height() - MARGIN_TOP - MARGIN_BOTTOM - legend, 10),
        )

    def point(self, column: int, value: float) -> QPointF:
        area = self.plot_area()
        low, high = self._range()
        count = max(len(self.labels) - 1, 1)
        x = area.left() + (
            area.width() * column / count if len(self.labels) > 1 else area.width() / 2
        )
        y = area.bottom() - (value - low) / (high - low) * area.height()
        return QPointF(x, y)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.labels:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("Nog geen screenings."))
            return
        area = self.plot_area()
        low, high = self._range()
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 7))
        painter.setFont(small)
        grid = QPen(QColor("#dadce0"))
        for fraction in (0.0, 0.5, 1.0):
            level = low + (high - low) * fraction
            y = area.bottom() - fraction * area.height()
            painter.setPen(grid)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QColor("#5f6368"))
            painter.drawText(
                QRectF(0, y - 8, MARGIN_LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                number(round(level, 1)),
            )
        for column, label in enumerate(self.labels):
            x = self.point(column, low).x()
            painter.drawText(
                QRectF(x - 45, area.bottom() + 4, 90, 16), Qt.AlignmentFlag.AlignHCenter, label
            )
        for index, series in enumerate(self.series):
            colour = QColor(COLOURS[index % len(COLOURS)])
            painter.setPen(QPen(colour, 2))
            previous: QPointF | None = None
            for column, score in enumerate(series.values):
                if score is None:
                    previous = None
                    continue
                here = self.point(column, score)
                if previous is not None:
                    painter.drawLine(previous, here)
                painter.setBrush(colour)
                painter.drawEllipse(here, 3, 3)
                previous = here
            legend_y = area.bottom() + MARGIN_BOTTOM + (index // 2) * LEGEND_ROW
            legend_x = MARGIN_LEFT + (index % 2) * (area.width() / 2)
            painter.fillRect(QRectF(legend_x, legend_y + 4, 10, 10), colour)
            painter.setPen(QColor("#202124"))
            painter.drawText(
                QRectF(legend_x + 14, legend_y, area.width() / 2 - 16, 18), 0, series.title
            )
        painter.end()
