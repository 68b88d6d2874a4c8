"""The agenda of one meeting: a youth a row, why they are on it, what was decided."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.views.meetings.agenda import AgendaRow
from veldwerk_core.i18n import _

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class AgendaList(QTreeWidget):
    sig_decide = Signal()
    """Enter on a youth: record the decision."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agenda")
        self.setAccessibleName(_("Agenda"))
        self.setHeaderLabels([_("Jongere"), _("Waarom"), _("Besluit"), _("Taken")])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.itemDoubleClicked.connect(lambda *_args: self.sig_decide.emit())

    def show_rows(self, rows: Iterable[AgendaRow]) -> None:
        chosen = self.current()
        self.clear()
        for row in rows:
            decision = row.item.decision.label if row.item.decision else _("nog niet besproken")
            tasks = ", ".join(f"{t.title} ({t.owner_name})" for t in row.tasks)
            item = QTreeWidgetItem(self, [row.youth, row.reasons, decision, tasks])
            item.setData(0, ROW_ROLE, row)
            if chosen is not None and row.item.id == chosen.item.id:
                self.setCurrentItem(item)
        first = self.topLevelItem(0)
        if self.currentItem() is None and first is not None:
            self.setCurrentItem(first)

    def current(self) -> AgendaRow | None:
        item = self.currentItem()
        row = item.data(0, ROW_ROLE) if item is not None else None
        return row if isinstance(row, AgendaRow) else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current():
            self.sig_decide.emit()
            return
        super().keyPressEvent(event)
