"""Enrollment, authentication, rotation and revocation of devices."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import Select, String, bindparam, select
from sqlalchemy.orm import Session

from server.core.errors import DeviceRevoked, EnrollmentRefused, Unauthenticated
from server.core.security import Hasher, code_digest, new_credential, parse_credential
from server.db_models import Device, EnrollmentCode, Municipality, Organisation, User
from server.services import audit
from server.services.caller import Caller
from veldwerk_core.models.actor import Role
from veldwerk_core.protocol import (
    USER_AGENT_PRODUCT,
    EnrollRequest,
    EnrollResponse,
    RotateResponse,
)

log = logging.getLogger("veldwerk.server.auth")
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


_AGENT = re.compile(
    rf"(?:^|[\s,]){USER_AGENT_PRODUCT}/([0-9A-Za-z][0-9A-Za-z.+-]{{0,39}})(?:[\s,]|$)"
)


@dataclass(frozen=True)
class AppSaid:
    """What a request says about the app that sent it: its version (``User-Agent:
    Veldwerk/<version>``, absent from apps before it) and its protocol (``Veldwerk-Protocol``)."""

    version: str | None
    protocol: int | None


def app_said(user_agents: Iterable[str], protocol: str | None) -> AppSaid:
    """Read leniently from the request's ``User-Agent`` values and protocol header: what is
    not the app's is ignored, never an error."""
    agent = _AGENT.search(", ".join(user_agents))
    number = (protocol or "").strip()
    return AppSaid(
        agent.group(1) if agent else None,
        int(number) if number.isdigit() and len(number) < 6 else None,
    )


def note_app(device: Device, app: AppSaid | None) -> None:
    """Keep what the device's app said, writing only when it changed (an update)."""
    if app is None:
        return
    if app.version is not None and device.app_version != app.version:
        device.app_version = app.version
    if app.protocol is not None and device.app_protocol != app.protocol:
        device.app_protocol = app.protocol


AuthFailed = Unauthenticated | DeviceRevoked
"""The request is not from a valid device (a revoked one must erase its data)."""


class WrongSecret(Unauthenticated):
    """The credential names a known device with a secret that is not its secret. Answered
    like any unknown credential; the failed-attempt limit counts it for the device."""

    def __init__(self, device_id: str) -> None:
        super().__init__()
        self.device_id = device_id


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _identity() -> Select[User, Organisation, Municipality]:
    return (
        select(User, Organisation, Municipality)
        .join(Organisation, Organisation.id == User.organisation_id)
        .join(Municipality, Municipality.id == Organisation.municipality_id)
    )


def _caller(device: Device, user: User, organisation: Organisation, place: Municipality) -> Caller:
    return Caller(
        device_id=device.id,
        device_name=device.name,
        user_id=user.id,
        user_name=user.name,
        role=Role(user.role),
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        school_name=organisation.school_name,
        municipality_id=place.id,
        municipality_name=place.name,
        coordinator_scope=place.coordinator_scope,
    )


@cache
def _by_device() -> Select[User, Organisation, Municipality, Device]:
    """Built once: every request runs it (the device id is a parameter)."""
    return (
        _identity()
        .add_columns(Device)
        .join(Device, Device.user_id == User.id)
        .where(Device.id == bindparam("device", type_=String))
    )


def callers_of_users(session: Session, user_ids: list[str]) -> dict[str, Caller]:
    """The identities of users as their own devices would present them (no device): whose
    scope a meeting participant has, for instance."""
    found: dict[str, Caller] = {}
    for user, organisation, place in session.execute(
        _identity().where(User.id.in_(sorted(set(user_ids))), User.active.is_(True))
    ):
        nobody = Device(id="", name="", user_id=user.id, secret_hash="", created_at=_utc_now())
        found[user.id] = _caller(nobody, user, organisation, place)
    return found


def _utc_now() -> datetime:
    return datetime.now(UTC)


def caller_for(session: Session, device: Device) -> Caller:
    user, organisation, place = session.execute(_identity().where(User.id == device.user_id)).one()
    return _caller(device, user, organisation, place)


def authenticate(
    session: Session, token: str, hasher: Hasher, now: datetime, app: AppSaid | None = None
) -> Caller:
    credential = parse_credential(token)
    if credential is None:
        raise Unauthenticated()
    # One query for the device and everything the request needs to know about its user.
    found = session.execute(_by_device(), {"device": str(credential.device_id)}).one_or_none()
    if found is None:
        raise Unauthenticated()
    user, organisation, place, device = found
    # The session holds loaded rows only weakly: keep these for the request, whose services
    # read the device and municipality again (``session.get`` then answers from memory).
    session.info["authenticated"] = tuple(found)
    if not hasher.verify(device.secret_hash, credential):
        if device.pending_hash is None or not hasher.verify(device.pending_hash, credential):
            raise WrongSecret(device.id)
        device.secret_hash, device.pending_hash = device.pending_hash, None
        log.info("device %s switched to its rotated credential", device.id)
    if hasher.outdated(device.secret_hash):
        device.secret_hash = hasher.hash(credential.secret)
    if device.revoked_at is not None or not user.active:
        raise DeviceRevoked()
    if device.last_seen_at is None or now - _utc(device.last_seen_at) > LAST_SEEN_RESOLUTION:
        device.last_seen_at = now
    note_app(device, app)
    return _caller(device, user, organisation, place)


class EnrollmentFailed(EnrollmentRefused):
    pass


def enroll(
    session: Session,
    request: EnrollRequest,
    key: bytes,
    hasher: Hasher,
    now: datetime,
    app: AppSaid | None = None,
) -> EnrollResponse:
    code = session.execute(
        select(EnrollmentCode)
        .where(EnrollmentCode.digest == code_digest(key, request.code))
        .with_for_update()
    ).scalar_one_or_none()
    if code is None or code.used_at is not None or _utc(code.expires_at) <= now:
        raise EnrollmentFailed()
    user = session.get(User, code.user_id)
    if user is None or not user.active:
        raise EnrollmentFailed()
    device_id = uuid.uuid4()
    credential = new_credential(device_id)
    device = Device(
        id=str(device_id),
        user_id=user.id,
        name=request.device_name,
        secret_hash=hasher.hash(credential.secret),
        created_at=now,
        last_seen_at=now,
    )
    note_app(device, app)
    session.add(device)
    code.used_at, code.device_id = now, device.id
    session.flush()
    caller = caller_for(session, device)
    audit.append(session, audit.Event("enroll", caller=caller), now)
    log.info("device %s enrolled for user %s", device.id, user.id)
    return EnrollResponse(credential=str(credential), identity=caller.identity())


def rotate(session: Session, caller: Caller, hasher: Hasher, now: datetime) -> RotateResponse:
    """A new credential; the old one keeps working until the new one is first used."""
    device = session.get(Device, caller.device_id)
    assert device is not None
    credential = new_credential(uuid.UUID(device.id))
    device.pending_hash = hasher.hash(credential.secret)
    device.rotated_at = now
    audit.append(session, audit.Event("rotate", caller=caller), now)
    return RotateResponse(credential=str(credential))


def revoke(session: Session, device_id: str, now: datetime) -> bool:
    device = session.get(Device, device_id)
    if device is None:
        return False
    if device.revoked_at is None:
        device.revoked_at = now
        audit.append(
            session,
            audit.Event("revoke", user_id=device.user_id, device_id=device.id),
            now,
        )
    return True
