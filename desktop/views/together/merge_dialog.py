"""Merging two registrations of one youth, from a "wie doet wat" notice: which stays, and why."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.services.merges import Merges
from desktop.services.session import Session
from desktop.views.dates import dutch_date
from desktop.views.ops import Ops
from desktop.views.record_dialog import RecordDialog
from desktop.views.trajectories.fields import TextArea
from veldwerk_core.i18n import _
from veldwerk_core.models import Youth, YouthMerge


def _described(youth: Youth) -> str:
    place = " · ".join(part for part in (youth.wijk, youth.school) if part)
    born = _("geboren {date}", date=dutch_date(youth.date_of_birth))
    return f"{youth.full_name} ({born}{', ' + place if place else ''})"


class MergeDialog(RecordDialog):
    """The server carries the merge out at the next sync; it is never undone."""

    def __init__(
        self,
        ops: Ops,
        this: Youth,
        other: Youth,
        notice_id: uuid.UUID | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, _("Registraties samenvoegen"), parent, action=_("&Samenvoegen"))
        self._youths = (this, other)
        self._notice_id = notice_id
        self.say(
            _(
                "Alle signalen, trajecten, screenings en andere gegevens van de registratie die "
                "opgaat, gaan naar de jongere die blijft; lege velden worden aangevuld. De server "
                "voert het uit bij de volgende synchronisatie. Samenvoegen kan niet ongedaan "
                "worden gemaakt."
            )
        )
        self.stays = QComboBox(self)
        self.stays.setAccessibleName(_("Deze registratie blijft"))
        for youth in (this, other):
            self.stays.addItem(_described(youth), youth.id)
        self.reason = TextArea(self)
        self.reason.setAccessibleName(_("Reden"))
        bind, form = self.binding, self.form
        bind.row(form, _("Blijft"), "youth_id", self.stays, required=True)
        bind.row(form, _("Waarom is dit dezelfde jongere?"), "reason", self.reason, required=True)

    def values(self) -> dict[str, Any]:
        return {"kept": self.stays.currentData(), "reason": self.reason.text()}

    def work(self, session: Session, data: dict[str, Any]) -> YouthMerge:
        kept: uuid.UUID = data["kept"]
        merged = next(youth.id for youth in self._youths if youth.id != kept)
        return Merges(session).request(kept, merged, data["reason"], notice_id=self._notice_id)
