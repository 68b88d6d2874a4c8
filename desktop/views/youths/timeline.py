"""A youth's timeline as a readable page: who, who is involved, what adds up, what happened."""

from __future__ import annotations

import html
import uuid
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services.timeline import Timeline
from desktop.views.dates import dutch_date, dutch_datetime
from desktop.views.retention_note import RetentionNote
from desktop.views.signals.detail import category_text, place_text
from desktop.views.youths.privacy import privacy_button
from veldwerk_core.i18n import _
from veldwerk_core.models import Consent, Referral, Screening, Share, Trajectory
from veldwerk_core.models import Signal as SignalRecord

_ESC = html.escape


def _link(kind: str, record_id: uuid.UUID, text: str) -> str:
    return f"<a href='{kind}:{record_id}'>{_ESC(text)}</a>"


def _header(timeline: Timeline) -> list[str]:
    youth = timeline.youth
    facts = [_("geboren {date}", date=dutch_date(youth.date_of_birth))]
    if youth.gender:
        facts.append(youth.gender.label.lower())
    facts += [part for part in (youth.wijk, youth.school) if part]
    if youth.bsn:
        facts.append(_("BSN {bsn}", bsn=youth.bsn))
    parts = [f"<h2>{_ESC(youth.name_with_age())}</h2>", f"<p>{_ESC(' · '.join(facts))}</p>"]
    if youth.contact_notes:
        parts.append(f"<p><i>{_ESC(youth.contact_notes)}</i></p>")
    return parts


def _flags(timeline: Timeline) -> list[str]:
    if not timeline.flags:
        return []
    signals = {
        e.record.id: e.record for e in timeline.entries if isinstance(e.record, SignalRecord)
    }
    parts = [f"<h3 style='color:#b3261e'>{_ESC(_('Signalering'))}</h3>"]
    for active in timeline.flags:
        parts.append(
            f"<p><b>{_ESC(active.rule.title)}</b> - {_ESC(active.rule.advice)}<br>"
            f"{_ESC(_('Waarom: deze signalen samen'))}:</p><ul>"
        )
        for signal_id in active.stored.flag.signal_ids:
            signal = signals.get(signal_id)
            if signal is not None:
                text = f"{dutch_datetime(signal.occurred_at)} · {category_text(signal.category)}"
                parts.append(f"<li>{_link('signal', signal.id, text)}</li>")
        if active.stored.flag.related_youth_ids:
            parts.append(f"<li>{_ESC(_('broer of zus in een traject'))}</li>")
        parts.append("</ul>")
    return parts


def _people(timeline: Timeline) -> list[str]:
    parts: list[str] = []
    if timeline.involvements:
        parts.append(f"<h3>{_ESC(_('Betrokken professionals'))}</h3><ul>")
        for involvement in timeline.involvements:
            period = _("sinds {date}", date=dutch_date(involvement.since))
            if involvement.until:
                period = _(
                    "{start} tot {end}",
                    start=dutch_date(involvement.since),
                    end=dutch_date(involvement.until),
                )
            parts.append(
                f"<li>{_ESC(involvement.professional)} - {_ESC(involvement.role)}, "
                f"{_ESC(involvement.organisation)} ({_ESC(period)})</li>"
            )
        parts.append("</ul>")
    if timeline.relations:
        parts.append(f"<h3>{_ESC(_('Relaties'))}</h3><ul>")
        for relation, other in timeline.relations:
            who = _link("youth", other.id, other.name_with_age()) if other else _ESC(relation.name)
            note = f" - {_ESC(relation.note)}" if relation.note else ""
            parts.append(f"<li>{_ESC(relation.relation_kind.label)}: {who}{note}</li>")
        parts.append("</ul>")
    if timeline.groups:
        parts.append(f"<h3>{_ESC(_('Groepen'))}</h3><ul>")
        for group in timeline.groups:
            parts.append(
                f"<li>{_link('youth_group', group.id, group.name)} · {_ESC(group.step.label)}</li>"
            )
        parts.append("</ul>")
    return parts


def _entry(record: Any) -> str:
    if isinstance(record, SignalRecord):
        corrected = f" <i>({_ESC(_('gecorrigeerd'))})</i>" if record.supersedes_id else ""
        head = _link(
            "signal", record.id, f"{category_text(record.category)} · {place_text(record)}"
        )
        text = (
            record.description if len(record.description) < 220 else record.description[:217] + "…"
        )
        return (
            f"<tr><td valign='top'>{_ESC(dutch_datetime(record.occurred_at))}</td>"
            f"<td valign='top'>{_ESC(_('Signaal'))}</td><td>{head}{corrected}<br>{_ESC(text)}</td></tr>"
        )
    if isinstance(record, Screening):
        what = record.title
        outcome = record.band or record.status.label
        when = record.completed_at or record.created_at
        return (
            f"<tr><td valign='top'>{_ESC(dutch_datetime(when))}</td><td valign='top'>{_ESC(_('Screening'))}</td>"
            f"<td>{_link('screening', record.id, what)} · {_ESC(outcome)}</td></tr>"
        )
    if isinstance(record, Share):
        state = _("ingetrokken") if record.withdrawn_on else record.legal_basis.label
        return (
            f"<tr><td valign='top'>{_ESC(dutch_datetime(record.created_at))}</td>"
            f"<td valign='top'>{_ESC(_('Gedeeld'))}</td><td>"
            f"{_link('signal', record.signal_id, _('signaal'))} "
            f"{_ESC(_('met {organisation} ({state})', organisation=record.organisation_name, state=state))}"
            "</td></tr>"
        )
    if isinstance(record, Consent):
        state = _(" (ingetrokken)") if record.withdrawn_on else ""
        return (
            f"<tr><td valign='top'>{_ESC(dutch_date(record.given_on))}</td>"
            f"<td valign='top'>{_ESC(_('Toestemming'))}</td>"
            f"<td>{_ESC(record.giver.label)}: {_ESC(record.for_what)}{_ESC(state)}</td></tr>"
        )
    if isinstance(record, Trajectory):
        return (
            f"<tr><td valign='top'>{_ESC(dutch_date(record.start))}</td><td valign='top'>{_ESC(_('Traject'))}</td>"
            f"<td>{_link('trajectory', record.id, record.status.label)} · "
            f"{_ESC(_('coach {name}', name=record.coach))}</td></tr>"
        )
    if isinstance(record, Referral):
        return (
            f"<tr><td valign='top'>{_ESC(dutch_date(record.referred_on))}</td>"
            f"<td valign='top'>{_ESC(_('Aanmelding'))}</td>"
            f"<td>{_ESC(record.intervention_name)} · {_ESC(referral_status(record))}</td></tr>"
        )
    return ""


def referral_status(record: Referral) -> str:
    """The status with the date it was reached: "gestart 03-02-2027"."""
    day = record.ended_on or record.started_on
    status = record.status.label
    return _("{status} op {date}", status=status, date=dutch_date(day)) if day else status


def _merges(timeline: Timeline) -> list[str]:
    """What was merged into or from this youth, how and why (provenance)."""
    if not timeline.merges:
        return []
    parts = [f"<h3>{_ESC(_('Samengevoegde registraties'))}</h3>"]
    for told in timeline.merges:
        parts.append("<p>" + "<br>".join(_ESC(line) for line in told.lines) + "</p>")
    return parts


def render(timeline: Timeline) -> str:
    parts = _header(timeline) + _flags(timeline) + _people(timeline) + _merges(timeline)
    parts.append(f"<h3>{_ESC(_('Tijdlijn'))}</h3>")
    if timeline.entries:
        parts.append(
            "<table cellspacing='6'>"
            + "".join(_entry(e.record) for e in timeline.entries)
            + "</table>"
        )
    else:
        parts.append(f"<p>{_ESC(_('Nog geen signalen, screenings of trajecten.'))}</p>")
    return "".join(parts)


class TimelineView(QWidget):
    sig_open = Signal(str, object)
    """Open a linked record: (kind, id)."""
    sig_action = Signal(str)
    """A button: "edit", "signal", "relation", "involvement"; "access", "overview" (the
    regisseur's access report and data overview)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline: Timeline | None = None
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("timeline")
        self.browser.setAccessibleName(_("Tijdlijn van de jongere"))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._clicked)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for action, label in (
            ("signal", _("Signaal vastleggen")),
            ("edit", _("Bewerken")),
            ("relation", _("Relatie toevoegen")),
            ("involvement", _("Betrokkene toevoegen")),
        ):
            button = QPushButton(label, self)
            button.setObjectName(f"timeline_{action}")
            button.clicked.connect(lambda _checked=False, a=action: self.sig_action.emit(a))
            buttons.addWidget(button)
            self.buttons[action] = button
        self.privacy = privacy_button(self, lambda which: self.sig_action.emit(which))
        self.privacy.hide()  # the regisseur's (shown by the section)
        buttons.addWidget(self.privacy)
        buttons.addStretch(1)
        self.report_note = QLabel(self)
        self.report_note.setObjectName("reportNote")
        self.report_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.report_note)
        layout.addWidget(self.browser, 1)
        self.retention = RetentionNote(self)
        layout.addWidget(self.retention)
        self.show_timeline(None)

    def show_timeline(self, timeline: Timeline | None) -> None:
        if timeline is None or self.timeline is None or timeline.youth.id != self.timeline.youth.id:
            self.report_note.clear()
        self.timeline = timeline
        for button in self.buttons.values():
            button.setEnabled(timeline is not None)
        self.privacy.setEnabled(timeline is not None)
        if timeline is None:
            self.browser.setHtml(f"<p>{_ESC(_('Kies een jongere in de lijst.'))}</p>")
            self.retention.clear()
        else:
            self.browser.setHtml(render(timeline))
            self.retention.show_date("youth", timeline.destroyed_on)

    def _clicked(self, url: QUrl) -> None:
        kind, _sep, value = url.toString().partition(":")
        self.sig_open.emit(kind, uuid.UUID(value))
