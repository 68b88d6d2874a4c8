"""The monitoring report as a PDF, made on the server with the kernel's small PDF writer
(veldwerk_core/access/pdf.py: the server installs without reportlab, see docs/architecture.md
and tests/unit/test_packaging.py) - one writer for every report the server makes."""

from __future__ import annotations

from itertools import groupby

from server.services.monitoring_report import Report, shown
from veldwerk_core.access.pdf import Document

HEADERS = ("", "aantal", "nulmeting", "verschil")
SHARES = (4.0, 1.0, 1.0, 1.0)


def pdf_bytes(report: Report) -> bytes:
    title = f"Monitoring {report.municipality} {report.period.text()}"
    document = Document(title, footer=title)
    document.heading("Monitoring Preventie met Gezag", size=15)
    document.paragraph(f"Gemeente {report.municipality}, periode {report.period.text()}")
    baseline = report.baseline.text() if report.baseline else "nog niet vastgelegd"
    document.paragraph(f"Nulmeting: {baseline}. Aantallen van 1 tot en met 4 staan als <5.")
    document.paragraph(
        f"Gemaakt op {report.made_at:%Y-%m-%d %H:%M} UTC; alleen totalen, nooit een jongere."
    )
    for table_id, rows in groupby(report.rows, key=lambda row: row.table_id):
        listed = list(rows)
        document.heading(f"{table_id}  {listed[0].title}", size=10.5)
        document.table(
            HEADERS,
            [
                (
                    row.label,
                    shown(row.value),
                    shown(row.baseline, row.compared),
                    "" if row.change is None else f"{row.change:+d}",
                )
                for row in listed
            ],
            SHARES,
        )
    return document.render()
