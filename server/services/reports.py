"""The per-youth access report for the regisseur: who read or changed this youth's data."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.audit_keys import AuditKeys
from server.core.errors import Forbidden
from server.db_models import AuditEntry, AuditYouth, Organisation, StoredRecord, User
from server.services import audit
from server.services.caller import Caller
from veldwerk_core import kinds
from veldwerk_core.models.actor import Role
from veldwerk_core.protocol import AccessEntry, AccessReport


class ReportNotAllowed(Forbidden):
    """Only the regisseur gets a youth's access report, of a youth of their municipality."""


def access_report(
    session: Session, caller: Caller, youth_id: uuid.UUID, now: datetime, keys: AuditKeys
) -> AccessReport:
    youth = session.get(StoredRecord, str(youth_id))
    if (
        caller.role is not Role.COORDINATOR
        or youth is None
        or youth.kind != kinds.YOUTH
        or youth.municipality_id != caller.municipality_id
    ):
        raise ReportNotAllowed()
    audit.chain_all(session, keys)  # the report covers requests up to this one
    rows = session.execute(
        select(AuditEntry, User, Organisation)
        .join(AuditYouth, AuditYouth.audit_seq == AuditEntry.seq)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(AuditYouth.youth_id == youth.id)
        .order_by(AuditEntry.seq)
    ).all()
    entries = [
        AccessEntry(
            at=entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC),
            action=entry.action,
            result=entry.result,
            user_id=uuid.UUID(entry.user_id) if entry.user_id else None,
            user_name=user.name if user else "",
            role=Role(user.role) if user else None,
            organisation=organisation.name if organisation else "",
            device_id=uuid.UUID(entry.device_id) if entry.device_id else None,
            record_kinds=sorted({kind for kind, _id in entry.records}),
        )
        for entry, user, organisation in rows
    ]
    audit.append(
        session,
        audit.Event(
            "access_report",
            caller=caller,
            records=[(kinds.YOUTH, youth.id)],
            youth_ids={youth.id},
        ),
        now,
    )
    return AccessReport(youth_id=youth_id, entries=entries)
