"""Colours that keep text readable: WCAG 2.1 AA asks a contrast of at least 4.5:1 for text.

Qt's default highlight (white on a light blue, 3.7:1) is darkened; the app's own text colours
(errors, warnings, muted hints) are listed here so a test can check each against the
backgrounds they are drawn on (tests/gui/test_contrast.py).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

HIGHLIGHT = "#1f63ad"
"""Selected rows and text: white on it is 6.1:1."""
ERROR = "#b3261e"
WARNING = "#8a5a00"
MUTED = "#5f6368"
TEXT_COLOURS = (ERROR, WARNING, MUTED)
"""The app's own text colours, drawn on the window or base colour."""


def apply(app: QApplication) -> None:
    """The default palette with a highlight that white text stands out on."""
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(HIGHLIGHT))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    app.setPalette(palette)


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, other: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
