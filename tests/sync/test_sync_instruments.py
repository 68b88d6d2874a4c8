"""An enrolled device keeps the instruments its screenings pin (issue 13, 12)."""

from __future__ import annotations

from typing import Any

from desktop.services import demo_screenings
from desktop.services.instruments import Instruments
from desktop.services.screenings import Screenings
from tests.screening_data import definition_data
from veldwerk_core.models.instrument import parse_instrument


def test_enrolling_and_syncing_keeps_the_instruments_finished_screenings_pin(
    server: Any, desks: Any
) -> None:
    desk = desks()
    youth = desk.add_youth("Noor")
    Instruments(desk.session).ensure_examples()
    before = {(i.key, i.version) for i in Instruments(desk.session).all_versions()}
    assert demo_screenings.add(desk.session, [youth.id], seed=3) > 0
    pinned = {
        (s.instrument_key, s.instrument_version)
        for s in Screenings(desk.session).for_youth(youth.id)
    }
    desk.enroll(server, "youth_worker")
    desk.sync(server)
    desk.sync(server)
    after = {(i.key, i.version) for i in Instruments(desk.session).all_versions()}
    assert pinned <= after, "a finished screening keeps its instrument version"
    assert before <= after, "the bundled examples stay until the municipality's arrive"
    assert not desk.sync(server, check=True).refetched, "the check does not count them"
    key, _version = sorted(pinned)[0]
    started = Screenings(desk.session).start(youth.id, key)
    assert started.instrument_key == key, "a new screening can start"

    beheerder = desks("beheerder")
    beheerder.enroll(server, "beheerder")
    municipal = Instruments(beheerder.session).add(parse_instrument(definition_data(), "p.yaml"))
    beheerder.sync(server)
    desk.sync(server, check=True)
    kept = {(i.key, i.version) for i in Instruments(desk.session).all_versions()}
    assert kept == pinned | {(municipal.instrument.key, municipal.instrument.version)}, (
        "the municipality's arrived: unpinned examples make way, pinned versions stay"
    )


def test_a_demo_on_a_linked_device_is_refused_and_leaves_nothing(server: Any, desks: Any) -> None:
    import pytest

    from desktop.services import demo

    desk = desks()
    desk.enroll(server, "youth_worker")
    with pytest.raises(demo.DemoOnLinkedDevice):
        demo.generate(desk.session, youths=5, seed=1)
    assert desk.youths().count() == 0
