"""The signal form: built to record what you saw in under half a minute, keyboard only.

Every field is reachable with Tab in reading order; pick lists open and select by typing; the
time defaults to now and the place to your own wijk. A half-filled form is kept as a draft in
the vault (a crash or an auto-lock loses nothing). Ctrl+Enter saves; Esc asks before
discarding.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.config import configuration
from desktop.services.drafts import Drafts
from desktop.services.errors import VaultLocked, VeldwerkError
from desktop.services.signals import Recorded, Signals
from desktop.services.youths import Youths
from desktop.views.form import FieldMessage, dialog_buttons, error_label, show_field_errors
from desktop.views.ops import Ops
from desktop.views.picker import GroupPicker, YouthPicker, describe_group, describe_youth
from desktop.views.signals.form_state import Loaded, choices, select, signal_data, state_of
from veldwerk_core.i18n import _
from veldwerk_core.models import FollowUp, Group, LegalBasis, PlaceKind, Severity, SourceKind, Youth
from veldwerk_core.models import Signal as SignalRecord
from veldwerk_core.models.errors import FieldError, RecordInvalid, validate_record

log = logging.getLogger("veldwerk.ui")

FORM = "signal"
NEW_DRAFT = "signal:new"
DRAFT_DELAY_MS = 800
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _draft_not_saved(error: BaseException) -> None:
    """A draft is a convenience: when the vault is already locked there is nothing to save to."""
    if not isinstance(error, VaultLocked):
        log.warning("draft not saved: %s", type(error).__name__)


class SignalForm(QDialog):
    sig_saved = Signal(object)
    """A :class:`Recorded` after a successful save."""

    def __init__(
        self,
        ops: Ops,
        parent: QWidget | None = None,
        *,
        youths: list[Youth] | None = None,
        group: Group | None = None,
        correcting: SignalRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._config = configuration()
        self._correcting = correcting
        self._draft_key = f"signal:correct:{correcting.id}" if correcting else NEW_DRAFT
        self._defaults: dict[str, Any] = {}
        self._youths: dict[uuid.UUID, Youth] = {}
        self._group: Group | None = None
        self._touched: set[str] = set()
        self._dirty = False
        self._loading = True
        self.setWindowTitle(_("Signaal corrigeren") if correcting else _("Nieuw signaal"))
        self.setMinimumSize(640, 560)
        self._build()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        for youth in youths or []:
            self._add_youth(youth)
        if group is not None:
            self._set_group(group)
        self._ops.run(self._load, on_success=self._loaded, owner=self)

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.occurred_at = QDateTimeEdit(self)
        self.occurred_at.setObjectName("occurredAt")
        self.occurred_at.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.occurred_at.setCalendarPopup(True)
        self.occurred_at.setDateTime(QDateTime.currentDateTime())

        self.youth_picker = YouthPicker(self._ops, self, clear_on_pick=True)
        self.youth_picker.setObjectName("youthPicker")
        self.youth_picker.sig_picked.connect(self._add_youth)
        self.chosen = QListWidget(self)
        self.chosen.setObjectName("chosenYouths")
        self.chosen.setMaximumHeight(70)
        self.chosen.hide()
        self.chosen.setToolTip(_("Delete haalt de gekozen jongere weg."))
        self.chosen.installEventFilter(self)
        self.group_picker = GroupPicker(self._ops, self)
        self.group_picker.setObjectName("groupPicker")
        self.group_picker.sig_picked.connect(self._set_group)
        self.group_picker.textEdited.connect(self._group_text_edited)

        self.place_kind = QComboBox(self)
        self.place_kind.setObjectName("placeKind")
        choices(self.place_kind, PlaceKind.options())
        self.wijk = QComboBox(self)
        self.wijk.setObjectName("wijk")
        choices(self.wijk, [(w, w) for w in self._config.places.wijken], _("— kies een wijk —"))
        self.hotspot = QComboBox(self)
        self.hotspot.setObjectName("hotspot")
        self.hotspot.setEditable(True)
        choices(
            self.hotspot,
            [(h.name, f"{h.name} ({h.wijk})") for h in self._config.places.hotspots],
            "",
        )
        self.platform = QComboBox(self)
        self.platform.setObjectName("platform")
        self.platform.setEditable(True)
        choices(self.platform, [(p, p) for p in self._config.places.platforms], "")
        self.place_kind.currentIndexChanged.connect(self._place_kind_changed)
        self.hotspot.currentIndexChanged.connect(self._hotspot_chosen)

        taxonomy = self._config.taxonomy
        self.category = QComboBox(self)
        self.category.setObjectName("category")
        choices(
            self.category,
            [(c.code, c.label) for c in taxonomy.categories if not c.retired],
            _("— kies —"),
        )
        self.life_domain = QComboBox(self)
        self.life_domain.setObjectName("lifeDomain")
        choices(
            self.life_domain,
            [(d.code, d.label) for d in taxonomy.life_domains if not d.retired],
            _("— kies —"),
        )
        self.category.currentIndexChanged.connect(self._category_chosen)

        self.description = QPlainTextEdit(self)
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(
            _("Wat zag of hoorde je? Alleen feiten, geen interpretatie.")
        )
        self.description.setMinimumHeight(90)

        self.source = QComboBox(self)
        self.source.setObjectName("source")
        choices(self.source, SourceKind.options())
        self.reported_by = QLineEdit(self)
        self.reported_by.setObjectName("reportedBy")
        self.reported_by.setPlaceholderText(_("Wie meldde het? Bijvoorbeeld: mentor, buurtbewoner"))
        self.source.currentIndexChanged.connect(self._source_changed)

        self.severity = QComboBox(self)
        self.severity.setObjectName("severity")
        choices(self.severity, Severity.options(), _("— kies —"))
        self.follow_up = QComboBox(self)
        self.follow_up.setObjectName("followUp")
        choices(self.follow_up, FollowUp.options())
        self.legal_basis = QComboBox(self)
        self.legal_basis.setObjectName("legalBasis")
        choices(self.legal_basis, LegalBasis.options(), _("— kies —"))
        self.sharing_purpose = QLineEdit(self)
        self.sharing_purpose.setObjectName("sharingPurpose")
        self.sharing_purpose.setPlaceholderText(_("Waarvoor mag dit gedeeld worden?"))
        self.youth_informed = QCheckBox(_("Jongere is geïnformeerd"), self)
        self.youth_informed.setObjectName("youthInformed")
        self.parents_informed = QCheckBox(_("Ouders zijn geïnformeerd"), self)
        self.parents_informed.setObjectName("parentsInformed")
        self.correction_reason = QLineEdit(self)
        self.correction_reason.setObjectName("correctionReason")

        names = [
            "occurred_at",
            "youth_ids",
            "group_id",
            "place",
            "place.wijk",
            "place.hotspot",
            "place.platform",
            "category",
            "life_domain",
            "description",
            "source",
            "reported_by",
            "severity",
            "follow_up",
            "legal_basis",
            "sharing_purpose",
            "correction_reason",
        ]
        self.messages = {name: FieldMessage(self) for name in names}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        def row(label: str, widget: QWidget, *fields: str) -> None:
            form.addRow(label, widget)
            for field in fields:
                form.addRow("", self.messages[field])

        row(_("Wanneer") + " *", self.occurred_at, "occurred_at")
        row(_("Jongeren"), self.youth_picker)
        row("", self.chosen, "youth_ids")
        row(_("Groep"), self.group_picker, "group_id")
        place = QHBoxLayout()
        for widget in (self.place_kind, self.wijk, self.hotspot, self.platform):
            place.addWidget(widget, 1 if widget is not self.place_kind else 0)
        place_widget = QWidget(self)
        place_widget.setLayout(place)
        place.setContentsMargins(0, 0, 0, 0)
        row(
            _("Waar") + " *", place_widget, "place", "place.wijk", "place.hotspot", "place.platform"
        )
        row(_("Categorie") + " *", self.category, "category")
        row(_("Leefgebied") + " *", self.life_domain, "life_domain")
        row(_("Wat gebeurde er") + " *", self.description, "description")
        row(_("Bron"), self.source, "source")
        row(_("Gemeld door"), self.reported_by, "reported_by")
        row(_("Ernst") + " *", self.severity, "severity")
        row(_("Vervolgstap"), self.follow_up, "follow_up")
        row(_("Grondslag voor delen") + " *", self.legal_basis, "legal_basis")
        row(_("Doel van delen"), self.sharing_purpose, "sharing_purpose")
        informed = QHBoxLayout()
        informed.addWidget(self.youth_informed)
        informed.addWidget(self.parents_informed)
        informed.addStretch(1)
        form.addRow(_("Geïnformeerd"), informed)
        if self._correcting is not None:
            row(_("Reden van correctie") + " *", self.correction_reason, "correction_reason")
        else:
            self.correction_reason.hide()

        body = QWidget(self)
        body.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.status = QLabel(self)
        self.status.setObjectName("formStatus")
        self.error = error_label(self)
        buttons, self.save_button = dialog_buttons(
            self, _("Opslaan (Ctrl+Enter)"), "saveSignal", self.save, _("Annuleren")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            QShortcut(QKeySequence(keys), self, self.save)

        for widget in (
            self.place_kind,
            self.wijk,
            self.hotspot,
            self.platform,
            self.category,
            self.life_domain,
            self.source,
            self.severity,
            self.follow_up,
            self.legal_basis,
        ):
            widget.currentIndexChanged.connect(self._edited)
        for widget in (self.hotspot, self.platform):
            widget.editTextChanged.connect(self._edited)
        for line in (self.reported_by, self.sharing_purpose, self.correction_reason):
            line.textEdited.connect(self._edited)
        self.description.textChanged.connect(self._edited)
        self.occurred_at.dateTimeChanged.connect(self._edited)
        for box in (self.youth_informed, self.parents_informed):
            box.toggled.connect(self._edited)
        self._place_kind_changed()
        self._source_changed()
        self.youth_picker.setFocus()

    # -- state -----------------------------------------------------------------------------

    def _load(self, session: Any) -> Loaded:
        """Defaults, a saved draft, and the youths and group the draft or correction names."""
        draft = Drafts(session).load(self._draft_key)
        start = draft or (state_of(self._correcting) if self._correcting else None)
        youths: dict[uuid.UUID, Youth] = {}
        group = None
        if start:
            youths = Youths(session).by_ids(uuid.UUID(value) for value in start["youth_ids"])
            if start.get("group_id"):
                group = session.records.get(Group, uuid.UUID(start["group_id"]))
        return Loaded(Signals(session).defaults(), start, bool(draft), youths, group)

    def _loaded(self, loaded: Loaded) -> None:
        self._defaults = loaded.defaults
        if loaded.start is None and not self._dirty:
            wijk = self._defaults.get("place", {}).get("wijk")
            if wijk:
                select(self.wijk, wijk)
        if loaded.start is not None:
            self._fill(loaded.start)
            self._loading = True
            for value in loaded.start["youth_ids"]:
                youth = loaded.youths.get(uuid.UUID(value))
                if youth is not None:
                    self._add_youth(youth)
            if loaded.group is not None:
                self._set_group(loaded.group)
        if loaded.from_draft:
            self.status.setText(_("Je concept is teruggezet."))
        self._loading = False
        self._dirty = loaded.from_draft

    def state(self) -> dict[str, Any]:
        """Everything typed so far, as stored in a draft."""
        return {
            "occurred_at": self._occurred().isoformat(),
            "youth_ids": [str(youth_id) for youth_id in self._youths],
            "group_id": str(self._group.id) if self._group else None,
            "place_kind": self.place_kind.currentData(),
            "wijk": self.wijk.currentData() or "",
            "hotspot": self._combo_text(self.hotspot),
            "platform": self._combo_text(self.platform),
            "category": self.category.currentData(),
            "life_domain": self.life_domain.currentData(),
            "description": self.description.toPlainText(),
            "source": self.source.currentData(),
            "reported_by": self.reported_by.text(),
            "severity": self.severity.currentData(),
            "follow_up": self.follow_up.currentData(),
            "legal_basis": self.legal_basis.currentData(),
            "sharing_purpose": self.sharing_purpose.text(),
            "youth_informed": self.youth_informed.isChecked(),
            "parents_informed": self.parents_informed.isChecked(),
            "correction_reason": self.correction_reason.text(),
        }

    def _fill(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            if state.get("occurred_at"):
                moment = datetime.fromisoformat(state["occurred_at"]).astimezone()
                self.occurred_at.setDateTime(QDateTime(moment.replace(tzinfo=None)))
            select(self.place_kind, state.get("place_kind"))
            select(self.wijk, state.get("wijk"))
            select(self.hotspot, state.get("hotspot"))
            select(self.platform, state.get("platform"))
            select(self.category, state.get("category"))
            select(self.life_domain, state.get("life_domain"))
            self.description.setPlainText(state.get("description", ""))
            select(self.source, state.get("source"))
            self.reported_by.setText(state.get("reported_by", ""))
            select(self.severity, state.get("severity"))
            select(self.follow_up, state.get("follow_up"))
            select(self.legal_basis, state.get("legal_basis"))
            self.sharing_purpose.setText(state.get("sharing_purpose", ""))
            self.youth_informed.setChecked(bool(state.get("youth_informed")))
            self.parents_informed.setChecked(bool(state.get("parents_informed")))
            self.correction_reason.setText(state.get("correction_reason", ""))
        finally:
            self._loading = False

    def data(self) -> dict[str, Any]:
        """The signal as the service takes it."""
        return signal_data(
            self.state(), self._config.places, correcting=self._correcting is not None
        )

    # -- reactions -------------------------------------------------------------------------

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self._dirty = True
        sender = self.sender()
        if sender is not None and sender.objectName():
            self._touched.add(sender.objectName())
        self._draft_timer.start()
        self._check_quietly()

    def _check_quietly(self) -> None:
        """Validate while typing; show messages only for fields the user has been in."""
        names = {
            "occurredAt": "occurred_at",
            "description": "description",
            "reportedBy": "reported_by",
            "sharingPurpose": "sharing_purpose",
            "correctionReason": "correction_reason",
        }
        touched = {names.get(name, name) for name in self._touched}
        errors = self._problems()
        show_field_errors(self.messages, [e for e in errors if e.field.split(".")[0] in touched])

    def _problems(self) -> list[FieldError]:
        data = {**self._defaults, **self.data()}
        if self._correcting is not None:
            data["supersedes_id"] = str(self._correcting.id)
        try:
            validate_record(SignalRecord, data)
        except RecordInvalid as invalid:
            return list(invalid.errors)
        return []

    def _occurred(self) -> datetime:
        moment = self.occurred_at.dateTime().toPython()
        assert isinstance(moment, datetime)
        return moment.astimezone()

    @staticmethod
    def _combo_text(combo: QComboBox) -> str:
        data = combo.currentData()
        text = combo.currentText().strip()
        return str(data) if data and combo.itemText(combo.currentIndex()) == text else text

    def _place_kind_changed(self, *_args: object) -> None:
        kind = self.place_kind.currentData()
        self.wijk.setVisible(kind in (PlaceKind.WIJK.value, PlaceKind.HOTSPOT.value))
        self.hotspot.setVisible(kind == PlaceKind.HOTSPOT.value)
        self.platform.setVisible(kind == PlaceKind.ONLINE.value)

    def _hotspot_chosen(self, *_args: object) -> None:
        hotspot = next(
            (h for h in self._config.places.hotspots if h.name == self.hotspot.currentData()), None
        )
        if hotspot is not None:
            select(self.wijk, hotspot.wijk)

    def _category_chosen(self, *_args: object) -> None:
        category = self._config.taxonomy.category(str(self.category.currentData()))
        if category is not None and "lifeDomain" not in self._touched:
            select(self.life_domain, category.life_domain)

    def _source_changed(self, *_args: object) -> None:
        self.reported_by.setEnabled(self.source.currentData() == SourceKind.REPORTED.value)

    def _add_youth(self, youth: Youth) -> None:
        if youth.id in self._youths:
            return
        self._youths[youth.id] = youth
        item = QListWidgetItem(describe_youth(youth))
        item.setData(ID_ROLE, youth.id)
        self.chosen.addItem(item)
        self.chosen.show()
        self.youth_picker.exclude(self._youths)
        self._edited()

    def _remove_selected_youth(self) -> None:
        item = self.chosen.currentItem()
        if item is None:
            return
        self._youths.pop(item.data(ID_ROLE), None)
        self.chosen.takeItem(self.chosen.row(item))
        self.chosen.setVisible(self.chosen.count() > 0)
        self.youth_picker.exclude(self._youths)
        self._edited()

    def _set_group(self, group: Group) -> None:
        self._group = group
        self.group_picker.setText(describe_group(group))
        self._edited()

    def _group_text_edited(self, text: str) -> None:
        if not text.strip() and self._group is not None:
            self._group = None
            self._edited()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
        if (
            watched is self.chosen
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._remove_selected_youth()
                return True
        return super().eventFilter(watched, event)

    # -- saving, drafts, leaving -----------------------------------------------------------

    def save(self) -> None:
        self._draft_timer.stop()
        problems = self._problems()
        if problems:
            self._show_problems(problems)
            return
        self.save_button.setEnabled(False)
        self.status.setText(_("Bezig met opslaan…"))
        data, key, correcting = self.data(), self._draft_key, self._correcting

        def work(session: Any) -> Recorded:
            signals = Signals(session)
            if correcting is not None:
                reason = data.pop("correction_reason")
                recorded = signals.correct(correcting.id, data, reason)
            else:
                recorded = signals.record(data)
            Drafts(session).discard(key)
            return recorded

        self._ops.run(work, on_success=self._saved, on_failure=self._failed, owner=self)

    def _saved(self, recorded: Recorded) -> None:
        self._dirty = False
        self.sig_saved.emit(recorded)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.clear()
        if isinstance(error, RecordInvalid):
            self._show_problems(list(error.errors))
        elif isinstance(error, VeldwerkError):
            self.error.setText(error.user_message())
        else:
            self._ops.sig_error.emit(error)

    def _show_problems(self, problems: list[FieldError]) -> None:
        rest = show_field_errors(self.messages, problems)
        self.error.setText(
            "\n".join(rest) if rest else _("Niet alles is goed ingevuld; zie de velden hierboven.")
        )
        widgets = {
            "occurred_at": self.occurred_at,
            "youth_ids": self.youth_picker,
            "place": self.place_kind,
            "category": self.category,
            "life_domain": self.life_domain,
            "description": self.description,
            "reported_by": self.reported_by,
            "severity": self.severity,
            "legal_basis": self.legal_basis,
            "correction_reason": self.correction_reason,
        }
        first = widgets.get(problems[0].field.split(".")[0])
        if first is not None:
            first.setFocus()

    def save_draft(self) -> None:
        if not self._dirty:
            return
        key, state = self._draft_key, self.state()
        self._ops.run(
            lambda session: Drafts(session).save(key, FORM, state),
            on_failure=_draft_not_saved,
        )

    def stash_for_lock(self) -> None:
        """The vault is locking: keep what was typed as a draft and close without asking."""
        self.save_draft()
        self._dirty = False
        self.close()

    def reject(self) -> None:
        if self._dirty:
            answer = QMessageBox.question(
                self,
                _("Signaal weggooien?"),
                _("Je hebt nog niet opgeslagen. Wil je dit signaal weggooien?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
            key = self._draft_key
            self._ops.run(lambda session: Drafts(session).discard(key))
        self._dirty = False
        self._draft_timer.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._dirty:
            self.save_draft()
        self._draft_timer.stop()
        super().closeEvent(event)
