"""The ``veldwerk`` command: the app without arguments, headless commands otherwise."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from desktop.cli_text import ask, speak_the_app_language
from desktop.models.secret import Secret
from desktop.paths import DATA_DIR_ENV, DataDir, default_data_dir
from veldwerk_core import __version__
from veldwerk_core.i18n import LANGUAGES, _, set_language
from veldwerk_core.models.actor import Profile, Role
from veldwerk_core.models.errors import VeldwerkError, validate_record

PASSPHRASE_ENV = "VELDWERK_PASSPHRASE"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veldwerk",
        description=_(
            "Veldwerk: signalen, screenings en coachingstrajecten, versleuteld en offline."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"veldwerk {__version__}",
        help=_("het versienummer tonen en stoppen"),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar=_("MAP"),
        help=_("map met de kluis (standaard: ${env} of de gebruikersmap)", env=DATA_DIR_ENV),
    )
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help=_("taal van de app (nl of en)"))
    commands = parser.add_subparsers(dest="command", metavar=_("opdracht"))

    init = commands.add_parser("init", help=_("een nieuwe kluis aanmaken"))
    init.add_argument("--name", help=_("je naam (anders wordt ernaar gevraagd)"))
    init.add_argument(
        "--role", choices=[role.value for role in Role], default=Role.YOUTH_WORKER.value
    )
    init.add_argument("--organisation", default="")

    demo = commands.add_parser("demo", help=_("de kluis vullen met verzonnen voorbeeldgegevens"))
    demo.add_argument("--youths", type=int, default=200, help=_("aantal jongeren (standaard 200)"))
    demo.add_argument(
        "--seed", type=int, default=1, help=_("startgetal: zelfde getal, zelfde gegevens")
    )

    commands.add_parser("passwd", help=_("de wachtwoordzin van de kluis wijzigen"))

    plan = commands.add_parser("plan", help=_("coachingsplannen"))
    plan_commands = plan.add_subparsers(dest="plan_command", metavar=_("opdracht"), required=True)
    export = plan_commands.add_parser("export", help=_("een plan opslaan als PDF"))
    export.add_argument("trajectory_id", metavar="TRAJECT_ID", help=_("kenmerk van het traject"))
    export.add_argument(
        "--easy-read", action="store_true", help=_("de versie in makkelijke taal voor de jongere")
    )
    export.add_argument(
        "--version",
        dest="plan_version",
        type=int,
        help=_("versie van het plan (standaard: de laatste)"),
    )
    export.add_argument("-o", "--output", type=Path, required=True, help=_("het PDF-bestand"))

    instrument = commands.add_parser("instrument", help=_("screeningsinstrumenten beheren"))
    actions = instrument.add_subparsers(dest="action", metavar=_("handeling"), required=True)
    importing = actions.add_parser(
        "import", help=_("een instrumentbestand (YAML of JSON) controleren en toevoegen")
    )
    importing.add_argument("file", type=Path, metavar=_("BESTAND"))
    actions.add_parser("list", help=_("de instrumenten en versies in de kluis tonen"))
    from desktop.cli_sync import add_parser as add_sync_parser

    add_sync_parser(commands)
    from desktop.cli_cases import add_parsers as add_case_parsers
    from desktop.cli_meeting import add_parser as add_meeting_parser
    from desktop.cli_merge import add_parsers as add_merge_parsers

    add_case_parsers(commands)
    add_meeting_parser(commands)
    add_merge_parsers(commands)
    return parser


def _passphrase(prompt: str, *, confirm: bool = False) -> Secret:
    """From VELDWERK_PASSPHRASE (scripts, tests) or asked at the terminal without echo."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value is None:
        question = _("de wachtwoordzin")
        value = ask(prompt, question, PASSPHRASE_ENV, secret=True)
        again = _("Herhaal de wachtwoordzin: ")
        if confirm and ask(again, question, PASSPHRASE_ENV, secret=True) != value:
            raise VeldwerkError(_("De twee wachtwoordzinnen zijn niet gelijk."))
    return Secret(value)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(
            f"\r{_('Bezig')}: {done}/{total}",
            end="" if done < total else "\n",
            file=sys.stderr,
            flush=True,
        )


def _init(data_dir: DataDir, args: argparse.Namespace) -> int:
    from desktop.services import session as sessions

    name = args.name or ask(_("Je naam: "), _("je naam"), "--name").strip()
    profile = validate_record(
        Profile, {"name": name, "role": args.role, "organisation": args.organisation}
    )
    session = sessions.create(
        data_dir, _passphrase(_("Nieuwe wachtwoordzin: "), confirm=True), profile
    )
    session.lock()
    print(_("Kluis aangemaakt in {path}", path=data_dir.root))
    return 0


def _demo(data_dir: DataDir, args: argparse.Namespace) -> int:
    from desktop.services import demo
    from desktop.services import session as sessions

    if args.youths < 1:
        raise VeldwerkError(_("--youths moet minstens 1 zijn."))
    secret = _passphrase(_("Wachtwoordzin: "))
    if sessions.vault_exists(data_dir):
        session = sessions.unlock(data_dir, secret)
    else:
        profile = Profile(
            name="Demo Gebruiker", role=Role.YOUTH_WORKER, organisation="Jongerenwerk Veldstad"
        )
        session = sessions.create(data_dir, secret, profile)
        print(_("Nieuwe kluis aangemaakt in {path}", path=data_dir.root))
    try:
        started = time.perf_counter()
        result = demo.generate(session, youths=args.youths, seed=args.seed, progress=_progress)
    finally:
        session.lock()
    print(
        _(
            "Voorbeeldgegevens gemaakt: {youths} jongeren, {signals} signalen, {groups} groepen, "
            "{relations} relaties, {flagged} signaleringen ({seconds:.1f} s).",
            youths=result.youths,
            signals=result.signals,
            groups=result.groups,
            relations=result.relations,
            flagged=result.flagged,
            seconds=time.perf_counter() - started,
        )
    )
    return 0


def _passwd(data_dir: DataDir, args: argparse.Namespace) -> int:
    from desktop.services import session as sessions

    current = _passphrase(_("Huidige wachtwoordzin: "))
    session = sessions.unlock(data_dir, Secret(current.buffer))
    try:
        if not sys.stdin.isatty():
            raise VeldwerkError(
                _(
                    "Een nieuwe wachtwoordzin kies je in een terminal, of in de app: "
                    "Veldwerk > Wachtwoordzin wijzigen."
                )
            )
        new = Secret(getpass.getpass(_("Nieuwe wachtwoordzin: ")))
        again = getpass.getpass(_("Herhaal de wachtwoordzin: "))
        if again.encode() != bytes(new.buffer):
            raise VeldwerkError(_("De twee wachtwoordzinnen zijn niet gelijk."))
        session.change_passphrase(current, new)
    finally:
        session.lock()
    print(_("De wachtwoordzin is gewijzigd."))
    return 0


def _plan(data_dir: DataDir, args: argparse.Namespace) -> int:
    from desktop.cli_plan import export_plan

    return export_plan(data_dir, args, lambda: _passphrase(_("Wachtwoordzin: ")))


def _instrument(data_dir: DataDir, args: argparse.Namespace) -> int:
    from desktop.cli_instruments import run

    return run(data_dir, args, lambda: _passphrase(_("Wachtwoordzin: ")))


def _sync(data_dir: DataDir, args: argparse.Namespace) -> int:
    from desktop.cli_sync import run

    return run(data_dir, args, lambda: _passphrase(_("Wachtwoordzin: ")))


def _together(data_dir: DataDir, args: argparse.Namespace) -> int:
    """Working together (issue 14): involvements, shares, notices, tasks, handovers, meetings."""
    from desktop.cli_cases import RUN
    from desktop.cli_meeting import run as run_meeting
    from desktop.cli_merge import RUN as RUN_MERGE

    commands = {**RUN, **RUN_MERGE, "meeting": run_meeting}
    command = commands[args.command]
    return command(data_dir, args, lambda: _passphrase(_("Wachtwoordzin: ")))


COMMANDS = {
    "init": _init,
    "demo": _demo,
    "passwd": _passwd,
    "plan": _plan,
    "instrument": _instrument,
    "sync": _sync,
    **{
        name: _together
        for name in (
            "colleagues",
            "involve",
            "involvements",
            "share",
            "shares",
            "consent",
            "notices",
            "tasks",
            "handover",
            "handovers",
            "meeting",
            "merge",
            "merges",
        )
    },
}


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    # The language first, so that help texts and errors of the full parser are in it too.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=sorted(LANGUAGES))
    known, _rest = early.parse_known_args(argv)
    if known.lang:
        set_language(known.lang)
    speak_the_app_language()
    args = _parser().parse_args(argv)
    data_dir = DataDir(args.data_dir.expanduser() if args.data_dir else default_data_dir())
    if args.command is None:
        from desktop.app import run_gui

        return run_gui(data_dir, language=args.lang, started=started)

    from desktop import hardening, logsetup

    hardening.apply()
    logsetup.configure(data_dir.ensure().logs)
    return run_command(data_dir, args)


def run_command(data_dir: DataDir, args: argparse.Namespace) -> int:
    """One headless command; an error a person can act on is printed, exit code 1."""
    from desktop.services.config import configuration

    try:
        configuration()
        return COMMANDS[args.command](data_dir, args)
    except VeldwerkError as error:
        print(_("Fout: {message}", message=error.user_message()), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
