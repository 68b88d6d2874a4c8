"""``veldwerk meeting new|list|agenda|show|add|decide|held|export``: the regisseur's
early-signalling meeting from the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from desktop.cli_args import choices, day, options_named, record_id, short, unlocked
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services.directory import Directory
from desktop.services.meeting_agenda import propose_agenda
from desktop.services.meetings import Decision, Meeting, Meetings, PlannedTask, reason_text
from desktop.services.session import Session
from desktop.services.youths import Youths
from veldwerk_core.i18n import _
from veldwerk_core.models import Task
from veldwerk_core.models.errors import VeldwerkError

Ask = Callable[[], Secret]
OPTIONS = {
    "title": "--title",
    "held_on": "--date",
    "participants": "--participant",
    "picture": "--picture",
    "decision": "--decision",
    "owner_id": "--owner",
    "due": "--due",
}


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    meeting = commands.add_parser("meeting", help=_("het vroegsignaleringsoverleg (regisseur)"))
    actions = meeting.add_subparsers(dest="meeting_action", metavar=_("handeling"), required=True)
    new = actions.add_parser("new", help=_("een overleg plannen"))
    new.add_argument("--title", required=True)
    new.add_argument("--date", required=True, metavar=_("DATUM"))
    new.add_argument(
        "--participant",
        action="append",
        default=[],
        metavar=_("COLLEGA"),
        help=_("een deelnemer uit het adresboek (herhaal de optie)"),
    )
    actions.add_parser("list", help=_("de overleggen"))
    agenda = actions.add_parser(
        "agenda", help=_("de voorgestelde agenda ophalen bij de server (verbinding nodig)")
    )
    agenda.add_argument("meeting_id", metavar="OVERLEG_ID")
    show = actions.add_parser("show", help=_("de agenda en de besluiten tonen"))
    show.add_argument("meeting_id", metavar="OVERLEG_ID")
    add = actions.add_parser("add", help=_("zelf een jongere op de agenda zetten"))
    add.add_argument("meeting_id", metavar="OVERLEG_ID")
    add.add_argument("youth_id", metavar="JONGERE_ID")
    decide = actions.add_parser(
        "decide", help=_("per jongere het gedeelde beeld, het besluit en de taken vastleggen")
    )
    decide.add_argument("item_id", metavar="BESPREEKPUNT_ID")
    decide.add_argument("--picture", help=_("het gedeelde beeld in een paar regels"))
    decide.add_argument(
        "--decision",
        choices=[code for code, _label in Decision.options()],
        help=_("besluit: {choices}", choices=choices(Decision)),
    )
    decide.add_argument(
        "--task",
        action="append",
        default=[],
        metavar=_("WAT"),
        help=_("een vervolgtaak; geef per --task ook --owner en --due"),
    )
    decide.add_argument("--owner", action="append", default=[], metavar=_("COLLEGA"))
    decide.add_argument("--due", action="append", default=[], metavar=_("DATUM"))
    held = actions.add_parser("held", help=_("het overleg als gehouden markeren"))
    held.add_argument("meeting_id", metavar="OVERLEG_ID")
    export = actions.add_parser(
        "export", help=_("het verslag als PDF: één per deelnemer en een volledige versie")
    )
    export.add_argument("meeting_id", metavar="OVERLEG_ID")
    export.add_argument("--output-dir", type=Path, required=True, metavar=_("MAP"))


def run(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    action = args.meeting_action
    if action == "new":
        return _new(data_dir, args, ask)
    if action == "list":
        with unlocked(data_dir, ask) as session:
            for meeting in Meetings(session).all():
                print(
                    f"{meeting.id}  {short(meeting.held_on)}  {meeting.title} "
                    f"({meeting.status.label})"
                )
        return 0
    if action == "decide":
        return _decide(data_dir, args, ask)
    meeting_id = record_id(args.meeting_id, "OVERLEG_ID")
    if action == "export":
        folder = args.output_dir.expanduser()
        if not folder.is_dir():
            raise VeldwerkError(_("De map {folder} bestaat niet.", folder=folder))
        with unlocked(data_dir, ask) as session:
            written = Meetings(session).export(meeting_id, folder)
        for file in written:
            who = file.reader.name if file.reader else _("volledig (regisseur)")
            print(
                _("{file}: {who}, {n} bespreekpunten", file=file.path.name, who=who, n=file.items)
            )
        return 0
    with unlocked(data_dir, ask) as session:
        meetings = Meetings(session)
        if action == "agenda":
            propose_agenda(session, meeting_id)
        elif action == "add":
            youth_id = record_id(args.youth_id, "JONGERE_ID")
            with options_named(OPTIONS):
                meetings.add_youth(meeting_id, youth_id)
        elif action == "held":
            meetings.mark_held(meeting_id)
            print(_("Het overleg is gehouden."))
            return 0
        _print_agenda(session, meetings, meetings.get(meeting_id))
    return 0


def _new(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    held_on = day(args.date, "--date")
    with unlocked(data_dir, ask) as session, options_named(OPTIONS):
        directory = Directory(session)
        people = [
            directory.pick(text, model=Meeting, field="participants").user_id
            for text in args.participant
        ]
        made = Meetings(session).new(args.title, held_on, people)
    print(_("Overleg gepland. Kenmerk: {id}", id=made.id))
    return 0


def _decide(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    item_id = record_id(args.item_id, "BESPREEKPUNT_ID")
    if not len(args.task) == len(args.owner) == len(args.due):
        raise VeldwerkError(_("Geef bij elke --task precies één --owner en één --due."))
    dues = [day(text, "--due") for text in args.due]
    with unlocked(data_dir, ask) as session, options_named(OPTIONS):
        directory = Directory(session)
        planned = [
            PlannedTask(title, directory.pick(owner, model=Task, field="owner_id").user_id, due)
            for title, owner, due in zip(args.task, args.owner, dues, strict=True)
        ]
        item, made = Meetings(session).decide(
            item_id, picture=args.picture, decision=args.decision, tasks=planned
        )
    decision = item.decision.label if item.decision else _("nog geen besluit")
    print(_("Vastgelegd: {decision}; {n} taken.", decision=decision, n=len(made)))
    return 0


def _print_agenda(session: Session, meetings: Meetings, meeting: Meeting) -> None:
    items = meetings.items(meeting.id)
    youths = Youths(session).by_ids({item.youth_id for item in items})
    print(f"{meeting.title}, {short(meeting.held_on)} ({meeting.status.label})")
    for person in meeting.participants:
        print(f"  {_('deelnemer')}: {person.name} ({person.organisation})")
    if not items:
        print(_("Geen bespreekpunten."))
    names = {p.user_id: p.name for p in meeting.participants}
    for item in items:
        youth = youths.get(item.youth_id)
        print(f"{item.id}  {youth.name_with_age() if youth else _('onbekende jongere')}")
        print(f"    {_('waarom')}: {', '.join(reason_text(r) for r in item.reasons) or '-'}")
        seen = ", ".join(names.get(user, user) for user in item.seen_by) or "-"
        print(f"    {_('mogen de jongere zien')}: {seen}")
        if item.decision:
            print(f"    {_('besluit')}: {item.decision.label}")
