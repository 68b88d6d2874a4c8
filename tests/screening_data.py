"""Instrument definitions and answers for screening tests (made up, never real instruments)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import strategies as st

from veldwerk_core.models.answers import AnswerType, AnswerValue, ItemDirection
from veldwerk_core.models.instrument import InstrumentDefinition, parse_instrument

ON = date(2026, 3, 2)
"""The screening date used by the scoring tests."""


def definition_data(**overrides: Any) -> dict[str, Any]:
    """A small valid instrument file's contents; every answer type appears once."""
    data: dict[str, Any] = {
        "id": "proef",
        "version": 1,
        "title": "Proeflijst",
        "unknown_counts_as": 0.5,
        "domains": [
            {"id": "thuis", "title": "Thuis"},
            {"id": "straat", "title": "Straat"},
        ],
        "items": [
            {
                "id": "ruzie",
                "domain": "thuis",
                "text": "Is er vaak ruzie thuis?",
                "answer_type": "yes_no_unknown",
                "weight": 2,
            },
            {
                "id": "toezicht",
                "domain": "thuis",
                "text": "Hoe weinig toezicht is er?",
                "answer_type": "scale_0_2",
                "weight": 1.5,
            },
            {
                "id": "delicten",
                "domain": "straat",
                "text": "Hoeveel delicten zijn bekend?",
                "answer_type": "count",
                "weight": 1,
                "max_count": 4,
            },
            {
                "id": "politie",
                "domain": "straat",
                "text": "Laatste politiecontact?",
                "answer_type": "date",
                "weight": 3,
                "recent_days": 365,
            },
            {
                "id": "sport",
                "domain": "straat",
                "text": "Sport de jongere bij een club?",
                "answer_type": "yes_no_unknown",
                "direction": "protective",
                "weight": 1,
            },
        ],
        "rules": [
            {
                "id": "doelgroep",
                "title": "Doelgroep",
                "when": {
                    "all": [
                        {"age": {"min": 8, "max": 23}},
                        {"answer": {"item": "delicten", "max": 2}},
                        {"present": {"min": 2, "direction": "risk"}},
                    ]
                },
                "advice": "Bespreken in het overleg.",
            },
            {
                "id": "recent",
                "title": "Recent politiecontact",
                "when": {"answer": {"item": "politie", "within_days": 90}},
                "min_band": "hoog",
            },
        ],
        "bands": [
            {"id": "laag", "label": "Laag", "min_score": 0, "advice": "Geen actie."},
            {"id": "midden", "label": "Midden", "min_score": 4, "advice": "Blijf alert."},
            {"id": "hoog", "label": "Hoog", "min_score": 8, "advice": "Bespreken."},
        ],
    }
    data.update(overrides)
    return copy.deepcopy(data)


def definition(**overrides: Any) -> InstrumentDefinition:
    return parse_instrument(definition_data(**overrides), "proef.yaml")


# -- Hypothesis ---------------------------------------------------------------------------

weights = st.sampled_from([0, 0.5, 1, 1.5, 2, 3])


@st.composite
def definitions(draw: st.DrawFn) -> InstrumentDefinition:
    """Random valid instruments: 1-3 domains, 1-10 items of every type and direction."""
    domain_count = draw(st.integers(1, 3))
    domains = [{"id": f"d{n}", "title": f"Domein {n}"} for n in range(domain_count)]
    items: list[dict[str, Any]] = []
    for n in range(draw(st.integers(domain_count, 10))):
        kind = draw(st.sampled_from(list(AnswerType)))
        item: dict[str, Any] = {
            "id": f"v{n}",
            "domain": f"d{n % domain_count}",
            "text": f"Vraag {n}",
            "answer_type": kind.value,
            "weight": draw(weights),
            "direction": draw(st.sampled_from(list(ItemDirection))).value,
            "unknown_counts_as": draw(st.none() | st.sampled_from([0, 0.25, 0.5, 1])),
        }
        if kind is AnswerType.COUNT:
            item["max_count"] = draw(st.integers(1, 5))
        if kind is AnswerType.DATE:
            item["recent_days"] = draw(st.integers(1, 400))
        items.append(item)
    return parse_instrument(
        {
            "id": "willekeurig",
            "version": 1,
            "title": "Willekeurig",
            "unknown_counts_as": draw(st.sampled_from([0, 0.5, 1])),
            "domains": domains,
            "items": items,
            "bands": [
                {"id": "a", "label": "A", "min_score": 0},
                {"id": "b", "label": "B", "min_score": 3},
            ],
        },
        "willekeurig.yaml",
    )


def known_answers(kind: AnswerType) -> st.SearchStrategy[AnswerValue]:
    """Answers other than "onbekend" for an item of ``kind``, as stored."""
    if kind is AnswerType.YES_NO_UNKNOWN:
        return st.sampled_from(["yes", "no"])
    if kind is AnswerType.SCALE_0_2:
        return st.integers(0, 2)
    if kind is AnswerType.COUNT:
        return st.integers(0, 12)
    return st.just("no") | st.dates(date(2024, 1, 1), ON).map(date.isoformat)


def answers_for(
    definition: InstrumentDefinition, *, unknown: bool = True, complete: bool = False
) -> st.SearchStrategy[dict[str, AnswerValue]]:
    """Answer sets for ``definition``: some items unanswered unless ``complete``."""
    parts: dict[str, st.SearchStrategy[AnswerValue | None]] = {}
    for item in definition.items:
        choice: st.SearchStrategy[AnswerValue | None] = known_answers(item.answer_type)
        if unknown:
            choice = choice | st.just("unknown")
        if not complete:
            choice = choice | st.none()
        parts[item.id] = choice
    return st.fixed_dictionaries(parts).map(
        lambda given: {key: value for key, value in given.items() if value is not None}
    )
