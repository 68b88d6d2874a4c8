"""Handing a youth (or a coaching trajectory) over to a colleague, who accepts or declines.

Only who may change the youth hands it over (its owner, the regisseur). While offered, the
handover gives the colleague the youth, to decide; on acceptance the
ownership (and for a trajectory the coach role) moves to them - the server makes that change;
declined, it gives nothing. Both keep the handover as history.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, ClassVar

from pydantic import Field

from veldwerk_core.i18n import N_
from veldwerk_core.models.base import DutchDate, Record
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import ChangeRefused
from veldwerk_core.models.links import Grant, Ownership, Stamp, belongs_to, refers_to


class HandoverStatus(Choice):
    OFFERED = ("offered", N_("Aangeboden"))
    ACCEPTED = ("accepted", N_("Geaccepteerd"))
    DECLINED = ("declined", N_("Afgewezen"))


class Handover(Record):
    kind: ClassVar[str] = "handover"
    label: ClassVar[str] = N_("Overdracht")
    links = (belongs_to("youth_id", "youth"), refers_to("trajectory_id", "trajectory"))
    grant = Grant(user="to_user_id")
    ownership = Ownership(of_parent=True, addressee="to_user_id")
    stamps = (Stamp("from_name", "user_name"), Stamp("from_organisation", "organisation"))
    scope_inputs: ClassVar[tuple[str, ...]] = ("youth_id", "to_user_id", "status")

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    trajectory_id: uuid.UUID | None = Field(default=None, title=N_("Traject"))
    to_user_id: str = Field(min_length=1, max_length=64, title=N_("Aan"))
    to_name: str = Field(min_length=1, max_length=150, title=N_("Aan"))
    to_organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))
    note: str = Field(default="", max_length=2000, title=N_("Overdrachtsnotitie"))
    status: HandoverStatus = Field(default=HandoverStatus.OFFERED, title=N_("Status"))
    decided_on: DutchDate | None = Field(default=None, title=N_("Besloten op"))
    decision_note: str = Field(default="", max_length=1000, title=N_("Toelichting"))
    from_name: str = Field(default="", max_length=120, title=N_("Van"))
    from_organisation: str = Field(default="", max_length=150, title=N_("Van organisatie"))

    @classmethod
    def grant_period(cls, data: dict[str, Any]) -> tuple[str, str | None] | None:
        """Offered or accepted: the colleague has the youth; declined: nothing."""
        if data.get("status") == HandoverStatus.DECLINED.value:
            return None
        since = str(data.get("created_at", ""))[:10]
        return (since, None) if since else None

    def check_change(self, previous: Handover) -> None:
        if previous.status is not HandoverStatus.OFFERED:
            raise ChangeRefused(N_("Over deze overdracht is al besloten."))
        if (self.youth_id, self.trajectory_id, self.to_user_id) != (
            previous.youth_id,
            previous.trajectory_id,
            previous.to_user_id,
        ):
            raise ChangeRefused(N_("Een overdracht gaat altijd over dezelfde jongere en collega."))

    @property
    def decided(self) -> bool:
        return self.status is not HandoverStatus.OFFERED

    def decide(self, accept: bool, on: date, note: str = "") -> dict[str, Any]:
        """The change that accepts or declines it."""
        status = HandoverStatus.ACCEPTED if accept else HandoverStatus.DECLINED
        return {"status": status.value, "decided_on": on.isoformat(), "decision_note": note}
