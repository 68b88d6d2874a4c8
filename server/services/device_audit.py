"""Receiving a device's own access log: its reads, prints and exports - made offline too -
join the server's keyed audit chain like the server's own entries.

Each entry becomes one chain entry with the server's receipt time as its moment (``at``) and
the device's moment in ``detail.device_at``; who and which device come from the credential,
never from the upload. The action is ``device_<action>`` so that an entry logged on a device
is never taken for one the server logged. ``device_audit_received`` remembers each entry id
per device: an upload sent again (its answer was lost) is answered the same and links none
of its entries twice; two uploads racing with the same entries end in a unique violation for
one of them, whose transaction the server runs again (core/db.py ``retrying``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server.db_models import DeviceAuditReceived
from server.services import audit
from server.services.caller import Caller
from veldwerk_core.protocol import AuditUploadRequest, AuditUploadResponse, DeviceAuditEntry

DEVICE_ACTION = "device_"
"""Prefix of the actions of entries a device logged (``device_read``, ``device_print``...)."""


def receive(
    session: Session, caller: Caller, request: AuditUploadRequest, now: datetime
) -> AuditUploadResponse:
    ids = [str(entry.id) for entry in request.entries]
    known = set(
        session.execute(
            select(DeviceAuditReceived.entry_id).where(
                DeviceAuditReceived.device_id == caller.device_id,
                DeviceAuditReceived.entry_id.in_(ids),
            )
        ).scalars()
    )
    fresh = [entry for entry in request.entries if str(entry.id) not in known]
    if fresh:
        session.execute(
            insert(DeviceAuditReceived),
            [
                {"device_id": caller.device_id, "entry_id": str(entry.id), "received_at": now}
                for entry in fresh
            ],
        )
        audit.append_many(session, [_event(caller, entry) for entry in fresh], now)
    return AuditUploadResponse(
        stored=[entry.id for entry in fresh],
        duplicates=[entry.id for entry in request.entries if str(entry.id) in known],
    )


def _event(caller: Caller, entry: DeviceAuditEntry) -> audit.Event:
    detail: dict[str, Any] = {
        "entry_id": str(entry.id),
        "device_at": entry.at.isoformat(timespec="microseconds"),
    }
    if entry.purpose:
        detail["purpose"] = entry.purpose
    if entry.fields:
        detail["fields"] = list(entry.fields)
    records = (
        [(entry.record_kind, str(entry.record_id))] if entry.record_kind and entry.record_id else []
    )
    return audit.Event(
        DEVICE_ACTION + entry.action,
        caller=caller,
        records=records,
        youth_ids={str(youth) for youth in entry.youth_ids},
        detail=detail,
    )
