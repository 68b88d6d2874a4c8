"""Gedeeld and Toestemmingen: what of the youth was shared, with whom, on what basis; and
the consents sharing may rest on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.services.consents import Consent, Consents
from desktop.services.shares import SharedSignal, Shares
from desktop.services.timeline import Timeline
from desktop.views.dates import dutch_date
from desktop.views.ops import Ops
from desktop.views.together.consent_dialog import ConsentDialog
from desktop.views.together.note_dialog import NoteDialog
from desktop.views.together.panel import RecordPanel
from veldwerk_core.i18n import _


def informed_text(shared: SharedSignal) -> str:
    share = shared.share
    return _(
        "jongere: {youth}; ouders: {parents}",
        youth=share.youth_informed.label.lower(),
        parents=share.parents_informed.label.lower(),
    )


def share_state(shared: SharedSignal) -> str:
    if shared.share.withdrawn:
        return _("ingetrokken op {date}", date=dutch_date(shared.share.withdrawn_on))
    return _("loopt") if shared.active else _("verlopen")


class SharesPanel(RecordPanel):
    kind = "share"

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        headers = [
            _("Richting"),
            _("Gedeeld door"),
            _("Met"),
            _("Grondslag"),
            _("Doel"),
            _("Geïnformeerd"),
            _("Status"),
        ]
        super().__init__(_("Gedeelde signalen"), _("Nog niets gedeeld."), headers, parent)
        self.ops = ops
        self.add_button(
            _("&Intrekken…"),
            "withdrawShare",
            self.withdraw,
            lambda r: not r.incoming and not r.share.withdrawn,
            default=True,
        )
        self.add_button(_("Sig&naal openen"), "openSharedSignal", self.open_signal, lambda r: True)
        self.finish_buttons()
        self.sig_open: Any = None

    @staticmethod
    def record_id(row: Any) -> Any:
        return row.share.id

    def rows_of(self, timeline: Timeline) -> list[tuple[Sequence[str], Any]]:
        rows: list[tuple[Sequence[str], Any]] = []
        for shared in timeline.shares:
            share = shared.share
            rows.append(
                (
                    [
                        _("ontvangen") if shared.incoming else _("gedeeld"),
                        f"{share.shared_by} ({share.shared_by_organisation})",
                        share.organisation_name,
                        share.legal_basis.label,
                        share.purpose,
                        informed_text(shared),
                        share_state(shared),
                    ],
                    shared,
                )
            )
        return rows

    def describe(self, row: Any) -> str:
        share = row.share
        if share.withdrawn:
            return _("Reden van intrekken: {reason}", reason=share.withdrawal_reason)
        if row.incoming:
            return _(
                "Gedeeld met jouw organisatie door {name} ({organisation}) op "
                "{date}, grondslag: {basis}.",
                name=share.shared_by,
                organisation=share.shared_by_organisation,
                date=dutch_date(share.created_at.date()),
                basis=share.legal_basis.label,
            )
        return ""

    def withdraw(self) -> None:
        share = self.current().share
        NoteDialog(
            self.ops,
            _("Delen intrekken"),
            _(
                "{organisation} houdt het signaal tot de volgende synchronisatie; daarna "
                "verdwijnt het daar. Het delen blijft bewaard als geschiedenis.",
                organisation=share.organisation_name,
            ),
            ("withdrawal_reason", _("Reden van intrekken")),
            lambda session, note: Shares(session).withdraw(share.id, note),
            action=_("Intrekken"),
            parent=self.window(),
        ).show()

    def open_signal(self) -> None:
        if self.sig_open is not None:
            self.sig_open("signal", self.current().share.signal_id)


class ConsentsPanel(RecordPanel):
    kind = "consent"

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        headers = [
            _("Wie"),
            _("Naam"),
            _("Waarvoor"),
            _("Gegeven op"),
            _("Geldig tot"),
            _("Status"),
        ]
        super().__init__(_("Toestemmingen"), _("Nog geen toestemming vastgelegd."), headers, parent)
        self.ops = ops
        self.add_button(_("&Nieuwe toestemming…"), "recordConsent", self.record)
        self.add_button(
            _("&Intrekken…"),
            "withdrawConsent",
            self.withdraw,
            lambda r: r.withdrawn_on is None,
            default=True,
        )
        self.finish_buttons()

    def rows_of(self, timeline: Timeline) -> list[tuple[Sequence[str], Any]]:
        return [
            (
                [
                    consent.giver.label,
                    consent.given_by,
                    consent.for_what,
                    dutch_date(consent.given_on),
                    dutch_date(consent.until) or _("onbepaald"),
                    _("ingetrokken op {date}", date=dutch_date(consent.withdrawn_on))
                    if consent.withdrawn_on
                    else _("geldt"),
                ],
                consent,
            )
            for consent in timeline.consents
        ]

    def describe(self, row: Any) -> str:
        return row.withdrawal_note and _("Toelichting: {note}", note=row.withdrawal_note)

    def record(self) -> None:
        if self.timeline is not None:
            ConsentDialog(self.ops, self.timeline.youth, self.window()).show()

    def withdraw(self) -> None:
        consent: Consent = self.current()
        NoteDialog(
            self.ops,
            _("Toestemming intrekken"),
            _(
                "Wat op deze toestemming gedeeld is, wordt ingetrokken: de ontvangers houden "
                "het tot hun volgende synchronisatie."
            ),
            ("withdrawal_note", _("Hoe en waarom")),
            lambda session, note: Consents(session).withdraw(consent.id, note),
            action=_("Intrekken"),
            parent=self.window(),
        ).show()
