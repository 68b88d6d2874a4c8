"""A record's destruction date, small and labelled: "Wordt vernietigd op 12-03-2028"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.views.dates import dutch_date
from veldwerk_core.i18n import _


def destruction_text(kind: str, day: date | None) -> str:
    """What the retention rules hold for this record, in words."""
    if day is None:
        if kind == "youth":
            return _("Wordt bewaard zolang er een lopend traject is")
        return _("Wordt bewaard zolang het traject loopt")
    if kind == "youth":
        return _("Wordt niet eerder vernietigd dan {date}", date=dutch_date(day))
    return _("Wordt vernietigd op {date}", date=dutch_date(day))


class RetentionNote(QLabel):
    """One line under a detail; empty until a record is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("destructionDate")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(_("Bewaartermijn"))
        self.setToolTip(
            _("Bewaartermijn: daarna worden de gegevens op de server en op elk apparaat vernietigd")
        )
        self.setStyleSheet("color: palette(placeholder-text); font-size: small;")

    def show_date(self, kind: str, day: date | None) -> None:
        self.setText(destruction_text(kind, day))
        self.setAccessibleDescription(self.text())

    def clear(self) -> None:
        super().clear()
        self.setAccessibleDescription("")
