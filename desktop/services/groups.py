"""Youth groups and the 7-step group approach."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from desktop.models.filters import GroupFilter
from desktop.services.session import Session
from desktop.store import group_queries, youth_queries
from veldwerk_core.i18n import N_
from veldwerk_core.models import Group, Youth
from veldwerk_core.models.errors import RecordNotFound
from veldwerk_core.models.group import GroupStep

READ_PURPOSE = N_("Groep bekeken")
COUNT_CAP = 10_000


class Groups:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def create(self, data: Mapping[str, Any]) -> Group:
        return self._records.create(Group, data).record

    def update(self, group_id: uuid.UUID, changes: Mapping[str, Any]) -> Group:
        """Change a group. Moving to another step without a date dates it today."""
        current = self.get(group_id)
        changes = dict(changes)
        step = changes.get("step")
        if step is not None and GroupStep(step) is not current.step and "step_date" not in changes:
            changes["step_date"] = self._session.clock().date().isoformat()
        return self._records.update(Group, group_id, changes).record

    def get(self, group_id: uuid.UUID) -> Group:
        group = self.find(group_id)
        if group is None:
            raise RecordNotFound()
        return group

    def find(self, group_id: uuid.UUID) -> Group | None:
        """The group, or None when it is not (or no longer) on this device."""
        return self._records.get(Group, group_id)

    def open(self, group_id: uuid.UUID) -> tuple[Group, dict[uuid.UUID, Youth]]:
        """A group and its members' records, audited as a read of those youths."""
        group = self._records.read(Group, group_id, purpose=READ_PURPOSE)
        members = youth_queries.by_ids(self._session.vault, [m.youth_id for m in group.members])
        return group, members

    def hidden_members(self, group_id: uuid.UUID) -> int:
        """Members of the group this user may not see: counted by the server, not listed."""
        return self._records.hidden(Group, group_id).get("members", 0)

    def page(self, spec: GroupFilter, offset: int, limit: int) -> list[Group]:
        return group_queries.page(self._session.vault, spec, offset, limit)

    def count(self, spec: GroupFilter) -> int:
        return group_queries.count(self._session.vault, spec, COUNT_CAP)

    def for_youth(self, youth_id: uuid.UUID) -> list[Group]:
        return group_queries.for_youth(self._session.vault, youth_id)
