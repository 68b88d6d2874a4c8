"""The background-operation helper: one database worker, results on the GUI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QThread

from desktop.services.errors import VaultLocked
from desktop.services.session import Session
from desktop.views.ops import Ops


@pytest.fixture
def threaded_ops(qtbot) -> Iterator[Ops]:  # type: ignore[no-untyped-def]
    operations = Ops()
    yield operations
    operations.shutdown()


def test_work_runs_in_order_on_one_worker_and_results_land_on_the_gui_thread(
    qtbot, threaded_ops: Ops, session: Session
) -> None:  # type: ignore[no-untyped-def]
    threaded_ops.set_session(session)
    gui_thread = QThread.currentThread()
    seen: list[tuple[int, int, object]] = []
    for n in range(20):
        threaded_ops.run(
            lambda s, n=n: (n, threading.get_ident()),
            on_success=lambda result: seen.append((*result, QThread.currentThread())),
        )
    qtbot.waitUntil(lambda: len(seen) == 20)
    assert [n for n, _, _ in seen] == list(range(20)), "in submission order"
    assert len({worker for _, worker, _ in seen}) == 1, "one database worker"
    assert seen[0][1] != threading.get_ident()
    assert all(thread is gui_thread for _, _, thread in seen)
    qtbot.waitUntil(lambda: not threaded_ops.busy)


def test_results_of_work_started_before_a_lock_are_dropped(qtbot, threaded_ops: Ops) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    delivered: list[str] = []
    threaded_ops.run_unlocked(lambda: release.wait(5) and "case data", on_success=delivered.append)
    threaded_ops.invalidate()  # the lock happens while the query is still running
    with qtbot.waitSignal(
        threaded_ops.sig_busy, check_params_cb=lambda busy: not busy, timeout=5000
    ):
        release.set()
    assert delivered == []


def test_unhandled_errors_go_to_sig_error_and_handled_ones_to_the_caller(
    qtbot, threaded_ops: Ops
) -> None:  # type: ignore[no-untyped-def]
    def fail() -> None:
        raise ValueError("bug")

    with qtbot.waitSignal(threaded_ops.sig_error, timeout=5000) as blocker:
        threaded_ops.run_unlocked(fail)
    assert isinstance(blocker.args[0], ValueError)

    handled: list[BaseException] = []
    with qtbot.waitSignal(
        threaded_ops.sig_busy, check_params_cb=lambda busy: not busy, timeout=5000
    ):
        threaded_ops.run(lambda s: None, on_failure=handled.append)  # no session: locked
    assert len(handled) == 1 and isinstance(handled[0], VaultLocked)


def test_callbacks_of_a_deleted_owner_are_skipped(qtbot, threaded_ops: Ops) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    called: list[object] = []
    release = threading.Event()
    threaded_ops.run_unlocked(lambda: release.wait(5), on_success=called.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    with qtbot.waitSignal(
        threaded_ops.sig_busy, check_params_cb=lambda busy: not busy, timeout=5000
    ):
        release.set()
    assert called == []


def _alive(obj: QObject) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


def _youth(session: Session) -> object:
    from desktop.services.youths import Youths

    return Youths(session).create(
        {"first_name": "Noor", "last_name": "Bakker", "date_of_birth": "01-01-2011"}
    )


def test_an_operation_reports_what_it_wrote_after_its_own_callback(
    qtbot, ops: Ops, session: Session
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.changes import Changes

    ops.set_session(session)
    heard: list[object] = []
    ops.sig_changed.connect(heard.append)
    ops.run(_youth, on_success=lambda youth: heard.append(("saved", youth.id)))  # type: ignore[attr-defined]
    (saved, changes) = heard
    assert isinstance(changes, Changes) and saved == ("saved", next(iter(changes.ids)))
    assert changes.kinds == {"youth"}
    heard.clear()
    ops.run(lambda s: s.profile.name, on_success=lambda _name: None)
    assert heard == [], "reading changes nothing"


def test_a_failed_operation_still_reports_what_it_wrote(qtbot, ops: Ops, session: Session) -> None:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    heard: list[object] = []
    ops.sig_changed.connect(heard.append)

    def write_then_fail(s: Session) -> None:
        _youth(s)
        raise ValueError("bug after a committed write")

    ops.run(write_then_fail, on_failure=lambda _error: heard.append("failed"))
    assert heard[0] == "failed" and heard[1].kinds == {"youth"}  # type: ignore[union-attr]


def test_changes_of_work_started_before_a_lock_are_dropped(
    qtbot, threaded_ops: Ops, data_dir, profile
) -> None:  # type: ignore[no-untyped-def]
    from desktop.models.secret import Secret
    from desktop.services import session as sessions
    from tests.conftest import PASSPHRASE

    with qtbot.waitSignal(
        threaded_ops.sig_busy, check_params_cb=lambda busy: not busy, timeout=10000
    ):
        threaded_ops.run_unlocked(
            lambda: sessions.create(data_dir, Secret(PASSPHRASE), profile),
            on_success=threaded_ops.set_session,
        )
    session = threaded_ops.session
    assert session is not None
    heard: list[object] = []
    threaded_ops.sig_changed.connect(heard.append)
    release = threading.Event()
    threaded_ops.run(lambda s: release.wait(5) and _youth(s))
    threaded_ops.invalidate()
    with qtbot.waitSignal(
        threaded_ops.sig_busy, check_params_cb=lambda busy: not busy, timeout=5000
    ):
        release.set()
    assert heard == []
    threaded_ops.set_session(session)
    with qtbot.waitSignal(threaded_ops.sig_changed, timeout=5000) as reported:
        threaded_ops.call(_youth)  # sync reaches the vault this way: its writes count too
    assert reported.args[0].kinds == {"youth"}
    threaded_ops.run_unlocked(session.lock)


def test_emitting_signals_keeps_true_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0's emit dropped a reference to True each time; on Python 3.11 the app
    aborted (bool_dealloc) once they were gone, minutes into a session (issue 13, 1)."""
    import sys

    from PySide6.QtCore import Signal

    class Source(QObject):
        sig_tick = Signal(object)

    source, heard = Source(), []
    source.sig_tick.connect(heard.append)
    before = sys.getrefcount(True)
    for n in range(200):
        source.sig_tick.emit(n)
    assert len(heard) == 200
    assert abs(sys.getrefcount(True) - before) < 20, "unrelated code may hold a few more"


def test_work_and_callbacks_are_released_on_the_gui_thread(qtbot, threaded_ops: Ops) -> None:  # type: ignore[no-untyped-def]
    """What an operation holds (often a widget) dies on the GUI thread, never on a worker."""
    import gc
    import weakref

    class Held:
        pass

    released: list[int] = []
    for _ in range(20):
        held = Held()
        weakref.finalize(held, lambda: released.append(threading.get_ident()))
        threaded_ops.run_unlocked(lambda held=held: time.sleep(0.001) or None)
        del held
    qtbot.waitUntil(lambda: not threaded_ops.busy, timeout=5000)
    gc.collect()
    qtbot.waitUntil(lambda: len(released) == 20, timeout=5000)
    assert set(released) == {threading.get_ident()}


def test_the_thread_check_reports_qt_objects_used_on_a_worker(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    from desktop.views import thread_check

    monkeypatch.setenv(thread_check.ENV, "1")
    checked = Ops()
    try:
        field = QLineEdit()
        qtbot.addWidget(field)
        with qtbot.waitSignal(checked.sig_busy, check_params_cb=lambda busy: not busy):
            checked.run_unlocked(lambda: len(field.text()), owner=field)
        assert checked._thread_check is not None
        assert checked._thread_check.violations == ["QLineEdit.text"]
        with qtbot.waitSignal(checked.sig_busy, check_params_cb=lambda busy: not busy):
            checked.run_unlocked(lambda: len("plain data"))
        assert checked._thread_check.violations == ["QLineEdit.text"]
    finally:
        checked.shutdown()


def test_a_signal_still_connects_to_another_signals_emit(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Signal

    class Relay(QObject):
        sig_in = Signal(str, object)
        sig_out = Signal(str, object)

    relay, heard = Relay(), []
    relay.sig_out.connect(lambda kind, record_id: heard.append((kind, record_id)))
    relay.sig_in.connect(relay.sig_out.emit)
    relay.sig_in.emit("youth", 7)
    assert heard == [("youth", 7)]
