"""Access log entries in the spirit of NEN 7513: who did what with whose record, when, why."""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import Field

from veldwerk_core.i18n import N_
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import Record
from veldwerk_core.models.choice import Choice


class AuditAction(Choice):
    CREATE = ("create", N_("Aangemaakt"))
    UPDATE = ("update", N_("Gewijzigd"))
    DELETE = ("delete", N_("Verwijderd"))
    READ = ("read", N_("Ingezien"))
    EXPORT = ("export", N_("Geëxporteerd"))
    PRINT = ("print", N_("Afgedrukt"))
    UNLOCK = ("unlock", N_("Kluis geopend"))
    LOCK = ("lock", N_("Kluis vergrendeld"))
    REKEY = ("rekey", N_("Wachtwoordzin gewijzigd"))
    SYNC = ("sync", N_("Gesynchroniseerd met de server"))


class AuditEvent(Record):
    """One entry of the local access log. Holds field names, never field values."""

    kind: ClassVar[str] = "audit"
    label: ClassVar[str] = N_("Logregel")

    action: AuditAction = Field(title=N_("Handeling"))
    actor_id: str = Field(min_length=1, title=N_("Gebruiker"))
    actor_role: Role = Field(title=N_("Rol"))
    device_id: str = Field(min_length=1, title=N_("Apparaat"))
    record_kind: str | None = Field(default=None, title=N_("Soort gegeven"))
    record_id: uuid.UUID | None = Field(default=None, title=N_("Gegeven"))
    youth_ids: list[uuid.UUID] = Field(default_factory=list, title=N_("Jongeren"))
    purpose: str = Field(default="", max_length=200, title=N_("Doel van de handeling"))
    fields: list[str] = Field(default_factory=list, title=N_("Velden"))
