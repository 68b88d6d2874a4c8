"""The professional plan: every section, page numbers, version and date, signature blocks.

Its texts follow the app language; the content is what people typed.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.reports.document import PlanDocument
from desktop.reports.pdf_base import (
    FONT,
    FONT_BOLD,
    MARGIN,
    PAGE,
    build_pdf,
    register_fonts,
    short_date,
)
from veldwerk_core.i18n import _
from veldwerk_core.models.plan import PlanAgreement, PlanContent
from veldwerk_core.models.trajectory import (
    MIN_NETWORK,
    Party,
    Signature,
    SignatureMethod,
    SignerRole,
)
from veldwerk_core.models.validators import age_on

WIDTH = PAGE[0] - 2 * MARGIN
GRID = colors.HexColor("#c7ccd6")
SHADE = colors.HexColor("#eef1f6")

BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, alignment=TA_LEFT)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11)
MUTED = ParagraphStyle("muted", parent=SMALL, textColor=colors.HexColor("#555b66"))
WARN = ParagraphStyle("warn", parent=SMALL, textColor=colors.HexColor("#9a3412"))
TITLE = ParagraphStyle("title", parent=BODY, fontName=FONT_BOLD, fontSize=18, leading=22)
HEADING = ParagraphStyle(
    "heading",
    parent=BODY,
    fontName=FONT_BOLD,
    fontSize=12,
    leading=16,
    spaceBefore=10,
    spaceAfter=4,
)
SUBHEADING = ParagraphStyle(
    "subheading", parent=BODY, fontName=FONT_BOLD, fontSize=10, leading=14, spaceBefore=4
)


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text: typed text never counts as markup."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _b(label: str) -> Paragraph:
    return Paragraph(f"<b>{escape(label)}</b>", SMALL)


def _table(rows: list[list[Flowable | str]], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(style))
    return table


def version_text(document: PlanDocument) -> str:
    if document.signed_on is None:
        return _("Versie {version} (concept, niet ondertekend)", version=document.version)
    return _(
        "Versie {version}, ondertekend op {date}",
        version=document.version,
        date=short_date(document.signed_on),
    )


def _or_dash(text: str) -> str:
    return text or "—"


def _header(document: PlanDocument) -> list[Flowable]:
    content = document.content
    age = age_on(content.youth_date_of_birth, document.signed_on or document.printed_on)
    details = [
        [
            _b(_("Jongere")),
            _p(f"{content.youth_name} ({age})"),
            _b(_("Geboortedatum")),
            _p(short_date(content.youth_date_of_birth)),
        ],
        [
            _b(_("Coach")),
            _p(content.coach),
            _b(_("Organisatie")),
            _p(_or_dash(content.organisation)),
        ],
        [
            _b(_("Startdatum")),
            _p(short_date(content.start)),
            _b(_("Geplande einddatum")),
            _p(_or_dash(short_date(content.planned_end))),
        ],
        [_b(_("Status")), _p(content.status.label), _b(_("Versie")), _p(version_text(document))],
    ]
    widths = [30 * mm, WIDTH / 2 - 30 * mm, 36 * mm, WIDTH / 2 - 36 * mm]
    return [
        _p(_("Coachingsplan"), TITLE),
        _p(_("Vertrouwelijk: alleen voor de jongere en de betrokken professionals."), MUTED),
        Spacer(1, 4 * mm),
        _table(details, widths, header=False),
    ]


def _goals(content: PlanContent) -> list[Flowable]:
    if not content.goals:
        return [_p(_("Nog geen doelen."), MUTED)]
    rows: list[list[Flowable | str]] = [
        [_b(_("Leefgebied")), _b(_("Doel")), _b(_("Hoe zien we vooruitgang")), _b(_("Wanneer"))]
    ]
    for goal in content.goals:
        rows.append(
            [
                _p(goal.life_domain_label, SMALL),
                _p(goal.what, SMALL),
                _p(goal.how_measured, SMALL),
                _p(short_date(goal.by_when), SMALL),
            ]
        )
    return [_table(rows, [30 * mm, 62 * mm, 58 * mm, WIDTH - 150 * mm])]


def _agreements(content: PlanContent) -> list[Flowable]:
    story: list[Flowable] = []
    for party in Party:
        items = [a for a in content.commitments if a.party is party]
        if not items:
            continue
        rows: list[list[Flowable | str]] = [
            [_b(_("Wie")), _b(_("Wat")), _b(_("Wanneer")), _b(_("Status")), _b(_("Toelichting"))]
        ]
        for item in items:
            goal = content.goal(item.goal_id)
            what = item.what + (f"\n({_('doel')}: {goal.what})" if goal else "")
            rows.append(
                [
                    _p(item.who, SMALL),
                    _p(what, SMALL),
                    _p(short_date(item.due), SMALL),
                    _p(item.status.label, SMALL),
                    _p(item.note, SMALL),
                ]
            )
        table = _table(rows, [30 * mm, 64 * mm, 22 * mm, 24 * mm, WIDTH - 140 * mm])
        story.append(KeepTogether([_p(party.label, SUBHEADING), table]))
    return story or [_p(_("Nog geen afspraken."), MUTED)]


def _support(content: PlanContent) -> list[Flowable]:
    if not content.support:
        return [_p(_("Geen steun in ruil afgesproken."), MUTED)]
    rows: list[list[Flowable | str]] = [
        [_b(_("Steun")), _b(_("Wie")), _b(_("Wanneer")), _b(_("Hangt af van"))]
    ]
    for item in content.support:
        depends = [content.agreement(other) for other in item.depends_on]
        rows.append(
            [
                _p(item.what, SMALL),
                _p(f"{item.who} ({item.party.label.lower()})", SMALL),
                _p(short_date(item.due), SMALL),
                _p("\n".join(f"• {_dependency(d)}" for d in depends if d is not None), SMALL),
            ]
        )
    return [_table(rows, [55 * mm, 35 * mm, 22 * mm, WIDTH - 112 * mm])]


def _dependency(agreement: PlanAgreement) -> str:
    return f"{agreement.what} ({agreement.who})"


def _network(content: PlanContent) -> list[Flowable]:
    story: list[Flowable] = []
    if content.network:
        rows: list[list[Flowable | str]] = [[_b(_("Naam")), _b(_("Wie is dit")), _b(_("Telefoon"))]]
        rows += [
            [_p(p.name, SMALL), _p(p.relation, SMALL), _p(p.phone, SMALL)] for p in content.network
        ]
        story.append(_table(rows, [60 * mm, 70 * mm, WIDTH - 130 * mm]))
    if len(content.network) < MIN_NETWORK:
        story.append(_p(_("Let op: minder dan {n} mensen in het netwerk.", n=MIN_NETWORK), WARN))
    return story


def _evaluations(content: PlanContent) -> list[Flowable]:
    story: list[Flowable] = []
    planned = ", ".join(short_date(day) for day in content.evaluation_dates)
    story.append(_p(_("Gepland: {dates}", dates=planned or "—")))
    for evaluation in content.evaluations:
        story.append(_p(_("Evaluatie van {date}", date=short_date(evaluation.held_on)), SUBHEADING))
        rows: list[list[Flowable | str]] = [
            [_b(_("Doel")), _b(_("Voortgang (1-5)")), _b(_("Toelichting"))]
        ]
        for item in evaluation.progress:
            goal = content.goal(item.goal_id)
            rows.append(
                [
                    _p(goal.what if goal else "—", SMALL),
                    _p(str(item.score), SMALL),
                    _p(item.note, SMALL),
                ]
            )
        if evaluation.progress:
            story.append(_table(rows, [70 * mm, 28 * mm, WIDTH - 98 * mm]))
        if evaluation.note:
            story.append(_p(evaluation.note, SMALL))
    return story


def signature_block(
    role: SignerRole, signature: Signature | None, name: str, width: float
) -> list[Flowable]:
    """One signer: the drawn signature, 'signed on paper', or empty lines to sign on."""
    cell: list[Flowable] = [_p(role.label, SUBHEADING)]
    if signature is None:
        cell += [
            Spacer(1, 14 * mm),
            _p("_" * 34, SMALL),
            _p(_("Naam: {name}", name=name or "_" * 24), SMALL),
            _p(_("Datum: {date}", date="_" * 14), SMALL),
        ]
        return cell
    image = signature.image
    if image is not None:
        picture = Image(io.BytesIO(image), width=width - 8, height=(width - 8) / 3)
        cell.append(picture)
        how = _("Getekend op het scherm op {date}", date=short_date(signature.signed_on))
    elif signature.method is SignatureMethod.TYPED:
        cell.append(_p(signature.typed_name, SUBHEADING))
        how = _("Ondertekend door de naam te typen op {date}", date=short_date(signature.signed_on))
    else:
        cell.append(Spacer(1, 6 * mm))
        how = _("Ondertekend op papier op {date}", date=short_date(signature.signed_on))
    cell += [_p(_("Naam: {name}", name=signature.name), SMALL), _p(how, SMALL)]
    return cell


def _signatures(document: PlanDocument) -> list[Flowable]:
    slots = document.signer_slots()
    width = WIDTH / max(len(slots), 1)
    cells = [
        signature_block(role, signature, document.default_signer_name(role), width)
        for role, signature in slots
    ]
    table = Table([cells], colWidths=[width] * len(cells))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
            ]
        )
    )
    intro = _p(
        _(
            "Met hun handtekening stemmen de jongere, de coach en (onder de 16 jaar) een "
            "ouder of verzorger in met dit plan en de afspraken erin."
        ),
        SMALL,
    )
    return [KeepTogether([_p(_("8. Ondertekening"), HEADING), intro, Spacer(1, 2 * mm), table])]


def sections(document: PlanDocument) -> list[tuple[str, list[Flowable]]]:
    """The numbered sections, in order (the tests check every heading is printed)."""
    content = document.content
    return [
        (_("1. Hulpvraag in eigen woorden"), [_p(content.help_request or "—")]),
        (_("2. Doelen per leefgebied"), _goals(content)),
        (_("3. Afspraken per partij"), _agreements(content)),
        (_("4. Steun in ruil"), _support(content)),
        (_("5. Mijn netwerk"), _network(content)),
        (_("6. Veiligheidsafspraken en grenzen"), [_p(content.safety_agreements or "—")]),
        (_("7. Evaluatie"), _evaluations(content)),
    ]


def professional_pdf(document: PlanDocument) -> bytes:
    register_fonts()
    content = document.content
    story: list[Flowable] = _header(document)
    for heading, body in sections(document):
        story.append(KeepTogether([_p(heading, HEADING), *body[:1]]))
        story += body[1:]
    story += _signatures(document)
    left = f"{_('Coachingsplan')} · {content.youth_name} · {version_text(document)}"

    def footer(page: int, pages: int) -> tuple[str, str]:
        printed = _("Afgedrukt op {date}", date=short_date(document.printed_on))
        return left, f"{printed} · " + _("Pagina {page} van {pages}", page=page, pages=pages)

    return build_pdf(story, title=_("Coachingsplan"), footer=footer)
