"""The dependency direction is enforced: breaking it fails the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def copy_project(target: Path) -> Path:
    for package in ("desktop", "server", "veldwerk_core"):
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def lint(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(project), "PATH": str(Path(sys.executable).parent)},
    )


def test_the_project_keeps_its_contracts(tmp_path: Path) -> None:
    result = lint(copy_project(tmp_path))
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("veldwerk_core/models/youth.py", "import PySide6.QtCore", "domain core stays pure"),
        ("veldwerk_core/models/youth.py", "import sqlite3", "domain core stays pure"),
        ("veldwerk_core/protocol.py", "import httpx", "domain core stays pure"),
        ("veldwerk_core/models/signal.py", "from desktop.store import vault", "kernel imports"),
        ("veldwerk_core/models/signal.py", "from server import db_models", "kernel imports"),
        ("desktop/models/listing.py", "import sqlite3", "domain core stays pure"),
        ("desktop/models/listing.py", "from desktop.store import vault", "Layers"),
        ("server/services/push.py", "from desktop.services import session", "only the kernel"),
        ("server/api/main.py", "import PySide6.QtCore", "only the kernel"),
        (
            "desktop/views/section.py",
            "from desktop.store import records",
            "Views never touch the database",
        ),
        ("desktop/views/ops.py", "import sqlcipher3", "Views never touch the database"),
        ("desktop/store/records.py", "from desktop.services import session", "Layers"),
    ],
)
def test_a_forbidden_import_breaks_the_build(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    project = copy_project(tmp_path)
    path = project / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    result = lint(project)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and contract in result.stdout
