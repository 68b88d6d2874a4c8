"""Render the main screens to PNG files for a person to look at (dev tool).

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.models.secret import Secret  # noqa: E402
from desktop.paths import DataDir  # noqa: E402
from desktop.services import demo  # noqa: E402
from desktop.services import session as sessions  # noqa: E402
from desktop.services.settings import Settings  # noqa: E402
from desktop.views.ops import InlineExecutor, Ops  # noqa: E402
from desktop.views.shell import Shell  # noqa: E402
from desktop.views.vault_dialogs import CreateVaultDialog  # noqa: E402
from veldwerk_core.models.actor import Profile, Role  # noqa: E402

PASSPHRASE = "Fiets-Regen-Molen-2026"


def save(widget: QWidget, path: Path) -> None:
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def screenings(shell: Shell, out: Path) -> None:
    """The Screenings section: a result with its explanation, and a youth's history."""
    from desktop.views.screenings import ScreeningsSection

    main = shell.main
    (section,) = [s for s in main.sections if isinstance(s, ScreeningsSection)]
    main.show_section(main.sections.index(section))
    first = section.list.topLevelItem(0)
    if first is None:
        return
    section.list.setCurrentItem(first)
    save(main, out / "screening-result.png")
    section.result.history_button.click()
    save(main, out / "screening-history.png")
    section.show_browse()
    main.show_section(0)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    data_dir = DataDir(Path(tempfile.mkdtemp()) / "data")
    ops = Ops(InlineExecutor(), InlineExecutor())

    create = CreateVaultDialog(ops, data_dir)
    create.name.setText("Sanne de Boer")
    create.passphrase.first.setText("kort")
    save(create, out / "create-vault-weak.png")
    create.passphrase.first.setText(PASSPHRASE)
    create.passphrase.second.setText(PASSPHRASE)
    save(create, out / "create-vault-ok.png")

    session = sessions.create(
        data_dir, Secret(PASSPHRASE), Profile(name="Sanne de Boer", role=Role.YOUTH_WORKER)
    )
    demo.generate(session, youths=50, seed=1)
    shell = Shell(data_dir, ops, Settings())
    shell.open_session(session)
    screenings(shell, out)
    save(shell.main, out / "main-window.png")
    main = shell.main
    for index, name in (
        (0, "worklist"),
        (1, "youths"),
        (2, "signals"),
        (4, "trajectories"),
        (5, "groups"),
        (6, "sync"),
    ):
        main.show_section(index)
        section = main.sections[index]
        if name == "youths":
            section.flagged.setChecked(True)  # type: ignore[attr-defined]
        QApplication.processEvents()
        save(main, out / f"section-{name}.png")
    from desktop.views.signals.form import SignalForm

    form = SignalForm(ops, main)
    form.resize(720, 760)
    form.description.setPlainText("Gezien bij de skatebaan")
    save(form, out / "signal-form.png")
    form.save()
    save(form, out / "signal-form-errors.png")
    form.stash_for_lock()
    shell.lock()
    assert shell.unlock_dialog is not None
    shell.unlock_dialog.passphrase.setText("verkeerd wachtwoord")
    shell.unlock_dialog._unlock()
    save(shell.unlock_dialog, out / "unlock-wrong.png")
    shell.quit()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
