"""Saving a plan as PDF where the user chooses, and printing it through the Qt print dialog.

Printing renders the PDF pages in memory with PDFium (pypdfium2) and paints them on the
printer Qt offers: PySide6-Essentials has QtPrintSupport but not QtPdf, and this way nothing
is written to a temporary file and the printed pages are the same pages as the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pypdfium2
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop.services.plans import Plans
from desktop.views.ops import Ops
from veldwerk_core.i18n import _

PRINT_DPI = 300


def default_file_name(version: int, easy_read: bool) -> str:
    """No personal data in a file name: the user may add a name if they want to."""
    if easy_read:
        return _("Mijn plan versie {version}.pdf", version=version)
    return _("Coachingsplan versie {version}.pdf", version=version)


def ask_save_path(parent: QWidget, version: int, easy_read: bool) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Plan opslaan als PDF"),
        default_file_name(version, easy_read),
        _("PDF-bestanden (*.pdf)"),
    )
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == ".pdf" else chosen.with_name(chosen.name + ".pdf")


def save_pdf(
    parent: QWidget,
    ops: Ops,
    trajectory_id: UUID,
    version: int,
    easy_read: bool,
    done: Callable[[str], None],
) -> None:
    path = ask_save_path(parent, version, easy_read)
    if path is None:
        return
    ops.run(
        lambda session: Plans(session).export(
            trajectory_id, path, version=version, easy_read=easy_read
        ),
        on_success=lambda saved: done(_("Plan opgeslagen in {path}", path=saved)),
        owner=parent,
    )


def paint_pdf(printer: QPrinter, data: bytes) -> int:
    """Paint every page of ``data`` on ``printer``; returns the number of pages."""
    document = pypdfium2.PdfDocument(data)
    painter = QPainter()
    try:
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                printer.pageLayout().margins(),
            )
        )
        printer.setFullPage(True)
        if not painter.begin(printer):
            raise OSError("printer not ready")
        for index in range(len(document)):
            if index:
                printer.newPage()
            page = document[index]
            bitmap = page.render(scale=PRINT_DPI / 72, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            )
            target = QRectF(painter.viewport())
            painter.drawImage(target, image)
            page.close()
        return len(document)
    finally:
        if painter.isActive():
            painter.end()
        document.close()


def print_plan(
    parent: QWidget,
    ops: Ops,
    trajectory_id: UUID,
    version: int,
    easy_read: bool,
    done: Callable[[str], None],
) -> None:
    def chosen_printer(data: bytes) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(default_file_name(version, easy_read).removesuffix(".pdf"))
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(_("Plan afdrukken"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pages = paint_pdf(printer, data)
        ops.run(
            lambda session: Plans(session).record_print(
                trajectory_id, version, easy_read=easy_read
            ),
            on_success=lambda _none: done(
                _("{pages} bladzijden naar de printer gestuurd.", pages=pages)
            ),
            owner=parent,
        )

    ops.run(
        lambda session: Plans(session).render(trajectory_id, version, easy_read=easy_read),
        on_success=chosen_printer,
        owner=parent,
    )
