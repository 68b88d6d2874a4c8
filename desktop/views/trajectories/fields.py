"""Field widgets the trajectory forms share: Dutch dates, text areas, plain-language hints."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.models.plain_language import MAX_WORDS, jargon_in, problems
from desktop.views.binding import Binding, Field
from desktop.views.dates import date_text
from veldwerk_core.i18n import _


def dutch(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


class DateEdit(QLineEdit):
    """A date typed as dd-mm-jjjj; the record's validation says when it is not a date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd-mm-jjjj"))
        self.setMaximumWidth(140)

    def set_date(self, day: date | str | None) -> None:
        """A date, or a stored ISO date, as dd-mm-jjjj; other text as it was typed."""
        self.setText(date_text(day))

    def value(self) -> str | None:
        """The typed text (None when empty), left for the model to parse and judge."""
        return self.text().strip() or None

    def set_value(self, value: Any) -> None:
        self.set_date(value)


class TextArea(QPlainTextEdit):
    """Multi-line text where Tab moves on, as in every other field."""

    def __init__(self, parent: QWidget | None = None, lines: int = 3) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLineEdit
        self.setPlainText(text)


class PlainHint(QLabel):
    """A soft warning while typing: this text will not read easily in the easy-read plan.
    Every field whose text prints in the easy-read plan has one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plainHint")
        self.setWordWrap(True)
        self.setStyleSheet("color: #8a5a00;")
        self.hide()

    def check(self, text: str) -> None:
        found = problems(text)
        notes: list[str] = []
        long = [p for p in found if p.kind == "long"]
        if long:
            notes.append(
                _(
                    "Makkelijk lezen: een zin heeft {n} woorden; houd zinnen op hoogstens {max}.",
                    n=max(int(p.detail) for p in long),
                    max=MAX_WORDS,
                )
            )
        short = sorted({p.detail for p in found if p.kind == "abbreviation"})
        if short:
            notes.append(
                _("Makkelijk lezen: schrijf voluit in plaats van {words}.", words=", ".join(short))
            )
        unclear = sorted({p.detail for p in found if p.kind == "ambiguous"})
        if unclear:
            notes.append(
                _(
                    "Makkelijk lezen: schrijf zelf uit wat je bedoelt met {words}. "
                    "Veldwerk vult dat niet in, want het kan meer betekenen.",
                    words=", ".join(unclear),
                )
            )
        jargon = jargon_in(text)
        if jargon:
            notes.append(
                _(
                    "Makkelijk lezen: {words} krijgt uitleg in de woordenlijst van het plan. "
                    "Gewone woorden zijn nog beter.",
                    words=", ".join(jargon),
                )
            )
        self.setText("\n".join(notes))
        self.setVisible(bool(notes))


def add_field(
    binding: Binding,
    form: QFormLayout,
    label: str,
    key: str,
    widget: QWidget,
    *,
    required: bool = False,
    hint: PlainHint | None = None,
    **options: Any,
) -> Field:
    """A field of a trajectory form, with its plain-language hint below its message."""
    field = binding.row(form, label, key, widget, required=required, **options)
    if hint is not None:
        form.addRow("", hint)
        if isinstance(widget, (QLineEdit, TextArea)):
            widget.textChanged.connect(lambda *_args: hint.check(widget.text()))
    return field
