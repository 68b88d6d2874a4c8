"""Combination rules at work: evaluate after every signal, keep the flags, feed the worklist."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from desktop.services import worklist
from desktop.services.config import configuration
from desktop.services.session import Session
from desktop.services.worklist import Urgency, WorkItem
from desktop.store import flag_queries, meta, signal_queries, youth_queries
from desktop.store.flag_queries import StoredFlag
from desktop.store.signal_queries import RuleRow
from veldwerk_core.i18n import _
from veldwerk_core.models.rules import Flag, RuleSet, SignalFact, YouthFacts, signal_source
from veldwerk_core.models.signal import Severity

LAST_FULL_REFRESH = "flags_refreshed_on"


def source_of(row: RuleRow) -> str:
    return signal_source(row.source, row.reported_by, row.organisation, row.recorded_by)


def _facts(
    session: Session, rules: RuleSet, youth_ids: Iterable[uuid.UUID] | None
) -> list[YouthFacts]:
    now = session.clock()
    since = now - timedelta(days=rules.longest_window)
    wanted = None if youth_ids is None else list(youth_ids)
    rows = signal_queries.rule_rows(session.vault, since, wanted)
    siblings = flag_queries.siblings_in_trajectory(session.vault, wanted)
    signals: dict[uuid.UUID, list[SignalFact]] = {youth_id: [] for youth_id in wanted or ()}
    for row in rows:
        signals.setdefault(row.youth_id, []).append(
            SignalFact(
                row.id,
                row.occurred_at,
                row.category,
                row.life_domain,
                source_of(row),
                Severity(row.severity),
            )
        )
    return [
        YouthFacts(youth_id, facts, siblings.get(youth_id, ()))
        for youth_id, facts in signals.items()
    ]


class Flags:
    def __init__(self, session: Session, rules: RuleSet | None = None) -> None:
        self._session = session
        self._rules = rules or configuration().rules

    @property
    def rules(self) -> RuleSet:
        return self._rules

    def refresh(self, youth_ids: Iterable[uuid.UUID]) -> list[Flag]:
        """Evaluate every rule for these youths (after a signal about them) and store the result."""
        wanted = list(dict.fromkeys(youth_ids))
        if not wanted:
            return []
        now = self._session.clock()
        flags = [
            flag
            for facts in _facts(self._session, self._rules, wanted)
            for flag in self._rules.evaluate(facts, now)
        ]
        flag_queries.replace(self._session.vault, wanted, flags, now)
        return flags

    def refresh_siblings(self, youth_id: uuid.UUID) -> list[Flag]:
        """After a youth's trajectory starts or ends: the sibling rule may now hold for (or no
        longer hold for) their brothers and sisters."""
        return self.refresh(flag_queries.siblings(self._session.vault, youth_id))

    def refresh_all(self) -> int:
        """Evaluate for everyone (once a day: flags expire as signals age out of a window)."""
        vault = self._session.vault
        now = self._session.clock()
        with vault.transaction():
            everyone = _facts(self._session, self._rules, None)
            flags = [flag for facts in everyone for flag in self._rules.evaluate(facts, now)]
            flag_queries.clear_all_except(vault, [facts.youth_id for facts in everyone])
            flag_queries.replace(vault, [facts.youth_id for facts in everyone], flags, now)
            meta.put(vault, LAST_FULL_REFRESH, now.date().isoformat())
        return len(flags)

    def refresh_if_stale(self) -> None:
        if (
            meta.get(self._session.vault, LAST_FULL_REFRESH)
            != self._session.clock().date().isoformat()
        ):
            self.refresh_all()

    def for_youth(self, youth_id: uuid.UUID) -> list[StoredFlag]:
        return flag_queries.load(self._session.vault, youth_id)

    def all(self) -> list[StoredFlag]:
        return flag_queries.load(self._session.vault)


@worklist.provider
def flagged_youths(session: Session, today: date) -> list[WorkItem]:
    flags = Flags(session)
    flags.refresh_if_stale()
    stored = flags.all()
    youths = youth_queries.by_ids(session.vault, {item.flag.youth_id for item in stored})
    items = []
    for item in stored:
        rule = flags.rules.rule(item.flag.rule_id)
        youth = youths.get(item.flag.youth_id)
        if rule is None or youth is None:
            continue
        age_days = (today - item.flagged_at.date()).days
        items.append(
            WorkItem(
                category=_("Gesignaleerde jongeren"),
                title=youth.name_with_age(today),
                detail=_(
                    "{rule}: {n} signalen. {advice}",
                    rule=rule.title,
                    n=len(item.flag.signal_ids),
                    advice=rule.advice,
                ),
                target_kind="youth",
                target_id=youth.id,
                due=item.flagged_at.date(),
                urgency=Urgency.SOON if age_days >= 7 else Urgency.NORMAL,
            )
        )
    return items
