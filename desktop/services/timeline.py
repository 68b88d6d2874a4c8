"""One youth, one view: everything known about them in time order, and who is involved."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from desktop.services import retention
from desktop.services.consents import Consents
from desktop.services.flags import Flags
from desktop.services.groups import Groups
from desktop.services.handovers import Handovers
from desktop.services.involvements import Involved, Involvements
from desktop.services.merges import Explained, Merges
from desktop.services.notices import Notices
from desktop.services.referrals import Referral, Referrals
from desktop.services.screenings import Screenings
from desktop.services.session import Session
from desktop.services.shares import SharedSignal, Shares
from desktop.services.signals import Signals
from desktop.services.tasks import Task, TaskRow, Tasks
from desktop.services.trajectories import Trajectories
from desktop.services.youths import Youths
from desktop.store.flag_queries import StoredFlag
from veldwerk_core.i18n import N_
from veldwerk_core.models import (
    Consent,
    Group,
    Handover,
    Involvement,
    Notice,
    Relation,
    Signal,
    Youth,
)
from veldwerk_core.models.base import Record
from veldwerk_core.models.errors import RecordNotFound
from veldwerk_core.models.rules import CombinationRule, SiblingRule


@dataclass(frozen=True)
class Entry:
    when: datetime
    kind: str
    """The record kind: "signal", "screening", "trajectory", "share", "consent" or
    "referral"."""
    record: Record


@dataclass(frozen=True)
class ActiveFlag:
    stored: StoredFlag
    rule: CombinationRule | SiblingRule


@dataclass(frozen=True)
class Timeline:
    youth: Youth
    relations: list[tuple[Relation, Youth | None]]
    involvements: list[Involvement]
    groups: list[Group]
    flags: list[ActiveFlag]
    entries: list[Entry]
    """Newest first."""
    involved: list[Involved] = field(default_factory=list)
    """The involvements with contact details from the directory, active ones first."""
    shares: list[SharedSignal] = field(default_factory=list)
    """Shares of the youth's signals, in and out, newest first."""
    consents: list[Consent] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)
    merges: list[Explained] = field(default_factory=list)
    """The merges of registrations this youth took part in, explained."""
    mergeable: dict[uuid.UUID, Youth] = field(default_factory=dict)
    """Per notice: the other registration, where this device holds it (a regisseur's) - the
    two may be merged."""
    destroyed_on: date | None = None
    """The earliest day the retention rules destroy the youth (None: a running trajectory
    keeps them)."""
    referrals: list[Referral] = field(default_factory=list)
    """Referrals to interventions, newest first."""

    def signal(self, signal_id: uuid.UUID) -> Signal | None:
        return next(
            (
                e.record
                for e in self.entries
                if isinstance(e.record, Signal) and e.record.id == signal_id
            ),
            None,
        )


def _day(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(12), tzinfo=UTC)  # type: ignore[arg-type]


_OF_A_YOUTH: dict[str, type[Notice | Handover | Task | Referral]] = {
    Notice.kind: Notice,
    Handover.kind: Handover,
    Task.kind: Task,
    Referral.kind: Referral,
}


def youth_of(session: Session, kind: str, record_id: uuid.UUID) -> uuid.UUID:
    """The youth a notice, handover, task or referral is about (to open it on the youth's page)."""
    record = session.records.get(_OF_A_YOUTH[kind], record_id)
    if record is None:
        raise RecordNotFound()
    return record.youth_id


def open_timeline(session: Session, youth_id: uuid.UUID) -> Timeline:
    """Everything about one youth; opening it is an audited read of their record."""
    youths = Youths(session)
    youth = youths.open(youth_id, purpose=N_("Tijdlijn bekeken"))
    youth_id = youth.id  # a merged registration opens the youth it went into
    entries = [Entry(s.occurred_at, "signal", s) for s in Signals(session).for_youth(youth_id)]
    for screening in Screenings(session).for_youth(youth_id):
        entries.append(
            Entry(screening.completed_at or screening.created_at, "screening", screening)
        )
    for trajectory in Trajectories(session).for_youth(youth_id):
        entries.append(Entry(_day(trajectory.start), "trajectory", trajectory))
    shares = Shares(session).for_youth(youth_id)
    entries += [Entry(shared.share.created_at, "share", shared.share) for shared in shares]
    consents = Consents(session).for_youth(youth_id)
    entries += [Entry(_day(consent.given_on), "consent", consent) for consent in consents]
    referrals = Referrals(session).for_youth(youth_id)
    entries += [Entry(_day(r.referred_on), Referral.kind, r) for r in referrals]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    flags = Flags(session)
    active = [
        ActiveFlag(stored, rule)
        for stored in flags.for_youth(youth_id)
        if (rule := flags.rules.rule(stored.flag.rule_id)) is not None
    ]
    notices = Notices(session).for_youth(youth_id)
    merges = Merges(session)
    return Timeline(
        youth=youth,
        relations=youths.relations(youth_id),
        involvements=youths.involvements(youth_id),
        groups=Groups(session).for_youth(youth_id),
        flags=active,
        entries=entries,
        involved=Involvements(session).for_youth(youth_id),
        shares=shares,
        consents=consents,
        notices=notices,
        tasks=Tasks(session).for_youth(youth_id),
        handovers=Handovers(session).for_youth(youth_id),
        merges=merges.explain(youth_id),
        mergeable=merges.candidates(notices),
        destroyed_on=retention.destruction_date(session, Youth.kind, youth_id),
        referrals=referrals,
    )
