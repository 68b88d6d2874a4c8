"""Sync use cases: enroll, sync now, status, the offline lease, wipe on revocation.

Network work and vault work alternate during a sync. ``Run`` executes a function with the
session on the database worker (the GUI passes ``Ops.call``; scripts and tests run it
directly), so the engine may sit on a network thread while every vault access stays on the
one thread that may use it.
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from desktop.services import retention, worklist
from desktop.services.config import use_server_configuration
from desktop.services.flags import Flags
from desktop.services.session import Session
from desktop.services.worklist import Urgency, WorkItem
from desktop.store import meta, outbox, purge, sync_lists, sync_state
from desktop.sync.engine import Engine, Progress, SyncReport
from desktop.sync.errors import DeviceRevoked, EnrollmentOffline, NotEnrolled, Offline
from desktop.sync.transport import RetryPolicy, Transport
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.actor import Profile, Role
from veldwerk_core.models.errors import FieldError, RecordInvalid
from veldwerk_core.protocol import DEFAULT_LEASE_DAYS, EnrollRequest, EnrollResponse, Identity

log = logging.getLogger("veldwerk.sync")

T = TypeVar("T")
Run = Callable[[Callable[[Session], Any]], Any]

ENROLL_FORM = N_("Aanmelding bij de server")
INSTRUMENT_WRITERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})
"""Only they publish screening instruments (docs/sync-protocol.md); for anyone else the
bundled examples are local until the municipality's instruments arrive."""
FULL_FLAG_REFRESH = 500
"""Above this many youths touched by one sync, all flags are evaluated at once."""


def direct(session: Session) -> Run:
    """Run vault work right here (scripts, tests: the caller's thread opened the vault)."""
    return lambda work: work(session)


# -- enrollment ----------------------------------------------------------------------------


def check_enrollment(server_url: str, code: str, device_name: str) -> tuple[str, str, str]:
    """The cleaned-up form, or RecordInvalid with a Dutch message next to each bad field."""
    url = server_url.strip().rstrip("/")
    errors: list[FieldError] = []
    parts = urlsplit(url)
    if not url:
        errors.append(_field("server_url", N_("Vul het serveradres in, bijvoorbeeld {example}.")))
    elif parts.scheme not in ("http", "https") or not parts.hostname:
        errors.append(
            _field(
                "server_url",
                N_("Het serveradres moet beginnen met https://, bijvoorbeeld {example}."),
            )
        )
    elif parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        errors.append(
            _field(
                "server_url",
                N_(
                    "Gebruik een beveiligd adres (https://); gegevens mogen niet onversleuteld over het netwerk."
                ),
            )
        )
    cleaned_code = "".join(code.split())
    if not cleaned_code:
        errors.append(_field("code", N_("Vul de aanmeldcode in die je van de beheerder kreeg.")))
    elif len(cleaned_code) > 64:
        errors.append(_field("code", N_("De aanmeldcode is te lang; controleer wat je overnam.")))
    name = device_name.strip()
    if not name:
        errors.append(
            _field("device_name", N_("Geef dit apparaat een naam, bijvoorbeeld 'Laptop Noord'."))
        )
    elif len(name) > 100:
        errors.append(
            _field("device_name", N_("De naam van het apparaat is te lang (hoogstens 100 tekens)."))
        )
    if errors:
        raise RecordInvalid(ENROLL_FORM, errors)
    return url, cleaned_code, name


_LABELS = {
    "server_url": N_("Serveradres"),
    "code": N_("Aanmeldcode"),
    "device_name": N_("Naam van dit apparaat"),
}


def _field(name: str, message: str) -> FieldError:
    return FieldError(name, _(_LABELS[name]), _(message, example="https://veldwerk.gemeente.nl"))


def default_device_name() -> str:
    return socket.gethostname()[:100] or _("Laptop")


def request_enrollment(
    server_url: str,
    code: str,
    device_name: str,
    *,
    client: httpx.Client | None = None,
    policy: RetryPolicy | None = None,
) -> tuple[str, EnrollResponse]:
    """Exchange the one-time code for a credential (network only; no vault)."""
    url, cleaned_code, name = check_enrollment(server_url, code, device_name)
    transport = Transport(url, client=client, policy=policy or RetryPolicy(attempts=3))
    try:
        return url, transport.enroll(EnrollRequest(code=cleaned_code, device_name=name))
    except Offline:
        raise EnrollmentOffline() from None
    finally:
        transport.close()


def store_enrollment(session: Session, server_url: str, response: EnrollResponse) -> Identity:
    """Keep the credential inside the vault and work as the server's user from now on."""
    identity = response.identity
    vault = session.vault
    with vault.transaction():
        sync_state.enroll(vault, server_url, response.credential, identity, session.clock())
        meta.put(vault, meta.USER_ID, str(identity.user_id))
        meta.put(vault, meta.DEVICE_ID, str(identity.device_id))
        profile = Profile(
            name=identity.name,
            role=identity.role,
            organisation=identity.organisation,
            wijk=session.profile.wijk,
        )
        meta.put(vault, meta.PROFILE, profile.model_dump(mode="json"))
        if identity.role not in INSTRUMENT_WRITERS:
            outbox.discard_kind(vault, "instrument")
    session.reload_identity()
    log.info("device enrolled")
    return identity


def enroll(
    session: Session, server_url: str, code: str, device_name: str, **options: Any
) -> Identity:
    """Enrollment in one go, on the thread that owns the vault (CLI, tests)."""
    url, response = request_enrollment(server_url, code, device_name, **options)
    return store_enrollment(session, url, response)


# -- syncing -------------------------------------------------------------------------------


class SyncClient:
    """Runs syncs for one unlocked vault."""

    def __init__(
        self,
        run: Run,
        *,
        key: str,
        clock: Callable[[], datetime],
        client: httpx.Client | None = None,
        policy: RetryPolicy | None = None,
        progress: Callable[[Progress], None] | None = None,
        page_size: int | None = None,
    ) -> None:
        self._run = run
        self._key = key
        self._clock = clock
        self._client = client
        self._policy = policy
        self._progress = progress
        self._page_size = page_size

    @classmethod
    def for_session(cls, session: Session, **options: Any) -> SyncClient:
        return cls.through(direct(session), session, **options)

    @classmethod
    def through(cls, run: Run, session: Session, **options: Any) -> SyncClient:
        """Syncs of ``session``'s vault that reach it only through ``run`` (the GUI passes
        its database worker)."""
        return cls(run, key=str(session.vault.path), clock=session.clock, **options)

    def sync(self, *, check: bool | None = None) -> SyncReport:
        """One complete sync. A revoked device is wiped before DeviceRevoked is raised."""
        state = self._run(lambda session: sync_state.load(session.vault))
        if state is None:
            raise NotEnrolled()
        transport = Transport(state.server_url, client=self._client, policy=self._policy)
        options: dict[str, Any] = {"key": self._key, "progress": self._progress, "check": check}
        if self._page_size is not None:
            options["page_size"] = self._page_size
        engine = Engine(self._run, transport, self._clock, **options)
        try:
            report = engine.sync()
        except DeviceRevoked:
            self._run(wipe)
            raise
        finally:
            transport.close()
        self._run(lambda session: after_sync(session, report))
        return report

    def reachable(self) -> bool:
        state = self._run(lambda session: sync_state.load(session.vault))
        if state is None:
            return False
        transport = Transport(state.server_url, client=self._client)
        try:
            return transport.reachable()
        finally:
            transport.close()


def after_sync(session: Session, report: SyncReport) -> None:
    """Use the server's configuration, re-evaluate the flags pulled signals touch, and apply
    the retention rule (with the terms just received)."""
    if report.config is not None:
        use_server_configuration(report.config)
    purge.drop_replaced_examples(session.vault)
    refresh_flags(session, report.youth_ids)
    retention.run(session)
    retention.compact_due(session)


def refresh_flags(session: Session, youth_ids: set[uuid.UUID]) -> None:
    state = sync_state.load(session.vault)
    if state is None or not state.flags_dirty:
        return
    flags = Flags(session)
    with session.vault.transaction():
        # Left over from an interrupted sync, or a big sync: everything, once.
        if len(youth_ids) > FULL_FLAG_REFRESH or not youth_ids:
            flags.refresh_all()
        else:
            flags.refresh(youth_ids)
        sync_state.update(session.vault, flags_dirty=False)


def wipe(session: Session) -> None:
    """Erase the vault of a revoked device: every file of it, overwritten, then removed."""
    log.warning("device revoked: wiping the vault")
    session.vault.destroy()


# -- status --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str = ""
    identity: Identity | None = None
    last_success: datetime | None = None
    last_attempt: datetime | None = None
    last_error: str | None = None
    pending: int = 0
    conflicts: int = 0
    rejected: int = 0
    lease_days: int = DEFAULT_LEASE_DAYS
    lease_until: datetime | None = None
    lease_expired: bool = False

    @property
    def online(self) -> bool | None:
        """True after a successful contact, False after a failed one, None before any."""
        if self.last_attempt is None:
            return None
        if self.last_success is not None and self.last_success >= self.last_attempt:
            return True
        return self.last_error not in ("offline", "server_error")


def status(session: Session) -> SyncStatus:
    state = sync_state.load(session.vault)
    pending, conflicts, rejected = sync_lists.counts(session.vault)
    if state is None:
        return SyncStatus(enrolled=False, pending=pending)
    until = lease_until(state)
    return SyncStatus(
        enrolled=True,
        server_url=state.server_url,
        identity=state.identity,
        last_success=state.last_success,
        last_attempt=state.last_attempt,
        last_error=state.last_error,
        pending=pending,
        conflicts=conflicts,
        rejected=rejected,
        lease_days=state.lease_days,
        lease_until=until,
        lease_expired=until is not None and session.clock() > until,
    )


def lease_until(state: sync_state.SyncState) -> datetime | None:
    """When case data locks unless the device syncs before then."""
    last = state.last_success or state.enrolled_at
    return last + timedelta(days=state.lease_days)


def lease_expired(session: Session) -> bool:
    """Whether case data must stay locked until a sync succeeds."""
    state = sync_state.load(session.vault)
    if state is None:
        return False
    until = lease_until(state)
    return until is not None and session.clock() > until


@worklist.provider
def sync_items(session: Session, today: date) -> list[WorkItem]:
    """Conflicts and refused changes wait for a person: they belong on the worklist."""
    from desktop.services.sync_conflicts import conflict_title, rejection_title

    items: list[WorkItem] = []
    for conflict in sync_lists.conflicts(session.vault):
        if conflict.is_proposal and conflict.mine:
            continue  # waits for the owner, not for this user
        detail = (
            _("Voorstel van {who}: neem het over of wijs het af.", who=conflict.proposed_by)
            if conflict.is_proposal
            else _("Conflict: kies welke versie blijft.")
        )
        items.append(
            WorkItem(
                category=_("Synchronisatie"),
                title=conflict_title(session, conflict),
                detail=detail,
                target_kind="conflict",
                target_id=conflict.id,
                due=conflict.created_at.date(),
                urgency=Urgency.SOON,
            )
        )
    for rejection in sync_lists.rejections(session.vault):
        items.append(
            WorkItem(
                category=_("Synchronisatie"),
                title=rejection_title(session, rejection),
                detail=_("Geweigerd door de server: {message}", message=rejection.message),
                target_kind="rejected",
                target_id=rejection.mutation_id,
                due=rejection.rejected_at.date(),
                urgency=Urgency.SOON,
            )
        )
    return items
