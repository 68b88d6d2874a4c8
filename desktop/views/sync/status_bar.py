"""Sync in the status bar: online or offline, last sync, changes waiting, conflicts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from desktop.services.sync import SyncStatus
from desktop.sync.engine import Progress
from desktop.views.dates import dutch_datetime
from desktop.views.sync.controller import SyncController
from veldwerk_core.i18n import N_, _

_GREEN, _GREY, _RED = "#1e7b34", "#6b6b6b", "#b3261e"


def counted(n: int, one: str, many: str) -> str:
    """A count in words, singular or plural ("1 conflict", "3 conflicten")."""
    return _(one) if n == 1 else _(many, n=n)


class SyncStatusLabel(QLabel):
    sig_clicked = Signal()
    """Open the Synchronisatie section."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setToolTip(_("Synchronisatie: klik voor details"))
        controller.sig_status.connect(self.show_status)
        controller.sig_running.connect(self._running)
        controller.sig_progress.connect(self._progress)
        self._status: SyncStatus | None = None
        self._syncing = False

    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        if not status.enrolled:
            text = _("Niet gekoppeld aan een server")
            if status.pending:
                text += " · " + counted(
                    status.pending,
                    N_("1 wijziging alleen op dit apparaat"),
                    N_("{n} wijzigingen alleen op dit apparaat"),
                )
            self._set(_GREY, text)
            return
        online = {True: _("online"), False: _("offline"), None: _("nog niet verbonden")}
        parts = [online[status.online]]
        if status.last_success is not None:
            parts.append(_("gesynchroniseerd {moment}", moment=dutch_datetime(status.last_success)))
        if status.pending:
            parts.append(_("{n} te versturen", n=status.pending))
        if status.conflicts:
            parts.append(counted(status.conflicts, N_("1 conflict"), N_("{n} conflicten")))
        if status.rejected:
            parts.append(_("{n} geweigerd", n=status.rejected))
        colour = (
            _RED
            if status.conflicts or status.lease_expired
            else (_GREEN if status.online else _GREY)
        )
        self._set(colour, " · ".join(parts))

    def _set(self, colour: str, text: str) -> None:
        if self._syncing:
            colour, text = _GREEN, _("Bezig met synchroniseren…")
            if self._status is not None and self._status.pending:
                text += " · " + _("{n} te versturen", n=self._status.pending)
        self.setText(f"<span style='color:{colour}'>●</span> {text}")

    def _running(self, running: bool) -> None:
        self._syncing = running
        if running:
            self._set(_GREEN, "")
        elif self._status is not None:
            self.show_status(self._status)

    def _progress(self, step: Progress) -> None:
        if step.total:
            self.setText(
                f"<span style='color:{_GREEN}'>●</span> "
                + _("Synchroniseren: {done} van {total}", done=step.done, total=step.total)
            )

    def clear_status(self) -> None:
        self._status = None
        self._syncing = False
        self.clear()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.sig_clicked.emit()
        super().mousePressEvent(event)
