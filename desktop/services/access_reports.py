"""A youth's access report and data overview (AVG art. 15), fetched from the server and saved
where the person chose.

Only the server can make them: it holds every organisation's log and every device's uploaded
one, and every record about the youth. The regisseur and the functioneel beheerder get the
access report, the regisseur the data overview (the server decides; a refusal says so). This
device's own access log is uploaded first, so what was read here a moment ago is in it.
Saving the file is logged here like any export (it then reaches the server's log too).

Network work and vault work alternate as in a sync: ``run`` executes vault work on the
database worker (the GUI passes ``Ops.call``; scripts and tests run it directly).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from desktop.reports.files import write_atomically
from desktop.services.session import Session
from desktop.services.sync import Run, direct, wipe
from desktop.store import sync_state
from desktop.sync import audit_upload
from desktop.sync.errors import DeviceRevoked, Offline, RequestRefused
from desktop.sync.transport import RetryPolicy, Transport
from veldwerk_core.access import overview, report
from veldwerk_core.access.purposes import AuditPurpose
from veldwerk_core.i18n import N_
from veldwerk_core.models.actor import Role
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.errors import VeldwerkError

REPORT_RETRIES = RetryPolicy(attempts=3)
REPORTERS = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})
"""Who may ask for an access report (the server checks it again)."""
OVERVIEW_MAKERS = frozenset({Role.COORDINATOR})


class ReportOffline(VeldwerkError):
    message = N_(
        "Het overzicht komt van de server, en die is nu niet bereikbaar. Probeer het opnieuw "
        "als er verbinding is."
    )


class ReportNotEnrolled(VeldwerkError):
    message = N_(
        "Het overzicht komt van de server van je gemeente, en dit apparaat is daar nog niet "
        "aangemeld. Meld het aan bij Synchronisatie."
    )


class ReportNotAllowed(VeldwerkError):
    message = N_(
        "Alleen de regisseur en de functioneel beheerder maken een inzageoverzicht, en alleen "
        "de regisseur een gegevensoverzicht, van een jongere van de eigen gemeente."
    )


class ReportFormat(VeldwerkError):
    message = N_("Kies een bestand dat eindigt op .pdf of .csv.")


@dataclass(frozen=True)
class Saved:
    path: Path
    count: int
    """Accesses (report) or records (overview) it holds."""


@dataclass(frozen=True)
class _Request:
    server_url: str
    credential: str = field(repr=False)  # never in a traceback


def save_access_report(
    run: Run,
    youth_id: uuid.UUID,
    path: Path,
    *,
    client: httpx.Client | None = None,
    policy: RetryPolicy | None = None,
) -> Saved:
    """Fetch the youth's access report and write it to ``path`` (PDF or CSV, by extension)."""
    try:
        form = report.form_of(path)
    except report.UnknownFormat:
        raise ReportFormat() from None
    return _save_from_server(
        run,
        _Asked(
            youth_id,
            path,
            REPORTERS,
            AuditPurpose.ACCESS_REPORT,
            lambda transport: transport.access_report(youth_id),
            lambda found: (report.render(found, form), len(found.entries)),
        ),
        client,
        policy,
    )


def save_data_overview(
    run: Run,
    youth_id: uuid.UUID,
    path: Path,
    *,
    client: httpx.Client | None = None,
    policy: RetryPolicy | None = None,
) -> Saved:
    """Fetch everything the server holds about the youth and write it to ``path`` as a PDF
    in plain Dutch, for the youth and the parents."""
    if path.suffix.lower() != ".pdf":
        raise ReportFormat()
    return _save_from_server(
        run,
        _Asked(
            youth_id,
            path,
            OVERVIEW_MAKERS,
            AuditPurpose.DATA_OVERVIEW,
            lambda transport: transport.data_overview(youth_id),
            lambda held: (overview.to_pdf(held), len(held.records)),
        ),
        client,
        policy,
    )


@dataclass(frozen=True)
class _Asked:
    youth_id: uuid.UUID
    path: Path
    roles: frozenset[Role]
    purpose: AuditPurpose
    fetch: Callable[[Transport], Any]
    render: Callable[[Any], tuple[bytes, int]]


def _save_from_server(
    run: Run, asked: _Asked, client: httpx.Client | None, policy: RetryPolicy | None
) -> Saved:
    request: _Request = run(lambda session: _prepare(session, asked.roles))
    data, count = asked.render(_fetch(run, request, asked.fetch, client, policy))
    run(lambda session: _save(session, asked.youth_id, asked.path, data, asked.purpose))
    return Saved(asked.path, count)


def access_report_here(session: Session, youth_id: uuid.UUID, path: Path, **options: Any) -> Saved:
    """:func:`save_access_report` on the caller's thread (CLI, tests)."""
    return save_access_report(direct(session), youth_id, path, **options)


def data_overview_here(session: Session, youth_id: uuid.UUID, path: Path, **options: Any) -> Saved:
    """:func:`save_data_overview` on the caller's thread (CLI, tests)."""
    return save_data_overview(direct(session), youth_id, path, **options)


def _prepare(session: Session, roles: frozenset[Role]) -> _Request:
    if session.actor.role not in roles:
        raise ReportNotAllowed()
    state = sync_state.load(session.vault)
    if state is None:
        raise ReportNotEnrolled()
    return _Request(state.server_url, state.credential)


def _fetch(
    run: Run,
    request: _Request,
    ask: Any,
    client: httpx.Client | None,
    policy: RetryPolicy | None,
) -> Any:
    transport = Transport(
        request.server_url, request.credential, client=client, policy=policy or REPORT_RETRIES
    )
    try:
        audit_upload.upload(run, transport)  # what was read here is in the report too
        return ask(transport)
    except Offline:
        raise ReportOffline() from None
    except RequestRefused as refused:
        if refused.status == 403:
            raise ReportNotAllowed() from None
        raise
    except DeviceRevoked:
        run(wipe)
        raise
    finally:
        transport.close()


def _save(
    session: Session, youth_id: uuid.UUID, path: Path, data: bytes, purpose: AuditPurpose
) -> None:
    with session.vault.transaction():
        session.records.audit(AuditAction.EXPORT, youth_ids=[youth_id], purpose=purpose._label)
        write_atomically(path, data)
