"""The early-signalling meeting as PDF: the participants, then per youth the reasons, the
shared picture, the decision and the follow-up tasks. Texts in the app language; the content
is what the regisseur typed. A participant's version is a :class:`MeetingReport` already cut
down to what they may see (meeting_document.py); this module prints what it is given."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.reports.meeting_document import MeetingReport, ReportItem
from desktop.reports.pdf_base import build_pdf, register_fonts, short_date
from desktop.reports.plan_pdf import HEADING, MUTED, SMALL, SUBHEADING, TITLE, WIDTH, _b, _p, _table
from veldwerk_core.i18n import _


def _header(report: MeetingReport) -> list[Flowable]:
    if report.reader is None:
        version = _("Volledig verslag voor de regisseur")
    else:
        version = _("Verslag voor {name}", name=report.reader.name)
    details = [
        [_b(_("Overleg")), _p(report.title)],
        [_b(_("Datum")), _p(short_date(report.held_on))],
        [_b(_("Status")), _p(report.status)],
        [_b(_("Versie")), _p(version)],
    ]
    return [
        _p(_("Vroegsignaleringsoverleg"), TITLE),
        _p(
            _(
                "Vertrouwelijk. Dit verslag bevat alleen de jongeren die de lezer mag zien; "
                "niet verder verspreiden."
            ),
            MUTED,
        ),
        Spacer(1, 4 * mm),
        _table(details, [35 * mm, WIDTH - 35 * mm], header=False),
    ]


def _participants(report: MeetingReport) -> list[Flowable]:
    story: list[Flowable] = [_p(_("Deelnemers"), HEADING)]
    if not report.participants:
        return [*story, _p(_("Geen deelnemers vastgelegd."), MUTED)]
    rows: list[list[Flowable | str]] = [[_b(_("Naam")), _b(_("Organisatie")), _b(_("Rol"))]]
    for person in report.participants:
        rows.append(
            [_p(person.name, SMALL), _p(person.organisation, SMALL), _p(person.role, SMALL)]
        )
    return [*story, _table(rows, [60 * mm, 70 * mm, WIDTH - 130 * mm])]


def _item(number: int, item: ReportItem) -> list[Flowable]:
    parts: list[Flowable] = [_p(f"{number}. {item.youth}", SUBHEADING)]
    rows: list[list[Flowable | str]] = [
        [_b(_("Waarom op de agenda")), _p("\n".join(item.reasons) or "—", SMALL)],
        [_b(_("Gedeeld beeld")), _p(item.picture or "—", SMALL)],
        [_b(_("Besluit")), _p(item.decision or _("Nog geen besluit"), SMALL)],
    ]
    parts.append(_table(rows, [40 * mm, WIDTH - 40 * mm], header=False))
    if item.tasks:
        tasks: list[list[Flowable | str]] = [
            [_b(_("Taak")), _b(_("Wie")), _b(_("Wanneer klaar")), _b(_("Status"))]
        ]
        for task in item.tasks:
            tasks.append(
                [
                    _p(task.title, SMALL),
                    _p(task.owner, SMALL),
                    _p(short_date(task.due), SMALL),
                    _p(_("Gedaan") if task.done else _("Open"), SMALL),
                ]
            )
        parts += [Spacer(1, 2 * mm), _table(tasks, [75 * mm, 45 * mm, 28 * mm, WIDTH - 148 * mm])]
    return [KeepTogether(parts), Spacer(1, 3 * mm)]


def meeting_pdf(report: MeetingReport) -> bytes:
    register_fonts()  # before the first paragraph: they look their fonts up when made
    story = _header(report) + _participants(report)
    story.append(_p(_("Bespreekpunten"), HEADING))
    if not report.items:
        story.append(_p(_("Geen bespreekpunten in deze versie."), MUTED))
    for number, item in enumerate(report.items, start=1):
        story += _item(number, item)
    printed = _("Afgedrukt op {date}", date=short_date(report.printed_on))

    def footer(page: int, pages: int) -> tuple[str, str]:
        return printed, _("Pagina {page} van {pages}", page=page, pages=pages)

    return build_pdf(story, title=_("Vroegsignaleringsoverleg"), footer=footer)
