"""The youth page's working-together tabs, driven by keyboard on a real vault that knows its
municipality's directory (as enrollment and a first sync leave it)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.involvements import Involvements
from desktop.services.session import Session
from desktop.views.shell import Shell
from desktop.views.together.involvement_dialogs import EndInvolvedDialog, NameInvolvedDialog
from tests.gui.conftest import activate
from tests.gui.together_support import ALT, dialog, focused, open_youth, texts, unnamed
from tests.integration.together import BOA, POLICE, add_youth, with_directory


def test_naming_a_colleague_shows_them_with_their_work_contact(
    qtbot, shell: Shell, session: Session
) -> None:  # type: ignore[no-untyped-def]
    with_directory(session)
    youth = add_youth(session)
    section = open_youth(qtbot, shell, session, youth)
    page = section.page
    qtbot.keyClick(shell.main, Qt.Key.Key_B, ALT)
    assert page.currentWidget() is page.involved
    assert texts(page.involved.rows)[0][0] == "Nog niemand betrokken."
    qtbot.keyClick(shell.main, Qt.Key.Key_C, ALT)
    form = dialog(qtbot, NameInvolvedDialog)
    assert unnamed(form) == []
    assert focused() is form.who
    qtbot.keyClicks(focused(), "Bram")
    assert form.who.currentData() == ("colleague", BOA.user_id)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())
    qtbot.waitUntil(lambda: page.involved.count() == 1)
    (row,) = texts(page.involved.rows)
    assert row[:5] == [BOA.name, BOA.role.label, BOA.organisation, BOA.phone, BOA.email]
    assert page.tabText(1) == "&Betrokkenen (1)"
    (stored,) = Involvements(session).for_youth(youth.id)
    assert stored.involvement.professional_id == BOA.user_id


def test_a_partner_and_ending_an_involvement(qtbot, shell: Shell, session: Session) -> None:  # type: ignore[no-untyped-def]
    with_directory(session)
    youth = add_youth(session)
    Involvements(session).name_colleague(youth.id, BOA.user_id)
    section = open_youth(qtbot, shell, session, youth)
    page = section.page
    qtbot.keyClick(shell.main, Qt.Key.Key_B, ALT)
    qtbot.keyClick(shell.main, Qt.Key.Key_C, ALT)
    form = dialog(qtbot, NameInvolvedDialog)
    qtbot.keyClicks(form.who, "Politie")
    assert form.contact.isEnabled() and not form.role.isEnabled()
    form.save()
    qtbot.waitUntil(lambda: page.involved.count() == 2)
    assert any(
        row[0] == POLICE.contact and row[3] == POLICE.phone for row in texts(page.involved.rows)
    )
    activate(qtbot, shell.main)
    page.involved.rows.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Home)
    if page.involved.current().involvement.professional_id != BOA.user_id:
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert page.involved.current().involvement.professional_id == BOA.user_id
    qtbot.keyClick(shell.main, Qt.Key.Key_E, ALT)
    end = dialog(qtbot, EndInvolvedDialog)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not end.isVisible())
    boa = next(
        i for i in Involvements(session).for_youth(youth.id) if i.involvement.professional_id
    )
    assert boa.involvement.until is not None
