"""One conflict side by side, field by field: "Jouw versie" and "Versie op de server".

Per field the person picks a version (or, for text, writes a merged one); for a record that
was deleted on the server they restore it with their change or accept the deletion; for a
record they deleted that someone else changed, they keep it or delete it anyway.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services import proposals, sync_conflicts
from desktop.services.sync_conflicts import ConflictView, FieldChoice
from desktop.views.failure import report_failure
from desktop.views.form import error_label
from desktop.views.ops import Ops
from veldwerk_core.i18n import _

YOURS, SERVER, MERGED = 0, 1, 2


class _Choice(QWidget):
    """A radio button with the value beside it, wrapped: a long note stays readable."""

    def __init__(self, parent: QWidget, text: str, accessible: str) -> None:
        super().__init__(parent)
        self.button = QRadioButton(self)
        self.button.setAccessibleName(accessible)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setMinimumWidth(160)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.label, 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.button.setChecked(True)
        super().mousePressEvent(event)


class _FieldRow:
    """The choices of one clashing field: yours, the server's, or (text) a merged one."""

    def __init__(self, parent: QWidget, choice: FieldChoice) -> None:
        self.choice = choice
        self.group = QButtonGroup(parent)
        self.yours = _Choice(
            parent, choice.yours_text, _("{field}: jouw versie", field=choice.label)
        )
        self.yours.button.setObjectName(f"yours_{choice.field}")
        self.server = _Choice(
            parent, choice.server_text, _("{field}: versie op de server", field=choice.label)
        )
        self.server.button.setObjectName(f"server_{choice.field}")
        self.group.addButton(self.yours.button, YOURS)
        self.group.addButton(self.server.button, SERVER)
        self.merged: QPlainTextEdit | None = None
        self.merge_button: QRadioButton | None = None
        if choice.editable:
            self.merge_button = QRadioButton(_("Eigen tekst:"), parent)
            self.merge_button.setObjectName(f"merged_{choice.field}")
            self.group.addButton(self.merge_button, MERGED)
            self.merged = QPlainTextEdit(parent)
            self.merged.setObjectName(f"merge_{choice.field}")
            self.merged.setTabChangesFocus(True)
            self.merged.setPlainText(str(choice.yours or ""))
            self.merged.setMaximumHeight(70)
            self.merged.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            self.merged.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.merged.textChanged.connect(self._typed)

    def _typed(self) -> None:
        if self.merge_button is not None and self.merged is not None and self.merged.hasFocus():
            self.merge_button.setChecked(True)

    def value(self) -> Any:
        picked = self.group.checkedId()
        if picked == YOURS:
            return self.choice.yours
        if picked == SERVER:
            return self.choice.server
        if picked == MERGED and self.merged is not None:
            return self.merged.toPlainText()
        raise LookupError(self.choice.field)


class ConflictPanel(QWidget):
    sig_resolved = Signal(object)
    """The id of the conflict that was just resolved."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.conflict: ConflictView | None = None
        self.rows: list[_FieldRow] = []
        self.title = QLabel(self)
        self.title.setObjectName("conflictTitle")
        self.title.setWordWrap(True)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.error = error_label(self)
        self.save = QPushButton(_("Deze keuze &bewaren"), self)
        self.save.setObjectName("resolveButton")
        self.save.clicked.connect(self._resolve)
        self.restore = QPushButton(_("&Herstellen met mijn wijziging"), self)
        self.restore.setObjectName("restoreButton")
        self.restore.clicked.connect(lambda: self._act(sync_conflicts.restore))
        self.accept_delete = QPushButton(_("Verwijdering &accepteren"), self)
        self.accept_delete.setObjectName("acceptDeletionButton")
        self.accept_delete.clicked.connect(lambda: self._act(sync_conflicts.accept_deletion))
        self.keep = QPushButton(_("Gegeven &behouden"), self)
        self.keep.setObjectName("keepRecordButton")
        self.keep.clicked.connect(lambda: self._act(sync_conflicts.keep_record))
        self.delete = QPushButton(_("Toch &verwijderen"), self)
        self.delete.setObjectName("deleteRecordButton")
        self.delete.clicked.connect(lambda: self._act(sync_conflicts.delete_record))
        self.accept_proposal = QPushButton(_("Voorstel &overnemen"), self)
        self.accept_proposal.setObjectName("acceptProposalButton")
        self.accept_proposal.clicked.connect(lambda: self._act(proposals.accept))
        self.decline_proposal = QPushButton(_("Voorstel af&wijzen"), self)
        self.decline_proposal.setObjectName("declineProposalButton")
        self.decline_proposal.clicked.connect(lambda: self._act(proposals.decline))
        buttons = QHBoxLayout()
        for button in self._buttons():
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.show_conflict(None)

    def show_conflict(self, conflict: ConflictView | None) -> None:
        self.conflict = conflict
        for row in self.rows:
            row.group.deleteLater()
        self.rows = []
        self.error.clear()
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        for button in self._buttons():
            button.setVisible(False)
        if conflict is None:
            self.title.setText(_("Kies links een conflict."))
            self.explanation.clear()
            return
        self.title.setText(f"<b>{conflict.title}</b>")
        self.explanation.setText(self._explain(conflict))
        header = [_("Veld"), _("Jouw versie"), _("Versie op de server")]
        if conflict.proposal:
            header = [_("Veld"), _("Voorstel"), _("Zoals het nu is")]
        for column, text in enumerate(header):
            label = QLabel(f"<b>{text}</b>", self.grid_host)
            self.grid.addWidget(label, 0, column)
        number = 1
        for choice in conflict.fields:
            number = self._add_row(number, choice, conflict)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(number, 1)
        ready = not conflict.waiting_for_details
        if conflict.proposal:
            self.accept_proposal.setVisible(not conflict.mine)
            self.decline_proposal.setVisible(not conflict.mine)
        elif conflict.deleted_on_server:
            self.restore.setVisible(ready)
            self.accept_delete.setVisible(ready)
        elif conflict.deleted_here:
            self.keep.setVisible(ready)
            self.delete.setVisible(ready)
        else:
            self.save.setVisible(ready)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.save,
            self.restore,
            self.accept_delete,
            self.keep,
            self.delete,
            self.accept_proposal,
            self.decline_proposal,
        )

    def _explain(self, conflict: ConflictView) -> str:
        text = conflict.explanation
        if conflict.proposal and conflict.mine:
            text += " " + _(
                "Je voorstel ligt bij de organisatie die dit gegeven vastlegde. Na hun besluit "
                "zie je hier het resultaat; tot dan blijft het gegeven zoals het is."
            )
        elif conflict.proposal:
            text += " " + _(
                "{who} stelt deze wijziging voor. Neem het voorstel over of wijs het af.",
                who=conflict.proposed_by or _("Iemand van een andere organisatie"),
            )
        elif conflict.deleted_on_server:
            text += " " + _(
                "Jouw wijziging is niet verloren: hieronder staat wat je veranderde. Herstel "
                "het gegeven met jouw wijziging, of accepteer dat het weg is."
            )
        elif conflict.deleted_here:
            text += " " + _(
                "Je had dit gegeven verwijderd, maar iemand anders heeft het intussen "
                "gewijzigd. Behoud het, of verwijder het toch."
            )
        elif not conflict.waiting_for_details:
            text += " " + _(
                "Kies per veld welke versie blijft; daarna gaat de keuze naar de server."
            )
        return text

    def _add_row(self, number: int, choice: FieldChoice, conflict: ConflictView) -> int:
        """Lay out one field from grid row ``number``; returns the next free row."""
        label = QLabel(f"<b>{choice.label}</b>", self.grid_host)
        self.grid.addWidget(label, number, 0, Qt.AlignmentFlag.AlignTop)
        if (
            conflict.deleted_on_server
            or conflict.deleted_here
            or conflict.waiting_for_details
            or conflict.proposal
        ):
            for column, text in ((1, choice.yours_text), (2, choice.server_text)):
                value = QLabel(text, self.grid_host)
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.grid.addWidget(value, number, column, Qt.AlignmentFlag.AlignTop)
            return number + 1
        row = _FieldRow(self.grid_host, choice)
        self.grid.addWidget(row.yours, number, 1, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(row.server, number, 2, Qt.AlignmentFlag.AlignTop)
        self.rows.append(row)
        if row.merge_button is None or row.merged is None:
            return number + 1
        merge = QWidget(self.grid_host)
        line = QHBoxLayout(merge)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(row.merge_button, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(row.merged, 1)
        self.grid.addWidget(merge, number + 1, 1, 1, 2)
        return number + 2

    def choose(self, field: str, which: int) -> None:
        """Pick a version of a field (tests and keyboard shortcuts use this too)."""
        for row in self.rows:
            if row.choice.field == field:
                button = row.group.button(which)
                if button is not None:
                    button.setChecked(True)

    def _resolve(self) -> None:
        conflict = self.conflict
        if conflict is None:
            return
        try:
            chosen = {row.choice.field: row.value() for row in self.rows}
        except LookupError as missing:
            label = next(row.choice.label for row in self.rows if row.choice.field == str(missing))
            self.error.setText(_("Kies een versie voor {field}.", field=label))
            return
        conflict_id = conflict.id
        self._run(lambda session: sync_conflicts.resolve(session, conflict_id, chosen), conflict_id)

    def _act(self, action: Any) -> None:
        if self.conflict is None:
            return
        conflict_id = self.conflict.id
        self._run(lambda session: action(session, conflict_id), conflict_id)

    def _run(self, work: Any, conflict_id: uuid.UUID) -> None:
        self.error.clear()
        self.ops.run(
            work,
            on_success=lambda _result: self.sig_resolved.emit(conflict_id),
            on_failure=self._failed,
            owner=self,
        )

    def _failed(self, error: BaseException) -> None:
        report_failure(self.ops, error, self.error)
