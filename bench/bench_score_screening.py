"""score_screening: completing a 60-item screening - validate, score, explain, save - through
the full write path (audit and outbox included), as the Afronden button does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from bench.common import fresh_session, percentiles
from desktop.services.instruments import Instruments
from desktop.services.screenings import Screenings
from veldwerk_core.models import Youth
from veldwerk_core.models.instrument import parse_instrument

N = 300
ITEMS = 60
KINDS = ("yes_no_unknown", "scale_0_2", "count", "date")


def instrument_data() -> dict[str, Any]:
    """A 60-item checklist over six domains with every answer type and a few derived rules."""
    domains = [{"id": f"domein{d}", "title": f"Domein {d}"} for d in range(6)]
    items: list[dict[str, Any]] = []
    for n in range(ITEMS):
        kind = KINDS[n % len(KINDS)]
        item: dict[str, Any] = {
            "id": f"vraag{n}",
            "domain": f"domein{n % 6}",
            "text": f"Vraag {n} van de benchmarklijst?",
            "answer_type": kind,
            "weight": 1 + n % 3,
            "direction": "protective" if n % 10 == 9 else "risk",
        }
        if kind == "date":
            item["recent_days"] = 365
        items.append(item)
    rules = [
        {
            "id": "doelgroep",
            "title": "Doelgroep",
            "when": {
                "all": [
                    {"age": {"min": 8, "max": 23}},
                    {"answer": {"item": "vraag2", "max": 2}},
                    {"present": {"min": 2, "direction": "risk"}},
                ]
            },
        },
        {
            "id": "combinatie",
            "title": "Combinatie",
            "when": {"present": {"min": 3, "count": "domains"}},
            "min_band": "hoog",
        },
        {"id": "niet", "title": "Niet", "when": {"not": {"rule": "combinatie"}}},
    ]
    bands = [
        {"id": "laag", "label": "Laag", "min_score": 0},
        {"id": "midden", "label": "Midden", "min_score": 20},
        {"id": "hoog", "label": "Hoog", "min_score": 40},
    ]
    return {
        "id": "bench",
        "version": 1,
        "title": "Benchmarklijst",
        "unknown_counts_as": 0.5,
        "domains": domains,
        "items": items,
        "rules": rules,
        "bands": bands,
    }


def answer(kind: str, number: int) -> object:
    if number % 11 == 0:
        return "unknown"
    if kind == "yes_no_unknown":
        return "yes" if number % 2 else "no"
    if kind == "scale_0_2":
        return number % 3
    if kind == "count":
        return number % 5
    return "no" if number % 3 else "01-02-2025"


def run() -> Iterator[dict[str, Any]]:
    with fresh_session() as session:
        youth = session.records.create(
            Youth, {"first_name": "Bench", "last_name": "Jongere", "date_of_birth": "01-01-2011"}
        ).record
        Instruments(session).add(parse_instrument(instrument_data(), "bench.yaml"))
        screenings = Screenings(session)
        samples = []
        for round_ in range(N):
            draft = screenings.start(youth.id, "bench", screened_on="01-06-2025")
            answers = {f"vraag{n}": answer(KINDS[n % len(KINDS)], n + round_) for n in range(ITEMS)}
            draft = draft.model_copy(update={"answers": answers})
            screenings.save_draft(draft)
            started = time.perf_counter()
            screenings.complete(draft)
            samples.append((time.perf_counter() - started) * 1000)
    yield {
        "name": "score_screening",
        "n": N,
        "items": ITEMS,
        **percentiles(samples),
        "goal_p95_ms": 20,
    }
