"""A youth's access report (AVG art. 15) written out: as a PDF for the youth and the parents,
or as CSV for the functioneel beheerder (one line per access, one column per question).

The app and the server's command (``veldwerk-server report access``) write the same report
from the same :class:`~veldwerk_core.protocol.AccessReport`; the language is the process's
(Dutch unless chosen otherwise). An entry names people, organisations, devices, kinds of
records and the moment they were made, never their content.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from veldwerk_core.access.pdf import A4_LANDSCAPE, Document
from veldwerk_core.access.purposes import AuditPurpose
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.signal import LegalBasis
from veldwerk_core.protocol import AccessEntry, AccessRecord, AccessReport

FORMATS = ("pdf", "csv")

ACTIONS = {
    "push": N_("Vastgelegd of gewijzigd"),
    "pull": N_("Ontvangen op een apparaat"),
    "agenda": N_("Op het agendavoorstel van het overleg"),
    "merge": N_("Registraties samengevoegd"),
    "retention": N_("Vernietigd na de bewaartermijn"),
    "erase": N_("Vernietigd op verzoek"),
    "access_report": N_("Inzageoverzicht gemaakt"),
    "data_overview": N_("Gegevensoverzicht gemaakt"),
}
"""What the server logs, in words; a device's entries (``device_read``...) are named by
their :class:`AuditAction`."""

DEVICE = "device_"


class UnknownFormat(ValueError):
    """The file's extension is neither .pdf nor .csv."""


@cache
def _zone() -> tzinfo:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # pragma: no cover - a system without time zone data
        return UTC


def moment(value: datetime | None) -> str:
    """dd-mm-jjjj uu:mm, Dutch time."""
    return value.astimezone(_zone()).strftime("%d-%m-%Y %H:%M") if value else ""


def day(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def action_text(action: str) -> str:
    if action.startswith(DEVICE):
        return AuditAction.label_of(action.removeprefix(DEVICE))
    known = ACTIONS.get(action)
    return _(known) if known else action


def kind_text(kind: str) -> str:
    model = RECORD_TYPES.get(kind)
    return _(model.label) if model is not None and model.label else kind


def record_text(record: AccessRecord) -> str:
    made = day(record.created_on)
    text = _("{kind} van {day}", kind=kind_text(record.kind), day=made) if made else None
    text = text or kind_text(record.kind)
    return _("{record} (verwijderd)", record=text) if record.deleted else text


def who_text(entry: AccessEntry) -> str:
    name = entry.user_name or _("(onbekend)")
    return f"{name} ({entry.role.label})" if entry.role is not None else name


def basis_text(entry: AccessEntry) -> str:
    return "; ".join(
        _(
            "{basis}, gedeeld met {organisation}",
            basis=LegalBasis.label_of(basis.legal_basis),
            organisation=basis.organisation,
        )
        for basis in entry.bases
    )


def where_text(entry: AccessEntry) -> str:
    if entry.source == "device":
        return entry.device_name or _("apparaat")
    return _("server")


def purpose_text(entry: AccessEntry) -> str:
    return AuditPurpose.label_of(entry.purpose) if entry.purpose else ""


def _records(entry: AccessEntry) -> str:
    texts: dict[str, int] = {}
    for record in entry.records:
        text = record_text(record)
        texts[text] = texts.get(text, 0) + 1
    return ", ".join(f"{text} ({count}x)" if count > 1 else text for text, count in texts.items())


def columns() -> list[str]:
    return [
        _("Wanneer"),
        _("Wie"),
        _("Organisatie"),
        _("Apparaat"),
        _("Handeling"),
        _("Welke gegevens"),
        _("Doel"),
        _("Grondslag"),
    ]


def lines(report: AccessReport) -> list[list[str]]:
    """One row per access, in the order of :func:`columns`."""
    return [
        [
            moment(entry.device_at or entry.at),
            who_text(entry),
            entry.organisation,
            where_text(entry),
            action_text(entry.action)
            + ("" if entry.result in ("", "ok") else f" ({entry.result})"),
            _records(entry),
            purpose_text(entry),
            basis_text(entry),
        ]
        for entry in report.entries
    ]


def to_csv(report: AccessReport) -> bytes:
    """UTF-8 with a byte-order mark and semicolons, as Dutch spreadsheet programs read it;
    ids are in columns of their own for whoever checks the log."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([*columns(), _("Gebruiker (kenmerk)"), _("Apparaat (kenmerk)")])
    for entry, row in zip(report.entries, lines(report), strict=True):
        writer.writerow(
            [*row, str(entry.user_id or ""), str(entry.device_id or "")],
        )
    return out.getvalue().encode("utf-8-sig")


def title(report: AccessReport) -> str:
    return _(
        "Inzageoverzicht: wie heeft de gegevens van {name} bekeken of gebruikt", name=name(report)
    )


def name(report: AccessReport) -> str:
    return report.youth_name or _("deze jongere")


def to_pdf(report: AccessReport) -> bytes:
    document = Document(
        title(report),
        size=A4_LANDSCAPE,
        footer=_(
            "Inzageoverzicht {name}, gemaakt op {moment}",
            name=name(report),
            moment=moment(report.made_at),
        ),
    )
    document.heading(title(report), size=15)
    facts = [(_("Jongere"), name(report))]
    if report.date_of_birth:
        facts.append((_("Geboortedatum"), day(report.date_of_birth)))
    if report.municipality:
        facts.append((_("Gemeente"), report.municipality))
    facts.append((_("Gemaakt op"), moment(report.made_at)))
    if report.made_by:
        facts.append((_("Gemaakt door"), report.made_by))
    facts.append((_("Aantal keer"), str(len(report.entries))))
    document.pairs(facts)
    document.space(6)
    document.paragraph(
        _(
            "Dit overzicht laat zien wie de gegevens over deze jongere heeft vastgelegd, "
            "bekeken, afgedrukt, opgeslagen of gedeeld: wanneer, namens welke organisatie, op "
            "welk apparaat en waarom. Ook wat op een laptop zonder internet gebeurde staat "
            "erin, zodra die laptop weer verbinding had. De inhoud van de gegevens zelf staat "
            "niet in dit overzicht; die staat in het gegevensoverzicht."
        )
    )
    document.space(6)
    if report.entries:
        document.table(columns(), lines(report), shares=(11, 14, 13, 10, 13, 19, 10, 12))
    else:
        document.paragraph(_("Er is niets vastgelegd over deze jongere."))
    return document.render()


def render(report: AccessReport, form: str) -> bytes:
    if form == "pdf":
        return to_pdf(report)
    if form == "csv":
        return to_csv(report)
    raise UnknownFormat(form)


def form_of(path: Path) -> str:
    """The format a file name asks for (its extension)."""
    form = path.suffix.lower().lstrip(".")
    if form not in FORMATS:
        raise UnknownFormat(form)
    return form
