"""The signal form: built to record what you saw in under half a minute, keyboard only.

Every field is reachable with Tab in reading order; pick lists open and select by typing; the
time defaults to now and the place to your own wijk. A half-filled form is kept as a draft in
the vault (a crash or an auto-lock loses nothing). Ctrl+Enter saves; Esc asks before
discarding. The fields are declared once, in :meth:`SignalForm._lay_out` (a :class:`Binding`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from desktop.services.groups import Groups
from desktop.services.session import Session
from desktop.services.signals import Recorded, Signals
from desktop.services.youths import Youths
from desktop.views.binding import Binding
from desktop.views.date_edit import DateTimeField
from desktop.views.failure import report_failure
from desktop.views.field_values import choices, select
from desktop.views.form import dialog_buttons, error_label
from desktop.views.form_draft import FormDraft
from desktop.views.ops import Ops
from desktop.views.picker import GroupPicker, YouthPicker, describe_group, describe_youth
from veldwerk_core.i18n import _
from veldwerk_core.models import FollowUp, Group, LegalBasis, PlaceKind, Severity, SourceKind, Youth
from veldwerk_core.models import Signal as SignalRecord
from veldwerk_core.models.errors import FieldError, RecordInvalid, validate_record

FORM = "signal"
NEW_DRAFT = "signal:new"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Loaded:
    defaults: dict[str, Any]
    start: dict[str, Any] | None
    """What the form starts with: a draft, or the signal being corrected (record-shaped)."""
    from_draft: bool
    youths: dict[uuid.UUID, Youth]
    group: Group | None


PLACE_FIELDS = ("place_kind", "wijk", "hotspot", "platform")


def _record_shaped(draft: dict[str, Any] | None) -> dict[str, Any] | None:
    """A draft as the form now keeps it: drafts saved before the form binding kept the place
    flat (``place_kind``, ``wijk``...), now it is the record's ``place``."""
    if draft is None or "place" in draft or "place_kind" not in draft:
        return draft
    place = {name: draft.pop(name) for name in PLACE_FIELDS if name in draft}
    return {**draft, "place": place}


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
        self._defaults: dict[str, Any] = {}
        self._youths: dict[uuid.UUID, Youth] = {}
        self._known: Loaded | None = None
        self._group: Group | None = None
        self._touched: set[str] = set()
        self.binding = Binding(self)
        self.messages = self.binding.messages
        key = f"signal:correct:{correcting.id}" if correcting else NEW_DRAFT
        self.draft = FormDraft(ops, self.binding, key, FORM)
        self.setWindowTitle(_("Signaal corrigeren") if correcting else _("Nieuw signaal"))
        self.setMinimumSize(640, 560)
        with self.binding.muted():
            self._build()
            for youth in youths or []:
                self._add_youth(youth)
            if group is not None:
                self._set_group(group)
        self.binding.sig_edited.connect(self._edited)
        self._ops.run(self._load, on_success=self._loaded, owner=self)

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.occurred_at = DateTimeField(self)
        self.occurred_at.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.occurred_at.setCalendarPopup(True)
        self.occurred_at.setDateTime(QDateTime.currentDateTime())

        self.youth_picker = YouthPicker(self._ops, self, clear_on_pick=True)
        self.youth_picker.setObjectName("youthPicker")
        self.youth_picker.sig_picked.connect(self._add_youth)
        self.chosen = QListWidget(self)
        self.chosen.setMaximumHeight(70)
        self.chosen.hide()
        self.chosen.setToolTip(_("Delete haalt de gekozen jongere weg."))
        self.chosen.installEventFilter(self)
        self.group_picker = GroupPicker(self._ops, self)
        self.group_picker.sig_picked.connect(self._set_group)
        self.group_picker.textEdited.connect(self._group_text_edited)

        places = self._config.places
        self.place_kind = QComboBox(self)
        choices(self.place_kind, PlaceKind.options())
        self.wijk = QComboBox(self)
        self.wijk.addItem(_("— kies een wijk —"), "")
        choices(self.wijk, [(w, w) for w in places.wijken])
        self.hotspot = QComboBox(self)
        self.hotspot.setEditable(True)
        choices(self.hotspot, [(h.name, f"{h.name} ({h.wijk})") for h in places.hotspots], "")
        self.platform = QComboBox(self)
        self.platform.setEditable(True)
        choices(self.platform, [(p, p) for p in places.platforms], "")
        self.place_kind.currentIndexChanged.connect(self._place_kind_changed)
        self.hotspot.currentIndexChanged.connect(self._hotspot_chosen)

        taxonomy = self._config.taxonomy
        self.category = QComboBox(self)
        live = [(c.code, c.label) for c in taxonomy.categories if not c.retired]
        choices(self.category, live, _("— kies —"))
        self.life_domain = QComboBox(self)
        domains = [(d.code, d.label) for d in taxonomy.life_domains if not d.retired]
        choices(self.life_domain, domains, _("— kies —"))
        self.category.currentIndexChanged.connect(self._category_chosen)

        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(
            _("Wat zag of hoorde je? Alleen feiten, geen interpretatie.")
        )
        self.description.setMinimumHeight(90)

        self.source = QComboBox(self)
        choices(self.source, SourceKind.options())
        self.reported_by = QLineEdit(self)
        self.reported_by.setPlaceholderText(_("Wie meldde het? Bijvoorbeeld: mentor, buurtbewoner"))
        self.source.currentIndexChanged.connect(self._source_changed)

        self.severity = QComboBox(self)
        choices(self.severity, Severity.options(), _("— kies —"))
        self.follow_up = QComboBox(self)
        choices(self.follow_up, FollowUp.options())
        self.legal_basis = QComboBox(self)
        choices(self.legal_basis, LegalBasis.options(), _("— kies —"))
        self.sharing_purpose = QLineEdit(self)
        self.sharing_purpose.setPlaceholderText(_("Waarvoor mag dit gedeeld worden?"))
        self.youth_informed = QCheckBox(_("Jongere is geïnformeerd"), self)
        self.parents_informed = QCheckBox(_("Ouders zijn geïnformeerd"), self)
        self.correction_reason = QLineEdit(self)

        body = QWidget(self)
        body.setLayout(self._lay_out())
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
        self._place_kind_changed()
        self._source_changed()
        self.youth_picker.setFocus()

    def _lay_out(self) -> QFormLayout:
        """Every field of the form, once: its record path, its widget, its row."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        bind = self.binding
        bind.row(form, _("Wanneer"), "occurred_at", self.occurred_at, required=True)
        form.addRow(_("Jongeren"), self.youth_picker)
        bind.row(
            form,
            "",
            "youth_ids",
            self.chosen,
            read=lambda: [str(youth_id) for youth_id in self._youths],
            write=self._show_youths,
            edited=(),
            focus=self.youth_picker,
        )
        bind.row(
            form,
            _("Groep"),
            "group_id",
            self.group_picker,
            read=lambda: str(self._group.id) if self._group else None,
            write=self._show_group,
            edited=(),
        )
        place = QWidget(self)  # one widget: shown and hidden parts keep their width
        place_row = QHBoxLayout(place)
        place_row.setContentsMargins(0, 0, 0, 0)
        parts = []
        for name, widget in (
            ("place.place_kind", self.place_kind),
            ("place.wijk", self.wijk),
            ("place.hotspot", self.hotspot),
            ("place.platform", self.platform),
        ):
            parts.append(bind.add(name, widget))
            place_row.addWidget(widget, 0 if widget is self.place_kind else 1)
        bind.shared_row(form, _("Waar"), place, parts, required=True)
        bind.row(form, _("Categorie"), "category", self.category, required=True, skip_none=True)
        bind.row(
            form, _("Leefgebied"), "life_domain", self.life_domain, required=True, skip_none=True
        )
        bind.row(form, _("Wat gebeurde er"), "description", self.description, required=True)
        bind.row(form, _("Bron"), "source", self.source)
        bind.row(form, _("Gemeld door"), "reported_by", self.reported_by)
        bind.row(form, _("Ernst"), "severity", self.severity, required=True, skip_none=True)
        bind.row(form, _("Vervolgstap"), "follow_up", self.follow_up)
        bind.row(
            form,
            _("Grondslag voor delen"),
            "legal_basis",
            self.legal_basis,
            required=True,
            skip_none=True,
        )
        bind.row(form, _("Doel van delen"), "sharing_purpose", self.sharing_purpose)
        informed = QHBoxLayout()
        boxes = [
            bind.add("youth_informed", self.youth_informed),
            bind.add("parents_informed", self.parents_informed),
        ]
        informed.addWidget(self.youth_informed)
        informed.addWidget(self.parents_informed)
        informed.addStretch(1)
        bind.shared_row(form, _("Geïnformeerd"), informed, boxes)
        reason = bind.add("correction_reason", self.correction_reason)
        if self._correcting is not None:
            bind.shared_row(
                form, _("Reden van correctie"), self.correction_reason, [reason], required=True
            )
        else:
            self.correction_reason.hide()
        return form

    # -- state -----------------------------------------------------------------------------

    def _load(self, session: Session) -> Loaded:
        """Defaults, a saved draft, and the youths and group the draft or correction names."""
        draft = _record_shaped(self.draft.load(session))
        start = draft
        if start is None and self._correcting is not None:
            start = {**self._correcting.dump(), "correction_reason": ""}
        youths: dict[uuid.UUID, Youth] = {}
        group = None
        if start:
            youths = Youths(session).by_ids(uuid.UUID(value) for value in start["youth_ids"])
            if start.get("group_id"):
                group = Groups(session).find(uuid.UUID(start["group_id"]))
        return Loaded(Signals(session).defaults(), start, bool(draft), youths, group)

    def _loaded(self, loaded: Loaded) -> None:
        self._defaults = loaded.defaults
        self._known = loaded
        own_wijk = self._defaults.get("place", {}).get("wijk")
        if loaded.start is not None:
            self.binding.fill(loaded.start)
        elif own_wijk and not self.draft.dirty:
            self.binding.fill({"place": {"wijk": own_wijk}})
        if loaded.from_draft:
            self.status.setText(_("Je concept is teruggezet."))
        self.draft.dirty = loaded.from_draft

    def _show_youths(self, ids: list[str]) -> None:
        """Fill the youths a draft or correction names (loaded with it)."""
        known = self._known.youths if self._known else {}
        for value in ids:
            youth = known.get(uuid.UUID(value))
            if youth is not None:
                self._add_youth(youth)

    def _show_group(self, value: str | None) -> None:
        group = self._known.group if self._known else None
        if value and group is not None and str(group.id) == value:
            self._set_group(group)

    def state(self) -> dict[str, Any]:
        """Everything typed so far, as stored in a draft (shaped like the record)."""
        return self.binding.state()

    def data(self) -> dict[str, Any]:
        """The signal as the service takes it: only the place fields that belong to the place
        kind, a hotspot's own wijk, a reporter only for a report, and no value for a list
        that still says "kies"."""
        data = self.binding.values()
        place = data["place"]
        kind = place["place_kind"]
        if kind == PlaceKind.HOTSPOT.value:
            hotspot = next(
                (h for h in self._config.places.hotspots if h.name == place["hotspot"]), None
            )
            data["place"] = {
                "place_kind": kind,
                "wijk": hotspot.wijk if hotspot else place["wijk"],
                "hotspot": place["hotspot"],
            }
        elif kind == PlaceKind.ONLINE.value:
            data["place"] = {"place_kind": kind, "platform": place["platform"]}
        else:
            data["place"] = {"place_kind": kind, "wijk": place["wijk"]}
        if data["source"] != SourceKind.REPORTED.value:
            data["reported_by"] = ""
        data["description"] = data["description"].strip()
        if self._correcting is None:
            data.pop("correction_reason")
        return data

    # -- reactions -------------------------------------------------------------------------

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self._check_quietly()

    def _check_quietly(self) -> None:
        """Validate while typing; show messages only for fields the user has been in."""
        problems = []
        for error in self._problems():
            field = self.binding.field_of(error.field)
            if field is not None and field.name in self._touched:
                problems.append(error)
        self.binding.show_errors(problems, focus=False)

    def _problems(self) -> list[FieldError]:
        data = {**self._defaults, **self.data()}
        if self._correcting is not None:
            data["supersedes_id"] = str(self._correcting.id)
        try:
            validate_record(SignalRecord, data)
        except RecordInvalid as invalid:
            return list(invalid.errors)
        return []

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
        if category is not None and "life_domain" not in self._touched:
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
        self.binding.edited("youth_ids")

    def _remove_selected_youth(self) -> None:
        item = self.chosen.currentItem()
        if item is None:
            return
        self._youths.pop(item.data(ID_ROLE), None)
        self.chosen.takeItem(self.chosen.row(item))
        self.chosen.setVisible(self.chosen.count() > 0)
        self.youth_picker.exclude(self._youths)
        self.binding.edited("youth_ids")

    def _set_group(self, group: Group) -> None:
        self._group = group
        self.group_picker.setText(describe_group(group))
        self.binding.edited("group_id")

    def _group_text_edited(self, text: str) -> None:
        if not text.strip() and self._group is not None:
            self._group = None
            self.binding.edited("group_id")

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
        problems = self._problems()
        if problems:
            self.draft.save()
            self._failed(RecordInvalid(SignalRecord.label, problems))
            return
        self.save_button.setEnabled(False)
        self.status.setText(_("Bezig met opslaan…"))
        data, key, correcting = self.data(), self.draft.key, self._correcting

        def work(session: Session) -> Recorded:
            signals = Signals(session)
            if correcting is not None:
                reason = data.pop("correction_reason")
                return signals.correct(correcting.id, data, reason, draft_key=key)
            return signals.record(data, draft_key=key)

        self._ops.run(work, on_success=self._saved, on_failure=self._failed, owner=self)

    def _saved(self, recorded: Recorded) -> None:
        self.draft.done()
        self.sig_saved.emit(recorded)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.clear()
        report_failure(self._ops, error, self.error, self.binding)

    def save_draft(self) -> None:
        self.draft.save()

    def stash_for_lock(self) -> None:
        """The vault is locking: keep what was typed as a draft and close without asking."""
        self.draft.save()
        self.draft.done()
        self.close()

    def reject(self) -> None:
        if self.draft.dirty:
            answer = QMessageBox.question(
                self,
                _("Signaal weggooien?"),
                _("Je hebt nog niet opgeslagen. Wil je dit signaal weggooien?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
            self.draft.discard()
        self.draft.done()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.draft.save()  # then QDialog asks through reject(), as Esc does
        super().closeEvent(event)
