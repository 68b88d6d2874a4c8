"""The Jongeren section: the register, and each youth's timeline."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from desktop.models.filters import YouthFilter
from desktop.models.listing import YouthRow
from desktop.services.config import configuration
from desktop.services.errors import RecordNotFound
from desktop.services.timeline import Timeline, open_timeline, youth_of
from desktop.services.youths import Youths
from desktop.views.dates import dutch_date
from desktop.views.field_values import offer
from desktop.views.list_section import ListSection
from desktop.views.ops import Ops
from desktop.views.paged_model import Column, Count, Fetch
from desktop.views.signals.form import SignalForm
from desktop.views.youths import privacy
from desktop.views.youths.dialogs import RelationDialog
from desktop.views.youths.form import YouthForm
from desktop.views.youths.page import YouthPage
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import Youth
from veldwerk_core.models.actor import Role


class YouthsSection(ListSection):
    title = N_("Jongeren")
    kinds = ("youth", "notice", "handover", "task", "referral")
    """Notices, handovers, tasks and referrals open on their youth's page."""
    shows = (
        "relation",
        "involvement",
        "youth_group",
        "signal",
        "screening",
        "trajectory",
        "share",
        "consent",
        "youth_merge",
    )
    new_label = N_("Nieuwe jongere (Ctrl+J)")

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        columns: list[Column[YouthRow]] = [
            Column(_("Naam"), lambda y: y.name_with_age()),
            Column(_("Geboortedatum"), lambda y: dutch_date(y.date_of_birth)),
            Column(_("Wijk"), lambda y: y.wijk),
            Column(_("School"), lambda y: y.school),
        ]
        super().__init__(ops, columns, parent)
        self.wijk = QComboBox(self)
        self.wijk.setObjectName("filterWijk")
        self.wijk.setAccessibleName(_("Wijk"))
        self._offer_wijken()
        self.flagged = QCheckBox(_("Alleen gesignaleerd"), self)
        self.flagged.setObjectName("filterFlagged")
        self.filters.addWidget(self.wijk)
        self.filters.addWidget(self.flagged)
        self.filters.addStretch(1)
        self.wijk.currentIndexChanged.connect(lambda _i: self.reload())
        self.flagged.toggled.connect(lambda _on: self.reload())
        self.page = YouthPage(ops, self)
        self.timeline = self.page.timeline
        self.timeline.sig_open.connect(self._open_link)
        self.timeline.sig_action.connect(self._action)
        self.page.sig_open.connect(self._open_link)
        self.detail_layout.addWidget(self.page)
        self._profile: Any = None
        self._me = ""
        self._focus: tuple[str, uuid.UUID, uuid.UUID] | None = None
        """A record to show in its tab once its youth's page is loaded: (kind, id, youth)."""

    def _offer_wijken(self) -> None:
        wijken = configuration().places.wijken
        offer(self.wijk, [(wijk, wijk) for wijk in wijken], _("Alle wijken"))

    def activate(self) -> None:
        self._offer_wijken()
        super().activate()

    def query(self) -> tuple[Fetch, Count]:
        spec = YouthFilter(
            text=self.search.text(),
            wijk=self.wijk.currentData(),
            flagged_only=self.flagged.isChecked(),
        )
        return (
            lambda session, offset, limit: Youths(session).rows(spec, offset, limit),
            lambda session: Youths(session).count_matching(spec),
        )

    def show_record(self, record: Any) -> None:
        if not isinstance(record, YouthRow):
            self.page.show_timeline(None)
            return
        self._load_timeline(record.id)

    def _load_timeline(self, youth_id: uuid.UUID, *, quiet: bool = False) -> None:
        def work(session: Any) -> tuple[Timeline, Any, str]:
            return open_timeline(session, youth_id), session.profile, session.actor.user_id

        self.follow(youth_id)
        on_failure = self._timeline_failed if quiet else None
        self.ops.run(work, on_success=self._show, on_failure=on_failure, owner=self)

    def _timeline_failed(self, error: BaseException) -> None:
        """A youth on screen that has gone (a sync took it away) leaves an empty page."""
        if isinstance(error, RecordNotFound):
            self.page.show_timeline(None)
        else:
            self.ops.sig_error.emit(error)

    def reshow(self, record_id: uuid.UUID) -> bool:
        self._load_timeline(record_id, quiet=True)
        return True

    def _show(self, result: tuple[Timeline, Any, str]) -> None:
        timeline, self._profile, self._me = result
        self.timeline.privacy.setVisible(self._profile.role is Role.COORDINATOR)
        selected = self.selected()
        if (
            selected is None
            or selected.id == timeline.youth.id
            or not self.select_id(timeline.youth.id)
        ):
            self.page.show_timeline(timeline, self._me)
            if selected is None:  # opened without its row: the selection did not show it
                self.show_sync(timeline.youth.id)
            focus, self._focus = self._focus, None
            if focus is not None and focus[2] == timeline.youth.id:
                self.page.focus_record(focus[0], focus[1])

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        if kind != "youth":
            self.ops.run(
                lambda session: youth_of(session, kind, record_id),
                on_success=lambda youth_id: self._open_in_tab(kind, record_id, youth_id),
                owner=self,
            )
            return
        if not self.select_id(record_id):
            self.table.clearSelection()
            self._load_timeline(record_id)

    def _open_in_tab(self, kind: str, record_id: uuid.UUID, youth_id: uuid.UUID) -> None:
        shown = self.current_youth()
        if shown is not None and shown.id == youth_id:
            self.page.focus_record(kind, record_id)
            return
        self._focus = (kind, record_id, youth_id)
        self.open_record("youth", youth_id)

    def _open_link(self, kind: str, record_id: uuid.UUID) -> None:
        if kind in self.kinds:
            self.open_record(kind, record_id)
        else:
            self.sig_open_record.emit(kind, record_id)

    def current_youth(self) -> Youth | None:
        return self.timeline.timeline.youth if self.timeline.timeline else None

    def _action(self, action: str) -> None:
        youth = self.current_youth()
        if youth is None:
            return
        dialog: QWidget
        if action in (privacy.ACCESS, privacy.OVERVIEW):
            line = self.timeline.report_note
            privacy.save_report(self.ops, self.window(), youth.id, action, line)
            return
        if action == "signal":
            dialog = SignalForm(self.ops, self.window(), youths=[youth])
        elif action == "edit":
            dialog = YouthForm(self.ops, self.window(), youth=youth)
        elif action == "relation":
            dialog = RelationDialog(self.ops, youth, self.window())
        else:
            self.page.setCurrentWidget(self.page.involved)
            self.page.involved.name_involved()
            return
        dialog.show()

    def new_record(self) -> None:
        form = YouthForm(self.ops, self.window())
        form.sig_saved.connect(lambda youth: self._load_timeline(youth.id))
        form.sig_existing.connect(lambda youth: self.open_record("youth", youth.id))
        form.show()

    def clear(self) -> None:
        super().clear()
        self.page.show_timeline(None)
        self._profile = None
        self._focus = None
