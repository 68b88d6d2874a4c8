"""The worklist's notices, handovers to decide and tasks due: Enter opens the youth's page
in the right tab with the record chosen, and Enter there does what the item asks."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from desktop.services.handovers import Handovers
from desktop.services.notices import Notices
from desktop.services.session import Session
from desktop.services.tasks import Tasks
from desktop.services.worklist import WorkItem
from desktop.views.shell import Shell
from desktop.views.together.note_dialog import NoteDialog
from desktop.views.worklist import ITEM_ROLE, WorklistSection
from desktop.views.youths.section import YouthsSection
from tests.gui.conftest import activate
from tests.gui.together_support import dialog, focused
from tests.integration.together import BOA, WORKER, YOUTH_WORK, add_youth, with_directory
from veldwerk_core.models import Handover, HandoverStatus, Notice, TaskStatus

CTRL = Qt.KeyboardModifier.ControlModifier


def open_from_worklist(qtbot, shell: Shell, session: Session, kind: str) -> YouthsSection:  # type: ignore[no-untyped-def]
    """Ctrl+1, arrow down to the first item of ``kind``, Enter."""
    shell.open_session(session)
    activate(qtbot, shell.main)
    qtbot.keyClick(shell.main, Qt.Key.Key_1, CTRL)
    tree = shell.main.sections[0]
    assert isinstance(tree, WorklistSection)
    qtbot.waitUntil(lambda: tree.tree.topLevelItemCount() > 0)
    assert focused() is tree.tree
    for _step in range(20):
        item = tree.tree.currentItem().data(0, ITEM_ROLE)
        if isinstance(item, WorkItem) and item.target_kind == kind:
            break
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    section = shell.main.current_section
    assert isinstance(section, YouthsSection)
    return section


def test_enter_on_a_handover_opens_it_and_the_addressee_accepts(
    qtbot, shell: Shell, session: Session
) -> None:  # type: ignore[no-untyped-def]
    with_directory(session, me=BOA)
    youth = add_youth(session, "Mila")
    # An offer made by a colleague, as it arrives by sync (written here through the write path).
    offered = session.records.create(
        Handover,
        {
            "youth_id": youth.id,
            "to_user_id": BOA.user_id,
            "to_name": BOA.name,
            "note": "Zij hangt vaak bij het winkelcentrum.",
            "from_name": WORKER.name,
            "from_organisation": YOUTH_WORK.name,
        },
    ).record
    section = open_from_worklist(qtbot, shell, session, "handover")
    page = section.page
    qtbot.waitUntil(lambda: page.currentWidget() is page.handovers)
    assert page.handovers.current().id == offered.id
    assert focused() is page.handovers.rows
    assert "winkelcentrum" in page.handovers.note.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    accept = dialog(qtbot, NoteDialog)
    assert accept.save_button.text() == "Accepteren"
    qtbot.keyClicks(focused(), "Ik neem het over.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not accept.isVisible())
    decided = Handovers(session).get(offered.id)
    assert (decided.status, decided.decision_note) == (HandoverStatus.ACCEPTED, "Ik neem het over.")
    assert not page.handovers.buttons_enabled("acceptHandover")


def test_enter_on_a_notice_and_on_a_task(qtbot, shell: Shell, session: Session) -> None:  # type: ignore[no-untyped-def]
    with_directory(session)
    youth = add_youth(session)
    notice = session.records.create(
        Notice,
        {
            "youth_id": youth.id,
            "other_organisation": "Handhaving Veldstad",
            "contacts": [{"name": BOA.name, "phone": BOA.phone, "email": BOA.email}],
            "matched_by": "bsn",
        },
    ).record
    task = Tasks(session).make(youth.id, "Huisbezoek plannen", date.today() + timedelta(days=2))

    section = open_from_worklist(qtbot, shell, session, "notice")
    page = section.page
    qtbot.waitUntil(lambda: page.currentWidget() is page.notices)
    assert page.notices.current().id == notice.id
    assert BOA.phone in page.notices.note.text() and BOA.email in page.notices.note.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: Notices(session).get(notice.id).seen)

    section = open_from_worklist(qtbot, shell, session, "task")
    qtbot.waitUntil(lambda: page.currentWidget() is page.tasks)
    assert page.tasks.current().task.id == task.id
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: Tasks(session).get(task.id).status is TaskStatus.DONE)
    qtbot.waitUntil(lambda: page.tasks.rows.topLevelItem(0).text(3).startswith("gedaan op"))
