"""Rules for easy-read (B1) Dutch: short sentences, no abbreviations.

The easy-read plan is for youths with a mild intellectual disability (LVB). Its own template
sentences follow these rules by construction; text typed by professionals is checked with
:func:`problems` so the editor can warn while they type, and known abbreviations are written
out by :func:`expand_abbreviations` before printing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 15

ABBREVIATIONS: dict[str, str] = {
    "a.s.": "aanstaande",
    "bijv.": "bijvoorbeeld",
    "bv.": "bijvoorbeeld",
    "ca.": "ongeveer",
    "d.m.v.": "door middel van",
    "d.w.z.": "dat wil zeggen",
    "e.d.": "en dergelijke",
    "enz.": "enzovoort",
    "etc.": "enzovoort",
    "evt.": "misschien",
    "i.o.m.": "samen met",
    "i.p.v.": "in plaats van",
    "ipv": "in plaats van",
    "i.v.m.": "omdat",
    "ivm": "omdat",
    "m.b.t.": "over",
    "max.": "hoogstens",
    "min.": "minstens",
    "n.a.v.": "na",
    "nr.": "nummer",
    "o.a.": "onder andere",
    "p.w.": "per week",
    "pw": "per week",
    "t/m": "tot en met",
    "t.z.t.": "later",
    "tel.": "telefoon",
    "wk.": "week",
    "z.s.m.": "zo snel mogelijk",
    "zsm": "zo snel mogelijk",
}
"""Abbreviations with the plain words that replace them in an easy-read text."""

ACRONYMS = frozenset(
    {"BSN", "BOA", "CJG", "GGZ", "LVB", "PGA", "RMC", "VSO", "ZRM", "ZSM", "JGZ", "HALT", "MBO"}
)
"""Professional acronyms a youth may not know; they cannot be written out automatically."""

_WORD = re.compile(r"[\w'’]+(?:[-./][\w'’]+)*\.?", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
_CAPS = re.compile(r"\b[A-Z]{2,5}\b")


@dataclass(frozen=True)
class Problem:
    kind: str
    """``long`` (too many words) or ``abbreviation``."""
    sentence: str
    detail: str
    """The word count, or the abbreviation found."""


def sentences(text: str) -> list[str]:
    """The sentences of ``text``; a line break ends a sentence too (lists, headings)."""
    protected = text
    for abbreviation in ABBREVIATIONS:
        if abbreviation.endswith("."):
            protected = protected.replace(abbreviation, abbreviation.replace(".", "\u2024"))
    parts = (part.strip() for part in _SENTENCE_END.split(protected))
    return [part.replace("\u2024", ".") for part in parts if part]


def words(sentence: str) -> list[str]:
    return [token for token in _WORD.findall(sentence) if any(ch.isalnum() for ch in token)]


def abbreviations_in(text: str) -> list[str]:
    found: list[str] = []
    lowered = f" {text.lower()} "
    for abbreviation in ABBREVIATIONS:
        pattern = r"(?<![\w.])" + re.escape(abbreviation) + r"(?!\w)"
        if re.search(pattern, lowered):
            found.append(abbreviation)
    found += [word for word in _CAPS.findall(text) if word in ACRONYMS]
    return found


def problems(text: str) -> list[Problem]:
    """Where ``text`` breaks the easy-read rules."""
    found: list[Problem] = []
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > MAX_WORDS:
            found.append(Problem("long", sentence, str(count)))
        for abbreviation in abbreviations_in(sentence):
            found.append(Problem("abbreviation", sentence, abbreviation))
    return found


def expand_abbreviations(text: str) -> str:
    """Write out the known abbreviations (``bijv.`` becomes ``bijvoorbeeld``)."""

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        plain = ABBREVIATIONS[found.lower()]
        if found[:1].isupper():
            plain = plain[:1].upper() + plain[1:]
        rest = match.string[match.end() :]
        if found.endswith(".") and (not rest.strip() or rest.lstrip(" ").startswith("\n")):
            plain += "."  # the abbreviation's full stop also ended the sentence
        return plain

    for abbreviation in sorted(ABBREVIATIONS, key=len, reverse=True):
        pattern = r"(?<![\w.])" + re.escape(abbreviation) + r"(?!\w)"
        text = re.sub(pattern, replace, text, flags=re.IGNORECASE)
    return text
