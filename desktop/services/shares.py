"""Sharing a signal with another organisation (or the municipality's regisseur).

Every share records its legal basis and purpose, and whether the youth (12 and older) and the
parents (youth under 16) were informed; consent as the basis names the consent it rests on.
The recipient sees who shared it, from which organisation, on what basis and for what.
Withdrawing a share (or the consent under it) removes the signal from the recipient's vault
at their next sync; the share itself stays, as history.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from desktop.services.consents import Consents
from desktop.services.days import today
from desktop.services.directory import Directory
from desktop.services.session import Session
from desktop.services.validation import collect
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import Signal, Youth
from veldwerk_core.models.errors import (
    ChangeRefused,
    FieldError,
    RecordInvalid,
    RecordNotFound,
    field_label,
)
from veldwerk_core.models.sharing import Consent, Informed, Share, informed_needed
from veldwerk_core.models.signal import LegalBasis

__all__ = ["InformRule", "Informed", "LegalBasis", "SharedSignal", "Shares"]


@dataclass(frozen=True)
class InformRule:
    """Which of the two "informed" answers must be yes or no (not "not applicable")."""

    youth: bool
    """A youth of 12 or older is concerned."""
    parents: bool
    """A youth under 16 is concerned."""


@dataclass(frozen=True)
class SharedSignal:
    share: Share
    incoming: bool
    """Shared with the user's organisation (else: shared by it)."""
    active: bool
    """Not withdrawn, not past its end, and its consent (if any) still valid here."""


class Shares:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def inform_rule(self, signal_id: uuid.UUID) -> InformRule:
        """What the youths' ages ask of a share of this signal (a signal without known
        youths asks both answers)."""
        signal = self._signal(signal_id)
        youths = [y for i in signal.youth_ids if (y := self._records.get(Youth, i)) is not None]
        if not youths:
            return InformRule(youth=True, parents=True)
        day = today(self._session)
        needs = [informed_needed(youth.age(day)) for youth in youths]
        return InformRule(youth=any(n[0] for n in needs), parents=any(n[1] for n in needs))

    def share(
        self,
        signal_id: uuid.UUID,
        organisation_id: str,
        *,
        legal_basis: LegalBasis | str | None,
        purpose: str,
        youth_informed: Informed | str | None,
        parents_informed: Informed | str | None,
        consent_id: uuid.UUID | None = None,
        until: date | None = None,
    ) -> Share:
        """Share the signal with an organisation of the directory. Every problem is reported
        at once, each at its field (``organisation_id``, ``legal_basis``, ``purpose``,
        ``youth_informed``, ``parents_informed``, ``consent_id``, ``until``)."""
        signal = self._signal(signal_id)
        directory = Directory(self._session)
        directory.require()
        errors: list[FieldError] = []
        rule = self.inform_rule(signal_id)
        organisation = next(
            (o for o in directory.organisations() if o.id == str(organisation_id)), None
        )
        if organisation is None:
            _fail(errors, "organisation_id", N_("Kies een organisatie uit het adresboek."))
        elif organisation.id == directory.my_organisation_id:
            _fail(errors, "organisation_id", N_("Dit is je eigen organisatie; kies een andere."))
        elif any(
            s.active and not s.incoming and s.share.organisation_id == uuid.UUID(organisation.id)
            for s in self.for_signal(signal_id)
        ):
            _fail(errors, "organisation_id", N_("Dit signaal is al gedeeld met deze organisatie."))
        if signal.organisation and signal.organisation != self._session.profile.organisation:
            _fail(
                errors,
                "signal_id",
                N_("Alleen de organisatie die het signaal vastlegde, kan het delen."),
            )
        informed = {
            "youth_informed": _informed(errors, "youth_informed", youth_informed, rule.youth),
            "parents_informed": _informed(
                errors, "parents_informed", parents_informed, rule.parents
            ),
        }
        if str(legal_basis or "") == LegalBasis.CONSENT.value and consent_id is not None:
            self._check_consent(errors, signal, consent_id)
        data = {
            "signal_id": str(signal_id),
            "organisation_id": organisation.id if organisation else str(organisation_id),
            "organisation_name": organisation.name if organisation else "-",
            **informed,
            "consent_id": str(consent_id) if consent_id else None,
            "until": until,
            "shared_by": self._session.profile.name,
            "shared_by_organisation": self._session.profile.organisation,
        }
        if legal_basis:  # none chosen: "is verplicht", not "onbekende waarde"
            data["legal_basis"] = str(legal_basis)
        if purpose.strip():  # nothing typed: "is verplicht", not "te kort"
            data["purpose"] = purpose
        checked: list[FieldError] = []
        collect(Share, data, "", checked)
        known = {error.field for error in errors}
        errors += [error for error in checked if error.field not in known]
        if errors:
            raise RecordInvalid(Share.label, errors)
        return self._records.create(Share, data).record

    def withdraw(self, share_id: uuid.UUID, reason: str, *, on: date | None = None) -> Share:
        """Stop sharing from ``on`` (default today); the recipient's copy leaves at their
        next sync. Only the sharing organisation withdraws."""
        found = self.get(share_id)
        if _incoming(found, Directory(self._session).my_organisation_id):
            raise ChangeRefused(
                N_("Alleen de organisatie die het signaal deelde, kan het delen intrekken.")
            )
        if found.withdrawn:
            raise ChangeRefused(N_("Dit delen is al ingetrokken."))
        day = on or today(self._session)
        return self._records.update(
            Share, share_id, {"withdrawn_on": day.isoformat(), "withdrawal_reason": reason}
        ).record

    # -- reading -------------------------------------------------------------------------

    def get(self, share_id: uuid.UUID) -> Share:
        found = self._records.get(Share, share_id)
        if found is None:
            raise RecordNotFound()
        return found

    def for_signal(self, signal_id: uuid.UUID) -> list[SharedSignal]:
        found = self._records.select(Share, "signal_id = ?", (str(signal_id),))
        return self._described(found)

    def for_youth(self, youth_id: uuid.UUID) -> list[SharedSignal]:
        """Shares of every signal about the youth, in and out, newest first."""
        found = self._records.select(
            Share,
            "signal_id IN (SELECT signal_id FROM signal_youth WHERE youth_id = ?)",
            (str(youth_id),),
        )
        return self._described(found)

    def _described(self, shares: list[Share]) -> list[SharedSignal]:
        day = today(self._session)
        mine = Directory(self._session).my_organisation_id
        consents = {
            c.id: c
            for c in self._records.select(Consent)
            if any(s.consent_id == c.id for s in shares)
        }
        rows = []
        for share in shares:
            consent = consents.get(share.consent_id) if share.consent_id else None
            active = (
                not share.withdrawn
                and (share.until is None or day <= share.until)
                and (consent is None or consent.valid_on(day))
            )
            rows.append(SharedSignal(share, _incoming(share, mine), active))
        return sorted(rows, key=lambda r: r.share.created_at, reverse=True)

    def _signal(self, signal_id: uuid.UUID) -> Signal:
        signal = self._records.get(Signal, signal_id)
        if signal is None:
            raise RecordNotFound()
        return signal

    def _check_consent(
        self, errors: list[FieldError], signal: Signal, consent_id: uuid.UUID
    ) -> None:
        consent = self._records.get(Consent, consent_id)
        if consent is None or consent.youth_id not in signal.youth_ids:
            _fail(errors, "consent_id", N_("Kies een toestemming van de jongere van dit signaal."))
        elif consent not in Consents(self._session).valid_for(consent.youth_id):
            _fail(
                errors,
                "consent_id",
                N_(
                    "Deze toestemming geldt niet (meer): ingetrokken, verlopen of nog niet gegeven."
                ),
            )


def _incoming(share: Share, my_organisation_id: str | None) -> bool:
    return my_organisation_id is not None and str(share.organisation_id) == my_organisation_id


def _fail(errors: list[FieldError], field: str, message: str) -> None:
    label = field_label(Share, [field])
    errors.append(FieldError(field, label, _(message, label=label)))


def _informed(
    errors: list[FieldError], field: str, value: Informed | str | None, needed: bool
) -> str | None:
    """The answer to store; an error when the age asks yes or no and it is not."""
    if value is None or value == "":
        if not needed:
            return Informed.NOT_APPLICABLE.value
        message = (
            N_("Geef aan of de jongere is geïnformeerd: verplicht vanaf 12 jaar.")
            if field == "youth_informed"
            else N_("Geef aan of de ouders zijn geïnformeerd: verplicht onder 16 jaar.")
        )
        _fail(errors, field, message)
        return None
    if needed and str(value) == Informed.NOT_APPLICABLE.value:
        _fail(
            errors, field, N_("{label}: kies ja of nee; gezien de leeftijd is dit van toepassing.")
        )
    return str(value)
