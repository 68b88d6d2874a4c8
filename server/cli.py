"""The ``veldwerk-server`` command: serve, migrate and administer (see docs/server.md)."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from server import __version__, cli_report, processes
from server.core.audit_keys import AuditKeys
from server.core.config import Settings
from server.core.db import make_engine, migrate, session_factory, transaction
from server.services import (
    admin,
    audit,
    audit_checkpoints,
    audit_verify,
    config_files,
    devices,
    retention,
    tombstones,
)
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import utc_now

log = logging.getLogger("veldwerk.server")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veldwerk-server",
        description="Veldwerk municipal sync server. Settings come from the environment "
        "(DATABASE_URL, SECRET_KEY, ...; see docs/server.md).",
    )
    parser.add_argument("--version", action="version", version=f"veldwerk-server {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the server (migrates first)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8470)")
    serve.add_argument(
        "--insecure-bind",
        action="store_true",
        help="allow a non-loopback address without TLS (a proxy elsewhere terminates TLS)",
    )
    commands.add_parser("migrate", help="bring the database schema up to date")

    org = commands.add_parser("create-org", help="add an organisation (or a municipality)")
    org.add_argument("--name", required=True)
    org.add_argument(
        "--kind", required=True, choices=[kind.value for kind in admin.OrganisationKind]
    )
    org.add_argument("--municipality", help="name or id (not for --kind municipality)")
    org.add_argument("--school-name", help="for a school: its name as on youth records")
    commands.add_parser("list-orgs", help="list organisations and their ids")

    user = commands.add_parser("create-user", help="add a user to an organisation")
    user.add_argument("--org", required=True, help="organisation name or id")
    user.add_argument("--name", required=True)
    user.add_argument("--role", required=True, choices=[role.value for role in Role])
    user.add_argument("--phone", default="", help="work phone, shown to colleagues")
    user.add_argument("--email", default="", help="work e-mail, shown to colleagues")
    contact = commands.add_parser(
        "set-contact", help="a user's work phone and e-mail (shown in the directory)"
    )
    contact.add_argument("user", help="the user's id")
    contact.add_argument("--phone", default="")
    contact.add_argument("--email", default="")

    code = commands.add_parser("enroll-code", help="a one-time enrollment code for a user")
    code.add_argument("user", help="the user's id")

    revoke = commands.add_parser(
        "revoke-device",
        help="revoke a device (or with --all --user every device of a user); it wipes itself",
    )
    revoke.add_argument("device", nargs="?", help="the device's id")
    revoke.add_argument("--all", action="store_true", help="every device of --user")
    revoke.add_argument("--user", help="the user's id (with --all)")
    listing = commands.add_parser(
        "list-devices", help="list devices with their last contact and app version"
    )
    listing.add_argument("--user", help="only this user's devices")
    _add_user_commands(commands)

    purge = commands.add_parser("purge-tombstones", help="remove tombstones past retention")
    purge.add_argument("--older-than-days", type=int, help="default TOMBSTONE_RETENTION_DAYS")

    retention_cmd = commands.add_parser(
        "retention", help="destroy what has passed its retention term (retention.yaml)"
    )
    retention_sub = retention_cmd.add_subparsers(dest="retention_command", required=True)
    retention_run = retention_sub.add_parser(
        "run", help="destroy now what has expired (the server also does this daily)"
    )
    retention_run.add_argument(
        "--today", type=date.fromisoformat, help="the day to judge by (YYYY-MM-DD; default today)"
    )
    retention_run.add_argument(
        "--dry-run", action="store_true", help="only count what would be destroyed"
    )
    erase = commands.add_parser(
        "erase",
        help="destroy a young person and everything about them now, on request (AVG art. 17)",
    )
    erase.add_argument("youth", help="the youth's id")
    erase.add_argument("--reason", required=True, help="why (kept in the access log)")

    audit_cmd = commands.add_parser("audit", help="export or verify the access log")
    audit_sub = audit_cmd.add_subparsers(dest="audit_command", required=True)
    export = audit_sub.add_parser("export", help="write the log as JSON lines")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    verify = audit_sub.add_parser(
        "verify", help="check the chain against its keys and checkpoints; exit 1 if broken"
    )
    verify.add_argument(
        "--checkpoints",
        type=Path,
        help="the checkpoint file to check against (default AUDIT_CHECKPOINT_FILE), e.g. an "
        "archived copy",
    )
    audit_sub.add_parser("checkpoint", help="append a signed checkpoint of the chain now")
    cli_report.add_parser(commands)
    return parser


def _add_user_commands(commands: Any) -> None:
    """The user lifecycle (issue 18): list, deactivate, role, the regisseur's scope."""
    users = commands.add_parser(
        "list-users", help="list users: role, organisation, active devices, last contact"
    )
    users.add_argument("--org", help="only this organisation (name or id)")
    users.add_argument("--active", action="store_true", help="only active users")
    deactivate = commands.add_parser(
        "deactivate-user",
        help="a user leaves: they can no longer sync or enroll; all their devices are revoked",
    )
    deactivate.add_argument("user", metavar="USER", help="the user's id")
    role = commands.add_parser("set-role", help="change a user's role")
    role.add_argument("user", metavar="USER", help="the user's id")
    role.add_argument("role", metavar="ROLE", choices=[role.value for role in Role])
    scope = commands.add_parser(
        "set-scope",
        help="the regisseur's scope in a municipality: all its youths, or those involved with",
    )
    scope.add_argument("municipality", metavar="MUNICIPALITY", help="name or id")
    scope.add_argument("scope", metavar="SCOPE", choices=list(admin.COORDINATOR_SCOPES))


def _operator() -> str:
    """Who runs an administrative command (their account on the server, and who ran sudo),
    for the audit log. Informative: whoever runs the command can also write the database."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a container), no environment
        account = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    sudo = os.environ.get("SUDO_USER")
    return f"{sudo} (sudo as {account})" if sudo and sudo != account else account


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_input=False):
            field = ".".join(str(part) for part in error["loc"]).upper()
            print(f"veldwerk-server: configuration {field}: {error['msg']}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level.upper() if args.command == "serve" else "WARNING",
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    try:
        if args.command == "serve":
            return _serve(settings, args)
        migrate(settings.database_url)
        if args.command == "migrate":
            return 0
        return _admin(settings, args)
    except (admin.AdminError, ValueError, OSError) as exc:
        print(f"veldwerk-server: {exc}", file=sys.stderr)
        return 2


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from server.api.main import create_app

    updates = {
        key: value
        for key, value in (
            ("host", args.host),
            ("port", args.port),
            ("insecure_bind", args.insecure_bind or None),
        )
        if value is not None
    }
    settings = settings.model_copy(update=updates)
    settings.check_bind()
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "ssl_certfile": str(settings.tls_certfile) if settings.tls_certfile else None,
        "ssl_keyfile": str(settings.tls_keyfile) if settings.tls_keyfile else None,
        "proxy_headers": False,  # the app applies FORWARDED_ALLOW_IPS itself (api/main.py)
        "log_level": settings.log_level.lower(),
        "access_log": False,
        "server_header": False,
    }
    workers = settings.worker_count()
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
        return 0
    # Several processes (the GIL lets one use one core): migrate once here, share the key
    # file and a folder for the metrics, then start them (see server/processes.py).
    migrate(settings.database_url)
    settings.hmac_key()
    with tempfile.TemporaryDirectory(prefix="veldwerk-metrics-") as metrics_dir:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
        if processes.can_share_port():
            return processes.serve(workers, options)
        uvicorn.run(processes.APP, factory=True, workers=workers, **options)
    return 0


def _admin(settings: Settings, args: argparse.Namespace) -> int:
    engine = make_engine(settings.database_url)
    sessions = session_factory(engine)
    now = utc_now()
    try:
        if args.command == "audit" and args.audit_command == "checkpoint":
            return _checkpoint(sessions, settings)
        with transaction(sessions) as session:
            return _run(session, settings, args, now)
    finally:
        engine.dispose()


def _checkpoint(sessions: sessionmaker[Session], settings: Settings) -> int:
    """Link what is pending, commit, then vouch for it: a checkpoint names committed entries."""
    keys = AuditKeys.from_settings(settings)
    with transaction(sessions) as session:
        audit.chain_all(session, keys)
    with transaction(sessions) as session:
        checkpoint = audit_checkpoints.write(session, keys, settings.checkpoint_path())
    assert checkpoint is not None
    print(checkpoint.line())
    return 0


def _run(session: Session, settings: Settings, args: argparse.Namespace, now: datetime) -> int:
    command = args.command
    if command == "create-org":
        org = admin.create_organisation(
            session,
            name=args.name,
            kind=admin.OrganisationKind(args.kind),
            municipality=args.municipality,
            school_name=args.school_name,
            now=now,
            operator=_operator(),
        )
        print(org.id)
    elif command == "list-orgs":
        for org, place in admin.list_organisations(session):
            print(f"{org.id}\t{org.kind}\t{org.name}\t{place.name}")
    elif command == "create-user":
        user = admin.create_user(
            session,
            organisation=args.org,
            name=args.name,
            role=Role(args.role),
            now=now,
            phone=args.phone,
            email=args.email,
            operator=_operator(),
        )
        print(user.id)
    elif command == "set-contact":
        admin.set_contact(
            session,
            args.user,
            phone=args.phone,
            email=args.email,
            now=now,
            operator=_operator(),
        )
        print(f"contact of {args.user} updated")
    elif command == "enroll-code":
        code, expires = admin.enrollment_code(
            session, args.user, settings.hmac_key(), settings.enrollment_code_hours, now
        )
        print(f"{code}\t(valid until {expires:%Y-%m-%d %H:%M} UTC, once)")
    elif command == "revoke-device":
        _revoke(session, args, now)
    elif command == "list-devices":
        for row in admin.list_devices(session, args.user):
            state = "revoked" if row.revoked_at else "active"
            version = row.app_version or "unknown"
            protocol = f" (protocol {row.app_protocol})" if row.app_protocol else ""
            print(
                f"{row.id}\t{state}\t{row.name}\t{row.user_name}\t"
                f"last contact {_moment(row.last_seen_at)}\tapp {version}{protocol}"
            )
    elif command in USER_COMMANDS:
        USER_COMMANDS[command](session, args, now)
    elif command == "purge-tombstones":
        days = args.older_than_days
        purged = tombstones.purge(
            session, settings.tombstone_retention_days if days is None else days, now
        )
        print(f"purged {purged} tombstones")
    elif command == "retention":
        return _retention(session, settings, args, now)
    elif command == "erase":
        reason = args.reason.strip()
        if not reason:
            raise ValueError("--reason: give the reason for erasing")
        config = config_files.load(settings.config_dir)
        try:
            outcome = retention.erase(
                session, args.youth, reason, config.retention, now, config.rules
            )
        except LookupError:
            raise ValueError(f"no youth {args.youth} (or already destroyed)") from None
        print(f"erased: {_counts(outcome)}")
    elif command == "audit":
        return _audit(session, settings, args)
    elif command == "report":
        return cli_report.run(session, settings, args, now)
    return 0


def _moment(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "never"


def _revoke(session: Session, args: argparse.Namespace, now: datetime) -> None:
    if args.all:
        if args.device:
            raise admin.AdminError("--all: give --user USER, not a device id")
        if not args.user:
            raise admin.AdminError("--all: whose devices? give --user USER")
        count = admin.revoke_user_devices(session, args.user, now, _operator())
        print(f"revoked {count} device(s) of {args.user}; each wipes its data at its next contact")
        return
    if args.user:
        raise admin.AdminError("--user: only with --all (every device of that user)")
    if not args.device:
        raise admin.AdminError("DEVICE: give a device id, or --all --user USER")
    if not devices.revoke(session, args.device, now):
        raise admin.AdminError(f"DEVICE: no device {args.device!r} (list them with list-devices)")
    print(f"revoked {args.device}; it wipes its data at its next contact")


def _list_users(session: Session, args: argparse.Namespace, _now: datetime) -> None:
    for row in admin.list_users(session, args.org, include_inactive=not args.active):
        state = "active" if row.active else "deactivated"
        print(
            f"{row.id}\t{state}\t{row.role}\t{row.name}\t{row.organisation} "
            f"({row.municipality})\t{row.devices} device(s)\t"
            f"last contact {_moment(row.last_contact)}"
        )


def _deactivate_user(session: Session, args: argparse.Namespace, now: datetime) -> None:
    user, revoked = admin.deactivate_user(session, args.user, now, _operator())
    print(
        f"deactivated {user.id} ({user.name}); revoked {revoked} device(s), each wipes its "
        "data at its next contact"
    )


def _set_role(session: Session, args: argparse.Namespace, now: datetime) -> None:
    user = admin.set_role(session, args.user, Role(args.role), now, _operator())
    print(f"{user.id} ({user.name}) is now {user.role}; their devices adjust at their next sync")


def _set_scope(session: Session, args: argparse.Namespace, now: datetime) -> None:
    place = admin.set_scope(session, args.municipality, args.scope, now, _operator())
    print(f"the regisseurs of {place.name} now see: {place.coordinator_scope}")


USER_COMMANDS = {
    "list-users": _list_users,
    "deactivate-user": _deactivate_user,
    "set-role": _set_role,
    "set-scope": _set_scope,
}


def _counts(outcome: retention.Outcome) -> str:
    parts = [f"{kind} {count}" for kind, count in sorted(outcome.destroyed.items())]
    return ", ".join(parts) or "nothing"


def _retention(
    session: Session, settings: Settings, args: argparse.Namespace, now: datetime
) -> int:
    config = config_files.load(settings.config_dir)
    found = retention.run(
        session, config.retention, now, config.rules, today=args.today, dry_run=args.dry_run
    )
    verb = "would destroy" if args.dry_run else "destroyed"
    for municipality, outcome in found.items():
        anonymised = f"; {outcome.anonymised} anonymised" if outcome.anonymised else ""
        print(f"{municipality}\t{verb}: {_counts(outcome)}{anonymised}")
    return 0


def _audit(session: Session, settings: Settings, args: argparse.Namespace) -> int:
    keys = AuditKeys.from_settings(settings)
    if args.audit_command == "export":
        lines = audit_verify.export(session, keys)
        if args.output:
            with args.output.open("w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(line + "\n")
        else:
            for line in lines:
                print(line)
        return 0
    return _verify(session, keys, args.checkpoints or settings.checkpoint_path())


def _verify(session: Session, keys: AuditKeys, path: Path) -> int:
    result = audit_verify.verify(session, keys, path)
    for problem in result.problems:
        where = f"{path} line {problem.line}" if problem.line else f"audit entry {problem.seq}"
        print(f"{where}: {problem.what}", file=sys.stderr)
    if not result.checkpoints:
        print(
            f"note: no valid checkpoints in {path}: a cut-off tail would go unnoticed",
            file=sys.stderr,
        )
    if result.problems:
        return 1
    print(
        f"audit log intact: {result.entries} entries ({result.legacy} from before the audit "
        f"keys), {result.checkpoints} checkpoints"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
