"""``veldwerk plan export``: a plan as PDF from the command line."""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable

from desktop.models.secret import Secret
from desktop.paths import DataDir
from veldwerk_core.i18n import _
from veldwerk_core.models.errors import VeldwerkError


def export_plan(data_dir: DataDir, args: argparse.Namespace, ask: Callable[[], Secret]) -> int:
    """Check the arguments first, then ask for the passphrase, then write the PDF."""
    from desktop.services import session as sessions
    from desktop.services.plans import Plans

    try:
        trajectory_id = uuid.UUID(args.trajectory_id)
    except ValueError:
        raise VeldwerkError(
            _("TRAJECT_ID is geen geldig kenmerk; kopieer het kenmerk van het traject uit de app.")
        ) from None
    output = args.output.expanduser()
    if not output.parent.is_dir():
        raise VeldwerkError(_("De map {folder} bestaat niet.", folder=output.parent))
    if output.is_dir():
        raise VeldwerkError(_("{path} is een map; geef een bestandsnaam op.", path=output))
    session = sessions.unlock(data_dir, ask())
    try:
        Plans(session).export(
            trajectory_id, output, version=args.plan_version, easy_read=args.easy_read
        )
    finally:
        session.lock()
    print(_("Plan opgeslagen in {path}", path=output))
    return 0
