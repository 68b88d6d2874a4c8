"""``veldwerk-server report``: a young person's access report and data overview (AVG art. 15),
the monitoring report for the ministry and its nulmeting.

    veldwerk-server report access YOUTH_ID -o access.pdf     (or .csv)
    veldwerk-server report overview YOUTH_ID -o overview.pdf
    veldwerk-server report monitoring --from 2026-01-01 --to 2026-12-31 -o monitoring.pdf
    veldwerk-server report baseline --from 2025-01-01 --to 2025-12-31

The file's extension chooses the format (``.csv`` or ``.pdf``); the layout is fixed
(docs/monitoring.md). With more than one municipality on the server, name it.
"""

from __future__ import annotations

import argparse
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.audit_keys import AuditKeys
from server.core.config import Settings
from server.db_models import Municipality
from server.services import (
    admin,
    config_files,
    data_overview,
    monitoring_pdf,
    monitoring_report,
    reports,
)
from server.services.monitoring import Period
from veldwerk_core.access import overview
from veldwerk_core.access import report as access_report
from veldwerk_core.files import write_atomically
from veldwerk_core.i18n import LANGUAGES, set_language

FORMATS = (".csv", ".pdf")


def add_parser(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="a young person's access report or data overview (AVG art. 15); monitoring for "
        "the ministry (aggregates only)",
    )
    kinds = report.add_subparsers(dest="report_command", required=True)
    access = kinds.add_parser(
        "access",
        help="who read, changed, printed, exported or shared the youth's records (PDF or CSV)",
    )
    overview_parser = kinds.add_parser(
        "overview", help="all data held about the youth, in plain language (PDF)"
    )
    for each in (access, overview_parser):
        each.add_argument("youth", help="the youth's id")
        each.add_argument(
            "-o", "--output", type=Path, required=True, help="the file (.pdf, or .csv for access)"
        )
        each.add_argument(
            "--lang", choices=sorted(LANGUAGES), default="nl", help="the report's language"
        )
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
    if args.report_command in ("access", "overview"):
        return _about_a_youth(session, settings, args, now)
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
    write_atomically(path, content)
    print(f"monitoring of {town.name} for {period.text()} written to {path}")
    return 0


def _about_a_youth(
    session: Session, settings: Settings, args: argparse.Namespace, now: datetime
) -> int:
    """Write a youth's access report or data overview where asked (format by extension)."""
    try:
        youth = uuid.UUID(args.youth)
    except ValueError:
        raise ValueError(f"{args.youth!r} is not a youth id") from None
    try:
        form = access_report.form_of(args.output) if args.report_command == "access" else "pdf"
    except access_report.UnknownFormat:
        raise ValueError("give a file ending in .pdf or .csv") from None
    if args.report_command == "overview" and args.output.suffix.lower() != ".pdf":
        raise ValueError("the data overview is a PDF: give a file ending in .pdf")
    set_language(args.lang)
    try:
        if args.report_command == "access":
            found = reports.command_report(session, youth, now, AuditKeys.from_settings(settings))
            data = access_report.render(found, form)
            told = f"{len(found.entries)} accesses"
        else:
            taxonomy = config_files.load(settings.config_dir).taxonomy
            held = data_overview.command_overview(session, youth, now, taxonomy)
            data = overview.to_pdf(held)
            told = f"{len(held.records)} records"
    except LookupError:
        raise ValueError(f"no youth {youth} on this server") from None
    write_atomically(args.output.expanduser(), data)
    print(f"wrote {args.output} ({told})")
    return 0
