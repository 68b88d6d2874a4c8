"""A record's sync status in words, where the record is shown: not sent yet, synchronised,
in conflict or refused (the last two link to the Synchronisatie section)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from desktop.services import sync_conflicts
from desktop.services.sync_conflicts import CONFLICT, LOCAL, PENDING, PROPOSED, REJECTED, SYNCED
from desktop.views.ops import Ops
from veldwerk_core.i18n import _

_COLOURS = {
    PENDING: "#8a5a00",
    SYNCED: "#1e7b34",
    CONFLICT: "#b3261e",
    REJECTED: "#b3261e",
    PROPOSED: "#8a5a00",
}


class SyncBadge(QLabel):
    sig_open = Signal(str)
    """Show the conflicts ("conflict") or refused changes ("rejected")."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("syncBadge")
        self.linkActivated.connect(self.sig_open.emit)
        self._wanted: tuple[str, uuid.UUID] | None = None

    def show_for(self, kind: str, record_id: uuid.UUID) -> None:
        self._wanted = (kind, record_id)
        self.ops.run(
            lambda session: sync_conflicts.record_status(session, kind, record_id),
            on_success=lambda status: self._show(kind, record_id, status),
            owner=self,
        )

    def _show(self, kind: str, record_id: uuid.UUID, status: str) -> None:
        if self._wanted != (kind, record_id) or status == LOCAL:
            self.clear()
            return
        text = _(sync_conflicts.STATUS_LABELS[status])
        colour = _COLOURS.get(status, "#6b6b6b")
        if status in (CONFLICT, REJECTED, PROPOSED):
            target = "rejected" if status == REJECTED else "conflict"
            text = f"<a href='{target}'>{text}</a>"
        self.setText(f"<span style='color:{colour}'>●</span> {text}")

    def clear(self) -> None:
        self._wanted = None
        super().clear()
