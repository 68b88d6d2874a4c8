"""Merging two registrations from a "wie doet wat" notice, by keyboard: the regisseur chooses
which registration stays and says why; the merge waits for the server and the youth's page
says so; a missing reason is named at its field and nothing typed is lost."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.merges import Merges
from desktop.services.session import Session
from desktop.views.shell import Shell
from desktop.views.together.merge_dialog import MergeDialog
from tests.gui.together_support import dialog, focused, open_youth, unnamed
from tests.integration.together import REGISSEUR, add_youth, with_directory
from veldwerk_core.models import Notice

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_the_regisseur_merges_two_registrations_from_a_notice(
    qtbot, shell: Shell, session: Session
) -> None:  # type: ignore[no-untyped-def]
    with_directory(session, me=REGISSEUR)
    mine, theirs = add_youth(session, "Noor"), add_youth(session, "Noor")
    # The pair of notices the server raised, as they arrive by sync.
    here, there = (
        session.records.create(
            Notice,
            {"youth_id": youth.id, "other_organisation": organisation, "matched_by": "bsn"},
        ).record
        for youth, organisation in ((mine, "Handhaving Veldstad"), (theirs, "Jongerenwerk"))
    )
    session.records.update(Notice, here.id, {"counterpart_id": str(there.id)})
    session.records.update(Notice, there.id, {"counterpart_id": str(here.id)})

    section = open_youth(qtbot, shell, session, mine)
    page = section.page
    qtbot.keyClick(shell.main, Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: page.currentWidget() is page.notices)
    qtbot.waitUntil(lambda: page.notices.buttons_enabled("mergeRegistrations"))
    qtbot.keyClick(focused(), Qt.Key.Key_N, ALT)
    merge = dialog(qtbot, MergeDialog)
    assert unnamed(merge) == []
    assert merge.stays.currentData() == mine.id
    qtbot.keyClick(merge, Qt.Key.Key_Return, CTRL)  # no reason yet
    qtbot.waitUntil(lambda: bool(merge.binding.fields["reason"].message.text()))
    assert merge.isVisible() and focused() is merge.reason
    qtbot.keyClicks(focused(), "Zelfde BSN; moeder bevestigt")
    qtbot.keyClick(merge, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not merge.isVisible())
    [asked] = Merges(session).of_youth(mine.id)
    assert (asked.youth_id, asked.merged_id, asked.notice_id) == (mine.id, theirs.id, here.id)
    assert asked.reason == "Zelfde BSN; moeder bevestigt" and not asked.carried_out
    browser = page.timeline.browser
    qtbot.waitUntil(lambda: "volgende synchronisatie" in browser.toPlainText())
    qtbot.waitUntil(lambda: not page.notices.buttons_enabled("mergeRegistrations"))
