"""Why a device logged an access, as a code, and a device's log entry as it is uploaded.

The app's services note a purpose as a message id (``N_("Dossier bekeken")``); a deletion
notes the reason a person typed. Only codes leave the device: a purpose this list knows
becomes its code, anything else (typed text, a count) is left out. Entries hold no values,
only kinds, ids, the action, field names and the moment.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any

from veldwerk_core.i18n import LANGUAGES, N_, catalogue
from veldwerk_core.models.choice import Choice
from veldwerk_core.protocol import MAX_AUDIT_FIELDS, MAX_AUDIT_YOUTHS, DeviceAuditEntry

_CODE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class AuditPurpose(Choice):
    """The purposes the app notes; the label is the message id the services use."""

    YOUTH_READ = ("youth_read", N_("Dossier bekeken"))
    TIMELINE = ("timeline", N_("Tijdlijn bekeken"))
    SIGNAL_READ = ("signal_read", N_("Signaal bekeken"))
    GROUP_READ = ("group_read", N_("Groep bekeken"))
    SCREENING_READ = ("screening_read", N_("Screening bekeken"))
    SCREENING_HISTORY = ("screening_history", N_("Screeninggeschiedenis bekeken"))
    TRAJECTORY_READ = ("trajectory_read", N_("Traject bekeken"))
    PLAN_SIGNED = ("plan_signed", N_("Plan ondertekend"))
    PLAN_EXPORT = ("plan_export", N_("Plan opgeslagen als PDF"))
    PLAN_EXPORT_EASY = ("plan_export_easy", N_("Plan in makkelijke taal opgeslagen als PDF"))
    PLAN_PRINT = ("plan_print", N_("Plan afgedrukt"))
    PLAN_PRINT_EASY = ("plan_print_easy", N_("Plan in makkelijke taal afgedrukt"))
    MEETING_EXPORT = ("meeting_export", N_("Verslag van het overleg opgeslagen als PDF"))
    INVOLVEMENT_REMOVED = ("involvement_removed", N_("Betrokkene verwijderd"))
    INSTRUMENT_IMPORT = ("instrument_import", N_("Instrument geïmporteerd"))
    CONFLICT_DELETE = ("conflict_delete", N_("Verwijderd bij het oplossen van een conflict"))
    ACCESS_REPORT = ("access_report", N_("Inzageoverzicht opgeslagen"))
    DATA_OVERVIEW = ("data_overview", N_("Gegevensoverzicht opgeslagen"))

    @classmethod
    def code_of(cls, purpose: str) -> str | None:
        """The code of a noted purpose (its message id, or its text in a language the app
        speaks); None for anything else, which stays on the device."""
        return _codes().get(purpose.strip())


@cache
def _codes() -> dict[str, str]:
    found: dict[str, str] = {}
    for language in LANGUAGES:
        translations = catalogue(language)
        for member in AuditPurpose:
            found[translations.get(member._label, member._label)] = member.value
    for member in AuditPurpose:
        found[member._label] = member.value
    return found


def _code(value: Any, longest: int) -> str | None:
    text = str(value or "")
    if 0 < len(text) <= longest and text[0].isalpha() and set(text) <= _CODE_CHARS:
        return text
    return None


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def upload_entry(data: Mapping[str, Any]) -> DeviceAuditEntry:
    """A stored device entry (``AuditEvent.dump()``) as uploaded: whatever is not a code or
    an id is left out, so every stored entry fits the wire and none can carry text."""
    youths = [found for found in map(_uuid, data.get("youth_ids") or ()) if found is not None]
    fields = [name for name in (_code(f, 40) for f in data.get("fields") or ()) if name]
    record_id = _uuid(data["record_id"]) if data.get("record_id") else None
    return DeviceAuditEntry(
        id=uuid.UUID(str(data["id"])),
        at=data["created_at"],
        action=_code(data.get("action"), 23) or "unknown",
        record_kind=_code(data.get("record_kind"), 40),
        record_id=record_id,
        youth_ids=sorted(set(youths))[:MAX_AUDIT_YOUTHS],
        purpose=AuditPurpose.code_of(str(data.get("purpose") or "")),
        fields=fields[:MAX_AUDIT_FIELDS],
    )
