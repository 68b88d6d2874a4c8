"""pull_apply: the client's own cost of a 1,000-row pull page - the answer's bytes read into a
page (as ``Transport`` reads it) and the page stored in the vault (``pull_apply.apply_page``) -
without the network or the server (issue 16, item 4: goal <= 20 ms a page).

The pages are those of a municipality's first sync in the shape ``initial_sync`` pulls (youths,
then signals, then trajectories with goals and agreements), made with the record models as the
server stores them. Two figures:

- ``initial``: a fresh vault's first sync, page after page (what ``initial_sync`` stores);
- ``everyday``: 1,000 new signals into a vault that already holds that municipality (the
  signal list's indexes in place).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from bench.common import fresh_session, percentiles
from bench.sync_common import records, stored_data
from desktop.store import pull_apply
from desktop.sync.engine import _pull_end, _pull_start
from veldwerk_core.protocol import PulledRecord, PullResponse

YOUTHS, SIGNALS, TRAJECTORIES = 2_000, 20_000, 400
PAGE = 1000
EVERYDAY_PAGES = 5


def _pages(mutations: Iterator[dict[str, Any]], first_cursor: int) -> Iterator[bytes]:
    """Pull answers as the server sends them, 1,000 records each."""
    now = datetime.now(UTC)
    page: list[PulledRecord] = []
    cursor = first_cursor
    for item in mutations:
        data = stored_data(item, now)
        page.append(
            PulledRecord(kind=item["record_kind"], id=item["record_id"], version=1, data=data)
        )
        if len(page) == PAGE:
            cursor += PAGE
            yield _body(page, cursor, True)
            page = []
    if page:
        yield _body(page, cursor + len(page), False)


def _body(page: list[PulledRecord], cursor: int, more: bool) -> bytes:
    return PullResponse(records=page, cursor=cursor, has_more=more).model_dump_json().encode()


def _store(session: Any, bodies: list[bytes]) -> tuple[list[float], list[float]]:
    """Milliseconds per page: parsing, storing (as the engine does, pull start and end)."""
    parsing: list[float] = []
    storing: list[float] = []
    _pull_start(session)
    for body in bodies:
        started = time.perf_counter()
        page = PullResponse.model_validate_json(body, extra="ignore")  # as Transport reads
        parsed = time.perf_counter()
        pull_apply.apply_page(session.vault, page, session.records)
        done = time.perf_counter()
        parsing.append((parsed - started) * 1000)
        storing.append((done - parsed) * 1000)
    started = time.perf_counter()
    _pull_end(session)
    storing[-1] += (time.perf_counter() - started) * 1000  # what the end of a pull adds
    return parsing, storing


def _figures(name: str, parsing: list[float], storing: list[float]) -> dict[str, Any]:
    both = [p + s for p, s in zip(parsing, storing, strict=True)]
    return {
        "name": "pull_apply",
        "pages": name,
        "n": len(both),
        "rows_per_page": PAGE,
        "min_ms": round(min(both), 3),
        **percentiles(both),
        "parse_p50_ms": percentiles(parsing)["p50_ms"],
        "store_p50_ms": percentiles(storing)["p50_ms"],
        "store_min_ms": round(min(storing), 3),
        "rows_per_s": round(PAGE * len(both) / (sum(both) / 1000)),
        "goal_ms": 20,
        "load_average": round(os.getloadavg()[0], 2),
    }


def run() -> Iterator[dict[str, Any]]:
    initial = list(_pages(records(YOUTHS, SIGNALS, TRAJECTORIES), 0))
    rows = YOUTHS + SIGNALS + TRAJECTORIES * 6
    everyday = list(
        _pages(records(YOUTHS, EVERYDAY_PAGES * PAGE, 0, seed=11), rows + PAGE * EVERYDAY_PAGES)
    )[-EVERYDAY_PAGES:]  # the new signals only (their youths are other ids: signals only)
    with fresh_session() as session:
        session.vault.execute(
            "INSERT INTO sync_state (id, server_url, credential, credential_at, identity, "
            "enrolled_at) VALUES (1, '', '', '', '{}', '')"
        )
        started = time.perf_counter()
        parsing, storing = _store(session, initial)
        seconds = time.perf_counter() - started
        first = _figures("initial", parsing, storing)
        first["rows"] = rows
        first["seconds"] = round(seconds, 2)
        yield first
        parsing, storing = _store(session, everyday)
        yield _figures("everyday", parsing, storing)
