"""Text as Veldwerk compares it, the same on every device and on the server."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Lower case without accents: how names are compared and sorted ("Zoë" == "zoe")."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
