"""initial_sync: a fresh device pulls a municipality (10k youths, 100k signals, 2k trajectories
with goals and agreements) from the real server on PostgreSQL over loopback.

Reports rows/s of the whole first sync (pull, configuration, post-sync check) and of the pull
alone (and of it: storing pages, building the deferred signal indexes at its end), and the
ratio to a local bulk-load floor measured in the same run: the same rows,
loaded from a file into a fresh vault through the same set-based store path.
"""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import fresh_session
from bench.sync_common import bulk_seed, durable_server, records, timed_page_storing
from desktop.services import sync
from desktop.store import deferred_indexes, pull_apply
from desktop.sync import engine
from desktop.sync.engine import Progress
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.protocol import PulledRecord, PullResponse

YOUTHS, SIGNALS, TRAJECTORIES = 10_000, 100_000, 2_000
PAGE = 1000


def run() -> Iterator[dict[str, Any]]:
    with durable_server() as server, tempfile.TemporaryDirectory() as folder:
        rows = bulk_seed(server, "youth_worker", records(YOUTHS, SIGNALS, TRAJECTORIES))
        dump = Path(folder) / "rows.jsonl"
        with fresh_session() as session:
            sync.enroll(session, server.url, server.code("youth_worker"), "bench")
            pulled_at: list[float] = []

            def progress(step: Progress) -> None:
                if step.phase == "pull" and step.done == step.total:
                    pulled_at.append(time.perf_counter())

            client = sync.SyncClient.for_session(session, progress=progress)
            rebuilding = [0.0]
            original_end = engine._pull_end

            def timed_end(local: engine.Local) -> set[uuid.UUID]:
                begun = time.perf_counter()
                try:
                    return original_end(local)
                finally:
                    rebuilding[0] += time.perf_counter() - begun

            engine._pull_end = timed_end
            try:
                with timed_page_storing() as storing:
                    started = time.perf_counter()
                    report = client.sync()
            finally:
                engine._pull_end = original_end
            seconds = time.perf_counter() - started
            assert report.received == rows and report.checked, report
            pull_seconds = (pulled_at[-1] if pulled_at else time.perf_counter()) - started
            _dump(session, dump)
        floor = _floor(dump, rows)
    yield {
        "name": "initial_sync",
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "pull_seconds": round(pull_seconds, 2),
        "pull_rows_per_s": round(rows / pull_seconds),
        "store_seconds": round(storing[0], 2),
        "rebuild_seconds": round(rebuilding[0], 2),
        "waiting_for_server_seconds": round(pull_seconds - storing[0], 2),
        "floor_seconds": round(floor, 2),
        "floor_rows_per_s": round(rows / floor),
        "ratio": round(seconds / floor, 2),
    }


def _dump(session: Any, path: Path) -> None:
    with path.open("w") as out:
        for kind in RECORD_TYPES:
            for row in session.vault.execute(f"SELECT id, base_version, data FROM {kind}"):
                out.write(json.dumps([kind, row[0], row[1], json.loads(row[2])]) + "\n")


def _floor(path: Path, expected: int) -> float:
    """The same rows from a file into a fresh vault, a page at a time, set-based (the
    signal list's indexes built after the load, as a first sync does)."""
    with fresh_session() as session:
        session.vault.execute(
            "INSERT INTO sync_state (id, server_url, credential, credential_at, identity, "
            "enrolled_at) VALUES (1, '', '', '', '{}', '')"
        )
        started = time.perf_counter()
        deferred_indexes.defer(session.vault)
        page: list[PulledRecord] = []
        loaded = 0
        with path.open() as source:
            for line in source:
                kind, record_id, version, data = json.loads(line)
                page.append(
                    PulledRecord.model_construct(
                        kind=kind, id=record_id, version=version, data=data
                    )
                )
                if len(page) == PAGE:
                    loaded += _load(session, page)
                    page = []
        loaded += _load(session, page)
        deferred_indexes.restore(session.vault)
        seconds = time.perf_counter() - started
        assert loaded == expected
    return seconds


def _load(session: Any, page: list[PulledRecord]) -> int:
    if page:
        response = PullResponse.model_construct(
            records=page, removals=[], conflicts=[], cursor=1, has_more=False
        )
        pull_apply.apply_page(session.vault, response, session.records)
    return len(page)
