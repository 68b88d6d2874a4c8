"""Administration: organisations, users and enrollment codes (used by the CLI)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.core.security import code_digest, new_code
from server.db_models import Device, EnrollmentCode, Municipality, Organisation, User
from server.services import audit
from veldwerk_core.models.actor import Role


class OrganisationKind(StrEnum):
    MUNICIPALITY = "municipality"
    YOUTH_WORK = "youth_work"
    ENFORCEMENT = "enforcement"
    SCHOOL = "school"
    CARE = "care"
    POLICE = "police"
    OTHER = "other"


class AdminError(Exception):
    """A mistake in an administrator's command; the message says what to fix."""


def find_municipality(session: Session, name_or_id: str) -> Municipality:
    found = session.execute(
        select(Municipality).where(
            or_(Municipality.id == name_or_id, Municipality.name == name_or_id)
        )
    ).scalar_one_or_none()
    if found is None:
        raise AdminError(f"no municipality {name_or_id!r}; create it with --kind municipality")
    return found


def create_organisation(
    session: Session,
    *,
    name: str,
    kind: OrganisationKind,
    municipality: str | None,
    school_name: str | None,
    now: datetime,
) -> Organisation:
    if not name.strip():
        raise AdminError("the organisation needs a name")
    if kind is OrganisationKind.MUNICIPALITY:
        place = Municipality(id=str(uuid.uuid4()), name=name.strip(), created_at=now)
        place.last_seq = place.purged_seq = 0
        place.coordinator_scope = "all"
        session.add(place)
        session.flush()
    elif municipality is None:
        raise AdminError("give --municipality for an organisation that is not a municipality")
    else:
        place = find_municipality(session, municipality)
    if kind is OrganisationKind.SCHOOL and not school_name:
        school_name = name
    existing = session.execute(
        select(Organisation).where(
            Organisation.municipality_id == place.id, Organisation.name == name.strip()
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise AdminError(f"organisation {name!r} already exists in {place.name}")
    organisation = Organisation(
        id=str(uuid.uuid4()),
        municipality_id=place.id,
        name=name.strip(),
        kind=kind.value,
        school_name=school_name if kind is OrganisationKind.SCHOOL else None,
        created_at=now,
    )
    session.add(organisation)
    session.flush()
    return organisation


def create_user(
    session: Session,
    *,
    organisation: str,
    name: str,
    role: Role,
    now: datetime,
    phone: str = "",
    email: str = "",
) -> User:
    found = session.execute(
        select(Organisation).where(
            or_(Organisation.id == organisation, Organisation.name == organisation)
        )
    ).scalars()
    matches = list(found)
    if len(matches) != 1:
        raise AdminError(
            f"organisation {organisation!r} is unknown or ambiguous; use its id (list with "
            "list-orgs)"
        )
    if not name.strip():
        raise AdminError("the user needs a name")
    user = User(
        id=str(uuid.uuid4()),
        organisation_id=matches[0].id,
        name=name.strip(),
        role=role.value,
        active=True,
        created_at=now,
        phone=phone.strip(),
        email=email.strip(),
    )
    session.add(user)
    session.flush()
    return user


def set_contact(session: Session, user_id: str, *, phone: str, email: str) -> User:
    """A user's work contact details, shown to colleagues in the directory."""
    user = session.get(User, user_id)
    if user is None:
        raise AdminError(f"no user {user_id!r}")
    if len(phone) > 40 or len(email) > 150:
        raise AdminError("phone at most 40 and e-mail at most 150 characters")
    user.phone, user.email = phone.strip(), email.strip()
    return user


def enrollment_code(
    session: Session, user_id: str, key: bytes, hours: int, now: datetime
) -> tuple[str, datetime]:
    """A new one-time code for ``user_id``; only its HMAC is stored."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise AdminError(f"no active user {user_id!r}")
    code = new_code()
    expires = now + timedelta(hours=hours)
    session.add(
        EnrollmentCode(
            id=str(uuid.uuid4()),
            user_id=user.id,
            digest=code_digest(key, code),
            created_at=now,
            expires_at=expires,
        )
    )
    audit.append(session, audit.Event("enroll_code", user_id=user.id), now)
    return code, expires


@dataclass(frozen=True)
class DeviceRow:
    id: str
    name: str
    user_id: str
    user_name: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


def list_devices(session: Session, user_id: str | None = None) -> list[DeviceRow]:
    query = select(Device, User).join(User, User.id == Device.user_id).order_by(Device.created_at)
    if user_id:
        query = query.where(Device.user_id == user_id)
    return [
        DeviceRow(
            device.id,
            device.name,
            user.id,
            user.name,
            device.created_at,
            device.last_seen_at,
            device.revoked_at,
        )
        for device, user in session.execute(query)
    ]


def list_organisations(session: Session) -> list[tuple[Organisation, Municipality]]:
    query = select(Organisation, Municipality).join(
        Municipality, Municipality.id == Organisation.municipality_id
    )
    return [(org, place) for org, place in session.execute(query.order_by(Organisation.name))]
