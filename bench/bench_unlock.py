"""unlock: cold process start to an unlocked main window, on a 10k-youth demo vault."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

from bench.common import PASSPHRASE, ROOT, demo_vault

YOUTHS = 10_000
RUNS = 7


def one_start(data_dir: str) -> float:
    env = {
        **os.environ,
        "VELDWERK_PASSPHRASE": PASSPHRASE,
        "VELDWERK_EXIT_WHEN_READY": "1",
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline().decode()
    elapsed = time.perf_counter() - started
    process.wait(timeout=60)
    if not line.startswith("ready"):
        raise RuntimeError("the app did not report ready")
    return elapsed


def run() -> Iterator[dict[str, Any]]:
    data_dir = demo_vault(YOUTHS)
    one_start(str(data_dir.root))  # warm the file cache, as a second start of the day would
    samples = [one_start(str(data_dir.root)) * 1000 for _ in range(RUNS)]
    yield {
        "name": "unlock",
        "youths": YOUTHS,
        "runs": RUNS,
        "p50_ms": round(statistics.median(samples), 1),
        "max_ms": round(max(samples), 1),
        "goal_ms": 1500,
    }
