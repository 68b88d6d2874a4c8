"""Retention on a real vault (issue 15): the device destroys by date what its terms say,
with everything derived from it, sends nothing, and leaves no word of it in any table."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from desktop.services import retention
from desktop.services.demo_trajectories import add_trajectory
from desktop.services.screenings import Screenings
from desktop.services.session import Session
from desktop.services.signals import Signals
from desktop.services.trajectories import Trajectories
from desktop.services.youths import Youths
from desktop.store import drafts, sync_state
from desktop.store.vault import Vault
from tests.e2e.test_canary import random_bsn
from veldwerk_core.models import Screening, Signal, Youth
from veldwerk_core.models.trajectory import TrajectoryStatus
from veldwerk_core.protocol import Identity
from veldwerk_core.retention import add_months, birthday

TODAY = date.today()


def born(age: int) -> date:
    return date(TODAY.year - age, TODAY.month, min(TODAY.day, 28)) - timedelta(days=30)


def canary(rng: random.Random) -> str:
    return "Kanarie" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(10))


def youth(session: Session, first: str, age: int = 15, **data: Any) -> Youth:
    return Youths(session).create(
        {"first_name": first, "last_name": "Visser", "date_of_birth": born(age), **data}
    )


def signal(session: Session, about: Youth, description: str, **data: Any) -> Signal:
    return (
        Signals(session)
        .record(
            {
                "occurred_at": datetime.now(UTC) - timedelta(hours=2),
                "place": {"place_kind": "wijk", "wijk": "Noord"},
                "life_domain": "straat",
                "category": "overlast",
                "description": description,
                "youth_ids": [str(about.id)],
                "severity": "low",
                "legal_basis": "legal_task",
                **data,
            }
        )
        .signal
    )


def screening(session: Session, about: Youth, note: str = "") -> Screening:
    """A completed external screening of today."""
    return Screenings(session).record_external(
        about.id,
        {
            "instrument_name": "SAVRY",
            "assessed_on": TODAY,
            "assessor": "A. de Vries",
            "outcome_band": "Laag",
            "note": note,
        },
    )


def everything(vault: Vault) -> str:
    """Every value of every table (FTS shadow tables too) as text, folded to lower case."""
    tables = [
        row[0]
        for row in vault.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0] != "sqlite_sequence"
    ]
    found: list[str] = []
    for table in tables:
        try:
            rows = vault.execute(f'SELECT * FROM "{table}"').fetchall()
        except Exception:  # noqa: BLE001 - a virtual table that cannot be read whole
            continue
        for row in rows:
            for value in row:
                if isinstance(value, bytes):
                    found.append(value.decode("latin-1"))
                else:
                    found.append(str(value))
    return "\n".join(found).lower()


def fts_hits(vault: Vault, word: str) -> int:
    total = 0
    for index in ("youth_fts", "signal_fts", "group_fts"):
        total += int(vault.scalar(f"SELECT count(*) FROM {index} WHERE {index} MATCH ?", (word,)))
    return total


def case(session: Session, name: str, bsn: str) -> dict[str, Any]:
    """A youth with a signal, a completed trajectory with a plan, an external screening, a
    draft naming the signal and a youth whose running trajectory keeps them."""
    subject = youth(session, name, bsn=bsn)
    said = signal(session, subject, f"{name} bij de skatebaan gezien.")
    trajectory = add_trajectory(session, subject)
    Trajectories(session).set_status(trajectory.id, TrajectoryStatus.COMPLETED, on=TODAY)
    screened = screening(session, subject, f"Besproken met {name}.")
    drafts.save(session.vault, f"signal-correction:{said.id}", "signal", {"note": name})
    other = youth(session, "Bram")
    add_trajectory(session, other)  # running: kept, with its youth
    return {
        "youth": subject,
        "signal": said,
        "trajectory": trajectory,
        "screening": screened,
        "other": other,
    }


def test_a_standalone_vault_destroys_on_the_day_and_leaves_no_trace(session: Session) -> None:
    rng = random.Random()
    name, bsn = canary(rng), random_bsn(rng)
    made = case(session, name, bsn)
    vault = session.vault
    assert vault.scalar("SELECT count(*) FROM outbox") > 0
    day = add_months(TODAY, 24)
    dates = {
        kind: retention.destruction_date(session, kind, made[kind].id)
        for kind in ("signal", "trajectory", "screening")
    }
    assert dates == {"signal": day, "trajectory": day, "screening": day}
    assert retention.destruction_date(session, "youth", made["youth"].id) == day
    assert retention.destruction_date(session, "youth", made["other"].id) is None

    assert retention.run(session, day - timedelta(days=1)).total == 0
    done = retention.run(session, day)
    assert done.destroyed["signal"] == 1 and done.destroyed["trajectory"] == 1
    assert done.destroyed["screening"] == 1 and done.destroyed["youth"] == 1
    assert done.destroyed["goal"] == 4 and done.destroyed["agreement"] >= 1
    ids = {str(made[kind].id) for kind in ("youth", "signal", "trajectory", "screening")}
    waiting = {row[0] for row in vault.execute("SELECT record_id FROM outbox")}
    assert not ids & waiting, "nothing of it waits to be sent, and no delete was queued"
    assert not vault.execute("SELECT 1 FROM outbox WHERE op = 'delete'").fetchall()
    assert vault.scalar("SELECT count(*) FROM draft") == 0
    stored = everything(vault)
    for needle in (name.lower(), bsn, "skatebaan"):
        assert needle not in stored
    assert fts_hits(vault, name) == 0 and fts_hits(vault, bsn) == 0
    assert fts_hits(vault, "Bram") == 1, "the other youth stays, and can be found"
    assert retention.run(session, day + timedelta(days=1)).total == 0


def test_a_signal_goes_at_the_23rd_birthday(session: Session) -> None:
    older = youth(session, "Mees", age=22)
    said = signal(session, older, "Gezien bij het station.")
    twenty_three = birthday(older.date_of_birth, 23)
    assert twenty_three < add_months(TODAY, 24)
    assert retention.destruction_date(session, "signal", said.id) == twenty_three
    assert retention.run(session, twenty_three - timedelta(days=1)).total == 0
    assert retention.run(session, twenty_three).destroyed["signal"] == 1


def test_terms_come_from_the_server_configuration(session: Session) -> None:
    from desktop.services.config import use_server_configuration
    from server.services import config_files
    from veldwerk_core.retention import RetentionTerms, TermRule

    subject = youth(session, "Noor")
    said = signal(session, subject, "Gezien bij de haven.")
    short = RetentionTerms(signals=TermRule(months=6, until_age=23))
    use_server_configuration(config_files.load(None).model_copy(update={"retention": short}))
    try:
        assert retention.destruction_date(session, "signal", said.id) == add_months(TODAY, 6)
    finally:
        use_server_configuration(None)


def test_only_dates_after_the_last_sync_are_judged_here(session: Session) -> None:
    """Dates up to the last contact were the server's to judge (it may keep a youth for
    records this device does not see); later ones the device judges itself."""
    subject = youth(session, "Sara")
    said = signal(session, subject, "Gezien in het park.")
    day = add_months(TODAY, 24)
    identity = Identity.model_validate(
        {
            "user_id": str(uuid.uuid4()),
            "device_id": str(uuid.uuid4()),
            "device_name": "Laptop Noord",
            "organisation_id": str(uuid.uuid4()),
            "municipality_id": str(uuid.uuid4()),
            "name": "Sanne de Boer",
            "role": "youth_worker",
            "organisation": "Jongerenwerk Veldstad",
            "municipality": "Veldstad",
        }
    )
    contact = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9)
    sync_state.enroll(session.vault, "https://veldwerk.example", "x", identity, contact)
    assert retention.run(session, day + timedelta(days=30)).total == 0
    sync_state.update(session.vault, last_success=contact - timedelta(days=1))
    assert retention.run(session, day + timedelta(days=30)).destroyed["signal"] == 1
    assert session.records.get(Signal, said.id) is None


def test_the_run_is_audited_without_content(session: Session) -> None:
    subject = youth(session, "Lotte")
    signal(session, subject, "Gezien bij de brug.")
    retention.run(session, add_months(TODAY, 24))
    [row] = session.vault.query(
        "SELECT data FROM audit WHERE action = 'delete' AND record_id IS NULL"
    )
    entry = json.loads(row["data"])
    assert entry["purpose"].startswith("bewaartermijn verstreken")
    assert str(subject.id) in entry["youth_ids"]
    assert "Lotte" not in row["data"]
