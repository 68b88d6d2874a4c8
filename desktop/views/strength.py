"""Live feedback on a new passphrase: strength bar, rules, what is still wrong."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop.services import passphrase as passphrases
from desktop.views.form import PassphraseEdit
from veldwerk_core.i18n import _

_COLOURS = ("#b3261e", "#b3261e", "#c77700", "#2e7d32", "#1b5e20")


class NewPassphrase(QWidget):
    """Two passphrase fields (new and repeat) with strength feedback.

    :attr:`sig_changed` says whether the pair is acceptable: strong enough and the same twice.
    """

    sig_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = PassphraseEdit(self)
        self.first.setObjectName("newPassphrase")
        self.first.setAccessibleName(_("Nieuwe wachtwoordzin"))
        self.second = PassphraseEdit(self)
        self.second.setObjectName("repeatPassphrase")
        self.second.setAccessibleName(_("Herhaal de wachtwoordzin"))
        self.meter = QProgressBar(self)
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setAccessibleName(_("Sterkte van de wachtwoordzin"))
        self.problems = QLabel(self)
        self.problems.setObjectName("passphraseProblems")
        self.problems.setWordWrap(True)
        self.rules = QLabel(_(passphrases.RULES), self)
        self.rules.setWordWrap(True)
        self.avoid: tuple[str, ...] = ()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("Wachtwoordzin"), self))
        layout.addWidget(self.first)
        layout.addWidget(self.meter)
        layout.addWidget(QLabel(_("Herhaal de wachtwoordzin"), self))
        layout.addWidget(self.second)
        layout.addWidget(self.problems)
        layout.addWidget(self.rules)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        text = self.first.text()
        assessment = passphrases.assess(text, avoid=self.avoid)
        self.meter.setValue(assessment.score if text else 0)
        self.meter.setFormat(assessment.strength if text else "")
        colour = _COLOURS[assessment.score]
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        problems = list(assessment.problems) if text else []
        if text and self.second.text() and self.second.text() != text:
            problems.append(_("De twee wachtwoordzinnen zijn niet gelijk."))
        elif text and assessment.acceptable and not self.second.text():
            problems.append(_("Herhaal de wachtwoordzin ter controle."))
        self.problems.setText("\n".join(problems))
        self.problems.setStyleSheet("color: #b3261e;")
        self.sig_changed.emit(self.acceptable())

    def acceptable(self) -> bool:
        text = self.first.text()
        return (
            bool(text)
            and text == self.second.text()
            and passphrases.assess(text, avoid=self.avoid).acceptable
        )

    def take(self) -> str:
        """The new passphrase, clearing both fields."""
        text = self.first.take()
        self.second.take()
        return text
