"""What both databases can store: every text bounded, no NUL or lone surrogate, numbers that
fit - in records a person types and in every wire shape (veldwerk_core/models/storable.py)."""

from __future__ import annotations

import typing
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import annotated_types
import pytest
from pydantic import BaseModel, JsonValue, ValidationError
from pydantic.fields import FieldInfo

from veldwerk_core import protocol
from veldwerk_core.i18n import set_language
from veldwerk_core.models import RECORD_TYPES, Group, Youth
from veldwerk_core.models.base import STORED
from veldwerk_core.models.errors import RecordInvalid, validate_record
from veldwerk_core.models.storable import INT64_MAX, MAX_TEXT, unstorable
from veldwerk_core.protocol import MAX_WIRE_TEXT, PushRequest, wire_errors

YOUTH = {"first_name": "Daan", "last_name": "Visser", "date_of_birth": "14-05-2011"}


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _holds_text(annotation: object) -> bool:
    if annotation is str or annotation is JsonValue:
        return True
    return any(_holds_text(arg) for arg in typing.get_args(annotation))


def _wire_shapes() -> Iterator[type[BaseModel]]:
    pending = [protocol._Wire]
    while pending:
        shape = pending.pop()
        pending += shape.__subclasses__()
        yield shape


def every_model() -> list[type[BaseModel]]:
    """Every record kind, every wire shape and every model nested in one of them."""
    found: dict[type[BaseModel], None] = {}
    pending: list[type[BaseModel]] = [*RECORD_TYPES.values(), *_wire_shapes()]
    while pending:
        model = pending.pop()
        if model in found:
            continue
        found[model] = None
        for info in model.model_fields.values():
            pending += _models_in(info.annotation)
    return sorted(found, key=lambda model: f"{model.__module__}.{model.__qualname__}")


def _own_limit(info: FieldInfo) -> int | None:
    for meta in info.metadata:
        if isinstance(meta, annotated_types.MaxLen):
            return meta.max_length
    return None


def _plain_text(annotation: object) -> bool:
    """``str`` or ``str | None``: a field's own max_length bounds the text itself (on a list
    or a dict it would bound the number of items instead)."""
    args = set(typing.get_args(annotation)) - {type(None)}
    return annotation is str or args == {str}


def test_every_text_of_every_record_and_wire_shape_has_a_length_limit() -> None:
    """No exceptions: a model without its own ``str_max_length`` names a limit per field.

    The limit is the model's (pydantic enforces it before anything is stored), so SQLite, which
    does not enforce VARCHAR lengths, and PostgreSQL, which does, see the same texts.
    """
    unbounded = [
        f"{model.__module__}.{model.__qualname__}.{name}"
        for model in every_model()
        for name, info in model.model_fields.items()
        if _holds_text(info.annotation)
        and not model.model_config.get("str_max_length")
        and not (_plain_text(info.annotation) and _own_limit(info))
    ]
    assert unbounded == []
    assert len(every_model()) > 40  # the walk reaches the nested parts, not only the tops


def test_the_wire_carries_the_longest_text_any_record_allows() -> None:
    longest = max(
        _own_limit(info) or model.model_config.get("str_max_length") or 0
        for model in every_model()
        if model.__module__.startswith("veldwerk_core.models")
        for info in model.model_fields.values()
        if _holds_text(info.annotation)
    )
    assert longest == MAX_WIRE_TEXT > MAX_TEXT


def test_the_model_limit_bounds_items_keys_and_json_values() -> None:
    """What the walk above relies on: ``str_max_length`` reaches into lists, dict keys and
    JSON values (pydantic does this; this pins it)."""
    long = "x" * (MAX_WIRE_TEXT + 1)
    for fields in ({"name": [long]}, {long: 1}, {"a": {"b": [long]}}):
        with pytest.raises(ValidationError, match="string_too_long"):
            PushRequest.model_validate({"mutations": [_mutation(fields)]})


def _mutation(fields: dict[str, object] | None = None, **changes: object) -> dict[str, object]:
    return {
        "mutation_id": str(uuid.uuid4()),
        "record_kind": "youth",
        "record_id": str(uuid.uuid4()),
        "op": "upsert",
        "fields": {"first_name": "Daan"} if fields is None else fields,
        "base_version": 0,
        "created_at": datetime.now(UTC).isoformat(),
        **changes,
    }


def _refused(**changes: object) -> list[tuple[str, str, dict[str, object]]]:
    with pytest.raises(ValidationError) as caught:
        PushRequest.model_validate({"mutations": [_mutation(**changes)]})
    errors = caught.value.errors(include_url=False, include_input=False)
    return [(e.field, e.code, dict(e.params)) for e in wire_errors(PushRequest, errors)]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"first_name": "Da\x00an"}, "mutations.0.fields.first_name"),
        ({"last\x00name": "Visser"}, "mutations.0.fields"),
        ({"members": [{"youth_id": "x", "role": "lid\x00"}]}, "mutations.0.fields.members.0.role"),
        ({"first_name": "\ud800"}, "mutations.0.fields.first_name"),
        ({"\ud800": "x"}, "mutations.0.fields"),
    ],
)
def test_nul_and_lone_surrogates_are_refused_with_the_field_named(
    fields: dict[str, object], field: str
) -> None:
    [(where, code, _params)] = _refused(fields=fields)
    assert where.startswith(field) and "\ud800" not in where and "\x00" not in where
    assert code in ("veldwerk_rule", "string_unicode")


def test_numbers_outside_64_bits_and_nan_are_refused() -> None:
    assert _refused(base_version=2**63) == [
        ("mutations.0.base_version", "less_than_equal", {"le": INT64_MAX})
    ]
    [(where, code, params)] = _refused(fields={"score": [1, 2**63]})
    assert (where, code) == ("mutations.0.fields.score.1", "veldwerk_rule")
    assert "getal" in str(params["template"])
    [(where, _code, _params)] = _refused(fields={"score": {"x": float("nan")}})
    assert where == "mutations.0.fields.score.x"
    # PostgreSQL's JSON would give 1e20 back as the whole number 100000000000000000000.
    [(where, _code, _params)] = _refused(fields={"score": -1e20})
    assert where == "mutations.0.fields.score"
    PushRequest.model_validate({"mutations": [_mutation({"x": 9.2e18, "y": 5e-324})]})
    [(where, _code, _params)] = _refused(fields={}, base_version=0, created_at="\x00")
    assert where == "mutations.0.created_at"
    PushRequest.model_validate({"mutations": [_mutation({"n": 2**63 - 1, "m": -(2**63)})]})


def test_a_key_that_cannot_be_echoed_is_not_echoed() -> None:
    long_key = "k" * 5000
    [(where, code, _params)] = _refused(fields={long_key: "x"} | {"a": "\x00"})
    assert long_key not in where and len(where) < 100
    assert code == "veldwerk_rule"


def test_a_person_typing_an_unstorable_character_gets_a_dutch_and_english_message() -> None:
    with pytest.raises(RecordInvalid) as caught:
        validate_record(Youth, {**YOUTH, "first_name": "Da\x00an"})
    [error] = caught.value.errors
    assert (error.field, error.message) == (
        "first_name",
        "Voornaam bevat een teken dat niet kan worden opgeslagen.",
    )
    with pytest.raises(RecordInvalid) as caught:
        validate_record(Youth, {**YOUTH, "last_name": "Vi\ud800sser"})
    assert [e.message for e in caught.value.errors] == [
        "Achternaam bevat een teken dat niet kan worden opgeslagen."
    ]
    member = {"youth_id": str(uuid.uuid4()), "role": "lid\x00"}
    with pytest.raises(RecordInvalid) as caught:
        validate_record(Group, {"name": "Skatebaan", "members": [member]})
    assert [e.field for e in caught.value.errors] == ["members.0.role"]
    set_language("en")
    with pytest.raises(RecordInvalid) as caught:
        validate_record(Youth, {**YOUTH, "first_name": "Da\x00an"})
    assert (
        caught.value.errors[0].message == "First name contains a character that cannot be stored."
    )


def test_an_edit_is_checked_as_it_is_typed_and_stored_data_loads_without_the_walk() -> None:
    youth = Youth.model_validate(YOUTH)
    with pytest.raises(ValidationError, match="veldwerk_rule"):
        youth.first_name = "Da\x00an"
    stored = {**youth.dump(), "first_name": "Da\x00an"}
    assert Youth.model_validate(stored, context={STORED: True}).first_name == "Da\x00an"


def test_the_walk_reports_the_path_inside_a_value() -> None:
    assert unstorable({"a": [1, {"b": "ok"}, {"c": "\x00"}]}) == ("a.2.c", unstorable("\x00")[1])  # type: ignore[index]
    assert unstorable({"a": [True, 1.5, None, "fine", -(2**63)]}) is None
    deep: object = "\x00"
    for _ in range(5000):
        deep = [deep]
    assert unstorable(deep) is not None
