"""A device clock a day ahead or behind changes nothing: the same changes give the same
records, the same conflicts and the same lease as with clocks that agree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop.services import sync, sync_conflicts
from desktop.services.signals import Signals
from veldwerk_core.models import Signal, Youth, utc_now


def skewed(days: int) -> Callable[[], datetime]:
    return lambda: utc_now() + timedelta(days=days)


def scenario(server: Any, desks: Any, ahead: int, behind: int) -> dict[str, Any]:
    """Two devices of one professional record, edit the same field at once, and sync."""
    one = desks("one", clock=skewed(ahead))
    two = desks("two", clock=skewed(behind))
    one.enroll(server, "youth_worker")
    two.enroll(server, "youth_worker")
    youth = one.add_youth("Anouk", wijk="Binnenstad")
    signal = (
        Signals(one.session)
        .record(
            {
                "occurred_at": datetime.now(UTC) - timedelta(hours=3),
                "place": {"place_kind": "wijk", "wijk": "Binnenstad"},
                "life_domain": "straat",
                "category": "overlast",
                "description": "Jongeren bij het winkelcentrum, harde muziek.",
                "source": "own_observation",
                "youth_ids": [youth.id],
                "severity": "low",
                "legal_basis": "legal_task",
            }
        )
        .signal
    )
    one.sync(server)
    two.sync(server)
    two.youths().update(youth.id, {"school": "De Brug"})
    one.youths().update(youth.id, {"wijk": "Oost"})
    two.youths().update(youth.id, {"wijk": "Zuid"})
    two.sync(server)  # two is first in real time, whatever its clock says
    one.sync(server)
    two.sync(server)
    statuses = [sync.status(desk.session) for desk in (one, two)]
    final = [desk.session.records.get(Youth, youth.id) for desk in (one, two)]
    assert final[0] is not None and final[1] is not None
    assert one.versions() == two.versions()
    assert two.session.records.get(Signal, signal.id) is not None
    server_data = server.records("youth_worker", data=True)[str(youth.id)][2]
    return {
        "wijk": [record.wijk for record in final],
        "school": [record.school for record in final],
        "conflicts": [
            [
                (c.reason, [(f.field, f.yours, f.server) for f in c.fields])
                for c in found
                if c.record_id == youth.id
            ]
            for found in (sync_conflicts.conflicts(desk.session) for desk in (one, two))
        ],
        "lease_expired": [status.lease_expired for status in statuses],
        "online": [status.online for status in statuses],
        "stamped_in_future": datetime.fromisoformat(server_data["updated_at"]) > utc_now(),
    }


def test_sync_a_clock_a_day_off_changes_nothing(server: Any, desks: Any) -> None:
    agreeing = scenario(server, desks, ahead=0, behind=0)
    assert agreeing["wijk"] == ["Zuid", "Zuid"] and agreeing["school"] == ["De Brug", "De Brug"]
    assert [len(found) for found in agreeing["conflicts"]] == [1, 1]
    for ahead, behind in ((1, -1), (-1, 1)):
        assert scenario(server, desks, ahead=ahead, behind=behind) == agreeing
