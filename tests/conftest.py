"""Shared fixtures. Qt runs offscreen; every test gets its own data directory."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from desktop.models.secret import Secret  # noqa: E402
from desktop.paths import DataDir  # noqa: E402
from desktop.services import session as sessions  # noqa: E402
from desktop.services.session import Session  # noqa: E402
from veldwerk_core.i18n import set_language  # noqa: E402
from veldwerk_core.models.actor import Profile, Role  # noqa: E402

PASSPHRASE = "Fiets-Regen-Molen-2026"
OTHER_PASSPHRASE = "Zeilboot-Tulp-Avond-1987"

settings.register_profile(
    "veldwerk", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("veldwerk")


@pytest.fixture(autouse=True)
def _dutch() -> Iterator[None]:
    set_language("nl")
    yield
    set_language("nl")


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


@pytest.fixture
def profile() -> Profile:
    return Profile(
        name="Sanne de Boer", role=Role.YOUTH_WORKER, organisation="Jongerenwerk Veldstad"
    )


@pytest.fixture
def session(data_dir: DataDir, profile: Profile) -> Iterator[Session]:
    opened = sessions.create(data_dir, Secret(PASSPHRASE), profile)
    yield opened
    opened.lock()


from tests.sync.fixtures import desks, real_server, server, sync_db_url, sync_pg  # noqa: E402, F401
