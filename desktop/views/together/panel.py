"""One panel of the youth page: a list of records and the buttons that act on the chosen one.

Keyboard first: the list takes the cursor, Enter runs the panel's main action, the buttons
have mnemonics and are enabled only when they apply to the chosen row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.timeline import Timeline

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
Applies = Callable[[Any], bool]


class _Rows(QTreeWidget):
    """Enter runs the main action (Qt's ``itemActivated`` does not fire for it everywhere)."""

    def __init__(self, panel: RecordPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._panel.run_default()
            return
        super().keyPressEvent(event)


class RecordPanel(QWidget):
    """Subclasses fill rows in :meth:`rows_of` and add buttons."""

    kind = ""
    """The record kind its rows are, to open one from the worklist."""

    def __init__(
        self, name: str, empty: str, headers: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.timeline: Timeline | None = None
        self._empty = empty
        self.rows = _Rows(self)
        self.rows.setObjectName(f"{self.kind or 'records'}List")
        self.rows.setAccessibleName(name)
        self.rows.setColumnCount(len(headers))
        self.rows.setHeaderLabels(list(headers))
        self.rows.setRootIsDecorated(False)
        self.rows.setAlternatingRowColors(True)
        self.rows.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rows.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rows.header().setStretchLastSection(True)
        self.rows.itemDoubleClicked.connect(lambda *_args: self.run_default())
        self.rows.currentItemChanged.connect(lambda *_args: self._chosen())
        self.note = QLabel(self)
        self.note.setObjectName(f"{self.kind or 'records'}Note")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QHBoxLayout()
        self._actions: list[tuple[QPushButton, Applies | None]] = []
        self._default: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.note)
        layout.addLayout(self.buttons)

    # -- building --------------------------------------------------------------------------

    def add_button(
        self,
        label: str,
        name: str,
        slot: Callable[[], None],
        applies: Applies | None = None,
        *,
        default: bool = False,
    ) -> QPushButton:
        """A button; with ``applies`` it needs a chosen row it applies to. ``default``: Enter
        on a row runs it."""
        button = QPushButton(label, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        self._actions.append((button, applies))
        if default:
            self._default = button
        return button

    def finish_buttons(self) -> None:
        self.buttons.addStretch(1)

    # -- showing ---------------------------------------------------------------------------

    def show_timeline(self, timeline: Timeline | None) -> None:
        chosen = self.current()
        self.timeline = timeline
        self.rows.clear()
        if timeline is not None:
            for texts, record in self.rows_of(timeline):
                item = QTreeWidgetItem(self.rows, list(texts))
                item.setData(0, ROW_ROLE, record)
        if self.rows.topLevelItemCount() == 0:
            self.rows.setHeaderHidden(True)
            empty = QTreeWidgetItem(self.rows, [self._empty])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            empty.setFirstColumnSpanned(True)
        else:
            self.rows.setHeaderHidden(False)
            first = self.rows.topLevelItem(0)
            if not (chosen is not None and self.select(self.record_id(chosen))) and first:
                self.rows.setCurrentItem(first)
        self._chosen()

    def rows_of(self, timeline: Timeline) -> list[tuple[Sequence[str], Any]]:
        raise NotImplementedError

    def _items(self) -> list[tuple[QTreeWidgetItem, Any]]:
        """Every row with what it shows (the "nothing here" line left out)."""
        found = []
        for index in range(self.rows.topLevelItemCount()):
            item = self.rows.topLevelItem(index)
            row = item.data(0, ROW_ROLE) if item is not None else None
            if item is not None and row is not None:
                found.append((item, row))
        return found

    def count(self) -> int:
        return len(self._items())

    def current(self) -> Any:
        item = self.rows.currentItem()
        return item.data(0, ROW_ROLE) if item is not None else None

    @staticmethod
    def record_id(row: Any) -> Any:
        """The id of the record a row shows (rows may wrap the record)."""
        return row.id

    def select(self, record_id: Any) -> bool:
        for item, row in self._items():
            if self.record_id(row) == record_id:
                self.rows.setCurrentItem(item)
                return True
        return False

    def describe(self, row: Any) -> str:
        """More about the chosen row, below the list (contacts, a note)."""
        return ""

    def _chosen(self) -> None:
        row = self.current()
        for button, applies in self._actions:
            button.setEnabled(
                self.timeline is not None
                and (applies is None or (row is not None and applies(row)))
            )
        text = self.describe(row) if row is not None else ""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def buttons_enabled(self, name: str) -> bool:
        return any(b.isEnabled() for b, _a in self._actions if b.objectName() == name)

    def run_default(self) -> None:
        """Enter on a row: the main action, when it applies to the row."""
        if self._default is not None and self._default.isEnabled():
            self._default.click()
