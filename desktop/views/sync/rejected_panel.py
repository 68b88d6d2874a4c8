"""A change the server refused: what it was, why, and what was typed (nothing is lost)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services import sync_conflicts
from desktop.services.sync_conflicts import RejectionView
from desktop.views.dates import dutch_datetime
from desktop.views.ops import Ops
from veldwerk_core.i18n import _

SHOWN = 600
"""Characters of a refused value shown; the rest would bury the reason."""


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN].rstrip() + " …"


class RejectedPanel(QWidget):
    sig_dismissed = Signal(object)
    """The mutation id of the refused change a person has dealt with."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.rejection: RejectionView | None = None
        self.text = QLabel(self)
        self.text.setObjectName("rejectionText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss = QPushButton(_("&Gezien, uit de lijst halen"), self)
        self.dismiss.setObjectName("dismissRejection")
        self.dismiss.clicked.connect(self._dismiss)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignLeft)
        self.show_rejection(None)

    def show_rejection(self, rejection: RejectionView | None) -> None:
        self.rejection = rejection
        self.dismiss.setVisible(rejection is not None)
        if rejection is None:
            self.text.setText(_("Geen geweigerde wijzigingen."))
            return
        lines = [
            f"<b>{html.escape(rejection.title)}</b><br>",
            html.escape(_("Geweigerd op {moment}.", moment=dutch_datetime(rejection.rejected_at))),
            f"<p>{html.escape(rejection.message)}</p>",
        ]
        lines += [f"<p>{html.escape(error)}</p>" for error in rejection.errors if error]
        if rejection.fields:
            lines.append(
                "<p>"
                + html.escape(_("Wat je had ingevuld (kopieer het als je het wilt bewaren):"))
                + "</p><table>"
            )
            lines += [
                f"<tr><td>{html.escape(label)}&nbsp;</td><td>{html.escape(_short(value))}</td></tr>"
                for label, value in rejection.fields
            ]
            lines.append("</table>")
        self.text.setText("".join(lines))

    def _dismiss(self) -> None:
        if self.rejection is None:
            return
        mutation_id = self.rejection.mutation_id
        self.ops.run(
            lambda session: sync_conflicts.dismiss_rejection(session, mutation_id),
            on_success=lambda _none: self.sig_dismissed.emit(mutation_id),
            owner=self,
        )
