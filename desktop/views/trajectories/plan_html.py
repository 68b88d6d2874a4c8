"""A plan version as HTML for the detail pane: the same parts as the printed plan."""

from __future__ import annotations

from html import escape

from desktop.reports.document import PlanDocument
from desktop.views.trajectories.fields import dutch
from veldwerk_core.i18n import _
from veldwerk_core.models.plan import PlanContent
from veldwerk_core.models.trajectory import MIN_NETWORK, Party


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>") if value else "<i>—</i>"


def _rows(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td valign='top'>{_text(cell)}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    table = "<table cellspacing='0' cellpadding='3' border='1' width='100%'>"
    return f"{table}<tr>{head}</tr>{body}</table>"


def _agreements(content: PlanContent) -> str:
    parts: list[str] = []
    for party in Party:
        items = [a for a in content.commitments if a.party is party]
        if items:
            parts.append(f"<p><b>{escape(party.label)}</b></p>")
            parts.append(
                _rows(
                    [_("Wie"), _("Wat"), _("Wanneer"), _("Status"), _("Toelichting")],
                    [[a.who, a.what, dutch(a.due), a.status.label, a.note] for a in items],
                )
            )
    return "".join(parts) or f"<p><i>{escape(_('Nog geen afspraken.'))}</i></p>"


def plan_html(document: PlanDocument) -> str:
    content = document.content
    if document.signed_on is None:
        version = _("Versie {version} (concept, niet ondertekend)", version=document.version)
    else:
        version = _(
            "Versie {version}, ondertekend op {date}",
            version=document.version,
            date=dutch(document.signed_on),
        )
    html = [
        f"<h2>{escape(_('Coachingsplan'))}</h2>",
        f"<p>{escape(version)}<br>{escape(_('Coach'))}: {escape(content.coach)}"
        f" · {escape(_('Start'))}: {dutch(content.start)}"
        f" · {escape(_('Gepland tot'))}: {dutch(content.planned_end) or '—'}</p>",
        f"<h3>{escape(_('Hulpvraag in eigen woorden'))}</h3><p>{_text(content.help_request)}</p>",
        f"<h3>{escape(_('Doelen per leefgebied'))}</h3>",
        _rows(
            [_("Leefgebied"), _("Doel"), _("Hoe zien we vooruitgang"), _("Wanneer")],
            [
                [g.life_domain_label, g.what, g.how_measured, dutch(g.by_when)]
                for g in content.goals
            ],
        ),
        f"<h3>{escape(_('Afspraken per partij'))}</h3>",
        _agreements(content),
        f"<h3>{escape(_('Steun in ruil'))}</h3>",
        _rows(
            [_("Steun"), _("Wie"), _("Hangt af van")],
            [
                [
                    s.what,
                    s.who,
                    "\n".join(
                        a.what
                        for a in (content.agreement(d) for d in s.depends_on)
                        if a is not None
                    ),
                ]
                for s in content.support
            ],
        ),
        f"<h3>{escape(_('Mijn netwerk'))}</h3>",
        _rows(
            [_("Naam"), _("Wie is dit"), _("Telefoon")],
            [[p.name, p.relation, p.phone] for p in content.network],
        ),
    ]
    if len(content.network) < MIN_NETWORK:
        warning = _("Let op: minder dan {n} mensen in het netwerk.", n=MIN_NETWORK)
        html.append(f"<p style='color:#8a5a00'>{escape(warning)}</p>")
    html += [
        f"<h3>{escape(_('Veiligheidsafspraken en grenzen'))}</h3>"
        f"<p>{_text(content.safety_agreements)}</p>",
        f"<h3>{escape(_('Evaluatiemomenten'))}</h3>"
        f"<p>{escape(', '.join(dutch(d) for d in content.evaluation_dates) or '—')}</p>",
    ]
    for evaluation in content.evaluations:
        title = _("Evaluatie van {date}", date=dutch(evaluation.held_on))
        html.append(f"<h3>{escape(title)}</h3>")
        rows = [
            [goal.what if goal else "—", str(item.score), item.note]
            for item in evaluation.progress
            for goal in [content.goal(item.goal_id)]
        ]
        html.append(_rows([_("Doel"), _("Voortgang (1-5)"), _("Toelichting")], rows))
        if evaluation.note:
            html.append(f"<p>{_text(evaluation.note)}</p>")
    if document.signatures:
        html.append(f"<h3>{escape(_('Ondertekend door'))}</h3><ul>")
        for signature in document.signatures:
            html.append(
                f"<li>{escape(signature.signer.label)}: {escape(signature.name)}, "
                f"{dutch(signature.signed_on)} ({escape(signature.method.label.lower())})</li>"
            )
        html.append("</ul>")
    return "".join(html)
