"""Rules for easy-read (B1) Dutch: short sentences, no abbreviations, no unexplained jargon.

The easy-read plan is for youths with a mild intellectual disability (LVB). Its own template
sentences follow these rules by construction; text typed by professionals is checked with
:func:`problems` so the editor can warn while they type (every field that prints in the
easy-read plan has that warning), and abbreviations that mean one thing only are written out
by :func:`expand_abbreviations` before printing. An abbreviation that can mean more than one
thing (``i.o.m.``: in overleg met, not "samen met") is never written out by Veldwerk: the
editor asks the coach to write it out. Words from the professional world that a youth may not
know get a plain explanation in the plan's word list (:data:`JARGON`, :func:`jargon_in`).
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
    "i.p.v.": "in plaats van",
    "ipv": "in plaats van",
    "max.": "hoogstens",
    "min.": "minstens",
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

AMBIGUOUS: dict[str, str] = {
    "evt.": "eventueel",
    "i.o.m.": "in overleg met",
    "i.v.m.": "in verband met",
    "ivm": "in verband met",
    "m.b.t.": "met betrekking tot",
    "n.a.v.": "naar aanleiding van",
    "t.a.v.": "ten aanzien van",
}
"""Abbreviations whose plain meaning depends on the sentence: the coach writes them out."""

JARGON: dict[str, str] = {
    "leerplicht": "De regel dat je naar school moet.",
    "leerplichtambtenaar": "Iemand van de gemeente die let op of je naar school gaat.",
    "ongeoorloofd verzuim": "Wegblijven van school zonder goede reden.",
    "verzuim": "Niet op school of werk zijn terwijl dat wel moet.",
    "evaluatie": "Een gesprek over hoe het gaat.",
    "evalueren": "Samen bespreken hoe het gaat.",
    "contributie": "Geld dat je betaalt om lid te zijn van een club.",
    "schuldhulpverlening": "Hulp bij het aflossen van schulden.",
    "schuldregeling": "Een plan om schulden af te betalen.",
    "budgetbeheer": "Iemand helpt je met je geld.",
    "jeugdreclassering": "Een begeleider die je helpt na een straf of een zaak bij de rechter.",
    "hulpverlening": "Hulp van mensen die dat als werk doen.",
    "hulpverlener": "Iemand die als werk mensen helpt.",
    "interventie": "Een aanpak om te helpen.",
    "indicatie": "Een besluit dat je hulp mag krijgen.",
    "dagbesteding": "Een plek waar je overdag werkt of iets leert.",
    "uitkering": "Geld van de overheid om van te leven.",
    "toeleiding": "Iemand brengt je naar de goede hulp.",
    "mentor": "De leraar die jou op school helpt.",
    "stage": "Werken om te leren, als deel van je school.",
    "kwalificatieplicht": "De regel dat je naar school moet tot je een diploma hebt.",
}
"""Words a youth with LVB may not know, with a plain explanation for the plan's word list."""

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
    """``long`` (too many words), ``abbreviation`` (written out when printed, or an acronym),
    or ``ambiguous`` (an abbreviation the coach must write out). Jargon is no problem: the
    plan explains it (:func:`jargon_in`)."""
    sentence: str
    detail: str
    """The word count, or the abbreviation found."""


def sentences(text: str) -> list[str]:
    """The sentences of ``text``; a line break ends a sentence too (lists, headings)."""
    protected = text
    for abbreviation in (*ABBREVIATIONS, *AMBIGUOUS):
        if abbreviation.endswith("."):
            protected = protected.replace(abbreviation, abbreviation.replace(".", "\u2024"))
    parts = (part.strip() for part in _SENTENCE_END.split(protected))
    return [part.replace("\u2024", ".") for part in parts if part]


def words(sentence: str) -> list[str]:
    return [token for token in _WORD.findall(sentence) if any(ch.isalnum() for ch in token)]


def jargon_in(text: str) -> list[str]:
    """The words of :data:`JARGON` in ``text`` (a longer term before the word inside it)."""
    lowered = text.lower()
    found: list[str] = []
    for term in sorted(JARGON, key=len, reverse=True):
        pattern = r"(?<!\w)" + re.escape(term) + r"(?!\w)"
        if re.search(pattern, lowered) and not any(term in longer for longer in found):
            found.append(term)
    return sorted(found)


def abbreviations_in(text: str, table: dict[str, str] = ABBREVIATIONS) -> list[str]:
    found: list[str] = []
    lowered = f" {text.lower()} "
    for abbreviation in table:
        pattern = r"(?<![\w.])" + re.escape(abbreviation) + r"(?!\w)"
        if re.search(pattern, lowered):
            found.append(abbreviation)
    if table is ABBREVIATIONS:
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
        for abbreviation in abbreviations_in(sentence, AMBIGUOUS):
            found.append(Problem("ambiguous", sentence, abbreviation))
    return found


def expand_abbreviations(text: str) -> str:
    """Write out the abbreviations that mean one thing only (``bijv.`` becomes
    ``bijvoorbeeld``); ambiguous ones (:data:`AMBIGUOUS`) stay as the coach wrote them."""

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
