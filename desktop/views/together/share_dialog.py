"""Sharing a signal with another organisation: with whom, on what legal basis, for what, and
whether the youth and the parents were told - all of it required, as the law asks.

Everything is checked at once by the service and each problem shows at its field; nothing
typed is lost. With consent as the basis, a consent of the youth is chosen - or recorded
here first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.services.consents import Consent, Consents
from desktop.services.session import Session
from desktop.services.shares import Informed, InformRule, LegalBasis, Shares
from desktop.views.dates import dutch_date
from desktop.views.field_values import choices, select
from desktop.views.ops import Ops
from desktop.views.record_dialog import RecordDialog
from desktop.views.together.consent_dialog import ConsentDialog
from desktop.views.together.fields import Known, OptionalDate, known
from veldwerk_core.i18n import _
from veldwerk_core.models import Share, Youth
from veldwerk_core.models import Signal as SignalRecord


@dataclass(frozen=True)
class _Offer:
    known: Known
    rule: InformRule
    consents: tuple[Consent, ...]


def _offer(session: Session, signal: SignalRecord) -> _Offer:
    consents = Consents(session)
    valid = [c for youth_id in signal.youth_ids for c in consents.valid_for(youth_id)]
    return _Offer(known(session), Shares(session).inform_rule(signal.id), tuple(valid))


def consent_label(consent: Consent) -> str:
    return _(
        "{giver} {name}, {date}: {what}",
        giver=consent.giver.label,
        name=consent.given_by,
        date=dutch_date(consent.given_on),
        what=consent.for_what,
    )


class ShareDialog(RecordDialog):
    def __init__(
        self,
        ops: Ops,
        signal: SignalRecord,
        youths: list[Youth],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, _("Signaal delen"), parent, action=_("Delen"))
        self.setMinimumWidth(560)
        self._signal = signal
        self._youths = youths
        self.organisation = QComboBox(self)
        self.organisation.addItem(_("Kies een organisatie…"), None)
        self.basis = QComboBox(self)
        choices(self.basis, LegalBasis.options(), _("Kies de grondslag…"))
        self.consent = QComboBox(self)
        self.consent.setAccessibleName(_("Toestemming"))
        self.record_consent = QPushButton(_("Toestemming &vastleggen…"), self)
        self.record_consent.setObjectName("recordConsentHere")
        self.record_consent.setEnabled(bool(youths))
        self.record_consent.clicked.connect(self._record_consent)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent, 1)
        consent_row.addWidget(self.record_consent)
        self.purpose = QLineEdit(self)
        self.purpose.setPlaceholderText(_("waarvoor de ontvanger het signaal nodig heeft"))
        self.youth_informed = QComboBox(self)
        self.parents_informed = QComboBox(self)
        for combo in (self.youth_informed, self.parents_informed):
            choices(combo, Informed.options(), _("Kies…"))
        self.until = OptionalDate(_("tijdelijk, tot"), self)
        bind, form = self.binding, self.form
        bind.row(form, _("Delen met"), "organisation_id", self.organisation, required=True)
        bind.row(form, _("Grondslag"), "legal_basis", self.basis, required=True)
        consent = bind.add("consent_id", self.consent)
        bind.shared_row(form, _("Toestemming"), consent_row, [consent])
        bind.row(form, _("Doel van delen"), "purpose", self.purpose, required=True)
        bind.row(form, _("Jongere geïnformeerd"), "youth_informed", self.youth_informed)
        bind.row(form, _("Ouders geïnformeerd"), "parents_informed", self.parents_informed)
        bind.row(form, _("Gedeeld tot"), "until", self.until, edited=self.until.edit_signals())
        self.basis.currentIndexChanged.connect(self._basis_changed)
        self._basis_changed()
        ops.run(lambda session: _offer(session, signal), on_success=self._offered, owner=self)

    def _offered(self, offer: _Offer) -> None:
        self.say(offer.known.no_directory)
        for organisation in offer.known.organisations:
            if organisation.id == offer.known.my_organisation_id:
                continue
            label = organisation.name
            if organisation.regisseur:
                label = _("{name} (regisseur)", name=organisation.name)
            self.organisation.addItem(label, organisation.id)
        self._show_consents(offer.consents)
        for combo, needed, label in (
            (self.youth_informed, offer.rule.youth, _("verplicht: de jongere is 12 of ouder")),
            (
                self.parents_informed,
                offer.rule.parents,
                _("verplicht: de jongere is jonger dan 16"),
            ),
        ):
            combo.setToolTip(label if needed else "")
            name = self.form.labelForField(combo)
            if not needed:
                select(combo, Informed.NOT_APPLICABLE.value)
            elif isinstance(name, QLabel):
                name.setText(f"{name.text()} *")

    def _show_consents(
        self, consents: tuple[Consent, ...], chosen: uuid.UUID | None = None
    ) -> None:
        self.consent.clear()
        self.consent.addItem(
            _("Kies een toestemming…") if consents else _("Geen geldige toestemming"), None
        )
        for consent in consents:
            self.consent.addItem(consent_label(consent), str(consent.id))
        if chosen is not None:
            select(self.consent, str(chosen))

    def _basis_changed(self) -> None:
        on_consent = self.basis.currentData() == LegalBasis.CONSENT.value
        self.consent.setEnabled(on_consent)

    def _record_consent(self) -> None:
        dialog = ConsentDialog(self._ops, self._youths[0], self, for_what=self.purpose.text())
        dialog.sig_saved.connect(self._consent_recorded)
        dialog.show()

    def _consent_recorded(self, consent: Consent) -> None:
        select(self.basis, LegalBasis.CONSENT.value)
        signal = self._signal
        self._ops.run(
            lambda session: _offer(session, signal).consents,
            on_success=lambda consents: self._show_consents(consents, consent.id),
            owner=self,
        )

    def values(self) -> dict[str, Any]:
        consent = self.consent.currentData() if self.consent.isEnabled() else None
        return {
            "organisation_id": str(self.organisation.currentData() or ""),
            "legal_basis": self.basis.currentData(),
            "purpose": self.purpose.text(),
            "youth_informed": self.youth_informed.currentData(),
            "parents_informed": self.parents_informed.currentData(),
            "consent_id": uuid.UUID(consent) if consent else None,
            "until": self.until.value(),
        }

    def work(self, session: Session, data: dict[str, Any]) -> Share:
        return Shares(session).share(self._signal.id, **data)
