"""The veldwerk command, run as a user would: a real process, a real vault."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from tests.conftest import PASSPHRASE
from veldwerk_core import __version__
from veldwerk_core.models import Group, Relation, Signal, Youth


def veldwerk(
    *args: str, passphrase: str | None = PASSPHRASE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    environment.pop("VELDWERK_PASSPHRASE", None)
    if passphrase is not None:
        environment["VELDWERK_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_version() -> None:
    result = veldwerk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"veldwerk {__version__}"


def test_init_creates_a_vault_in_the_chosen_data_dir(tmp_path: Path) -> None:
    result = veldwerk(
        "--data-dir", str(tmp_path / "d"), "init", "--name", "Bram Jansen", "--role", "youth_boa"
    )
    assert result.returncode == 0, result.stderr
    assert "Kluis aangemaakt" in result.stdout
    session = sessions.unlock(DataDir(tmp_path / "d"), Secret(PASSPHRASE))
    assert session.profile.name == "Bram Jansen" and session.profile.role.value == "youth_boa"
    session.lock()


def test_data_dir_also_comes_from_the_environment(tmp_path: Path) -> None:
    result = veldwerk("init", "--name", "Bram", env={"VELDWERK_DATA_DIR": str(tmp_path / "env")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env" / "vault.veldwerk").exists()


def test_init_refuses_a_weak_passphrase_and_an_existing_vault(tmp_path: Path) -> None:
    weak = veldwerk(
        "--data-dir", str(tmp_path / "w"), "init", "--name", "Bram", passphrase="welkom"
    )
    assert weak.returncode == 1
    assert "niet sterk genoeg" in weak.stderr and "Traceback" not in weak.stderr
    assert not (tmp_path / "w" / "vault.veldwerk").exists()
    assert veldwerk("--data-dir", str(tmp_path / "x"), "init", "--name", "Bram").returncode == 0
    again = veldwerk("--data-dir", str(tmp_path / "x"), "init", "--name", "Bram")
    assert again.returncode == 1 and "bestaat hier al een kluis" in again.stderr


def snapshot(data_dir: DataDir) -> dict[str, list[str]]:
    session = sessions.unlock(data_dir, Secret(PASSPHRASE))
    try:
        return {
            "youths": sorted(
                f"{y.full_name}|{y.date_of_birth}|{y.bsn}" for y in session.records.select(Youth)
            ),
            "signals": sorted(
                f"{s.category}|{s.description}|{s.occurred_at}"
                for s in session.records.select(Signal)
            ),
            "groups": sorted(g.name for g in session.records.select(Group)),
            "relations": sorted(r.relation_kind.value for r in session.records.select(Relation)),
        }
    finally:
        session.lock()


def test_demo_is_realistic_and_deterministic_with_a_seed(tmp_path: Path) -> None:
    first, second, other = (DataDir(tmp_path / name) for name in ("a", "b", "c"))
    for data_dir, seed in ((first, "7"), (second, "7"), (other, "8")):
        result = veldwerk(
            "--data-dir", str(data_dir.root), "demo", "--youths", "60", "--seed", seed
        )
        assert result.returncode == 0, result.stderr
        assert "60 jongeren" in result.stdout
    a, b, c = snapshot(first), snapshot(second), snapshot(other)
    assert a == b
    assert a["youths"] != c["youths"]
    assert len(a["youths"]) == 60
    assert a["groups"] and a["relations"] and len(a["signals"]) > 60
    assert "sibling" in a["relations"] and "parent_carer" in a["relations"]


def test_wrong_passphrase_gives_a_clear_message(tmp_path: Path) -> None:
    assert veldwerk("--data-dir", str(tmp_path), "init", "--name", "Bram").returncode == 0
    result = veldwerk(
        "--data-dir", str(tmp_path), "demo", "--youths", "1", passphrase="helemaal verkeerd"
    )
    assert result.returncode == 1
    assert "wachtwoordzin is onjuist" in result.stderr
    assert "Traceback" not in result.stderr


def test_english_on_request(tmp_path: Path) -> None:
    result = veldwerk("--lang", "en", "--data-dir", str(tmp_path), "demo", "--youths", "0")
    assert result.returncode == 1
    assert "--youths must be at least 1." in result.stderr


def test_help_and_argparse_errors_speak_dutch(tmp_path: Path) -> None:
    """Issue 13, 10: --help and argparse's errors were English in the Dutch app."""
    shown = veldwerk("--help").stdout
    assert shown.startswith("gebruik: veldwerk")
    assert "opties:" in shown and "deze hulp tonen en stoppen" in shown
    assert "show this help" not in shown and "options:" not in shown
    refused = veldwerk("--data-dir", str(tmp_path), "sync", "enroll")
    assert refused.returncode == 2 and "fout: deze argumenten ontbreken" in refused.stderr
    assert veldwerk("--lang", "en", "--help").stdout.startswith("usage: veldwerk")


def test_without_a_terminal_every_command_says_which_option_is_missing(tmp_path: Path) -> None:
    """Issue 13, 10: `veldwerk init` without --name and without a terminal ended in EOFError."""
    named = veldwerk("--data-dir", str(tmp_path / "a"), "init", passphrase=None)
    assert named.returncode == 1 and "Traceback" not in named.stderr
    assert "--name" in named.stderr and named.stderr.startswith("Fout: ")
    for command in (["init", "--name", "Sanne"], ["demo"], ["instrument", "list"]):
        asked = veldwerk("--data-dir", str(tmp_path / "b"), *command, passphrase=None)
        assert asked.returncode == 1 and "Traceback" not in asked.stderr, command
        assert "VELDWERK_PASSPHRASE" in asked.stderr, command
