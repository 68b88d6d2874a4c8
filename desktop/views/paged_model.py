"""A table model that loads rows page by page on the database worker.

Lists of 10,000 youths or 100,000 signals never load into widgets at once: the first page comes
with the query, further pages when the view scrolls near the end (``canFetchMore``). A new
query (a keystroke in the search field) drops the answers to older ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.services.session import Session
from desktop.views.ops import Ops

T = TypeVar("T")
PAGE = 100
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    align_right: bool = False


Fetch = Callable[[Session, int, int], Sequence[Any]]
Count = Callable[[Session], int]


class PagedModel(QAbstractTableModel, Generic[T]):
    sig_page = Signal()
    """A new query's first page is in (the list shows it)."""
    sig_loaded = Signal(int)
    """The total number of matches of the current query is known (capped)."""

    def __init__(self, ops: Ops, columns: Sequence[Column[T]]) -> None:
        super().__init__()
        self._ops = ops
        self._columns = list(columns)
        self._rows: list[T] = []
        self._fetch: Fetch | None = None
        self._count: Count | None = None
        self._total = 0
        self._generation = 0
        self._loading = False
        self.decorate: Callable[[T, int, Qt.ItemDataRole], Any] | None = None

    # -- queries ---------------------------------------------------------------------------

    def set_query(self, fetch: Fetch, count: Count) -> None:
        """Show the rows ``fetch`` returns; the first page and the total load at once."""
        self._generation += 1
        generation = self._generation
        self._fetch = fetch
        self._count = count
        self._loading = True

        # The rows first: they are what the keystroke is waiting for. The count follows in an
        # operation of its own (same worker, right after) and updates the label when it is in.
        self._ops.run(
            lambda session: list(fetch(session, 0, PAGE)),
            on_success=lambda rows: self._first_page(generation, rows),
            owner=self,
        )
        self._ops.run(count, on_success=lambda total: self._counted(generation, total), owner=self)

    def _first_page(self, generation: int, rows: list[T]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._rows = rows
        self._total = len(rows) + (1 if len(rows) == PAGE else 0)
        self._loading = False
        self.endResetModel()
        self.sig_page.emit()

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._total = max(total, len(self._rows))
        self.sig_loaded.emit(total)

    def refresh(self) -> None:
        """Load the current query again (after a change), and count its matches again: a
        change may have added or removed some."""
        if self._fetch is not None and self._count is not None:
            fetch, count = self._fetch, self._count
            self._generation += 1
            generation = self._generation
            size = max(len(self._rows), PAGE)
            self._ops.run(
                lambda session: list(fetch(session, 0, size)),
                on_success=lambda rows: self._first_page(generation, rows),
                owner=self,
            )
            self._ops.run(
                count, on_success=lambda total: self._counted(generation, total), owner=self
            )

    def clear(self) -> None:
        """Drop every row (on lock)."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._total = 0
        self._fetch = None
        self._count = None
        self.endResetModel()

    # -- incremental loading ---------------------------------------------------------------

    def canFetchMore(self, parent: Index = ROOT) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and not self._loading and len(self._rows) < self._total

    def fetchMore(self, parent: Index = ROOT) -> None:  # noqa: N802 - Qt API
        if self._fetch is None or self._loading:
            return
        fetch, offset, generation = self._fetch, len(self._rows), self._generation
        self._loading = True
        self._ops.run(
            lambda session: list(fetch(session, offset, PAGE)),
            on_success=lambda rows: self._more(generation, rows),
            owner=self,
        )

    def _more(self, generation: int, rows: list[T]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        if not rows:
            self._total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # -- the model -------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    def record(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[T]:
        return list(self._rows)

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self.decorate is not None:
            return self.decorate(item, index.column(), Qt.ItemDataRole(role))
        return None

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None
