"""A youth's access report and data overview (AVG art. 15) from the youth's page: the
regisseur chooses where to save it; the server makes it, on the network pool."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QPushButton, QWidget

from desktop.services.access_reports import Saved, save_access_report, save_data_overview
from desktop.views.failure import report_failure
from desktop.views.ops import Ops
from veldwerk_core.i18n import _

ACCESS, OVERVIEW = "access", "overview"


def privacy_button(parent: QWidget, chosen: Callable[[str], None]) -> QPushButton:
    """ "Inzage…" with a menu: the access report (PDF or CSV) or the data overview (PDF)."""
    button = QPushButton(_("&Inzage…"), parent)
    button.setObjectName("timeline_privacy")
    button.setAccessibleName(_("Inzageoverzicht of gegevensoverzicht van de jongere"))
    menu = QMenu(button)
    menu.addAction(_("Wie heeft wat ingezien (inzageoverzicht)…"), lambda: chosen(ACCESS))
    menu.addAction(_("Alle gegevens van de jongere (gegevensoverzicht)…"), lambda: chosen(OVERVIEW))
    button.setMenu(menu)
    return button


def save_report(ops: Ops, parent: QWidget, youth_id: uuid.UUID, which: str, line: QLabel) -> None:
    """Ask where, then fetch and save; ``line`` tells how it went."""
    # A file name without the youth's name: names of files are not private.
    stem = "inzage" if which == ACCESS else "gegevens"
    suggested = str(Path.home() / f"{stem}-{date.today().isoformat()}.pdf")
    kinds = _("PDF (*.pdf)") + (";;" + _("CSV (*.csv)") if which == ACCESS else "")
    path, _kind = QFileDialog.getSaveFileName(parent, _("Opslaan als"), suggested, kinds)
    if not path:
        return
    target = Path(path)
    save = save_access_report if which == ACCESS else save_data_overview
    line.setText(_("Wordt opgehaald bij de server…"))

    def saved(result: Saved) -> None:
        line.setText(_("Opgeslagen in {path} ({count}).", path=result.path, count=result.count))

    ops.run_network(
        lambda: save(ops.call, youth_id, target),
        on_success=saved,
        on_failure=lambda error: report_failure(ops, error, line),
        owner=parent,
    )
