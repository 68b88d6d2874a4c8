"""Retention on the server: what has passed its term is destroyed, for every device.

Run daily by the server and on demand (``veldwerk-server retention run``). Per municipality:

1. records with a term of their own (signals, screenings, trajectories, groups, meetings) whose
   destruction date (veldwerk_core.retention) has come;
2. with them what belongs to them (a trajectory's goals and plan versions, a signal's shares,
   a meeting's items);
3. youths about whom nothing with a term of its own is left and whose own term has passed,
   with everything that hangs on them (involvements, relations either way, consents,
   handovers, notices, tasks, meeting items about them); a group loses them as a member.
   Where the municipality chose so, an anonymous stub stays for monitoring.

Destroying is a tombstone (``removed_as``: ``expired``) numbered like any change, so every
device removes the record at its next sync; the content goes at once (the stored JSON, match
keys, conflict copies and proposals, links and flags). Early destruction on request
(AVG art. 17, :func:`erase`) works the same way with ``erased`` and a reason in the audit log.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from server.core.db import transaction
from server.db_models import (
    ConflictRow,
    Municipality,
    RecordYouth,
    ServerFlag,
    StoredRecord,
    YouthStub,
)
from server.services import audit, flags
from server.services.caller import Caller
from server.services.records import Numbering, relink
from veldwerk_core import kinds
from veldwerk_core.models import RECORD_TYPES, Relation, Signal, Trajectory, Youth
from veldwerk_core.models.group import Group
from veldwerk_core.models.meeting import MeetingItem
from veldwerk_core.models.rules import RuleSet
from veldwerk_core.reasons import RemovalReason
from veldwerk_core.retention import (
    RetentionTerms,
    add_months,
    age_band,
    day_of,
    declared,
    destruction_date,
    follows,
    keeps_youth_alive,
)

log = logging.getLogger(__name__)
R = StoredRecord
CHUNK = 1000
EXPIRED = RemovalReason.EXPIRED.value
ERASED = RemovalReason.ERASED.value


@dataclass
class Outcome:
    """What a run destroyed (or, dry, would destroy), per kind; youths anonymised."""

    destroyed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    anonymised: int = 0

    @property
    def total(self) -> int:
        return sum(self.destroyed.values())

    def as_dict(self) -> dict[str, Any]:
        return {"destroyed": dict(sorted(self.destroyed.items())), "anonymised": self.anonymised}


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _chunks(items: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield list(items[start : start + CHUNK])


def _births(session: Session, municipality: str) -> dict[str, date]:
    rows = session.execute(
        select(R.id, R.data["date_of_birth"].as_string()).where(
            R.municipality_id == municipality, R.kind == Youth.kind, R.deleted.is_(False)
        )
    )
    return {youth: born for youth, text in rows if (born := day_of(text)) is not None}


def _youths_of_records(session: Session, municipality: str, kind: str) -> dict[str, list[str]]:
    """For records seen through the youths they name (a signal): record -> youths."""
    found: dict[str, list[str]] = defaultdict(list)
    rows = session.execute(
        select(RecordYouth.record_id, RecordYouth.youth_id)
        .join(R, R.id == RecordYouth.record_id)
        .where(RecordYouth.municipality_id == municipality, R.kind == kind)
    )
    for record, youth in rows:
        found[record].append(youth)
    return found


def _own_youths(session: Session, municipality: str, kind: str) -> dict[str, list[str]]:
    """For records that belong to a youth (a trajectory): record -> [youth]."""
    rows = session.execute(
        select(R.id, R.youth_id).where(
            R.municipality_id == municipality,
            R.kind == kind,
            R.deleted.is_(False),
            R.youth_id.is_not(None),
        )
    )
    return {record: [youth] for record, youth in rows if youth}


def _expiring(
    session: Session,
    municipality: str,
    kind: str,
    terms: RetentionTerms,
    births: dict[str, date],
    today: date,
) -> tuple[list[str], dict[str, list[str]]]:
    """Records of ``kind`` (a kind with a term of its own) whose day has come, and for the
    kinds that keep their youths, every live record's youths."""
    retention = declared(kind)
    assert retention is not None
    reads = retention.reads
    rows = session.execute(
        select(R.id, *(R.data[name].as_string() for name in reads)).where(
            R.municipality_id == municipality, R.kind == kind, R.deleted.is_(False)
        )
    ).all()
    about: dict[str, list[str]] = {}
    if keeps_youth_alive(kind) or retention.until_age:
        seen_via = kind in kinds.linked_kinds()
        about = (
            _youths_of_records(session, municipality, kind)
            if seen_via
            else _own_youths(session, municipality, kind)
        )
    expired = []
    for record_id, *values in rows:
        data = dict(zip(reads, values, strict=True))
        day = destruction_date(kind, data, terms, births, about.get(record_id, []))
        if day is not None and day <= today:
            expired.append(record_id)
    return expired, about


def _parts(session: Session, parents: Sequence[str]) -> list[tuple[str, str]]:
    """(kind, id) of live records that go with these parents (kinds without a term of their
    own that belong to them)."""
    found: list[tuple[str, str]] = []
    for chunk in _chunks(parents):
        found += [
            (kind, record_id)
            for record_id, kind in session.execute(
                select(R.id, R.kind).where(R.parent_id.in_(chunk), R.deleted.is_(False))
            )
            if follows(kind) is not None
        ]
    return found


def _hanging_on(
    session: Session, municipality: str, youths: Sequence[str]
) -> list[tuple[str, str]]:
    """(kind, id) of live records that hang on these youths or name them as content: what
    belongs to them, relations from the other side and meeting items about them."""
    found: list[tuple[str, str]] = []
    for chunk in _chunks(youths):
        found += [
            (kind, record_id)
            for record_id, kind in session.execute(
                select(R.id, R.kind).where(
                    R.youth_id.in_(chunk),
                    R.deleted.is_(False),
                    R.kind != Youth.kind,
                )
            )
        ]
        for kind, named in ((Relation.kind, "related_youth_id"), (MeetingItem.kind, "youth_id")):
            found += [
                (kind, record_id)
                for record_id in session.execute(
                    select(R.id).where(
                        R.municipality_id == municipality,
                        R.kind == kind,
                        R.deleted.is_(False),
                        R.data[named].as_string().in_(chunk),
                    )
                ).scalars()
            ]
    return found


class Destroyer:
    """Destroys records within one transaction, numbered for the devices, and keeps the
    monitoring tallies."""

    def __init__(
        self,
        session: Session,
        municipality: str,
        now: datetime,
        terms: RetentionTerms,
        *,
        removed_as: str,
        dry_run: bool,
        today: date | None = None,
    ) -> None:
        self.session = session
        self.today = today or now.date()
        self.municipality = municipality
        self.now = now
        self.terms = terms
        self.removed_as = removed_as
        self.dry_run = dry_run
        self.numbering = Numbering(session, municipality, now)
        self.outcome = Outcome()
        self.done: set[str] = set()
        self.youths_touched: dict[str, date | None] = {}
        """Youths whose flags may change (their signals went), with the day of the latest
        such signal (None: always evaluate again)."""
        self.stubs: dict[str, YouthStub] = {}
        self._looked_up: set[str] = set()
        """Youths whose stub was looked for (found or not)."""

    def destroy(self, items: Iterable[tuple[str, str]]) -> None:
        wanted: dict[str, str] = {}
        for kind, record_id in items:
            if record_id not in self.done:
                wanted[record_id] = kind
        if not wanted:
            return
        self.done |= wanted.keys()
        for kind in wanted.values():
            self.outcome.destroyed[kind] += 1
        if self.dry_run:
            return
        self.session.flush()  # changes made so far go before the statements below
        for chunk in _chunks(sorted(wanted)):
            rows = self.session.execute(select(R).where(R.id.in_(chunk))).scalars().all()
            self._tally(rows)
            for row in rows:
                if row.kind in kinds.linked_kinds():
                    day = day_of((row.data or {}).get("occurred_at"))
                    for youth in kinds.youths_mentioned(row.kind, row.data):
                        self.touch(youth, day)
            self._tombstone(chunk, rows)
            # A destroyed record has no links: one statement per chunk (relink, row by row,
            # flushes for each record: minutes for 20,000 signals).
            self.session.execute(delete(RecordYouth).where(RecordYouth.record_id.in_(chunk)))
            self.session.execute(delete(ConflictRow).where(ConflictRow.record_id.in_(chunk)))

    def touch(self, youth: str, day: date | None) -> None:
        """The youth's flags may change: a signal of ``day`` about them went (None: ask)."""
        if youth in self.youths_touched:
            known = self.youths_touched[youth]
            day = None if known is None or day is None else max(known, day)
        self.youths_touched[youth] = day

    def _tombstone(self, chunk: list[str], rows: Sequence[StoredRecord]) -> None:
        """:func:`tombstone` for a chunk in one statement (as the ORM would, row by row: a
        flush of 20,000 updates), then the loaded rows told what the database now holds."""
        self.session.execute(
            update(R)
            .where(R.id.in_(chunk))
            .values(
                deleted=True,
                removed_as=self.removed_as,
                data=None,
                match_bsn=None,
                match_name=None,
                field_versions={},
                version=R.version + 1,
                updated_at=self.now,
            )
            .execution_options(synchronize_session=False)
        )
        for row in rows:
            for name, value in (
                ("deleted", True),
                ("removed_as", self.removed_as),
                ("data", None),
                ("match_bsn", None),
                ("match_name", None),
                ("field_versions", {}),
                ("version", row.version + 1),
                ("updated_at", self.now),
            ):
                set_committed_value(row, name, value)
            self.numbering.claim(row)

    def _tally(self, rows: Sequence[StoredRecord]) -> None:
        """Count destroyed signals and trajectories per youth for the monitoring stub."""
        counted = [
            (row, kinds.youths_mentioned(row.kind, row.data))
            for row in rows
            if row.kind in (Signal.kind, Trajectory.kind) and row.data is not None
        ]
        self._load_stubs({youth for _row, youths in counted for youth in youths})
        for row, youths in counted:
            data = row.data or {}
            moment = day_of(data.get("occurred_at") or data.get("start"))
            for youth in youths:
                stub = self._stub(youth)
                if row.kind == Trajectory.kind:
                    stub.trajectories += 1
                    continue
                stub.signals += 1
                if moment is not None:
                    text = moment.isoformat()
                    stub.first_signal_on = min(stub.first_signal_on or text, text)
                    stub.last_signal_on = max(stub.last_signal_on or text, text)

    def _load_stubs(self, youths: set[str]) -> None:
        wanted = sorted(youths - self._looked_up)
        self._looked_up |= set(wanted)
        for chunk in _chunks(wanted):
            for stub in self.session.execute(
                select(YouthStub).where(YouthStub.youth_id.in_(chunk))
            ).scalars():
                assert stub.youth_id is not None
                self.stubs[stub.youth_id] = stub

    def _stub(self, youth: str) -> YouthStub:
        self._load_stubs({youth})
        stub = self.stubs.get(youth)
        if stub is None:
            stub = YouthStub(
                id=str(uuid.uuid4()),
                municipality_id=self.municipality,
                youth_id=youth,
                signals=0,
                trajectories=0,
            )
            self.session.add(stub)
            self.stubs[youth] = stub
        return stub

    def destroy_youths(self, youths: Sequence[str]) -> None:
        """Destroy youths with everything that hangs on them; anonymise or drop their tally."""
        if not youths:
            return
        self.destroy(_hanging_on(self.session, self.municipality, youths))
        self._leave_groups(youths)
        rows: list[StoredRecord] = []
        for chunk in _chunks(youths):
            rows += self.session.execute(select(R).where(R.id.in_(chunk))).scalars().all()
        today = self.today
        for row in rows:
            if self.dry_run or row.data is None:
                continue
            if self.terms.anonymise:
                stub = self._stub(row.id)
                stub.age_band = age_band(age_on(day_of(row.data.get("date_of_birth")), today))
                stub.wijk = str(row.data.get("wijk") or "")
                stub.registered_on = str(row.data.get("created_at") or "")[:10]
                stub.destroyed_on = today.isoformat()
                stub.youth_id = None
                self.outcome.anonymised += 1
        if not self.dry_run and not self.terms.anonymise:
            self.session.flush()
            for chunk in _chunks(youths):
                self.session.execute(delete(YouthStub).where(YouthStub.youth_id.in_(chunk)))
            for youth in youths:
                self.stubs.pop(youth, None)
        if not self.dry_run:
            for chunk in _chunks(youths):
                self.session.execute(delete(ServerFlag).where(ServerFlag.youth_id.in_(chunk)))
        self.destroy((Youth.kind, youth) for youth in youths)

    def _leave_groups(self, youths: Sequence[str]) -> None:
        """A group keeps its other members; the destroyed youths leave it."""
        gone = set(youths)
        groups = {
            record_id
            for chunk in _chunks(youths)
            for record_id in self.session.execute(
                select(RecordYouth.record_id)
                .join(R, R.id == RecordYouth.record_id)
                .where(RecordYouth.youth_id.in_(chunk), R.kind == Group.kind)
            ).scalars()
        }
        if self.dry_run:
            return
        for row in self.session.execute(select(R).where(R.id.in_(sorted(groups)))).scalars():
            data = dict(row.data or {})
            members = [m for m in data.get("members", []) if str(m.get("youth_id")) not in gone]
            data["members"] = members
            data["updated_at"] = self.now.isoformat()
            row.data = data
            row.version += 1
            row.field_versions = {**row.field_versions, "members": row.version}
            row.updated_at = self.now
            self.numbering.claim(row)
            relink(self.session, row)

    def finish(self, rules: RuleSet | None) -> None:
        if self.dry_run:
            return
        self.numbering.assign()
        # A signal older than every rule's window changes no flag.
        since = self.today - timedelta(days=rules.longest_window + 1) if rules else self.today
        remaining = sorted(
            youth
            for youth, day in self.youths_touched.items()
            if youth not in self.done and (day is None or day >= since)
        )
        if rules is not None and remaining:
            flags.refresh(self.session, self.municipality, remaining, rules, self.now)


def _alone(
    session: Session, municipality: str, keeping: dict[str, set[str]]
) -> list[tuple[str, str | None, str | None]]:
    """Live youths with nothing that keeps them: (id, updated_at, created_at)."""
    kept = set().union(*keeping.values()) if keeping else set()
    rows = session.execute(
        select(R.id, R.data["updated_at"].as_string(), R.data["created_at"].as_string()).where(
            R.municipality_id == municipality, R.kind == Youth.kind, R.deleted.is_(False)
        )
    )
    return [(youth, updated, created) for youth, updated, created in rows if youth not in kept]


def run_municipality(
    session: Session,
    municipality: str,
    terms: RetentionTerms,
    now: datetime,
    rules: RuleSet | None = None,
    *,
    today: date | None = None,
    dry_run: bool = False,
) -> Outcome:
    today = today or now.date()
    births = _births(session, municipality)
    destroyer = Destroyer(
        session, municipality, now, terms, removed_as=EXPIRED, dry_run=dry_run, today=today
    )
    keeping: dict[str, set[str]] = {}
    for kind in RECORD_TYPES:
        if kind == Youth.kind or declared(kind) is None:
            continue
        expired, about = _expiring(session, municipality, kind, terms, births, today)
        parts = _parts(session, expired)
        destroyer.destroy([(kind, record_id) for record_id in expired] + parts)
        if keeps_youth_alive(kind):
            gone = set(expired)
            keeping[kind] = {
                youth for record, youths in about.items() if record not in gone for youth in youths
            }
    term = terms.youths.months
    leaving = [
        youth
        for youth, updated, created in _alone(session, municipality, keeping)
        if (changed := day_of(updated or created)) is not None
        and add_months(changed, term) <= today
    ]
    destroyer.destroy_youths(leaving)
    destroyer.finish(rules)
    if destroyer.outcome.total or dry_run:
        audit.append(
            session,
            audit.Event(
                "retention_dry_run" if dry_run else "retention",
                municipality_id=municipality,
                youth_ids=set(leaving) if not dry_run else set(),
                detail={**destroyer.outcome.as_dict(), "today": today.isoformat()},
            ),
            now,
        )
    return destroyer.outcome


def run(
    session: Session,
    terms: RetentionTerms,
    now: datetime,
    rules: RuleSet | None = None,
    *,
    today: date | None = None,
    dry_run: bool = False,
) -> dict[str, Outcome]:
    """Retention for every municipality (by name)."""
    found: dict[str, Outcome] = {}
    for municipality in session.execute(select(Municipality).order_by(Municipality.id)).scalars():
        found[municipality.name] = run_municipality(
            session, municipality.id, terms, now, rules, today=today, dry_run=dry_run
        )
    return found


def erase(
    session: Session,
    youth_id: str,
    reason: str,
    terms: RetentionTerms,
    now: datetime,
    rules: RuleSet | None = None,
    caller: Caller | None = None,
) -> Outcome:
    """Destroy a youth and everything about them now, on request (AVG art. 17): their own
    records, the signals about them alone (a signal about others too loses them), and their
    trajectories with all their parts. The reason is kept in the audit log."""
    youth = session.get(R, youth_id)
    if youth is None or youth.kind != Youth.kind or youth.deleted:
        raise LookupError(youth_id)
    municipality = youth.municipality_id
    destroyer = Destroyer(session, municipality, now, terms, removed_as=ERASED, dry_run=False)
    own = [(kind, record_id) for kind, record_id in _hanging_on(session, municipality, [youth_id])]
    signals = _signals_about(session, municipality, youth_id)
    alone = [record_id for record_id, youths in signals.items() if set(youths) == {youth_id}]
    shared = sorted(set(signals) - set(alone))
    parents = [record_id for _kind, record_id in own] + alone
    destroyer.destroy(own + [(Signal.kind, s) for s in alone] + _parts(session, parents))
    _drop_from_signals(destroyer, shared, youth_id)
    destroyer.destroy_youths([youth_id])
    destroyer.finish(rules)
    audit.append(
        session,
        audit.Event(
            "erase",
            caller=caller,
            municipality_id=municipality,
            youth_ids={youth_id},
            detail={**destroyer.outcome.as_dict(), "reason": reason},
        ),
        now,
    )
    return destroyer.outcome


def _signals_about(session: Session, municipality: str, youth_id: str) -> dict[str, list[str]]:
    ids = session.execute(
        select(RecordYouth.record_id)
        .join(R, R.id == RecordYouth.record_id)
        .where(
            RecordYouth.municipality_id == municipality,
            RecordYouth.youth_id == youth_id,
            R.kind == Signal.kind,
            R.deleted.is_(False),
        )
    ).scalars()
    wanted = sorted(set(ids))
    found: dict[str, list[str]] = {}
    for row in session.execute(select(R).where(R.id.in_(wanted))).scalars():
        found[row.id] = [str(y) for y in (row.data or {}).get("youth_ids", [])]
    return found


def _drop_from_signals(destroyer: Destroyer, signals: Sequence[str], youth_id: str) -> None:
    """Signals about others too keep their content for them, without the erased youth."""
    session = destroyer.session
    for row in session.execute(select(R).where(R.id.in_(list(signals)))).scalars():
        data = dict(row.data or {})
        data["youth_ids"] = [y for y in data.get("youth_ids", []) if str(y) != youth_id]
        data["updated_at"] = destroyer.now.isoformat()
        row.data = data
        row.version += 1
        row.field_versions = {**row.field_versions, "youth_ids": row.version}
        row.updated_at = destroyer.now
        destroyer.numbering.claim(row)
        relink(session, row)
        destroyer.touch(youth_id, None)


def daily(
    session: Session, terms: RetentionTerms, now: datetime, rules: RuleSet | None = None
) -> dict[str, Outcome]:
    """Retention for each municipality that has not had it today; the municipality's row lock
    makes one server process do it (the others find it done)."""
    today = now.date().isoformat()
    found: dict[str, Outcome] = {}
    names = session.execute(select(Municipality.id, Municipality.name)).all()
    for municipality_id, name in names:
        row = session.execute(
            select(Municipality).where(Municipality.id == municipality_id).with_for_update()
        ).scalar_one()
        if row.retention_ran_on == today:
            continue
        found[name] = run_municipality(session, municipality_id, terms, now, rules)
        row.retention_ran_on = today
    return found


class Retainer:
    """The server's background thread that runs the daily retention (checked every hour)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        config: Callable[[], tuple[RetentionTerms, RuleSet | None]],
        clock: Callable[[], datetime],
        interval: float = 3600.0,
    ) -> None:
        self._sessions = sessions
        self._config = config
        self._clock = clock
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="retention", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def run_once(self) -> dict[str, Outcome]:
        terms, rules = self._config()
        try:
            with transaction(self._sessions) as session:
                return daily(session, terms, self._clock(), rules)
        except Exception:  # the next round tries again; nothing is half-destroyed (one transaction)
            log.exception("retention failed; will retry")
            return {}

    def _run(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self._interval)
