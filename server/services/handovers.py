"""An accepted handover moves the youth (or the trajectory with its parts) to the colleague's
organisation, and makes them the trajectory's coach."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from server.db_models import StoredRecord, User
from server.services.server_writes import Writer, reacts_to
from veldwerk_core.models import Handover, HandoverStatus


@reacts_to(Handover.kind)
def handover_decided(writer: Writer, row: StoredRecord, before: dict[str, Any] | None) -> None:
    data = row.data or {}
    accepted = HandoverStatus.ACCEPTED.value
    if data.get("status") != accepted or (before or {}).get("status") == accepted:
        return
    recipient = writer.session.get(User, data["to_user_id"])
    if recipient is None:
        return
    organisation = recipient.organisation_id
    trajectory = data.get("trajectory_id")
    if trajectory:
        moved = writer.session.get(StoredRecord, str(trajectory))
        if moved is not None and not moved.deleted:
            moved.owner_org_id = organisation
            writer.server_update(moved, {"coach": data["to_name"]})
            writer.session.execute(
                update(StoredRecord)
                .where(StoredRecord.parent_id == moved.id)
                .values(owner_org_id=organisation)
            )
        return
    youth = writer.session.get(StoredRecord, str(data["youth_id"]))
    if youth is not None and not youth.deleted:
        youth.owner_org_id = organisation
