"""A youth's access report (AVG art. 15, NEN 7513 in spirit): who read, changed, printed,
exported or shared which of the youth's records, when, from which organisation and device,
and on what basis - the server's own entries and the entries devices uploaded of their own
log (services/device_audit.py), together.

For the regisseur and the functioneel beheerder (who handles requests of youths and parents;
the report names people and actions, never case content). Each entry lists only the
records of *this* youth it concerned: a pull page that also carried other youths' records
names none of them. The basis of an access is the share that gave the reader's organisation
a signal (its legal basis and recipient); the share's purpose is a person's text and stays
out.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.audit_keys import AuditKeys
from server.core.errors import Forbidden
from server.db_models import (
    AuditEntry,
    AuditYouth,
    Device,
    Municipality,
    Organisation,
    StoredRecord,
    User,
)
from server.services import audit, youth_records
from server.services.caller import Caller
from server.services.device_audit import DEVICE_ACTION
from veldwerk_core import kinds
from veldwerk_core.models.actor import Role
from veldwerk_core.models.sharing import Share
from veldwerk_core.models.signal import Signal
from veldwerk_core.protocol import AccessReport

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
REPORTERS = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})


class ReportNotAllowed(Forbidden):
    """Only the regisseur and the administrator get a youth's access report, of a youth of
    their own municipality."""


def reported_youth(session: Session, municipality_id: str | None, youth_id: uuid.UUID) -> Any:
    """The youth's row (deleted too: whose data was destroyed may still ask who saw it), or
    None when it is no youth of that municipality (None: any municipality)."""
    row = session.get(StoredRecord, str(youth_id))
    if row is None or row.kind != kinds.YOUTH:
        return None
    if municipality_id is not None and row.municipality_id != municipality_id:
        return None
    return row


def access_report(
    session: Session, caller: Caller, youth_id: uuid.UUID, now: datetime, keys: AuditKeys
) -> AccessReport:
    youth = reported_youth(session, caller.municipality_id, youth_id)
    if caller.role not in REPORTERS or youth is None:
        raise ReportNotAllowed()
    report = build(
        session, youth, keys, now, made_by=f"{caller.user_name}, {caller.organisation_name}"
    )
    audit.append(
        session,
        audit.Event(
            "access_report",
            caller=caller,
            records=[(kinds.YOUTH, youth.id)],
            youth_ids={youth.id},
            detail={"entries": len(report.entries)},
        ),
        now,
    )
    return report


def command_report(
    session: Session, youth_id: uuid.UUID, now: datetime, keys: AuditKeys
) -> AccessReport:
    """The report for ``veldwerk-server report access`` (on the server machine, by whoever
    runs the server; logged like the regisseur's, without a user). LookupError: no youth."""
    youth = reported_youth(session, None, youth_id)
    if youth is None:
        raise LookupError(str(youth_id))
    report = build(session, youth, keys, now, made_by="veldwerk-server report access")
    audit.append(
        session,
        audit.Event(
            "access_report",
            municipality_id=youth.municipality_id,
            records=[(kinds.YOUTH, youth.id)],
            youth_ids={youth.id},
            detail={"entries": len(report.entries), "by": "command"},
        ),
        now,
    )
    return report


@dataclass(frozen=True)
class _About:
    """The youth's records, and who may have seen a signal through a share."""

    rows: Mapping[str, StoredRecord]
    shares: Mapping[str, list[StoredRecord]]
    """Per signal id, its shares."""


def build(
    session: Session, youth: StoredRecord, keys: AuditKeys, now: datetime, made_by: str = ""
) -> AccessReport:
    """The report of everything logged about ``youth`` up to now (pending entries are linked
    into the chain first, so it covers every committed request)."""
    audit.chain_all(session, keys)
    rows = {row.id: row for row in youth_records.about(session, youth.municipality_id, youth.id)}
    shares: dict[str, list[StoredRecord]] = {}
    for row in rows.values():
        if row.kind == Share.kind and row.parent_id and row.data is not None:
            shares.setdefault(row.parent_id, []).append(row)
    # columns, not entities: building 2,000 ORM objects cost more than the rest together
    found = session.execute(
        select(
            AuditEntry.at,
            AuditEntry.action,
            AuditEntry.result,
            AuditEntry.user_id,
            AuditEntry.device_id,
            AuditEntry.records,
            AuditEntry.detail,
            User.name.label("user_name"),
            User.role,
            Organisation.id.label("organisation_id"),
            Organisation.name.label("organisation"),
            Device.name.label("device_name"),
        )
        .join(AuditYouth, AuditYouth.audit_seq == AuditEntry.seq)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .outerjoin(Device, Device.id == AuditEntry.device_id)
        .where(AuditYouth.youth_id == youth.id, AuditEntry.municipality_id == youth.municipality_id)
        .order_by(AuditEntry.seq)
    ).all()
    about = _About(rows, shares)
    # plain data, validated once as the report: ids and moments are parsed by pydantic's
    # core, not one Python object at a time
    entries = [_entry(entry, about) for entry in found]
    entries.sort(key=lambda item: item["device_at"] or item["at"])
    place = session.get(Municipality, youth.municipality_id)
    data = youth.data or {}
    name = " ".join(str(data.get(part) or "") for part in ("first_name", "infix", "last_name"))
    return AccessReport.model_validate(
        {
            "youth_id": youth.id,
            "entries": entries,
            "youth_name": " ".join(name.split()),
            "date_of_birth": data.get("date_of_birth"),
            "municipality": place.name if place is not None else "",
            "made_at": now,
            "made_by": made_by,
        }
    )


def _entry(entry: Any, about: _About) -> dict[str, Any]:
    """One access (an AccessEntry's fields) from a row of :func:`build`'s query."""
    detail: dict[str, Any] = entry.detail or {}
    device = entry.action.startswith(DEVICE_ACTION)
    deleted = {
        str(item.get("id")) for item in detail.get("deleted") or () if isinstance(item, dict)
    }
    records = _records(entry.records, about, device=device, deleted=deleted)
    return {
        "at": _utc(entry.at),
        "action": entry.action,
        "result": entry.result,
        "user_id": entry.user_id,
        "user_name": entry.user_name or "",
        "role": entry.role,
        "organisation": entry.organisation or "",
        "device_id": entry.device_id,
        "record_kinds": sorted({record["kind"] for record in records}),
        "source": "device" if device else "server",
        "device_at": _moment(detail.get("device_at")) if device else None,
        "device_name": entry.device_name or "",
        "purpose": str(detail["purpose"]) if device and detail.get("purpose") else None,
        "records": records,
        "fields": [str(name) for name in detail.get("fields") or ()] if device else [],
        "bases": _bases(records, entry.organisation_id, about),
    }


def _records(
    pairs: Iterable[list[str]], about: _About, *, device: bool, deleted: set[str]
) -> list[dict[str, Any]]:
    """The youth's records among an entry's (a device's entry names its record itself)."""
    found: list[dict[str, Any]] = []
    for pair in pairs:
        if len(pair) != 2:
            continue
        kind, record_id = pair
        row = about.rows.get(record_id)
        if row is None and not device:
            continue  # another youth's record on the same page
        if not _UUID.match(str(record_id)):
            continue
        data = row.data if row is not None else None
        made = str((data or {}).get("created_at") or "")[:10]
        found.append(
            {
                "kind": kind,
                "id": record_id,
                "created_on": made or None,
                "deleted": record_id in deleted,
            }
        )
    return found


def _bases(
    records: list[dict[str, Any]], organisation_id: str | None, about: _About
) -> list[dict[str, str]]:
    """The shares an access rests on: a share it made or changed, or the share that gave
    the reader's organisation a signal it does not own."""
    found: dict[tuple[str, str], dict[str, str]] = {}

    def add(share: StoredRecord) -> None:
        data = share.data or {}
        basis = str(data.get("legal_basis") or ""), str(data.get("organisation_name") or "")
        found[basis] = {"legal_basis": basis[0], "organisation": basis[1]}

    for record in records:
        row = about.rows.get(record["id"])
        if row is None:
            continue
        if row.kind == Share.kind and row.data is not None:
            add(row)
        elif row.kind == Signal.kind and organisation_id is not None:
            if row.owner_org_id != organisation_id:
                for share in about.shares.get(row.id, ()):
                    if (share.data or {}).get("organisation_id") == organisation_id:
                        add(share)
    return list(found.values())


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _moment(text: Any) -> datetime | None:
    try:
        return _utc(datetime.fromisoformat(str(text)))
    except ValueError:
        return None
