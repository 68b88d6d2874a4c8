"""The monitoring report as a PDF, made on the server.

The server installs without reportlab (the app's PDF library stays the app's: docs/
architecture.md, tests/unit/test_packaging.py), so this page is drawn with pypdf, which the
project already uses to check PDFs: pypdf writes the document (objects, cross-reference,
compression), this module the few text operators of a table page. Helvetica is one of PDF's
standard fonts (WinAnsi encoding holds Dutch text); its digits are all 0.556 em wide, which
lets numbers be right-aligned exactly.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from pypdf import PdfWriter
from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject

from server.services.monitoring_report import TOTAL, Report, Row, shown

WIDTH, HEIGHT = 595.0, 842.0  # A4 in points
MARGIN = 50.0
LINE = 14.0
SIZE = 9.0
DIGIT = 0.556  # Helvetica's digit width, in em
COLUMNS = (350.0, 420.0, 490.0)  # right edges of aantal, nulmeting, verschil
NUMBER_CHARS = {**{str(digit): DIGIT for digit in range(10)}, "+": 0.584, "-": 0.333, "<": 0.584}


def _font(name: str) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(name),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


def _text(value: str) -> bytes:
    raw = value.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _fit(value: str, chars: int) -> str:
    return value if len(value) <= chars else value[: chars - 1] + "…"


class _Page:
    def __init__(self) -> None:
        self.ops: list[bytes] = []
        self.y = HEIGHT - MARGIN

    def text(self, x: float, value: str, *, bold: bool = False, size: float = SIZE) -> None:
        font = b"/F2" if bold else b"/F1"
        self.ops.append(
            b"BT %s %.1f Tf %.2f %.2f Td %s Tj ET" % (font, size, x, self.y, _text(value))
        )

    def number(self, right: float, value: str, *, bold: bool = False) -> None:
        width = sum(NUMBER_CHARS.get(char, 0.6) for char in value) * SIZE
        self.text(right - width, value, bold=bold)

    def rule(self) -> None:
        y = self.y + LINE * 0.6
        self.ops.append(b"0.5 w %.2f %.2f m %.2f %.2f l S" % (MARGIN, y, WIDTH - MARGIN, y))

    def down(self, lines: float = 1.0) -> None:
        self.y -= LINE * lines

    @property
    def full(self) -> bool:
        return self.y < MARGIN + 3 * LINE


def _pages(report: Report) -> Iterator[_Page]:
    page = _Page()
    page.text(MARGIN, "Monitoring Preventie met Gezag", bold=True, size=15)
    page.down(1.6)
    page.text(MARGIN, f"Gemeente {report.municipality}, periode {report.period.text()}")
    page.down()
    baseline = report.baseline.text() if report.baseline else "nog niet vastgelegd"
    page.text(MARGIN, f"Nulmeting: {baseline}. Aantallen van 1 tot en met 4 staan als <5.")
    page.down()
    page.text(
        MARGIN,
        f"Gemaakt op {report.made_at:%Y-%m-%d %H:%M} UTC; alleen totalen, nooit een jongere.",
    )
    page.down(2)
    table_id = ""
    for row in report.rows:
        if page.full or (row.table_id != table_id and page.y < MARGIN + 6 * LINE):
            yield page
            page = _Page()
            table_id = ""
        if row.table_id != table_id:
            table_id = row.table_id
            _heading(page, row)
        _row(page, row)
    yield page


def _heading(page: _Page, row: Row) -> None:
    page.down(0.5)
    page.text(MARGIN, f"{row.table_id}  {row.title}", bold=True, size=10.5)
    page.down()
    for right, name in zip(COLUMNS, ("aantal", "nulmeting", "verschil"), strict=True):
        page.text(right - len(name) * 4.6, name, bold=True)
    page.down()


def _row(page: _Page, row: Row) -> None:
    total = row.key == TOTAL
    if total:
        page.rule()
    page.text(MARGIN + 10, _fit(row.label, 60), bold=total)
    page.number(COLUMNS[0], shown(row.value), bold=total)
    page.number(COLUMNS[1], shown(row.baseline, row.compared), bold=total)
    change = row.change
    page.number(COLUMNS[2], "" if change is None else f"{change:+d}", bold=total)
    page.down()


def pdf_bytes(report: Report) -> bytes:
    writer = PdfWriter()
    fonts = DictionaryObject(
        {NameObject("/F1"): _font("/Helvetica"), NameObject("/F2"): _font("/Helvetica-Bold")}
    )
    pages = list(_pages(report))
    for number, drawn in enumerate(pages, start=1):
        drawn.y = MARGIN - LINE
        drawn.text(WIDTH - MARGIN - 60, f"pagina {number} van {len(pages)}")
        page = writer.add_blank_page(width=WIDTH, height=HEIGHT)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        content = DecodedStreamObject()
        content.set_data(b"\n".join(drawn.ops))
        page.replace_contents(ContentStream(content, writer))
        page.compress_content_streams()
    writer.add_metadata(
        {
            "/Title": f"Monitoring {report.municipality} {report.period.text()}",
            "/Producer": "Veldwerk server",
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
