"""One sync: push the outbox, upload the access log, pull what changed, fetch the
configuration, check the result.

The engine runs on a network thread and touches the vault only through ``run``, which
executes a function on the database worker (in tests and scripts: directly). It keeps no
state of its own between calls: everything that must survive a crash (cursor, outbox, the
refetch in progress) is in the vault, written in the same transaction as the data it
belongs to. Killing the process at any point therefore loses nothing and applies nothing
twice; the next sync carries on.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol, TypeVar

from desktop.store import deferred_indexes, outbox, pull_apply, sync_check, sync_state
from desktop.store.records import RecordStore
from desktop.store.vault import Vault
from desktop.sync import audit_upload
from desktop.sync.errors import NotEnrolled, SyncBusy, SyncError
from desktop.sync.transport import Transport
from veldwerk_core.protocol import (
    MAX_MUTATIONS,
    MAX_PULL_LIMIT,
    ConfigResponse,
    MutationResult,
    PullRequest,
    PullResponse,
    PushRequest,
)

log = logging.getLogger("veldwerk.sync")

T = TypeVar("T")

CHECK_INTERVAL = timedelta(hours=1)
"""How often the full state check runs when nothing suggests it is needed sooner."""
CONFIG_INTERVAL = timedelta(minutes=15)
"""The municipality's configuration changes rarely; it is fetched at most this often."""
ROTATE_AFTER = timedelta(days=30)
MAX_REFETCHES = 1


class Local(Protocol):
    """What the engine needs of an unlocked vault (a services.session.Session fits)."""

    @property
    def vault(self) -> Vault: ...

    @property
    def records(self) -> RecordStore: ...


Run = Callable[[Callable[[Local], Any]], Any]


@dataclass(frozen=True)
class Progress:
    phase: str
    """"push", "audit" (the device's access log), "pull" or "check"."""
    done: int
    total: int | None


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    proposed: int = 0
    """Changes of others' records kept as proposals to their owners."""
    received: int = 0
    removed: int = 0
    pulled_conflicts: int = 0
    checked: bool = False
    refetched: bool = False
    audit_uploaded: int = 0
    """Entries of the device's access log the server now has (desktop/sync/audit_upload.py)."""
    config: ConfigResponse | None = None
    youth_ids: set[uuid.UUID] = field(default_factory=set)
    """Youths whose flags may have changed."""


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(key: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


class Engine:
    def __init__(
        self,
        run: Run,
        transport: Transport,
        clock: Callable[[], datetime],
        *,
        key: str = "vault",
        progress: Callable[[Progress], None] | None = None,
        page_size: int = MAX_PULL_LIMIT,
        check: bool | None = None,
    ) -> None:
        self._run = run
        self._transport = transport
        self._clock = clock
        self._key = key
        self._progress = progress or (lambda _progress: None)
        self._page_size = page_size
        self._force_check = check

    def _db(self, work: Callable[[Local], T]) -> T:
        result: T = self._run(work)
        return result

    # -- the whole sync -----------------------------------------------------------------

    def sync(self) -> SyncReport:
        """Push, pull, configuration, check. One at a time per vault (else SyncBusy)."""
        lock = _lock_for(self._key)
        if not lock.acquire(blocking=False):
            raise SyncBusy()
        try:
            state = self._db(lambda local: sync_state.load(local.vault))
            if state is None:
                raise NotEnrolled()
            self._transport.credential = state.credential
            self._db(partial(_update, last_attempt=self._clock()))
            try:
                report = self._sync(state)
            except SyncError as failure:
                self._db(partial(_update, last_error=failure.code))
                raise
            self._db(partial(_update, last_success=self._clock(), last_error=None))
            return report
        finally:
            lock.release()

    def _sync(self, state: sync_state.SyncState) -> SyncReport:
        report = SyncReport()
        self._push(report)
        report.audit_uploaded = audit_upload.upload(
            self._run,
            self._transport,
            lambda done, total: self._progress(Progress("audit", done, total)),
        )
        interrupted = state.pulling
        retried_before = self._transport.retried
        self._pull(report)
        if state.config_at is None or self._clock() - state.config_at >= CONFIG_INTERVAL:
            report.config = self._transport.config()
            self._db(partial(_save_config, config=report.config, now=self._clock()))
        due = state.last_check is None or self._clock() - state.last_check >= CHECK_INTERVAL
        if self._force_check is not None:
            due = self._force_check
        lost = interrupted or self._transport.retried > retried_before or report.refetched
        if due or lost:
            self._check(report)
        self._rotate(state)
        return report

    # -- push ---------------------------------------------------------------------------

    def _push(self, report: SyncReport) -> None:
        """The outbox as it was when the sync began, oldest first, in batches."""
        up_to, total = self._db(
            lambda local: (outbox.last_seq(local.vault), outbox.count(local.vault))
        )
        while True:
            batch = self._db(lambda local: outbox.next_batch(local.vault, MAX_MUTATIONS, up_to))
            if not batch:
                return
            request = PushRequest(mutations=[item.mutation() for item in batch])
            response = self._transport.push(request)
            answered = self._db(
                partial(_answer, batch=batch, results=response.results, now=self._clock())
            )
            report.pushed += len(batch)
            report.applied += answered.applied
            report.conflicts += answered.conflicts
            report.rejected += answered.rejected
            report.proposed += answered.proposed
            report.youth_ids |= answered.youth_ids
            self._progress(Progress("push", report.pushed, max(total, report.pushed)))

    # -- pull ---------------------------------------------------------------------------

    def _pull(self, report: SyncReport) -> None:
        """Pages until the server has no more; the next page is fetched while one is stored."""
        cursor, refetching, holds = self._db(_pull_start)
        try:
            total: int | None = None
            if cursor == 0:
                if holds and not refetching:
                    self._db(lambda local: sync_check.begin_refetch(local.vault))
                total = sum(table.count for table in self._transport.state().tables.values())
            self._pages(cursor, total, report)
        except BaseException:
            # The indexes a first sync left out are built now, not only at the next open.
            with suppress(Exception):
                self._db(lambda local: deferred_indexes.restore(local.vault))
            raise
        report.youth_ids |= self._db(_pull_end)

    def _pages(self, cursor: int, total: int | None, report: SyncReport) -> None:
        resyncs = 0
        with ThreadPoolExecutor(1, thread_name_prefix="veldwerk-pull") as ahead:
            pending: Future[PullResponse] = ahead.submit(self._fetch, cursor)
            while True:
                page = pending.result()
                if page.resync_required:
                    resyncs += 1
                    if resyncs > 2:
                        raise SyncError()
                    self._db(lambda local: sync_check.begin_refetch(local.vault))
                    report.refetched = True
                    pending = ahead.submit(self._fetch, 0)
                    continue
                if page.has_more:
                    pending = ahead.submit(self._fetch, page.cursor)
                applied = self._db(partial(_apply, page=page))
                report.received += applied.records
                report.removed += applied.removals
                report.pulled_conflicts += applied.conflicts
                report.youth_ids |= applied.youth_ids
                self._progress(Progress("pull", report.received, total))
                if not page.has_more:
                    break

    def _fetch(self, cursor: int) -> PullResponse:
        return self._transport.pull(PullRequest(cursor=cursor, limit=self._page_size))

    # -- the check ----------------------------------------------------------------------

    def _check(self, report: SyncReport) -> None:
        """Compare what the device holds with the server's state; refetch when they differ."""
        self._progress(Progress("check", 0, None))
        refetches = 0
        for _attempt in range(4):
            server = self._transport.state()
            cursor, waiting = self._db(
                lambda local: (sync_state.position(local.vault)[0], outbox.count(local.vault))
            )
            if waiting:
                return  # changes made during this sync: the next sync compares
            if server.cursor != cursor:
                self._pull(report)  # something happened meanwhile; catch up and compare again
                continue
            local = self._db(lambda local: sync_check.local_state(local.vault))
            if local.hash == server.hash:
                report.checked = True
                self._db(partial(_update, last_check=self._clock()))
                return
            kinds = sync_check.differing_kinds(local, server)
            log.warning("post-sync check differs for %s; refetching", ", ".join(kinds))
            if refetches >= MAX_REFETCHES:
                return
            refetches += 1
            self._db(lambda local: sync_check.begin_refetch(local.vault))
            report.refetched = True
            self._pull(report)

    # -- credential rotation ------------------------------------------------------------

    def _rotate(self, state: sync_state.SyncState) -> None:
        """A fresh credential now and then; the old one works until the new one is used."""
        if self._clock() - state.credential_at < ROTATE_AFTER:
            return
        fresh = self._transport.rotate().credential
        self._db(partial(_update, credential=fresh, credential_at=self._clock()))
        self._transport.credential = fresh


def _answer(
    local: Local, batch: list[outbox.Pending], results: list[MutationResult], now: datetime
) -> outbox.Answered:
    return outbox.answer(local.vault, batch, results, now)


def _apply(local: Local, page: PullResponse) -> pull_apply.PageApplied:
    return pull_apply.apply_page(local.vault, page, local.records)


def _save_config(local: Local, config: ConfigResponse, now: datetime) -> None:
    sync_state.save_config(local.vault, config, now)


def _update(local: Local, **values: Any) -> None:
    sync_state.update(local.vault, **values)


def _pull_start(local: Local) -> tuple[int, bool, bool]:
    vault = local.vault
    cursor, refetching = sync_state.position(vault)
    sync_state.update(vault, pulling=True)
    # Only a pull from the start asks whether the vault holds server records (it must sweep).
    holds = cursor == 0 and sync_check.holds_synced_records(vault)
    if cursor == 0 and not holds and not refetching:
        deferred_indexes.defer(vault)  # a first sync: the signal list's indexes come after
    else:
        deferred_indexes.restore(vault)
    return cursor, refetching, holds


def _pull_end(local: Local) -> set[uuid.UUID]:
    vault = local.vault
    affected: set[uuid.UUID] = set()
    if sync_state.position(vault)[1]:
        affected = sync_check.finish_refetch(vault)
    deferred_indexes.restore(vault)
    sync_state.update(vault, pulling=False)
    return affected
