"""``veldwerk sync enroll URL``, ``veldwerk sync now`` and ``veldwerk sync status``.

For scripted set-ups and for administrators helping someone on the phone; the app does the
same from its Synchronisatie section. The enrollment code is asked at the terminal (or comes
from ``VELDWERK_ENROLL_CODE``), never from the command line, where others could see it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from desktop.cli_text import ask
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services import sync
from desktop.sync.engine import Progress
from veldwerk_core.i18n import _

CODE_ENV = "VELDWERK_ENROLL_CODE"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("sync", help=_("synchroniseren met de server van de gemeente"))
    actions = parser.add_subparsers(dest="sync_action", metavar=_("handeling"), required=True)
    enroll = actions.add_parser("enroll", help=_("dit apparaat aanmelden met een eenmalige code"))
    enroll.add_argument("server_url", metavar=_("SERVERADRES"))
    enroll.add_argument("--device-name", default=sync.default_device_name())
    actions.add_parser("now", help=_("nu synchroniseren"))
    actions.add_parser("status", help=_("de stand van de synchronisatie tonen"))


def _progress(step: Progress) -> None:
    if sys.stderr.isatty() and step.total:
        print(f"\r{step.phase}: {step.done}/{step.total}", end="", file=sys.stderr, flush=True)


def run(data_dir: DataDir, args: argparse.Namespace, passphrase: Callable[[], Secret]) -> int:
    code = ""
    if args.sync_action == "enroll":
        code = os.environ.pop(CODE_ENV, "") or ask(
            _("Aanmeldcode: "), _("de aanmeldcode"), CODE_ENV, secret=True
        )
        sync.check_enrollment(args.server_url, code, args.device_name)
    session = sessions.unlock(data_dir, passphrase())
    try:
        if args.sync_action == "enroll":
            identity = sync.enroll(session, args.server_url, code, args.device_name)
            print(
                _(
                    "Aangemeld als {name}, {organisation}.",
                    name=identity.name,
                    organisation=identity.organisation,
                )
            )
        if args.sync_action in ("enroll", "now"):
            report = sync.SyncClient.for_session(session, progress=_progress).sync()
            if sys.stderr.isatty():
                print(file=sys.stderr)
            print(
                _(
                    "Gesynchroniseerd: {sent} verstuurd, {received} ontvangen, {removed} "
                    "verwijderd, {conflicts} conflicten, {rejected} geweigerd.",
                    sent=report.pushed,
                    received=report.received,
                    removed=report.removed,
                    conflicts=report.conflicts + report.pulled_conflicts,
                    rejected=report.rejected,
                )
            )
        status = sync.status(session)
    finally:
        if session.is_open:
            session.lock()
    _print_status(status)
    return 0


def _print_status(status: sync.SyncStatus) -> None:
    if not status.enrolled:
        print(_("Niet gekoppeld aan een server; {n} wijzigingen staan klaar.", n=status.pending))
        return
    last = (
        status.last_success.astimezone().strftime("%d-%m-%Y %H:%M")
        if status.last_success
        else _("nog nooit")
    )
    print(_("Server: {url}", url=status.server_url))
    print(_("Laatst gesynchroniseerd: {moment}", moment=last))
    print(
        _(
            "Nog te versturen: {pending}; conflicten: {conflicts}; geweigerd: {rejected}.",
            pending=status.pending,
            conflicts=status.conflicts,
            rejected=status.rejected,
        )
    )
    if status.lease_expired:
        print(_("Let op: de gegevens zijn vergrendeld tot er gesynchroniseerd is."))
