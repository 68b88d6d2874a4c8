"""``veldwerk sync`` as a person runs it: a real process, a real vault, the real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.integration.test_cli import veldwerk


def test_sync_from_the_command_line(real_server: Any, tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert veldwerk("--data-dir", data, "init", "--name", "Sanne de Boer").returncode == 0
    refused = veldwerk(
        "--data-dir", data, "sync", "enroll", "veldwerk.example", env={"VELDWERK_ENROLL_CODE": "x"}
    )
    assert refused.returncode == 1 and "https://" in refused.stderr
    code = real_server.code("youth_worker")
    enrolled = veldwerk(
        "--data-dir", data, "sync", "enroll", real_server.url, env={"VELDWERK_ENROLL_CODE": code}
    )
    assert enrolled.returncode == 0, enrolled.stderr
    assert "Aangemeld als Youth_Worker" in enrolled.stdout
    assert "Gesynchroniseerd: 0 verstuurd" in enrolled.stdout
    status = veldwerk("--data-dir", data, "sync", "status")
    assert status.returncode == 0 and real_server.url in status.stdout
    assert code not in enrolled.stdout + enrolled.stderr + status.stdout
    assert "Nog te versturen: 0" in status.stdout
    for log in (tmp_path / "data" / "logs").rglob("*"):
        if log.is_file():
            assert code.encode() not in log.read_bytes(), "no code or credential in the logs"
            assert b"vw1." not in log.read_bytes()
