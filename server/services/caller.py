"""The authenticated identity behind a request: device, user, organisation, municipality."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from veldwerk_core.models.actor import Role
from veldwerk_core.protocol import Identity


@dataclass(frozen=True)
class Caller:
    device_id: str
    device_name: str
    user_id: str
    user_name: str
    role: Role
    organisation_id: str
    organisation_name: str
    school_name: str | None
    municipality_id: str
    municipality_name: str
    coordinator_scope: str

    @property
    def is_administrator(self) -> bool:
        return self.role is Role.ADMINISTRATOR

    def identity(self) -> Identity:
        return Identity(
            user_id=uuid.UUID(self.user_id),
            name=self.user_name,
            role=self.role,
            organisation_id=uuid.UUID(self.organisation_id),
            organisation=self.organisation_name,
            municipality_id=uuid.UUID(self.municipality_id),
            municipality=self.municipality_name,
            device_id=uuid.UUID(self.device_id),
            device_name=self.device_name,
        )
