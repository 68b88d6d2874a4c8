"""A screening as a readable page: outcome, advice, and why - every answer that counted.

Everything comes from the stored outcome and the pinned instrument version, so a screening
reads the same years later, whatever versions came after it. Texts a municipality wrote are
escaped: they are data, not markup.
"""

from __future__ import annotations

from datetime import date
from html import escape

from desktop.services.screenings import Opened
from desktop.views.dates import dutch_date, dutch_datetime
from veldwerk_core.i18n import _
from veldwerk_core.models.answers import AnswerValue, ItemDirection
from veldwerk_core.models.conditions import answer_text, number
from veldwerk_core.models.instrument import InstrumentDefinition, walk_items
from veldwerk_core.models.scoring import Outcome, RuleOutcome
from veldwerk_core.models.screening import ExternalResult, Screening
from veldwerk_core.models.youth import Youth

WARNING = "#8a5a00"
MUTED = "#5f6368"


def youth_name(youth: Youth | None, on: date | None = None) -> str:
    return youth.name_with_age(on) if youth is not None else _("Onbekende jongere")


def answer(value: AnswerValue | None) -> str:
    return _("Niet beantwoord") if value is None else answer_text(value).render()


def page(opened: Opened) -> str:
    screening = opened.screening
    if screening.external is not None:
        return _external(screening, screening.external, opened.youth)
    return _checklist(screening, opened)


def _header(title: str, lines: list[str]) -> str:
    body = "<br>".join(escape(line) for line in lines)
    return f"<h2>{escape(title)}</h2><p style='color:{MUTED}'>{body}</p>"


def _external(screening: Screening, external: ExternalResult, youth: Youth | None) -> str:
    rows = [
        (_("Jongere"), youth_name(youth)),
        (_("Instrument"), external.instrument_name),
        (_("Datum"), dutch_date(external.assessed_on)),
        (_("Beoordelaar"), external.assessor),
        (_("Organisatie"), external.organisation or "-"),
        (_("Uitkomst"), external.outcome_band),
        (_("Vastgelegd door"), screening.assessor),
    ]
    table = "".join(
        f"<tr><td style='padding-right:12px'><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
        for k, v in rows
    )
    note = f"<h3>{_('Toelichting')}</h3><p>{escape(external.note)}</p>" if external.note else ""
    intro = _("Uitslag van een extern instrument; de vragen zelf staan niet in Veldwerk.")
    return (
        _header(_("Externe uitslag: {name}", name=external.instrument_name), [intro])
        + f"<table>{table}</table>{note}"
    )


def _checklist(screening: Screening, opened: Opened) -> str:
    instrument = opened.instrument
    title = screening.instrument_title or (instrument.title if instrument else "")
    lines = [
        _(
            "{youth} · screening van {day} · versie {version}",
            youth=youth_name(opened.youth, screening.screened_on),
            day=dutch_date(screening.screened_on),
            version=screening.instrument_version or "?",
        )
    ]
    if screening.completed_at is not None:
        lines.append(
            _(
                "Ingevuld door {name}, afgerond op {moment}",
                name=screening.assessor or "-",
                moment=dutch_datetime(screening.completed_at),
            )
        )
    html = _header(title, lines)
    result = screening.result
    if result is None:
        return html + f"<p>{escape(_('Deze screening is nog niet afgerond.'))}</p>"
    definition = instrument.definition if instrument is not None else None
    html += _outcome(result)
    html += _rules(result)
    html += _contributions(result)
    html += _domains(result)
    if screening.note:
        html += f"<h3>{_('Toelichting')}</h3><p>{escape(screening.note)}</p>"
    html += _answers(screening, definition)
    return html


def _outcome(result: Outcome) -> str:
    html = f"<h3>{escape(_('Uitkomst: {band}', band=result.band_label))}</h3>"
    html += "<p>" + escape(
        _(
            "Score {score} (risico {risk} min beschermend {protective}).",
            score=number(result.score),
            risk=number(result.risk_score),
            protective=number(result.protective_score),
        )
    )
    if result.raised_by:
        titles = ", ".join(r.title for r in result.rules if r.id in result.raised_by)
        html += " " + escape(_("Uitkomst verhoogd door de regel: {rules}.", rules=titles))
    html += "</p>"
    if result.band_advice:
        html += f"<p><b>{escape(_('Advies'))}:</b> {escape(result.band_advice)}</p>"
    if result.too_many_unknown:
        html += (
            f"<p style='color:{WARNING}'><b>"
            + escape(
                _(
                    "Let op: {unknown} van de {items} vragen zijn onbekend. De uitkomst is "
                    "onzeker; verzamel meer informatie.",
                    unknown=result.unknown,
                    items=result.items,
                )
            )
            + "</b></p>"
        )
    elif result.unknown:
        counts = {"unknown": result.unknown, "items": result.items}
        html += "<p>" + escape(_("{unknown} van de {items} vragen onbekend.", **counts)) + "</p>"
    return html


def _checks(rule: RuleOutcome) -> str:
    lines = []
    for check in rule.checks:
        verdict = {True: "✓", False: "✗", None: "?"}[check.held]
        indent = "&nbsp;" * 4 * (check.depth + 1)
        lines.append(f"{indent}{verdict} {escape(check.render())}")
    return "<br>".join(lines)


def _rules(result: Outcome) -> str:
    held = [rule for rule in result.rules if rule.held is True]
    open_ = [rule for rule in result.rules if rule.held is None]
    html = f"<h3>{escape(_('Afgeleide regels die gelden'))}</h3>"
    if not held:
        html += f"<p>{escape(_('Geen.'))}</p>"
    for rule in held:
        html += f"<p><b>{escape(rule.title)}</b>"
        if rule.advice:
            html += f"<br>{escape(rule.advice)}"
        html += f"<br><span style='color:{MUTED}'>{_checks(rule)}</span></p>"
    if open_:
        html += f"<h3>{escape(_('Niet vast te stellen door onbekende antwoorden'))}</h3>"
        for rule in open_:
            html += f"<p><b>{escape(rule.title)}</b><br>"
            html += f"<span style='color:{MUTED}'>{_checks(rule)}</span></p>"
    rest = [rule.title for rule in result.rules if rule.held is False]
    if rest:
        html += "<p style='color:{}'>{}</p>".format(
            MUTED, escape(_("Geldt niet: {rules}.", rules=", ".join(rest)))
        )
    return html


def _contributions(result: Outcome) -> str:
    html = f"<h3>{escape(_('Wat telde mee'))}</h3>"
    if not result.contributions:
        return html + f"<p>{escape(_('Geen enkel antwoord telde mee.'))}</p>"
    head = [_("Vraag"), _("Antwoord"), _("Gewicht"), _("Punten")]
    rows = "".join(
        "<tr><td>{}</td><td>{}</td><td align='right'>{}</td><td align='right'>{}</td></tr>".format(
            escape(c.text)
            + (
                f" <i>({escape(_('beschermend'))})</i>"
                if c.direction is ItemDirection.PROTECTIVE
                else ""
            ),
            escape(answer(c.answer)),
            escape(number(c.weight)),
            escape(("−" if c.signed_points < 0 else "+") + number(abs(c.signed_points))),
        )
        for c in result.contributions
    )
    return html + _table(head, rows)


def _table(head: list[str], rows: str) -> str:
    header = "".join(f"<th align='left'>{escape(h)}</th>" for h in head)
    return f"<table cellspacing='0' cellpadding='3' border='1'><tr>{header}</tr>{rows}</table>"


def _domains(result: Outcome) -> str:
    head = [_("Domein"), _("Risico"), _("Beschermend"), _("Score"), _("Beantwoord")]
    rows = "".join(
        "<tr><td>{}</td><td align='right'>{}</td><td align='right'>{}</td>"
        "<td align='right'>{}</td><td align='right'>{}</td></tr>".format(
            escape(d.title),
            number(d.risk),
            number(d.protective),
            number(d.score),
            escape(_("{answered} van {items}", answered=d.answered, items=d.items)),
        )
        for d in result.domains
    )
    return f"<h3>{escape(_('Score per domein'))}</h3>" + _table(head, rows)


def _answers(screening: Screening, definition: InstrumentDefinition | None) -> str:
    html = f"<h3>{escape(_('Alle antwoorden'))}</h3>"
    if definition is None:
        return html + "<p>{}</p>".format(
            escape(
                _(
                    "Versie {version} van dit instrument staat niet op deze computer; "
                    "de uitkomst hierboven is wel volledig.",
                    version=screening.instrument_version or "?",
                )
            )
        )
    current = ""
    for domain, item in walk_items(definition):
        if domain.id != current:
            if current:
                html += "</table>"
            current = domain.id
            html += f"<p><b>{escape(domain.title)}</b></p><table cellpadding='2'>"
        given = escape(answer(screening.answers.get(item.id)))
        html += f"<tr><td>{escape(item.text)}</td><td style='padding-left:12px'><b>{given}</b>"
        html += "</td></tr>"
    return html + "</table>" if current else html
