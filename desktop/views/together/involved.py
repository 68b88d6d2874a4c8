"""Betrokkenen: who is involved with the youth, with their work contact details."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.services.involvements import Involved, Involvements
from desktop.services.timeline import Timeline
from desktop.views.dates import dutch_date
from desktop.views.ops import Ops
from desktop.views.together.involvement_dialogs import (
    EditInvolvedDialog,
    EndInvolvedDialog,
    NameInvolvedDialog,
)
from desktop.views.together.panel import RecordPanel
from desktop.views.youths.dialogs import InvolvementDialog
from veldwerk_core.i18n import _


def period(involved: Involved) -> str:
    item = involved.involvement
    if item.until:
        return _("{start} tot {end}", start=dutch_date(item.since), end=dutch_date(item.until))
    return _("sinds {date}", date=dutch_date(item.since))


class InvolvedPanel(RecordPanel):
    kind = "involvement"

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        headers = [_("Naam"), _("Rol"), _("Organisatie"), _("Telefoon"), _("E-mail"), _("Periode")]
        super().__init__(_("Betrokkenen"), _("Nog niemand betrokken."), headers, parent)
        self.ops = ops
        self.add_button(_("&Collega of partner…"), "nameInvolved", self.name_involved)
        self.add_button(_("Andere &professional…"), "typeInvolved", self.type_involved)
        self.add_button(_("Wijz&igen…"), "editInvolved", self.edit, lambda r: True, default=True)
        self.add_button(_("B&eëindigen…"), "endInvolved", self.end, lambda r: r.active)
        self.add_button(_("Ve&rwijderen"), "removeInvolved", self.remove, lambda r: True)
        self.finish_buttons()

    @staticmethod
    def record_id(row: Any) -> Any:
        return row.involvement.id

    def rows_of(self, timeline: Timeline) -> list[tuple[Sequence[str], Any]]:
        return [
            (
                [
                    row.involvement.professional,
                    row.involvement.role,
                    row.involvement.organisation,
                    row.phone,
                    row.email,
                    period(row) if row.active else _("beëindigd ({period})", period=period(row)),
                ],
                row,
            )
            for row in timeline.involved
        ]

    def describe(self, row: Any) -> str:
        if row.colleague is not None:
            return _("Collega in Veldwerk: ziet de jongere zolang de betrokkenheid loopt.")
        if row.partner is not None:
            return _("Partner zonder Veldwerk: krijgt niets via de app; neem contact op.")
        return ""

    def name_involved(self) -> None:
        if self.timeline is not None:
            NameInvolvedDialog(self.ops, self.timeline.youth, self.window()).show()

    def type_involved(self) -> None:
        if self.timeline is not None:
            InvolvementDialog(self.ops, self.timeline.youth, None, self.window()).show()

    def edit(self) -> None:
        EditInvolvedDialog(self.ops, self.current(), self.window()).show()

    def end(self) -> None:
        EndInvolvedDialog(self.ops, self.current(), self.window()).show()

    def remove(self) -> None:
        row: Involved = self.current()
        answer = QMessageBox.question(
            self,
            _("Betrokkene verwijderen"),
            _(
                "{name} verwijderen als betrokkene? Er blijft geen geschiedenis van bewaard; "
                "beëindigen bewaart die wel.",
                name=row.involvement.professional,
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            involvement_id = row.involvement.id
            self.ops.run(lambda s: Involvements(s).remove(involvement_id), owner=self)
