"""Qt's own dialogs speak the app's language (issue 13, 10)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from desktop.app import speak_qt_language


@pytest.fixture
def dutch_qt(qapp: QApplication) -> Iterator[None]:
    installed = speak_qt_language(qapp, "nl")
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale.c())


def test_a_file_dialog_and_a_calendar_are_dutch(qtbot, dutch_qt: None) -> None:  # type: ignore[no-untyped-def]
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Zoeken in:", "Bestanden van &type:", "Bestands&naam:"} <= labels
    assert QLocale().monthName(12) == "december"
