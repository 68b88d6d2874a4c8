"""cipher_overhead: the same write+read workload on SQLCipher and on plain SQLite, one run.

Both go through the same Vault class, schema, pragmas and write path; the only difference is
whether the connection is keyed.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from bench.common import PASSPHRASE, signal_data
from desktop.models.secret import Secret
from desktop.store import filelock
from desktop.store.records import RecordStore
from desktop.store.vault import Vault, configure
from veldwerk_core.models import Signal, Youth
from veldwerk_core.models.actor import Actor, Role

N = 1500
ROUNDS = 3
ACTOR = Actor(user_id="bench", name="Bench", role=Role.YOUTH_WORKER, device_id="bench")


def plain_vault(path: Path) -> Vault:
    connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    configure(connection)
    vault = Vault(path, connection, filelock.acquire(path))
    vault._migrate()
    return vault


def workload(vault: Vault) -> float:
    records = RecordStore(vault, ACTOR)
    started = time.perf_counter()
    youth = records.create(
        Youth, {"first_name": "Bench", "last_name": "Jongere", "date_of_birth": "01-01-2010"}
    ).record
    ids = [records.create(Signal, signal_data(youth.id, n, "Bench")).record.id for n in range(N)]
    for record_id in ids:
        assert records.get(Signal, record_id) is not None
    assert len(records.select(Signal)) == N
    return time.perf_counter() - started


def run() -> Iterator[dict[str, Any]]:
    cipher_times, plain_times = [], []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory(prefix="veldwerk-bench-") as folder:
            cipher = Vault.create(Path(folder) / "cipher.db", Secret(PASSPHRASE))
            plain = plain_vault(Path(folder) / "plain.db")
            cipher_times.append(workload(cipher))
            plain_times.append(workload(plain))
            cipher.close()
            plain.close()
    cipher_s, plain_s = statistics.median(cipher_times), statistics.median(plain_times)
    yield {
        "name": "cipher_overhead",
        "n_signals": N,
        "sqlcipher_s": round(cipher_s, 3),
        "sqlite_s": round(plain_s, 3),
        "ratio": round(cipher_s / plain_s, 3),
        "goal_ratio": 1.25,
    }
