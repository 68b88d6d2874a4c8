"""Fetching the proposed agenda of an early-signalling meeting from the server.

Only the server can propose it: it keeps the combination flags over every signal of the
municipality and knows who may see which youth. The regisseur sees the flag, never the
signals behind it. Network work and vault work alternate as in a sync: ``run`` executes vault
work on the database worker (the GUI passes ``Ops.call``; scripts and tests run it directly),
so the request itself can wait on a network thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from desktop.services.meetings import Meetings
from desktop.services.session import Session
from desktop.services.sync import Run, direct, wipe
from desktop.store import sync_state
from desktop.sync.errors import DeviceRevoked, Offline
from desktop.sync.transport import RetryPolicy, Transport
from veldwerk_core.i18n import N_
from veldwerk_core.models.errors import VeldwerkError
from veldwerk_core.models.meeting import MeetingItem
from veldwerk_core.protocol import AgendaRequest

AGENDA_RETRIES = RetryPolicy(attempts=3)


class AgendaOffline(VeldwerkError):
    message = N_(
        "Het voorstel voor de agenda komt van de server, en die is nu niet bereikbaar. "
        "Probeer het opnieuw als er verbinding is; een jongere kun je ook zelf op de agenda "
        "zetten."
    )


class AgendaNotEnrolled(VeldwerkError):
    message = N_(
        "Het voorstel voor de agenda komt van de server van je gemeente, en dit apparaat is "
        "daar nog niet aangemeld. Meld het aan bij Synchronisatie."
    )


@dataclass(frozen=True)
class _Request:
    server_url: str
    credential: str = field(repr=False)  # never in a traceback
    participants: list[str]


def fetch_agenda(
    run: Run,
    meeting_id: uuid.UUID,
    *,
    client: httpx.Client | None = None,
    policy: RetryPolicy | None = None,
) -> list[MeetingItem]:
    """Ask the server which youths to discuss, for this meeting's participants, and put them
    on its agenda; returns the whole agenda. Raises AgendaOffline without a connection."""
    request: _Request = run(lambda session: _prepare(session, meeting_id))
    transport = Transport(
        request.server_url, request.credential, client=client, policy=policy or AGENDA_RETRIES
    )
    try:
        answer = transport.agenda(AgendaRequest(participants=request.participants))
    except Offline:
        raise AgendaOffline() from None
    except DeviceRevoked:
        run(wipe)
        raise
    finally:
        transport.close()
    items: list[MeetingItem] = run(
        lambda session: Meetings(session).add_agenda(meeting_id, answer.items)
    )
    return items


def propose_agenda(session: Session, meeting_id: uuid.UUID, **options: Any) -> list[MeetingItem]:
    """:func:`fetch_agenda` on the caller's thread (CLI, tests)."""
    return fetch_agenda(direct(session), meeting_id, **options)


def _prepare(session: Session, meeting_id: uuid.UUID) -> _Request:
    meeting = Meetings(session).get(meeting_id)
    state = sync_state.load(session.vault)
    if state is None:
        raise AgendaNotEnrolled()
    participants = [p.user_id for p in meeting.participants if p.user_id]
    return _Request(state.server_url, state.credential, participants)
