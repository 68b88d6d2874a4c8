"""What both databases can store: the one check every record and wire shape runs on its values.

PostgreSQL refuses NUL in text and in JSON, no UTF-8 encoder writes a lone surrogate
(``"\\ud800"``, which Python's JSON reader happily produces), PostgreSQL's JSON has no NaN or
Infinity, and its integer columns hold 64 bits. SQLite stores most of these without a word, so
the same push was applied on one database and crashed the request on the other. Refusing such
values where they enter - a record a person types, a shape that crosses the network - makes
the answer the same everywhere and names the field: the app says what is wrong, the server
sends a 4xx with the field instead of failing inside the database.

Text length is bounded by the models themselves (``max_length`` per field, ``str_max_length``
in each model's configuration as the default); see tests/unit/test_storable.py, which walks
every model.
"""

from __future__ import annotations

import math
import re
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel

from veldwerk_core.i18n import N_
from veldwerk_core.models.errors import UNSTORABLE_TEXT, rule_error

MAX_TEXT = 10_000
"""The default longest text of a record or a part of one; fields may allow less (most do) or,
explicitly, more (a signature's image)."""
INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
"""Whole numbers must fit a signed 64-bit integer (PostgreSQL's ``bigint``). Fractional
numbers must be finite and smaller than 2**63 too: PostgreSQL's JSON keeps 1e20 as the exact
number 100000000000000000000, which comes back as a whole number beyond 64 bits."""

UNSTORABLE_NUMBER = N_("{label} is een getal dat niet kan worden opgeslagen.")

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(text: str) -> bool:
    """No NUL and no lone surrogate (a surrogate *pair* in a str is two lone ones, too)."""
    return _UNSTORABLE.search(text) is None


def storable_number(number: int | float) -> bool:
    if isinstance(number, bool):
        return True
    if isinstance(number, int):
        return INT64_MIN <= number <= INT64_MAX
    return _storable_real(number)


def _storable_real(number: float) -> bool:
    return math.isfinite(number) and -FLOAT_LIMIT < number < FLOAT_LIMIT


FLOAT_LIMIT = float(2**63)


class Checked:
    """Marks a model class that checks its own values (records, wire shapes): a walk that
    meets an instance inside another one does not walk it again."""


_SKIP, _TEXT, _WHOLE, _REAL, _MAPPING, _SEQUENCE, _MODEL, _OTHER = range(8)
_CATEGORY: dict[type, int] = {}


def _category(kind: type) -> int:
    """What the fast pass does with a value of type ``kind`` (remembered per type)."""
    found = _CATEGORY.get(kind)
    if found is not None:
        return found
    if issubclass(kind, Enum) or kind is bool or kind is type(None):
        found = _SKIP  # enumerations hold our own codes
    elif kind is str:
        found = _TEXT
    elif kind is int:
        found = _WHOLE
    elif kind is float:
        found = _REAL
    elif kind is dict:
        found = _MAPPING
    elif kind is list or kind is tuple:
        found = _SEQUENCE
    elif issubclass(kind, BaseModel):
        found = _SKIP if issubclass(kind, Checked) else _MODEL
    elif issubclass(kind, str | int | float | dict | list | tuple | set | frozenset):
        found = _OTHER
    else:
        found = _SKIP  # ids, dates, times: nothing inside that could be unstorable
    _CATEGORY[kind] = found
    return found


def _clean(value: Any) -> bool:
    """Whether everything inside ``value`` is storable: the fast pass, without paths, which
    runs for every record the app loads (a few microseconds)."""
    stack = list(value.__dict__.values()) if isinstance(value, BaseModel) else [value]
    search = _UNSTORABLE.search
    while stack:
        current = stack.pop()
        category = _category(type(current))
        if category == _SKIP:
            continue
        if category == _TEXT:
            if search(current):
                return False
        elif category == _SEQUENCE:
            stack.extend(current)
        elif category == _MODEL:
            stack.extend(current.__dict__.values())
        elif category == _MAPPING:
            for key in current:
                if isinstance(key, str) and search(key):
                    return False
            stack.extend(current.values())
        elif category == _WHOLE:
            if not INT64_MIN <= current <= INT64_MAX:
                return False
        elif category == _REAL:
            if not _storable_real(current):
                return False
        elif unstorable([current]) is not None:  # subclasses of the plain types, sets
            return False
    return True


def _join(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in path)


def unstorable(value: Any) -> tuple[str, str] | None:
    """The first value inside ``value`` neither database can store, as ``(dotted path inside
    value, message template)``; None if all is well. Walks lists, dicts (keys too: a bad key
    is reported at its dict, never echoed) and nested models; no recursion, so deep JSON
    cannot exhaust the stack."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    while stack:
        path, current = stack.pop()
        if isinstance(current, Enum):
            continue
        if isinstance(current, str):
            if not storable_text(current):
                return _join(path), UNSTORABLE_TEXT
        elif isinstance(current, int | float):
            if not storable_number(current):
                return _join(path), UNSTORABLE_NUMBER
        elif isinstance(current, dict):
            for key, item in current.items():
                if isinstance(key, str) and not storable_text(key):
                    return _join(path), UNSTORABLE_TEXT
                stack.append(((*path, key), item))
        elif isinstance(current, list | tuple | set | frozenset):
            stack.extend(((*path, index), item) for index, item in enumerate(current))
        elif isinstance(current, BaseModel) and not (path and isinstance(current, Checked)):
            stack.extend(((*path, name), item) for name, item in current.__dict__.items())
    return None


T = TypeVar("T")


def check_storable(value: T) -> T:
    """A validator's body: ``value`` unchanged, or a field-named validation error."""
    if _clean(value):
        return value
    found = unstorable(value)
    if found is not None:
        where, template = found
        raise rule_error(template, field=where or None)
    return value
