"""Combination rules over every signal of the municipality, kept by the server.

The devices evaluate the rules over what they hold; the server evaluates the same rules
(veldwerk_core.models.rules) over all signals, after every write that may change a youth's
facts. The result - which rule holds for which youth, and over how many signals - is what the
early-signalling meeting's agenda is proposed from: the regisseur sees the flag, never the
signals behind it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from server.db_models import RecordYouth, ServerFlag, StoredRecord
from server.services.server_writes import Writer, reacts_to
from veldwerk_core import kinds
from veldwerk_core.models import Relation, Signal, Trajectory
from veldwerk_core.models.rules import (
    FACT_KINDS,
    RuleSet,
    SignalFact,
    YouthFacts,
    signal_source,
)
from veldwerk_core.models.signal import FollowUp, Severity

R = StoredRecord
RUNNING = ("registered", "active")
FOLLOW_UP = "follow_up"
"""The flag of a youth a signal asks to discuss in the meeting (not a rule of rules.yaml)."""


def _signals(
    session: Session, youths: list[str], since: datetime
) -> tuple[dict[str, list[SignalFact]], dict[str, int]]:
    """Per youth the facts of its current signals since ``since``, and how many of those ask
    to be discussed in the early-signalling meeting."""
    rows = session.execute(
        select(RecordYouth.youth_id, R.id, R.data)
        .join(R, R.id == RecordYouth.record_id)
        .where(RecordYouth.youth_id.in_(youths), R.kind == Signal.kind, R.deleted.is_(False))
    ).all()
    replaced = {
        str(data.get("supersedes_id")) for _youth, _id, data in rows if data.get("supersedes_id")
    }
    facts: dict[str, list[SignalFact]] = {youth: [] for youth in youths}
    asked: dict[str, int] = {}
    for youth, record_id, data in rows:
        occurred = datetime.fromisoformat(str(data["occurred_at"]))
        if record_id in replaced or occurred < since:
            continue
        if data.get("follow_up") == FollowUp.EARLY_SIGNALLING_MEETING.value:
            asked[youth] = asked.get(youth, 0) + 1
        facts[youth].append(
            SignalFact(
                uuid.UUID(record_id),
                occurred,
                str(data["category"]),
                str(data["life_domain"]),
                signal_source(
                    str(data.get("source", "")),
                    str(data.get("reported_by", "")),
                    str(data.get("organisation", "")),
                    str(data.get("recorded_by", "")),
                ),
                Severity(data["severity"]),
            )
        )
    return facts, asked


def _sibling_pairs(session: Session, municipality: str, youths: list[str]) -> set[tuple[str, str]]:
    """(youth, sibling) for the youths' sibling relations, whichever side recorded them."""
    named = R.data["related_youth_id"].as_string()
    rows = session.execute(
        select(R.data).where(
            R.municipality_id == municipality,
            R.kind == Relation.kind,
            R.deleted.is_(False),
            or_(R.youth_id.in_(youths), named.in_(youths)),
        )
    ).scalars()
    pairs: set[tuple[str, str]] = set()
    for data in rows:
        if not data or data.get("relation_kind") != "sibling" or not data.get("related_youth_id"):
            continue
        one, other = str(data["youth_id"]), str(data["related_youth_id"])
        pairs |= {(one, other), (other, one)}
    return pairs


def _siblings_in_trajectory(
    session: Session, municipality: str, youths: list[str]
) -> dict[str, list[uuid.UUID]]:
    pairs = [pair for pair in _sibling_pairs(session, municipality, youths) if pair[0] in youths]
    siblings = sorted({sibling for _youth, sibling in pairs})
    running = set(
        session.execute(
            select(R.youth_id).where(
                R.kind == Trajectory.kind,
                R.deleted.is_(False),
                R.youth_id.in_(siblings),
                R.data["status"].as_string().in_(RUNNING),
            )
        ).scalars()
    )
    found: dict[str, list[uuid.UUID]] = {}
    for youth, sibling in pairs:
        if sibling in running:
            found.setdefault(youth, []).append(uuid.UUID(sibling))
    return found


def refresh(
    session: Session, municipality: str, youths: Iterable[str], rules: RuleSet, now: datetime
) -> None:
    """Evaluate the rules again for ``youths`` and keep what holds."""
    wanted = sorted(set(youths))
    if not wanted:
        return
    session.flush()  # the links of the write that set this off
    since = now - timedelta(days=rules.longest_window)
    signals, follow_ups = _signals(session, wanted, since)
    siblings = _siblings_in_trajectory(session, municipality, wanted)
    session.execute(delete(ServerFlag).where(ServerFlag.youth_id.in_(wanted)))
    for youth in wanted:
        facts = YouthFacts(uuid.UUID(youth), signals[youth], tuple(siblings.get(youth, ())))
        held = [(flag.rule_id, len(flag.signal_ids)) for flag in rules.evaluate(facts, now)]
        asked = follow_ups.get(youth, 0)
        if asked:
            held.append((FOLLOW_UP, asked))
        for rule_id, count in held:
            session.add(
                ServerFlag(
                    youth_id=youth,
                    rule_id=rule_id,
                    municipality_id=municipality,
                    signals=count,
                    flagged_at=now,
                )
            )


@reacts_to(*FACT_KINDS)
def facts_changed(writer: Writer, row: StoredRecord, before: dict[str, Any] | None) -> None:
    """A signal, a sibling relation or a trajectory changed: the flags of the youths it names
    (and, for a trajectory, of its youth's brothers and sisters) may change."""
    if writer.rules is None:
        return
    youths = set(kinds.youths_mentioned(row.kind, row.data))
    youths |= set(kinds.youths_mentioned(row.kind, before))
    if row.kind == Trajectory.kind:
        pairs = _sibling_pairs(writer.session, row.municipality_id, sorted(youths))
        youths |= {sibling for _youth, sibling in pairs}
    refresh(writer.session, row.municipality_id, youths, writer.rules, writer.now)
