"""Use cases around the youth register."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Any

from desktop.models.filters import YouthFilter
from desktop.models.listing import YouthRow
from desktop.services.flags import Flags
from desktop.services.session import Session
from desktop.store import merges, youth_queries
from desktop.store.search import fold
from veldwerk_core.i18n import N_
from veldwerk_core.models.errors import RecordNotFound
from veldwerk_core.models.youth import Involvement, Relation, Youth

READ_PURPOSE = N_("Dossier bekeken")
MAX_SUGGESTIONS = 5
COUNT_CAP = 1000


class Youths:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def create(self, data: Mapping[str, Any]) -> Youth:
        return self._records.create(Youth, data).record

    def update(self, youth_id: uuid.UUID, changes: Mapping[str, Any]) -> Youth:
        return self._records.update(Youth, youth_id, changes).record

    def open(self, youth_id: uuid.UUID, *, purpose: str = READ_PURPOSE) -> Youth:
        """Open a youth's record: audited as a read. A registration merged into another
        opens the youth it went into."""
        try:
            return self._records.read(Youth, youth_id, purpose=purpose)
        except RecordNotFound:
            kept = merges.kept_youth(self._session.vault, str(youth_id))
            if kept is None:
                raise
            return self._records.read(Youth, uuid.UUID(kept), purpose=purpose)

    def count(self) -> int:
        return self._records.count(Youth)

    def page(self, spec: YouthFilter, offset: int, limit: int) -> list[Youth]:
        return youth_queries.page(self._session.vault, spec, offset, limit)

    def rows(self, spec: YouthFilter, offset: int, limit: int) -> list[YouthRow]:
        """The light rows a list shows (see :mod:`desktop.models.listing`)."""
        return youth_queries.rows(self._session.vault, spec, offset, limit)

    def count_matching(self, spec: YouthFilter) -> int:
        return youth_queries.count(self._session.vault, spec, COUNT_CAP)

    # -- relations and involved professionals ----------------------------------------------

    def add_relation(self, data: Mapping[str, Any]) -> Relation:
        relation = self._records.create(Relation, data).record
        self._refresh_flags(relation)
        return relation

    def remove_relation(self, relation_id: uuid.UUID) -> None:
        relation = self._records.get(Relation, relation_id)
        if relation is None:
            raise RecordNotFound()
        self._records.delete(Relation, relation_id)
        self._refresh_flags(relation)

    def relations(self, youth_id: uuid.UUID) -> list[tuple[Relation, Youth | None]]:
        """Relations seen from this youth, with the other youth's record where there is one."""
        found = self._records.select(
            Relation, "youth_id = ? OR related_youth_id = ?", (str(youth_id), str(youth_id))
        )
        others = {(r.related_youth_id if r.youth_id == youth_id else r.youth_id) for r in found} - {
            None
        }
        youths = youth_queries.by_ids(self._session.vault, [o for o in others if o is not None])
        result = []
        for relation in found:
            other = (
                relation.related_youth_id if relation.youth_id == youth_id else relation.youth_id
            )
            result.append((relation, youths.get(other) if other is not None else None))
        return result

    def add_involvement(self, data: Mapping[str, Any]) -> Involvement:
        return self._records.create(Involvement, data).record

    def end_involvement(self, involvement_id: uuid.UUID, until: date) -> Involvement:
        return self._records.update(
            Involvement, involvement_id, {"until": until.isoformat()}
        ).record

    def involvements(self, youth_id: uuid.UUID) -> list[Involvement]:
        found = self._records.select(Involvement, "youth_id = ?", (str(youth_id),))
        return sorted(found, key=lambda i: (i.until is not None, i.since), reverse=False)

    def _refresh_flags(self, relation: Relation) -> None:
        if relation.related_youth_id is not None:
            Flags(self._session).refresh([relation.youth_id, relation.related_youth_id])

    def search(self, text: str, limit: int = 50) -> list[Youth]:
        """Search as you type: every word a prefix of name, BSN, wijk or school; accents ignored."""
        return youth_queries.search(self._session.vault, text, limit)

    def by_ids(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Youth]:
        return youth_queries.by_ids(self._session.vault, ids)

    def possible_duplicates(
        self, first_name: str, infix: str, last_name: str, date_of_birth: date | None
    ) -> list[Youth]:
        """Youths that may be the one being typed in: same or similar name and date of birth.

        Accents and case do not matter; a date with day and month swapped, or one day off,
        still counts as similar.
        """
        typed = fold(" ".join(part for part in (first_name, infix, last_name) if part))
        if len(typed.replace(" ", "")) < 3:
            return []
        vault = self._session.vault
        candidates: dict[uuid.UUID, Youth] = {}
        if date_of_birth is not None:
            for youth in youth_queries.born_on(vault, _near(date_of_birth)):
                candidates[youth.id] = youth
        if last_name.strip():
            for youth in youth_queries.search(vault, last_name, limit=200):
                candidates.setdefault(youth.id, youth)
        scored = [
            (score, youth)
            for youth in candidates.values()
            if (score := _similarity(typed, first_name, last_name, date_of_birth, youth)) > 0
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1].last_name, pair[1].first_name))
        return [youth for _score, youth in scored[:MAX_SUGGESTIONS]]


def _near(day: date) -> set[date]:
    days = {day, day - timedelta(days=1), day + timedelta(days=1)}
    if day.day <= 12:
        try:
            days.add(day.replace(month=day.day, day=day.month))
        except ValueError:
            pass
    return days


def _similarity(typed: str, first: str, last: str, born: date | None, youth: Youth) -> float:
    """0 when not a likely duplicate; otherwise higher is more alike."""
    name = SequenceMatcher(None, typed, fold(youth.full_name)).ratio()
    same_last = fold(last).strip() == fold(youth.last_name)
    same_first = fold(first).strip() == fold(youth.first_name)
    if born is None:
        return name if name >= 0.92 else 0.0
    if youth.date_of_birth == born:
        return name + 1 if name >= 0.7 or same_last or same_first else 0.0
    if born in _near(youth.date_of_birth):
        return name + 0.5 if name >= 0.85 else 0.0
    return 0.0
