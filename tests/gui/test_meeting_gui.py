"""The regisseur's early-signalling meeting, by keyboard: a meeting with participants, a
decision with a follow-up task recorded for a youth on the agenda, marked held, the PDFs
saved; fetching the agenda without a server says what to do."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.services.meetings import Meetings
from desktop.services.session import Session
from desktop.services.tasks import Tasks
from desktop.views.meetings import MeetingsWindow
from desktop.views.meetings.dialogs import DecisionDialog, NewMeetingDialog
from desktop.views.shell import Shell
from tests.gui.conftest import activate
from tests.gui.together_support import ALT, dialog, focused, texts, unnamed
from tests.integration.together import BOA, REGISSEUR, WORKER, add_youth, with_directory
from veldwerk_core.models.meeting import MeetingStatus
from veldwerk_core.protocol import AgendaItem

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_meetings(qtbot, shell: Shell, session: Session) -> MeetingsWindow:  # type: ignore[no-untyped-def]
    shell.open_session(session)
    activate(qtbot, shell.main)
    qtbot.keyClick(shell.main, Qt.Key.Key_O, CTRL | SHIFT)
    return dialog(qtbot, MeetingsWindow)


def test_a_meeting_made_and_a_decision_with_a_task_recorded_by_keyboard(
    qtbot, shell: Shell, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    with_directory(session, me=REGISSEUR)
    youth = add_youth(session, "Lotte")
    window = open_meetings(qtbot, shell, session)
    assert unnamed(window) == []
    qtbot.keyClick(window, Qt.Key.Key_N, ALT)
    new = dialog(qtbot, NewMeetingDialog)
    assert unnamed(new) == []
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "Overleg Noord")
    for _part in range(4):  # into the date, through day, month and year
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is new.participants
    for _colleague in range(new.participants.count()):  # Space ticks who takes part
        name = new.participants.currentItem().text()
        if name.startswith((WORKER.name, BOA.name)):
            qtbot.keyClick(focused(), Qt.Key.Key_Space)
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not new.isVisible())
    (meeting,) = Meetings(session).all()
    assert meeting.title == "Overleg Noord"
    assert {p.user_id for p in meeting.participants} == {WORKER.user_id, BOA.user_id}

    # The server's proposal, as fetching the agenda stores it.
    Meetings(session).add_agenda(
        meeting.id,
        [AgendaItem(youth_id=youth.id, reasons=["follow_up"], signals=1, seen_by=[BOA.user_id])],
    )
    window.reload()
    qtbot.waitUntil(lambda: window.agenda.topLevelItemCount() == 1)
    assert texts(window.agenda)[0][:3] == [
        youth.name_with_age(),
        "Bespreken in vroegsignaleringsoverleg",
        "nog niet besproken",
    ]
    activate(qtbot, window)
    window.agenda.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    decide = dialog(qtbot, DecisionDialog)
    assert unnamed(decide) == []
    assert focused() is decide.picture
    qtbot.keyClicks(focused(), "Verzuim en laat buiten; school en jongerenwerk zien het.")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "P")
    assert decide.decision.currentData() == "person_approach"
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Gesprek met ouders")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Bram")
    assert decide.task_owner.currentData() == BOA.user_id
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not decide.isVisible())

    (item,) = Meetings(session).items(meeting.id)
    assert item.decision is not None and item.decision.value == "person_approach"
    assert item.picture.startswith("Verzuim en laat buiten")
    (task,) = Tasks(session).for_meeting_item(item.id)
    assert (task.title, task.owner_id, task.due) == (
        "Gesprek met ouders",
        BOA.user_id,
        date.today(),
    )
    qtbot.waitUntil(lambda: "Gesprek met ouders (Bram Jansen)" in texts(window.agenda)[0][3])

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_G, ALT)
    qtbot.waitUntil(lambda: Meetings(session).get(meeting.id).status is MeetingStatus.HELD)
    folder = tmp_path / "overleg"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(folder))
    qtbot.keyClick(window, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: "3 PDF's opgeslagen" in window.message.text())
    assert sorted(p.name for p in folder.iterdir()) == [
        f"overleg-{date.today().isoformat()}-deelnemer-01.pdf",
        f"overleg-{date.today().isoformat()}-deelnemer-02.pdf",
        f"overleg-{date.today().isoformat()}-volledig.pdf",
    ]


def test_a_decision_task_without_an_owner_is_named_and_nothing_is_lost(
    qtbot, shell: Shell, session: Session
) -> None:  # type: ignore[no-untyped-def]
    with_directory(session, me=REGISSEUR)
    youth = add_youth(session, "Lotte")
    meetings = Meetings(session)
    meeting = meetings.new("Overleg", date.today(), [BOA.user_id])
    meetings.add_youth(meeting.id, youth.id)
    window = open_meetings(qtbot, shell, session)
    qtbot.waitUntil(lambda: window.agenda.topLevelItemCount() == 1)
    window.agenda.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    decide = dialog(qtbot, DecisionDialog)
    qtbot.keyClicks(decide.task_title, "Huisbezoek")
    decide.save()
    assert decide.isVisible()
    assert decide.messages["tasks"].text() != ""
    assert decide.task_title.text() == "Huisbezoek"
    assert Tasks(session).for_youth(youth.id) == []


def test_fetching_the_agenda_without_a_server_says_what_to_do(
    qtbot, shell: Shell, session: Session
) -> None:  # type: ignore[no-untyped-def]
    with_directory(session, me=REGISSEUR)
    Meetings(session).new("Overleg", date.today(), [BOA.user_id])
    window = open_meetings(qtbot, shell, session)
    qtbot.waitUntil(lambda: window.meeting_id() is not None)
    qtbot.keyClick(window, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: "niet bereikbaar" in window.error.text(), timeout=15000)
