"""The one translation function for every user-visible text.

Dutch is the source language: a message id *is* the Dutch text, so Dutch needs no catalogue and
a missing English entry degrades to Dutch rather than to a key. English catalogues are JSON files
in ``resources/translations/en/`` (one per area, merged), mapping the Dutch text to English.

Texts defined at import time (labels of enums and fields) are marked with :func:`N_` and
translated where they are shown, so switching language never needs a re-import.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from veldwerk_core.resources import resource

DEFAULT_LANGUAGE = "nl"
LANGUAGES: Mapping[str, str] = {"nl": "Nederlands", "en": "English"}

_language = DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Switch the language for the whole process."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    _language = language


def language() -> str:
    return _language


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """All message translations of ``language``, merged from its catalogue files."""
    if language == DEFAULT_LANGUAGE:
        return {}
    merged: dict[str, str] = {}
    folder = resource("translations", language)
    for path in sorted(Path(folder).glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(entries, dict):
            raise ValueError(f"{path.name}: a catalogue must be a JSON object")
        merged.update({key: value for key, value in entries.items() if value})
    return merged


def _(msgid: str, /, **values: object) -> str:
    """Translate ``msgid`` (Dutch) to the current language and fill in ``{placeholders}``."""
    text = catalogue(_language).get(msgid, msgid)
    return text.format_map(_Values(values)) if values else text


class _Values(dict[str, object]):
    """Leaves an unknown ``{placeholder}`` visible instead of failing on it."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def N_(msgid: str, /) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a text for translation without translating it yet."""
    return msgid
