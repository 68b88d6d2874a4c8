"""A vault that knows its municipality's directory, without a server: what an enrollment and
a first sync leave behind (the identity, the configuration with colleagues and partners),
stored through the same functions they use. For the working-together service tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from desktop.services.config import configuration
from desktop.services.session import Session
from desktop.services.sync import store_enrollment
from desktop.store import sync_state
from veldwerk_core.models import Signal, Youth
from veldwerk_core.models.actor import Role
from veldwerk_core.models.directory import Colleague, Partner, PartnerKind
from veldwerk_core.protocol import ConfigResponse, EnrollResponse, Identity

MUNICIPALITY = uuid.UUID("0190a000-0000-7000-8000-000000000001")


@dataclass(frozen=True)
class Org:
    id: str
    name: str


YOUTH_WORK = Org("0190a000-0000-7000-8000-0000000000a1", "Jongerenwerk Veldstad")
ENFORCEMENT = Org("0190a000-0000-7000-8000-0000000000a2", "Handhaving Veldstad")
SCHOOL = Org("0190a000-0000-7000-8000-0000000000a3", "Het Veldcollege")
MUNICIPAL = Org("0190a000-0000-7000-8000-0000000000a4", "Gemeente Veldstad")


def _colleague(number: int, name: str, role: Role, org: Org) -> Colleague:
    return Colleague(
        user_id=f"0190a000-0000-7000-8000-00000000010{number}",
        name=name,
        role=role,
        organisation_id=org.id,
        organisation=org.name,
        phone=f"038-123456{number}",
        email=f"{name.split()[0].lower()}@veldstad.example",
    )


WORKER = _colleague(1, "Sanne de Boer", Role.YOUTH_WORKER, YOUTH_WORK)
BOA = _colleague(2, "Bram Jansen", Role.YOUTH_BOA, ENFORCEMENT)
COORDINATOR = _colleague(3, "Fatma Yilmaz", Role.SCHOOL_COORDINATOR, SCHOOL)
REGISSEUR = _colleague(4, "Ruud van Dijk", Role.COORDINATOR, MUNICIPAL)
COLLEAGUES = (WORKER, BOA, COORDINATOR, REGISSEUR)
POLICE = Partner(
    name="Politie Veldstad",
    kind=PartnerKind.POLICE,
    contact="Wijkagent Noord",
    phone="0900-8844",
    email="wijkagent@politie.example",
)
HALT = Partner(name="Halt Veldstad", kind=PartnerKind.HALT, contact="Halt-medewerker")


def with_directory(session: Session, me: Colleague = WORKER) -> Session:
    """Make ``session`` the vault of ``me``, enrolled, with the directory in its
    configuration (no server: the credential is never used)."""
    identity = Identity(
        user_id=uuid.UUID(me.user_id),
        name=me.name,
        role=me.role,
        organisation_id=uuid.UUID(me.organisation_id),
        organisation=me.organisation,
        municipality_id=MUNICIPALITY,
        municipality="Veldstad",
        device_id=uuid.uuid4(),
        device_name="laptop-test",
    )
    store_enrollment(
        session,
        "http://127.0.0.1:9",
        EnrollResponse(credential="unused", identity=identity),
    )
    bundled = configuration()
    config = ConfigResponse(
        version="test",
        taxonomy=bundled.taxonomy,
        places=bundled.places,
        rules=bundled.rules,
        colleagues=list(COLLEAGUES),
        partners=[POLICE, HALT],
    )
    sync_state.save_config(session.vault, config, session.clock())
    return session


def born(age: int) -> date:
    """A date of birth that makes someone ``age`` today (30 days past their birthday)."""
    today = date.today()
    return date(today.year - age, today.month, min(today.day, 28)) - timedelta(days=30)


def add_youth(session: Session, first: str = "Daan", age: int = 14, **data: object) -> Youth:
    from desktop.services.youths import Youths

    return Youths(session).create(
        {"first_name": first, "last_name": "Visser", "date_of_birth": born(age), **data}
    )


def record_signal(session: Session, *youths: Youth) -> Signal:
    """A signal about school absence (medium severity, covenant) recorded yesterday."""
    from desktop.services.signals import Signals

    data: dict[str, Any] = {
        "occurred_at": datetime.now(UTC) - timedelta(days=1),
        "place": {"place_kind": "wijk", "wijk": "Noord"},
        "life_domain": "school",
        "category": "schoolverzuim",
        "description": "Drie ochtenden niet op school, gezien bij het station.",
        "youth_ids": [str(youth.id) for youth in youths],
        "severity": "medium",
        "legal_basis": "covenant",
    }
    return Signals(session).record(data).signal
