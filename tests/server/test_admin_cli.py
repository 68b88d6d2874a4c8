"""The administrator's user lifecycle through ``veldwerk-server`` (issue 18, 4): list users,
deactivate one (all their devices revoked), change a role, set the regisseur's scope, list a
user's devices with last contact and app version, revoke all of a user's devices - every
change audited, every mistake named by its argument with a non-zero exit code. On SQLite and
PostgreSQL, with the real command in this process and devices enrolled over the real API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from server import cli
from server.core.db import make_engine, session_factory, transaction
from server.db_models import AuditEntry, AuditPending, Device, Municipality, User
from server.services import admin
from tests.server.helpers import PROTOCOL, World
from veldwerk_core import __version__
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import utc_now

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """``veldwerk-server ARGS`` against the world's database: (exit code, stdout, stderr)."""
    settings = world.settings
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SECRET_KEY", settings.hmac_key().decode())
    monkeypatch.setenv("AUDIT_CHECKPOINT_FILE", str(settings.checkpoint_path()))
    capsys.readouterr()

    def command(*argv: str) -> tuple[int, str, str]:
        try:
            code = cli.main(list(argv))
        except SystemExit as stop:  # argparse refuses bad arguments this way
            code = stop.code if isinstance(stop.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return command


def _query(world: World, work: Callable[[Any], Any]) -> Any:
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            return work(session)
    finally:
        engine.dispose()


def _audited(world: World, action: str) -> list[dict[str, Any]]:
    """Entries of ``action``, chained or still pending, oldest first."""

    def read(session: Any) -> list[dict[str, Any]]:
        rows = [
            *session.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars(),
            *session.execute(select(AuditPending).where(AuditPending.action == action)).scalars(),
        ]
        return [
            {
                "user_id": row.user_id,
                "device_id": row.device_id,
                "municipality_id": row.municipality_id,
                "detail": row.detail,
            }
            for row in rows
        ]

    result: list[dict[str, Any]] = _query(world, read)
    return result


def _second_device(world: World, who: str, agent: str | None = None) -> str:
    """Enroll one more device for ``who``'s user; its id."""

    def code(session: Any) -> str:
        made, _expires = admin.enrollment_code(
            session, world[who].user_id, world.settings.hmac_key(), 1, utc_now()
        )
        return made

    headers = {**PROTOCOL, **({"User-Agent": agent} if agent else {})}
    answer = world.client.post(
        "/api/v1/enroll",
        json={"code": _query(world, code), "device_name": f"tablet-{who}"},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    device_id: str = answer.json()["identity"]["device_id"]
    return device_id


def test_list_users_shows_role_organisation_devices_and_last_contact(
    world: World, run: Run
) -> None:
    code, out, err = run("list-users")
    assert code == 0, err
    lines = {line.split("\t")[0]: line for line in out.splitlines()}
    boa = lines[world["boa"].user_id]
    assert "\tactive\tyouth_boa\tBoa\tHandhaving Veldstad (Veldstad)\t1 device(s)\t" in boa
    assert "last contact 20" in boa  # enrolling is a contact
    assert len(lines) == len(World.PEOPLE)

    code, out, _err = run("list-users", "--org", "Jongerenwerk Veldstad")
    assert code == 0
    assert {line.split("\t")[3] for line in out.splitlines()} == {"Youth_Worker", "Colleague"}


def test_deactivating_a_user_revokes_every_device_which_is_told_to_wipe(
    world: World, run: Run
) -> None:
    boa = world["boa"]
    tablet = _second_device(world, "boa")
    code, out, err = run("deactivate-user", boa.user_id)
    assert code == 0, err
    assert "revoked 2 device(s)" in out

    answer = world.client.get("/api/v1/device", headers=boa.headers)
    assert answer.status_code == 403 and answer.json()["wipe"] is True
    code, out, _err = run("list-devices", "--user", boa.user_id)
    assert code == 0
    assert [line.split("\t")[1] for line in out.splitlines()] == ["revoked", "revoked"]
    code, out, _err = run("list-users", "--active")
    assert boa.user_id not in out
    assert f"{boa.user_id}\tdeactivated" in run("list-users")[1]
    # Others keep working.
    assert world.client.get("/api/v1/device", headers=world["school"].headers).status_code == 200

    (entry,) = _audited(world, "deactivate_user")
    assert entry["user_id"] == boa.user_id
    assert entry["detail"]["devices_revoked"] == 2 and entry["detail"]["operator"]
    revoked = {e["device_id"] for e in _audited(world, "revoke") if e["user_id"] == boa.user_id}
    assert revoked == {boa.device_id, tablet}
    # A new enrollment code is refused for a deactivated user.
    code, _out, err = run("enroll-code", boa.user_id)
    assert code != 0 and "no active user" in err


def test_set_role_changes_what_the_users_devices_are(world: World, run: Run) -> None:
    worker = world["youth_worker"]
    code, out, err = run("set-role", worker.user_id, Role.COORDINATOR.value)
    assert code == 0, err
    answer = world.client.get("/api/v1/device", headers=worker.headers)
    assert answer.json()["role"] == Role.COORDINATOR.value
    (entry,) = _audited(world, "set_role")
    assert entry["user_id"] == worker.user_id
    assert (entry["detail"]["old"], entry["detail"]["new"]) == ("youth_worker", "coordinator")


def test_set_scope_is_the_regisseurs_scope_of_the_municipality(world: World, run: Run) -> None:
    code, out, err = run("set-scope", "Veldstad", "involved")
    assert code == 0, err
    assert "involved" in out

    def scopes(session: Any) -> dict[str, str]:
        return {
            place.name: place.coordinator_scope
            for place in session.execute(select(Municipality)).scalars()
        }

    assert _query(world, scopes) == {"Veldstad": "involved", "Anderstad": "all"}
    (entry,) = _audited(world, "set_scope")
    assert (entry["detail"]["old"], entry["detail"]["new"]) == ("all", "involved")
    assert entry["municipality_id"] == _query(
        world,
        lambda s: (
            s.execute(select(Municipality.id).where(Municipality.name == "Veldstad"))
            .scalars()
            .one()
        ),
    )


def test_revoke_all_devices_of_a_user_and_no_one_elses(world: World, run: Run) -> None:
    school = world["school"]
    _second_device(world, "school")
    code, out, err = run("revoke-device", "--all", "--user", school.user_id)
    assert code == 0, err
    assert "revoked 2 device(s)" in out

    def states(session: Any) -> dict[str, int]:
        devices = session.execute(select(Device)).scalars()
        revoked: dict[str, int] = {}
        for device in devices:
            revoked[device.user_id] = revoked.get(device.user_id, 0) + (
                device.revoked_at is not None
            )
        return revoked

    found = _query(world, states)
    assert found[school.user_id] == 2
    assert sum(found.values()) == 2
    # The user stays active: a new device can be enrolled.
    assert _query(world, lambda s: s.get(User, school.user_id).active) is True
    code, out, _err = run("revoke-device", "--all", "--user", school.user_id)
    assert code == 0 and "revoked 0 device(s)" in out


def test_list_devices_shows_last_contact_and_the_app_version(world: World, run: Run) -> None:
    worker = world["youth_worker"]
    tablet = _second_device(world, "youth_worker", agent="Veldwerk/0.0.9 (older)")
    code, out, err = run("list-devices", "--user", worker.user_id)
    assert code == 0, err
    rows = {line.split("\t")[0]: line for line in out.splitlines()}
    assert rows[worker.device_id].endswith("app unknown (protocol 2)")  # no User-Agent
    assert rows[tablet].endswith("app 0.0.9 (protocol 2)")
    assert "last contact 20" in rows[tablet]

    # What the app says now replaces it; a header that is not the app's changes nothing.
    headers = {**worker.headers, "User-Agent": f"Veldwerk/{__version__}"}
    assert world.client.get("/api/v1/device", headers=headers).status_code == 200
    odd = {**worker.headers, "User-Agent": "curl/8.0 Veldwerk/<script>"}
    assert world.client.get("/api/v1/device", headers=odd).status_code == 200
    rows = {line.split("\t")[0]: line for line in run("list-devices")[1].splitlines()}
    assert rows[worker.device_id].endswith(f"app {__version__} (protocol 2)")


def test_the_app_says_its_version_in_every_request() -> None:
    from desktop.sync.transport import USER_AGENT
    from server.services.devices import app_said

    said = app_said([USER_AGENT], "2")
    assert (said.version, said.protocol) == (__version__, 2)
    assert app_said(["python-httpx/0.28", "Veldwerk/1.2.3rc1"], None).version == "1.2.3rc1"
    for odd in ("Veldwerk/", "NotVeldwerk/1.0", "Veldwerk/1.0<script>", "Veldwerk/" + "9" * 41):
        assert app_said([odd], "x").version is None, odd


def test_every_administrative_change_is_audited(world: World, run: Run) -> None:
    code, _org, err = run(
        "create-org", "--name", "Zorg Veldstad", "--kind", "care", "--municipality", "Veldstad"
    )
    assert code == 0, err
    code, user_id, err = run(
        "create-user", "--org", "Zorg Veldstad", "--name", "Zorgverlener", "--role", "youth_worker"
    )
    assert code == 0, err
    user_id = user_id.strip()
    assert run("set-contact", user_id, "--phone", "010-1234567")[0] == 0
    assert run("enroll-code", user_id)[0] == 0
    assert _audited(world, "create_org")[-1]["detail"]["kind"] == "care"
    for action in ("create_user", "set_contact", "enroll_code"):
        entries = [e for e in _audited(world, action) if e["user_id"] == user_id]
        assert len(entries) == 1, action
        assert "010-1234567" not in str(entries[0]["detail"])  # what changed, not the values


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["set-role", "no-such-user", "coordinator"], "USER"),
        (["set-role", "{boa}", "chef"], "ROLE"),
        (["set-scope", "Nergenshuizen", "all"], "MUNICIPALITY"),
        (["set-scope", "Veldstad", "everyone"], "SCOPE"),
        (["deactivate-user", "no-such-user"], "USER"),
        (["list-devices", "--user", "no-such-user"], "--user"),
        (["list-users", "--org", "Nergens"], "--org"),
        (["revoke-device", "--all"], "--all"),
        (["revoke-device", "--all", "--user", "no-such-user"], "--user"),
        (["revoke-device", "--all", "{boa_device}", "--user", "{boa}"], "--all"),
        (["revoke-device", "--user", "{boa}"], "--user"),
        (["revoke-device"], "DEVICE"),
        (["revoke-device", "no-such-device"], "DEVICE"),
    ],
)
def test_a_mistake_names_its_argument_and_fails(
    world: World, run: Run, argv: list[str], named: str
) -> None:
    boa = world["boa"]
    filled = [arg.format(boa=boa.user_id, boa_device=boa.device_id) for arg in argv]
    code, out, err = run(*filled)
    assert code != 0
    assert named in err, err
    assert out == ""
    # Nothing changed.
    assert world.client.get("/api/v1/device", headers=boa.headers).status_code == 200
