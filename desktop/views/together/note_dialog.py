"""A dialog that asks one note before an action: withdrawing, declining, accepting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.services.session import Session
from desktop.views.ops import Ops
from desktop.views.record_dialog import RecordDialog
from desktop.views.trajectories.fields import TextArea

Act = Callable[[Session, str], Any]


class NoteDialog(RecordDialog):
    def __init__(
        self,
        ops: Ops,
        title: str,
        intro: str,
        field: tuple[str, str],
        act: Act,
        *,
        action: str,
        required: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """``field``: the record field the note is stored in (its errors show here) and its
        label; ``act(session, note)`` does the work."""
        super().__init__(ops, title, parent, action=action)
        self._act = act
        self.say(intro)
        name, label = field
        self.note = TextArea(self)
        self.binding.row(self.form, label, name, self.note, required=required)

    def values(self) -> dict[str, Any]:
        return {"note": self.note.text()}

    def work(self, session: Session, data: dict[str, Any]) -> Any:
        return self._act(session, data["note"])
