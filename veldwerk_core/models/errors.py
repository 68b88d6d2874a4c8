"""Errors a person can act on, with field-level Dutch messages.

Validation errors never carry the rejected value: messages end up in dialogs and, through
exception text, possibly in logs, and a rejected value may be personal data.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from veldwerk_core.i18n import N_, _
from veldwerk_core.models.choice import Choice

RULE = "veldwerk_rule"
UNSTORABLE_TEXT = N_("{label} bevat een teken dat niet kan worden opgeslagen.")
"""A text holds NUL or a lone surrogate, which no database here stores (see storable.py)."""


class VeldwerkError(Exception):
    """An error caused by the environment or by input, not by a bug: shown to the user as is."""

    message: str = N_("Er ging iets mis.")

    def __init__(self, message: str | None = None, /, **values: object) -> None:
        self._message = message or self.message
        self._values = values
        super().__init__(self._message)

    @property
    def template(self) -> str:
        """The message id (the Dutch text with ``{placeholders}``), untranslated."""
        return self._message

    @property
    def values(self) -> dict[str, Any]:
        """The values of the placeholders: plain text and numbers."""
        return {
            key: value if isinstance(value, str | int | float | bool) else str(value)
            for key, value in self._values.items()
        }

    def user_message(self) -> str:
        """The message in the current language."""
        return _(self._message, **self._values)

    def __str__(self) -> str:
        return self.user_message()


class RecordNotFound(VeldwerkError):
    message = N_("Dit gegeven bestaat niet (meer).")


class ChangeRefused(VeldwerkError):
    """The domain does not allow this change (an append-only or signed record)."""

    message = N_("Dit gegeven kan niet meer worden gewijzigd.")


@dataclass(frozen=True)
class FieldError:
    field: str
    """Dotted path of the field, e.g. ``location.wijk`` or ``members.2.role``."""
    label: str
    """The field's name as a person knows it, translated."""
    message: str
    """A complete translated sentence about what is wrong."""


class RecordInvalid(VeldwerkError):
    """A record failed validation; ``errors`` says which fields and why."""

    def __init__(self, record_label: str, errors: Sequence[FieldError]) -> None:
        self.record_label = record_label
        self.errors = tuple(errors)
        super().__init__()

    def user_message(self) -> str:
        lines = [_("{record} kan niet worden opgeslagen:", record=_(self.record_label))]
        lines += [f"- {error.message}" for error in self.errors]
        return "\n".join(lines)

    def for_field(self, field: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == field or e.field.startswith(field + ".")]


def rule_error(
    template: str, /, *, field: str | None = None, absolute: bool = False, **values: Any
) -> PydanticCustomError:
    """A validation error with a Dutch message template (translated when shown).

    ``field`` names the field for rules checked on the whole record, which pydantic would
    otherwise report without a location (relative to the record being validated; with
    ``absolute``, from the top, for a field validator that blames an earlier field).
    """
    context: dict[str, Any] = dict(values, template=template)
    if field:
        context["field"] = field
        context["absolute"] = absolute
    return PydanticCustomError(RULE, template, context)


# Message per pydantic error type. ``{label}`` is the field's name; other placeholders come from
# the error's context.
_MESSAGES: Mapping[str, str] = {
    "missing": N_("{label} is verplicht."),
    "string_too_short": N_("{label} is te kort: minstens {min_length} tekens."),
    "string_too_long": N_("{label} is te lang: hoogstens {max_length} tekens."),
    "string_type": N_("{label} moet tekst zijn."),
    "string_unicode": UNSTORABLE_TEXT,
    "string_pattern_mismatch": N_("{label} heeft niet de juiste vorm."),
    "too_short": N_("{label} moet minstens {min_length} keer gevuld zijn."),
    "too_long": N_("{label} mag hoogstens {max_length} keer gevuld zijn."),
    "int_parsing": N_("{label} moet een heel getal zijn."),
    "int_type": N_("{label} moet een heel getal zijn."),
    "int_from_float": N_("{label} moet een heel getal zijn."),
    "float_parsing": N_("{label} moet een getal zijn."),
    "float_type": N_("{label} moet een getal zijn."),
    "bool_parsing": N_("{label} moet ja of nee zijn."),
    "bool_type": N_("{label} moet ja of nee zijn."),
    "greater_than": N_("{label} moet groter zijn dan {gt}."),
    "greater_than_equal": N_("{label} moet minstens {ge} zijn."),
    "less_than": N_("{label} moet kleiner zijn dan {lt}."),
    "less_than_equal": N_("{label} mag hoogstens {le} zijn."),
    "date_parsing": N_("{label} is geen geldige datum; gebruik dd-mm-jjjj."),
    "date_from_datetime_parsing": N_("{label} is geen geldige datum; gebruik dd-mm-jjjj."),
    "date_from_datetime_inexact": N_("{label} moet een datum zonder tijd zijn."),
    "date_type": N_("{label} is geen geldige datum; gebruik dd-mm-jjjj."),
    "datetime_parsing": N_("{label} is geen geldig tijdstip."),
    "datetime_from_date_parsing": N_("{label} is geen geldig tijdstip."),
    "datetime_type": N_("{label} is geen geldig tijdstip."),
    "timezone_aware": N_("{label} moet een tijdzone hebben."),
    "time_parsing": N_("{label} is geen geldige tijd; gebruik uu:mm."),
    "enum": N_("{label} heeft een onbekende waarde; kies uit: {expected}."),
    "literal_error": N_("{label} heeft een onbekende waarde; kies uit: {expected}."),
    "uuid_parsing": N_("{label} is geen geldige verwijzing."),
    "uuid_type": N_("{label} is geen geldige verwijzing."),
    "extra_forbidden": N_("{label} is geen bekend veld."),
    "list_type": N_("{label} moet een lijst zijn."),
    "dict_type": N_("{label} heeft niet de juiste vorm."),
    "model_type": N_("{label} heeft niet de juiste vorm."),
    "model_attributes_type": N_("{label} heeft niet de juiste vorm."),
    "frozen_field": N_("{label} kan niet meer worden gewijzigd."),
    "frozen_instance": N_("{label} kan niet meer worden gewijzigd."),
    "json_invalid": N_("{label} is geen geldige JSON."),
    "union_tag_invalid": N_("{label}: de soort {tag} is onbekend; kies uit: {expected_tags}."),
    "union_tag_not_found": N_("{label}: geef aan welke soort het is ({discriminator})."),
}
_FALLBACK = N_("{label} is ongeldig.")


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as ``Model | None`` or ``list[Model]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType) or origin in (list, tuple, set, frozenset, dict):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _locate(model: type[BaseModel], path: Iterable[str | int]) -> tuple[str, Any, list[str | int]]:
    """The translated title and annotation of the field at ``path``, and the path without the
    tags pydantic inserts for discriminated unions (``rules.0.signal_combination.x``)."""
    current: type[BaseModel] | None = model
    label, annotation = "", None
    clean: list[str | int] = []
    for part in path:
        if isinstance(part, int) or current is None:
            clean.append(part)
            continue
        info = current.model_fields.get(part)
        if info is None:
            variant = _variant(annotation, part)
            if variant is not None:
                current = variant
                continue
            label, annotation, current = part, None, None
            clean.append(part)
            continue
        clean.append(part)
        label = _(info.title) if info.title else part
        annotation = info.annotation
        current = _model_in(annotation)
    return label or _(getattr(model, "label", "") or model.__name__), annotation, clean


def _variant(annotation: Any, tag: str) -> type[BaseModel] | None:
    """The member of a discriminated union whose literal tag is ``tag``."""
    for member in _models_in(annotation):
        for info in member.model_fields.values():
            if typing.get_origin(info.annotation) is typing.Literal and info.default == tag:
                return member
    return None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def field_label(model: type[BaseModel], path: Iterable[str | int]) -> str:
    """The translated title of the field at ``path``, descending into nested records."""
    return _locate(model, path)[0]


def _choices_in(annotation: Any) -> type[Choice] | None:
    if isinstance(annotation, type) and issubclass(annotation, Choice):
        return annotation
    for arg in typing.get_args(annotation):
        found = _choices_in(arg)
        if found is not None:
            return found
    return None


def field_errors(model: type[BaseModel], exc: ValidationError) -> list[FieldError]:
    """Turn a pydantic ``ValidationError`` into Dutch, field-named errors (no input values)."""
    return error_messages(model, exc.errors(include_url=False, include_input=False))


def error_messages(
    model: type[BaseModel] | None, errors: Iterable[Mapping[str, Any]], whole: str = ""
) -> list[FieldError]:
    """Dutch, field-named errors for pydantic error entries (``loc``, ``type``, ``ctx``) about
    ``model`` - or, without a model, about plain named values such as request parameters.
    ``whole`` names what an error without a field is about (e.g. N_("Het verzoek"))."""
    result: list[FieldError] = []
    for error in errors:
        ctx: dict[str, Any] = dict(error.get("ctx") or {})
        loc = error_path(error)
        if not any(isinstance(part, str) for part in loc) and whole:
            label, annotation = _(whole), None
        elif model is None:
            names = [str(part) for part in loc if isinstance(part, str)]
            label, annotation = (names[-1] if names else ""), None
        else:
            label, annotation, loc = _locate(model, loc)
        if error["type"] == RULE:
            message = _(str(ctx.pop("template")), label=label, **_plain(ctx))
        else:
            kind = error["type"]
            if kind == "string_too_short" and ctx.get("min_length") == 1:
                kind = "missing"
            choices = _choices_in(annotation)
            ctx["expected"] = (
                ", ".join(label for _code, label in choices.options())
                if choices
                else str(ctx.get("expected", "")).replace("'", "")
            )
            message = _(_MESSAGES.get(kind, _FALLBACK), label=label, **_plain(ctx))
        path = ".".join(str(part) for part in loc)
        result.append(FieldError(field=path, label=label, message=_capitalise(message)))
    return result


def error_path(error: Mapping[str, Any]) -> list[str | int]:
    """Where an error entry points: its location, moved to the field a rule names."""
    ctx = error.get("ctx") or {}
    loc = [part for part in error["loc"] if not (isinstance(part, str) and "[" in part)]
    if error["type"] == RULE and ctx.get("field"):
        field: list[str | int] = list(str(ctx["field"]).split("."))
        loc = field if ctx.get("absolute") else [*loc, *field]
    return loc


def error_codes(
    model: type[BaseModel] | None, errors: Iterable[Mapping[str, Any]]
) -> list[tuple[str, str, dict[str, Any]]]:
    """``(field path, error type, parameters)`` per error entry: what a server sends instead of
    sentences (the app makes the sentences with :func:`error_messages`, in its language)."""
    found = []
    for error in errors:
        loc = error_path(error)
        if model is not None:
            loc = _locate(model, loc)[2]
        params = {
            key: _echoable(value)
            for key, value in _plain(error.get("ctx") or {}).items()
            if isinstance(value, str | int | float | bool)
        }
        if error["type"] == RULE:
            params["template"] = str((error.get("ctx") or {}).get("template", ""))
        found.append((_echoable_path(loc), str(error["type"]), params))
    return found


ECHO_LIMIT = 100
"""The longest name or parameter taken over from an error into an answer."""
PATH_LIMIT = 300
"""The longest field path in an answer (JSON nested a thousand deep has a long path)."""


def _echoable_path(loc: Iterable[str | int]) -> str:
    """The dotted path up to the first part that cannot be echoed: a key a client sent may
    be 10,000 characters long or hold characters no JSON answer can carry (a lone
    surrogate), so such a key is reported as its dict; a very deep path is cut short."""
    parts: list[str] = []
    length = 0
    for part in loc:
        text = str(part)
        length += len(text) + 1
        if not (text.isprintable() and len(text) <= ECHO_LIMIT) or length > PATH_LIMIT:
            break
        parts.append(text)
    return ".".join(parts)


def _echoable(value: Any) -> Any:
    """A parameter as it may be sent back: text that is printable and short, else cut."""
    if not isinstance(value, str) or (value.isprintable() and len(value) <= ECHO_LIMIT):
        return value
    printable = "".join(ch if ch.isprintable() else "\ufffd" for ch in value[:ECHO_LIMIT])
    return printable + ("..." if len(value) > ECHO_LIMIT else "")


def _plain(ctx: Mapping[str, Any]) -> dict[str, Any]:
    """Context values for a message: pydantic quotes strings ('a', 'b'); people do not."""
    return {
        key: value.replace("'", "") if isinstance(value, str) else value
        for key, value in ctx.items()
        if key not in ("field", "label", "error", "absolute")
    }


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


M = TypeVar("M", bound=BaseModel)


def validate_record(model: type[M], data: Mapping[str, Any]) -> M:
    """Validate ``data`` as ``model``, raising :class:`RecordInvalid` with Dutch messages."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        label = getattr(model, "label", "") or model.__name__
        raise RecordInvalid(label, field_errors(model, exc)) from None
