"""How each kind of widget holds a form field's value: read it, write it, hear it change.

A :class:`~desktop.views.binding.Binding` asks here, so a form declares only what is special
about a field (the chosen youths of a signal, a table of members).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

Read = Callable[[], Any]
Write = Callable[[Any], None]


@runtime_checkable
class Valued(Protocol):
    """A widget of our own that says its value itself (a Dutch date field, for one)."""

    def value(self) -> Any: ...

    def set_value(self, value: Any) -> None: ...


def select(combo: QComboBox, code: object) -> None:
    """Choose the option with data ``code``; an editable list takes an unknown text as typed."""
    index = combo.findData(code)
    if index < 0 and combo.isEditable() and isinstance(code, str):
        combo.setEditText(code)
        return
    combo.setCurrentIndex(max(index, 0))


def choices(
    combo: QComboBox, options: Iterable[tuple[object, str]], placeholder: str | None = None
) -> None:
    """Fill a pick list with (code, label) options, after a placeholder meaning "none"."""
    if placeholder is not None:
        combo.addItem(placeholder, None)
    for code, label in options:
        combo.addItem(label, code)


def offer(
    combo: QComboBox,
    options: Iterable[tuple[object, str]],
    first: str,
    first_code: object = None,
) -> None:
    """Fill a pick list anew (after ``first``, meaning none or all), keeping the choice: the
    municipality's lists arrive with a sync, after a section's lists were first made."""
    wanted = [(first, first_code), *((label, code) for code, label in options)]
    shown = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    if shown == wanted:
        return
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, code in wanted:
        combo.addItem(label, code)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)


def combo_value(combo: QComboBox) -> Any:
    """An option's code; in an editable list, the typed text unless it is an option's label."""
    data = combo.currentData()
    if not combo.isEditable():
        return data
    text = combo.currentText().strip()
    return str(data) if data and combo.itemText(combo.currentIndex()) == text else text


def _write_text(widget: QLineEdit | QPlainTextEdit) -> Write:
    def write(value: Any) -> None:
        text = "" if value is None else str(value)
        if isinstance(widget, QLineEdit):
            widget.setText(text)
        else:
            widget.setPlainText(text)

    return write


def _read_date(edit: QDateEdit) -> str:
    day = edit.date().toPython()
    assert isinstance(day, date)
    return day.isoformat()


def _write_date(edit: QDateEdit) -> Write:
    def write(value: Any) -> None:
        if isinstance(value, str) and value:
            value = date.fromisoformat(value[:10])
        if isinstance(value, date):
            edit.setDate(QDate(value.year, value.month, value.day))

    return write


def _read_moment(edit: QDateTimeEdit) -> str:
    moment = edit.dateTime().toPython()
    assert isinstance(moment, datetime)
    return moment.astimezone().isoformat()


def _write_moment(edit: QDateTimeEdit) -> Write:
    def write(value: Any) -> None:
        if value:
            moment = datetime.fromisoformat(str(value)).astimezone()
            edit.setDateTime(QDateTime(moment.replace(tzinfo=None)))

    return write


def accessors(widget: QWidget) -> tuple[Read, Write] | None:
    """How to read and write the value of a widget of a known kind (None: not known)."""
    if isinstance(widget, Valued):
        return widget.value, widget.set_value
    if isinstance(widget, QAbstractButton):
        return widget.isChecked, lambda value: widget.setChecked(bool(value))
    if isinstance(widget, QComboBox):
        return lambda: combo_value(widget), lambda value: select(widget, value)
    if isinstance(widget, QDateEdit):
        return lambda: _read_date(widget), _write_date(widget)
    if isinstance(widget, QDateTimeEdit):
        return lambda: _read_moment(widget), _write_moment(widget)
    if isinstance(widget, QSpinBox):
        return widget.value, lambda value: widget.setValue(int(value))
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText, _write_text(widget)
    if isinstance(widget, QLineEdit):
        return widget.text, _write_text(widget)
    return None


def edit_signals(widget: QWidget) -> list[Any]:
    """The signals by which a widget of a known kind says its value changed."""
    if isinstance(widget, QAbstractButton):
        return [widget.toggled]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged, widget.editTextChanged]
    if isinstance(widget, QDateTimeEdit):
        return [widget.dateTimeChanged]
    if isinstance(widget, QSpinBox):
        return [widget.valueChanged]
    if isinstance(widget, QPlainTextEdit | QLineEdit):
        return [widget.textChanged]
    return []
