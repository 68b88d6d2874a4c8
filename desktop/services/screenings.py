"""Screenings: start, keep as a draft, complete, record an external result, look back.

A screening being filled in is a *draft* in the vault (table ``draft``, this device only): every
answer is saved at once, so a crash or an auto-lock loses nothing, yet half-finished work neither
syncs nor fills the access log. Completing it scores it and stores it as a record that never
changes again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.models.screening_history import History, compare
from desktop.services import retention
from desktop.services.instruments import Instruments
from desktop.services.session import Session
from desktop.store import drafts, screening_queries
from desktop.store.search import fold
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.errors import FieldError, RecordInvalid, RecordNotFound, validate_record
from veldwerk_core.models.instrument import Instrument, normalise_answer
from veldwerk_core.models.scoring import Outcome, answer_problems, score
from veldwerk_core.models.screening import ExternalResult, Screening, ScreeningStatus
from veldwerk_core.models.youth import Youth

FORM = "screening"
READ_PURPOSE = N_("Screening bekeken")
HISTORY_PURPOSE = N_("Screeninggeschiedenis bekeken")


@dataclass(frozen=True)
class ScreeningRow:
    """A line in the list: the screening (or draft) with the youth it is about."""

    screening: Screening
    youth: Youth | None

    @property
    def is_draft(self) -> bool:
        return self.screening.status is ScreeningStatus.DRAFT


@dataclass(frozen=True)
class Opened:
    """What a view needs to show a screening: the youth and the pinned instrument version."""

    screening: Screening
    youth: Youth | None
    instrument: Instrument | None
    """None for an external result, or when the pinned version is not on this device."""
    destroyed_on: date | None = None
    """The day the retention rules destroy it (None for a draft: not stored yet)."""


def _draft_key(screening_id: uuid.UUID) -> str:
    return f"{FORM}:{screening_id}"


class Screenings:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records
        self.instruments = Instruments(session)

    # -- drafts --------------------------------------------------------------------------

    def start(
        self, youth_id: uuid.UUID, instrument_key: str, *, screened_on: date | str | None = None
    ) -> Screening:
        """A new draft with the newest version of the instrument, or the open draft for the
        same youth and instrument (so nobody fills in the same list twice by accident)."""
        youth = self._records.get(Youth, youth_id)
        if youth is None:
            raise RecordNotFound()
        instrument = self.instruments.get(instrument_key)
        for draft in self.drafts():
            if draft.youth_id == youth_id and draft.instrument_key == instrument_key:
                return draft
        data: dict[str, Any] = {
            "youth_id": youth_id,
            "instrument_key": instrument.key,
            "instrument_version": instrument.version,
            "instrument_title": instrument.title,
            "assessor": self._session.actor.name,
        }
        if screened_on is not None and screened_on != "":
            data["screened_on"] = screened_on
        draft = validate_record(Screening, data)
        self.save_draft(draft)
        return draft

    def save_draft(self, draft: Screening) -> None:
        if draft.status is not ScreeningStatus.DRAFT:
            raise ValueError("only drafts are kept as drafts")
        drafts.save(self._session.vault, _draft_key(draft.id), FORM, draft.dump())

    def draft(self, screening_id: uuid.UUID) -> Screening | None:
        data = drafts.load(self._session.vault, _draft_key(screening_id))
        return None if data is None else Screening.load(data)

    def drafts(self) -> list[Screening]:
        """Open drafts on this device, most recently saved first."""
        return [Screening.load(data) for _key, data in drafts.entries(self._session.vault, FORM)]

    def discard_draft(self, screening_id: uuid.UUID) -> None:
        drafts.discard(self._session.vault, _draft_key(screening_id))

    def set_answer(self, draft: Screening, item_id: str, value: object | None) -> Screening:
        """The draft with one answer set (None clears it); a wrong value raises RecordInvalid."""
        instrument = self.instrument_of(draft)
        item = instrument.definition.item(item_id)
        if item is None:
            raise KeyError(item_id)
        answers = dict(draft.answers)
        if value is None:
            answers.pop(item_id, None)
        else:
            try:
                answers[item_id] = normalise_answer(item, value)
            except ValueError as exc:
                raise RecordInvalid(
                    Screening.label, [FieldError(f"answers.{item_id}", item.text, _(str(exc)))]
                ) from None
        updated = draft.model_copy(update={"answers": answers})
        self.save_draft(updated)
        return updated

    # -- completing ----------------------------------------------------------------------

    def instrument_of(self, screening: Screening) -> Instrument:
        """The pinned instrument version of a checklist screening."""
        if screening.instrument_key is None or screening.instrument_version is None:
            raise ValueError("an external result has no instrument version")
        return self.instruments.get(screening.instrument_key, screening.instrument_version)

    def preview(self, draft: Screening) -> Outcome:
        """The outcome of the answers so far (for progress; never stored)."""
        youth = self._records.get(Youth, draft.youth_id)
        definition = self.instrument_of(draft).definition
        age = youth.age(draft.screened_on) if youth is not None else None
        return score(definition, draft.answers, on=draft.screened_on, age=age)

    def complete(self, draft: Screening, *, note: str | None = None) -> Screening:
        """Score the draft and store it for good; every item needs an answer (onbekend too)."""
        definition = self.instrument_of(draft).definition
        youth = self._records.get(Youth, draft.youth_id)
        if youth is None:
            raise RecordNotFound()
        problems = answer_problems(definition, draft.answers, draft.screened_on)
        if problems:
            raise RecordInvalid(
                Screening.label,
                [
                    FieldError(f"answers.{item.id}", item.text, _(problems[item.id]))
                    for item in definition.items
                    if item.id in problems
                ],
            )
        answers = {
            item.id: normalise_answer(item, draft.answers[item.id]) for item in definition.items
        }
        outcome = score(definition, answers, on=draft.screened_on, age=youth.age(draft.screened_on))
        data = {
            **draft.dump(),
            "answers": answers,
            "note": draft.note if note is None else note,
            "status": ScreeningStatus.COMPLETED.value,
            "completed_at": self._session.clock(),
            "assessor": draft.assessor or self._session.actor.name,
            "result": outcome.model_dump(mode="json"),
        }
        with self._session.vault.transaction():
            saved = self._records.create(Screening, data)
            self.discard_draft(draft.id)
        return saved.record

    def record_external(self, youth_id: uuid.UUID, data: Mapping[str, Any]) -> Screening:
        """The outcome of an external instrument (name, date, assessor, band), no items."""
        if self._records.get(Youth, youth_id) is None:
            raise RecordNotFound()
        external = validate_record(ExternalResult, data)
        saved = self._records.create(
            Screening,
            {
                "youth_id": youth_id,
                "screened_on": external.assessed_on,
                "external": external.model_dump(mode="json"),
                "status": ScreeningStatus.COMPLETED.value,
                "completed_at": self._session.clock(),
                "assessor": self._session.actor.name,
            },
        )
        return saved.record

    # -- reading -------------------------------------------------------------------------

    def open(self, screening_id: uuid.UUID, *, purpose: str = READ_PURPOSE) -> Screening:
        """A screening or draft a person opens: audited as a read of the youth's record."""
        draft = self.draft(screening_id)
        if draft is not None:
            self._records.audit(AuditAction.READ, draft, purpose=purpose)
            return draft
        return self._records.read(Screening, screening_id, purpose=purpose)

    def opened(self, screening_id: uuid.UUID, *, purpose: str = READ_PURPOSE) -> Opened:
        """Open a screening or draft (audited) with its youth and instrument version."""
        return self._bundle(self.open(screening_id, purpose=purpose))

    def _bundle(self, screening: Screening) -> Opened:
        instrument = None
        if screening.instrument_key is not None and screening.instrument_version is not None:
            instrument = screening_queries.instrument(
                self._session.vault, screening.instrument_key, screening.instrument_version
            )
        youth = self._records.get(Youth, screening.youth_id)
        destroyed_on = retention.destruction_date(self._session, Screening.kind, screening.id)
        return Opened(screening, youth, instrument, destroyed_on)

    def begin(
        self, youth_id: uuid.UUID, instrument_key: str, *, screened_on: date | str | None = None
    ) -> Opened:
        """:meth:`start`, with what the fill-in form needs."""
        return self._bundle(self.start(youth_id, instrument_key, screened_on=screened_on))

    def finish(self, draft: Screening, *, note: str | None = None) -> Opened:
        """:meth:`complete`, with what the result view needs."""
        return self._bundle(self.complete(draft, note=note))

    def for_youth(self, youth_id: uuid.UUID, *, include_drafts: bool = False) -> list[Screening]:
        """A youth's screenings and external results, newest first (drafts only if asked)."""
        stored = screening_queries.for_youth(self._session.vault, youth_id)
        if not include_drafts:
            return stored
        mine = [draft for draft in self.drafts() if draft.youth_id == youth_id]
        return sorted(
            [*mine, *stored],
            key=lambda s: (s.screened_on, s.completed_at is None, s.created_at),
            reverse=True,
        )

    def search(self, text: str, limit: int = 200) -> list[ScreeningRow]:
        """Drafts (matching the text) first, then screenings newest first."""
        vault = self._session.vault
        rows = [ScreeningRow(s, y) for s, y in screening_queries.search(vault, text, limit)]
        open_drafts = self.drafts()
        if not open_drafts:
            return rows
        youths = {y.id: y for y in (self._records.get(Youth, d.youth_id) for d in open_drafts) if y}
        words = [fold(word) for word in text.split()]
        draft_rows = [
            ScreeningRow(draft, youths.get(draft.youth_id))
            for draft in open_drafts
            if _matches(words, draft, youths.get(draft.youth_id))
        ]
        return draft_rows + rows

    def history(self, youth_id: uuid.UUID) -> History:
        """The youth's screenings side by side per instrument, with what changed."""
        screenings = screening_queries.for_youth(self._session.vault, youth_id)
        definitions = {
            (instrument.key, instrument.version): instrument.definition
            for instrument in self.instruments.all_versions()
        }
        self._records.audit(AuditAction.READ, youth_ids=[youth_id], purpose=HISTORY_PURPOSE)
        return compare(screenings, definitions)


def _matches(words: list[str], draft: Screening, youth: Youth | None) -> bool:
    haystack = " ".join(
        part
        for part in (draft.instrument_title, youth.full_name if youth else "", _("Concept"))
        if part
    )
    return all(word in fold(haystack) for word in words)
