"""The command line in the app's language: argparse's own words, and questions that need a
terminal.

argparse words its help and errors in English through ``gettext``; without a compiled
catalogue these are swapped here for the app's translation function, so ``veldwerk --help``
and its error messages are Dutch in the Dutch app. Questions asked at the terminal (a name,
a passphrase) say which option or variable to give instead when there is no terminal.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from veldwerk_core.i18n import N_, _
from veldwerk_core.models.errors import VeldwerkError

ARGPARSE: dict[str, str] = {
    "usage: ": N_("gebruik: "),
    "positional arguments": N_("argumenten"),
    "options": N_("opties"),
    "optional arguments": N_("opties"),
    "show this help message and exit": N_("deze hulp tonen en stoppen"),
    "show program's version number and exit": N_("het versienummer tonen en stoppen"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: fout: %(message)s\n"),
    "the following arguments are required: %s": N_("deze argumenten ontbreken: %s"),
    "unrecognized arguments: %s": N_("onbekende argumenten: %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_(
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": N_("argument %(argument_name)s: %(message)s"),
    "invalid %(type)s value: %(value)r": N_("ongeldige waarde: %(value)r"),
    "expected one argument": N_("verwacht één waarde"),
    "expected at most one argument": N_("verwacht hoogstens één waarde"),
    "expected at least one argument": N_("verwacht minstens één waarde"),
    "ambiguous option: %(option)s could match %(matches)s": N_(
        "onduidelijke optie: %(option)s kan %(matches)s zijn"
    ),
    "not allowed with argument %s": N_("niet samen met argument %s"),
}
"""argparse's English texts (Python 3.11) and the Dutch ones the app says instead."""


def _translated(text: str) -> str:
    dutch = ARGPARSE.get(text)
    return text if dutch is None else _(dutch)


def _translated_plural(singular: str, plural: str, n: int) -> str:
    return _translated(singular if n == 1 else plural)


def speak_the_app_language() -> None:
    """From now on argparse words help and errors through the app's translations."""
    argparse._ = _translated  # type: ignore[attr-defined]
    argparse.ngettext = _translated_plural  # type: ignore[attr-defined]


class NoTerminal(VeldwerkError):
    message = N_("Er is geen terminal om {question} te vragen. Geef {instead} mee.")


def ask(prompt: str, question: str, instead: str, *, secret: bool = False) -> str:
    """Ask at the terminal; without one, say which option or variable to give instead."""
    if not sys.stdin.isatty():
        raise NoTerminal(question=question, instead=instead)
    try:
        return getpass.getpass(prompt) if secret else input(prompt)
    except EOFError:
        raise NoTerminal(question=question, instead=instead) from None
