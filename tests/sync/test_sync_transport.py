"""The transport against the real server through a fault-injecting proxy: network errors and
5xx are retried with backoff and jitter, a short 429 is waited out, 4xx is never retried."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from desktop.sync.errors import Offline, RateLimited, ServerUnavailable, Unauthenticated
from desktop.sync.transport import RetryPolicy, Transport
from tests.reliability.fault_proxy import FaultProxy
from tests.reliability.test_sync_lost_ack import Faults
from veldwerk_core.protocol import PullRequest

POLICY = RetryPolicy(attempts=4, base_delay=0.5, max_delay=20.0, max_retry_after=60.0)


@pytest.fixture
def proxied(real_server: Any) -> Iterator[tuple[Faults, FaultProxy, list[float], Transport]]:
    faults = Faults()
    waits: list[float] = []
    with FaultProxy(int(real_server.url.rsplit(":", 1)[1]), faults) as proxy:
        client = httpx.Client(headers={"Connection": "close"}, timeout=10)
        transport = Transport(
            proxy.url,
            real_server.world["youth_worker"].credential,
            client=client,
            policy=POLICY,
            sleep=waits.append,
            jitter=lambda: 0.5,
        )
        try:
            yield faults, proxy, waits, transport
        finally:
            client.close()


def test_server_errors_are_retried_with_growing_jittered_waits(proxied: Any) -> None:
    faults, proxy, waits, transport = proxied
    for _ in range(3):
        faults.arm("/sync/pull", "status:503")
    page = transport.pull(PullRequest(cursor=0, limit=10))
    assert not page.resync_required
    assert waits == [0.375, 0.75, 1.5], "half fixed, half jitter, doubling"
    assert proxy.counts.connections == 4


def test_a_server_that_keeps_failing_is_reported_after_the_last_attempt(proxied: Any) -> None:
    faults, proxy, waits, transport = proxied
    for _ in range(4):
        faults.arm("/sync/pull", "status:502")
    with pytest.raises(ServerUnavailable) as caught:
        transport.pull(PullRequest(cursor=0, limit=10))
    assert "storing" in caught.value.user_message()
    assert proxy.counts.connections == 4 and len(waits) == 3


def test_lost_connections_are_retried_and_then_called_offline(proxied: Any) -> None:
    faults, proxy, _waits, transport = proxied
    for _ in range(4):
        faults.arm("/sync/state", "reset")
    with pytest.raises(Offline):
        transport.state()
    faults.arm("/sync/state", "drop")
    assert transport.state().cursor >= 0


def test_a_short_retry_after_is_waited_out_and_a_long_one_reported(proxied: Any) -> None:
    faults, _proxy, waits, transport = proxied
    faults.arm("/sync/state", "status:429:2")
    transport.state()
    assert waits == [2.0]
    faults.arm("/sync/state", "status:429:900")
    with pytest.raises(RateLimited) as caught:
        transport.state()
    assert caught.value.seconds == 900 and "15 minuten" in caught.value.user_message()
    assert waits == [2.0], "a long wait is not slept through"


def test_client_errors_are_never_retried(proxied: Any) -> None:
    _faults, proxy, waits, transport = proxied
    transport.credential = "vw1.00000000-0000-0000-0000-000000000000.verkeerd"
    with pytest.raises(Unauthenticated):
        transport.state()
    assert proxy.counts.connections == 1 and waits == []


def test_the_app_asks_for_compressed_answers() -> None:
    """httpx asks for gzip by default, and the server compresses pull pages (issue 16)."""
    transport = Transport("http://127.0.0.1:9")
    try:
        assert "gzip" in transport._client.headers["accept-encoding"]
    finally:
        transport.close()
