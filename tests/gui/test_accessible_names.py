"""Every control a keyboard user can reach has a name a screen reader can say (issue 18, 3):
a walk over every section with demo data, each section's first record opened, and the forms
and dialogs that open from the main window. Lists what is missing, per place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

from desktop.services import demo
from desktop.services.session import Session
from desktop.views.shell import Shell
from tests.gui.conftest import activate
from tests.gui.together_support import unnamed

CTRL = Qt.KeyboardModifier.ControlModifier


def _dialogs() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_every_focusable_control_has_a_name(qtbot, shell: Shell, session: Session) -> None:  # type: ignore[no-untyped-def]
    demo.generate(session, youths=12)
    shell.open_session(session)
    main = shell.main
    activate(qtbot, main)
    missing: dict[str, list[str]] = {}
    for index, section in enumerate(main.sections):
        main.show_section(index)
        qtbot.wait(50)
        # The cursor is in the section's list: the first record opens beside it.
        focus = QApplication.focusWidget()
        if focus is not None:
            qtbot.keyClick(focus, Qt.Key.Key_Down)
            qtbot.wait(100)
        places = [f"section {index + 1} {type(section).__name__}"]
        page = getattr(section, "page", None)
        for tab in range(page.count() if isinstance(page, QTabWidget) else 0):
            page.setCurrentIndex(tab)
            qtbot.wait(30)
            places.append(f"{places[0]}, tab {page.tabText(tab)}")
            found = unnamed(main)
            if found:
                missing[places[-1]] = found
        found = unnamed(main)
        if found:
            missing[places[0]] = found
    for name, keys in (("new youth", Qt.Key.Key_J), ("new signal", Qt.Key.Key_N)):
        activate(qtbot, main)
        qtbot.keyClick(main, keys, CTRL)
        qtbot.wait(100)
        for dialog in _dialogs():
            found = unnamed(dialog)
            if found:
                missing[f"{name}: {type(dialog).__name__}"] = found
            dialog.reject()
        found = unnamed(main)
        if found:
            missing[f"{name}: main window"] = found
    report = "\n".join(f"{place}: {', '.join(names)}" for place, names in missing.items())
    assert not missing, report
