"""What every PDF plan shares: the embedded font, page numbering, dates, building."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

from babel.dates import format_date
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from veldwerk_core.resources import resource

FONT = "VeldwerkSans"
FONT_BOLD = "VeldwerkSans-Bold"
PAGE = A4
MARGIN = 18 * mm
FOOTER_Y = 10 * mm

# (page number, page count) -> (left, right) footer texts
Footer = Callable[[int, int], tuple[str, str]]


@cache
def register_fonts() -> None:
    """Embed DejaVu Sans (all Dutch letters: ë, ï, é, ĳ...), shipped in resources/fonts."""
    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def short_date(day: date | None) -> str:
    """dd-mm-jjjj, as Dutch professionals write dates."""
    return day.strftime("%d-%m-%Y") if day else ""


def long_date(day: date, *, weekday: bool = False) -> str:
    """``2 maart 2026`` (or ``maandag 2 maart 2026``): no numbers to decode in easy-read text."""
    return format_date(day, "EEEE d MMMM y" if weekday else "d MMMM y", locale="nl")


def _numbered_canvas(footer: Footer, font_size: float, colour: tuple[float, float, float]) -> type:
    """A canvas that knows the page count when it draws the footers (two-pass numbering)."""

    class NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = FONT
            kwargs["lang"] = "nl-NL"
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                left, right = footer(number, total)
                self.setFont(FONT, font_size)
                self.setFillColorRGB(*colour)
                self.drawString(MARGIN, FOOTER_Y, left)
                self.drawRightString(PAGE[0] - MARGIN, FOOTER_Y, right)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    footer: Footer,
    footer_size: float = 8,
    bottom_margin: float = MARGIN,
) -> bytes:
    """Lay out ``story`` on A4 and return the PDF; nothing touches the disk."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=bottom_margin,
        title=title,
        author="Veldwerk",
        creator="Veldwerk",
    )
    document.build(
        list(story), canvasmaker=_numbered_canvas(footer, footer_size, (0.35, 0.35, 0.35))
    )
    return buffer.getvalue()
