"""The Groepen section: youth groups, their members and places, the 7-step approach."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.models.filters import GroupFilter
from desktop.services.groups import Groups
from desktop.views.dates import dutch_date
from desktop.views.groups.editor import GroupEditor, load_group
from desktop.views.list_section import ListSection
from desktop.views.ops import Ops
from desktop.views.paged_model import Column, Count, Fetch
from desktop.views.signals.form import SignalForm
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import Group


class GroupsSection(ListSection):
    title = N_("Groepen")
    kinds = ("youth_group",)
    shows = ("youth", "signal")
    new_label = N_("Nieuwe groep")

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        columns: list[Column[Group]] = [
            Column(_("Naam"), lambda g: g.name),
            Column(_("Wijk"), lambda g: g.wijk),
            Column(_("Leden"), lambda g: str(len(g.members)), align_right=True),
            Column(_("Stap"), lambda g: g.step.label),
            Column(_("Sinds"), lambda g: dutch_date(g.step_date)),
        ]
        super().__init__(ops, columns, parent)
        self.editor = GroupEditor(ops, self)
        self.editor.sig_saved.connect(lambda group: self.follow(group.id))
        self.editor.sig_open.connect(self.sig_open_record.emit)
        self.editor.sig_new_signal.connect(self._new_signal)
        self.detail_layout.addWidget(self.editor)

    def query(self) -> tuple[Fetch, Count]:
        spec = GroupFilter(text=self.search.text())
        return (
            lambda session, offset, limit: Groups(session).page(spec, offset, limit),
            lambda session: Groups(session).count(spec),
        )

    def show_record(self, record: Any) -> None:
        if self.reloading and self.editor.dirty:
            return  # records changed elsewhere: what is typed here stays until it is saved
        if not isinstance(record, Group):
            self.editor.show_group(None)
            return
        self.ops.run(
            lambda session: load_group(session, record.id),
            on_success=self.editor.show_group,
            owner=self,
        )

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        if not self.select_id(record_id):
            self.ops.run(
                lambda session: load_group(session, record_id),
                on_success=self.editor.show_group,
                owner=self,
            )

    def reshow(self, record_id: uuid.UUID) -> bool:
        """A new group the search does not match stays in the editor as it is."""
        shown = self.editor.group
        return shown is not None and shown.id == record_id

    def new_record(self) -> None:
        self.follow(None)
        self.table.clearSelection()
        self.editor.show_group(None)
        self.editor.name.setFocus()

    def _new_signal(self, group: Group) -> None:
        SignalForm(self.ops, self.window(), group=group).show()

    def clear(self) -> None:
        super().clear()
        self.editor.show_group(None)
