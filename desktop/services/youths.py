"""Use cases around the youth register."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from desktop.i18n import N_
from desktop.models.youth import Youth
from desktop.services.session import Session

READ_PURPOSE = N_("Dossier bekeken")


class Youths:
    def __init__(self, session: Session) -> None:
        self._records = session.records

    def create(self, data: Mapping[str, Any]) -> Youth:
        return self._records.create(Youth, data).record

    def update(self, youth_id: uuid.UUID, changes: Mapping[str, Any]) -> Youth:
        return self._records.update(Youth, youth_id, changes).record

    def open(self, youth_id: uuid.UUID, *, purpose: str = READ_PURPOSE) -> Youth:
        """Open a youth's record: audited as a read."""
        return self._records.read(Youth, youth_id, purpose=purpose)

    def count(self) -> int:
        return self._records.count(Youth)
