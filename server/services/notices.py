""" "Wie doet wat": when a second organisation registers the same youth (same BSN, or same
name and date of birth), or becomes involved with one, the involved professionals on each side
get a notice naming the other organisation and its colleagues' work contacts - never content.
A request to share or a proposal to merge made on one side's notice shows on the other's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from server.db_models import Organisation, StoredRecord, User
from server.services.server_writes import Writer, reacts_to
from veldwerk_core.models import Involvement, Notice, Youth
from veldwerk_core.models.notice import MatchedBy

R = StoredRecord
REQUESTS = ("share_requested_by", "share_requested_on", "merge_proposed_by", "merge_proposed_on")


def contacts(writer: Writer, youth: StoredRecord) -> list[dict[str, str]]:
    """Who of the registration's own organisation works with it: its maker and the
    professionals involved now (others involved are the other side's, not this one's)."""
    users = {youth.created_by} if youth.created_by else set()
    involved = writer.session.execute(
        select(R.professional_id).where(
            R.kind == Involvement.kind,
            R.youth_id == youth.id,
            R.deleted.is_(False),
            R.professional_id.is_not(None),
        )
    ).scalars()
    users |= {user for user in involved if user}
    if not users:
        return []
    rows = writer.session.execute(
        select(User, Organisation)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(
            User.id.in_(sorted(users)),
            User.active.is_(True),
            User.organisation_id == youth.owner_org_id,
        )
    )
    return [
        {
            "name": user.name,
            "role": user.role,
            "organisation": organisation.name,
            "phone": user.phone,
            "email": user.email,
        }
        for user, organisation in rows
    ]


def organisation_name(writer: Writer, organisation_id: str | None) -> str:
    found = writer.session.get(Organisation, organisation_id) if organisation_id else None
    return found.name if found is not None else ""


def _known(writer: Writer, youth: StoredRecord, other_organisation: str) -> bool:
    notices = writer.session.execute(
        select(R.data).where(R.kind == Notice.kind, R.youth_id == youth.id, R.deleted.is_(False))
    ).scalars()
    return any((data or {}).get("other_organisation") == other_organisation for data in notices)


def raise_pair(writer: Writer, one: StoredRecord, other: StoredRecord, by: MatchedBy) -> None:
    """A notice on each registration about the other, linked to each other."""
    one_org = organisation_name(writer, one.owner_org_id)
    other_org = organisation_name(writer, other.owner_org_id)
    if not one_org or not other_org or _known(writer, one, other_org):
        return
    first = writer.server_create(
        Notice.kind,
        {
            "youth_id": one.id,
            "other_organisation": other_org,
            "contacts": contacts(writer, other),
            "matched_by": by.value,
        },
        one.owner_org_id,
    )
    second = writer.server_create(
        Notice.kind,
        {
            "youth_id": other.id,
            "other_organisation": one_org,
            "contacts": contacts(writer, one),
            "matched_by": by.value,
            "counterpart_id": first.id,
        },
        other.owner_org_id,
    )
    writer.server_update(first, {"counterpart_id": second.id})


@reacts_to(Youth.kind)
def youth_registered(writer: Writer, row: StoredRecord, before: dict[str, Any] | None) -> None:
    if row.deleted or row.data is None:
        return
    if before is not None and Youth.match_keys(before) == (row.match_bsn, row.match_name):
        return
    alike = []
    if row.match_bsn:
        alike.append(R.match_bsn == row.match_bsn)
    if row.match_name:
        alike.append(R.match_name == row.match_name)
    if not alike:
        return
    others = writer.session.execute(
        select(R).where(
            R.municipality_id == row.municipality_id,
            R.kind == Youth.kind,
            R.deleted.is_(False),
            R.id != row.id,
            R.owner_org_id != row.owner_org_id,
            or_(*alike),
        )
    ).scalars()
    for other in others:
        same_bsn = bool(row.match_bsn) and other.match_bsn == row.match_bsn
        raise_pair(writer, row, other, MatchedBy.BSN if same_bsn else MatchedBy.NAME_AND_BIRTH)


@reacts_to(Involvement.kind)
def also_involved(writer: Writer, row: StoredRecord, before: dict[str, Any] | None) -> None:
    """A professional of another organisation becomes involved with a youth: the owner's side
    learns who (the newcomer sees the youth and its involvements already)."""
    if before is not None or row.data is None or not row.professional_id or not row.youth_id:
        return
    youth = writer.session.get(StoredRecord, row.youth_id)
    professional = writer.session.get(User, row.professional_id)
    if youth is None or professional is None or youth.deleted:
        return
    if professional.organisation_id == youth.owner_org_id:
        return
    other_org = organisation_name(writer, professional.organisation_id)
    if not other_org or _known(writer, youth, other_org):
        return
    contact = {
        "name": professional.name,
        "role": professional.role,
        "organisation": other_org,
        "phone": professional.phone,
        "email": professional.email,
    }
    writer.server_create(
        Notice.kind,
        {
            "youth_id": youth.id,
            "other_organisation": other_org,
            "contacts": [contact],
            "matched_by": MatchedBy.INVOLVEMENT.value,
        },
        youth.owner_org_id,
    )


@reacts_to(Notice.kind)
def request_mirrored(writer: Writer, row: StoredRecord, before: dict[str, Any] | None) -> None:
    """A request to share or a proposal to merge shows on the other side's notice too."""
    data = row.data or {}
    counterpart = data.get("counterpart_id")
    if before is None or not counterpart:
        return
    asked = {name: data.get(name) for name in REQUESTS if data.get(name) != before.get(name)}
    other = writer.session.get(StoredRecord, str(counterpart))
    if asked and other is not None and not other.deleted:
        writer.server_update(other, asked)
