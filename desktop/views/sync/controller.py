"""Syncing in the background: on a timer while the vault is open, and on demand.

One controller per :class:`Ops` (``controller_for``), shared by the status bar, the
Synchronisatie section and the shell. The sync itself runs on the network pool; it reaches
the vault through ``Ops.call`` (the database worker), so the GUI thread never waits.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from PySide6.QtCore import QObject, QTimer, Signal

from desktop.services import sync
from desktop.services.changes import Changes
from desktop.services.errors import VaultLocked
from desktop.services.sync import SyncStatus
from desktop.sync.engine import SyncReport
from desktop.sync.errors import DeviceRevoked, NotEnrolled, Offline, SyncBusy
from desktop.sync.transport import RetryPolicy
from desktop.views.ops import Ops
from veldwerk_core.i18n import _
from veldwerk_core.models.errors import VeldwerkError

log = logging.getLogger("veldwerk.ui")

AUTO_INTERVAL_MS = 5 * 60 * 1000
FIRST_AUTO_MS = 3000
AUTO_RETRIES = RetryPolicy(attempts=2)
"""An automatic sync gives up quickly when offline; the next tick tries again."""


class SyncController(QObject):
    sig_status = Signal(object)
    """A fresh SyncStatus."""
    sig_progress = Signal(object)
    """Progress of the running sync (a Progress)."""
    sig_running = Signal(bool)
    sig_finished = Signal(object)
    """The SyncReport of a sync that completed."""
    sig_failed = Signal(str)
    """A sync failed: the message a person reads."""
    sig_wiped = Signal()
    """The device was revoked: its vault is gone."""
    sig_lease = Signal(bool)
    """True when case data is locked until a sync succeeds (the offline lease ran out)."""

    _progress = Signal(object)

    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.running = False
        self.status: SyncStatus | None = None
        self.http: httpx.Client | None = None
        """The HTTP client to use (None: a fresh one per sync); tests pass the server's."""
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.sync_now(manual=False))
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(lambda: self.sync_now(manual=False))
        self._progress.connect(self.sig_progress.emit)  # crosses from the network thread
        ops.sig_changed.connect(self._records_changed)

    # -- life cycle ----------------------------------------------------------------------

    def start(self) -> None:
        """The vault is open: show the status, check the lease, sync soon and then now and then."""
        self.refresh()
        self.timer.start()
        self._first.start(FIRST_AUTO_MS)

    def stop(self) -> None:
        self.timer.stop()
        self._first.stop()
        self.status = None

    # -- status --------------------------------------------------------------------------

    def refresh(self) -> None:
        self.ops.run(sync.status, on_success=self._have_status, on_failure=self._quiet, owner=self)

    def _have_status(self, status: SyncStatus) -> None:
        self.status = status
        self.sig_status.emit(status)
        self.sig_lease.emit(status.lease_expired)

    def _records_changed(self, _changes: Changes) -> None:
        """A change waits to be sent: the status bar's count says so at once, also while a
        sync runs (one that waits for an unreachable server can take minutes)."""
        if self.status is not None:
            self.refresh()

    def _quiet(self, error: BaseException) -> None:
        if not isinstance(error, VaultLocked):
            log.warning("sync status: %s", type(error).__name__)

    # -- syncing -------------------------------------------------------------------------

    def sync_now(self, *, manual: bool = True) -> None:
        session = self.ops.session
        if session is None or self.running:
            return
        self.running = True
        self.sig_running.emit(True)
        client = sync.SyncClient.through(
            self.ops.call,
            session,
            client=self.http,
            policy=None if manual else AUTO_RETRIES,
            progress=self._progress.emit,
        )
        self.ops.run_network(
            client.sync,
            on_success=self._done,
            on_failure=lambda error: self._failed(error, manual),
            owner=self,
        )

    def _done(self, report: SyncReport) -> None:
        self.running = False
        self.sig_running.emit(False)
        self.sig_finished.emit(report)
        self.refresh()
        if report.received or report.removed:
            # Pulled pages are stored set-based, past the write path: the report cannot say
            # which kinds, so every view that shows records takes a fresh look.
            self.ops.announce(Changes.everything())

    def _failed(self, error: BaseException, manual: bool) -> None:
        self.running = False
        self.sig_running.emit(False)
        if isinstance(error, DeviceRevoked):
            self.stop()
            self.sig_wiped.emit()
            return
        if isinstance(error, VaultLocked | SyncBusy):
            return
        self.refresh()
        if isinstance(error, Offline | NotEnrolled) and not manual:
            return
        if isinstance(error, VeldwerkError):
            self.sig_failed.emit(error.user_message())
        else:
            log.error("sync failed: %s", type(error).__name__, exc_info=error)
            self.sig_failed.emit(_("Synchroniseren is mislukt door een fout in Veldwerk."))

    # -- enrollment ----------------------------------------------------------------------

    def enroll(
        self,
        server_url: str,
        code: str,
        device_name: str,
        on_done: Any,
        on_error: Any,
    ) -> None:
        """Check the form here, exchange the code on the network pool, keep it in the vault."""
        try:
            sync.check_enrollment(server_url, code, device_name)
        except VeldwerkError as invalid:
            on_error(invalid)
            return

        def stored(result: tuple[str, Any]) -> None:
            url, response = result
            self.ops.run(
                lambda session: sync.store_enrollment(session, url, response),
                on_success=lambda identity: self._enrolled(identity, on_done),
                on_failure=on_error,
                owner=self,
            )

        self.ops.run_network(
            lambda: sync.request_enrollment(server_url, code, device_name, client=self.http),
            on_success=stored,
            on_failure=on_error,
            owner=self,
        )

    def _enrolled(self, identity: Any, on_done: Any) -> None:
        on_done(identity)
        self.status = None
        self.refresh()
        self.sync_now(manual=True)


def controller_for(ops: Ops) -> SyncController:
    """The one controller of these operations (made on first use, owned by ``ops``)."""
    found = ops.findChild(SyncController)
    if isinstance(found, SyncController):
        return found
    return SyncController(ops, ops)
