"""The monitoring report for the ministry: this period's figures beside the nulmeting, every
number suppressed where it could point at a youth (veldwerk_core.monitoring), as CSV or PDF.

The layout is fixed (docs/monitoring.md): one row per cell of each table in table order, then
the table's total; the nulmeting's value and the change next to it. A withheld number is
written ``<5`` (never a hint of its size beyond that); a change is given only where both
numbers are published.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from server.db_models import MonitoringBaseline
from server.services import audit
from server.services.monitoring import Figures, Period, figures
from veldwerk_core.monitoring import Cell, Published, Table, suppress
from veldwerk_core.protocol import ConfigResponse

WITHHELD = "<5"
CSV_COLUMNS = (
    "gemeente",
    "periode",
    "tabel",
    "titel",
    "code",
    "omschrijving",
    "aantal",
    "nulmeting",
    "verschil",
    "nulmeting_periode",
)
TOTAL = "totaal"


@dataclass(frozen=True)
class Row:
    table_id: str
    title: str
    key: str
    label: str
    value: int | None
    baseline: int | None
    compared: bool
    """The nulmeting has this row (else its columns stay empty)."""

    @property
    def change(self) -> int | None:
        if not self.compared or self.value is None or self.baseline is None:
            return None
        return self.value - self.baseline


@dataclass(frozen=True)
class Report:
    municipality: str
    period: Period
    baseline: Period | None
    rows: list[Row]
    made_at: datetime


def _dump(tables: list[Table]) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "title": t.title,
            "additive": t.additive,
            "population": t.population,
            "cells": [[c.key, c.label, c.value] for c in t.cells],
        }
        for t in tables
    ]


def _load(data: list[dict[str, Any]]) -> list[Table]:
    return [
        Table(
            str(t["id"]),
            str(t["title"]),
            tuple(Cell(str(key), str(label), int(value)) for key, label, value in t["cells"]),
            bool(t["additive"]),
            str(t["population"]),
        )
        for t in data
    ]


def store_baseline(
    session: Session, municipality_id: str, period: Period, config: ConfigResponse, now: datetime
) -> Figures:
    """Count the nulmeting over ``period`` and keep it (a new one replaces the old)."""
    counted = figures(session, municipality_id, period, config)
    row = session.get(MonitoringBaseline, municipality_id) or MonitoringBaseline(
        municipality_id=municipality_id
    )
    row.period_from, row.period_to = period.start.isoformat(), period.end.isoformat()
    row.figures, row.stored_at = _dump(counted.tables), now
    session.add(row)
    audit.append(
        session,
        audit.Event(
            "monitoring_baseline",
            municipality_id=municipality_id,
            detail={"from": row.period_from, "to": row.period_to},
        ),
        now,
    )
    return counted


def _published(tables: list[Table]) -> dict[str, Published]:
    return {table.table.id: table for table in suppress(tables)}


def build(
    session: Session,
    municipality_id: str,
    period: Period,
    config: ConfigResponse,
    now: datetime,
    *,
    output: str = "",
) -> Report:
    """The report as published; its making is in the access log (what, never who is in it)."""
    current = figures(session, municipality_id, period, config)
    stored = session.get(MonitoringBaseline, municipality_id)
    baseline = _published(_load(stored.figures)) if stored is not None else {}
    rows: list[Row] = []
    for table in suppress(current.tables):
        before = baseline.get(table.table.id)
        for cell, value in zip(table.table.cells, table.values, strict=True):
            earlier = before.value(cell.key) if before else None
            known = before is not None and any(c.key == cell.key for c in before.table.cells)
            rows.append(
                Row(table.table.id, table.table.title, cell.key, cell.label, value, earlier, known)
            )
        if table.table.additive:
            rows.append(
                Row(
                    table.table.id,
                    table.table.title,
                    TOTAL,
                    TOTAL,
                    table.total,
                    before.total if before else None,
                    before is not None and before.table.additive,
                )
            )
    audit.append(
        session,
        audit.Event(
            "monitoring_report",
            municipality_id=municipality_id,
            detail={
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "to_file": output,
            },
        ),
        now,
    )
    base = None
    if stored is not None:
        base = Period(date.fromisoformat(stored.period_from), date.fromisoformat(stored.period_to))
    return Report(current.municipality, period, base, rows, now)


def shown(value: int | None, compared: bool = True) -> str:
    if not compared:
        return ""
    return WITHHELD if value is None else str(value)


def csv_text(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    period = report.period.text()
    baseline = report.baseline.text() if report.baseline else ""
    for row in report.rows:
        change = row.change
        writer.writerow(
            (
                report.municipality,
                period,
                row.table_id,
                row.title,
                row.key,
                row.label,
                shown(row.value),
                shown(row.baseline, row.compared),
                "" if change is None else f"{change:+d}",
                baseline if row.compared else "",
            )
        )
    return out.getvalue()
