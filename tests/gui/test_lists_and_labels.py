"""Lists and labels (issue 13, 10): who a signal is about, nothing clipped, instruments told
apart, honest messages on a device never linked."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt

from desktop.services.instruments import Instruments
from desktop.services.session import Session
from desktop.services.signals import Signals
from desktop.services.youths import Youths
from desktop.views.ops import Ops
from desktop.views.screenings.naming import instrument_choices, instrument_title
from desktop.views.shell import Shell
from desktop.views.signals.section import SignalsSection
from desktop.views.youths.section import YouthsSection
from tests.gui.test_changes import go_to
from tests.gui.test_signal_capture import open_shell
from tests.screening_data import definition_data
from veldwerk_core.models.instrument import parse_instrument


def _youth_with_signal(session: Session) -> None:
    youth = Youths(session).create(
        {"first_name": "Noor", "last_name": "Bakker", "date_of_birth": "01-01-2011"}
    )
    Signals(session).record(
        {
            "occurred_at": "2026-11-01T10:00:00+01:00",
            "place": {"place_kind": "wijk", "wijk": "Zuid"},
            "life_domain": "straat",
            "category": "overlast",
            "description": "Harde muziek bij de skatebaan.",
            "youth_ids": [str(youth.id)],
            "severity": "low",
            "legal_basis": "legal_task",
        }
    )


def test_the_signal_list_says_who_each_signal_is_about(
    qtbot, shell: Shell, session: Session
) -> None:  # type: ignore[no-untyped-def]
    _youth_with_signal(session)
    open_shell(qtbot, shell, session)
    section = go_to(qtbot, shell, SignalsSection)
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    headers = [section.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    column = headers.index("Jongeren")
    shown = section.model.data(section.model.index(0, column))
    assert shown.startswith("Noor Bakker (") and shown.endswith(")")


def test_headers_and_filters_are_not_cut_off(qtbot, shell: Shell, session: Session) -> None:  # type: ignore[no-untyped-def]
    _youth_with_signal(session)
    open_shell(qtbot, shell, session)
    youths = go_to(qtbot, shell, YouthsSection)
    qtbot.waitUntil(lambda: youths.model.rowCount() == 1)
    header = youths.table.horizontalHeader()
    needed = header.fontMetrics().horizontalAdvance("Geboortedatum")
    assert header.sectionSize(1) > needed, "the Geboortedatum header is readable"
    signals = go_to(qtbot, shell, SignalsSection)
    for combo in (signals.wijk, signals.category, signals.life_domain, signals.severity):
        text = combo.itemText(0)
        assert combo.width() > combo.fontMetrics().horizontalAdvance(text), text


def test_instruments_with_the_same_title_can_be_told_apart(ops: Ops, session: Session) -> None:
    instruments = Instruments(session)
    examples = instruments.ensure_examples()
    assert all(instrument_title(i).count("(voorbeeld)") == 1 for i in examples)
    first = parse_instrument(definition_data(), "a.yaml")
    twin = parse_instrument({**definition_data(), "id": "tweeling"}, "b.yaml")
    assert first.title == twin.title
    made = [instruments.add(first).instrument, instruments.add(twin).instrument]
    labels = instrument_choices(made)
    assert len(set(labels)) == 2 and "tweeling" in labels[1]


def test_a_device_never_linked_does_not_promise_to_send_changes() -> None:
    from desktop.services import sync
    from desktop.sync.transport import RetryPolicy

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nobody listens
    with pytest.raises(sync.EnrollmentOffline) as refused:
        sync.request_enrollment(
            f"http://127.0.0.1:{port}",
            "ABCD-EFGH-JKLM",
            "laptop",
            policy=RetryPolicy(attempts=1),
        )
    message = refused.value.user_message()
    assert "verstuurd" not in message and "serveradres" in message
