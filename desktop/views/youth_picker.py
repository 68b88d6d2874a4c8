"""Pick a youth by typing part of a name, BSN, wijk or school."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.i18n import _
from desktop.models.youth import Youth
from desktop.services.youths import Youths
from desktop.views.ops import Ops

YOUTH_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_RESULTS = 20


class YouthPicker(QLineEdit):
    """A search field with a drop-down of matching youths (name and age, wijk).

    Searching runs on the database worker as you type; only the newest answer is shown.
    :attr:`sig_picked` carries the chosen :class:`Youth`.
    """

    sig_picked = Signal(object)

    def __init__(
        self, ops: Ops, parent: QWidget | None = None, *, clear_on_pick: bool = False
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._clear_on_pick = clear_on_pick
        self._generation = 0
        self._exclude: set[UUID] = set()
        self.setPlaceholderText(_("Typ een naam, BSN, wijk of school…"))
        self.setClearButtonEnabled(True)
        self.results = QStandardItemModel(self)
        self._completer = QCompleter(self.results, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(10)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.textEdited.connect(self._search)

    def exclude(self, ids: Iterable[UUID]) -> None:
        """Leave these youths out of the suggestions (e.g. the ones already chosen)."""
        self._exclude = set(ids)

    def _search(self, text: str) -> None:
        self._generation += 1
        generation = self._generation
        if not text.strip():
            self.results.clear()
            popup = self._completer.popup()
            if popup is not None:
                popup.hide()
            return
        self._ops.run(
            lambda session: Youths(session).search(text, MAX_RESULTS + len(self._exclude)),
            on_success=lambda youths: self._show(generation, youths),
            owner=self,
        )

    def _show(self, generation: int, youths: list[Youth]) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for youth in [y for y in youths if y.id not in self._exclude][:MAX_RESULTS]:
            text = youth.name_with_age()
            if youth.wijk:
                text += f" · {youth.wijk}"
            item = QStandardItem(text)
            item.setData(youth, YOUTH_ROLE)
            item.setEditable(False)
            self.results.appendRow(item)
        if self.results.rowCount() == 0:
            empty = QStandardItem(_("Geen jongere gevonden"))
            empty.setEnabled(False)
            self.results.appendRow(empty)
        self._completer.complete()

    def _activated(self, index: QModelIndex) -> None:
        youth = index.data(YOUTH_ROLE)
        if not isinstance(youth, Youth):
            return
        if self._clear_on_pick:
            self.clear()
        else:
            self.setText(youth.name_with_age())
        self.sig_picked.emit(youth)

    def clear_results(self) -> None:
        """Forget suggestions (on lock)."""
        self._generation += 1
        self.results.clear()
        self.clear()
