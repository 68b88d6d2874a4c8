"""Monitoring figures and their small-cell suppression: aggregates only, never about one youth.

A report is a list of one-dimensional tables (docs/monitoring.md has the fixed layout). An
*additive* table splits one population (youths reached, signals, referrals made...) into
cells that add up to its total; tables that split the same population another way share its
``population`` (youths by age band, by gender and by wijk: one total). A table that is not
additive (combination flags: a youth may have several) has independent cells and no total.

Suppression (``suppress``), so that no published cell and no difference of published cells
and totals reveals a count from 1 to 4:

1. a population whose total is 1-4 is withheld entirely (its total and every non-zero cell,
   in every table that splits it);
2. in every other additive table, each cell of 1-4 is withheld (primary), and then the
   smallest other non-zero cells too (complementary) until what the withheld cells add up to
   - the total minus the published cells, which anyone can compute - is at least 5, more
   than the number of withheld cells (else each would be known to be exactly 1), and spread
   over at least two cells;
3. where that is impossible (every non-zero cell is a 1), the whole population is withheld
   as in 1, because its total also shows in the tables that split it otherwise;
4. in a table that is not additive, each cell of 1-4 is withheld.

Zeros are published: a suppressed cell is known to be at least 1, which the rules above
account for. Figures of different periods (a report and its nulmeting) are separate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SMALLEST_PUBLISHED = 5
"""Counts from 1 up to this (exclusive) are never published, nor derivable."""


@dataclass(frozen=True)
class Cell:
    key: str
    """Stable code (an age band, an intervention's id): the column a comparison matches on."""
    label: str
    value: int


@dataclass(frozen=True)
class Table:
    id: str
    """Stable code of the table in the fixed layout (``A1``, ``B2``...)."""
    title: str
    cells: tuple[Cell, ...]
    additive: bool = True
    """The cells add up to the total (one population, split one way)."""
    population: str = ""
    """Tables with the same population split the same set (and share its total)."""

    @property
    def total(self) -> int:
        return sum(cell.value for cell in self.cells)

    @property
    def shared(self) -> str:
        return self.population or self.id


@dataclass(frozen=True)
class Published:
    """A table as it may be published: ``None`` where a count is withheld."""

    table: Table
    values: tuple[int | None, ...]
    total: int | None
    """None also for a table that is not additive (it has no total)."""

    def value(self, key: str) -> int | None:
        for cell, value in zip(self.table.cells, self.values, strict=True):
            if cell.key == key:
                return value
        return None


@dataclass
class _Line:
    table: Table
    withheld: set[int] = field(default_factory=set)


def _small(value: int) -> bool:
    return 0 < value < SMALLEST_PUBLISHED


def _complement(values: Sequence[int]) -> set[int] | None:
    """The cells to withhold in one additive line (None: cannot be protected in the line)."""
    withheld = {index for index, value in enumerate(values) if _small(value)}
    while withheld:
        hidden = sum(values[index] for index in withheld)
        if len(withheld) >= 2 and hidden >= SMALLEST_PUBLISHED and hidden > len(withheld):
            return withheld
        candidates = [
            (value, index)
            for index, value in enumerate(values)
            if index not in withheld and value > 0
        ]
        if not candidates:
            return None
        withheld.add(min(candidates)[1])
    return withheld


def suppress(tables: Iterable[Table]) -> list[Published]:
    """Every table as it may be published (see the module's rules)."""
    lines = [_Line(table) for table in tables]
    blocked: set[str] = set()
    for line in lines:
        table = line.table
        if not table.additive:
            line.withheld = {i for i, cell in enumerate(table.cells) if _small(cell.value)}
            continue
        if _small(table.total):
            blocked.add(table.shared)
            continue
        found = _complement([cell.value for cell in table.cells])
        if found is None:
            blocked.add(table.shared)
        else:
            line.withheld = found
    published = []
    for line in lines:
        table = line.table
        if table.additive and table.shared in blocked:
            withheld = {i for i, cell in enumerate(table.cells) if cell.value > 0}
            total: int | None = None
        else:
            withheld = line.withheld
            total = table.total if table.additive else None
        values = tuple(
            None if index in withheld else cell.value for index, cell in enumerate(table.cells)
        )
        published.append(Published(table, values, total))
    return published
