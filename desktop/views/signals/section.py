"""The Signalen section: every signal, newest first, with search and filters."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from desktop.models.filters import SignalFilter
from desktop.models.listing import SignalRow
from desktop.services.config import configuration
from desktop.services.signals import Recorded, Signals, period
from desktop.views.date_edit import DateField
from desktop.views.dates import dutch_datetime
from desktop.views.field_values import offer
from desktop.views.list_section import ListSection
from desktop.views.ops import Ops
from desktop.views.paged_model import Column, Count, Fetch
from desktop.views.signals.detail import (
    SignalDetail,
    SignalView,
    category_text,
    domain_text,
    load_signal,
    row_place_text,
)
from desktop.views.signals.form import SignalForm
from desktop.views.together.share_dialog import ShareDialog
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import Severity
from veldwerk_core.models import Signal as SignalRecord


def _combo(
    parent: QWidget, name: str, everything: str, options: list[tuple[str, str]]
) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    # Filters may shrink to what says which filter it is ("Alle categorieën"): the list and
    # the detail need the room more than long option names.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(len(everything) + 1)
    combo.addItem(everything, None)
    for code, label in options:
        combo.addItem(label, code)
    return combo


class SignalsSection(ListSection):
    title = N_("Signalen")
    kinds = ("signal",)
    shows = ("youth", "youth_group", "share")
    new_label = N_("Nieuw signaal (Ctrl+N)")

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        columns = [
            Column(_("Wanneer"), lambda s: dutch_datetime(s.occurred_at)),
            Column(_("Jongeren"), lambda s: s.youths_text()),
            Column(_("Categorie"), lambda s: category_text(s.category)),
            Column(_("Leefgebied"), lambda s: domain_text(s.life_domain)),
            Column(_("Waar"), row_place_text),
            Column(_("Ernst"), lambda s: Severity(s.severity).label),
            Column(_("Beschrijving"), lambda s: s.description.replace("\n", " ")[:120]),
        ]
        super().__init__(ops, columns, parent)
        config = configuration()
        self.wijk = _combo(
            self, "filterWijk", _("Alle wijken"), [(w, w) for w in config.places.wijken]
        )
        self.category = _combo(
            self,
            "filterCategory",
            _("Alle categorieën"),
            [(c.code, c.label) for c in config.taxonomy.categories],
        )
        self.life_domain = _combo(
            self,
            "filterLifeDomain",
            _("Alle leefgebieden"),
            [(d.code, d.label) for d in config.taxonomy.life_domains],
        )
        self.severity = _combo(self, "filterSeverity", _("Elke ernst"), Severity.options())
        self.use_period = QCheckBox(_("Periode"), self)
        self.use_period.setObjectName("filterPeriod")
        self.since = DateField(self)
        self.until = DateField(self)
        for edit, days in ((self.since, -90), (self.until, 0)):
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setCalendarPopup(True)
            edit.setDate(QDate.currentDate().addDays(days))
            edit.setEnabled(False)
            edit.dateChanged.connect(lambda _d: self.reload())
        self.use_period.toggled.connect(self._period_toggled)
        # Two filters a row: each says in full which filter it is, and the detail keeps room.
        for row, widget in zip(
            (self.filters, self.filters, self.more_filters, self.more_filters),
            (self.wijk, self.category, self.life_domain, self.severity),
            strict=True,
        ):
            row.addWidget(widget)
            widget.currentIndexChanged.connect(lambda _i: self.reload())
        self.filters.addStretch(1)
        self.more_filters.addStretch(1)
        self.last_filters.addWidget(self.use_period)
        self.last_filters.addWidget(self.since)
        self.last_filters.addWidget(QLabel("–", self))
        self.last_filters.addWidget(self.until)
        self.last_filters.addStretch(1)

        self.signal_detail = SignalDetail(self)
        self.signal_detail.sig_correct.connect(self.correct)
        self.signal_detail.sig_share.connect(self.share)
        self.signal_detail.sig_open_youth.connect(
            lambda youth_id: self.sig_open_record.emit("youth", youth_id)
        )
        self.detail_layout.addWidget(self.signal_detail)

    def activate(self) -> None:
        wijken = configuration().places.wijken
        offer(self.wijk, [(w, w) for w in wijken], _("Alle wijken"))
        super().activate()

    def spec(self) -> SignalFilter:
        since = until = None
        if self.use_period.isChecked():
            since, until = period(self.since.date().toPython(), self.until.date().toPython())  # type: ignore[arg-type]
        return SignalFilter(
            text=self.search.text(),
            wijk=self.wijk.currentData(),
            category=self.category.currentData(),
            life_domain=self.life_domain.currentData(),
            severity=self.severity.currentData(),
            since=since,
            until=until,
        )

    def query(self) -> tuple[Fetch, Count]:
        spec = self.spec()
        return (
            lambda session, offset, limit: Signals(session).rows(spec, offset, limit),
            lambda session: Signals(session).count(spec),
        )

    def _period_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.reload()

    def show_record(self, record: Any) -> None:
        if not isinstance(record, SignalRow):
            self.signal_detail.show_view(None)
            return
        self.ops.run(
            lambda session: load_signal(session, record.id), on_success=self._show_view, owner=self
        )

    def _show_view(self, view: SignalView) -> None:
        selected = self.selected()
        if selected is None or selected.id == view.signal.id:
            self.signal_detail.show_view(view)

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        if not self.select_id(record_id):
            self.ops.run(
                lambda session: load_signal(session, record_id),
                on_success=self.signal_detail.show_view,
                owner=self,
            )

    def new_record(self) -> None:
        form = SignalForm(self.ops, self.window())
        form.sig_saved.connect(self._saved)
        form.show()

    def correct(self, signal: SignalRecord) -> None:
        form = SignalForm(self.ops, self.window(), correcting=signal)
        form.sig_saved.connect(self._saved)
        form.show()

    def share(self, view: SignalView) -> None:
        youths = [y for i in view.signal.youth_ids if (y := view.youths.get(i)) is not None]
        ShareDialog(self.ops, view.signal, youths, self.window()).show()

    def _saved(self, recorded: Recorded) -> None:
        """The list reloads by itself (:meth:`on_changes`); it then shows this signal."""
        self.follow(recorded.signal.id)

    def clear(self) -> None:
        super().clear()
        self.signal_detail.show_view(None)
