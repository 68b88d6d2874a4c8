"""Helpers for the working-together GUI tests: a vault with the directory, the youth page
on screen, dialogs found as a person sees them."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from desktop.services.session import Session
from desktop.views.shell import Shell
from desktop.views.youths.section import YouthsSection
from tests.gui.conftest import activate
from veldwerk_core.models import Youth

W = TypeVar("W", bound=QWidget)
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def open_youth(qtbot, shell: Shell, session: Session, youth: Youth) -> YouthsSection:  # type: ignore[no-untyped-def]
    shell.open_session(session)
    activate(qtbot, shell.main)
    shell.main.open_record("youth", youth.id)
    section = shell.main.current_section
    assert isinstance(section, YouthsSection)
    qtbot.waitUntil(lambda: section.current_youth() is not None)
    return section


def dialog(qtbot, kind: type[W]) -> W:  # type: ignore[no-untyped-def]
    """The open top-level window of ``kind``, made active so the keyboard reaches it."""
    qtbot.waitUntil(
        lambda: any(isinstance(w, kind) and w.isVisible() for w in QApplication.topLevelWidgets())
    )
    found = next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())
    qtbot.addWidget(found)
    activate(qtbot, found)
    return found


def texts(tree) -> list[list[str]]:  # type: ignore[no-untyped-def]
    rows = []
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        rows.append([item.text(column) for column in range(tree.columnCount())])
    return rows


def unnamed(widget: QWidget) -> list[str]:
    """Controls a screen reader could not name: no accessible name, no text of their own and
    no label that points at them."""
    labelled = {
        id(label.buddy()) for label in widget.findChildren(QLabel) if label.buddy() is not None
    }
    missing = []
    for child in widget.findChildren(QWidget):
        if child.focusPolicy() == Qt.FocusPolicy.NoFocus or not child.isVisibleTo(widget):
            continue
        if child.accessibleName() or id(child) in labelled:
            continue
        if isinstance(child, QLabel) or (isinstance(child, QAbstractButton) and child.text()):
            continue
        if child.focusProxy() is not None or type(child).__name__ in ("QScrollBar",):
            continue
        missing.append(f"{type(child).__name__} {child.objectName()!r}")
    return missing
