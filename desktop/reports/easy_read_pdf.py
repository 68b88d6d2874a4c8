"""The easy-read plan as PDF: large type, a pictogram per part and per life domain."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
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
from desktop.reports.easy_read import SIGNER, Section, easy_read_sections, footer_text
from desktop.reports.pdf_base import (
    FONT,
    FONT_BOLD,
    MARGIN,
    PAGE,
    build_pdf,
    long_date,
    register_fonts,
)
from desktop.reports.pictograms import Pictogram
from veldwerk_core.models.trajectory import Signature, SignatureMethod, SignerRole

WIDTH = PAGE[0] - 2 * MARGIN
INK = colors.HexColor("#1f2a44")
QUESTION_INK = colors.HexColor("#1d4ed8")

BODY = ParagraphStyle("er-body", fontName=FONT, fontSize=15, leading=20.5, textColor=INK)
ITEM = ParagraphStyle(
    "er-item", parent=BODY, leftIndent=9 * mm, bulletIndent=2 * mm, bulletFontName=FONT
)
SUBITEM = ParagraphStyle("er-sub", parent=BODY, fontSize=14, leftIndent=9 * mm)
QUESTION = ParagraphStyle(
    "er-question", parent=BODY, fontName=FONT_BOLD, textColor=QUESTION_INK, spaceBefore=5
)
HEADING = ParagraphStyle("er-heading", parent=BODY, fontName=FONT_BOLD, fontSize=22, leading=28)
GOAL_HEADING = ParagraphStyle("er-goal", parent=HEADING, fontSize=19, leading=24)
TITLE = ParagraphStyle("er-title", parent=HEADING, fontSize=30, leading=36)
STYLES = {"text": BODY, "item": ITEM, "subitem": SUBITEM, "question": QUESTION}


def _paragraph(kind: str, text: str) -> Paragraph:
    if kind == "item":
        return Paragraph(escape(text), ITEM, bulletText="•")
    return Paragraph(escape(text), STYLES[kind])


def _heading(section: Section, first: bool) -> Table:
    style = TITLE if first else (GOAL_HEADING if section.level == 2 else HEADING)
    size = 22 * mm if first else (13 * mm if section.level == 2 else 16 * mm)
    table = Table(
        [[Pictogram(section.icon, size), Paragraph(escape(section.title), style)]],
        colWidths=[size + 5 * mm, WIDTH - size - 5 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _signature_cell(role: SignerRole, signature: Signature | None, name: str) -> list[Flowable]:
    cell: list[Flowable] = [Paragraph(escape(SIGNER[role]), QUESTION)]
    if signature is not None and signature.image is not None:
        cell.append(Image(io.BytesIO(signature.image), width=50 * mm, height=50 * mm / 3))
    elif signature is not None and signature.method is SignatureMethod.TYPED:
        cell.append(
            Paragraph(escape(f"Getekend door de naam te typen: {signature.typed_name}"), BODY)
        )
    elif signature is not None:
        cell.append(Paragraph("Getekend op papier.", BODY))
    else:
        cell += [Spacer(1, 16 * mm), Paragraph("_" * 22, BODY)]
    who = signature.name if signature is not None else name
    if who:
        cell.append(Paragraph(escape(f"Naam: {who}"), SUBITEM))
    if signature is not None:
        cell.append(Paragraph(escape(f"Datum: {long_date(signature.signed_on)}"), SUBITEM))
    else:
        cell.append(Paragraph("Datum:", SUBITEM))
    return cell


def _signatures(document: PlanDocument) -> Table:
    slots = document.signer_slots()
    rows = [[_signature_cell(role, sig, document.default_signer_name(role))] for role, sig in slots]
    table = Table(rows, colWidths=[WIDTH * 0.75])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (-1, -1), 1, colors.HexColor("#9aa3b5")),
                ("INNERGRID", (0, 0), (-1, -1), 1, colors.HexColor("#9aa3b5")),
                ("LEFTPADDING", (0, 0), (-1, -1), 6 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
            ]
        )
    )
    return table


def _chunks(section: Section) -> list[list[Flowable]]:
    """A question stays on the page of its answers; a goal stays on one page."""
    chunks: list[list[Flowable]] = [[]]
    for line in section.lines:
        if line.kind == "question" and chunks[-1]:
            chunks.append([])
        chunks[-1].append(_paragraph(line.kind, line.text))
    if section.level == 2:
        return [[item for chunk in chunks for item in chunk]]
    return chunks


def easy_read_pdf(document: PlanDocument) -> bytes:
    register_fonts()
    story: list[Flowable] = []
    for index, section in enumerate(easy_read_sections(document)):
        chunks = _chunks(section)
        # The heading stays with its first lines and the first question with its answers.
        lead = 2 if len(chunks) > 1 and len(chunks[0]) <= 2 else 1
        head: list[Flowable] = [_heading(section, first=index == 0)]
        for chunk in chunks[:lead]:
            head += chunk
        rest = chunks[lead:]
        if section.icon == "signature":
            head += [Spacer(1, 4 * mm), _signatures(document)]
        story += [Spacer(1, 4 * mm), KeepTogether(head)]
        story += [KeepTogether(chunk) for chunk in rest]

    def footer(page: int, pages: int) -> tuple[str, str]:
        return footer_text(document, page, pages), ""

    return build_pdf(
        story,
        title=f"Mijn plan van {document.content.youth_first_name}",
        footer=footer,
        footer_size=11,
    )
