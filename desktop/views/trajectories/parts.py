"""A list of plan parts (goals, agreements, network) with a form for the selected one.

Edits go straight into the part's data (a dict), so switching between parts loses nothing;
errors from saving are kept per part and shown next to the fields when it is selected. The
form's fields are declared once (a :class:`Binding`): loading a part fills them from the dict,
every edit copies them back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views.binding import Binding
from veldwerk_core.i18n import _
from veldwerk_core.models.base import new_id
from veldwerk_core.models.errors import FieldError

ERROR_COLOUR = "#b3261e"


class PartList(QWidget):
    """Subclasses build the form (``build_form``), and move data in and out of it."""

    sig_changed = Signal()

    add_text = ""
    empty_text = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[dict[str, Any]] = []
        self.errors: dict[int, list[FieldError]] = {}
        self.binding = Binding(self)
        self.messages = self.binding.messages
        self.binding.sig_edited.connect(lambda _name: self.changed())
        self._loading = False

        self.list = QListWidget(self)
        self.list.setObjectName("partList")
        self.list.setMinimumWidth(240)
        self.list.currentRowChanged.connect(self._selected)
        self.add_button = QPushButton(_(self.add_text), self)
        self.add_button.setObjectName("addPart")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(_("Verwijderen"), self)
        self.remove_button.setObjectName("removePart")
        self.remove_button.clicked.connect(self.remove)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.list, self.remove)

        self.form_widget = QWidget(self)
        self.form = QFormLayout(self.form_widget)
        self.build_form(self.form_widget, self.form)
        self.empty = QLabel(_(self.empty_text), self)
        self.empty.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self.empty)
        right.addWidget(self.form_widget)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self._refresh_state()

    # -- for subclasses ------------------------------------------------------------------

    def build_form(self, parent: QWidget, form: QFormLayout) -> None:
        """Declare the part's fields on :attr:`binding` and lay them out in ``form``."""
        raise NotImplementedError

    def load(self, item: Mapping[str, Any]) -> None:
        """Show ``item`` in the form (what it lacks shows empty)."""
        self.binding.reset()
        self.binding.fill(item)

    def store(self, item: dict[str, Any]) -> None:
        """Copy the form into ``item``."""
        item.update(self.binding.state())

    def summary(self, item: Mapping[str, Any]) -> str:
        raise NotImplementedError

    def new_item(self) -> dict[str, Any]:
        return {"id": str(new_id())}

    # -- behaviour -----------------------------------------------------------------------

    def set_items(self, items: list[dict[str, Any]]) -> None:
        self.items = [dict(item) for item in items]
        self.errors = {}
        self._rebuild()
        self.list.setCurrentRow(0 if self.items else -1)
        self._refresh_state()

    def changed(self) -> None:
        """Connected to every field: keep the item in step with the form."""
        if self._loading:
            return
        row = self.list.currentRow()
        if 0 <= row < len(self.items):
            self.store(self.items[row])
            self._label(row)
        self.sig_changed.emit()

    def add(self) -> None:
        self.items.append(self.new_item())
        self._rebuild()
        self.list.setCurrentRow(len(self.items) - 1)
        self._refresh_state()
        self.sig_changed.emit()
        self.focus_first()

    def focus_first(self) -> None:
        first = self.form.itemAt(0, QFormLayout.ItemRole.FieldRole)
        widget = first.widget() if first is not None else None
        if widget is not None:
            widget.setFocus()

    def remove(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.items):
            return
        del self.items[row]
        self.errors = {}
        self._rebuild()
        self.list.setCurrentRow(min(row, len(self.items) - 1))
        self._refresh_state()
        self.sig_changed.emit()

    def show_errors(self, errors: dict[int, list[FieldError]]) -> None:
        """Errors per item index (fields relative to the item); selects the first."""
        self.errors = errors
        for row in range(len(self.items)):
            self._label(row)
        if errors:
            self.list.setCurrentRow(min(errors))
        self._selected(self.list.currentRow())

    def _rebuild(self) -> None:
        self._loading = True
        self.list.clear()
        for _item in self.items:
            QListWidgetItem("", self.list)
        for row in range(len(self.items)):
            self._label(row)
        self._loading = False

    def _label(self, row: int) -> None:
        entry = self.list.item(row)
        if entry is None:
            return
        text = self.summary(self.items[row]) or _("(nog leeg)")
        if row in self.errors:
            text = "⚠ " + text
            entry.setForeground(QBrush(QColor(ERROR_COLOUR)))
        else:
            entry.setForeground(QBrush())
        entry.setText(text)

    def _selected(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            self._refresh_state()
            return
        self._loading = True
        try:
            with self.binding.muted():
                self.load(self.items[row])
        finally:
            self._loading = False
        self.binding.show_errors(self.errors.get(row, []), focus=False)
        self._refresh_state()

    def _refresh_state(self) -> None:
        has = 0 <= self.list.currentRow() < len(self.items)
        self.form_widget.setVisible(has)
        self.empty.setVisible(not self.items)
        self.remove_button.setEnabled(has)
