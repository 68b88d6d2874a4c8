"""Server settings from the environment (pydantic-settings).

Placeholder secrets are refused outright: a server that starts with ``changethis`` as its key
is worse than one that does not start. Without ``SECRET_KEY`` the server keeps a random key in a
file next to its SQLite database, so the single-machine default still runs with one command.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from functools import cache
from pathlib import Path
from typing import Self

import platformdirs
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDERS = frozenset(
    {"changethis", "changeme", "change-me", "secret", "password", "example", "todo", "xxx"}
)
MIN_SECRET_LENGTH = 32
SECRET_KEY_ID = "sk"
"""The id of the audit key derived from SECRET_KEY (core/audit_keys.py)."""
KEY_ID = re.compile(r"[A-Za-z0-9_.-]{1,32}")


def default_data_dir() -> Path:
    env = os.environ.get("VELDWERK_SERVER_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("VeldwerkServer", "Veldwerk"))


def _default_database_url() -> str:
    return f"sqlite:///{default_data_dir() / 'veldwerk-server.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str = Field(default_factory=_default_database_url)
    secret_key: SecretStr | None = None
    """HMAC key for enrollment codes. Unset: a generated key kept in the data directory."""
    host: str = "127.0.0.1"
    port: int = Field(default=8470, ge=1, le=65535)
    workers: int = Field(default=0, ge=0, le=64)
    """Server processes. 0: one per CPU core on PostgreSQL, one on SQLite (a single writer)."""
    insecure_bind: bool = False
    """Allow a non-loopback address without TLS (only behind a TLS-terminating reverse proxy)."""
    tls_certfile: Path | None = None
    tls_keyfile: Path | None = None
    forwarded_allow_ips: str = ""
    """Reverse proxies (addresses or networks, comma-separated) whose ``X-Forwarded-For`` and
    ``X-Forwarded-Proto`` are believed; empty: none, the connecting address is the client."""
    enrollment_code_hours: int = Field(default=72, ge=1, le=24 * 30)
    max_offline_days: int = Field(default=180, ge=1)
    """The longest a device may stay offline and still sync incrementally."""
    tombstone_retention_days: int = Field(default=400, ge=1)
    offline_lease_days: int = Field(default=14, ge=1, le=365)
    """Days a device may work without a successful sync before it locks its case data."""
    failed_attempts: int = Field(default=5, ge=1)
    """Failed attempts within the window per address, code prefix or device (core/attempts.py)."""
    failed_window_seconds: int = Field(default=900, ge=1)
    config_dir: Path | None = None
    """Folder with taxonomy.yaml, places.yaml and rules.yaml; unset: the bundled defaults."""
    max_request_mb: int = Field(default=20, ge=1, le=1024)
    """Larger request bodies get 413 (a push holds at most 500 mutations)."""
    audit_chain_seconds: float = Field(default=1.0, gt=0, le=60)
    retention_check_minutes: float = Field(default=60, ge=0, le=1440)
    """How often the server checks whether today's retention ran (0: never; then run
    ``veldwerk-server retention run`` from cron)."""
    """How often the server links the requests' audit entries into the hash chain."""
    audit_keys: dict[str, SecretStr] = Field(default_factory=dict)
    """More audit keys by id (JSON), besides ``sk``, the key derived from SECRET_KEY: for
    rotation, old ones stay so old entries verify (core/audit_keys.py, docs/server.md)."""
    audit_key_id: str = SECRET_KEY_ID
    """The audit key that links new entries and signs checkpoints."""
    audit_checkpoint_file: Path | None = None
    """Append-only file of signed checkpoints; unset: audit-checkpoints.log in the data folder."""
    audit_checkpoint_minutes: float = Field(default=10, gt=0, le=24 * 60)
    audit_checkpoint_entries: int = Field(default=10_000, ge=1)
    """A checkpoint is written after this many minutes or linked entries, whichever first."""
    api_docs: bool = False
    """Serve /docs, /redoc and /openapi.json (development and tests; off in production)."""
    log_level: str = "INFO"

    @field_validator("secret_key")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        _real_secret(value.get_secret_value(), "SECRET_KEY")
        return value

    @field_validator("audit_keys")
    @classmethod
    def _real_audit_keys(cls, value: dict[str, SecretStr]) -> dict[str, SecretStr]:
        for key_id, secret in value.items():
            if not KEY_ID.fullmatch(key_id):
                raise ValueError(f"audit key id {key_id!r}: 1-32 letters, digits, '.', '_', '-'")
            _real_secret(secret.get_secret_value(), f"AUDIT_KEYS[{key_id}]")
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _explicit_proxies(cls, value: str) -> str:
        for entry in _entries(value):
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"FORWARDED_ALLOW_IPS: {entry!r} is not an address or network; list the "
                    "proxies themselves ('*' would believe every client's X-Forwarded-For)"
                ) from None
        return value

    @field_validator("database_url")
    @classmethod
    def _no_placeholder_password(cls, value: str) -> str:
        for placeholder in PLACEHOLDERS:
            if f":{placeholder}@" in value.lower():
                raise ValueError("DATABASE_URL contains a placeholder password")
        return value

    @model_validator(mode="after")
    def _retention(self) -> Self:
        if self.tombstone_retention_days <= self.max_offline_days:
            raise ValueError(
                "TOMBSTONE_RETENTION_DAYS must be longer than MAX_OFFLINE_DAYS, or devices that "
                "were offline for the allowed time would miss deletions"
            )
        if (self.tls_certfile is None) != (self.tls_keyfile is None):
            raise ValueError("set both TLS_CERTFILE and TLS_KEYFILE, or neither")
        if self.audit_key_id != SECRET_KEY_ID and self.audit_key_id not in self.audit_keys:
            raise ValueError(f"AUDIT_KEY_ID {self.audit_key_id!r} is not one of AUDIT_KEYS")
        return self

    @property
    def tls(self) -> bool:
        return self.tls_certfile is not None

    def check_bind(self) -> None:
        """Refuse to serve plain HTTP on a non-loopback address unless explicitly allowed."""
        if self.tls or self.insecure_bind or is_loopback(self.host):
            return
        raise ValueError(
            f"refusing to listen on {self.host} without TLS: put the server behind a "
            "TLS-terminating reverse proxy on this machine (bind 127.0.0.1), configure "
            "TLS_CERTFILE/TLS_KEYFILE, or pass --insecure-bind if a proxy on another host "
            "terminates TLS"
        )

    def worker_count(self) -> int:
        if self.workers:
            return self.workers
        if self.database_url.startswith("sqlite"):
            return 1
        if hasattr(os, "sched_getaffinity"):  # the cores this process may use (Linux)
            return max(1, len(os.sched_getaffinity(0)))
        return os.cpu_count() or 1

    def trusted_proxies(self) -> list[str]:
        return _entries(self.forwarded_allow_ips)

    def checkpoint_path(self) -> Path:
        return self.audit_checkpoint_file or default_data_dir() / "audit-checkpoints.log"

    def hmac_key(self) -> bytes:
        if self.secret_key is not None:
            return self.secret_key.get_secret_value().encode()
        return _generated_key(default_data_dir())


def _real_secret(text: str, name: str) -> None:
    if text.strip().lower() in PLACEHOLDERS or len(text) < MIN_SECRET_LENGTH:
        raise ValueError(
            f"{name} is a placeholder or shorter than {MIN_SECRET_LENGTH} characters; generate "
            "one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        )


def _entries(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cache
def _generated_key(folder: Path) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    path = folder / "secret.key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


@cache
def settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
