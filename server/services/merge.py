"""Merging two registrations of one youth, carried out within the push that stores the merge.

Asked by whoever may change both youths (their owner, the regisseur; the kept youth's rights
are the rules table's, the merged youth's are checked here). In this order, so that a device
reading the changes in sequence learns of the merge before the merged youth leaves it:

1. the merge record gets its provenance (which records came from the merged registration,
   which fields it gave, who registered it);
2. every record naming the merged youth comes to name the kept youth (a new version each);
3. the kept youth takes the fields it lacked;
4. the merged youth becomes a tombstone (``removed_as = "merged"``) whose id redirects: a
   change a device made before it knew of the merge lands on the kept youth (push.py).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.db_models import RecordYouth, StoredRecord, User, YouthRedirect
from server.services import audit, ownership
from server.services.push_checks import Rejected
from server.services.server_writes import Writer, reacts_to, required_for
from veldwerk_core import kinds
from veldwerk_core.models import RECORD_TYPES, Youth, YouthMerge
from veldwerk_core.models.links import LinkRole
from veldwerk_core.models.merge import SERVER_FIELDS
from veldwerk_core.protocol import BOOKKEEPING_FIELDS, WireFieldError
from veldwerk_core.reasons import RejectReason

MERGED = "merged"
"""``removed_as`` of a merged registration's tombstone."""


def _invalid(field: str, code: str) -> Rejected:
    return Rejected(RejectReason.INVALID, errors=[WireFieldError(field=field, code=code)])


@required_for(YouthMerge.kind)
def may_merge(writer: Writer, data: dict[str, Any]) -> None:
    """Before the merge is stored: the server fills the provenance; two different youths; the
    caller changes the merged youth as its owner does (the kept one: the rules table)."""
    for name in SERVER_FIELDS:
        if data.get(name):
            raise _invalid(name, "server_field")
    kept, merged = str(data["youth_id"]), str(data["merged_id"])
    if kept == merged:
        raise _invalid("merged_id", "same_youth")
    row = writer.session.get(StoredRecord, merged)
    if row is None or row.deleted or row.kind != Youth.kind:
        raise Rejected(RejectReason.OUT_OF_SCOPE)
    if not ownership.acts_as_owner(writer.caller, Youth.kind, row.owner_org_id):
        raise Rejected(RejectReason.NOT_OWNER)


def _naming(session: Session, municipality_id: str, youth: str) -> list[StoredRecord]:
    """Every live record that names ``youth``: as the youth it belongs to, a youth it is seen
    through (the ``record_youth`` links) or a plain reference (a relation's other youth)."""
    live = (StoredRecord.municipality_id == municipality_id, StoredRecord.deleted.is_(False))
    ids: set[str] = set(
        session.execute(select(StoredRecord.id).where(*live, StoredRecord.youth_id == youth))
        .scalars()
        .all()
    )
    ids |= set(
        session.execute(
            select(RecordYouth.record_id).where(
                RecordYouth.municipality_id == municipality_id, RecordYouth.youth_id == youth
            )
        )
        .scalars()
        .all()
    )
    for kind, cls in RECORD_TYPES.items():
        for link in kinds.youth_links(kind, frozenset({LinkRole.REFERS})):
            if link.many or cls is YouthMerge:
                continue  # a merge names the youth it merged: that is its provenance
            ids |= set(
                session.execute(
                    select(StoredRecord.id).where(
                        *live,
                        StoredRecord.kind == kind,
                        StoredRecord.data[link.field].as_string() == youth,
                    )
                )
                .scalars()
                .all()
            )
    if not ids:
        return []
    return list(
        session.execute(
            select(StoredRecord)
            .where(StoredRecord.id.in_(sorted(ids)), *live)
            .order_by(StoredRecord.id)
            .with_for_update()
        ).scalars()
    )


def _missing(kept: dict[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
    """The merged registration's values for the fields the kept youth leaves empty."""
    return {
        name: value
        for name, value in merged.items()
        if name not in BOOKKEEPING_FIELDS
        and name != "id"
        and value not in (None, "", [], {})
        and kept.get(name) in (None, "", [], {})
    }


@reacts_to(YouthMerge.kind)
def youth_merged(writer: Writer, row: StoredRecord, before: dict[str, Any] | None) -> None:
    if before is not None or row.deleted or not row.data:
        return  # only a new merge is carried out; it never changes afterwards
    session = writer.session
    kept_id, merged_id = str(row.data["youth_id"]), str(row.data["merged_id"])
    kept = session.get(StoredRecord, kept_id)
    merged = session.get(StoredRecord, merged_id)
    if kept is None or merged is None or kept.deleted or merged.deleted:
        return  # may_merge refused that already
    municipality = writer.caller.municipality_id
    session.flush()
    moving = [
        other
        for other in _naming(session, municipality, merged_id)
        if other.id not in (row.id, merged_id, kept_id)
    ]
    taken = _missing(kept.data or {}, merged.data or {})
    registrar = session.get(User, merged.created_by) if merged.created_by else None
    writer.server_update(
        row,
        {
            "registered_by_id": registrar.id if registrar is not None else "",
            "registered_by": registrar.name if registrar is not None else "",
            "merged_title": kinds.title(Youth.kind, merged.data or {}) or merged_id,
            "moved": [{"kind": other.kind, "id": other.id} for other in moving],
            "fields_taken": sorted(taken),
        },
    )
    for other in moving:
        data = kinds.repointed(other.kind, other.data or {}, merged_id, kept_id)
        current = other.data or {}
        changes = {name: value for name, value in data.items() if value != current.get(name)}
        try:
            writer.server_update(other, changes)
        except ValidationError:
            continue  # cannot name the kept youth (a relation to itself): stays as it was
    if taken:
        writer.server_update(kept, taken)
    writer.server_remove(merged, MERGED)
    session.execute(
        update(YouthRedirect)
        .where(YouthRedirect.municipality_id == municipality, YouthRedirect.kept_id == merged_id)
        .values(kept_id=kept_id)
    )
    session.add(
        YouthRedirect(
            merged_id=merged_id, kept_id=kept_id, municipality_id=municipality, merge_id=row.id
        )
    )
    writer.redirects[merged_id] = kept_id
    audit.append(
        session,
        audit.Event(
            "merge",
            caller=writer.caller,
            records=[(YouthMerge.kind, row.id), (Youth.kind, kept_id), (Youth.kind, merged_id)],
            youth_ids={kept_id, merged_id},
            detail={"moved": len(moving), "fields_taken": sorted(taken)},
        ),
        writer.now,
    )
