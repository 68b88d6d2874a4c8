from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.paths import DataDir
from desktop.services.settings import Settings
from desktop.services.unlock_guard import UnlockGuard
from desktop.views.ops import InlineExecutor, Ops
from desktop.views.shell import Shell


def activate(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Make ``widget``'s window the active one, so application shortcuts reach it."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A modal dialog nobody answers would hang the suite: fail instead, saying which.

    A test that expects a message box patches the one it expects after this fixture.
    """
    from PySide6.QtWidgets import QMessageBox

    from desktop.views.crash import CrashDialog

    seen: list[tuple[str, str]] = []

    def refuse(kind: str):  # type: ignore[no-untyped-def]
        def show(*args: object, **kwargs: object) -> object:
            texts = [str(a) for a in args if isinstance(a, str)]
            seen.append((kind, " / ".join(texts)))
            raise AssertionError(f"unexpected {kind} dialog: {texts}")

        return show

    for name in ("warning", "question", "information", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse(f"QMessageBox.{name}"))
    monkeypatch.setattr(CrashDialog, "exec", refuse("crash"))
    return seen


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ops(qtbot) -> Iterator[Ops]:  # type: ignore[no-untyped-def]
    """Operations run inline, so a test sees their results at once (as Picard's tests do)."""
    operations = Ops(InlineExecutor(), InlineExecutor())
    yield operations


@pytest.fixture
def shell(qtbot, data_dir: DataDir, ops: Ops, clock: FakeClock) -> Iterator[Shell]:  # type: ignore[no-untyped-def]
    guard = UnlockGuard(data_dir.unlock_state, clock=clock)
    app_shell = Shell(data_dir, ops, Settings(), clock=clock, guard=guard)
    qtbot.addWidget(app_shell.main)
    yield app_shell
    session = ops.session
    if session is not None and session.is_open:
        session.lock()
    for dialog in (app_shell.unlock_dialog, app_shell.create_dialog):
        if dialog is not None:
            dialog.close()
    app_shell.main.close_quietly()
