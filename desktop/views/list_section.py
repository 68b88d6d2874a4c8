"""The shape every list section shares: search field and filters on top, the list, the detail.

Typing filters at once (each keystroke is a new query on the database worker; older answers
are dropped). Down moves from the search field into the list, Enter opens the selected row.
Loading the list again (shown again, or records changed) keeps the record on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.views.ops import Ops
from desktop.views.paged_model import Column, Count, Fetch, PagedModel
from desktop.views.section import Section
from veldwerk_core.i18n import _

MAX_COLUMN = 320
"""Pixels a column may take before its text is cut (the detail needs room too)."""
COUNT_CAP = 1000
"""Counts stop here (the services' cap); the label then says "1000+"."""


class ListSection(Section):
    """Subclasses provide :meth:`query` and :meth:`show_record`, and add filter widgets."""

    new_label = ""

    def __init__(
        self, ops: Ops, columns: Sequence[Column[Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, parent)
        self.heading = QLabel(f"<h2>{_(self.title)}</h2>", self)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Zoeken… (Ctrl+K)"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.new_button = QPushButton(_(self.new_label) if self.new_label else "", self)
        self.new_button.setObjectName("newRecord")
        self.new_button.setVisible(bool(self.new_label))
        self.new_button.clicked.connect(self.new_record)
        self.filters = QHBoxLayout()
        self.filters.setContentsMargins(0, 0, 0, 0)

        self.model: PagedModel[Any] = PagedModel(ops, columns)
        self.table = QTableView(self)
        self.table.setObjectName("list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.model.sig_page.connect(self._page_loaded)
        self.model.sig_loaded.connect(self._counted)

        self.detail = QWidget(self)
        self.detail_layout = QVBoxLayout(self.detail)
        self.detail_layout.setContentsMargins(0, 0, 0, 0)
        self.sync_badge = self.make_sync_badge()
        self.detail_layout.addWidget(self.sync_badge)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.new_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addLayout(self.filters)
        self.more_filters = QHBoxLayout()
        self.more_filters.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self.more_filters)
        self.last_filters = QHBoxLayout()
        self.last_filters.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self.last_filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([640, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.search.textChanged.connect(lambda _text: self.reload())
        self._loaded_once = False
        self._wanted: UUID | None = None
        """The record the detail shows or is about to show."""
        self._reselect = False
        self.reloading = False
        """True while a reload (shown again, records changed) re-selects the record on screen."""

    # -- to implement ----------------------------------------------------------------------

    def query(self) -> tuple[Fetch, Count]:
        raise NotImplementedError

    def show_record(self, record: Any) -> None:
        """The selected row's record (or None): show it in the detail area."""

    def new_record(self) -> None:
        """The "new" button or its shortcut."""

    def reshow(self, record_id: UUID) -> bool:
        """After a reload the record on screen is not among the loaded rows (filtered out, or
        further down): show it afresh by itself and say True, or False for the first row."""
        return False

    # -- behaviour -------------------------------------------------------------------------

    def reload(self) -> None:
        self.model.set_query(*self.query())

    def activate(self) -> None:
        if not self._loaded_once:
            self._loaded_once = True
            self.reload()
        else:
            self._reselect = True
            self.model.refresh()

    def follow(self, record_id: UUID | None) -> None:
        """Show this record after the coming reload (one its own form just saved); None:
        none in particular (a new one is being made)."""
        self._wanted = record_id

    def clear(self) -> None:
        self._wanted = None
        self._reselect = False
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.count.clear()
        self._loaded_once = False
        self.show_record(None)
        self.sync_badge.clear()

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def content_widget(self) -> QWidget:
        return self.table

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _page_loaded(self) -> None:
        self.reloading, self._reselect = self._reselect, False
        try:
            wanted = self._wanted if self.reloading else None
            if wanted is not None and (self.select_id(wanted) or self.reshow(wanted)):
                return
            if self.model.rowCount():
                self._fit_columns()
            if self.model.rowCount() and not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)
            elif not self.model.rowCount():
                self.show_record(None)
                self.count.setText(_("Niets gevonden"))
        finally:
            self.reloading = False

    def _fit_columns(self) -> None:
        """Every column as wide as its header and the rows shown ask (within reason); the
        last one takes the rest."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), MAX_COLUMN))

    def _counted(self, total: int) -> None:
        shown = f"{total}+" if total >= COUNT_CAP else str(total)
        self.count.setText(_("{n} gevonden", n=shown) if total else _("Niets gevonden"))

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        record = self.selected()
        self._wanted = getattr(record, "id", None) or self._wanted
        self.show_record(record)
        self.show_sync(getattr(record, "id", None))

    def show_sync(self, record_id: UUID | None) -> None:
        """The record's sync status (pending, synced, conflict, refused) beside its details."""
        if self.kinds and record_id is not None:
            self.sync_badge.show_for(self.kinds[0], record_id)
        else:
            self.sync_badge.clear()

    def _activated(self, index: QModelIndex) -> None:
        self.detail.setFocus()
        self.focusNextChild()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.model.rowCount():
                    self.table.setFocus()
                    if not self.table.selectionModel().hasSelection():
                        self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def select_id(self, record_id: object) -> bool:
        """Select the row of the record with this id, if it is loaded. A row that is selected
        already is shown again, as it is now (selecting it changes no selection)."""
        self._wanted = record_id if isinstance(record_id, UUID) else self._wanted
        for row, record in enumerate(self.model.rows()):
            if getattr(record, "id", None) == record_id:
                if self.selected() is record:
                    self._show_selected()
                else:
                    self.table.selectRow(row)
                return True
        return False
