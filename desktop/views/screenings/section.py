"""The Screenings section: the list with search-as-you-type, the result of the selected
screening, and the pages for filling in a checklist and for a youth's history."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.screening_history import History
from desktop.services.screenings import Opened, ScreeningRow, Screenings
from desktop.services.session import Session
from desktop.views.dates import dutch_date
from desktop.views.ops import Ops
from desktop.views.screenings.dialogs import ExternalResultDialog, NewScreeningDialog
from desktop.views.screenings.fill_form import FillForm
from desktop.views.screenings.history_view import HistoryView
from desktop.views.screenings.instruments_dialog import InstrumentsDialog
from desktop.views.screenings.render import youth_name
from desktop.views.screenings.result_view import ResultView
from desktop.views.section import Section
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.instrument import Instrument
from veldwerk_core.models.screening import ScreeningStatus
from veldwerk_core.models.youth import Youth

ID_ROLE = Qt.ItemDataRole.UserRole + 1
BROWSE, FILL, HISTORY = range(3)


class ScreeningsSection(Section):
    title = N_("Screenings")
    kinds = ("screening",)
    shows = ("youth", "instrument")

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self._generation = 0
        self.instruments: list[Instrument] = []
        self.rows: list[ScreeningRow] = []

        self.search = QLineEdit(self)
        self.search.setObjectName("screeningSearch")
        self.search.setPlaceholderText(_("Zoek op jongere, instrument of uitkomst…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Zoeken in screenings"))
        self.search.textChanged.connect(self.refresh)
        self.search.installEventFilter(self)
        self.new_button = QPushButton(_("&Nieuwe screening"), self)
        self.new_button.setObjectName("newScreening")
        self.new_button.clicked.connect(lambda: self.new_screening())
        self.external_button = QPushButton(_("E&xterne uitslag"), self)
        self.external_button.setObjectName("newExternal")
        self.external_button.clicked.connect(lambda: self.new_external())
        self.instruments_button = QPushButton(_("&Instrumenten…"), self)
        self.instruments_button.clicked.connect(self.show_instruments)

        self.list = QTreeWidget(self)
        self.list.setObjectName("screeningList")
        self.list.setColumnCount(4)
        self.list.setHeaderLabels([_("Datum"), _("Jongere"), _("Uitkomst"), _("Instrument")])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        self.list.currentItemChanged.connect(self._selected)
        self.summary = QLabel(self)
        self.summary.setObjectName("screeningSummary")
        self.result = ResultView(self)
        self.sync_badge = self.make_sync_badge()
        self.result.sig_history.connect(self._history_of)
        self.result.sig_repeat.connect(self._repeat)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.external_button)
        top.addWidget(self.instruments_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.sync_badge)
        right_layout.addWidget(self.result, 1)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 620])
        splitter.setChildrenCollapsible(False)
        browse = QWidget(self)
        browse_layout = QVBoxLayout(browse)
        browse_layout.setContentsMargins(0, 0, 0, 0)
        browse_layout.addLayout(top)
        browse_layout.addWidget(splitter, 1)

        self.form = FillForm(ops, self)
        self.form.sig_completed.connect(self._completed)
        self.form.sig_closed.connect(self._form_closed)
        self.history = HistoryView(self)
        self.history.sig_back.connect(self.show_browse)
        self.history.sig_open.connect(
            lambda screening_id: self.open_record("screening", screening_id)
        )
        self.pages = QStackedWidget(self)
        for page in (browse, self.form, self.history):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{_('Screenings')}</h2>", self))
        layout.addWidget(self.pages, 1)
        self._shortcut("Ctrl+Shift+N", self.new_button, lambda: self.new_screening())
        self._shortcut("Ctrl+Shift+E", self.external_button, lambda: self.new_external())
        self._shortcut("Ctrl+H", self.result.history_button, self.result.history_button.click)

    def _shortcut(self, sequence: str, button: QPushButton, slot: Callable[[], None]) -> None:
        """A key for a button of the section (besides its Alt mnemonic), shown in its tooltip."""
        shortcut = QShortcut(QKeySequence(sequence), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        button.setToolTip(QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText))

    # -- the section's duties ------------------------------------------------------------

    def activate(self) -> None:
        def load(session: Session) -> tuple[list[Instrument], list[ScreeningRow]]:
            screenings = Screenings(session)
            screenings.instruments.ensure_examples()
            return screenings.instruments.latest(), screenings.search(text)

        text = self.search.text()
        self._generation += 1
        generation = self._generation
        self.ops.run(load, on_success=lambda loaded: self._loaded(generation, *loaded), owner=self)

    def clear(self) -> None:
        self.form.flush()
        self.form.reset()
        self.history.clear()
        self.result.clear()
        self.sync_badge.clear()
        self._generation += 1
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.list.clear()
        self.rows = []
        self.summary.clear()
        self.pages.setCurrentIndex(BROWSE)

    def content_widget(self) -> QWidget:
        return self.list

    def focus_search(self) -> bool:
        self.show_browse()
        self.search.setFocus()
        self.search.selectAll()
        return True

    def open_record(self, kind: str, record_id: UUID) -> None:
        if kind not in self.kinds:
            return
        self.ops.run(
            lambda session: Screenings(session).opened(record_id),
            on_success=self._show_opened,
            owner=self,
        )

    # -- the list ------------------------------------------------------------------------

    def refresh(self) -> None:
        text = self.search.text()
        self._generation += 1
        generation = self._generation
        self.ops.run(
            lambda session: Screenings(session).search(text),
            on_success=lambda rows: self._show_rows(generation, rows),
            owner=self,
        )

    def _loaded(
        self, generation: int, instruments: list[Instrument], rows: list[ScreeningRow]
    ) -> None:
        self.instruments = instruments
        self._show_rows(generation, rows)

    def _show_rows(self, generation: int, rows: list[ScreeningRow]) -> None:
        if generation != self._generation:
            return
        selected = self._current_id()
        self.rows = rows
        self.list.clear()
        for row in rows:
            screening = row.screening
            status = _("Concept") if row.is_draft else screening.band_label
            item = QTreeWidgetItem(
                self.list,
                [
                    dutch_date(screening.screened_on),
                    youth_name(row.youth),
                    status,
                    screening.title + (" " + _("(extern)") if screening.is_external else ""),
                ],
            )
            item.setData(0, ID_ROLE, screening.id)
            if row.is_draft:
                font = item.font(2)
                font.setItalic(True)
                item.setFont(2, font)
            if screening.id == selected:
                self.list.setCurrentItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        shown = self.result.opened
        if shown is not None and self.pages.currentIndex() == BROWSE:
            self.sync_badge.show_for("screening", shown.screening.id)  # e.g. after a sync
        self.summary.setText(
            _("{n} screenings", n=len(rows)) if rows else _("Geen screenings gevonden.")
        )

    def _current_id(self) -> UUID | None:
        item = self.list.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def _row(self, screening_id: UUID) -> ScreeningRow | None:
        return next((row for row in self.rows if row.screening.id == screening_id), None)

    def _selected(self, current: QTreeWidgetItem | None, _previous: object = None) -> None:
        if current is None:
            return
        row = self._row(current.data(0, ID_ROLE))
        shown = self.result.opened
        if shown is not None and row is not None and shown.screening.id == row.screening.id:
            return
        if row is not None and not row.is_draft:
            self.open_record("screening", row.screening.id)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        row = self._row(item.data(0, ID_ROLE))
        if row is None:
            return
        if row.is_draft:
            self.open_record("screening", row.screening.id)
        else:
            self.result.browser.setFocus()

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802 - Qt API
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.list.setFocus()
            first = self.list.topLevelItem(0)
            if self.list.currentItem() is None and first is not None:
                self.list.setCurrentItem(first)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    # -- pages ---------------------------------------------------------------------------

    def show_browse(self) -> None:
        self.pages.setCurrentIndex(BROWSE)
        self.list.setFocus()

    def _show_opened(self, opened: Opened) -> None:
        if opened.screening.status is ScreeningStatus.DRAFT:
            if opened.instrument is None:
                self._show_result(opened)
                return
            self.form.load(opened)
            self.pages.setCurrentIndex(FILL)
            self.form.focus_first_open()
            return
        self.pages.setCurrentIndex(BROWSE)
        self._show_result(opened)

    def _show_result(self, opened: Opened) -> None:
        """The screening (or external result) with its sync status."""
        self.result.show_screening(opened)
        self.sync_badge.show_for("screening", opened.screening.id)

    def _completed(self, opened: Opened) -> None:
        """Show the stored result; the list reloads by itself (:meth:`on_changes`)."""
        self.pages.setCurrentIndex(BROWSE)
        self._show_result(opened)
        self.result.browser.setFocus()

    def _form_closed(self) -> None:
        self.show_browse()
        self.refresh()

    def _history_of(self, opened: Opened | None) -> None:
        if opened is None:
            return
        youth_id = opened.screening.youth_id
        self.ops.run(
            lambda session: Screenings(session).history(youth_id),
            on_success=lambda history: self._show_history(opened.youth, history),
            owner=self,
        )

    def _show_history(self, youth: Youth | None, history: History) -> None:
        self.history.show_history(youth, history)
        self.pages.setCurrentIndex(HISTORY)

    def _repeat(self, opened: Opened | None) -> None:
        if opened is not None and opened.screening.instrument_key is not None:
            self.new_screening(opened.youth, opened.screening.instrument_key)

    # -- dialogs -------------------------------------------------------------------------

    def new_screening(self, youth: Youth | None = None, instrument_key: str | None = None) -> None:
        dialog = NewScreeningDialog(self.ops, self.instruments, youth, instrument_key, self)
        dialog.sig_started.connect(self._show_opened)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def new_external(self, youth: Youth | None = None) -> None:
        dialog = ExternalResultDialog(self.ops, youth, self)
        dialog.sig_recorded.connect(self._completed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_instruments(self) -> None:
        session = self.ops.session
        dialog = InstrumentsDialog(self.ops, session.profile.role if session else None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
