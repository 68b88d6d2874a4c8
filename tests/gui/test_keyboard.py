"""Keyboard gaps (issue 13, 9): sections chosen by number take the cursor, a date field is
entered on the day from either side, a new youth from anywhere."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit

from desktop.services import worklist
from desktop.services.session import Session
from desktop.services.worklist import WorkItem
from desktop.services.youths import Youths
from desktop.views.shell import Shell
from desktop.views.signals.form import SignalForm
from desktop.views.youths.form import YouthForm
from desktop.views.youths.section import YouthsSection
from tests.gui.conftest import activate
from tests.gui.test_signal_capture import focused, open_shell

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def youth_on_the_worklist(session: Session) -> Iterator[uuid.UUID]:
    youth = Youths(session).create(
        {"first_name": "Mila", "last_name": "Bakker", "date_of_birth": "05-05-2011"}
    )

    def provide(_session: Session, _today: object) -> list[WorkItem]:
        return [WorkItem("Gesignaleerde jongeren", "Mila (15)", "3 signalen", "youth", youth.id)]

    worklist._providers.append(provide)
    yield youth.id
    worklist._providers.remove(provide)


def test_ctrl_1_puts_the_cursor_in_the_worklist_and_enter_opens_the_row(
    qtbot, shell: Shell, session: Session, youth_on_the_worklist: uuid.UUID
) -> None:  # type: ignore[no-untyped-def]
    open_shell(qtbot, shell, session)
    qtbot.keyClick(shell.main, Qt.Key.Key_2, CTRL)
    shell.main.nav.setFocus()
    qtbot.keyClick(shell.main.nav, Qt.Key.Key_1, CTRL)
    worklist_tree = shell.main.sections[0].tree  # type: ignore[attr-defined]
    assert focused() is worklist_tree
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert isinstance(shell.main.current_section, YouthsSection)
    youth = shell.main.current_section.current_youth()
    assert youth is not None and youth.id == youth_on_the_worklist


def test_ctrl_2_puts_the_cursor_in_the_list(qtbot, shell: Shell, session: Session) -> None:  # type: ignore[no-untyped-def]
    open_shell(qtbot, shell, session)
    shell.main.nav.setFocus()
    qtbot.keyClick(shell.main.nav, Qt.Key.Key_2, CTRL)
    assert focused() is shell.main.sections[1].table  # type: ignore[attr-defined]


def test_ctrl_j_starts_a_new_youth_from_anywhere(qtbot, shell: Shell, session: Session) -> None:  # type: ignore[no-untyped-def]
    open_shell(qtbot, shell, session)
    qtbot.keyClick(shell.main, Qt.Key.Key_J, CTRL)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, YouthForm) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    form = next(w for w in QApplication.topLevelWidgets() if isinstance(w, YouthForm))
    qtbot.addWidget(form)
    assert isinstance(shell.main.current_section, YouthsSection)


def test_shift_tab_into_wanneer_lands_on_the_day(qtbot, ops, session: Session) -> None:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    form = SignalForm(ops)
    qtbot.addWidget(form)
    form.show()
    activate(qtbot, form)
    form.youth_picker.setFocus()
    qtbot.keyClick(form.youth_picker, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is form.occurred_at
    assert form.occurred_at.currentSection() == QDateTimeEdit.Section.DaySection
    form.occurred_at.setDateTime(form.occurred_at.dateTime().addDays(-1))
    qtbot.keyClicks(form.occurred_at, "01")
    assert form.occurred_at.date().day() == 1, "typing goes into the day"
    form.stash_for_lock()
