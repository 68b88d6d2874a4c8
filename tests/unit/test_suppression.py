"""Small-cell suppression: no published cell, and no difference of published cells and
totals, reveals a count from 1 to 4 (a Hypothesis property over random small data sets).

The attacker here is written independently of the code under test: it knows every published
number, that tables of one population share their total, and that a withheld cell is at
least 1 (zeros are published); from each additive table it derives what the withheld cells
add up to and the range each withheld cell must lie in."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from veldwerk_core.monitoring import Cell, Published, Table, suppress

KEYS = ("a", "b", "c", "d", "e", "f")


def split(title: str, population: str, values: list[str], keys: tuple[str, ...]) -> Table:
    counted = Counter(values)
    cells = tuple(Cell(key, key, counted.get(key, 0)) for key in keys)
    return Table(title, title, cells, population=population)


people = st.lists(
    st.tuples(st.sampled_from(KEYS[:4]), st.sampled_from(KEYS), st.sampled_from(KEYS[:2])),
    max_size=14,
)


def tables_of(rows: list[tuple[str, str, str]], others: list[int], flags: list[int]) -> list[Table]:
    """Three splits of one population (age band, wijk, gender), a table of its own, and a
    table that is not additive."""
    return [
        split("age", "youths", [row[0] for row in rows], KEYS[:4]),
        split("wijk", "youths", [row[1] for row in rows], KEYS),
        split("gender", "youths", [row[2] for row in rows], KEYS[:2]),
        Table("own", "own", tuple(Cell(k, k, v) for k, v in zip(KEYS, others, strict=False))),
        Table(
            "flags",
            "flags",
            tuple(Cell(k, k, v) for k, v in zip(KEYS, flags, strict=False)),
            additive=False,
        ),
    ]


def revealed(published: list[Published]) -> list[str]:
    """Every count from 1 to 4 the published figures give away (empty: none)."""
    leaks: list[str] = []
    known_totals: dict[str, int] = {}
    for table in published:
        if table.table.additive and table.total is not None:
            known_totals[table.table.shared] = table.total
    for table in published:
        name = table.table.id
        for cell, value in zip(table.table.cells, table.values, strict=True):
            if value is not None and 0 < value < 5:
                leaks.append(f"{name}.{cell.key} published as {value}")
            if value is not None and value != cell.value:
                leaks.append(f"{name}.{cell.key} published wrongly")
        if table.total is not None and 0 < table.total < 5:
            leaks.append(f"{name} total published as {table.total}")
        if not table.table.additive:
            continue
        total = known_totals.get(table.table.shared)
        if total is None:
            continue
        hidden = [v for v, p in zip(table.table.cells, table.values, strict=True) if p is None]
        if not hidden:
            continue
        rest = total - sum(value for value in table.values if value is not None)
        if 0 < rest < 5:
            leaks.append(f"{name}: the withheld cells add up to {rest}")
        if len(hidden) == 1:
            leaks.append(f"{name}.{hidden[0].key} is the total minus the rest: {rest}")
        upper = rest - (len(hidden) - 1)  # every other withheld cell is at least 1
        if upper == 1:
            leaks.append(f"{name}: each withheld cell must be 1")
    return leaks


@settings(max_examples=400, deadline=None)
@given(
    people,
    st.lists(st.integers(0, 7), min_size=1, max_size=6),
    st.lists(st.integers(0, 9), min_size=1, max_size=6),
)
def test_nothing_published_reveals_a_count_from_one_to_four(
    rows: list[tuple[str, str, str]], others: list[int], flags: list[int]
) -> None:
    published = suppress(tables_of(rows, others, flags))
    assert revealed(published) == []
    # What is withheld is only what must be: a table with no small cell whose population is
    # published (no split of it needed withholding the total) is published in full.
    for table in published:
        if table.table.additive and table.total is not None:
            if not any(0 < cell.value < 5 for cell in table.table.cells):
                assert None not in table.values, table


def test_the_rules_by_example() -> None:
    def line(*values: int) -> Published:
        cells = tuple(Cell(str(i), str(i), v) for i, v in enumerate(values))
        (published,) = suppress([Table("t", "t", cells)])
        return published

    assert line(10, 20, 0).values == (10, 20, 0) and line(10, 20, 0).total == 30
    # One small cell takes the smallest other non-zero cell with it.
    assert line(3, 20, 0, 7).values == (None, 20, 0, None)
    # Two small cells adding up to less than 5 take a third.
    assert line(2, 2, 9, 30).values == (None, None, None, 30)
    # A total from 1 to 4 withholds everything but the zeros.
    small = line(3, 0, 1)
    assert (small.values, small.total) == ((None, 0, None), None)
    # Five ones: each would be known to be 1 - the population is withheld.
    ones = line(1, 1, 1, 1, 1, 0)
    assert (ones.values, ones.total) == ((None,) * 5 + (0,), None)
    flags = suppress([Table("f", "f", (Cell("x", "x", 3), Cell("y", "y", 8)), additive=False)])
    assert (flags[0].values, flags[0].total) == ((None, 8), None)


def test_a_population_withheld_in_one_split_is_withheld_in_every_split() -> None:
    # Five youths, each in another wijk: by wijk they cannot be protected, so by age band
    # (where they all fall in one band) the total must not show either.
    rows = [("a", key, "a") for key in KEYS[:5]]
    published = suppress(tables_of(rows, [0], [0]))
    by_id = {table.table.id: table for table in published}
    assert by_id["wijk"].total is None and by_id["age"].total is None
    assert by_id["age"].values == (None, 0, 0, 0)
    assert revealed(published) == []
