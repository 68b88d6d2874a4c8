"""Helpers shared by the benchmarks."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.session import Session
from veldwerk_core.models.actor import Profile, Role

PASSPHRASE = "Bench-Fiets-Regen-Molen-2026"
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(cut[94], 3),
        "p99_ms": round(cut[98], 3),
        "max_ms": round(ordered[-1], 3),
    }


@contextmanager
def fresh_session() -> Iterator[Session]:
    with tempfile.TemporaryDirectory(prefix="veldwerk-bench-") as folder:
        session = sessions.create(
            DataDir(Path(folder) / "data"),
            Secret(PASSPHRASE),
            Profile(name="Bench Gebruiker", role=Role.YOUTH_WORKER),
            check_strength=False,
        )
        try:
            yield session
        finally:
            session.lock()


def signal_data(youth_id: object, number: int, actor_name: str) -> dict[str, Any]:
    return {
        "occurred_at": datetime.now(UTC) - timedelta(minutes=number % 5000 + 1),
        "place": {"place_kind": "wijk", "wijk": "Noord"},
        "life_domain": "straat",
        "category": ("overlast", "geweld", "drugs_handel", "schoolverzuim")[number % 4],
        "description": f"Groep van {number % 7 + 2} jongeren bij de skatebaan, harde muziek.",
        "source": "own_observation",
        "youth_ids": [str(youth_id)],
        "severity": "low",
        "legal_basis": "legal_task",
        "recorded_by": actor_name,
        "recorded_role": "youth_worker",
    }


def demo_vault(youths: int) -> DataDir:
    """A demo vault with ``youths`` youths, made once and kept in bench/.cache."""
    data_dir = DataDir(CACHE / f"demo-{youths}")
    if not data_dir.vault.exists():
        env = {**os.environ, "VELDWERK_PASSPHRASE": PASSPHRASE}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "--data-dir",
                str(data_dir.root),
                "demo",
                "--youths",
                str(youths),
            ],
            check=True,
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return data_dir


def bulk_vault(name: str, youths: int, signals: int, seed: int = 7) -> DataDir:
    """A vault with ``youths`` youths and ``signals`` signals for read benchmarks, made once.

    Records come from the demo generator but are loaded set-based (no audit or outbox rows):
    the read benchmarks measure searching and opening, not writing.
    """
    import json
    import random
    from datetime import timedelta as days

    from desktop.services.config import configuration
    from desktop.services.demo import DemoBuilder
    from desktop.store import text_index
    from veldwerk_core.models import Signal

    data_dir = DataDir(CACHE / name)
    if data_dir.vault.exists():
        return data_dir
    session = sessions.create(
        data_dir,
        Secret(PASSPHRASE),
        Profile(name="Bench Gebruiker", role=Role.YOUTH_WORKER),
        check_strength=False,
    )
    builder = DemoBuilder(session, seed, configuration())
    rng = random.Random(seed)
    people = [builder.youth() for _ in range(youths)]

    def load(table: str, rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), 5000):
            chunk = json.dumps(rows[start : start + 5000])
            session.vault.execute(
                f"INSERT INTO {table} (id, data, updated_at) SELECT value ->> '$.id', value, "
                "value ->> '$.updated_at' FROM json_each(?)",
                (chunk,),
            )

    with session.vault.transaction():
        load("youth", [youth.dump() for youth in people])
        made: list[dict[str, Any]] = []
        for number in range(signals):
            about = people[
                min(int(rng.paretovariate(1.2)) - 1, youths - 1)
                if number % 3 == 0
                else rng.randrange(youths)
            ]
            when = (
                builder.moment(365)
                if number % 50
                else session.clock() - days(minutes=number % 500 + 1)
            )
            made.append(builder.signal([about.id], when).dump())
        load("signal", made)
        for kind in ("youth", "signal"):
            text_index.rebuild(session.vault, kind)
    assert session.records.count(Signal) == signals
    session.lock()
    return data_dir


def open_bench_session(data_dir: DataDir) -> Session:
    return sessions.unlock(data_dir, Secret(PASSPHRASE))
