"""``veldwerk report access|overview JONGERE_ID -o BESTAND``: a youth's access report (PDF or
CSV, by the file's extension) or data overview (PDF), fetched from the server (regisseur,
functioneel beheerder; a connection is needed)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from desktop.cli_args import record_id, unlocked
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services.access_reports import access_report_here, data_overview_here
from veldwerk_core.i18n import _

Ask = Callable[[], Secret]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report", help=_("inzage- of gegevensoverzicht van een jongere (AVG art. 15)")
    )
    kinds = report.add_subparsers(dest="report_kind", metavar=_("soort"), required=True)
    access = kinds.add_parser(
        "access",
        help=_("wie de gegevens van de jongere bekeek, wijzigde, afdrukte of deelde (PDF of CSV)"),
    )
    overview = kinds.add_parser(
        "overview", help=_("alle gegevens over de jongere in gewone taal (PDF)")
    )
    for each in (access, overview):
        each.add_argument("youth_id", metavar="JONGERE_ID")
        each.add_argument(
            "-o",
            "--output",
            type=Path,
            required=True,
            metavar=_("BESTAND"),
            help=_("waar het overzicht komt (.pdf of .csv)"),
        )


def run(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    youth = record_id(args.youth_id, "JONGERE_ID")
    path = args.output.expanduser()
    with unlocked(data_dir, ask) as session:
        if args.report_kind == "access":
            saved = access_report_here(session, youth, path)
            print(
                _(
                    "Inzageoverzicht opgeslagen in {path} ({count} keer).",
                    path=saved.path,
                    count=saved.count,
                )
            )
        else:
            saved = data_overview_here(session, youth, path)
            print(
                _(
                    "Gegevensoverzicht opgeslagen in {path} ({count} gegevens).",
                    path=saved.path,
                    count=saved.count,
                )
            )
    return 0
