"""Prometheus metrics: requests by route and status, latency, push results.

With several server processes (``WORKERS``) each keeps its numbers in a file of a shared
folder (``PROMETHEUS_MULTIPROC_DIR``, set by ``serve`` before it starts them) and ``/metrics``
adds them up, whichever process answers.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "veldwerk_requests", "HTTP requests answered", ["method", "route", "status"], registry=REGISTRY
)
LATENCY = Histogram(
    "veldwerk_request_seconds",
    "Time to answer a request",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    registry=REGISTRY,
)
PUSH_RESULTS = Counter(
    "veldwerk_push_mutations", "Pushed mutations by result", ["status"], registry=REGISTRY
)
RETRIES = Counter(
    "veldwerk_transaction_retries",
    "Transactions run again after losing a race (unique violation, deadlock)",
    ["sqlstate"],
    registry=REGISTRY,
)


def render() -> str:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry).decode()
    return generate_latest(REGISTRY).decode()
