"""The one background-operation helper every view uses.

Everything that touches the vault runs on a single database worker thread, in order; network
work has a pool of its own. Results and errors come back on the GUI thread. Like Anki's
``CollectionOp``: ``ops.run(lambda session: ..., on_success=...)``.

Locking bumps an *epoch*: results of operations started before the lock are dropped, so a slow
query can never put case data back into a view that was just cleared.

Each operation on the vault reports what it wrote (:class:`Changes`, collected by the session
from the one write path): ``sig_changed`` carries it to every view after the operation's own
callback, and each view decides whether it concerns it. Nobody wires "after this dialog saves,
reload that list" by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from shiboken6 import isValid

from desktop.services.changes import Changes
from desktop.services.errors import VaultLocked
from desktop.services.session import Session

log = logging.getLogger("veldwerk.ui")

T = TypeVar("T")
OnFailure = Callable[[BaseException], None]


class InlineExecutor(Executor):
    """Runs work at once in the calling thread: for tests, as Picard's fake thread pool."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered to the caller like a thread would
            future.set_exception(exc)
        return future


class Ops(QObject):
    sig_busy = Signal(bool)
    """True while any operation runs, False when all are done."""
    sig_error = Signal(object)
    """An operation failed and its caller did not handle the error (the exception)."""
    sig_changed = Signal(object)
    """Records changed (a :class:`Changes`): after the operation's own callback, or a sync."""

    _deliver = Signal(object)
    _changed = Signal(object)

    def __init__(
        self,
        db_executor: Executor | None = None,
        net_executor: Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db_executor or ThreadPoolExecutor(1, thread_name_prefix="veldwerk-db")
        self._net = net_executor or ThreadPoolExecutor(2, thread_name_prefix="veldwerk-net")
        self._session: Session | None = None
        self._epoch = 0
        self._running = 0
        self._deliver.connect(self._on_deliver)
        self._changed.connect(self._on_changed)

    # -- the session ---------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self._session

    def set_session(self, session: Session | None) -> None:
        """Called on the GUI thread after unlocking (a session) or locking (None)."""
        self._session = session

    def invalidate(self) -> None:
        """Drop the results of every operation still under way (used when locking)."""
        self._epoch += 1

    # -- running work --------------------------------------------------------------------

    def run(
        self,
        work: Callable[[Session], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: OnFailure | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work(session)`` on the database worker; callbacks land on the GUI thread,
        followed by ``sig_changed`` when the work wrote records (even if it then failed)."""
        session = self._session
        changed: list[Changes] = []

        def with_session() -> T:
            if session is None or not session.is_open:
                raise VaultLocked()
            session.take_changes()  # written outside any operation (a script): nobody's to report
            try:
                return work(session)
            finally:
                changed.append(session.take_changes())

        self._submit(self._db, with_session, on_success, on_failure, owner, changed)

    def call(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` on the database worker and wait for its result.

        For network work that needs the vault now and then (sync); never call it on the GUI
        thread with a real worker. Raises VaultLocked once the vault is locked.
        """
        session, epoch = self._session, self._epoch

        def with_session() -> T:
            if session is None or not session.is_open:
                raise VaultLocked()
            session.take_changes()
            try:
                return work(session)
            finally:
                # Crosses to the GUI thread like a callback would.
                self._changed.emit((epoch, session.take_changes()))

        return self._db.submit(with_session).result()

    def run_unlocked(
        self,
        work: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: OnFailure | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work()`` on the database worker without a session (create, unlock, lock)."""
        self._submit(self._db, work, on_success, on_failure, owner)

    def run_network(
        self,
        work: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: OnFailure | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work()`` on the network pool; it must not touch the vault."""
        self._submit(self._net, work, on_success, on_failure, owner)

    def _submit(
        self,
        executor: Executor,
        work: Callable[[], T],
        on_success: Callable[[T], None] | None,
        on_failure: OnFailure | None,
        owner: QObject | None,
        changed: list[Changes] | None = None,
    ) -> None:
        epoch = self._epoch
        self._started()

        def done(future: Future[T]) -> None:
            # Runs on the worker thread (or inline); hand the outcome to the GUI thread.
            self._deliver.emit((epoch, future, on_success, on_failure, owner, changed))

        executor.submit(work).add_done_callback(done)

    @Slot(object)
    def _on_deliver(self, payload: tuple[Any, ...]) -> None:
        epoch, future, on_success, on_failure, owner, changed = payload
        try:
            self._dispatch(epoch, future, on_success, on_failure, owner)
        finally:
            self._finished()
            if changed:
                self._on_changed((epoch, changed[0]))

    @Slot(object)
    def _on_changed(self, payload: tuple[int, Changes]) -> None:
        epoch, changes = payload
        if epoch == self._epoch:
            self.announce(changes)

    def announce(self, changes: Changes) -> None:
        """Tell every view that records changed (a sync that brought records in says so)."""
        if changes:
            self.sig_changed.emit(changes)

    def _dispatch(
        self,
        epoch: int,
        future: Future[Any],
        on_success: Callable[[Any], None] | None,
        on_failure: OnFailure | None,
        owner: QObject | None,
    ) -> None:
        if owner is not None and not isValid(owner):
            return
        error = future.exception()
        if epoch != self._epoch:
            if error is not None and not isinstance(error, VaultLocked):
                log.warning("operation failed after the vault was locked: %s", type(error).__name__)
            return
        if error is None:
            if on_success is not None:
                on_success(future.result())
        elif on_failure is not None:
            on_failure(error)
        else:
            self.sig_error.emit(error)

    def _started(self) -> None:
        self._running += 1
        if self._running == 1:
            self.sig_busy.emit(True)

    def _finished(self) -> None:
        self._running -= 1
        if self._running == 0:
            self.sig_busy.emit(False)

    @property
    def busy(self) -> bool:
        return self._running > 0

    def shutdown(self) -> None:
        """Finish queued work and stop the workers (at application exit)."""
        self._db.shutdown(wait=True)
        self._net.shutdown(wait=True, cancel_futures=True)
