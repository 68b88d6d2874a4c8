"""Recording signals, correcting them (a new version; the old one stays), finding them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from desktop.models.filters import SignalFilter
from desktop.models.listing import SignalRow
from desktop.services.config import configuration
from desktop.services.flags import Flags
from desktop.services.session import Session
from desktop.store import drafts, signal_queries
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import PlaceKind, Signal
from veldwerk_core.models.config import Places, Taxonomy
from veldwerk_core.models.errors import FieldError, RecordInvalid, RecordNotFound, field_label

READ_PURPOSE = N_("Signaal bekeken")
COUNT_CAP = 1000


@dataclass(frozen=True)
class Recorded:
    signal: Signal
    flagged_youth_ids: tuple[uuid.UUID, ...]
    """Youths for whom a combination rule holds after this signal."""


class Signals:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._config = configuration()

    def defaults(self) -> dict[str, Any]:
        """What a new signal starts with: now, own name, role, organisation and wijk."""
        profile = self._session.profile
        return {
            "occurred_at": self._session.clock().replace(second=0, microsecond=0),
            "place": {"place_kind": PlaceKind.WIJK.value, "wijk": profile.wijk},
            "recorded_by": profile.name,
            "recorded_role": profile.role.value,
            "organisation": profile.organisation,
        }

    def record(self, data: Mapping[str, Any], *, draft_key: str | None = None) -> Recorded:
        """Save a new signal and evaluate the combination rules for the youths it concerns.

        The form's draft (``draft_key``) goes in the same transaction: a crash leaves either
        the draft or the signal, never a draft of a saved signal."""
        complete = {**self.defaults(), **data}
        self._check_terms(complete)
        with self._session.vault.transaction():
            signal = self._session.records.create(Signal, complete).record
            flags = Flags(self._session).refresh(signal.youth_ids)
            if draft_key is not None:
                drafts.discard(self._session.vault, draft_key)
        return Recorded(signal, tuple(dict.fromkeys(flag.youth_id for flag in flags)))

    def correct(
        self,
        signal_id: uuid.UUID,
        changes: Mapping[str, Any],
        reason: str,
        *,
        draft_key: str | None = None,
    ) -> Recorded:
        """Record a correction: a new version that replaces the signal; the old one is kept.
        Like :meth:`record`, one transaction with the draft."""
        with self._session.vault.transaction():
            return self._correct(signal_id, changes, reason, draft_key)

    def _correct(
        self, signal_id: uuid.UUID, changes: Mapping[str, Any], reason: str, draft_key: str | None
    ) -> Recorded:
        current = self.get(signal_id)
        if signal_queries.superseded(self._session.vault, [signal_id]):
            raise RecordInvalid(
                Signal.label,
                [
                    FieldError(
                        "supersedes_id",
                        field_label(Signal, ["supersedes_id"]),
                        _("Dit signaal is al gecorrigeerd; corrigeer de nieuwste versie."),
                    )
                ],
            )
        data = {
            key: value
            for key, value in current.dump().items()
            if key not in ("id", "created_at", "updated_at")
        }
        data.update(changes)
        data.update(supersedes_id=str(signal_id), correction_reason=reason)
        data.setdefault("recorded_by", self._session.profile.name)
        recorded = self.record(data, draft_key=draft_key)
        Flags(self._session).refresh(current.youth_ids)
        return recorded

    def get(self, signal_id: uuid.UUID) -> Signal:
        signal = self._session.records.get(Signal, signal_id)
        if signal is None:
            raise RecordNotFound()
        return signal

    def open(self, signal_id: uuid.UUID) -> Signal:
        """A signal a person opens: audited as a read of the youths it concerns."""
        return self._session.records.read(Signal, signal_id, purpose=READ_PURPOSE)

    def versions(self, signal_id: uuid.UUID) -> list[Signal]:
        return signal_queries.versions(self._session.vault, signal_id)

    def page(self, spec: SignalFilter, offset: int, limit: int) -> list[Signal]:
        return signal_queries.page(self._session.vault, spec, offset, limit)

    def rows(self, spec: SignalFilter, offset: int, limit: int) -> list[SignalRow]:
        """The light rows a list shows (see :mod:`desktop.models.listing`)."""
        return signal_queries.rows(self._session.vault, spec, offset, limit)

    def count(self, spec: SignalFilter) -> int:
        return signal_queries.count(self._session.vault, spec, COUNT_CAP)

    def for_youth(self, youth_id: uuid.UUID, *, current_only: bool = True) -> list[Signal]:
        spec = SignalFilter(youth_id=youth_id, current_only=current_only)
        return signal_queries.page(self._session.vault, spec, 0, 100_000)

    def superseded(self, ids: list[uuid.UUID]) -> set[uuid.UUID]:
        return signal_queries.superseded(self._session.vault, ids)

    def _check_terms(self, data: Mapping[str, Any]) -> None:
        """Category, life domain and wijk must come from the configured lists."""
        errors = check_terms(self._config.taxonomy, self._config.places, data)
        if errors:
            raise RecordInvalid(Signal.label, errors)


def check_terms(taxonomy: Taxonomy, places: Places, data: Mapping[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []

    def fail(field: str, message: str) -> None:
        errors.append(FieldError(field, field_label(Signal, field.split(".")), message))

    category = data.get("category")
    if category:
        known = taxonomy.category(str(category))
        if known is None or (known.retired and not data.get("supersedes_id")):
            fail("category", _("Kies een categorie uit de lijst."))
    domain = data.get("life_domain")
    if domain and taxonomy.life_domain(str(domain)) is None:
        fail("life_domain", _("Kies een leefgebied uit de lijst."))
    place = data.get("place")
    wijk = place.get("wijk") if isinstance(place, Mapping) else getattr(place, "wijk", "")
    if wijk and wijk not in places.wijken:
        fail("place.wijk", _("Kies een wijk uit de lijst."))
    return errors


def period(
    first_day: date | None, last_day: date | None
) -> tuple[datetime | None, datetime | None]:
    """Local calendar days (both inclusive) as the UTC bounds a SignalFilter takes."""
    since = datetime.combine(first_day, time()).astimezone(UTC) if first_day else None
    until = (
        datetime.combine(last_day + timedelta(days=1), time()).astimezone(UTC) if last_day else None
    )
    return since, until
