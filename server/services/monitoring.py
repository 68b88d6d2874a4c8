"""Monitoring figures of one municipality over a period: counted in the database, aggregates
only (no row about a youth leaves this module), in the fixed layout of docs/monitoring.md.

The figures here are raw; what may be published is decided by
:func:`veldwerk_core.monitoring.suppress`. Dates are calendar dates as recorded (a signal's
moment by its UTC date). Youths whose records were destroyed by retention and kept as an
anonymous stub still count as reached (by age band and wijk; gender unknown).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from server.db_models import Municipality, RecordYouth, ServerFlag, StoredRecord, YouthStub
from veldwerk_core.models import Gender
from veldwerk_core.models.meeting import Decision, MeetingStatus
from veldwerk_core.models.referral import ReferralStatus
from veldwerk_core.monitoring import Cell, Table
from veldwerk_core.protocol import ConfigResponse
from veldwerk_core.retention import age_band

R = StoredRecord
AGE_BANDS = ("0-11", "12-15", "16-17", "18-22", "23+")
OTHER = "overig"
GOAL_MET = 4
"""A goal counts as met when its last evaluation scores it at least this (of 1-5)."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    """Inclusive."""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("--to lies before --from")

    def text(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def holds(self, value: Any) -> bool:
        return bool(value) and self.start.isoformat() <= str(value)[:10] <= self.end.isoformat()

    def overlaps(self, first: Any, last: Any) -> bool:
        """[first, last] (last empty: still running) overlaps the period."""
        return (
            bool(first)
            and str(first)[:10] <= self.end.isoformat()
            and (not last or str(last)[:10] >= self.start.isoformat())
        )

    def months(self) -> list[str]:
        found, day = [], self.start.replace(day=1)
        while day <= self.end:
            found.append(day.isoformat()[:7])
            day = (day + timedelta(days=32)).replace(day=1)
        return found


@dataclass(frozen=True)
class Figures:
    municipality: str
    period: Period
    tables: list[Table]


def _field(name: str) -> ColumnElement[str]:
    value: ColumnElement[str] = R.data[name].as_string()
    return value


def _of(municipality_id: str, kind: str) -> tuple[ColumnElement[bool], ...]:
    return R.municipality_id == municipality_id, R.kind == kind, R.deleted.is_(False)


def _rows(session: Session, municipality: str, kind: str, *names: str) -> list[dict[str, Any]]:
    """Some fields of every live record of ``kind`` (never the whole record)."""
    columns = [R.id, R.parent_id, *(_field(name).label(name) for name in names)]
    query = select(*columns).where(*_of(municipality, kind))
    return [dict(row._mapping) for row in session.execute(query)]


def _cells(counted: Mapping[str, int], keys: Iterable[tuple[str, str]]) -> tuple[Cell, ...]:
    """Cells for the known keys in order, then "overig of onbekend" for whatever else was
    counted (always there: the layout is fixed)."""
    known = dict(keys)
    cells = [Cell(key, label, counted.get(key, 0)) for key, label in known.items()]
    rest = sum(value for key, value in counted.items() if key not in known)
    return (*cells, Cell(OTHER, "overig of onbekend", rest))


def _one(table_id: str, title: str, value: int) -> Table:
    return Table(table_id, title, (Cell("totaal", "totaal", value),), additive=False)


def _age(born: Any, on: date) -> int | None:
    if not born:
        return None
    day = date.fromisoformat(str(born)[:10])
    return on.year - day.year - ((on.month, on.day) < (day.month, day.day))


def figures(
    session: Session, municipality_id: str, period: Period, config: ConfigResponse
) -> Figures:
    town = session.get(Municipality, municipality_id)
    if town is None:
        raise LookupError(municipality_id)
    signals = _signals_in(session, municipality_id, period)
    tables = [
        *_youths(session, municipality_id, period, config, signals),
        *_signals(session, municipality_id, period, config, signals),
        *_meetings(session, municipality_id, period),
        *_referrals(session, municipality_id, period, config),
        *_trajectories(session, municipality_id, period),
    ]
    return Figures(town.name, period, tables)


# -- A1-A3: youths reached ------------------------------------------------------------------


@dataclass(frozen=True)
class _Signals:
    """The signals of the period, counted in the database (a correction in place of what it
    corrects): per category and month, and the youths they name - never a description."""

    counts: dict[tuple[str, str], int]
    youths: set[str]


def _signals_in(session: Session, municipality: str, period: Period) -> _Signals:
    after = (period.end + timedelta(days=1)).isoformat()
    moment = _field("occurred_at")
    in_period = (*_of(municipality, "signal"), moment >= period.start.isoformat(), moment < after)
    corrected = select(_field("supersedes_id")).where(
        *_of(municipality, "signal"), _field("supersedes_id").is_not(None)
    )
    month = func.substr(moment, 1, 7)
    category = _field("category")
    counted = session.execute(
        select(category, month, func.count())
        .where(*in_period, R.id.not_in(corrected))
        .group_by(category, month)
    ).all()
    youths = session.execute(
        select(RecordYouth.youth_id)
        .join(R, R.id == RecordYouth.record_id)
        .where(*in_period)
        .distinct()
    ).scalars()
    return _Signals({(str(c), str(m)): int(n) for c, m, n in counted}, set(youths))


def _reached(session: Session, municipality: str, period: Period, signals: _Signals) -> set[str]:
    """Youths with a signal in the period, or a referral or trajectory running in it."""
    found = set(signals.youths)
    for kind, first, last in (
        ("referral", "referred_on", "ended_on"),
        ("trajectory", "start", "ended_on"),
    ):
        for row in _rows(session, municipality, kind, "youth_id", first, last):
            if period.overlaps(row[first], row[last]):
                found.add(str(row["youth_id"]))
    return found


def _youths(
    session: Session,
    municipality: str,
    period: Period,
    config: ConfigResponse,
    signals: _Signals,
) -> list[Table]:
    reached = _reached(session, municipality, period, signals)
    ages: Counter[str] = Counter()
    genders: Counter[str] = Counter()
    wijken: Counter[str] = Counter()
    for row in _rows(session, municipality, "youth", "date_of_birth", "gender", "wijk"):
        if row["id"] not in reached:
            continue
        ages[age_band(_age(row["date_of_birth"], period.end))] += 1
        genders[row["gender"] or OTHER] += 1
        wijken[row["wijk"] or OTHER] += 1
    stubs = select(YouthStub.age_band, YouthStub.wijk).where(
        YouthStub.municipality_id == municipality,
        YouthStub.youth_id.is_(None),
        YouthStub.first_signal_on <= period.end.isoformat(),
        YouthStub.last_signal_on >= period.start.isoformat(),
    )
    for band, wijk in session.execute(stubs):
        ages[band or OTHER] += 1
        genders[OTHER] += 1
        wijken[wijk or OTHER] += 1
    gender_keys = [(g.value, g.label.lower()) for g in Gender]
    return [
        Table(
            "A1",
            "Bereikte jongeren naar leeftijd",
            _cells(ages, ((band, band) for band in AGE_BANDS)),
            population="youths",
        ),
        Table(
            "A2",
            "Bereikte jongeren naar geslacht",
            _cells(genders, gender_keys),
            population="youths",
        ),
        Table(
            "A3",
            "Bereikte jongeren naar wijk",
            _cells(wijken, ((wijk, wijk) for wijk in config.places.wijken)),
            population="youths",
        ),
    ]


# -- A4-A6: signals and combination flags ----------------------------------------------------


def _signals(
    session: Session,
    municipality: str,
    period: Period,
    config: ConfigResponse,
    signals: _Signals,
) -> list[Table]:
    categories: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for (category, month), count in signals.counts.items():
        categories[category] += count
        months[month] += count
    domains = {domain.code: domain.label for domain in config.taxonomy.life_domains}
    category_keys = [
        (c.code, f"{domains.get(c.life_domain, c.life_domain)}: {c.label}")
        for c in config.taxonomy.categories
    ]
    flagged = session.execute(
        select(ServerFlag.rule_id, ServerFlag.youth_id).where(
            ServerFlag.municipality_id == municipality,
            ServerFlag.flagged_at >= period.start,
            ServerFlag.flagged_at < period.end + timedelta(days=1),
        )
    ).all()
    rules: Counter[str] = Counter(rule for rule, _youth in flagged)
    rule_cells = tuple(
        Cell(rule.id, rule.title, rules.get(rule.id, 0)) for rule in config.rules.rules
    )
    return [
        Table(
            "A4",
            "Signalen naar leefgebied en categorie",
            _cells(categories, category_keys),
            population="signals",
        ),
        Table(
            "A5",
            "Signalen naar maand",
            _cells(months, ((m, m) for m in period.months())),
            population="signals",
        ),
        Table(
            "A6", "Jongeren met een combinatiesignalering, per regel", rule_cells, additive=False
        ),
    ]


# -- A7-A8: the early-signalling meeting ------------------------------------------------------


def _meetings(session: Session, municipality: str, period: Period) -> list[Table]:
    held = {
        row["id"]
        for row in _rows(session, municipality, "meeting", "held_on", "status")
        if row["status"] == MeetingStatus.HELD.value and period.holds(row["held_on"])
    }
    decisions: Counter[str] = Counter(
        row["decision"] or "none"
        for row in _rows(session, municipality, "meeting_item", "decision")
        if row["parent_id"] in held
    )
    keys = [(d.value, d.label.lower()) for d in Decision] + [("none", "geen besluit")]
    return [
        _one("A7", "Vroegsignaleringsoverleggen gehouden", len(held)),
        Table("A8", "Besproken jongeren naar besluit", _cells(decisions, keys)),
    ]


# -- A9-A13: referrals per intervention ------------------------------------------------------


def _referrals(
    session: Session, municipality: str, period: Period, config: ConfigResponse
) -> list[Table]:
    rows = _rows(
        session,
        municipality,
        "referral",
        "intervention_id",
        "status",
        "referred_on",
        "started_on",
        "ended_on",
    )
    keys = [(entry.id, entry.name) for entry in config.interventions]

    def table(table_id: str, title: str, counted: Iterable[dict[str, Any]]) -> Table:
        tally = Counter(str(row["intervention_id"]) for row in counted)
        return Table(table_id, title, _cells(tally, keys))

    def ended(status: ReferralStatus) -> list[dict[str, Any]]:
        return [r for r in rows if r["status"] == status.value and period.holds(r["ended_on"])]

    return [
        table(
            "A9",
            "Aanmeldingen naar interventie",
            (r for r in rows if period.holds(r["referred_on"])),
        ),
        table("A10", "Gestarte interventies", (r for r in rows if period.holds(r["started_on"]))),
        table("A11", "Afgeronde interventies", ended(ReferralStatus.COMPLETED)),
        table("A12", "Voortijdig gestopte interventies", ended(ReferralStatus.STOPPED)),
        table("A13", "Afgewezen aanmeldingen", ended(ReferralStatus.DECLINED)),
    ]


# -- A14, B1-B2: coaching trajectories ------------------------------------------------------


def _trajectories(session: Session, municipality: str, period: Period) -> list[Table]:
    rows = _rows(session, municipality, "trajectory", "start", "status", "ended_on")
    started = sum(1 for row in rows if period.holds(row["start"]))
    ended = {
        row["id"]: row["status"]
        for row in rows
        if row["status"] in ("completed", "stopped") and period.holds(row["ended_on"])
    }
    results = Counter(ended.values())
    return [
        _one("A14", "Gestarte coachingstrajecten", started),
        Table(
            "B1",
            "Beëindigde coachingstrajecten naar uitkomst",
            _cells(results, (("completed", "afgerond"), ("stopped", "voortijdig gestopt"))),
            population="ended_trajectories",
        ),
        Table(
            "B2",
            "Beëindigde coachingstrajecten naar behaalde doelen",
            _cells(
                _goals_met(session, municipality, set(ended)),
                (
                    ("all", "alle doelen behaald"),
                    ("some", "een deel van de doelen behaald"),
                    ("none", "geen doel behaald"),
                    ("not_evaluated", "niet geëvalueerd"),
                ),
            ),
            population="ended_trajectories",
        ),
    ]


def _goals_met(session: Session, municipality: str, trajectories: set[str]) -> Counter[str]:
    """Per ended trajectory, how its goals stood at its last evaluation."""
    last: dict[str, tuple[str, list[Any]]] = {}
    if trajectories:
        query = select(R.parent_id, R.data).where(
            *_of(municipality, "evaluation"),
            R.parent_id.in_(trajectories),
        )
        for parent, data in session.execute(query):
            held = str(data.get("held_on", ""))
            if parent not in last or held > last[parent][0]:
                last[parent] = (held, list(data.get("progress") or []))
    tally: Counter[str] = Counter()
    for trajectory in trajectories:
        found = last.get(trajectory)
        if found is None or not found[1]:
            tally["not_evaluated"] += 1
            continue
        met = sum(1 for item in found[1] if int(item.get("score", 0)) >= GOAL_MET)
        tally["all" if met == len(found[1]) else "some" if met else "none"] += 1
    return tally
