"""The one write path, and plain record reads.

Every change to a record goes through :meth:`RecordStore.save` or :meth:`RecordStore.delete`,
which in one transaction validate the record, write it, append an audit entry and append the
changed fields to the sync outbox. Reads of a youth's record go through :meth:`RecordStore.read`,
which audits them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from desktop.store import subjects, text_index
from desktop.store.outbox import enqueue
from desktop.store.vault import Vault
from veldwerk_core.i18n import _
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.actor import Actor
from veldwerk_core.models.audit import AuditAction, AuditEvent
from veldwerk_core.models.base import UNCHANGED, Record, utc_now
from veldwerk_core.models.errors import FieldError, RecordInvalid, RecordNotFound, field_errors

R = TypeVar("R", bound=Record)

# Bookkeeping fields: they change on every save and are not what a person changed.
_BOOKKEEPING = frozenset({"id", "created_at", "updated_at"})


@dataclass(frozen=True)
class Saved(Generic[R]):
    record: R
    created: bool
    fields: tuple[str, ...]
    """Names of the fields that changed (all fields for a new record); empty if nothing did."""


def table_of(model: type[Record]) -> str:
    if RECORD_TYPES.get(model.kind) is not model:
        raise TypeError(f"{model.__name__} is not a stored record kind")
    return model.kind


class RecordStore:
    def __init__(self, vault: Vault, actor: Actor, clock: Callable[[], datetime] = utc_now) -> None:
        self.vault = vault
        self.actor = actor
        self.clock = clock
        self.written: list[tuple[str, uuid.UUID]] = []
        """(kind, id) of every record written or deleted, for the session to report; a
        rolled-back write stays listed (reporting too much costs a view a reload, no more)."""

    # -- the write path ------------------------------------------------------------------

    def save(self, record: R, *, purpose: str = "") -> Saved[R]:
        """Validate and store ``record``, with its audit entry and outbox entry."""
        return self._write(type(record), record.dump(), purpose)

    def create(self, model: type[R], data: Mapping[str, Any], *, purpose: str = "") -> Saved[R]:
        """Validate ``data`` as a new ``model`` and store it."""
        return self._write(model, dict(data), purpose)

    def update(
        self, model: type[R], record_id: uuid.UUID, changes: Mapping[str, Any], *, purpose: str = ""
    ) -> Saved[R]:
        """Apply ``changes`` to the stored record; only changed fields face today's rules."""
        with self.vault.transaction():
            current, _version = self._row(table_of(model), record_id)
            if current is None:
                raise RecordNotFound()
            known = model.load(current).dump()  # what a newer version added is kept by _write
            return self._write(model, {**known, **changes, "id": str(record_id)}, purpose)

    def _write(self, model: type[R], data: dict[str, Any], purpose: str) -> Saved[R]:
        table = table_of(model)
        with self.vault.transaction():
            stored_data, base_version = (
                self._row(table, uuid.UUID(str(data["id"]))) if "id" in data else (None, 0)
            )
            previous = model.load(stored_data) if stored_data is not None else None
            old = previous.dump() if previous is not None else None
            # Fields a newer version of the app or server wrote stay as they are: this version
            # neither shows nor sends them (the outbox sends only changed known fields).
            newer = {
                key: value for key, value in (stored_data or {}).items() if key not in (old or {})
            }
            if old is not None:
                data["created_at"] = old["created_at"]
            now = self.clock()
            data["updated_at"] = now.isoformat()
            touched = {
                key for key in data if old is None or _json(data[key]) != _json(old.get(key))
            }
            try:
                stored = model.model_validate(
                    data, context={UNCHANGED: frozenset(old or ()) - touched}
                )
            except ValidationError as exc:
                raise RecordInvalid(model.label, field_errors(model, exc)) from None
            new = stored.dump()
            changed = _changed(old, new)
            if previous is not None:
                if not changed:
                    return Saved(previous, created=False, fields=())
                stored.check_change(previous)
            self.vault.execute(
                f"INSERT INTO {table} (id, data, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET data = excluded.data, "
                "updated_at = excluded.updated_at",
                (str(stored.id), json.dumps({**newer, **new}), new["updated_at"]),
            )
            text_index.update(self.vault, table, stored.id, created=old is None)
            self.written.append((table, stored.id))
            action = AuditAction.CREATE if old is None else AuditAction.UPDATE
            self.audit(action, stored, purpose=purpose, fields=changed)
            enqueue(
                self.vault,
                table,
                stored.id,
                "upsert",
                {key: new[key] for key in changed},
                base_version,
                now,
            )
        return Saved(stored, created=old is None, fields=changed)

    def delete(self, model: type[Record], record_id: uuid.UUID, *, purpose: str = "") -> None:
        """Remove a record here and, through the outbox, on the server. ``purpose`` is why:
        kept in the access log here and, for kinds whose deletion needs a reason (a youth),
        sent to the server with the deletion."""
        table = table_of(model)
        with self.vault.transaction():
            old_data, base_version = self._row(table, record_id)
            if old_data is None:
                raise RecordNotFound()
            model.check_delete()
            if model.ownership.delete_reason and not purpose.strip():
                message = _("Geef een reden om dit gegeven te verwijderen.")
                raise RecordInvalid(model.label, [FieldError("reason", _("Reden"), message)])
            record = model.load(old_data)
            self.audit(AuditAction.DELETE, record, purpose=purpose)
            text_index.remove(self.vault, table, record_id)
            self.vault.execute(f"DELETE FROM {table} WHERE id = ?", (str(record_id),))
            self.written.append((table, record_id))
            enqueue(
                self.vault,
                table,
                record_id,
                "delete",
                {},
                base_version,
                self.clock(),
                reason=purpose.strip(),
            )

    # -- reads ---------------------------------------------------------------------------

    def get(self, model: type[R], record_id: uuid.UUID) -> R | None:
        """A record by id, for internal use; not audited."""
        data = self.vault.scalar(
            f"SELECT data FROM {table_of(model)} WHERE id = ?", (str(record_id),)
        )
        return None if data is None else model.load(data)

    def read(self, model: type[R], record_id: uuid.UUID, *, purpose: str) -> R:
        """A record a person opens: audited as a read of the youth(s) it concerns."""
        record = self.get(model, record_id)
        if record is None:
            raise RecordNotFound()
        self.audit(AuditAction.READ, record, purpose=purpose)
        return record

    def select(
        self,
        model: type[R],
        where: str = "",
        parameters: Sequence[Any] = (),
        *,
        order_by: str = "",
        limit: int | None = None,
    ) -> list[R]:
        sql = f"SELECT data FROM {table_of(model)}"
        if where:
            sql += f" WHERE {where}"
        if order_by:
            sql += f" ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [model.load(row[0]) for row in self.vault.execute(sql, tuple(parameters))]

    def hidden(self, model: type[Record], record_id: uuid.UUID) -> dict[str, int]:
        """Per field, how many entries the server left out of this copy: what this user may
        not see (a group's members outside their scope)."""
        raw = self.vault.scalar(
            f"SELECT data ->> '$._hidden' FROM {table_of(model)} WHERE id = ?", (str(record_id),)
        )
        return {} if raw is None else {str(k): int(v) for k, v in json.loads(raw).items()}

    def count(self, model: type[Record]) -> int:
        return int(self.vault.scalar(f"SELECT count(*) FROM {table_of(model)}"))

    # -- audit ---------------------------------------------------------------------------

    def audit(
        self,
        action: AuditAction,
        record: Record | None = None,
        *,
        purpose: str = "",
        fields: Iterable[str] = (),
        youth_ids: Iterable[uuid.UUID] = (),
    ) -> AuditEvent:
        """Append an access-log entry (names of fields only, never their values)."""
        concerned = set(youth_ids)
        if record is not None:
            concerned |= set(subjects.youths_of(self.vault, record))
        event = AuditEvent(
            action=action,
            actor_id=self.actor.user_id,
            actor_role=self.actor.role,
            device_id=self.actor.device_id,
            record_kind=record.kind if record is not None else None,
            record_id=record.id if record is not None else None,
            purpose=purpose,
            fields=list(fields),
            youth_ids=sorted(concerned),
            created_at=self.clock(),
        )
        data = event.dump()
        with self.vault.transaction():
            cursor = self.vault.execute(
                "INSERT INTO audit (id, at, action, record_kind, record_id, data) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    data["id"],
                    data["created_at"],
                    data["action"],
                    data["record_kind"],
                    data["record_id"],
                    json.dumps(data),
                ),
            )
            for youth_id in event.youth_ids:
                self.vault.execute(
                    "INSERT INTO audit_youth (audit_seq, youth_id) VALUES (?, ?)",
                    (cursor.lastrowid, str(youth_id)),
                )
        return event

    # -- internals -----------------------------------------------------------------------

    def _row(self, table: str, record_id: uuid.UUID) -> tuple[dict[str, Any] | None, int]:
        row = self.vault.execute(
            f"SELECT data, base_version FROM {table} WHERE id = ?", (str(record_id),)
        ).fetchone()
        return (None, 0) if row is None else (dict(json.loads(row[0])), int(row[1]))


def _changed(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[str, ...]:
    """Fields that differ from the stored version (all content fields for a new record)."""
    return tuple(
        key
        for key in new
        if key not in _BOOKKEEPING and (old is None or _json(new[key]) != _json(old.get(key)))
    )


def _json(value: Any) -> str:
    """Compare values as they are stored, so ``date(2012, 3, 3)`` equals ``"2012-03-03"``."""
    return json.dumps(value, sort_keys=True, default=str)
