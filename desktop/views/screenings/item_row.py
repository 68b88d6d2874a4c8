"""One question of a checklist, answered with the keyboard.

ja/nee: J or N; schaal: 0, 1 or 2; aantal: type the number; datum: type dd-mm-jjjj (N for
"nooit"). O or ? answers "onbekend" everywhere - explicitly, never as a silent default.
Backspace clears. Up/Down (and Tab/Shift+Tab) move between questions; an answer by key moves
on to the next question.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views.form import FieldMessage
from veldwerk_core.i18n import _
from veldwerk_core.models.answers import UNKNOWN, Answer, AnswerType, AnswerValue, ItemDirection
from veldwerk_core.models.instrument import InstrumentItem

UNKNOWN_KEYS = (Qt.Key.Key_O, Qt.Key.Key_Question, Qt.Key.Key_U)
STYLE = """
ItemRow { border-left: 4px solid transparent; padding: 2px; }
ItemRow[current="true"] { background: #e8f0fe; border-left: 4px solid #1a73e8; }
ItemRow[problem="true"] { border-left: 4px solid #b3261e; }
QLabel#itemHelp { color: #5f6368; }
"""


class ItemRow(QFrame):
    sig_answer = Signal(str, object)
    """(item id, the answer as typed or a stored code; None clears it)."""
    sig_move = Signal(int)
    """Go to the previous (-1) or next (+1) question."""

    def __init__(self, item: InstrumentItem, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.value: AnswerValue | None = None
        self.setObjectName(f"item-{item.id}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("current", False)
        self.setProperty("problem", False)
        self.setStyleSheet(STYLE)
        kind = item.answer_type

        question = QLabel(f"{number}. {item.text}", self)
        question.setWordWrap(True)
        question.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        # Never squeeze a row below its wrapped text: the scroll area scrolls instead.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(question)
        if item.direction is ItemDirection.PROTECTIVE:
            tag = QLabel(_("Beschermende factor"), self)
            tag.setObjectName("itemHelp")
            text.addWidget(tag)
        if item.help:
            help_label = QLabel(item.help, self)
            help_label.setObjectName("itemHelp")
            help_label.setWordWrap(True)
            text.addWidget(help_label)
        self.message = FieldMessage(self)
        text.addWidget(self.message)

        self.buttons: dict[str, QToolButton] = {}
        answers = QHBoxLayout()
        self.edit: QLineEdit | None = None
        if kind in (AnswerType.COUNT, AnswerType.DATE):
            self.edit = QLineEdit(self)
            self.edit.setObjectName("answerEdit")
            self.edit.setMaximumWidth(120)
            self.edit.setPlaceholderText(
                _("dd-mm-jjjj") if kind is AnswerType.DATE else _("aantal")
            )
            self.edit.setAccessibleName(item.text)
            self.edit.installEventFilter(self)
            self.edit.editingFinished.connect(self._commit_text)
            self.setFocusProxy(self.edit)
            answers.addWidget(self.edit)
        for code, label in self._choices():
            button = QToolButton(self)
            button.setText(label)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=code: self._choose(c, advance=False))
            self.buttons[code] = button
            answers.addWidget(button)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(text, 1)
        layout.addLayout(answers)

    def _choices(self) -> list[tuple[str, str]]:
        kind = self.item.answer_type
        unknown = (UNKNOWN, _("Onbekend (O)"))
        if kind is AnswerType.YES_NO_UNKNOWN:
            return [(Answer.YES.value, _("Ja (J)")), (Answer.NO.value, _("Nee (N)")), unknown]
        if kind is AnswerType.SCALE_0_2:
            return [("0", "0"), ("1", "1"), ("2", "2"), unknown]
        if kind is AnswerType.DATE:
            return [(Answer.NO.value, _("Nooit (N)")), unknown]
        return [unknown]

    # -- showing -------------------------------------------------------------------------

    def show_answer(self, value: AnswerValue | None) -> None:
        """Show a stored answer (without emitting anything)."""
        self.value = value
        for code, button in self.buttons.items():
            button.setChecked(value is not None and str(value) == code)
        if self.edit is not None:
            typed = value is not None and str(value) not in self.buttons
            if typed and isinstance(value, str):
                text = f"{value[8:10]}-{value[5:7]}-{value[0:4]}"
            else:
                text = str(value) if typed else ""
            if self.edit.text() != text:
                self.edit.setText(text)

    def show_problem(self, text: str) -> None:
        self.message.show_message(text)
        self._set_property("problem", bool(text))

    def _set_property(self, name: str, value: bool) -> None:
        self.setProperty(name, value)
        self.style().unpolish(self)
        self.style().polish(self)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        self._set_property("current", True)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        if self.edit is None:
            self._set_property("current", False)
        super().focusOutEvent(event)

    def mark_current(self, current: bool) -> None:
        self._set_property("current", current)

    # -- answering -----------------------------------------------------------------------

    def _choose(self, code: str, *, advance: bool) -> None:
        value: AnswerValue = int(code) if code.isdigit() else code
        self.show_answer(value)
        self.sig_answer.emit(self.item.id, value)
        if advance:
            self.sig_move.emit(1)

    def _commit_text(self) -> None:
        if self.edit is None:
            return
        text = self.edit.text().strip()
        if not text:
            if self.value is not None and str(self.value) not in self.buttons:
                self.sig_answer.emit(self.item.id, None)
            return
        self.sig_answer.emit(self.item.id, text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._handle_key(event)
        if watched is self.edit and event.type() == QEvent.Type.FocusIn:
            self.mark_current(True)
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.mark_current(False)
        return False

    def _handle_key(self, event: QKeyEvent) -> bool:
        """Answer or move by key; True when the key was used."""
        key = event.key()
        if (
            event.modifiers()
            & ~Qt.KeyboardModifier.KeypadModifier
            & ~(Qt.KeyboardModifier.ShiftModifier)
        ):
            return False
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            if self.edit is not None:
                self._commit_text()
            self.sig_move.emit(-1 if key == Qt.Key.Key_Up else 1)
            return True
        if key in UNKNOWN_KEYS:
            self._choose(UNKNOWN, advance=True)
            return True
        kind = self.item.answer_type
        if self.edit is not None:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._commit_text()
                self.sig_move.emit(1)
                return True
            if kind is AnswerType.DATE and key == Qt.Key.Key_N:
                self.edit.clear()
                self._choose(Answer.NO.value, advance=True)
                return True
            return False
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.show_answer(None)
            self.sig_answer.emit(self.item.id, None)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_move.emit(1)
            return True
        codes = {
            AnswerType.YES_NO_UNKNOWN: {
                Qt.Key.Key_J: Answer.YES.value,
                Qt.Key.Key_Y: Answer.YES.value,
                Qt.Key.Key_N: Answer.NO.value,
            },
            AnswerType.SCALE_0_2: {Qt.Key.Key_0: "0", Qt.Key.Key_1: "1", Qt.Key.Key_2: "2"},
        }.get(kind, {})
        code = codes.get(Qt.Key(key))
        if code is None:
            return False
        self._choose(code, advance=True)
        return True
