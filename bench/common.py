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

from desktop.models.actor import Profile, Role
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.session import Session

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
