"""Sections are told what changed: a save refreshes what shows it, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.services.changes import Changes
from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.sync.engine import SyncReport
from desktop.views.groups.section import GroupsSection
from desktop.views.shell import Shell
from desktop.views.signals.form import SignalForm
from desktop.views.signals.section import SignalsSection
from desktop.views.trajectories import TrajectoriesSection
from desktop.views.youths.section import YouthsSection
from tests.gui.conftest import activate
from tests.gui.test_signal_capture import open_shell, signal_form
from veldwerk_core.models import Youth

DESCRIPTION = "Harde muziek bij de skatebaan tot laat in de avond."


@pytest.fixture
def youth(session: Session) -> Youth:
    return Youths(session).create(
        {"first_name": "Ilias", "last_name": "Bouzid", "date_of_birth": "12-12-2011"}
    )


def section_of(shell: Shell, kind: type[Any]) -> Any:
    (found,) = [s for s in shell.main.sections if isinstance(s, kind)]
    return found


def go_to(qtbot, shell: Shell, kind: type[Any]) -> Any:  # type: ignore[no-untyped-def]
    section = section_of(shell, kind)
    shell.main.show_section(shell.main.sections.index(section))
    qtbot.waitUntil(section.isVisible)
    return section


def record_with_ctrl_n(qtbot, shell: Shell, youth: Youth | None = None) -> SignalForm:  # type: ignore[no-untyped-def]
    """Ctrl+N from wherever the main window is, fill in what is needed, Ctrl+Enter."""
    activate(qtbot, shell.main)
    qtbot.keyClick(shell.main, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = signal_form(qtbot)
    if youth is not None and not form.chosen.count():
        form._add_youth(youth)
    form.wijk.setCurrentIndex(form.wijk.findData("Noord"))
    form.category.setCurrentIndex(form.category.findData("overlast"))
    form.severity.setCurrentIndex(form.severity.findData("low"))
    form.legal_basis.setCurrentIndex(form.legal_basis.findData("legal_task"))
    qtbot.keyClicks(form.description, DESCRIPTION)
    with qtbot.waitSignal(form.sig_saved, timeout=5000):
        qtbot.keyClick(form.description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return form


def test_a_signal_saved_from_ctrl_n_appears_in_the_timeline_on_screen(  # type: ignore[no-untyped-def]
    qtbot, shell: Shell, session: Session, youth: Youth
) -> None:
    open_shell(qtbot, shell, session)
    shell.main.open_record("youth", youth.id)
    section = section_of(shell, YouthsSection)
    qtbot.waitUntil(lambda: section.current_youth() is not None)
    assert DESCRIPTION not in section.timeline.browser.toPlainText()
    record_with_ctrl_n(qtbot, shell)
    qtbot.waitUntil(lambda: DESCRIPTION in section.timeline.browser.toPlainText())
    assert section.current_youth().id == youth.id, "the same youth stays on screen"


def test_a_signal_saved_from_ctrl_n_appears_in_the_signal_list_on_screen(  # type: ignore[no-untyped-def]
    qtbot, shell: Shell, session: Session, youth: Youth
) -> None:
    open_shell(qtbot, shell, session)
    section = go_to(qtbot, shell, SignalsSection)
    assert section.model.rowCount() == 0
    record_with_ctrl_n(qtbot, shell, youth)
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    qtbot.waitUntil(lambda: section.signal_detail.view is not None)
    assert section.signal_detail.view.signal.description == DESCRIPTION


def test_a_section_the_change_does_not_concern_does_not_reload(  # type: ignore[no-untyped-def]
    qtbot, shell: Shell, session: Session, youth: Youth, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_shell(qtbot, shell, session)
    trajectories = go_to(qtbot, shell, TrajectoriesSection)
    groups = section_of(shell, GroupsSection)
    loads: list[str] = []
    original = trajectories.refresh
    monkeypatch.setattr(trajectories, "refresh", lambda: (loads.append("list"), original())[1])
    monkeypatch.setattr(groups.model, "refresh", lambda: loads.append("groups"))
    changes: list[Changes] = []
    shell.ops.sig_changed.connect(changes.append)

    record_with_ctrl_n(qtbot, shell, youth)
    assert changes and changes[0].kinds == {"signal"}
    assert loads == [], "neither the trajectories on screen nor the hidden groups reloaded"

    signals = go_to(qtbot, shell, SignalsSection)
    qtbot.waitUntil(lambda: signals.model.rowCount() == 1)  # a hidden section loads when shown
    shell.ops.announce(Changes(frozenset({"goal"})))
    go_to(qtbot, shell, TrajectoriesSection)
    loads.clear()
    shell.ops.announce(Changes(frozenset({"goal"})))
    assert loads == ["list"], "a change to a trajectory's part reloads the trajectories"


def test_a_sync_that_brought_records_tells_every_section(  # type: ignore[no-untyped-def]
    qtbot, shell: Shell, session: Session
) -> None:
    open_shell(qtbot, shell, session)
    changes: list[Changes] = []
    shell.ops.sig_changed.connect(changes.append)
    shell.main.sync._done(SyncReport(pushed=3, applied=3))
    assert changes == [], "sending changes alters nothing on screen"
    shell.main.sync._done(SyncReport(received=2))
    assert changes == [Changes.everything()]
    assert Changes.everything().touches(section_of(shell, YouthsSection).kinds)
