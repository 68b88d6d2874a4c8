"""First run, unlock, wrong passphrase, auto-lock - driven like a person would, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.youths import Youths
from desktop.views.shell import Shell
from tests.conftest import PASSPHRASE
from tests.gui.conftest import FakeClock, activate


def create_through_dialog(qtbot, shell: Shell) -> None:  # type: ignore[no-untyped-def]
    shell.start()
    dialog = shell.create_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Sanne de Boer")
    qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
    assert not dialog.create_button.isEnabled(), "not before the passphrase is repeated"
    qtbot.keyClicks(dialog.passphrase.second, PASSPHRASE)
    assert dialog.create_button.isEnabled()
    with qtbot.waitSignal(shell.sig_opened, timeout=5000):
        qtbot.keyClick(dialog.passphrase.second, Qt.Key.Key_Return)


def test_first_run_creates_an_encrypted_vault(qtbot, shell: Shell, data_dir: DataDir) -> None:  # type: ignore[no-untyped-def]
    create_through_dialog(qtbot, shell)
    assert data_dir.vault.exists()
    assert shell.main.isVisible() and shell.unlocked
    assert "Sanne de Boer" in shell.main.user_label.text()
    assert shell.ops.session is not None and shell.ops.session.profile.name == "Sanne de Boer"
    assert shell.create_dialog is not None
    assert shell.create_dialog.passphrase.first.text() == "", (
        "the passphrase is not kept in the widget"
    )


def test_weak_or_mismatched_passphrases_explain_themselves(qtbot, shell: Shell) -> None:  # type: ignore[no-untyped-def]
    shell.start()
    dialog = shell.create_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.name, "Sanne")
    qtbot.keyClicks(dialog.passphrase.first, "kort")
    problems = dialog.passphrase.problems.text()
    assert "minstens 12 tekens" in problems
    assert not dialog.create_button.isEnabled()
    dialog.passphrase.first.clear()
    qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase.second, PASSPHRASE + "x")
    assert "niet gelijk" in dialog.passphrase.problems.text()
    assert not dialog.create_button.isEnabled()


def make_vault(data_dir: DataDir, profile) -> None:  # type: ignore[no-untyped-def]
    session = sessions.create(data_dir, Secret(PASSPHRASE), profile)
    Youths(session).create(
        {"first_name": "Mila", "last_name": "Bakker", "date_of_birth": "05-05-2011"}
    )
    session.lock()


def unlock(qtbot, shell: Shell, passphrase: str) -> None:  # type: ignore[no-untyped-def]
    dialog = shell.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)


def test_wrong_passphrase_says_so_and_waits_longer_after_repeated_failures(
    qtbot,
    shell: Shell,
    data_dir: DataDir,
    profile,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    make_vault(data_dir, profile)
    shell.start()
    dialog = shell.unlock_dialog
    assert dialog is not None
    unlock(qtbot, shell, "niet mijn wachtwoordzin")
    assert "onjuist" in dialog.error.text()
    assert dialog.passphrase.isEnabled() and dialog.passphrase.text() == ""
    unlock(qtbot, shell, "nog een poging")
    unlock(qtbot, shell, "derde poging")
    assert "Wacht nog 5 seconden" in dialog.error.text()
    assert dialog.passphrase.isEnabled() and dialog.focusWidget() is dialog.passphrase
    clock.advance(5)
    dialog._tick()
    assert dialog.passphrase.isEnabled()
    unlock(qtbot, shell, "vierde poging")
    assert "Wacht nog 10 seconden" in dialog.error.text()
    assert not shell.unlocked
    clock.advance(10)
    dialog._tick()
    with qtbot.waitSignal(shell.sig_opened):
        unlock(qtbot, shell, PASSPHRASE)
    assert shell.guard.failures == 0


def test_enter_during_the_wait_waits_and_never_quits(
    qtbot,
    shell: Shell,
    data_dir: DataDir,
    profile,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    """Issue 13, 3: after wrong passphrases the cursor sat on "Afsluiten" and Enter quit."""
    make_vault(data_dir, profile)
    shell.start()
    dialog = shell.unlock_dialog
    assert dialog is not None
    activate(qtbot, dialog)
    for attempt in ("eerste poging", "tweede poging", "derde poging"):
        unlock(qtbot, shell, attempt)
    assert "Wacht nog 5 seconden" in dialog.error.text()
    assert dialog.focusWidget() is dialog.passphrase
    quits: list[bool] = []
    shell.sig_quit.connect(lambda: quits.append(True))
    qtbot.keyClicks(dialog.focusWidget(), PASSPHRASE)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert quits == [] and dialog.isVisible() and not shell.unlocked
    assert "Daarna wordt je wachtwoordzin gecontroleerd" in dialog.error.text()
    assert shell.guard.failures == 3, "waiting is not another wrong try"
    clock.advance(5)
    with qtbot.waitSignal(shell.sig_opened):
        dialog._tick()
    assert quits == [] and shell.unlocked


def test_idle_timer_locks_clears_views_and_unlocks_again(
    qtbot,
    shell: Shell,
    data_dir: DataDir,
    profile,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    make_vault(data_dir, profile)
    shell.start()
    with qtbot.waitSignal(shell.sig_opened):
        unlock(qtbot, shell, PASSPHRASE)
    session = shell.ops.session
    assert session is not None and session.is_open
    shell.idle.check()
    assert "Vergrendelt over 5:00" in shell.main.lock_label.text()

    clock.advance(4 * 60)
    shell.idle.check()
    assert shell.unlocked, "not locked before the timeout"
    clock.advance(61)
    with qtbot.waitSignal(shell.sig_locked):
        shell.idle.check()
    assert not shell.unlocked
    assert not session.is_open, "the vault connection is closed"
    assert shell.ops.session is None
    assert not shell.main.isVisible()
    assert shell.unlock_dialog is not None and shell.unlock_dialog.isVisible()
    texts = [label.text() for label in shell.main.findChildren(QLabel)]
    assert "Sanne de Boer" not in " ".join(texts), "views are cleared on lock"

    with qtbot.waitSignal(shell.sig_opened):
        unlock(qtbot, shell, PASSPHRASE)
    assert shell.ops.session is not None and shell.ops.session is not session
    assert shell.main.isVisible()


def test_activity_postpones_the_lock(
    qtbot, shell: Shell, data_dir: DataDir, profile, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    make_vault(data_dir, profile)
    shell.start()
    with qtbot.waitSignal(shell.sig_opened):
        unlock(qtbot, shell, PASSPHRASE)
    clock.advance(4 * 60)
    qtbot.keyClick(shell.main.nav, Qt.Key.Key_Down)
    clock.advance(2 * 60)
    shell.idle.check()
    assert shell.unlocked


def test_ctrl_l_locks_at_once(qtbot, shell: Shell, data_dir: DataDir, profile) -> None:  # type: ignore[no-untyped-def]
    make_vault(data_dir, profile)
    shell.start()
    with qtbot.waitSignal(shell.sig_opened):
        unlock(qtbot, shell, PASSPHRASE)
    activate(qtbot, shell.main)
    with qtbot.waitSignal(shell.sig_locked):
        qtbot.keyClick(shell.main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not shell.unlocked


def test_navigation_sections_are_present_and_reachable_by_keyboard(
    qtbot, shell: Shell, data_dir: DataDir, profile
) -> None:  # type: ignore[no-untyped-def]
    make_vault(data_dir, profile)
    shell.start()
    with qtbot.waitSignal(shell.sig_opened):
        unlock(qtbot, shell, PASSPHRASE)
    names = [shell.main.nav.item(i).text() for i in range(shell.main.nav.count())]
    assert names == [
        "Werklijst",
        "Jongeren",
        "Signalen",
        "Screenings",
        "Trajecten",
        "Groepen",
        "Synchronisatie",
    ]
    activate(qtbot, shell.main)
    qtbot.keyClick(shell.main, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert shell.main.stack.currentIndex() == 2
    assert shell.main.nav.currentRow() == 2


def test_nothing_runs_against_the_locked_vault_before_it_is_opened(
    qtbot, data_dir: DataDir, profile
) -> None:  # type: ignore[no-untyped-def]
    """The main window is made before unlocking; its first section loads once the vault is
    open. (A finished operation now always reaches the GUI thread through the event loop, so
    a load against the locked vault would have shown "De kluis is vergrendeld" at start.)"""
    from desktop.services.settings import Settings
    from desktop.views.ops import Ops

    make_vault(data_dir, profile)
    threaded = Ops()
    errors: list[BaseException] = []
    threaded.sig_error.connect(errors.append)
    try:
        started = Shell(data_dir, threaded, Settings())
        qtbot.addWidget(started.main)
        started.start()
        qtbot.wait(300)
        assert errors == []
        assert started.unlock_dialog is not None
        started.unlock_dialog.close()
        started.main.close_quietly()
    finally:
        threaded.shutdown()
