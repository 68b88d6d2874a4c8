"""Retention on the server (issue 15): what passed its term is destroyed - content, match keys,
conflict copies, links - and every device is told (``expired``); a youth with nothing left goes
too, leaving an anonymous stub; early destruction on request; destroyed stays destroyed. On
SQLite and PostgreSQL, judged on injected days."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import inspect, select, text

from server.core.db import make_engine, session_factory, transaction
from server.db_models import Municipality, YouthStub
from server.services import config_files, retention
from tests.server.helpers import (
    World,
    goal_fields,
    involvement_fields,
    mutation,
    signal_fields,
    trajectory_fields,
    youth_fields,
)
from veldwerk_core.models import new_id
from veldwerk_core.retention import RetentionTerms, add_months, birthday

TERMS = RetentionTerms()
NOW = datetime.now(UTC)
TODAY = NOW.date()
EARLY_TODAY = datetime.combine(TODAY, time(0, 1), UTC).isoformat()
"""A moment of today that is never in the future: terms count from the day."""


def run(world: World, today: date, *, dry_run: bool = False, terms: RetentionTerms = TERMS) -> Any:
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            rules = config_files.load(None).rules
            return retention.run(session, terms, NOW, rules, today=today, dry_run=dry_run)
    finally:
        engine.dispose()


def everything_stored(world: World) -> str:
    """Every row of every server table as text: where a canary must not be."""
    engine = make_engine(world.settings.database_url)
    try:
        with engine.connect() as connection:
            dump = []
            for table in inspect(connection).get_table_names():
                rows = connection.execute(text(f"SELECT * FROM {table}")).all()  # noqa: S608
                dump += [json.dumps([str(value) for value in row]) for row in rows]
            return "\n".join(dump)
    finally:
        engine.dispose()


def canary_case(world: World, **youth: Any) -> dict[str, str]:
    """A youth of the youth worker's with a signal, an involvement naming the boa, a
    trajectory (ended) with a goal, and a second registration elsewhere (a notice pair)."""
    worker = world["youth_worker"]
    ids = {name: str(new_id()) for name in ("youth", "signal", "involvement", "trajectory", "goal")}
    fields = youth_fields(first_name="Kanarie", last_name="Zangvogel", bsn="123456782", **youth)
    ended = TODAY.isoformat()
    results = worker.push(
        mutation("youth", ids["youth"], fields),
        mutation("signal", ids["signal"], signal_fields([ids["youth"]], occurred_at=EARLY_TODAY)),
        mutation(
            "involvement",
            ids["involvement"],
            involvement_fields(ids["youth"], world["boa"].user_id),
        ),
        mutation(
            "trajectory",
            ids["trajectory"],
            trajectory_fields(ids["youth"], status="completed", ended_on=ended),
        ),
        mutation("goal", ids["goal"], goal_fields(ids["trajectory"])),
    )
    assert [r["status"] for r in results] == ["applied"] * 5, results
    [twin] = world["school"].push(mutation("youth", new_id(), {**fields, "school": World.SCHOOL}))
    assert twin["status"] == "applied"
    return ids


def test_records_go_on_their_day_and_every_device_hears_it(world: World) -> None:
    ids = canary_case(world)
    worker, boa = world["youth_worker"], world["boa"]
    worker.pull_all()
    boa.pull_all()
    # The school's registration of the same person has nothing about it: a year after it last
    # changed it goes, with its "wie doet wat" notice, anonymised.
    first = run(world, add_months(TODAY, 12))["Veldstad"]
    assert (dict(first.destroyed), first.anonymised) == ({"youth": 1, "notice": 1}, 1)
    # The day before the terms end, nothing more goes; on the day the signal and the
    # trajectory (with its goal) go, and with them the youth, whose own year has passed, with
    # what hangs on it: the boa's involvement and its notices.
    day = add_months(TODAY, 24)
    assert run(world, day - timedelta(days=1))["Veldstad"].total == 0
    outcome = run(world, day)["Veldstad"]
    notices = outcome.destroyed.pop("notice")
    assert outcome.destroyed == {
        "signal": 1,
        "trajectory": 1,
        "goal": 1,
        "youth": 1,
        "involvement": 1,
    }
    assert notices >= 1 and outcome.anonymised == 1
    removals = worker.pull_all()["removals"]
    for name in ("youth", "signal", "trajectory", "goal", "involvement"):
        assert removals[ids[name]]["reason"] == "expired"
    assert boa.pull_all()["removals"][ids["youth"]]["reason"] == "expired"
    youth_day = day
    stored = everything_stored(world)
    for canary in ("Kanarie", "Zangvogel", "123456782"):
        assert canary not in stored
    engine = make_engine(world.settings.database_url)
    try:
        with session_factory(engine)() as session:
            stubs = session.execute(select(YouthStub)).scalars().all()
    finally:
        engine.dispose()
    assert all(stub.youth_id is None for stub in stubs)
    mine = [stub for stub in stubs if stub.signals == 1]
    assert len(mine) == 1 and mine[0].trajectories == 1 and mine[0].age_band in ("16-17", "18-22")
    assert mine[0].wijk == "Noord" and mine[0].destroyed_on == youth_day.isoformat()


def test_a_signal_goes_at_the_youths_23rd_birthday_if_that_comes_first(world: World) -> None:
    born = date(TODAY.year - 23, TODAY.month, 1) + timedelta(days=40)  # 23 in a month or two
    worker = world["youth_worker"]
    youth, older, signal = str(new_id()), str(new_id()), str(new_id())
    worker.push(
        mutation("youth", youth, youth_fields(date_of_birth=born.isoformat())),
        mutation("youth", older, youth_fields()),
        mutation("signal", signal, signal_fields([youth, older])),
    )
    birthday_23 = birthday(born, 23)
    assert run(world, birthday_23 - timedelta(days=1))["Veldstad"].destroyed.get("signal", 0) == 0
    assert run(world, birthday_23)["Veldstad"].destroyed == {"signal": 1}


def test_a_running_trajectory_and_what_keeps_a_youth_stay(world: World) -> None:
    worker = world["youth_worker"]
    youth, trajectory = str(new_id()), str(new_id())
    worker.push(
        mutation("youth", youth, youth_fields()),
        mutation("trajectory", trajectory, trajectory_fields(youth)),
    )
    far = add_months(TODAY, 60)
    assert run(world, far)["Veldstad"].total == 0  # running: kept, and so is its youth


def test_a_dry_run_counts_and_destroys_nothing(world: World) -> None:
    ids = canary_case(world)
    day = add_months(TODAY, 24)
    counted = run(world, day, dry_run=True)["Veldstad"]
    assert counted.destroyed["signal"] == 1 and counted.destroyed["youth"] == 2
    assert ids["signal"] in world["youth_worker"].pull_all()["records"]
    assert run(world, day)["Veldstad"].total == counted.total


def test_without_anonymising_no_stub_remains(world: World) -> None:
    canary_case(world)
    terms = RetentionTerms(anonymise=False)
    run(world, add_months(TODAY, 36), terms=terms)
    engine = make_engine(world.settings.database_url)
    try:
        with session_factory(engine)() as session:
            assert session.execute(select(YouthStub)).scalars().all() == []
    finally:
        engine.dispose()


def test_destroyed_stays_destroyed_also_for_its_owner(world: World) -> None:
    ids = canary_case(world)
    run(world, add_months(TODAY, 24))
    worker = world["youth_worker"]
    again = signal_fields([ids["youth"]])
    [result] = worker.push(mutation("signal", ids["signal"], again, base=1))
    assert (result["status"], result["reason"]) == ("rejected", "destroyed")


def test_erasing_on_request_takes_everything_about_the_youth_now(world: World) -> None:
    ids = canary_case(world)
    worker = world["youth_worker"]
    other = str(new_id())
    both = str(new_id())
    worker.push(
        mutation("youth", other, youth_fields()),
        mutation("signal", both, signal_fields([ids["youth"], other])),
    )
    worker.pull_all()
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            outcome = retention.erase(
                session, ids["youth"], "Verzoek van moeder, art. 17", TERMS, NOW
            )
    finally:
        engine.dispose()
    assert outcome.destroyed["signal"] == 1 and outcome.destroyed["youth"] == 1
    got = worker.pull_all()
    assert got["removals"][ids["youth"]]["reason"] == "erased"
    assert got["removals"][ids["signal"]]["reason"] == "erased"
    assert got["records"][both]["data"]["youth_ids"] == [other]  # the other youth keeps it
    stored = everything_stored(world)
    assert "Verzoek van moeder" in stored  # the reason, in the audit log
    # The school's own registration of the same person is the school's to erase.
    assert stored.count("Zangvogel") >= 1


def test_the_daily_run_happens_once_a_day(world: World) -> None:
    canary_case(world)
    engine = make_engine(world.settings.database_url)
    try:
        sessions = session_factory(engine)
        later = NOW + timedelta(days=800)
        config = config_files.load(None)
        retainer = retention.Retainer(
            sessions, lambda: (config.retention, config.rules), lambda: later, interval=3600
        )
        first = retainer.run_once()
        assert first["Veldstad"].destroyed["signal"] == 1
        assert retainer.run_once() == {}  # done for today
        with sessions() as session:
            ran = {
                m.name: m.retention_ran_on for m in session.execute(select(Municipality)).scalars()
            }
        assert ran["Veldstad"] == later.date().isoformat()
    finally:
        engine.dispose()
