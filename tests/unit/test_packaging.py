"""The server installs from a wheel of its own: the kernel and the server, nothing of the app."""

from __future__ import annotations

import email
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
SERVER_PROJECT = ROOT / "packaging" / "server"
APP_ONLY = {"pyside6", "pyside6-essentials", "sqlcipher3", "sqlite-utils", "reportlab", "faker"}


def build_server_wheel(target: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(target), str(SERVER_PROJECT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = target.glob("veldwerk_server-*.whl")
    return wheel


def names(requirements: list[str]) -> dict[str, Requirement]:
    parsed = [Requirement(line) for line in requirements]
    return {requirement.name.lower().replace("_", "-"): requirement for requirement in parsed}


@pytest.fixture(scope="module")
def server_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_server_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_server_wheel_depends_on_nothing_of_the_app(server_wheel: Path) -> None:
    with zipfile.ZipFile(server_wheel) as wheel:
        files = wheel.namelist()
        (metadata,) = [name for name in files if name.endswith(".dist-info/METADATA")]
        requires = email.message_from_bytes(wheel.read(metadata)).get_all("Requires-Dist") or []
    required = names(requires)
    assert "fastapi" in required and "pydantic" in required
    assert not APP_ONLY & required.keys(), required.keys()
    packages = {name.split("/")[0] for name in files if not name.startswith("veldwerk_server-")}
    assert packages == {"server", "veldwerk_core"}
    assert "server/alembic.ini" in files
    assert any(name.startswith("server/alembic/versions/") for name in files)
    assert "veldwerk_core/resources/config/taxonomy.yaml" in files
    assert not any(name.startswith("veldwerk_core/resources/fonts/") for name in files)


def test_the_kernel_dependencies_agree_between_the_two_projects() -> None:
    """The root project (the app) and the server wheel both carry the kernel: same pins."""
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    server = tomllib.loads((SERVER_PROJECT / "pyproject.toml").read_text())["project"]
    in_root, in_server = names(root), names(server["dependencies"])
    for kernel in ("pydantic", "uuid6"):
        assert str(in_root[kernel]) == str(in_server[kernel])


@pytest.mark.slow
def test_the_server_installs_and_runs_without_qt(server_wheel: Path, tmp_path: Path) -> None:
    """A fresh environment with only the server wheel: the command runs; Qt is not there."""
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(server_wheel)],
        check=True,
        capture_output=True,
    )
    version = subprocess.run(
        [str(env / "bin" / "veldwerk-server"), "--version"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert version.stdout.strip()
    for absent in ("PySide6", "sqlcipher3", "reportlab", "desktop"):
        probe = subprocess.run(
            [str(python), "-c", f"import {absent}"], capture_output=True, cwd=tmp_path
        )
        assert probe.returncode != 0, absent
