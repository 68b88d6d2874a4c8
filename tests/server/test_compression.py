"""Compact on the wire (issue 16, item 5): answers above a few kilobytes are gzip-compressed
for clients that accept it (the app does: tests/sync/test_sync_transport.py), small ones go
as they are."""

from __future__ import annotations

from server.api.main import GZIP_MIN_BYTES
from tests.server.helpers import World, mutation, youth_fields
from veldwerk_core.models import new_id

PULL = "/api/v1/sync/pull"


def test_a_large_pull_answer_is_gzipped_and_reads_the_same(world: World) -> None:
    worker = world["youth_worker"]
    worker.push(*[mutation("youth", new_id(), youth_fields()) for _ in range(40)])
    body = {"cursor": 0, "limit": 500}
    packed = world.client.post(PULL, json=body, headers=worker.headers)
    plain = world.client.post(
        PULL, json=body, headers={**worker.headers, "Accept-Encoding": "identity"}
    )
    assert packed.status_code == plain.status_code == 200
    assert len(plain.content) > GZIP_MIN_BYTES
    assert packed.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert packed.json()["records"] == plain.json()["records"]
    assert packed.num_bytes_downloaded * 4 < len(packed.content), "JSON compresses well"


def test_a_small_answer_goes_as_it_is(world: World) -> None:
    worker = world["youth_worker"]
    answer = world.client.get("/api/v1/device", headers=worker.headers)
    assert answer.status_code == 200 and len(answer.content) < GZIP_MIN_BYTES
    assert "content-encoding" not in answer.headers
