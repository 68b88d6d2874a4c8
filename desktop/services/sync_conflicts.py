"""Conflicts a person resolves, and changes the server refused.

A conflict is resolved by a normal change through the one write path, based on the server
version the conflict showed (docs/sync-protocol.md): the chosen values, an empty change to
keep the server's values, the record again to restore it, or a delete to accept a deletion.
"""

from __future__ import annotations

import typing
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop.services.session import Session
from desktop.store import sync_lists, youth_queries
from desktop.store.sync_lists import CONFLICT as CONFLICT
from desktop.store.sync_lists import LOCAL as LOCAL
from desktop.store.sync_lists import PENDING as PENDING
from desktop.store.sync_lists import PROPOSED as PROPOSED
from desktop.store.sync_lists import REJECTED as REJECTED
from desktop.store.sync_lists import SYNCED as SYNCED
from desktop.store.sync_lists import Rejection, StoredConflict
from veldwerk_core import kinds
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.base import Record
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import RecordNotFound, VeldwerkError, field_label
from veldwerk_core.protocol import Op, explain, field_messages
from veldwerk_core.reasons import ConflictReason, RejectReason

KEEP_MINE, KEEP_SERVER = "yours", "server"
DELETED_IN_CONFLICT = N_("Verwijderd bij het oplossen van een conflict")


class SyncFirst(VeldwerkError):
    message = N_(
        "Synchroniseer eerst: de nieuwste versie van de server is nog niet binnen. "
        "Daarna kun je kiezen."
    )


class CannotRestore(VeldwerkError):
    message = N_(
        "Dit gegeven kan hier niet worden hersteld: dit apparaat heeft geen volledige kopie. "
        "Herstel het op het apparaat waarop je de wijziging maakte."
    )


@dataclass(frozen=True)
class FieldChoice:
    field: str
    label: str
    yours: Any
    server: Any
    yours_text: str
    server_text: str
    editable: bool
    """A text field: the person may also type a merged value."""


@dataclass(frozen=True)
class ConflictView:
    id: uuid.UUID
    record_kind: str
    record_id: uuid.UUID
    kind_label: str
    title: str
    reason: str | None
    explanation: str
    fields: list[FieldChoice]
    deleted_on_server: bool
    deleted_here: bool
    waiting_for_details: bool
    proposal: bool = False
    """A proposal: ``yours`` is what was proposed, ``server`` the record as it is."""
    mine: bool = True
    """False: a proposal to this user's organisation, for this user to accept or decline."""
    proposed_by: str = ""


@dataclass(frozen=True)
class RejectionView:
    mutation_id: uuid.UUID
    record_kind: str
    kind_label: str
    title: str
    reason: str
    message: str
    errors: list[str]
    fields: list[tuple[str, str]]
    """(label, value) of what was refused, so nothing typed is lost from sight."""
    rejected_at: datetime


# -- presenting ----------------------------------------------------------------------------


def _model(kind: str) -> type[Record]:
    return RECORD_TYPES[kind]


def _choice_type(model: type[Record], name: str) -> type[Choice] | None:
    info = model.model_fields.get(name)
    pending = [info.annotation] if info is not None else []
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and issubclass(annotation, Choice):
            return annotation
        pending += list(typing.get_args(annotation))
    return None


def display_value(session: Session, kind: str, name: str, value: Any) -> str:
    """A field's value as a person reads it: labels, Dutch dates, names instead of ids."""
    if value is None or value == "" or value == []:
        return _("(leeg)")
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    choices = _choice_type(_model(kind), name)
    if choices is not None and isinstance(value, str):
        try:
            return choices(value).label
        except ValueError:
            return value
    if any(link.field == name and link.item is None for link in kinds.youth_links(kind)):
        ids = value if isinstance(value, list) else [value]
        youths = youth_queries.by_ids(session.vault, [uuid.UUID(str(item)) for item in ids])
        return ", ".join(
            youths[uuid.UUID(str(item))].name_with_age()
            if uuid.UUID(str(item)) in youths
            else _("(een jongere die hier niet bekend is)")
            for item in ids
        )
    if isinstance(value, str):
        return _dates(value)
    if isinstance(value, list):
        return "; ".join(display_value(session, kind, "", item) for item in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{key}: {display_value(session, kind, '', item)}"
            for key, item in value.items()
            if item not in (None, "", [])
        )
    return str(value)


def _dates(text: str) -> str:
    try:
        if len(text) == 10:
            return date.fromisoformat(text).strftime("%d-%m-%Y")
        if len(text) > 10 and text[10] == "T":
            return datetime.fromisoformat(text).astimezone().strftime("%d-%m-%Y %H:%M")
    except ValueError:
        pass
    return text


def describe(
    session: Session, kind: str, record_id: uuid.UUID, data: Mapping[str, Any] | None
) -> str:
    """Which record this is, in words: never only an id."""
    label = _(_model(kind).label)
    if data is None:
        data = _local(session, kind, record_id)
    if data is None:
        return label
    name = kinds.title(kind, dict(data))
    if name:
        return f"{label}: {name}"
    about = next(iter(kinds.youths_named(kind, dict(data))), None)
    if about:
        youth = youth_queries.by_ids(session.vault, [uuid.UUID(about)]).get(uuid.UUID(about))
        if youth is not None:
            return _("{kind} over {youth}", kind=label, youth=youth.name_with_age())
    return label


def _local(session: Session, kind: str, record_id: uuid.UUID) -> dict[str, Any] | None:
    record = session.records.get(_model(kind), record_id)
    return None if record is None else record.dump()


def conflict_title(session: Session, conflict: StoredConflict) -> str:
    return describe(session, conflict.record_kind, conflict.record_id, conflict.snapshot)


def rejection_title(session: Session, rejection: Rejection) -> str:
    return describe(session, rejection.record_kind, rejection.record_id, rejection.fields or None)


def _explanation(conflict: StoredConflict) -> str:
    if conflict.reason is None:
        return _(
            "De server heeft jouw wijziging niet helemaal overgenomen. De details komen bij de "
            "volgende synchronisatie binnen."
        )
    return ConflictReason.label_of(conflict.reason)


def conflict_view(session: Session, conflict: StoredConflict) -> ConflictView:
    model = _model(conflict.record_kind)
    fields = []
    for entry in conflict.fields:
        name = str(entry["field"])
        info = model.model_fields.get(name)
        editable = info is not None and info.annotation is str
        fields.append(
            FieldChoice(
                field=name,
                label=field_label(model, [name]),
                yours=entry.get("yours"),
                server=entry.get("server"),
                yours_text=display_value(session, conflict.record_kind, name, entry.get("yours")),
                server_text=display_value(session, conflict.record_kind, name, entry.get("server")),
                editable=editable,
            )
        )
    return ConflictView(
        id=conflict.id,
        record_kind=conflict.record_kind,
        record_id=conflict.record_id,
        kind_label=_(model.label),
        title=conflict_title(session, conflict),
        reason=conflict.reason,
        explanation=_explanation(conflict),
        fields=fields,
        deleted_on_server=conflict.reason == ConflictReason.EDIT_AFTER_DELETE.value,
        deleted_here=conflict.reason == ConflictReason.DELETE_AFTER_EDIT.value,
        waiting_for_details=conflict.reason is None,
        proposal=conflict.is_proposal,
        mine=conflict.mine,
        proposed_by=conflict.proposed_by,
    )


def conflicts(session: Session) -> list[ConflictView]:
    return [conflict_view(session, item) for item in sync_lists.conflicts(session.vault)]


def rejections(session: Session) -> list[RejectionView]:
    views = []
    for item in sync_lists.rejections(session.vault):
        model = _model(item.record_kind)
        views.append(
            RejectionView(
                mutation_id=item.mutation_id,
                record_kind=item.record_kind,
                kind_label=_(model.label),
                title=rejection_title(session, item),
                reason=item.reason,
                message=explain(item.explanation)
                or item.message
                or RejectReason.label_of(item.reason),
                errors=[error.message for error in field_messages(model, item.errors)],
                fields=[
                    (
                        field_label(model, [name]),
                        display_value(session, item.record_kind, name, value),
                    )
                    for name, value in item.fields.items()
                    if name in model.model_fields
                ],
                rejected_at=item.rejected_at,
            )
        )
    return views


def dismiss_rejection(session: Session, mutation_id: uuid.UUID) -> None:
    sync_lists.dismiss(session.vault, mutation_id)


def record_status(session: Session, kind: str, record_id: uuid.UUID) -> str:
    """pending / synced / conflict / rejected / local (never sent, not enrolled)."""
    return sync_lists.record_status(session.vault, kind, record_id)


STATUS_LABELS = {
    PENDING: N_("Nog niet verstuurd"),
    SYNCED: N_("Gesynchroniseerd"),
    CONFLICT: N_("Conflict"),
    REJECTED: N_("Geweigerd door de server"),
    LOCAL: N_("Alleen op dit apparaat"),
    PROPOSED: N_("Voorstel ligt bij de eigenaar"),
}


# -- resolving -----------------------------------------------------------------------------


def _open(session: Session, conflict_id: uuid.UUID) -> StoredConflict:
    conflict = sync_lists.conflict(session.vault, conflict_id)
    if conflict is None or conflict.status != "open":
        raise RecordNotFound()
    if conflict.reason is None:
        raise SyncFirst()
    return conflict


def _base(session: Session, conflict: StoredConflict) -> int:
    """The record's local base version; it must include what the conflict showed."""
    version = sync_lists.base_version(session.vault, conflict.record_kind, conflict.record_id)
    if version is None or version < (conflict.server_version or 0):
        raise SyncFirst()
    return version


def resolve(session: Session, conflict_id: uuid.UUID, chosen: Mapping[str, Any]) -> None:
    """Keep, per clashing field, the chosen value (yours, the server's or a merged text)."""
    conflict = _open(session, conflict_id)
    if conflict.reason != ConflictReason.CONCURRENT_EDIT.value:
        raise ValueError("use restore/accept_deletion/keep_record/delete_record")
    model = _model(conflict.record_kind)
    with session.vault.transaction():
        base = _base(session, conflict)
        current = session.records.get(model, conflict.record_id)
        if current is None:
            raise SyncFirst()
        stored = current.dump()
        changes = {
            name: value
            for name, value in chosen.items()
            if name in stored and _differs(stored[name], value)
        }
        saved = session.records.update(model, conflict.record_id, changes) if changes else None
        if saved is None or not saved.fields:
            _keep_server(session, conflict, base)
        sync_lists.mark_resolving(session.vault, conflict.id, session.clock())


def _differs(a: Any, b: Any) -> bool:
    return a != b and str(a) != str(b)


def _keep_server(session: Session, conflict: StoredConflict, base: int) -> None:
    sync_lists.queue(
        session.vault,
        conflict.record_kind,
        conflict.record_id,
        Op.UPSERT.value,
        {},
        base,
        session.clock(),
    )


def restore(session: Session, conflict_id: uuid.UUID) -> None:
    """Bring back a record deleted on the server, with this device's edit in it."""
    conflict = _open(session, conflict_id)
    model = _model(conflict.record_kind)
    if not conflict.snapshot:
        raise CannotRestore()
    data = model.load(conflict.snapshot).dump()  # what this version knows of the copy
    data.update({str(entry["field"]): entry.get("yours") for entry in conflict.fields})
    data["id"] = str(conflict.record_id)
    with session.vault.transaction():
        if session.records.get(model, conflict.record_id) is None:
            session.records.create(model, data)
        else:
            session.records.update(model, conflict.record_id, data)
        sync_lists.rebase(
            session.vault, conflict.record_kind, conflict.record_id, conflict.server_version or 0
        )
        sync_lists.mark_resolving(session.vault, conflict.id, session.clock())


def accept_deletion(session: Session, conflict_id: uuid.UUID) -> None:
    """Agree that the record is gone; this device's edit is dropped."""
    conflict = _open(session, conflict_id)
    model = _model(conflict.record_kind)
    with session.vault.transaction():
        if session.records.get(model, conflict.record_id) is not None:
            session.records.delete(model, conflict.record_id, purpose=_(DELETED_IN_CONFLICT))
            sync_lists.rebase(
                session.vault,
                conflict.record_kind,
                conflict.record_id,
                conflict.server_version or 0,
            )
        else:
            sync_lists.queue(
                session.vault,
                conflict.record_kind,
                conflict.record_id,
                Op.DELETE.value,
                {},
                conflict.server_version or 0,
                session.clock(),
            )
        sync_lists.mark_resolving(session.vault, conflict.id, session.clock())


def keep_record(session: Session, conflict_id: uuid.UUID) -> None:
    """A delete lost against someone's edit: keep the record as the server has it."""
    conflict = _open(session, conflict_id)
    with session.vault.transaction():
        _keep_server(session, conflict, _base(session, conflict))
        sync_lists.mark_resolving(session.vault, conflict.id, session.clock())


def delete_record(session: Session, conflict_id: uuid.UUID) -> None:
    """A delete lost against someone's edit: delete it anyway, now knowing that edit."""
    conflict = _open(session, conflict_id)
    model = _model(conflict.record_kind)
    with session.vault.transaction():
        _base(session, conflict)
        session.records.delete(model, conflict.record_id, purpose=_(DELETED_IN_CONFLICT))
        sync_lists.mark_resolving(session.vault, conflict.id, session.clock())
