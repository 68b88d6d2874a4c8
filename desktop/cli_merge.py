"""Merging two registrations of one youth from the command line: ``veldwerk merge KEPT MERGED
--reason ...`` asks for it (the server carries it out at the next sync); ``veldwerk merges
YOUTH`` explains the merges a youth took part in."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias

from desktop.cli_args import options_named, record_id, unlocked
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services.merges import Merges
from veldwerk_core.i18n import _

Ask = Callable[[], Secret]
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
MERGE_OPTIONS = {"youth_id": "JONGERE_ID", "merged_id": "OPGAAND_ID", "reason": "--reason"}


def add_parsers(commands: Commands) -> None:
    merge = commands.add_parser(
        "merge", help=_("twee registraties van dezelfde jongere samenvoegen (op de server)")
    )
    merge.add_argument("youth_id", metavar="JONGERE_ID", help=_("de jongere die blijft"))
    merge.add_argument("merged_id", metavar="OPGAAND_ID", help=_("de registratie die opgaat"))
    merge.add_argument("--reason", required=True, help=_("waarom dit dezelfde jongere is"))
    merges = commands.add_parser("merges", help=_("samenvoegingen van een jongere uitleggen"))
    merges.add_argument("youth_id", metavar="JONGERE_ID")


def merge(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    kept = record_id(args.youth_id, "JONGERE_ID")
    merged = record_id(args.merged_id, "OPGAAND_ID")
    with unlocked(data_dir, ask) as session, options_named(MERGE_OPTIONS):
        made = Merges(session).request(kept, merged, args.reason)
    print(
        _(
            "Samenvoegen gevraagd; de server voert het uit bij de volgende synchronisatie. "
            "Kenmerk: {id}",
            id=made.id,
        )
    )
    return 0


def merges(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    youth = record_id(args.youth_id, "JONGERE_ID")
    with unlocked(data_dir, ask) as session:
        service = Merges(session)
        kept = service.kept_youth(youth)
        told = service.explain(kept or youth)
    if kept is not None:
        print(_("Deze registratie is opgegaan in jongere {id}.", id=kept))
    if not told:
        print(_("Deze jongere is niet samengevoegd."))
    for merge in told:
        for line in merge.lines:
            print(line)
        print()
    return 0


RUN: dict[str, Callable[[DataDir, argparse.Namespace, Ask], int]] = {
    "merge": merge,
    "merges": merges,
}
