"""Simple pictograms for the easy-read plan, drawn as vectors (made for Veldwerk).

One per life domain of the default taxonomy, a few for the plan's sections, and a neutral one
for domains a municipality adds. Each draws in a 100 x 100 box: thick lines, few details, one
colour, so they stay clear when printed in black and white.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

_Draw = Callable[[Canvas, Color], None]


def _house(c: Canvas, ink: Color) -> None:
    c.rect(24, 12, 52, 44, stroke=1, fill=1)
    path = c.beginPath()
    path.moveTo(12, 54)
    path.lineTo(50, 88)
    path.lineTo(88, 54)
    path.close()
    c.drawPath(path, stroke=1, fill=1)
    c.setFillColor(white)
    c.rect(43, 12, 14, 24, stroke=1, fill=1)


def _book(c: Canvas, ink: Color) -> None:
    for sign in (-1, 1):
        path = c.beginPath()
        path.moveTo(50, 20)
        path.lineTo(50 + sign * 38, 28)
        path.lineTo(50 + sign * 38, 82)
        path.lineTo(50, 74)
        path.close()
        c.drawPath(path, stroke=1, fill=1)
    c.setStrokeColor(white)
    for y in (44, 54, 64):
        c.line(58, y, 80, y + 4)
        c.line(42, y, 20, y + 4)


def _buildings(c: Canvas, ink: Color) -> None:
    c.rect(14, 12, 30, 62, stroke=1, fill=1)
    c.rect(52, 12, 34, 44, stroke=1, fill=1)
    c.setFillColor(white)
    for x in (20, 32):
        for y in (24, 40, 56):
            c.rect(x, y, 6, 8, stroke=0, fill=1)
    for x in (60, 74):
        for y in (24, 40):
            c.rect(x, y, 6, 8, stroke=0, fill=1)


def _phone(c: Canvas, ink: Color) -> None:
    c.roundRect(30, 8, 40, 84, 8, stroke=1, fill=1)
    c.setFillColor(white)
    c.rect(35, 22, 30, 60, stroke=0, fill=1)
    c.circle(50, 15, 3, stroke=0, fill=1)


def _ball(c: Canvas, ink: Color) -> None:
    c.setFillColor(white)
    c.circle(50, 50, 38, stroke=1, fill=1)
    c.setFillColor(ink)
    path = c.beginPath()
    points = [(50, 64), (63, 54), (58, 39), (42, 39), (37, 54)]
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    c.drawPath(path, stroke=1, fill=1)
    for (x, y), (ex, ey) in zip(
        points, [(50, 88), (86, 60), (72, 18), (28, 18), (14, 60)], strict=True
    ):
        c.line(x, y, ex, ey)


def _briefcase(c: Canvas, ink: Color) -> None:
    c.roundRect(10, 16, 80, 54, 6, stroke=1, fill=1)
    c.setFillColor(white)
    c.roundRect(36, 68, 28, 16, 4, stroke=1, fill=0)
    c.line(10, 46, 90, 46)
    c.rect(45, 40, 10, 12, stroke=1, fill=1)


def _target(c: Canvas, ink: Color) -> None:
    for radius, filled in ((40, True), (27, False), (14, True)):
        c.setFillColor(ink if filled else white)
        c.circle(50, 50, radius, stroke=1, fill=1)


def _people(c: Canvas, ink: Color) -> None:
    for x, scale in ((26, 0.8), (74, 0.8), (50, 1.0)):
        c.circle(x, 62 + 6 * scale, 10 * scale, stroke=1, fill=1)
        c.wedge(x - 20 * scale, 14, x + 20 * scale, 14 + 44 * scale, 0, 180, stroke=1, fill=1)


def _shield(c: Canvas, ink: Color) -> None:
    path = c.beginPath()
    path.moveTo(50, 92)
    path.lineTo(84, 78)
    path.curveTo(84, 40, 72, 20, 50, 8)
    path.curveTo(28, 20, 16, 40, 16, 78)
    path.close()
    c.drawPath(path, stroke=1, fill=1)
    c.setStrokeColor(white)
    c.setLineWidth(7)
    c.line(34, 50, 46, 38)
    c.line(46, 38, 68, 62)


def _calendar(c: Canvas, ink: Color) -> None:
    c.rect(12, 12, 76, 70, stroke=1, fill=0)
    c.rect(12, 64, 76, 18, stroke=1, fill=1)
    c.line(30, 76, 30, 92)
    c.line(70, 76, 70, 92)
    for x in (22, 42, 62):
        for y in (24, 44):
            c.rect(x, y, 14, 12, stroke=0, fill=1)


def _clipboard(c: Canvas, ink: Color) -> None:
    c.roundRect(18, 6, 64, 82, 6, stroke=1, fill=1)
    c.setFillColor(white)
    c.roundRect(36, 80, 28, 14, 4, stroke=1, fill=1)
    c.rect(26, 14, 48, 60, stroke=0, fill=1)
    c.setStrokeColor(ink)
    c.setLineWidth(5)
    for y in (60, 42, 24):
        c.line(30, y, 35, y - 5)
        c.line(35, y - 5, 43, y + 5)
        c.line(50, y, 68, y)


def _heart(c: Canvas, ink: Color) -> None:
    path = c.beginPath()
    path.moveTo(50, 14)
    path.curveTo(20, 36, 8, 52, 12, 68)
    path.curveTo(16, 88, 44, 92, 50, 70)
    path.curveTo(56, 92, 84, 88, 88, 68)
    path.curveTo(92, 52, 80, 36, 50, 14)
    path.close()
    c.drawPath(path, stroke=1, fill=1)


def _speech(c: Canvas, ink: Color) -> None:
    c.roundRect(8, 30, 84, 58, 14, stroke=1, fill=1)
    path = c.beginPath()
    path.moveTo(24, 32)
    path.lineTo(18, 10)
    path.lineTo(44, 32)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    c.setFillColor(white)
    for x in (30, 50, 70):
        c.circle(x, 59, 6, stroke=0, fill=1)


def _pen(c: Canvas, ink: Color) -> None:
    c.saveState()
    c.translate(50, 50)
    c.rotate(-45)
    c.rect(-8, -22, 16, 56, stroke=1, fill=1)
    path = c.beginPath()
    path.moveTo(-8, -22)
    path.lineTo(0, -38)
    path.lineTo(8, -22)
    path.close()
    c.drawPath(path, stroke=1, fill=1)
    c.restoreState()
    c.line(14, 12, 60, 12)


_DOMAINS: dict[str, tuple[_Draw, str]] = {
    "thuis": (_house, "#d9822b"),
    "school": (_book, "#2b6cb0"),
    "straat": (_buildings, "#6b7280"),
    "online": (_phone, "#7c3aed"),
    "vrije_tijd": (_ball, "#15803d"),
    "werk": (_briefcase, "#92400e"),
}
_SECTIONS: dict[str, tuple[_Draw, str]] = {
    "help": (_speech, "#0f766e"),
    "goal": (_target, "#b91c1c"),
    "agreements": (_clipboard, "#1d4ed8"),
    "support": (_heart, "#be185d"),
    "network": (_people, "#0e7490"),
    "safety": (_shield, "#15803d"),
    "evaluation": (_calendar, "#7c2d12"),
    "signature": (_pen, "#374151"),
}

SECTION_NAMES = tuple(_SECTIONS)
DOMAIN_NAMES = tuple(_DOMAINS)


def draw(c: Canvas, name: str, x: float, y: float, size: float) -> None:
    """Draw pictogram ``name`` (a life-domain code or a section name) in a square at x, y."""
    shape, colour = _DOMAINS.get(name) or _SECTIONS.get(name) or (_target, "#4b5563")
    c.saveState()
    c.translate(x, y)
    c.scale(size / 100, size / 100)
    fill: Color = HexColor(colour)
    c.setFillColor(fill)
    c.setStrokeColor(fill)
    c.setLineWidth(4)
    c.setLineJoin(1)
    c.setLineCap(1)
    shape(c, fill)
    c.restoreState()


class Pictogram(Flowable):  # type: ignore[misc]
    """A pictogram as a flowable, for tables and stories."""

    def __init__(self, name: str, size: float) -> None:
        super().__init__()
        self.name = name
        self.size = size
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw(self.canv, self.name, 0, 0, self.size)
