"""A youth's data overview (AVG art. 15) written out in plain Dutch: every record the server
holds about the youth, field by field, for the youth and the parents.

Each record is told by its kind's name and the day it was made; each field by its title, the
label of a chosen option, a date as dd-mm-jjjj, yes or no. Other records a record names are
named by their kind (a group's other members are "een andere jongere"), never by their id or
content. Bookkeeping (ids, versions) stays out.
"""

from __future__ import annotations

import re
import types
import typing
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel

from veldwerk_core.access.pdf import Document
from veldwerk_core.access.report import day, kind_text, moment
from veldwerk_core.i18n import _
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.choice import Choice
from veldwerk_core.protocol import DataOverview, OverviewRecord

_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SKIP = frozenset({"id", "created_at", "updated_at"})


@dataclass(frozen=True)
class Told:
    """One record in words: a heading and its fields as (label, value)."""

    heading: str
    fields: list[tuple[str, str]]


def tell(overview: DataOverview) -> list[Told]:
    held = {str(record.id): record for record in overview.records}
    return [_tell(record, overview, held) for record in overview.records]


def _tell(record: OverviewRecord, overview: DataOverview, held: Mapping[str, Any]) -> Told:
    made = _date_of(record.data.get("created_at"))
    heading = kind_text(record.kind)
    if made:
        heading = _("{kind}, vastgelegd op {day}", kind=heading, day=made)
    model = RECORD_TYPES.get(record.kind)
    names = _Names(str(overview.youth_id), overview.references, held)
    fields: list[tuple[str, str]] = []
    for key, value in record.data.items():
        if key in _SKIP or key.startswith("_"):
            continue
        info = model.model_fields.get(key) if model is not None else None
        if model is not None and info is None:
            continue  # a field this version does not know
        text = overview.labels.get(key, {}).get(str(value)) if isinstance(value, str) else None
        text = text or _value(value, info.annotation if info else None, names)
        if text:
            fields.append((_(info.title) if info and info.title else key, text))
    return Told(heading, fields)


@dataclass(frozen=True)
class _Names:
    youth: str
    references: Mapping[str, str]
    held: Mapping[str, OverviewRecord]

    def of(self, record_id: str) -> str:
        if record_id == self.youth:
            return _("deze jongere")
        record = self.held.get(record_id)
        if record is not None:
            made = _date_of(record.data.get("created_at"))
            name = kind_text(record.kind)
            return _("{kind} van {day}", kind=name, day=made) if made else name
        kind = self.references.get(record_id)
        if kind == "youth":
            return _("een andere jongere")
        return _("ander gegeven: {kind}", kind=kind_text(kind)) if kind else _("een ander gegeven")


def _date_of(value: Any) -> str:
    try:
        return moment(datetime.fromisoformat(str(value)))[:10]
    except ValueError:
        return ""


def _types(annotation: Any) -> list[Any]:
    """The classes an annotation allows (through Optional, list, Annotated)."""
    if annotation is None:
        return []
    origin = typing.get_origin(annotation)
    if origin is None:
        return [annotation]
    found: list[Any] = []
    for argument in typing.get_args(annotation):
        if origin is typing.Annotated and found:
            break  # metadata after the type
        found += _types(argument)
    if origin not in (typing.Union, types.UnionType, typing.Annotated, list, tuple, set):
        found.append(origin)
    return found


def _value(value: Any, annotation: Any, names: _Names) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    allowed = [kind for kind in _types(annotation) if isinstance(kind, type)]
    if isinstance(value, list):
        parts = [_value(item, annotation, names) for item in value]
        joiner = "; " if any(isinstance(item, dict) for item in value) else ", "
        return joiner.join(part for part in parts if part)
    if isinstance(value, dict):
        model = next((kind for kind in allowed if issubclass(kind, BaseModel)), None)
        return _nested(value, model, names)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    choice = next((kind for kind in allowed if issubclass(kind, Choice)), None)
    if choice is not None:
        return choice.label_of(str(value))
    other = next((kind for kind in allowed if issubclass(kind, Enum)), None)
    if other is not None:
        return str(value)
    text = str(value)
    if _UUID.match(text) or uuid.UUID in allowed:
        return names.of(text)
    try:
        if datetime in allowed or _MOMENT.match(text):
            return moment(datetime.fromisoformat(text))
        if date in allowed or _DAY.match(text):
            return day(date.fromisoformat(text))
    except ValueError:
        pass
    return text


def _nested(value: Mapping[str, Any], model: Any, names: _Names) -> str:
    parts = []
    for key, item in value.items():
        if key in _SKIP or key.startswith("_"):
            continue
        info = model.model_fields.get(key) if model is not None else None
        text = _value(item, info.annotation if info else None, names)
        if text:
            label = _(info.title) if info and info.title else key
            parts.append(f"{label}: {text}")
    return ", ".join(parts)


def to_pdf(overview: DataOverview, youth_name: str = "") -> bytes:
    name = youth_name or _name(overview) or _("deze jongere")
    title = _("Gegevensoverzicht: wat er over {name} is vastgelegd", name=name)
    document = Document(
        title,
        footer=_(
            "Gegevensoverzicht {name}, gemaakt op {moment}",
            name=name,
            moment=moment(overview.made_at),
        ),
    )
    document.heading(title, size=15)
    facts = [(_("Jongere"), name)]
    if overview.municipality:
        facts.append((_("Gemeente"), overview.municipality))
    facts.append((_("Gemaakt op"), moment(overview.made_at)))
    facts.append((_("Aantal gegevens"), str(len(overview.records))))
    document.pairs(facts)
    document.space(6)
    document.paragraph(
        _(
            "Hier staat alles wat de gemeente en haar partners in Veldwerk over deze jongere "
            "hebben vastgelegd. Per gegeven staat wanneer het is vastgelegd en wat erin staat. "
            "Klopt er iets niet? Dan mag je vragen om het te verbeteren of te verwijderen. Wie "
            "deze gegevens heeft bekeken, staat in het inzageoverzicht."
        )
    )
    told = tell(overview)
    if not told:
        document.paragraph(_("Er is niets vastgelegd over deze jongere."))
    for item in told:
        document.heading(item.heading, size=12)
        document.pairs(item.fields or [(_("Inhoud"), _("(leeg)"))])
    return document.render()


def _name(overview: DataOverview) -> str:
    for record in overview.records:
        if str(record.id) == str(overview.youth_id):
            data = record.data
            parts = (data.get(part) for part in ("first_name", "infix", "last_name"))
            return " ".join(str(part) for part in parts if part)
    return ""
