"""One signal in full: what, where, who, why it may be shared - and every earlier version."""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop.models.listing import SignalRow
from desktop.services import retention
from desktop.services.config import configuration
from desktop.services.groups import Groups
from desktop.services.session import Session
from desktop.services.shares import SharedSignal, Shares
from desktop.services.signals import Signals
from desktop.services.youths import Youths
from desktop.views.dates import dutch_date, dutch_datetime
from desktop.views.retention_note import destruction_text
from veldwerk_core.i18n import _
from veldwerk_core.models import FollowUp, Group, LegalBasis, Severity, SourceKind, Youth
from veldwerk_core.models import Signal as SignalRecord
from veldwerk_core.models.signal import PlaceKind


@dataclass(frozen=True)
class SignalView:
    signal: SignalRecord
    versions: list[SignalRecord]
    youths: dict[uuid.UUID, Youth]
    group: Group | None
    replaced: bool
    """A later correction replaced this version."""
    shares: list[SharedSignal] = field(default_factory=list)
    """With whom this signal was shared (or who shared it with the user's organisation)."""
    destroyed_on: date | None = None
    """The day the retention rules destroy it."""


def load_signal(session: Session, signal_id: uuid.UUID) -> SignalView:
    """Everything the detail shows; opening it is an audited read."""
    signals = Signals(session)
    signal = signals.open(signal_id)
    versions = signals.versions(signal_id)
    youths = Youths(session).by_ids(signal.youth_ids)
    group = Groups(session).find(signal.group_id) if signal.group_id else None
    replaced = bool(signals.superseded([signal_id]))
    destroyed_on = retention.destruction_date(session, SignalRecord.kind, signal_id)
    shares = Shares(session).for_signal(signal_id)
    return SignalView(signal, versions, youths, group, replaced, shares, destroyed_on)


def place_text(signal: SignalRecord) -> str:
    place = signal.place
    if place.place_kind is PlaceKind.ONLINE:
        return _("Online: {platform}", platform=place.platform)
    if place.place_kind is PlaceKind.HOTSPOT:
        return f"{place.hotspot} ({place.wijk})" if place.wijk else place.hotspot
    return place.wijk


def row_place_text(row: SignalRow) -> str:
    """The place of a list row, written as :func:`place_text` writes it."""
    if row.place_kind == PlaceKind.ONLINE.value:
        return _("Online: {platform}", platform=row.platform)
    if row.place_kind == PlaceKind.HOTSPOT.value:
        return f"{row.hotspot} ({row.wijk})" if row.wijk else row.hotspot
    return row.wijk


def category_text(code: str) -> str:
    category = configuration().taxonomy.category(code)
    return category.label if category else code


def domain_text(code: str) -> str:
    domain = configuration().taxonomy.life_domain(code)
    return domain.label if domain else code


class SignalDetail(QWidget):
    sig_correct = Signal(object)
    """The user wants to correct this signal (the :class:`Signal`)."""
    sig_open_youth = Signal(object)
    sig_share = Signal(object)
    """The user wants to share this signal (the :class:`SignalView`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: SignalView | None = None
        self.text = QTextBrowser(self)
        self.text.setObjectName("signalDetail")
        self.text.setAccessibleName(_("Gekozen signaal"))
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._link)
        self.correct_button = QPushButton(_("Corrigeren…"), self)
        self.correct_button.setObjectName("correctSignal")
        self.correct_button.clicked.connect(
            lambda: self.view and self.sig_correct.emit(self.view.signal)
        )
        self.share_button = QPushButton(_("&Delen…"), self)
        self.share_button.setObjectName("shareSignal")
        self.share_button.clicked.connect(lambda: self.view and self.sig_share.emit(self.view))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.share_button)
        buttons.addWidget(self.correct_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.show_view(None)

    def show_view(self, view: SignalView | None) -> None:
        self.view = view
        self.correct_button.setEnabled(view is not None and not view.replaced)
        self.share_button.setEnabled(view is not None and not view.replaced)
        if view is None:
            self.text.setHtml(f"<p>{_('Kies een signaal in de lijst.')}</p>")
            return
        self.text.setHtml(render(view))

    def _link(self, url: Any) -> None:
        target = url.toString()
        if target.startswith("youth:"):
            self.sig_open_youth.emit(uuid.UUID(target.removeprefix("youth:")))


def _row(label: str, value: str) -> str:
    return f"<tr><th align='left' valign='top'>{html.escape(label)}</th><td>{value}</td></tr>"


def render(view: SignalView) -> str:
    signal = view.signal
    youths = ", ".join(
        f"<a href='youth:{youth.id}'>{html.escape(youth.name_with_age())}</a>"
        for youth in (view.youths.get(youth_id) for youth_id in signal.youth_ids)
        if youth is not None
    )
    source = SourceKind(signal.source).label
    if signal.reported_by:
        source += f": {signal.reported_by}"
    informed = [
        label
        for flag, label in (
            (signal.youth_informed, _("jongere")),
            (signal.parents_informed, _("ouders")),
        )
        if flag
    ]
    rows = [
        _row(_("Wanneer"), html.escape(dutch_datetime(signal.occurred_at))),
        _row(_("Jongeren"), youths or "-"),
        _row(_("Groep"), html.escape(view.group.name) if view.group else "-"),
        _row(_("Waar"), html.escape(place_text(signal))),
        _row(_("Categorie"), html.escape(category_text(signal.category))),
        _row(_("Leefgebied"), html.escape(domain_text(signal.life_domain))),
        _row(_("Bron"), html.escape(source)),
        _row(_("Ernst"), html.escape(Severity(signal.severity).label)),
        _row(_("Vervolgstap"), html.escape(FollowUp(signal.follow_up).label)),
        _row(_("Grondslag"), html.escape(LegalBasis(signal.legal_basis).label)),
        _row(_("Doel van delen"), html.escape(signal.sharing_purpose or "-")),
        _row(_("Geïnformeerd"), html.escape(", ".join(informed) or _("nee"))),
        _row(
            _("Vastgelegd door"),
            html.escape(f"{signal.recorded_by} ({signal.recorded_role.label})"),
        ),
        _row(_("Bewaartermijn"), html.escape(destruction_text("signal", view.destroyed_on))),
    ]
    parts = [
        f"<h3>{html.escape(category_text(signal.category))}</h3>",
        f"<p>{html.escape(signal.description)}</p>",
        "<table cellspacing='4'>" + "".join(rows) + "</table>",
    ]
    if view.replaced:
        parts.insert(0, f"<p><b>{_('Deze versie is vervangen door een correctie.')}</b></p>")
    parts += _shares(view.shares)
    if len(view.versions) > 1:
        parts.append(f"<h4>{_('Versies')}</h4><ol>")
        for version in view.versions:
            current = " <b>←</b>" if version.id == signal.id else ""
            reason = (
                f" - {html.escape(_('correctie: {reason}', reason=version.correction_reason))}"
                if version.correction_reason
                else f" - {html.escape(_('eerste versie'))}"
            )
            parts.append(
                f"<li>{html.escape(dutch_datetime(version.created_at))}{reason}{current}"
                f"<br><i>{html.escape(version.description)}</i></li>"
            )
        parts.append("</ol>")
    return "".join(parts)


def _shares(shares: list[SharedSignal]) -> list[str]:
    if not shares:
        return []
    parts = [f"<h4>{html.escape(_('Gedeeld'))}</h4><ul>"]
    for shared in shares:
        share = shared.share
        text = _(
            "{by} ({by_organisation}) met {to}, grondslag {basis}: {purpose}",
            by=share.shared_by,
            by_organisation=share.shared_by_organisation,
            to=share.organisation_name,
            basis=share.legal_basis.label,
            purpose=share.purpose,
        )
        if share.withdrawn:
            text += " - " + _("ingetrokken op {date}", date=dutch_date(share.withdrawn_on))
        parts.append(f"<li>{html.escape(text)}</li>")
    parts.append("</ul>")
    return parts
