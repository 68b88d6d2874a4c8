"""Merging two registrations of one youth (from a "wie doet wat" notice or a duplicate hint).

The merge is the server's to carry out: it moves every record of the municipality about the
merged youth, not only those on this device. The app asks for it (a merge record, sent at the
next sync) and shows it as asked until the server's answer arrives; then the merged youth
leaves every device and its id leads to the kept youth (``Youths.open``). Only whoever may
change both youths (their owner, the regisseur) may merge; the server decides.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desktop.services.session import Session
from desktop.services.validation import refused
from desktop.store import merges, sync_state
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import Notice, Youth, YouthMerge
from veldwerk_core.models.errors import VeldwerkError, field_label


class NotLinked(VeldwerkError):
    message = N_(
        "Samenvoegen gebeurt op de server van je gemeente, zodat alle apparaten daarna één "
        "jongere hebben. Meld dit apparaat aan en synchroniseer."
    )


@dataclass(frozen=True)
class Explained:
    """A merge as the youth's page tells it."""

    merge: YouthMerge
    kept: bool
    """The youth asked about is the one that stayed."""
    lines: list[str]


class Merges:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def request(
        self,
        kept_id: uuid.UUID,
        merged_id: uuid.UUID,
        reason: str,
        *,
        notice_id: uuid.UUID | None = None,
    ) -> YouthMerge:
        """Ask the server to merge ``merged_id`` into ``kept_id``, with the reason why they
        are one youth."""
        if sync_state.load(self._session.vault) is None:
            raise NotLinked()
        if self._records.get(Youth, kept_id) is None:
            raise refused(YouthMerge, "youth_id", N_("Deze jongere staat niet in je kluis."))
        if kept_id == merged_id:
            raise refused(YouthMerge, "merged_id", N_("Kies een andere registratie."))
        if self._records.get(Youth, merged_id) is None:
            raise refused(YouthMerge, "merged_id", N_("Deze jongere staat niet in je kluis."))
        if not reason.strip():
            raise refused(
                YouthMerge, "reason", N_("Schrijf op waarom dit dezelfde jongere is ({label}).")
            )
        if any(
            not merge.carried_out and {merge.youth_id, merge.merged_id} == {kept_id, merged_id}
            for merge in self.of_youth(kept_id)
        ):
            raise refused(
                YouthMerge,
                "merged_id",
                N_("Het samenvoegen is al gevraagd; de server voert het uit bij de volgende sync."),
            )
        profile = self._session.profile
        return self._records.create(
            YouthMerge,
            {
                "youth_id": str(kept_id),
                "merged_id": str(merged_id),
                "reason": reason,
                "notice_id": str(notice_id) if notice_id else None,
                # The server stamps these from the identity; filled here for the offline view.
                "merged_by": profile.name,
                "merged_by_organisation": profile.organisation,
            },
        ).record

    def of_youth(self, youth_id: uuid.UUID) -> list[YouthMerge]:
        """The merges the youth took part in (kept or merged), oldest first."""
        found = self._records.select(
            YouthMerge, "youth_id = ?1 OR merged_id = ?1", (str(youth_id),)
        )
        return sorted(found, key=lambda merge: merge.created_at)

    def candidates(self, notices: list[Notice]) -> dict[uuid.UUID, Youth]:
        """Per notice, the other registration it is about, where this device holds it and no
        merge of the two was asked yet."""
        found: dict[uuid.UUID, Youth] = {}
        for notice in notices:
            other = (
                self._records.get(Notice, notice.counterpart_id) if notice.counterpart_id else None
            )
            youth = self._records.get(Youth, other.youth_id) if other is not None else None
            if youth is None or youth.id == notice.youth_id:
                continue
            pair = {notice.youth_id, youth.id}
            if not any({m.youth_id, m.merged_id} == pair for m in self.of_youth(youth.id)):
                found[notice.id] = youth
        return found

    def kept_youth(self, youth_id: uuid.UUID) -> uuid.UUID | None:
        """Where a merged registration's id leads."""
        kept = merges.kept_youth(self._session.vault, str(youth_id))
        return uuid.UUID(kept) if kept else None

    def explain(self, youth_id: uuid.UUID) -> list[Explained]:
        """Each merge of the youth in plain Dutch: what went into what, why, by whom, when,
        and what came along."""
        return [
            self._explained(merge, merge.youth_id == youth_id) for merge in self.of_youth(youth_id)
        ]

    def _title(self, youth_id: uuid.UUID) -> str:
        youth = self._records.get(Youth, youth_id)
        if youth is None:
            return str(youth_id)
        return f"{youth.full_name} ({youth.date_of_birth.strftime('%d-%m-%Y')}, {youth.wijk or youth.school or '-'})"

    def _explained(self, merge: YouthMerge, kept: bool) -> Explained:
        on = merge.created_at.strftime("%d-%m-%Y")
        if not merge.carried_out:
            lines = [
                _("Samenvoegen gevraagd op {date} door {name}.", date=on, name=merge.merged_by),
                _(
                    "{merged} gaat op in {kept}.",
                    merged=self._title(merge.merged_id),
                    kept=self._title(merge.youth_id),
                ),
                _("De server voert het uit bij de volgende synchronisatie."),
            ]
            return Explained(merge, kept, [*lines, _("Reden: {reason}", reason=merge.reason)])
        lines = [
            _(
                "Registratie {title} is op {date} samengevoegd met deze jongere door {name} "
                "({organisation}).",
                title=merge.merged_title,
                date=on,
                name=merge.merged_by,
                organisation=merge.merged_by_organisation,
            ),
            _("Reden: {reason}", reason=merge.reason),
        ]
        if merge.registered_by:
            lines.append(_("Die registratie was gemaakt door {name}.", name=merge.registered_by))
        lines.append(_("Overgenomen gegevens: {count}.", count=len(merge.moved)))
        if merge.fields_taken:
            labels = [field_label(Youth, [name]) for name in merge.fields_taken]
            lines.append(_("Overgenomen velden: {fields}.", fields=", ".join(labels)))
        return Explained(merge, kept, lines)
