"""A small PDF writer for the access report and the data overview: headings, paragraphs and
tables of text in Helvetica, with page numbers.

The server writes these reports too and installs without reportlab (docs/server.md), so the
kernel has this writer of its own; it needs only the standard library. Text uses the PDF's
built-in Helvetica with WinAnsiEncoding (cp1252: every Dutch letter); a character outside it
is written as "?". Widths are Helvetica's published metrics, so wrapping is exact.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

A4 = (595.28, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
MARGIN = 42.0

# Advance widths (1/1000 em) of the characters 32..255 in WinAnsiEncoding (Adobe's core
# font metrics for Helvetica and Helvetica-Bold).
_REGULAR = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 "
    "556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 "
    "556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 "
    "500 500 500 334 260 334 584 350 556 350 222 556 333 1000 556 556 333 1000 667 333 1000 "
    "350 611 350 350 222 222 333 333 350 556 1000 333 1000 500 333 944 350 500 667 278 333 556 "
    "556 556 556 260 556 333 737 370 556 584 333 737 333 400 584 333 333 333 556 537 278 333 "
    "333 365 556 834 834 834 611 667 667 667 667 667 667 1000 722 667 667 667 667 278 278 278 "
    "278 722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611 556 556 556 556 556 "
    "556 889 500 556 556 556 556 278 278 278 278 556 556 556 556 556 556 556 584 611 556 556 "
    "556 556 500 556 500"
)
_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 "
    "611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 "
    "611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 "
    "556 556 500 389 280 389 584 350 556 350 278 556 500 1000 556 556 333 1000 667 333 1000 "
    "350 611 350 350 278 278 500 500 350 556 1000 333 1000 556 333 944 350 500 667 278 333 556 "
    "556 556 556 280 556 333 737 370 556 584 333 737 333 400 584 333 333 333 611 556 278 333 "
    "333 365 556 834 834 834 611 722 722 722 722 722 722 1000 722 667 667 667 667 278 278 278 "
    "278 722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611 556 556 556 556 556 "
    "556 889 556 556 556 556 556 278 278 278 278 611 611 611 611 611 611 611 584 611 611 611 "
    "611 611 556 611 556"
)
_WIDTHS = {
    False: tuple(int(width) for width in _REGULAR.split()),
    True: tuple(int(width) for width in _BOLD.split()),
}
_FONT = {False: "F1", True: "F2"}


def _encode(text: str) -> bytes:
    return " ".join(text.split()).encode("cp1252", errors="replace")


@lru_cache(maxsize=16384)
def _word(word: str, bold: bool) -> int:
    """A word's width in 1/1000 em (a report repeats its names and labels: cached)."""
    table = _WIDTHS[bold]
    return sum(table[byte - 32] if byte >= 32 else 0 for byte in word.encode("cp1252", "replace"))


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points."""
    words = text.split()
    if not words:
        return 0.0
    space = _WIDTHS[bold][0]
    return (sum(_word(word, bold) for word in words) + space * (len(words) - 1)) * size / 1000


@lru_cache(maxsize=8192)
def wrap(text: str, room: float, size: float, bold: bool = False) -> tuple[str, ...]:
    """``text`` in lines no wider than ``room`` (a word longer than a line is cut)."""
    limit = room * 1000 / size
    space = _WIDTHS[bold][0]
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line: list[str] = []
        used = 0
        for word in paragraph.split():
            wide = _word(word, bold)
            if line and used + space + wide <= limit:
                line.append(word)
                used += space + wide
                continue
            if not line and wide <= limit:
                line, used = [word], wide
                continue
            if line:
                lines.append(" ".join(line))
            while _word(word, bold) > limit and len(word) > 1:
                cut = len(word)
                while cut > 1 and _word(word[:cut], bold) > limit:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line, used = [word], _word(word, bold)
        lines.append(" ".join(line))
    return tuple(lines)


def _literal(text: str) -> bytes:
    raw = _encode(text)
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


@dataclass
class _Page:
    ops: list[bytes] = field(default_factory=list)


class Document:
    """Flowing text on pages; :meth:`render` gives the PDF file's bytes."""

    def __init__(self, title: str, *, size: tuple[float, float] = A4, footer: str = "") -> None:
        self.title = title
        self.footer = footer
        self.page_width, self.page_height = size
        self.room = self.page_width - 2 * MARGIN
        self._pages: list[_Page] = []
        self._y = 0.0
        self._new_page()

    # -- flowing content ---------------------------------------------------------------

    def heading(self, text: str, size: float = 14) -> None:
        self.space(size * 0.6)
        self.paragraph(text, size=size, bold=True, keep=3)
        self.space(size * 0.3)

    def paragraph(self, text: str, size: float = 10, bold: bool = False, keep: int = 1) -> None:
        lines = wrap(text, self.room, size, bold)
        leading = size * 1.3
        self._room_for(leading * min(len(lines), keep))
        for line in lines:
            self._room_for(leading)
            self._text(MARGIN, self._y - size, line, size, bold)
            self._y -= leading

    def pairs(self, items: Sequence[tuple[str, str]], size: float = 10) -> None:
        """Label and value side by side (a record's fields)."""
        label_room = self.room * 0.32
        value_room = self.room - label_room - 8
        leading = size * 1.3
        for label, value in items:
            left = wrap(label, label_room, size, True)
            right = wrap(value, value_room, size)
            for number in range(max(len(left), len(right))):
                self._room_for(leading)
                if number < len(left):
                    self._text(MARGIN, self._y - size, left[number], size, True)
                if number < len(right):
                    self._text(MARGIN + label_room + 8, self._y - size, right[number], size, False)
                self._y -= leading

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        shares: Sequence[float],
        size: float = 8,
    ) -> None:
        """A table whose columns take ``shares`` of the width; the header repeats on each
        page, and a row is never split over two pages."""
        total = sum(shares)
        widths = [self.room * share / total for share in shares]
        leading = size * 1.25
        pad = 3.0

        def cells(values: Sequence[str], bold: bool) -> list[tuple[str, ...]]:
            return [
                wrap(value, column - 2 * pad, size, bold)
                for value, column in zip(values, widths, strict=True)
            ]

        head = cells(headers, True)

        def draw(wrapped: list[tuple[str, ...]], bold: bool, shade: bool) -> None:
            height = max(len(lines) for lines in wrapped) * leading + pad
            if shade:
                self._page.ops.append(
                    b"0.9 g %.2f %.2f %.2f %.2f re f 0 g"
                    % (MARGIN, self._y - height, self.room, height)
                )
            x = MARGIN
            for lines, column in zip(wrapped, widths, strict=True):
                for number, line in enumerate(lines):
                    self._text(x + pad, self._y - size - number * leading, line, size, bold)
                x += column
            self._y -= height
            self._page.ops.append(
                b"0.6 G 0.4 w %.2f %.2f m %.2f %.2f l S 0 G"
                % (MARGIN, self._y, MARGIN + self.room, self._y)
            )

        def height_of(wrapped: list[tuple[str, ...]]) -> float:
            return max(len(lines) for lines in wrapped) * leading + pad

        self._room_for(height_of(head) * 2)
        draw(head, True, True)
        for row in rows:
            wrapped = cells(row, False)
            if self._y - height_of(wrapped) < MARGIN + 20:
                self._new_page()
                draw(head, True, True)
            draw(wrapped, False, False)

    def space(self, points: float) -> None:
        self._y -= points

    # -- the file ------------------------------------------------------------------------

    def render(self) -> bytes:
        pages = len(self._pages)
        objects: list[bytes] = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"",  # the page tree, once the pages' numbers are known
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
            b"/Encoding /WinAnsiEncoding >>",
            b"<< /Title " + _literal(self.title) + b" /Producer (Veldwerk) >>",
        ]
        kids: list[int] = []
        for number, page in enumerate(self._pages, start=1):
            footer = (
                f"{self.footer}    {number} / {pages}" if self.footer else f"{number} / {pages}"
            )
            ops = [*page.ops, self._text_op(MARGIN, MARGIN / 2, footer, 7, False)]
            stream = zlib.compress(b"\n".join(ops))
            objects.append(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
                + stream
                + b"\nendstream"
            )
            content = len(objects)
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
                b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
                % (self.page_width, self.page_height, content)
            )
            kids.append(len(objects))
        objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % kid for kid in kids),
            pages,
        )
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1,
            xref,
        )
        return bytes(out)

    # -- internals -----------------------------------------------------------------------

    @property
    def _page(self) -> _Page:
        return self._pages[-1]

    def _new_page(self) -> None:
        self._pages.append(_Page())
        self._y = self.page_height - MARGIN

    def _room_for(self, height: float) -> None:
        if self._y - height < MARGIN + 20 and self._page.ops:
            self._new_page()

    def _text(self, x: float, y: float, text: str, size: float, bold: bool) -> None:
        if text:
            self._page.ops.append(self._text_op(x, y, text, size, bold))

    @staticmethod
    def _text_op(x: float, y: float, text: str, size: float, bold: bool) -> bytes:
        return b"BT /%s %.1f Tf %.2f %.2f Td %s Tj ET" % (
            _FONT[bold].encode(),
            size,
            x,
            y,
            _literal(text),
        )
