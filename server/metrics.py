"""Prometheus metrics: requests by route and status, latency, push results."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

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
    return generate_latest(REGISTRY).decode()
