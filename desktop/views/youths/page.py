"""A youth's page: the timeline, and a tab for each part of working together on them.

Alt plus the underlined letter (or Ctrl+Tab) moves between the tabs; each tab's count says
how much it holds. Opening a notice, a handover or a task (from the worklist) shows its tab
with the record chosen and the cursor in its list.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.services.timeline import Timeline
from desktop.views.ops import Ops
from desktop.views.together.handovers import HandoversPanel
from desktop.views.together.involved import InvolvedPanel
from desktop.views.together.notices import NoticesPanel
from desktop.views.together.panel import RecordPanel
from desktop.views.together.sharing import ConsentsPanel, SharesPanel
from desktop.views.together.tasks import TasksPanel
from desktop.views.youths.timeline import TimelineView
from veldwerk_core.i18n import N_, _

TABS = (
    N_("&Betrokkenen"),
    N_("Ge&deeld"),
    N_("Toe&stemmingen"),
    N_("&Wie doet wat"),
    N_("T&aken"),
    N_("&Overdrachten"),
)


class YouthPage(QTabWidget):
    sig_open = Signal(str, object)
    """Open a linked record elsewhere: (kind, id)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("youthPage")
        self.setAccessibleName(_("Onderdelen van de jongere"))
        # Every tab in sight: hidden behind scroll arrows, nobody finds Taken or Overdrachten.
        self.setUsesScrollButtons(False)
        self.timeline = TimelineView(self)
        self.involved = InvolvedPanel(ops, self)
        self.shares = SharesPanel(ops, self)
        self.shares.sig_open = self.sig_open.emit
        self.consents = ConsentsPanel(ops, self)
        self.notices = NoticesPanel(ops, self)
        self.tasks = TasksPanel(ops, self)
        self.handovers = HandoversPanel(ops, self)
        self.panels: list[RecordPanel] = [
            self.involved,
            self.shares,
            self.consents,
            self.notices,
            self.tasks,
            self.handovers,
        ]
        self.addTab(self.timeline, _("&Tijdlijn"))
        for panel, title in zip(self.panels, TABS, strict=True):
            self.addTab(panel, _(title))

    def show_timeline(self, timeline: Timeline | None, me: str = "") -> None:
        self.timeline.show_timeline(timeline)
        self.tasks.me = self.handovers.me = me
        for index, panel in enumerate(self.panels, start=1):
            panel.show_timeline(timeline)
            title = _(TABS[index - 1])
            count = panel.count()
            self.setTabText(index, f"{title} ({count})" if count else title)
        if timeline is None:
            self.setCurrentIndex(0)

    def panel_for(self, kind: str) -> RecordPanel | None:
        return next((p for p in self.panels if p.kind == kind), None)

    def focus_record(self, kind: str, record_id: uuid.UUID) -> bool:
        """Show the tab of ``kind`` with the record chosen and the cursor in its list."""
        panel = self.panel_for(kind)
        if panel is None:
            return False
        self.setCurrentWidget(panel)
        found = panel.select(record_id)
        panel.rows.setFocus(Qt.FocusReason.OtherFocusReason)
        return found

    def current_panel(self) -> Any:
        return self.currentWidget()
