"""The background-operation helper: one database worker, results on the GUI thread."""

from __future__ import annotations

import threading
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
