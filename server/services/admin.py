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
    operator: str = "",
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
    audit.append(
        session,
        audit.Event(
            "create_org",
            municipality_id=place.id,
            records=[("organisation", organisation.id)],
            detail={"operator": operator, "kind": kind.value},
        ),
        now,
    )
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
    operator: str = "",
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
    _audit_admin(session, "create_user", user, operator, now, role=role.value)
    return user


def set_contact(
    session: Session,
    user_id: str,
    *,
    phone: str,
    email: str,
    now: datetime,
    operator: str = "",
) -> User:
    """A user's work contact details, shown to colleagues in the directory."""
    user = session.get(User, user_id)
    if user is None:
        raise AdminError(f"no user {user_id!r}")
    if len(phone) > 40 or len(email) > 150:
        raise AdminError("phone at most 40 and e-mail at most 150 characters")
    user.phone, user.email = phone.strip(), email.strip()
    # The details themselves are not logged: only that they changed.
    _audit_admin(session, "set_contact", user, operator, now)
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
    app_version: str | None = None
    """As the app last said it (None: not since the server kept it, or an older app)."""
    app_protocol: int | None = None


def list_devices(session: Session, user_id: str | None = None) -> list[DeviceRow]:
    query = select(Device, User).join(User, User.id == Device.user_id).order_by(Device.created_at)
    if user_id:
        query = query.where(Device.user_id == find_user(session, user_id, "--user").id)
    return [
        DeviceRow(
            device.id,
            device.name,
            user.id,
            user.name,
            device.created_at,
            device.last_seen_at,
            device.revoked_at,
            device.app_version,
            device.app_protocol,
        )
        for device, user in session.execute(query)
    ]


def list_organisations(session: Session) -> list[tuple[Organisation, Municipality]]:
    query = select(Organisation, Municipality).join(
        Municipality, Municipality.id == Organisation.municipality_id
    )
    return [(org, place) for org, place in session.execute(query.order_by(Organisation.name))]


# -- the user lifecycle (issue 18, 4) ---------------------------------------------------------
# Every change is audited with who ran the command (the operator: the administrator's account
# on the server), the user it concerns and what changed - never a youth's data.

COORDINATOR_SCOPES = ("all", "involved")
"""A regisseur sees every youth of the municipality ("all", the default) or only the youths
they are involved with as a professional ("involved"); see services/scope.py."""


@dataclass(frozen=True)
class UserRow:
    id: str
    name: str
    role: str
    active: bool
    organisation: str
    municipality: str
    devices: int
    """Devices that are not revoked."""
    last_contact: datetime | None
    """The latest contact of any of the user's devices."""


def find_user(session: Session, user_id: str, argument: str = "USER") -> User:
    """The user with this id; the error names the command's ``argument``."""
    user = session.get(User, user_id.strip())
    if user is None:
        raise AdminError(f"{argument}: no user {user_id!r} (list them with list-users)")
    return user


def _municipality_of(session: Session, user: User) -> str:
    organisation = session.get(Organisation, user.organisation_id)
    assert organisation is not None
    return organisation.municipality_id


def _audit_admin(
    session: Session, action: str, user: User, operator: str, now: datetime, **detail: object
) -> None:
    audit.append(
        session,
        audit.Event(
            action,
            user_id=user.id,
            municipality_id=_municipality_of(session, user),
            detail={"operator": operator, **detail},
        ),
        now,
    )


def list_users(
    session: Session, organisation: str | None = None, *, include_inactive: bool = True
) -> list[UserRow]:
    """Users with their organisation, how many active devices they have and their last
    contact, by municipality, organisation and name."""
    query = (
        select(User, Organisation, Municipality)
        .join(Organisation, Organisation.id == User.organisation_id)
        .join(Municipality, Municipality.id == Organisation.municipality_id)
        .order_by(Municipality.name, Organisation.name, User.name, User.id)
    )
    if organisation:
        query = query.where(or_(Organisation.id == organisation, Organisation.name == organisation))
    if not include_inactive:
        query = query.where(User.active.is_(True))
    found = list(session.execute(query))
    if organisation and not found:
        exists = session.execute(
            select(Organisation.id).where(
                or_(Organisation.id == organisation, Organisation.name == organisation)
            )
        ).first()
        if exists is None:
            raise AdminError(f"--org: no organisation {organisation!r} (list them with list-orgs)")
    active: dict[str, int] = {}
    last: dict[str, datetime] = {}
    user_ids = [user.id for user, _org, _place in found]
    if user_ids:
        for device in session.execute(select(Device).where(Device.user_id.in_(user_ids))).scalars():
            if device.revoked_at is None:
                active[device.user_id] = active.get(device.user_id, 0) + 1
            seen = device.last_seen_at
            if seen is not None and (device.user_id not in last or seen > last[device.user_id]):
                last[device.user_id] = seen
    return [
        UserRow(
            user.id,
            user.name,
            user.role,
            user.active,
            org.name,
            place.name,
            active.get(user.id, 0),
            last.get(user.id),
        )
        for user, org, place in found
    ]


def revoke_user_devices(session: Session, user_id: str, now: datetime, operator: str) -> int:
    """Revoke every device of the user that is not revoked yet; how many. Each device wipes
    its data at its next contact."""
    user = find_user(session, user_id, "--user")
    revoked = 0
    for device in session.execute(
        select(Device).where(Device.user_id == user.id, Device.revoked_at.is_(None))
    ).scalars():
        device.revoked_at = now
        audit.append(
            session,
            audit.Event(
                "revoke",
                user_id=user.id,
                device_id=device.id,
                municipality_id=_municipality_of(session, user),
                detail={"operator": operator},
            ),
            now,
        )
        revoked += 1
    return revoked


def deactivate_user(
    session: Session, user_id: str, now: datetime, operator: str
) -> tuple[User, int]:
    """The user can no longer enroll or sync: every device is revoked (and wipes itself at its
    next contact; ``enroll`` refuses an inactive user's codes). Their records stay: they belong
    to the youths' files, not to the person who wrote them."""
    user = find_user(session, user_id)
    revoked = revoke_user_devices(session, user.id, now, operator)
    was_active = user.active
    user.active = False
    _audit_admin(
        session,
        "deactivate_user",
        user,
        operator,
        now,
        was_active=was_active,
        devices_revoked=revoked,
    )
    return user, revoked


def set_role(session: Session, user_id: str, role: Role, now: datetime, operator: str) -> User:
    """A new role; the user's devices compare their scope at their next sync (the role is part
    of the scope mark, services/scope.py), so records the new role may not see leave them."""
    user = find_user(session, user_id)
    old = user.role
    user.role = role.value
    _audit_admin(session, "set_role", user, operator, now, old=old, new=role.value)
    return user


def set_scope(
    session: Session, municipality: str, scope: str, now: datetime, operator: str
) -> Municipality:
    """The regisseur's scope in a municipality: "all" its youths or those "involved" with.
    Each regisseur's device compares its scope at its next sync (part of the scope mark)."""
    if scope not in COORDINATOR_SCOPES:
        raise AdminError(f"SCOPE: {scope!r} is not one of {', '.join(COORDINATOR_SCOPES)}")
    try:
        place = find_municipality(session, municipality)
    except AdminError as error:
        raise AdminError(f"MUNICIPALITY: {error}") from None
    old = place.coordinator_scope
    place.coordinator_scope = scope
    audit.append(
        session,
        audit.Event(
            "set_scope",
            municipality_id=place.id,
            detail={"operator": operator, "old": old, "new": scope},
        ),
        now,
    )
    return place
