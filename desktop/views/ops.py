"""The one background-operation helper every view uses.

Everything that touches the vault runs on a single database worker thread, in order; network
work has a pool of its own. Results and errors come back on the GUI thread. Like Anki's
``CollectionOp``: ``ops.run(lambda session: ..., on_success=...)``.

Nothing but a token crosses back from a worker: the finished job waits in a queue on the GUI
side and a signal without arguments wakes the GUI thread to deliver it, so the work, its
callbacks and what they hold are released on the GUI thread, never on a worker. With
``VELDWERK_THREAD_CHECK=1`` every Qt call made on a worker is reported
(:mod:`desktop.views.thread_check`).

Locking bumps an *epoch*: results of operations started before the lock are dropped, so a slow
query can never put case data back into a view that was just cleared.

Each operation on the vault reports what it wrote (:class:`Changes`, collected by the session
from the one write path): ``sig_changed`` carries it to every view after the operation's own
callback, and each view decides whether it concerns it. Nobody wires "after this dialog saves,
reload that list" by hand.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from shiboken6 import isValid

from desktop.services.changes import Changes
from desktop.services.errors import VaultLocked
from desktop.services.session import Session
from desktop.views.thread_check import ThreadCheck

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


@dataclass(eq=False)
class _Job:
    """One operation. Only the GUI thread keeps it; the worker borrows it to run ``work``."""

    epoch: int
    work: Callable[[], Any]
    on_success: Callable[[Any], None] | None
    on_failure: OnFailure | None
    owner: QObject | None
    changed: list[Changes] | None
    result: Any = None
    error: BaseException | None = None


class Ops(QObject):
    sig_busy = Signal(bool)
    """True while any operation runs, False when all are done."""
    sig_error = Signal(object)
    """An operation failed and its caller did not handle the error (the exception)."""
    sig_changed = Signal(object)
    """Records changed (a :class:`Changes`): after the operation's own callback, or a sync."""

    _wake = Signal()
    """Something finished (carries nothing: what finished waits in ``_ready``)."""

    def __init__(
        self,
        db_executor: Executor | None = None,
        net_executor: Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread_check = ThreadCheck.from_environment()
        self._db = db_executor or ThreadPoolExecutor(1, thread_name_prefix="veldwerk-db")
        self._net = net_executor or ThreadPoolExecutor(2, thread_name_prefix="veldwerk-net")
        self._session: Session | None = None
        self._epoch = 0
        self._running = 0
        self._lock = threading.Lock()
        self._serial = 0
        self._jobs: dict[int, _Job] = {}
        self._ready: queue.SimpleQueue[int | tuple[int, Changes]] = queue.SimpleQueue()
        self._wake.connect(self._drain)

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
                # Reaches the GUI thread like a finished operation does.
                self._hand_back((epoch, session.take_changes()))

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
        job = _Job(self._epoch, work, on_success, on_failure, owner, changed)
        with self._lock:
            self._serial += 1
            token = self._serial
            self._jobs[token] = job
        self._started()
        executor.submit(self._execute, token)

    def _execute(self, token: int) -> None:
        """On the worker: run the job's work, then hand the token to the GUI thread.

        The worker holds no reference of its own to the job once this returns, so the work,
        its callbacks and whatever they hold (widgets) are released on the GUI thread.
        """
        with self._lock:
            job = self._jobs[token]
        check = self._thread_check
        if check is not None:
            check.watch()
        try:
            job.result = job.work()
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            job.error = exc
            del exc
        finally:
            del job
            if check is not None:
                check.unwatch()
            self._hand_back(token)

    def _hand_back(self, item: int | tuple[int, Changes]) -> None:
        self._ready.put(item)
        self._wake.emit()

    @Slot()
    def _drain(self) -> None:
        """On the GUI thread: deliver every finished job and announcement, in order."""
        while True:
            try:
                item = self._ready.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, tuple):
                self._on_changed(item)
                continue
            with self._lock:
                job = self._jobs.pop(item)
            try:
                self._dispatch(job)
            finally:
                self._finished()
                if job.changed:
                    self._on_changed((job.epoch, job.changed[0]))

    def _on_changed(self, payload: tuple[int, Changes]) -> None:
        epoch, changes = payload
        if epoch == self._epoch:
            self.announce(changes)

    def announce(self, changes: Changes) -> None:
        """Tell every view that records changed (a sync that brought records in says so)."""
        if changes:
            self.sig_changed.emit(changes)

    def _dispatch(self, job: _Job) -> None:
        owner = job.owner
        if owner is not None and not isValid(owner):
            return
        error = job.error
        if job.epoch != self._epoch:
            if error is not None and not isinstance(error, VaultLocked):
                log.warning("operation failed after the vault was locked: %s", type(error).__name__)
            return
        if error is None:
            if job.on_success is not None:
                job.on_success(job.result)
        elif job.on_failure is not None:
            job.on_failure(error)
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
