"""Text contrast of the default palette and the app's own text colours is at least 4.5:1
(WCAG 2.1 AA, issue 18, 3), computed from the palette the app sets."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.views import palette

AA = 4.5
R = QPalette.ColorRole
PAIRS = (
    (R.WindowText, R.Window),
    (R.Text, R.Base),
    (R.Text, R.AlternateBase),
    (R.ButtonText, R.Button),
    (R.HighlightedText, R.Highlight),
    (R.Link, R.Base),
    (R.ToolTipText, R.ToolTipBase),
)


def test_the_palette_and_the_apps_colours_reach_aa(qapp: QApplication) -> None:
    before = qapp.palette()
    try:
        palette.apply(qapp)
        current = qapp.palette()
        low = []
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            for text, background in PAIRS:
                ratio = palette.contrast(
                    current.color(group, text), current.color(group, background)
                )
                if ratio < AA:
                    low.append(f"{group.name} {text.name} on {background.name}: {ratio:.2f}")
            for colour in palette.TEXT_COLOURS:
                for background in (R.Window, R.Base):
                    ratio = palette.contrast(QColor(colour), current.color(group, background))
                    if ratio < AA:
                        low.append(f"{colour} on {background.name}: {ratio:.2f}")
        assert low == []
    finally:
        qapp.setPalette(before)


def test_the_contrast_formula() -> None:
    assert round(palette.contrast(QColor("#000000"), QColor("#ffffff")), 1) == 21.0
    assert round(palette.contrast(QColor("#777777"), QColor("#ffffff")), 2) == 4.48
