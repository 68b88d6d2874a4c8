"""Reusable pieces for tests (and benchmarks) that need a real server.

- :class:`PostgresCluster`: a throwaway PostgreSQL 15 cluster (initdb/pg_ctl run as the
  ``postgres`` user) on 127.0.0.1 and a free port.
- :class:`ServerProcess`: the real ``veldwerk-server serve`` in a subprocess on loopback.
- :class:`World`: organisations, users and enrolled devices of two municipalities.
- ``mutation``/``*_fields``: wire data as the desktop outbox produces it.
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import httpx
import psycopg
from pydantic import BaseModel

from server.core.config import Settings
from server.core.db import make_engine, session_factory, transaction
from server.services import admin
from veldwerk_core.i18n import N_
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import new_id, utc_now
from veldwerk_core.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    Text,
    WireFieldError,
    explain,
    field_messages,
)
from veldwerk_core.reasons import ErrorReason, RejectReason

PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


def worded(answer: Mapping[str, Any]) -> str:
    """An error answer or a refused mutation as the app words it (the server sends codes)."""
    explanation = answer.get("explanation")
    if explanation:
        return explain(Text.model_validate(explanation))
    reasons = ErrorReason if "wipe" in answer else RejectReason
    return reasons.label_of(str(answer["reason"]))


def worded_errors(model: type[BaseModel] | None, answer: Mapping[str, Any]) -> dict[str, str]:
    """Field errors of an answer as the app words them: field path -> Dutch sentence."""
    errors = [WireFieldError.model_validate(error) for error in answer["errors"]]
    return {
        found.field: found.message for found in field_messages(model, errors, N_("Het verzoek"))
    }


"""What every request of a current app says (absent: protocol 1, refused)."""

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SECRET_KEY = "veldwerk-test-key-" + "k" * 40
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    """A PostgreSQL cluster in ``root`` (owned by ``postgres``), stopped by :meth:`stop`."""

    def __init__(self, root: Path | None = None, *, durable: bool = False) -> None:
        # The postgres user must reach the folder: pytest's own temp tree is private to root.
        self.root = root or Path(tempfile.mkdtemp(prefix="veldwerk-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.durable = durable

    def _as_postgres(self, *command: str) -> None:
        result = subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd="/",
        )
        if result.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")

    def start(self) -> PostgresCluster:
        owner = pwd.getpwnam("postgres")
        self.root.mkdir(parents=True, exist_ok=True)
        os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self._as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-o",
            options,
            "-w",
            "start",
        )
        return self

    def stop(self) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str | None = None) -> str:
        suffix = f" TEMPLATE {template}" if template else ""
        self._admin(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@cache
def _checkpoint_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="veldwerk-checkpoints-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def checkpoint_file(url: str) -> Path:
    """One audit checkpoint file per database, whoever asks (the app, a test, a command):
    never the user's data folder, never shared by two databases."""
    return _checkpoint_folder() / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}.log"


def settings_for(url: str, **overrides: Any) -> Settings:
    """Settings for tests: cheap argon2 parameters, a real (non-placeholder) key."""
    values: dict[str, Any] = {
        "database_url": url,
        "secret_key": SECRET_KEY,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "audit_checkpoint_file": checkpoint_file(url),
        "retention_check_minutes": 0,  # retention runs where a test asks for it
        **overrides,
    }
    return Settings(**values)


class Client(Protocol):
    def post(self, url: str, **kwargs: Any) -> httpx.Response: ...
    def get(self, url: str, **kwargs: Any) -> httpx.Response: ...


@dataclass
class Device:
    """An enrolled device of one user, with helpers for the sync API."""

    name: str
    role: Role
    user_id: str
    organisation_id: str
    credential: str
    client: Client
    device_id: str = ""
    cursor: int = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credential}", **PROTOCOL}

    def push(self, *mutations: Mapping[str, Any]) -> list[dict[str, Any]]:
        response = self.client.post(
            "/api/v1/sync/push", json={"mutations": list(mutations)}, headers=self.headers
        )
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def pull_page(self, cursor: int | None = None, limit: int = 500) -> dict[str, Any]:
        body = {"cursor": self.cursor if cursor is None else cursor, "limit": limit}
        response = self.client.post("/api/v1/sync/pull", json=body, headers=self.headers)
        assert response.status_code == 200, response.text
        page: dict[str, Any] = response.json()
        return page

    def pull_all(self) -> dict[str, Any]:
        """Pull until done; returns everything received and moves the cursor."""
        got: dict[str, Any] = {"records": {}, "removals": {}, "conflicts": []}
        while True:
            page = self.pull_page()
            assert not page["resync_required"]
            for record in page["records"]:
                got["records"][record["id"]] = record
                got["removals"].pop(record["id"], None)
            for removal in page["removals"]:
                got["removals"][removal["id"]] = removal
                got["records"].pop(removal["id"], None)
            got["conflicts"] += page["conflicts"]
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return got


@dataclass
class World:
    """Two municipalities with an organisation and user of every kind, each with a device."""

    settings: Settings
    client: Client
    devices: dict[str, Device] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)

    PEOPLE = (
        # key, organisation key, role
        ("youth_worker", "youth_work", Role.YOUTH_WORKER),
        ("colleague", "youth_work", Role.YOUTH_WORKER),
        ("boa", "enforcement", Role.YOUTH_BOA),
        ("school", "school", Role.SCHOOL_COORDINATOR),
        ("regisseur", "municipality", Role.COORDINATOR),
        ("beheerder", "municipality", Role.ADMINISTRATOR),
        ("elsewhere", "other_youth_work", Role.YOUTH_WORKER),
    )
    SCHOOL = "Het Veldcollege"

    def held(self, who: str) -> dict[str, dict[str, Any]]:
        """Everything ``who``'s device holds after a pull from the start."""
        device = self[who]
        device.cursor = 0
        records: dict[str, dict[str, Any]] = device.pull_all()["records"]
        return records

    def build(self) -> World:
        self.client.headers.update(PROTOCOL)
        engine = make_engine(self.settings.database_url)
        now = utc_now()
        codes: dict[str, str] = {}
        try:
            with transaction(session_factory(engine)) as session:
                kinds = admin.OrganisationKind
                make = admin.create_organisation
                town = make(
                    session,
                    name="Veldstad",
                    kind=kinds.MUNICIPALITY,
                    municipality=None,
                    school_name=None,
                    now=now,
                )
                other = make(
                    session,
                    name="Anderstad",
                    kind=kinds.MUNICIPALITY,
                    municipality=None,
                    school_name=None,
                    now=now,
                )
                orgs = {
                    "municipality": town,
                    "youth_work": make(
                        session,
                        name="Jongerenwerk Veldstad",
                        kind=kinds.YOUTH_WORK,
                        municipality="Veldstad",
                        school_name=None,
                        now=now,
                    ),
                    "enforcement": make(
                        session,
                        name="Handhaving Veldstad",
                        kind=kinds.ENFORCEMENT,
                        municipality="Veldstad",
                        school_name=None,
                        now=now,
                    ),
                    "school": make(
                        session,
                        name=self.SCHOOL,
                        kind=kinds.SCHOOL,
                        municipality="Veldstad",
                        school_name=self.SCHOOL,
                        now=now,
                    ),
                    "other_youth_work": make(
                        session,
                        name="Jongerenwerk Anderstad",
                        kind=kinds.YOUTH_WORK,
                        municipality="Anderstad",
                        school_name=None,
                        now=now,
                    ),
                    "other_municipality": other,
                }
                self.organisations = {key: org.id for key, org in orgs.items()}
                for key, org_key, role in self.PEOPLE:
                    user = admin.create_user(
                        session,
                        organisation=orgs[org_key].id,
                        name=key.title(),
                        role=role,
                        now=now,
                    )
                    code, _ = admin.enrollment_code(
                        session, user.id, self.settings.hmac_key(), 1, now
                    )
                    codes[key] = code
                    self.devices[key] = Device(
                        key, role, user.id, orgs[org_key].id, "", self.client
                    )
        finally:
            engine.dispose()
        for key, code in codes.items():
            response = self.client.post(
                "/api/v1/enroll", json={"code": code, "device_name": f"laptop-{key}"}
            )
            assert response.status_code == 200, response.text
            body = response.json()
            self.devices[key].credential = body["credential"]
            self.devices[key].device_id = body["identity"]["device_id"]
        return self

    def __getitem__(self, key: str) -> Device:
        return self.devices[key]

    def add_person(self, key: str, organisation: str, role: Role) -> Device:
        """One more user with an enrolled device (for a test that needs someone the world
        lacks, such as a second regisseur in another organisation)."""
        engine = make_engine(self.settings.database_url)
        now = utc_now()
        try:
            with transaction(session_factory(engine)) as session:
                user = admin.create_user(
                    session,
                    organisation=self.organisations[organisation],
                    name=key.title(),
                    role=role,
                    now=now,
                )
                user_id = user.id
                code, _ = admin.enrollment_code(session, user_id, self.settings.hmac_key(), 1, now)
        finally:
            engine.dispose()
        response = self.client.post(
            "/api/v1/enroll", json={"code": code, "device_name": f"laptop-{key}"}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        device = Device(key, role, user_id, self.organisations[organisation], "", self.client)
        device.credential = body["credential"]
        device.device_id = body["identity"]["device_id"]
        self.devices[key] = device
        return device


# -- wire data -----------------------------------------------------------------------------


def mutation(
    kind: str,
    record_id: uuid.UUID | str,
    fields: Mapping[str, Any] | None = None,
    *,
    base: int = 0,
    op: str = "upsert",
    reason: str = "",
) -> dict[str, Any]:
    return {
        "mutation_id": str(new_id()),
        "record_kind": kind,
        "record_id": str(record_id),
        "op": op,
        "fields": dict(fields or {}),
        "base_version": base,
        "created_at": utc_now().isoformat(),
        "reason": reason,
    }


GONE = "Dubbel geregistreerd"
"""A reason to delete a youth (deleting one needs a reason: issue 12)."""


_BIRTHS = itertools.count()


def youth_fields(**overrides: Any) -> dict[str, Any]:
    """A youth of 16. Each call is born on another day of early 2010, so that two test youths
    are not taken for the same person ("wie doet wat" matches name and birth date)."""
    born = date(2010, 1, 1) + timedelta(days=next(_BIRTHS) % 300)
    return {
        "first_name": "Daan",
        "infix": "",
        "last_name": "Visser",
        "date_of_birth": born.isoformat(),
        "gender": None,
        "wijk": "Noord",
        "school": "",
        "bsn": None,
        "contact_notes": "",
        **overrides,
    }


def involvement_fields(
    youth_id: object, professional_id: str | None, **overrides: Any
) -> dict[str, Any]:
    return {
        "youth_id": str(youth_id),
        "professional": "Sanne de Boer",
        "professional_id": professional_id,
        "organisation": "Jongerenwerk Veldstad",
        "role": "Jongerenwerker",
        "since": (date.today() - timedelta(days=30)).isoformat(),
        "until": None,
        **overrides,
    }


def signal_fields(youth_ids: list[Any], **overrides: Any) -> dict[str, Any]:
    return {
        "occurred_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
        "place": {"place_kind": "wijk", "wijk": "Noord", "hotspot": "", "platform": ""},
        "life_domain": "straat",
        "category": "overlast",
        "description": "Groep jongeren bij de skatebaan, harde muziek na middernacht.",
        "source": "own_observation",
        "reported_by": "",
        "youth_ids": [str(youth) for youth in youth_ids],
        "group_id": None,
        "severity": "low",
        "follow_up": "none",
        "legal_basis": "legal_task",
        "sharing_purpose": "",
        "youth_informed": False,
        "parents_informed": False,
        "recorded_by": "Sanne de Boer",
        "recorded_role": "youth_worker",
        "organisation": "Jongerenwerk Veldstad",
        "supersedes_id": None,
        "correction_reason": "",
        **overrides,
    }


def trajectory_fields(youth_id: object, **overrides: Any) -> dict[str, Any]:
    return {
        "youth_id": str(youth_id),
        "coach": "Sanne de Boer",
        "start": (date.today() - timedelta(days=10)).isoformat(),
        **overrides,
    }


def screening_fields(youth_id: object) -> dict[str, Any]:
    return {
        "youth_id": str(youth_id),
        "external": {
            "instrument_name": "Extern instrument",
            "assessed_on": date.today().isoformat(),
            "assessor": "A. Beoordelaar",
            "outcome_band": "midden",
        },
    }


def goal_fields(trajectory_id: object) -> dict[str, Any]:
    return {
        "trajectory_id": str(trajectory_id),
        "life_domain": "school",
        "what": "Elke dag naar school",
    }


def instrument_fields() -> dict[str, Any]:
    """An instrument version as a device pushes it: one of the bundled example checklists."""
    import yaml

    from veldwerk_core.models.instrument import Instrument, parse_instrument
    from veldwerk_core.resources import resource

    path = resource("instruments", "vroegsignalering-jonge-aanwas.yaml")
    definition = parse_instrument(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    data = Instrument.of(definition, source=path.name).dump()
    return {
        key: value for key, value in data.items() if key not in ("id", "created_at", "updated_at")
    }


# -- the real server in a subprocess -------------------------------------------------------


@dataclass
class ServerProcess:
    """``veldwerk-server serve`` on 127.0.0.1; ``url`` is its base URL."""

    database_url: str
    data_dir: Path
    extra_env: Mapping[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": SECRET_KEY,
            "VELDWERK_SERVER_DATA_DIR": str(self.data_dir),
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_KIB": "1024",
            "LOG_LEVEL": "WARNING",
            **self.extra_env,
        }

    def start(self, timeout: float = 30) -> ServerProcess:
        self.log = (self.data_dir / "server.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)],
            env=self.env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError((self.data_dir / "server.log").read_text())
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()
            self.log = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run another ``veldwerk-server`` command against the same database."""
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )


@contextmanager
def running_server(database_url: str, data_dir: Path, **env: str) -> Iterator[ServerProcess]:
    data_dir.mkdir(parents=True, exist_ok=True)
    server = ServerProcess(database_url, data_dir, env).start()
    try:
        yield server
    finally:
        server.stop()


def copy_sqlite(template: Path, target: Path) -> str:
    shutil.copy(template, target)
    return f"sqlite:///{target}"
