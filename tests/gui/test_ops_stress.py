"""Thousands of background operations finish while widgets come and go (issue 13, 1).

The app used to abort ("Fatal Python error: bool_dealloc") minutes into a session: every
signal emitted from Python took a reference away from ``True``. This run emits more signals
than ``True`` has references, on real worker threads, with the thread check on.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.models.secret import Secret
from desktop.services import session as sessions
from desktop.views import thread_check
from desktop.views.ops import Ops
from desktop.views.signals.form import SignalForm
from tests.conftest import PASSPHRASE


@pytest.mark.slow
def test_thousands_of_operations_finish_while_widgets_come_and_go(
    qtbot, data_dir, profile, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(thread_check.ENV, "1")
    ops = Ops()
    with qtbot.waitSignal(ops.sig_busy, check_params_cb=lambda busy: not busy, timeout=20_000):
        ops.run_unlocked(
            lambda: sessions.create(data_dir, Secret(PASSPHRASE), profile),
            on_success=ops.set_session,
        )
    session = ops.session
    assert session is not None
    true_refs = sys.getrefcount(True)
    rounds = true_refs + 2000
    delivered: list[int] = []
    try:
        for n in range(rounds):
            field = QLineEdit()
            field.setText(str(n))
            ops.run(
                lambda s, n=n: (n, s.profile.role),
                on_success=lambda result, field=field: delivered.append(result[0]),
                owner=field,
            )
            ops.run_network(lambda n=n: n, on_success=lambda _n: None)
            if n % 3 == 0:
                field.deleteLater()  # the owner goes before its result is in
            else:
                field.close()
            del field
            if n % 500 == 0:
                form = SignalForm(ops)
                form.show()
                form.description.setPlainText(f"Ronde {n}")
                form.stash_for_lock()  # kept as a draft, on the worker
                form.deleteLater()
                del form
            if n % 50 == 0:
                QApplication.processEvents()
        qtbot.waitUntil(lambda: not ops.busy, timeout=120_000)
        QApplication.processEvents()
        ops.run_unlocked(session.lock)
    finally:
        ops.shutdown()
    assert ops._thread_check is not None and ops._thread_check.violations == []
    kept = {n for n in range(rounds) if n % 3}
    assert kept <= set(delivered), "every owner still alive heard its result"
    assert delivered == sorted(delivered), "in submission order"
    assert sys.getrefcount(True) > true_refs - 100, "emitting took references away from True"
