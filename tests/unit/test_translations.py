"""Every user-visible text has an English translation with the same placeholders."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from veldwerk_core.i18n import _, catalogue, set_language

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import messages  # noqa: E402

PLACEHOLDER = re.compile(r"\{[^}]*\}")


def test_every_marked_text_has_an_english_translation() -> None:
    english = messages.catalogue()
    missing = sorted(
        {
            f"{path.name}:{line}: {msgid}"
            for msgid, path, line in messages.msgids()
            if not english.get(msgid)
        }
    )
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders() -> None:
    wrong = [
        (msgid, text)
        for msgid, text in messages.catalogue().items()
        if text and sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert not wrong


def test_catalogue_has_no_stale_entries() -> None:
    used = {msgid for msgid, _path, _line in messages.msgids()}
    assert not sorted(set(messages.catalogue()) - used)


def test_language_switch_and_fallback() -> None:
    assert _("Jongeren") == "Jongeren"
    set_language("en")
    assert _("Jongeren") != "Jongeren"
    assert _("Een tekst die nergens vertaald is") == "Een tekst die nergens vertaald is"
    assert _("Kluis aangemaakt in {path}", path="/x").endswith("/x")
    with pytest.raises(ValueError):
        set_language("fr")


def test_catalogue_is_cached_per_language() -> None:
    assert catalogue("en") is catalogue("en")
    assert catalogue("nl") == {}
