"""Interventions, referrals and the ministry's monitoring report on the server (issue 17), on
SQLite and PostgreSQL: the catalogue reaches devices with the configuration; referrals are
records pushed, stamped, scoped and audited like any other; the report's figures equal a count
written out here over a fixture pushed through the API, are suppressed, compare with the stored
nulmeting, and are written as CSV and as a PDF read back with pypdf."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, union_all

from server import cli
from server.core.db import make_engine, session_factory, transaction
from server.db_models import AuditEntry, AuditPending, Municipality, ServerFlag
from server.services import config_files
from server.services.monitoring import Period, figures
from tests.server.helpers import SECRET_KEY, World, mutation, signal_fields, youth_fields
from veldwerk_core.models import new_id
from veldwerk_core.models.config import ConfigInvalid
from veldwerk_core.resources import resource

TODAY = date.today()
PERIOD = Period(TODAY - timedelta(days=60), TODAY)
BASELINE = Period(TODAY - timedelta(days=425), TODAY - timedelta(days=300))


def day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def moment(days_ago: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago, hours=2)).isoformat()


def born(age: int) -> str:
    return date(TODAY.year - age, 1, 1).isoformat() if TODAY.month > 1 else day(age * 366)


def referral_fields(youth: str, intervention: str, **fields: Any) -> dict[str, Any]:
    return {
        "youth_id": youth,
        "intervention_id": intervention,
        "intervention_name": intervention.replace("_", " ").title(),
        "reason": "Past bij wat de jongere nodig heeft",
        "referred_on": day(20),
        **fields,
    }


def test_devices_receive_the_interventions_catalogue(world: World, tmp_path: Path) -> None:
    device = world["youth_worker"]
    config = device.client.get("/api/v1/config", headers=device.headers).json()
    ids = [entry["id"] for entry in config["interventions"]]
    assert {"halt_preventief", "ouderalert", "hackshield", "pga_coaching", "straatcoaches"} <= set(
        ids
    )
    halt = next(entry for entry in config["interventions"] if entry["id"] == "halt_preventief")
    assert (halt["provider"], halt["min_age"], halt["max_age"], halt["follow_ups"]) == (
        "Halt",
        12,
        17,
        ["halt"],
    )
    # A mistake in the municipality's own file stops the server, naming file and entry.
    own = tmp_path / "config"
    shutil.copytree(resource("config"), own)
    path = own / "interventions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("id: hackshield", "id: jongerenwerk"),
        encoding="utf-8",
    )
    with pytest.raises(ConfigInvalid) as caught:
        config_files.load(own)
    assert caught.value.file == "interventions.yaml" and "jongerenwerk" in caught.value.problem


def test_a_referral_is_stamped_scoped_followed_and_audited(world: World) -> None:
    worker = world["youth_worker"]
    youth, referral = str(new_id()), str(new_id())
    made = worker.push(
        mutation("youth", youth, youth_fields()),
        mutation("referral", referral, referral_fields(youth, "jongerenwerk", referred_by="x")),
    )
    assert [r["status"] for r in made] == ["applied", "applied"]
    held = world.held("regisseur")[referral]["data"]
    assert (held["referred_by"], held["referred_by_organisation"], held["status"]) == (
        "Youth_Worker",
        "Jongerenwerk Veldstad",
        "referred",
    )
    assert referral not in world.held("boa") and referral not in world.held("elsewhere")
    [started] = worker.push(
        mutation("referral", referral, {"status": "started", "started_on": day(5)}, base=1)
    )
    assert started["status"] == "applied"
    [back] = worker.push(
        mutation("referral", referral, {"status": "referred", "started_on": None}, base=2)
    )
    assert (back["status"], back["reason"]) == ("rejected", "change_refused")
    [not_theirs] = world["boa"].push(mutation("referral", referral, {"note": "ook gezien"}, base=2))
    assert not_theirs["status"] == "rejected"
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            logged = union_all(
                select(AuditEntry.action, AuditEntry.records),
                select(AuditPending.action, AuditPending.records),
            ).subquery()
            pushes = [
                records
                for action, records in session.execute(select(logged))
                if action == "push" and ["referral", referral] in [list(r) for r in records]
            ]
    finally:
        engine.dispose()
    assert len(pushes) == 4, "made, started, the refused step back and the boa's try: all logged"


def _fixture(world: World) -> dict[str, list[str]]:
    """Youths, signals, referrals, a trajectory and a meeting, pushed as the devices do."""
    worker, regisseur = world["youth_worker"], world["regisseur"]
    ids: dict[str, list[str]] = {}
    batch: list[dict[str, Any]] = []

    def youths(name: str, count: int, **fields: Any) -> list[str]:
        made = [str(new_id()) for _ in range(count)]
        batch.extend(mutation("youth", y, youth_fields(**fields)) for y in made)
        ids[name] = made
        return made

    group_a = youths("a", 6, wijk="Noord", gender="male", date_of_birth=born(14))
    group_b = youths("b", 5, wijk="Oost", gender="female", date_of_birth=born(16))
    group_c = youths("c", 2, wijk="West", gender="male", date_of_birth=born(20))
    (lone,) = youths("d", 1, wijk="Zuid", gender="male", date_of_birth=born(15))
    for youth in group_a:
        batch.append(mutation("signal", new_id(), signal_fields([youth], occurred_at=moment(1))))
    original = str(new_id())
    batch.append(mutation("signal", original, signal_fields([group_a[0]], occurred_at=moment(2))))
    batch.append(
        mutation(
            "signal",
            new_id(),
            signal_fields(
                [group_a[0]],
                occurred_at=moment(2),
                supersedes_id=original,
                correction_reason="Verkeerde tijd",
            ),
        )
    )
    for youth in group_b:
        fields = signal_fields([youth], category="schoolverzuim", life_domain="school")
        batch.append(mutation("signal", new_id(), {**fields, "occurred_at": moment(3)}))
    for youth in [*group_c, lone]:
        batch.append(mutation("signal", new_id(), signal_fields([youth], occurred_at=moment(310))))
    # Referrals: C to Halt long ago (one completed in the period, one still running); A to
    # jongerenwerk in the period: four start, one is declined, one waits.
    done, running = (str(new_id()) for _ in range(2))
    ids["referrals"] = [done, running]
    for referral, youth in ((done, group_c[0]), (running, group_c[1])):
        batch.append(
            mutation(
                "referral",
                referral,
                referral_fields(
                    youth,
                    "halt_preventief",
                    referred_on=day(200),
                    status="started",
                    started_on=day(100),
                ),
            )
        )
    for youth in group_a:
        referral = str(new_id())
        ids["referrals"].append(referral)
        batch.append(mutation("referral", referral, referral_fields(youth, "jongerenwerk")))
    # A trajectory of a B youth, completed in the period, both goals met at its last evaluation.
    trajectory, goal_one, goal_two = (str(new_id()) for _ in range(3))
    batch += [
        mutation(
            "trajectory",
            trajectory,
            {
                "youth_id": group_b[0],
                "coach": "Youth_Worker",
                "start": day(50),
                "status": "completed",
                "ended_on": day(3),
            },
        ),
        *(
            mutation(
                "goal", goal, {"trajectory_id": trajectory, "life_domain": "school", "what": what}
            )
            for goal, what in ((goal_one, "Naar school"), (goal_two, "Werk zoeken"))
        ),
        mutation(
            "evaluation",
            new_id(),
            {
                "trajectory_id": trajectory,
                "held_on": day(10),
                "progress": [{"goal_id": goal_one, "score": 2}, {"goal_id": goal_two, "score": 3}],
            },
        ),
        mutation(
            "evaluation",
            new_id(),
            {
                "trajectory_id": trajectory,
                "held_on": day(4),
                "progress": [{"goal_id": goal_one, "score": 4}, {"goal_id": goal_two, "score": 5}],
            },
        ),
    ]
    assert {r["status"] for r in worker.push(*batch)} == {"applied"}
    moves = [mutation("referral", done, {"status": "completed", "ended_on": day(10)}, base=1)]
    for referral in ids["referrals"][2:6]:
        moves.append(
            mutation("referral", referral, {"status": "started", "started_on": day(10)}, base=1)
        )
    moves.append(
        mutation(
            "referral",
            ids["referrals"][6],
            {"status": "declined", "ended_on": day(5), "end_reason": "Vol"},
            base=1,
        )
    )
    assert {r["status"] for r in worker.push(*moves)} == {"applied"}
    meeting = str(new_id())
    meeting_batch = [
        mutation("meeting", meeting, {"title": "Overleg", "held_on": day(7), "status": "held"}),
        mutation(
            "meeting_item",
            new_id(),
            {"meeting_id": meeting, "youth_id": group_a[1], "decision": "referral"},
        ),
        mutation("meeting_item", new_id(), {"meeting_id": meeting, "youth_id": group_b[1]}),
    ]
    assert {r["status"] for r in regisseur.push(*meeting_batch)} == {"applied"}
    return ids


def _raw(tables: list[Any]) -> dict[str, dict[str, int]]:
    return {t.id: {c.key: c.value for c in t.cells if c.value} for t in tables}


def test_the_report_counts_what_happened_suppresses_and_compares(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fixture(world)
    config = config_files.load(None)
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            town = session.execute(
                select(Municipality).where(Municipality.name == "Veldstad")
            ).scalar_one()
            counted = _raw(figures(session, town.id, PERIOD, config).tables)
            flags = session.execute(
                select(ServerFlag.rule_id, func.count())
                .where(ServerFlag.municipality_id == town.id)
                .group_by(ServerFlag.rule_id)
            ).all()
    finally:
        engine.dispose()
    # Counted by hand: A (6, 14 years, Noord), B (5, 16, Oost) have signals in the period; C
    # (2, 20, West) only a referral running in it; D (Zuid) nothing in the period.
    assert counted["A1"] == {"12-15": 6, "16-17": 5, "18-22": 2}
    assert counted["A2"] == {"male": 8, "female": 5}
    assert counted["A3"] == {"Noord": 6, "Oost": 5, "West": 2}
    assert counted["A4"] == {"overlast": 7, "schoolverzuim": 5}, "a corrected signal counts once"
    assert sum(counted["A5"].values()) == 12
    assert counted["A6"] == {rule: count for rule, count in flags}
    assert (counted["A7"], counted["A8"]) == ({"totaal": 1}, {"referral": 1, "none": 1})
    assert counted["A9"] == {"jongerenwerk": 6}
    assert counted["A10"] == {"jongerenwerk": 4}
    assert (counted["A11"], counted["A12"], counted["A13"]) == (
        {"halt_preventief": 1},
        {},
        {"jongerenwerk": 1},
    )
    assert (counted["A14"], counted["B1"], counted["B2"]) == (
        {"totaal": 1},
        {"completed": 1},
        {"all": 1},
    )

    monkeypatch.setenv("DATABASE_URL", world.settings.database_url)
    monkeypatch.setenv("SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("AUDIT_CHECKPOINT_FILE", str(world.settings.checkpoint_path()))
    period = ["--from", PERIOD.start.isoformat(), "--to", PERIOD.end.isoformat()]
    # Two municipalities on this server: the report names which.
    assert cli.main(["report", "monitoring", *period, "-o", str(tmp_path / "x.csv")]) == 2
    town_arg = ["--municipality", "Veldstad"]
    baseline = ["--from", BASELINE.start.isoformat(), "--to", BASELINE.end.isoformat()]
    assert cli.main(["report", "baseline", *baseline, *town_arg]) == 0
    assert (
        cli.main(["report", "monitoring", *period, *town_arg, "-o", str(tmp_path / "m.csv")]) == 0
    )
    rows = {
        (row["tabel"], row["code"]): row
        for row in csv.DictReader(
            io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8-sig")), delimiter=";"
        )
    }
    assert rows[("A1", "12-15")]["aantal"] == "6"
    assert (rows[("A1", "16-17")]["aantal"], rows[("A1", "18-22")]["aantal"]) == ("<5", "<5")
    assert rows[("A1", "totaal")]["aantal"] == "13"
    assert (rows[("A3", "Oost")]["aantal"], rows[("A3", "West")]["aantal"]) == ("<5", "<5")
    assert rows[("A10", "totaal")]["aantal"] == "<5" and rows[("A10", "jongerenwerk")][
        "aantal"
    ] == ("<5")
    published = [int(row["aantal"]) for row in rows.values() if row["aantal"] not in ("<5", "")]
    assert not [value for value in published if 0 < value < 5]
    # The nulmeting (D's signal, 310 days ago: one youth, withheld) beside it.
    baseline_youths = rows[("A1", "totaal")]
    assert (baseline_youths["nulmeting"], baseline_youths["verschil"]) == ("<5", "")
    assert (rows[("A2", "female")]["nulmeting"], rows[("A2", "female")]["verschil"]) == ("0", "+5")
    assert rows[("A2", "female")]["nulmeting_periode"] == BASELINE.text()

    pdf = tmp_path / "monitoring.pdf"
    assert cli.main(["report", "monitoring", *period, *town_arg, "-o", str(pdf)]) == 0
    reader = PdfReader(pdf)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Monitoring Preventie met Gezag" in text and "Gemeente Veldstad" in text
    assert f"Nulmeting: {BASELINE.text()}" in text
    assert (
        "A9 Aanmeldingen naar interventie" in text
        and "Jongerenwerk (ambulant en in de wijk)" in text
    )
    assert "B2 Beëindigde coachingstrajecten naar behaalde doelen" in text
    assert reader.metadata is not None and reader.metadata.title == (
        f"Monitoring Veldstad {PERIOD.text()}"
    )
    assert "Daan" not in text and "Visser" not in text
