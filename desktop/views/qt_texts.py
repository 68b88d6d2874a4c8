"""Qt's own texts that its Dutch catalogue (qtbase_nl) lacks.

Qt 6 renamed some strings (a file dialog's "&Look in:", "Files of &type:"; the print dialog's
double-sided printing) and the Dutch catalogue still has only the old ones, so those showed
in English in the Dutch app. This translator, installed after Qt's own, answers them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

from veldwerk_core.i18n import N_, _

MISSING: dict[str, str] = {
    "&Look in:": N_("&Zoeken in:"),
    "Files of &type:": N_("Bestanden van &type:"),
    "Double Sided Printing": N_("Dubbelzijdig afdrukken"),
    "Long side binding": N_("Binden langs de lange kant"),
    "Short side binding": N_("Binden langs de korte kant"),
    "Page &Set:": N_("&Pagina's:"),
    "All Pages": N_("Alle pagina's"),
    "Odd Pages": N_("Oneven pagina's"),
    "Even Pages": N_("Even pagina's"),
}
"""Qt's English source text and the Dutch the app shows instead."""


class MissingQtTexts(QTranslator):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        """The Dutch text; None (no translation here) lets Qt's own catalogue answer."""
        dutch = MISSING.get(source)
        return None if dutch is None else _(dutch)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False
