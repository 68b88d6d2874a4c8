"""Date fields that read from the start: the cursor enters on the day, from either side.

Qt puts the cursor on the last part (the minutes) when a date field is entered with
Shift+Tab; typing "12-11-2026" there would change the minutes. A person reads and types the
date from its first part, whichever way they came.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit


class _FromTheStart:
    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)  # type: ignore[misc]
        if event.reason() == Qt.FocusReason.BacktabFocusReason:
            self.setCurrentSectionIndex(0)  # type: ignore[attr-defined]
            self.setSelectedSection(self.sectionAt(0))  # type: ignore[attr-defined]


class DateTimeField(_FromTheStart, QDateTimeEdit):
    pass


class DateField(_FromTheStart, QDateEdit):
    pass
