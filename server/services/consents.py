"""A consent and the shares that rest on it: withdrawing (or ending) the consent withdraws (or
ends) every share based on it, so the recipients' copies leave at their next sync."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.db_models import StoredRecord
from server.services.server_writes import Writer, reacts_to
from veldwerk_core.models import Consent, Share
from veldwerk_core.models.sharing import WITHDRAWN_WITH_CONSENT


@reacts_to(Consent.kind)
def consent_changed(writer: Writer, row: StoredRecord, before: dict[str, Any] | None) -> None:
    consent = row.data or {}
    withdrawn, until = consent.get("withdrawn_on"), consent.get("until")
    if before is not None and (withdrawn, until) == (
        before.get("withdrawn_on"),
        before.get("until"),
    ):
        return
    shares = writer.session.execute(
        select(StoredRecord).where(
            StoredRecord.municipality_id == row.municipality_id,
            StoredRecord.kind == Share.kind,
            StoredRecord.deleted.is_(False),
            StoredRecord.data["consent_id"].as_string() == row.id,
        )
    ).scalars()
    for share in shares:
        data = share.data or {}
        changes: dict[str, Any] = {"until": until}
        if withdrawn and not data.get("withdrawn_on"):
            changes.update(withdrawn_on=withdrawn, withdrawal_reason=WITHDRAWN_WITH_CONSENT)
        writer.server_update(share, changes)
