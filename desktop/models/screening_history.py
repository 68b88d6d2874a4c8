"""A youth's screenings side by side: per instrument, what changed per domain and per item.

Screenings of different versions of one instrument are compared by item and domain id; an item
a version did not have shows as empty in that column, never as a change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from veldwerk_core.models.answers import AnswerValue
from veldwerk_core.models.instrument import InstrumentDefinition
from veldwerk_core.models.screening import Screening


@dataclass(frozen=True)
class Cell:
    value: AnswerValue | float | str | None
    """None when the screening has no value here (the item or domain was not in its version)."""
    previous: AnswerValue | float | str | None = None
    changed: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    domain: str = ""
    cells: tuple[Cell, ...] = ()

    @property
    def changed(self) -> bool:
        return any(cell.changed for cell in self.cells)


@dataclass(frozen=True)
class InstrumentHistory:
    key: str
    title: str
    screenings: tuple[Screening, ...]
    """Oldest first: the order of the columns and of the chart."""
    bands: Row
    scores: Row
    domains: tuple[Row, ...]
    items: tuple[Row, ...]

    def changed_items(self) -> list[Row]:
        return [row for row in self.items if row.changed]


@dataclass(frozen=True)
class History:
    instruments: tuple[InstrumentHistory, ...] = ()
    external: tuple[Screening, ...] = field(default_factory=tuple)
    """Results of external instruments, newest first."""


def _cells(values: Sequence[AnswerValue | float | str | None]) -> tuple[Cell, ...]:
    cells: list[Cell] = []
    last: AnswerValue | float | str | None = None
    for value in values:
        changed = value is not None and last is not None and value != last
        cells.append(Cell(value=value, previous=last if changed else None, changed=changed))
        if value is not None:
            last = value
    return tuple(cells)


def compare(
    screenings: Sequence[Screening],
    definitions: Mapping[tuple[str, int], InstrumentDefinition],
) -> History:
    """Group completed checklist screenings per instrument and line them up oldest first."""
    groups: dict[str, list[Screening]] = {}
    for screening in screenings:
        if screening.external is None and screening.result is not None and screening.instrument_key:
            groups.setdefault(screening.instrument_key, []).append(screening)
    histories = [
        _instrument_history(key, sorted(group, key=_when), definitions)
        for key, group in groups.items()
    ]
    histories.sort(key=lambda history: _when(history.screenings[-1]), reverse=True)
    external = sorted((s for s in screenings if s.external is not None), key=_when, reverse=True)
    return History(instruments=tuple(histories), external=tuple(external))


def _when(screening: Screening) -> tuple[object, ...]:
    return (screening.screened_on, screening.completed_at or screening.created_at)


def _instrument_history(
    key: str,
    screenings: list[Screening],
    definitions: Mapping[tuple[str, int], InstrumentDefinition],
) -> InstrumentHistory:
    known = [
        definitions[(key, s.instrument_version)]
        for s in reversed(screenings)
        if s.instrument_version is not None and (key, s.instrument_version) in definitions
    ]
    item_titles: dict[str, tuple[str, str]] = {}
    domain_titles: dict[str, str] = {}
    for definition in known:  # newest first: newest wording wins, order of the newest first
        for domain in definition.domains:
            domain_titles.setdefault(domain.id, domain.title)
        for item in definition.items:
            item_titles.setdefault(item.id, (item.text, item.domain))
    for screening in reversed(screenings):
        for domain_score in screening.result.domains if screening.result else ():
            domain_titles.setdefault(domain_score.domain, domain_score.title)
        for item_id in screening.answers:
            item_titles.setdefault(item_id, (item_id, ""))
    results = [s.result for s in screenings if s.result is not None]
    domains = tuple(
        Row(
            key=domain_id,
            title=title,
            domain=domain_id,
            cells=_cells(
                [
                    d.score if (d := result.domain(domain_id)) is not None else None
                    for result in results
                ]
            ),
        )
        for domain_id, title in domain_titles.items()
    )
    items = tuple(
        Row(
            key=item_id,
            title=text,
            domain=domain,
            cells=_cells([s.answers.get(item_id) for s in screenings]),
        )
        for item_id, (text, domain) in item_titles.items()
    )
    return InstrumentHistory(
        key=key,
        title=screenings[-1].instrument_title or key,
        screenings=tuple(screenings),
        bands=Row("band", "", cells=_cells([r.band_label for r in results])),
        scores=Row("score", "", cells=_cells([r.score for r in results])),
        domains=domains,
        items=items,
    )
