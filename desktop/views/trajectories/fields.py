"""Field widgets the trajectory forms share: Dutch dates, text areas, plain-language hints."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.models.plain_language import MAX_WORDS, problems
from desktop.views.form import FieldMessage
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
        self.setText(dutch(day) if isinstance(day, date) or day is None else day)

    def value(self) -> str | None:
        """The typed text (None when empty), left for the model to parse and judge."""
        return self.text().strip() or None


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
    """A soft warning while typing: this text will not read easily in the easy-read plan."""

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
        self.setText("\n".join(notes))
        self.setVisible(bool(notes))


def add_field(
    form: QFormLayout,
    label: str,
    widget: QWidget,
    messages: dict[str, FieldMessage],
    key: str,
    *,
    required: bool = False,
    hint: PlainHint | None = None,
) -> FieldMessage:
    """A labelled field with its error message (and plain-language hint) right below it."""
    message = FieldMessage(widget.parentWidget())
    messages[key] = message
    title = QLabel(label + (" *" if required else ""), widget.parentWidget())
    title.setBuddy(widget)
    form.addRow(title, widget)
    form.addRow("", message)
    if hint is not None:
        form.addRow("", hint)
        if isinstance(widget, (QLineEdit, TextArea)):
            signal = widget.textChanged
            signal.connect(lambda *_args: hint.check(widget.text()))
    return message
