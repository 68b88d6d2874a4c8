"""A record form names each field once; everything else about its fields follows.

A field is a record field name or a dotted path (``place.wijk``), the widget that holds its
value, and how to read and write that value (known for the usual widgets, given for the
rest). The widget's objectName becomes the field name. From that one declaration follow:

- the form's state as record-shaped data (``state``: for drafts; ``values``: for a service),
- filling the form from a draft or a stored record (``fill``),
- a :class:`FieldMessage` next to each field, validation messages placed by field path,
  and the cursor on the first field (in form order) that has a problem (``show_errors``),
- one signal for every edit (``sig_edited``), which drafts and quiet validation listen to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLayout, QWidget

from desktop.views.field_values import Read, Write, accessors, edit_signals
from desktop.views.form import FieldMessage
from veldwerk_core.models.errors import FieldError


@dataclass(frozen=True)
class Field:
    name: str
    widget: QWidget
    read: Read
    write: Write | None
    """None: the form fills this field itself (it needs more than the value)."""
    focus: QWidget
    message: FieldMessage
    skip_none: bool
    """Leave the field out of :meth:`Binding.values` while it has no value, so the record's
    own rule ("is verplicht") speaks instead of a type error."""


class Binding(QObject):
    sig_edited = Signal(str)
    """A field changed (its name): by the person, or by the form's own logic. Silent while
    the form is being filled."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self._owner = owner
        self.fields: dict[str, Field] = {}
        self.messages: dict[str, FieldMessage] = {}
        self._muted = 0

    @property
    def owner(self) -> QWidget:
        """The form the fields are on."""
        return self._owner

    # -- declaring -----------------------------------------------------------------------

    def add(
        self,
        name: str,
        widget: QWidget,
        *,
        read: Read | None = None,
        write: Write | None = None,
        edited: Sequence[Any] | None = None,
        focus: QWidget | None = None,
        skip_none: bool = False,
        fill: bool = True,
    ) -> Field:
        """Declare a field. ``edited`` are the widget's signals that mean "changed" (those
        of its kind when not given); with ``fill=False`` the form fills it itself."""
        widget.setObjectName(name)
        known = accessors(widget)
        if read is None and known is None:
            raise TypeError(f"say how to read field {name!r} ({type(widget).__name__})")
        field = Field(
            name=name,
            widget=widget,
            read=read or known[0],  # type: ignore[index]
            write=(write or (known[1] if known else None)) if fill else None,
            focus=focus or widget,
            message=FieldMessage(self._owner),
            skip_none=skip_none,
        )
        for signal in edit_signals(widget) if edited is None else edited:
            signal.connect(lambda *_args, changed=name: self.edited(changed))
        self.fields[name] = field
        self.messages[name] = field.message
        return field

    def row(
        self,
        form: QFormLayout,
        label: str,
        name: str,
        widget: QWidget,
        *,
        required: bool = False,
        **options: Any,
    ) -> Field:
        """Declare a field and lay it out: label (``*`` when required), widget, message."""
        field = self.add(name, widget, **options)
        form.addRow(label + (" *" if required else ""), widget)
        form.addRow("", field.message)
        return field

    def shared_row(
        self,
        form: QFormLayout,
        label: str,
        widget: QWidget | QLayout,
        fields: Sequence[Field],
        *,
        required: bool = False,
    ) -> None:
        """Fields that share one row (a place: kind, wijk, hotspot), their messages below."""
        form.addRow(label + (" *" if required else ""), widget)
        for field in fields:
            form.addRow("", field.message)

    # -- values --------------------------------------------------------------------------

    def edited(self, name: str) -> None:
        """Say a field changed (the form's own fields call this; widgets do it themselves)."""
        if not self._muted:
            self.sig_edited.emit(name)

    @contextmanager
    def muted(self) -> Iterator[None]:
        """Changes made here are the form's, not the person's: no :attr:`sig_edited`."""
        self._muted += 1
        try:
            yield
        finally:
            self._muted -= 1

    def state(self) -> dict[str, Any]:
        """Everything in the form, shaped like the record (dotted names nest)."""
        return _nest((field.name, field.read()) for field in self.fields.values())

    def values(self) -> dict[str, Any]:
        """The form as a service takes it: :meth:`state` without empty ``skip_none`` fields."""
        return _nest(
            (field.name, value)
            for field in self.fields.values()
            if (value := field.read()) is not None or not field.skip_none
        )

    def fill(self, data: Mapping[str, Any]) -> None:
        """Show ``data`` (a draft, or a stored record's data); fields it lacks stay as they are."""
        with self.muted():
            for field in self.fields.values():
                found, value = _lookup(data, field.name)
                if found and field.write is not None:
                    field.write(value)

    def reset(self) -> None:
        """Every field empty, as for a new record (each writer gets None)."""
        with self.muted():
            for field in self.fields.values():
                if field.write is not None:
                    field.write(None)

    # -- messages ------------------------------------------------------------------------

    def field_of(self, path: str) -> Field | None:
        """The field an error at ``path`` belongs to: itself, the nearest enclosing field
        (``members.2.role`` to ``members``), or the first field inside it (``place``)."""
        if path in self.fields:
            return self.fields[path]
        enclosing = [name for name in self.fields if path.startswith(name + ".")]
        if enclosing:
            return self.fields[max(enclosing, key=len)]
        return next((f for name, f in self.fields.items() if name.startswith(path + ".")), None)

    def show_errors(self, errors: Iterable[FieldError], *, focus: bool = True) -> list[str]:
        """Each message next to its field, the cursor on the first field with a problem;
        returns the messages no field of the form can show."""
        unplaced: list[str] = []
        placed: dict[str, list[str]] = {}
        for error in errors:
            field = self.field_of(error.field)
            if field is None:
                unplaced.append(error.message)
            else:
                placed.setdefault(field.name, []).append(error.message)
        for name, message in self.messages.items():
            message.show_message("\n".join(placed.get(name, [])))
        first = next((f for name, f in self.fields.items() if name in placed), None)
        if focus and first is not None:
            first.focus.setFocus()
        return unplaced

    def clear_messages(self) -> None:
        for message in self.messages.values():
            message.clear_message()


def under(prefix: str, errors: Iterable[FieldError]) -> list[FieldError]:
    """The errors inside ``prefix`` (``signatures.1.``), with paths relative to it."""
    return [
        FieldError(error.field[len(prefix) :], error.label, error.message)
        for error in errors
        if error.field.startswith(prefix)
    ]


def _nest(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for name, value in pairs:
        *parents, last = name.split(".")
        target = nested
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return nested


def _lookup(data: Mapping[str, Any], name: str) -> tuple[bool, Any]:
    value: Any = data
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return False, None
        value = value[part]
    return True, value
