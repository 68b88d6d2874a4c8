"""``veldwerk instrument import FILE`` and ``veldwerk instrument list``.

The file is checked before the passphrase is asked, so a mistake in it is reported at once;
importing adds a version and never changes an existing one.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.instruments import Instruments, read_file
from veldwerk_core.i18n import _


def run(data_dir: DataDir, args: argparse.Namespace, passphrase: Callable[[], Secret]) -> int:
    definition = read_file(args.file) if args.action == "import" else None
    session = sessions.unlock(data_dir, passphrase())
    try:
        instruments = Instruments(session)
        if definition is None:
            instruments.ensure_examples()
            for instrument in instruments.all_versions():
                print(
                    _(
                        "{key} versie {version}: {title} ({items} vragen)",
                        key=instrument.key,
                        version=instrument.version,
                        title=instrument.title,
                        items=len(instrument.definition.items),
                    )
                )
            return 0
        imported = instruments.add(definition, source=args.file.name)
    finally:
        session.lock()
    values = {
        "title": definition.title,
        "version": definition.version,
        "items": len(definition.items),
    }
    if imported.added:
        print(_("Instrument {title} versie {version} toegevoegd ({items} vragen).", **values))
    else:
        print(
            _(
                "Instrument {title} versie {version} stond al in de kluis; niets gewijzigd.",
                **values,
            )
        )
    return 0
