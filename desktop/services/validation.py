"""Validating several records as one form, with every error named by its path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from veldwerk_core.i18n import _
from veldwerk_core.models.errors import FieldError, RecordInvalid, field_errors, field_label

M = TypeVar("M", bound=BaseModel)


def prefixed(prefix: str, errors: Sequence[FieldError]) -> list[FieldError]:
    """``what`` of the third goal becomes ``goals.2.what``."""
    return [
        FieldError(
            f"{prefix}{error.field}" if error.field else prefix.rstrip("."),
            error.label,
            error.message,
        )
        for error in errors
    ]


def collect(
    model: type[M], data: Mapping[str, Any], prefix: str, errors: list[FieldError]
) -> M | None:
    """The validated record, or None after adding its errors (under ``prefix``) to ``errors``."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        errors += prefixed(prefix, field_errors(model, exc))
        return None


def validated(model: type[M], data: Mapping[str, Any]) -> M:
    errors: list[FieldError] = []
    record = collect(model, data, "", errors)
    if record is None:
        raise RecordInvalid(str(getattr(model, "label", model.__name__)), errors)
    return record


def refused(model: type[BaseModel], field: str, message: str, **values: Any) -> RecordInvalid:
    """A use case's own rule broken at ``field``: the Dutch ``message`` (``{label}`` is the
    field's name) next to that field, as a validation error of ``model`` would be."""
    label = field_label(model, field.split("."))
    return RecordInvalid(
        str(getattr(model, "label", model.__name__)),
        [FieldError(field, label, _(message, label=label, **values))],
    )
