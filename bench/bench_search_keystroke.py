"""search_keystroke: one search-as-you-type update with 10k youths and 100k signals.

An update is what a keystroke costs the list: the first page (100 rows) of the new query and
the capped count, as the list views ask for it. Typed strings are realistic prefixes of names,
wijken, BSNs and description words, one character at a time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.common import bulk_vault, open_bench_session, percentiles
from desktop.models.filters import SignalFilter, YouthFilter
from desktop.services.signals import Signals
from desktop.services.youths import Youths

PAGE = 100
"""Rows the list asks for with a new query (views/paged_model.py)."""


def _update(fetch: Callable[[Any, int, int], Any], count: Callable[[Any], int], spec: Any) -> float:
    started = time.perf_counter()
    fetch(spec, 0, PAGE)
    count(spec)
    return (time.perf_counter() - started) * 1000


def _typed(words: list[str]) -> list[str]:
    """Every prefix of each word, as a person types it."""
    return [word[:n] for word in words for n in range(1, len(word) + 1)]


def run() -> Iterator[dict[str, Any]]:
    data_dir = bulk_vault("search-10k-100k", youths=10_000, signals=100_000)
    session = open_bench_session(data_dir)
    try:
        rng = random.Random(3)
        sample = Youths(session).page(YouthFilter(), 0, 10_000)
        names = [rng.choice(sample).last_name for _ in range(15)] + [
            rng.choice(sample).first_name for _ in range(10)
        ]
        bsns = [y.bsn for y in rng.sample(sample, 200) if y.bsn][:5]
        youth_texts = _typed(names + bsns + ["Noord", "Stadslyceum"])
        signal_texts = _typed(["skatebaan", "pakketjes", "scooter", "Telegram", "mentor", "Noord"])
        youths, signals = Youths(session), Signals(session)
        for warm in youth_texts[:5]:
            youths.rows(YouthFilter(text=warm), 0, PAGE)
        samples_youth = [
            _update(youths.rows, youths.count_matching, YouthFilter(text=t)) for t in youth_texts
        ]
        samples_signal = [
            _update(signals.rows, signals.count, SignalFilter(text=t)) for t in signal_texts
        ]
        filtered = [
            _update(
                signals.rows,
                signals.count,
                SignalFilter(category=category, wijk="Noord", text=text),
            )
            for category in ("werving", "overlast", "wapens", "schoolverzuim")
            for text in ("", "sk", "skate")
        ]
    finally:
        session.lock()
    yield {
        "name": "search_keystroke",
        "list": "youths",
        "youths": 10_000,
        "keystrokes": len(samples_youth),
        **percentiles(samples_youth),
        "goal_p95_ms": 16,
    }
    yield {
        "name": "search_keystroke",
        "list": "signals",
        "signals": 100_000,
        "keystrokes": len(samples_signal),
        **percentiles(samples_signal),
        "goal_p95_ms": 16,
    }
    yield {
        "name": "search_keystroke",
        "list": "signals_filtered",
        "queries": len(filtered),
        **percentiles(filtered),
        "goal_p95_ms": 16,
    }
