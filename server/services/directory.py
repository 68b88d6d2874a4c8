"""The directory devices receive with the configuration: the municipality's professionals
(work contacts only) and its partners without an account (``partners.yaml``)."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db_models import Organisation, User
from veldwerk_core.models.actor import Role
from veldwerk_core.models.config import parse_config
from veldwerk_core.models.directory import Colleague, Partner, Partners
from veldwerk_core.protocol import ConfigResponse
from veldwerk_core.resources import resource

PARTNERS = "partners.yaml"


def colleagues(session: Session, municipality_id: str) -> list[Colleague]:
    """Active users with a case role, of the municipality's organisations."""
    rows = session.execute(
        select(User, Organisation)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(
            Organisation.municipality_id == municipality_id,
            User.active.is_(True),
            User.role != Role.ADMINISTRATOR.value,
        )
        .order_by(Organisation.name, User.name)
    )
    return [
        Colleague(
            user_id=user.id,
            name=user.name,
            role=Role(user.role),
            organisation_id=organisation.id,
            organisation=organisation.name,
            phone=user.phone,
            email=user.email,
        )
        for user, organisation in rows
    ]


@cache
def partners(folder: Path | None) -> tuple[Partner, ...]:
    path = (folder or resource("config")) / PARTNERS
    if not path.exists():
        path = resource("config", PARTNERS)
    if not path.exists():
        return ()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(parse_config(Partners, data, PARTNERS).partners)


def with_directory(
    config: ConfigResponse, session: Session, municipality_id: str, folder: Path | None
) -> ConfigResponse:
    """The configuration with the directory in it; its version changes with the directory."""
    people = colleagues(session, municipality_id)
    listed = list(partners(folder))
    digest = hashlib.sha256(
        json.dumps(
            [config.version]
            + [person.model_dump(mode="json") for person in people]
            + [partner.model_dump(mode="json") for partner in listed],
            sort_keys=True,
        ).encode()
    ).hexdigest()[:16]
    return config.model_copy(update={"colleagues": people, "partners": listed, "version": digest})
