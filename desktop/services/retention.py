"""Retention on this laptop: what passed its term is destroyed here too, also offline.

The server destroys expired records daily and every device removes them at its next sync
(``store/pull_apply``). A laptop that stays out of touch applies the same rule itself
(veldwerk_core.retention, with the municipality's terms as last received, or the bundled
``retention.yaml`` on a vault that never synced): on unlock, after each sync and daily while
the app runs (the GUI runs :func:`run` as a background operation). Nothing is sent: the
server runs its own retention. See docs/privacy/bewaartermijnen.md.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop.services.config import configuration
from desktop.services.flags import Flags
from desktop.services.session import Session
from desktop.store import retention, sync_state
from veldwerk_core.models import Signal
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.retention import RetentionTerms

log = logging.getLogger("veldwerk.retention")


@dataclass(frozen=True)
class RetentionRun:
    """What one run destroyed here, per kind."""

    destroyed: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.destroyed.values())


def terms() -> RetentionTerms:
    """The municipality's terms as last received (else the bundled ones)."""
    return configuration().retention


def last_contact(session: Session) -> date | None:
    """The day of the last successful sync (None: never synced, or a vault without server)."""
    state = sync_state.load(session.vault)
    if state is None or state.last_success is None:
        return None
    return state.last_success.date()


def run(session: Session, today: date | None = None) -> RetentionRun:
    """Destroy here what the rule destroys today and the server could not yet tell us."""
    started = time.perf_counter()
    today = today or session.clock().date()
    since = last_contact(session)
    if since is not None and since >= today:
        return RetentionRun()  # in touch today: the server judged every date up to now
    vault = session.vault
    found, youths = retention.due(vault, terms(), today, since)
    if not found.total:
        return RetentionRun(seconds=time.perf_counter() - started)
    recent = _recent_signals(session, found, today)
    affected = retention.destroy_due(vault, found)
    counts = found.counts()
    session.records.audit(
        AuditAction.DELETE,
        purpose="bewaartermijn verstreken: "
        + ", ".join(f"{count} {kind}" for kind, count in counts.items()),
        youth_ids=[uuid.UUID(youth) for youth in youths],
    )
    with vault.transaction():
        Flags(session).refresh(affected & recent)
        sync_state.update(vault, flags_dirty=False)
    seconds = time.perf_counter() - started
    log.info("retention: %d records destroyed in %.2f s", found.total, seconds)
    return RetentionRun(destroyed=counts, seconds=seconds)


def _recent_signals(session: Session, found: retention.Due, today: date) -> set[uuid.UUID]:
    """The youths of the destroyed signals that the flag rules still look at (inside the
    longest rule window: a signal that goes at the 23rd birthday may be recent); older ones
    cannot change a flag, so their youths need no new evaluation."""
    rules = configuration().rules
    since = today - timedelta(days=rules.longest_window + 1)
    return retention.recent_youths(session.vault, found.records.get(Signal.kind, []), since)


def compact_due(session: Session) -> None:
    """Merge the search indexes a sync's removals left entries of destroyed records in."""
    retention.compact_due(session.vault)


def destruction_date(session: Session, kind: str, record_id: uuid.UUID) -> date | None:
    """The day this record is destroyed (for a youth: the earliest day, once nothing keeps
    it); None while it is kept for now (a running trajectory)."""
    return retention.record_date(session.vault, kind, record_id, terms())
