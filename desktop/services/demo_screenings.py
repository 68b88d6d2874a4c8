"""Demo screenings: the youths the demo flags get one or two completed example screenings,
so the Screenings section and the history have something to show."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from desktop.services.screenings import Screenings
from desktop.services.session import Session
from veldwerk_core.models.answers import UNKNOWN, AnswerType, AnswerValue, ItemDirection
from veldwerk_core.models.instrument import InstrumentItem

INSTRUMENT = "vroegsignalering-jonge-aanwas"
MAX_YOUTHS = 40


def _answer(rng: random.Random, item: InstrumentItem, on: date, worry: float) -> AnswerValue:
    if rng.random() < 0.08:
        return UNKNOWN
    present = rng.random() < (worry if item.direction is ItemDirection.RISK else 1 - worry)
    kind = item.answer_type
    if kind is AnswerType.YES_NO_UNKNOWN:
        return "yes" if present else "no"
    if kind is AnswerType.SCALE_0_2:
        return rng.choice([1, 2]) if present else 0
    if kind is AnswerType.COUNT:
        return rng.randint(1, 4) if present else 0
    if not present:
        return "no"
    return (on - timedelta(days=rng.randint(10, 700))).isoformat()


def add(session: Session, youth_ids: Sequence[uuid.UUID], seed: int) -> int:
    """Complete example screenings for up to MAX_YOUTHS youths; returns how many."""
    rng = random.Random(seed * 7919)
    screenings = Screenings(session)
    screenings.instruments.ensure_examples()
    definition = screenings.instruments.get(INSTRUMENT).definition
    today = session.clock().date()
    made = 0
    for youth_id in youth_ids[:MAX_YOUTHS]:
        worry = rng.uniform(0.15, 0.5)
        for days_back in sorted(rng.sample(range(5, 240), rng.choice([1, 2])), reverse=True):
            on = today - timedelta(days=days_back)
            draft = screenings.start(youth_id, INSTRUMENT, screened_on=on)
            answers = {item.id: _answer(rng, item, on, worry) for item in definition.items}
            screenings.complete(draft.model_copy(update={"answers": answers}))
            worry = min(worry + rng.uniform(-0.1, 0.2), 0.9)
            made += 1
    return made
