"""``veldwerk-server report``: the monitoring report for the ministry and its nulmeting.

    veldwerk-server report monitoring --from 2026-01-01 --to 2026-12-31 -o monitoring.pdf
    veldwerk-server report baseline --from 2025-01-01 --to 2025-12-31

The file's extension chooses the format (``.csv`` or ``.pdf``); the layout is fixed
(docs/monitoring.md). With more than one municipality on the server, name it.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.config import Settings
from server.db_models import Municipality
from server.services import admin, config_files, monitoring_pdf, monitoring_report
from server.services.monitoring import Period

FORMATS = (".csv", ".pdf")


def add_parser(commands: Any) -> None:
    report = commands.add_parser("report", help="monitoring for the ministry (aggregates only)")
    kinds = report.add_subparsers(dest="report_command", required=True)
    made = kinds.add_parser("monitoring", help="write the monitoring report (CSV or PDF)")
    baseline = kinds.add_parser("baseline", help="count and keep the nulmeting (baseline)")
    for parser in (made, baseline):
        parser.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
        parser.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
        parser.add_argument("--municipality", help="name or id (needed with more than one)")
    made.add_argument("-o", "--output", required=True, type=Path, help="a .csv or .pdf file")


def _municipality(session: Session, name_or_id: str | None) -> Municipality:
    if name_or_id:
        return admin.find_municipality(session, name_or_id)
    towns = list(session.execute(select(Municipality)).scalars())
    if len(towns) != 1:
        raise admin.AdminError(
            "--municipality: name the municipality "
            f"({', '.join(sorted(t.name for t in towns)) or 'none on this server'})"
        )
    return towns[0]


def run(session: Session, settings: Settings, args: argparse.Namespace, now: datetime) -> int:
    period = Period(args.start, args.end)
    town = _municipality(session, args.municipality)
    config = config_files.load(settings.config_dir)
    if args.report_command == "baseline":
        monitoring_report.store_baseline(session, town.id, period, config, now)
        print(f"nulmeting of {town.name} stored for {period.text()}")
        return 0
    path: Path = args.output
    if path.suffix.lower() not in FORMATS:
        raise ValueError("-o: the file name ends in .csv or .pdf")
    report = monitoring_report.build(session, town.id, period, config, now, output=path.name)
    if path.suffix.lower() == ".pdf":
        content = monitoring_pdf.pdf_bytes(report)
    else:
        content = monitoring_report.csv_text(report).encode("utf-8-sig")
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)
    print(f"monitoring of {town.name} for {period.text()} written to {path}")
    return 0
