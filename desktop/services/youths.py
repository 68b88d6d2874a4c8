"""Use cases around the youth register."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from desktop.i18n import N_
from desktop.models.errors import RecordNotFound, validate_record
from desktop.models.youth import Youth
from desktop.services.session import Session

READ_PURPOSE = N_("Dossier bekeken")


class Youths:
    def __init__(self, session: Session) -> None:
        self._records = session.records

    def create(self, data: Mapping[str, Any]) -> Youth:
        youth = validate_record(Youth, data)
        return self._records.save(youth).record

    def update(self, youth_id: uuid.UUID, changes: Mapping[str, Any]) -> Youth:
        current = self._records.get(Youth, youth_id)
        if current is None:
            raise RecordNotFound()
        merged = {**current.dump(), **changes, "id": str(youth_id)}
        return self._records.save(validate_record(Youth, merged)).record

    def open(self, youth_id: uuid.UUID, *, purpose: str = READ_PURPOSE) -> Youth:
        """Open a youth's record: audited as a read."""
        return self._records.read(Youth, youth_id, purpose=purpose)

    def count(self) -> int:
        return self._records.count(Youth)
