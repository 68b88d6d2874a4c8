"""Many devices at once against the real server process (several workers, PostgreSQL).

Pushes do their work before they take the municipality's sequence lock, so two of them can
race on the same record or mutation id; the loser must still get the right answer, not a
500. A device's pulls may overlap too (a retry while the first request is still running).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any, cast

import httpx
import pytest

from tests.server.helpers import (
    Client,
    PostgresCluster,
    World,
    involvement_fields,
    mutation,
    running_server,
    settings_for,
    worded,
    youth_fields,
)
from tests.sync.fixtures import TEMPLATE
from veldwerk_core.models import new_id


@pytest.fixture(scope="module")
def live(
    pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, World]]:
    """One server (two worker processes) for this module; each test uses its own records."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = pg_cluster.create_database(name, template=TEMPLATE)
    try:
        with running_server(url, tmp_path_factory.mktemp("live"), WORKERS="2") as server:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                yield server.url, World(settings_for(url), cast(Client, client)).build()
    finally:
        pg_cluster.drop_database(name)


def together(count: int, work: Callable[[httpx.Client], httpx.Response], url: str) -> list[Any]:
    """Run ``work`` in ``count`` threads released at the same moment; their responses."""
    start = threading.Barrier(count)
    answers: list[Any] = [None] * count

    def run(index: int) -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            start.wait()
            answers[index] = work(client)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_the_same_batch_sent_at_once_is_applied_once(live: tuple[str, World]) -> None:
    url, world = live
    worker = world["youth_worker"]
    youth = new_id()
    batch = {"mutations": [mutation("youth", youth, youth_fields())]}
    answers = together(
        6, lambda client: client.post("/api/v1/sync/push", json=batch, headers=worker.headers), url
    )
    assert {answer.status_code for answer in answers} == {200}
    results = [answer.json()["results"] for answer in answers]
    assert all(result == results[0] for result in results)
    assert results[0][0]["status"] == "applied" and results[0][0]["version"] == 1
    got = worker.pull_all()
    assert got["records"][str(youth)]["version"] == 1


def test_concurrent_edits_of_one_record_lose_nothing(live: tuple[str, World]) -> None:
    url, world = live
    colleague, worker = world["colleague"], world["youth_worker"]
    youth = str(new_id())
    colleague.push(
        mutation("youth", youth, youth_fields()),
        mutation("involvement", new_id(), involvement_fields(youth, worker.user_id)),
    )
    devices = [colleague, worker] * 4

    def edit(index: int) -> Callable[[httpx.Client], httpx.Response]:
        change = mutation("youth", youth, {"wijk": f"Wijk {index}"}, base=1)
        device = devices[index]
        return lambda client: client.post(
            "/api/v1/sync/push", json={"mutations": [change]}, headers=device.headers
        )

    edits = [edit(index) for index in range(len(devices))]
    counter = iter(range(len(edits)))
    lock = threading.Lock()

    def next_edit(client: httpx.Client) -> httpx.Response:
        with lock:
            index = next(counter)
        return edits[index](client)

    answers = together(len(edits), next_edit, url)
    assert {answer.status_code for answer in answers} == {200}
    statuses = [answer.json()["results"][0]["status"] for answer in answers]
    # The first edit based on version 1 applies; later ones clash on the same field.
    assert statuses.count("applied") == 1
    assert statuses.count("conflict") == len(edits) - 1
    record = world["regisseur"].pull_all()["records"][youth]
    assert record["version"] == 2


def test_overlapping_pulls_of_one_device_all_succeed(live: tuple[str, World]) -> None:
    url, world = live
    worker = world["youth_worker"]
    mine = {str(new_id()) for _ in range(30)}
    worker.push(*(mutation("youth", youth, youth_fields()) for youth in mine))
    answers = together(
        8,
        lambda client: client.post(
            "/api/v1/sync/pull", json={"cursor": 0, "limit": 1000}, headers=worker.headers
        ),
        url,
    )
    assert {answer.status_code for answer in answers} == {200}
    for answer in answers:
        assert mine <= {record["id"] for record in answer.json()["records"]}


def test_a_streamed_body_over_the_limit_is_refused(live: tuple[str, World]) -> None:
    url, world = live
    worker = world["youth_worker"]

    def chunks() -> Iterator[bytes]:  # chunked: no Content-Length to refuse it by
        yield b'{"mutations": ['
        for _ in range(21 * 16):  # 21 MB: over the default 20 MB
            yield b" " * 64 * 1024
        yield b"]}"

    response = httpx.post(
        f"{url}/api/v1/sync/push",
        content=chunks(),
        headers={**worker.headers, "Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert worded(response.json()).startswith("Het verzoek is te groot: hoogstens 20 MB.")
