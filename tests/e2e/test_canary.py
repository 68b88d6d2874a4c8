"""A unique name and BSN typed into the app must never show up outside the encrypted vault."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from tests.strategies import BSN_WEIGHTS

ROOT = Path(__file__).resolve().parents[2]


def random_bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        partial = sum(d * w for d, w in zip(digits, BSN_WEIGHTS[:8], strict=True))
        if partial % 11 <= 9 and partial - partial % 11:
            return "".join(map(str, digits)) + str(partial % 11)


def encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def test_canary_appears_in_no_file_after_a_kill(tmp_path: Path) -> None:
    rng = random.Random()
    canary = "Kanarie" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(10))
    bsn = random_bsn(rng)
    home, temp, data = tmp_path / "home", tmp_path / "tmp", tmp_path / "data"
    for folder in (home, temp):
        folder.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(temp),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(temp / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.canary_app", str(data), canary, bsn],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.strip() == b"ready", process.stderr.read() if process.stderr else b""
        limits = Path(f"/proc/{process.pid}/limits").read_text()
        core = next(row for row in limits.splitlines() if row.startswith("Max core file size"))
        assert core.split()[4:6] == ["0", "0"], "the app switched off core dumps"
    finally:
        process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate(timeout=30)

    needles = [needle for value in (canary, bsn) for needle in encodings(value)]
    scanned = 0
    for root in (data, home, temp):
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                content = path.read_bytes()
                scanned += 1
                for needle in needles:
                    assert needle not in content, f"canary found in {path.relative_to(tmp_path)}"
    assert scanned >= 2, "the vault and the log were scanned"
    vault_bytes = sum(path.stat().st_size for path in data.glob("vault.veldwerk*"))
    assert vault_bytes > 100_000, "the scenario's data is in the (encrypted) vault and its WAL"
    assert (data / "logs" / "veldwerk.log").exists()
    for needle in needles:
        assert needle not in stderr
