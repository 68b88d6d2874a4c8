"""Pick a record by typing: a search field with a drop-down of matches from the vault."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.models.filters import GroupFilter
from desktop.services.groups import Groups
from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.views.ops import Ops
from veldwerk_core.i18n import _
from veldwerk_core.models import Group, Youth

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_RESULTS = 20

Search = Callable[[Session, str, int], list[Any]]


class Picker(QLineEdit):
    """Searching runs on the database worker as you type; only the newest answer is shown.
    :attr:`sig_picked` carries the chosen record."""

    sig_picked = Signal(object)

    def __init__(
        self,
        ops: Ops,
        search: Search,
        describe: Callable[[Any], str],
        *,
        placeholder: str,
        nothing_found: str,
        clear_on_pick: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._search_records = search
        self._describe = describe
        self._nothing_found = nothing_found
        self._clear_on_pick = clear_on_pick
        self._generation = 0
        self._exclude: set[UUID] = set()
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.results = QStandardItemModel(self)
        self._completer = QCompleter(self.results, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(10)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.textEdited.connect(self._search)

    def exclude(self, ids: Iterable[UUID]) -> None:
        """Leave these records out of the suggestions (e.g. the ones already chosen)."""
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
        search, limit = self._search_records, MAX_RESULTS + len(self._exclude)
        self._ops.run(
            lambda session: search(session, text, limit),
            on_success=lambda found: self._show(generation, found),
            owner=self,
        )

    def _show(self, generation: int, found: list[Any]) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for record in [r for r in found if r.id not in self._exclude][:MAX_RESULTS]:
            item = QStandardItem(self._describe(record))
            item.setData(record, RECORD_ROLE)
            item.setEditable(False)
            self.results.appendRow(item)
        if self.results.rowCount() == 0:
            empty = QStandardItem(self._nothing_found)
            empty.setEnabled(False)
            self.results.appendRow(empty)
        self._completer.complete()

    def _activated(self, index: QModelIndex) -> None:
        record = index.data(RECORD_ROLE)
        if record is None:
            return
        if self._clear_on_pick:
            self.clear()
        else:
            self.setText(self._describe(record))
        self.sig_picked.emit(record)

    def popup(self) -> QWidget | None:
        return self._completer.popup()

    def clear_results(self) -> None:
        """Forget suggestions (on lock)."""
        self._generation += 1
        self.results.clear()
        self.clear()


def describe_youth(youth: Youth) -> str:
    text = youth.name_with_age()
    return f"{text} · {youth.wijk}" if youth.wijk else text


def describe_group(group: Group) -> str:
    return f"{group.name} · {group.wijk}" if group.wijk else group.name


class YouthPicker(Picker):
    """Pick a youth by typing part of a name, BSN, wijk or school (shows name, age, wijk)."""

    def __init__(
        self, ops: Ops, parent: QWidget | None = None, *, clear_on_pick: bool = False
    ) -> None:
        super().__init__(
            ops,
            lambda session, text, limit: Youths(session).search(text, limit),
            describe_youth,
            placeholder=_("Typ een naam, BSN, wijk of school…"),
            nothing_found=_("Geen jongere gevonden"),
            clear_on_pick=clear_on_pick,
            parent=parent,
        )


class GroupPicker(Picker):
    """Pick a youth group by typing part of its name, wijk or a location."""

    def __init__(
        self, ops: Ops, parent: QWidget | None = None, *, clear_on_pick: bool = False
    ) -> None:
        super().__init__(
            ops,
            lambda session, text, limit: Groups(session).page(GroupFilter(text=text), 0, limit),
            describe_group,
            placeholder=_("Typ de naam van een groep…"),
            nothing_found=_("Geen groep gevonden"),
            clear_on_pick=clear_on_pick,
            parent=parent,
        )
