"""Filling in a checklist: question by question with the keyboard, progress per domain.

Every answer is saved to the draft in the vault at once. Completing (Ctrl+Enter) checks that
every question has an answer - "onbekend" counts as one, an empty question does not - scores
the screening and stores it for good.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.screenings import Opened, Screenings
from desktop.views.dates import dutch_date
from desktop.views.failure import report_failure
from desktop.views.form import error_label
from desktop.views.ops import Ops
from desktop.views.screenings.item_row import ItemRow
from desktop.views.screenings.render import youth_name
from veldwerk_core.i18n import _
from veldwerk_core.models.answers import AnswerValue
from veldwerk_core.models.errors import FieldError
from veldwerk_core.models.instrument import (
    InstrumentDefinition,
    answer_date,
    normalise_answer,
    walk_items,
)
from veldwerk_core.models.screening import Screening

NOTE_DELAY_MS = 600


class FillForm(QWidget):
    sig_completed = Signal(object)
    """The completed screening was stored (an :class:`Opened`)."""
    sig_closed = Signal()
    """The person left the form; the draft stays in the vault."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.draft: Screening | None = None
        self.definition: InstrumentDefinition | None = None
        self.rows: list[ItemRow] = []
        self.progress: dict[str, QProgressBar] = {}

        self.heading = QLabel(self)
        self.heading.setObjectName("fillHeading")
        self.heading.setWordWrap(True)
        self.keys = QLabel(
            _(
                "J = ja · N = nee · 0/1/2 = schaal · O = onbekend · Backspace = wissen · "
                "↑↓ of Tab = volgende vraag · Ctrl+Enter = afronden · Esc = sluiten"
            ),
            self,
        )
        self.keys.setObjectName("fillKeys")
        self.keys.setWordWrap(True)
        self.keys.setStyleSheet("color: #5f6368;")
        self.overall = QLabel(self)
        self.overall.setObjectName("fillOverall")
        self.domains_box = QWidget(self)
        self.domains_grid = QGridLayout(self.domains_box)
        self.domains_grid.setContentsMargins(0, 0, 0, 0)

        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(self.content)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.note = QPlainTextEdit(self)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(_("Toelichting bij deze screening (optioneel)"))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(70)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_DELAY_MS)
        self._note_timer.timeout.connect(self._save_note)
        self.note.textChanged.connect(self._note_timer.start)

        self.saved = QLabel(self)
        self.saved.setObjectName("draftSaved")
        self.saved.setStyleSheet("color: #5f6368;")
        self.error = error_label(self)
        self.complete_button = QPushButton(_("&Afronden"), self)
        self.complete_button.setObjectName("complete")
        self.complete_button.setToolTip(_("Ctrl+Enter"))
        self.complete_button.clicked.connect(self.complete)
        self.close_button = QPushButton(_("&Sluiten"), self)
        self.close_button.setToolTip(_("Het concept blijft bewaard"))
        self.close_button.clicked.connect(self.close_form)
        self.discard_button = QPushButton(_("Concept &verwijderen"), self)
        self.discard_button.clicked.connect(self.discard)
        for button in (self.complete_button, self.close_button, self.discard_button):
            button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.complete_button)
        side = QVBoxLayout()
        side.addWidget(self.overall)
        side.addWidget(self.domains_box)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addLayout(side)
        middle.addWidget(self.scroller, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.keys)
        layout.addLayout(middle, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.complete)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_form)

    # -- loading -------------------------------------------------------------------------

    def load(self, opened: Opened) -> None:
        """Show a draft; its instrument version must be on this device."""
        self.reset()
        if opened.instrument is None:
            raise ValueError("a draft needs its instrument version")
        draft = opened.screening
        self.draft = draft
        self.definition = opened.instrument.definition
        self.heading.setText(
            "<h2>{}</h2>{}".format(
                escape(opened.instrument.title),
                escape(
                    _(
                        "{youth} · screening van {day} · versie {version}",
                        youth=youth_name(opened.youth, draft.screened_on),
                        day=dutch_date(draft.screened_on),
                        version=opened.instrument.version,
                    )
                ),
            )
        )
        current = ""
        number = 0
        for domain, item in walk_items(self.definition):
            if domain.id != current:
                current = domain.id
                header = QLabel(f"<h3>{escape(domain.title)}</h3>", self.content)
                self.content_layout.addWidget(header)
                self._add_progress(domain.id, domain.title)
            number += 1
            row = ItemRow(item, number, self.content)
            row.show_answer(draft.answers.get(item.id))
            row.sig_answer.connect(self._answered)
            row.sig_move.connect(lambda step, r=row: self._move(r, step))
            self.content_layout.addWidget(row)
            self.rows.append(row)
        self.content_layout.addStretch(1)
        for first, second in zip(self.rows, self.rows[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if self.rows:
            QWidget.setTabOrder(self.rows[-1], self.note)
        self.note.blockSignals(True)
        self.note.setPlainText(draft.note)
        self.note.blockSignals(False)
        self._update_progress()
        self.saved.setText(_("Concept: elk antwoord wordt meteen bewaard."))
        self.focus_first_open()

    def _add_progress(self, domain_id: str, title: str) -> None:
        row = self.domains_grid.rowCount()
        label = QLabel(title, self.domains_box)
        bar = QProgressBar(self.domains_box)
        bar.setObjectName(f"progress-{domain_id}")
        bar.setFormat("%v/%m")
        bar.setMaximumWidth(110)
        bar.setAccessibleName(title)
        self.domains_grid.addWidget(label, row, 0)
        self.domains_grid.addWidget(bar, row, 1)
        self.progress[domain_id] = bar

    def reset(self) -> None:
        """Drop the draft and every answer on screen (closing, or the vault locks)."""
        self._note_timer.stop()
        self.draft = None
        self.definition = None
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        self.progress = {}
        while self.content_layout.count():
            child = self.content_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        while self.domains_grid.count():
            child = self.domains_grid.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.note.blockSignals(True)
        self.note.clear()
        self.note.blockSignals(False)
        self.heading.clear()
        self.overall.clear()
        self.error.clear()
        self.saved.clear()

    # -- answering -----------------------------------------------------------------------

    def row(self, item_id: str) -> ItemRow:
        return next(row for row in self.rows if row.item.id == item_id)

    def _answered(self, item_id: str, raw: object) -> None:
        draft = self.draft
        if draft is None:
            return
        row = self.row(item_id)
        answers = dict(draft.answers)
        if raw is None:
            answers.pop(item_id, None)
        else:
            try:
                value: AnswerValue = normalise_answer(row.item, raw)
            except ValueError as exc:
                row.show_problem(_(str(exc)))
                return
            day_given = answer_date(value)
            if day_given is not None and day_given > draft.screened_on:
                row.show_problem(_("De datum ligt na de datum van de screening."))
                return
            answers[item_id] = value
            row.show_answer(value)
        row.show_problem("")
        if answers == draft.answers:
            return
        self.draft = draft.model_copy(update={"answers": answers})
        self._update_progress()
        self._save()

    def _move(self, row: ItemRow, step: int) -> None:
        index = self.rows.index(row) + step
        if 0 <= index < len(self.rows):
            self.focus_row(self.rows[index])
        elif index >= len(self.rows):
            self.note.setFocus()

    def focus_row(self, row: ItemRow) -> None:
        row.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroller.ensureWidgetVisible(row, 0, 40)

    def focus_first_open(self) -> None:
        """Put the cursor on the first question without an answer (or the first question)."""
        if not self.rows:
            return
        draft = self.draft
        answered = draft.answers if draft is not None else {}
        target = next((row for row in self.rows if row.item.id not in answered), self.rows[0])
        self.focus_row(target)

    def _update_progress(self) -> None:
        if self.draft is None or self.definition is None:
            return
        answers = self.draft.answers
        for domain in self.definition.domains:
            items = self.definition.items_of(domain.id)
            bar = self.progress[domain.id]
            bar.setMaximum(len(items))
            bar.setValue(sum(1 for item in items if item.id in answers))
        done = sum(1 for item in self.definition.items if item.id in answers)
        self.overall.setText(
            _("{done} van {total} beantwoord", done=done, total=len(self.definition.items))
        )

    # -- saving and completing -----------------------------------------------------------

    def _save(self) -> None:
        draft = self.draft
        if draft is None:
            return
        self.ops.run(
            lambda session: Screenings(session).save_draft(draft),
            on_success=lambda _result: self.saved.setText(_("Concept bewaard.")),
            on_failure=self._save_failed,
            owner=self,
        )

    def _save_failed(self, error: BaseException) -> None:
        self.saved.setText("")
        self.error.setText(_("Het concept kon niet worden bewaard: {problem}", problem=error))

    def _save_note(self) -> None:
        if self.draft is None:
            return
        text = self.note.toPlainText()
        if text != self.draft.note:
            self.draft = self.draft.model_copy(update={"note": text})
            self._save()

    def flush(self) -> None:
        """Save what is still waiting (the note) - called before the form is left or cleared."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._save_note()

    def complete(self) -> None:
        draft = self.draft
        if draft is None:
            return
        self.flush()
        note = self.note.toPlainText()
        self.error.clear()
        self.ops.run(
            lambda session: Screenings(session).finish(draft, note=note),
            on_success=self._completed,
            on_failure=self._not_completed,
            owner=self,
        )

    def _completed(self, opened: Opened) -> None:
        self.reset()
        self.sig_completed.emit(opened)

    def _not_completed(self, error: BaseException) -> None:
        report_failure(self.ops, error, self.error, self, lead=None)

    def show_errors(self, errors: Sequence[FieldError]) -> list[str]:
        """Each open or wrong answer at its question, the cursor at the first of them; the
        error line says how many are left."""
        problems = {e.field.removeprefix("answers."): e.message for e in errors}
        first: ItemRow | None = None
        for row in self.rows:
            row.show_problem(problems.get(row.item.id, ""))
            if first is None and row.item.id in problems:
                first = row
        other = [e.message for e in errors if not e.field.startswith("answers.")]
        if first is not None:
            self.focus_row(first)
        return [
            _(
                "Nog {n} vragen zonder (geldig) antwoord. Kies zo nodig onbekend (O).",
                n=len(errors) - len(other),
            ),
            *other,
        ]

    def close_form(self) -> None:
        self.flush()
        self.reset()
        self.sig_closed.emit()

    def discard(self) -> None:
        draft = self.draft
        if draft is None:
            return
        answer = QMessageBox.question(
            self,
            _("Concept verwijderen"),
            _("Dit concept en alle antwoorden erin verwijderen?"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.reset()
        self.ops.run(
            lambda session: Screenings(session).discard_draft(draft.id),
            on_success=lambda _result: self.sig_closed.emit(),
            owner=self,
        )
