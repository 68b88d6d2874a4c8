"""The group editor (the Groepen section's detail): one binding, and typing that survives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.groups import Groups
from desktop.services.session import Session
from desktop.services.signals import Signals
from desktop.services.youths import Youths
from desktop.views.groups.section import GroupsSection
from desktop.views.ops import Ops
from tests.gui.conftest import activate
from veldwerk_core.models import Group


def groups_section(qtbot, ops: Ops, session: Session) -> GroupsSection:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    section = GroupsSection(ops)
    qtbot.addWidget(section)
    section.resize(1200, 760)
    section.show()
    section.activate()
    return section


def test_a_new_group_with_a_mistake_next_to_its_field(qtbot, ops: Ops, session: Session) -> None:  # type: ignore[no-untyped-def]
    youth = Youths(session).create(
        {"first_name": "Ilias", "last_name": "Bouzid", "date_of_birth": "12-12-2011"}
    )
    section = groups_section(qtbot, ops, session)
    activate(qtbot, section)
    section.new_record()
    editor = section.editor
    qtbot.keyClicks(editor.member_picker, "ilias")
    popup = editor.member_picker.popup()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Naam" in editor.messages["name"].text() and editor.messages["name"].isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.name)  # the cursor is there
    assert editor.members.rowCount() == 1, "nothing chosen is lost"
    assert session.records.count(Group) == 0

    qtbot.keyClicks(editor.name, "Skatebaan")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.error.text() == "Opgeslagen." and editor.messages["name"].isHidden()
    (group,) = session.records.select(Group)
    assert group.name == "Skatebaan" and [m.youth_id for m in group.members] == [youth.id]
    assert section.selected() is not None and section.selected().id == group.id, (
        "the list shows the new group"
    )


def test_typing_survives_a_change_elsewhere_until_it_is_saved(
    qtbot, ops: Ops, session: Session
) -> None:  # type: ignore[no-untyped-def]
    group = Groups(session).create({"name": "Skatebaan"})
    section = groups_section(qtbot, ops, session)
    section.open_record("youth_group", group.id)
    editor = section.editor
    assert editor.group is not None and editor.group.id == group.id
    qtbot.keyClicks(editor.notes, "Vaak na schooltijd.")

    ops.run(
        lambda s: Signals(s).record(
            {
                "group_id": str(group.id),
                "place": {"place_kind": "wijk", "wijk": "Noord"},
                "life_domain": "straat",
                "category": "overlast",
                "description": "Harde muziek bij de skatebaan tot laat.",
                "severity": "low",
                "legal_basis": "legal_task",
            }
        )
    )
    assert editor.notes.toPlainText() == "Vaak na schooltijd.", "unsaved typing is kept"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert Groups(session).get(group.id).notes == "Vaak na schooltijd."
    assert "Signalen over deze groep" in editor.signals.text(), "saved: it shows the news"
