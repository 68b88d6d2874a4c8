"""The worklist section: the home screen with everything that needs attention."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import worklist
from desktop.services.changes import ALL_KINDS
from desktop.services.worklist import Urgency, WorkItem
from desktop.views.ops import Ops
from desktop.views.section import Section
from desktop.views.sync.status_bar import counted
from veldwerk_core.i18n import N_, _

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_COLOURS = {Urgency.OVERDUE: "#b3261e", Urgency.SOON: "#8a5a00"}


class WorklistSection(Section):
    title = N_("Werklijst")
    shows = tuple(sorted(ALL_KINDS))
    """Every feature adds items (flags from signals, agreements, unsigned plans...)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.heading = QLabel(f"<h2>{_('Werklijst')}</h2>", self)
        self.summary = QLabel(self)
        self.summary.setObjectName("worklistSummary")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("worklist")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Wat"), _("Waarom"), _("Wanneer")])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._open)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)

    def activate(self) -> None:
        self.summary.setText(_("Werklijst wordt bijgewerkt…"))
        self.ops.run(
            lambda session: worklist.collect(session, date.today()),
            on_success=self.show_items,
            owner=self,
        )

    def show_items(self, items: list[WorkItem]) -> None:
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for item in items:
            group = groups.get(item.category)
            if group is None:
                group = QTreeWidgetItem(self.tree, [item.category])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                groups[item.category] = group
            due = item.due.strftime("%d-%m-%Y") if item.due else ""
            row = QTreeWidgetItem(group, [item.title, item.detail, due])
            row.setData(0, ITEM_ROLE, item)
            colour = _COLOURS.get(item.urgency)
            if colour:
                for column in range(3):
                    row.setForeground(column, QBrush(QColor(colour)))
        for group in groups.values():
            group.setText(0, f"{group.text(0)} ({group.childCount()})")
            group.setExpanded(True)
        if items:
            self.summary.setText(
                counted(
                    len(items), N_("1 punt vraagt aandacht."), N_("{n} punten vragen aandacht.")
                )
            )
        else:
            self.summary.setText(_("Niets dat nu aandacht vraagt."))
        first = self.tree.topLevelItem(0)
        child = first.child(0) if first is not None else None
        if child is not None:
            self.tree.setCurrentItem(child)

    def _open(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        item = row.data(0, ITEM_ROLE)
        if isinstance(item, WorkItem):
            self.sig_open_record.emit(item.target_kind, item.target_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_F5:
            self.activate()
            return
        super().keyPressEvent(event)

    def content_widget(self) -> QWidget:
        return self.tree

    def clear(self) -> None:
        self.tree.clear()
        self.summary.clear()
