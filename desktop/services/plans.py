"""Plans as documents: signing a version, viewing any version, exporting and printing.

A draft is read from the working records; a signed version from its frozen snapshot, so it
prints exactly as it was signed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop.reports.document import PlanDocument
from desktop.reports.easy_read_pdf import easy_read_pdf
from desktop.reports.files import write_atomically
from desktop.reports.plan_pdf import professional_pdf
from desktop.services.config import configuration
from desktop.services.session import Session
from desktop.services.validation import collect, validated
from desktop.store import trajectory_queries as queries
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import (
    Agreement,
    Evaluation,
    Goal,
    PlanVersion,
    Signature,
    Trajectory,
    Youth,
)
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.errors import ChangeRefused, FieldError, RecordInvalid, RecordNotFound
from veldwerk_core.models.plan import (
    PlanAgreement,
    PlanContent,
    PlanEvaluation,
    PlanGoal,
)
from veldwerk_core.models.trajectory import SignerRole

EXPORT_PURPOSE = N_("Plan opgeslagen als PDF")
EXPORT_EASY_PURPOSE = N_("Plan in makkelijke taal opgeslagen als PDF")
SIGN_PURPOSE = N_("Plan ondertekend")
PRINT_PURPOSE = N_("Plan afgedrukt")
PRINT_EASY_PURPOSE = N_("Plan in makkelijke taal afgedrukt")


@dataclass(frozen=True)
class VersionInfo:
    version: int
    signed_on: date | None
    """None: the draft that is being worked on."""


def plan_content(
    trajectory: Trajectory,
    youth: Youth,
    goals: Sequence[Goal],
    agreements: Sequence[Agreement],
    evaluations: Sequence[Evaluation],
) -> PlanContent:
    """The plan as it stands in the working records, with today's names for life domains."""
    taxonomy = configuration().taxonomy

    def domain_label(code: str) -> str:
        domain = taxonomy.life_domain(code)
        return domain.label if domain is not None else code

    return PlanContent(
        youth_name=youth.full_name,
        youth_first_name=youth.first_name,
        youth_date_of_birth=youth.date_of_birth,
        coach=trajectory.coach,
        organisation=trajectory.organisation,
        start=trajectory.start,
        planned_end=trajectory.planned_end,
        status=trajectory.status,
        help_request=trajectory.help_request,
        network=trajectory.network,
        safety_agreements=trajectory.safety_agreements,
        evaluation_dates=trajectory.evaluation_dates,
        goals=[
            PlanGoal(
                id=goal.id,
                life_domain=goal.life_domain,
                life_domain_label=domain_label(goal.life_domain),
                what=goal.what,
                how_measured=goal.how_measured,
                by_when=goal.by_when,
            )
            for goal in goals
        ],
        agreements=[
            PlanAgreement.model_validate(
                {key: value for key, value in a.dump().items() if key in PlanAgreement.model_fields}
            )
            for a in agreements
        ],
        evaluations=[
            PlanEvaluation(held_on=e.held_on, progress=e.progress, note=e.note) for e in evaluations
        ],
    )


class Plans:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def _trajectory(self, trajectory_id: uuid.UUID) -> Trajectory:
        trajectory = self._records.get(Trajectory, trajectory_id)
        if trajectory is None:
            raise RecordNotFound()
        return trajectory

    def _draft_content(self, trajectory: Trajectory) -> PlanContent:
        youth = self._records.get(Youth, trajectory.youth_id)
        if youth is None:
            raise RecordNotFound()
        return plan_content(
            trajectory,
            youth,
            queries.parts(self._records, Goal, trajectory.id),
            queries.parts(self._records, Agreement, trajectory.id),
            queries.parts(self._records, Evaluation, trajectory.id),
        )

    def _snapshot(self, trajectory_id: uuid.UUID, version: int) -> PlanVersion | None:
        return next(
            (
                item
                for item in queries.parts(self._records, PlanVersion, trajectory_id)
                if item.version == version
            ),
            None,
        )

    # -- versions ------------------------------------------------------------------------

    def versions(self, trajectory_id: uuid.UUID) -> list[VersionInfo]:
        """The draft (if the plan changed since it was last signed) and every signed version."""
        trajectory = self._trajectory(trajectory_id)
        found = [
            VersionInfo(item.version, item.signed_on)
            for item in queries.parts(self._records, PlanVersion, trajectory_id)
        ]
        if not trajectory.is_signed:
            found.insert(0, VersionInfo(trajectory.plan_version, None))
        return found

    def document(
        self, trajectory_id: uuid.UUID, version: int | None = None, *, today: date | None = None
    ) -> PlanDocument:
        """The plan of ``version`` (default: the current one) ready to show or print."""
        trajectory = self._trajectory(trajectory_id)
        printed_on = today or self._session.clock().astimezone().date()
        wanted = version or trajectory.plan_version
        if wanted == trajectory.plan_version and not trajectory.is_signed:
            return PlanDocument(self._draft_content(trajectory), wanted, None, (), printed_on)
        snapshot = self._snapshot(trajectory_id, wanted)
        if snapshot is None:
            raise RecordNotFound()
        signatures = tuple(
            item
            for item in queries.parts(self._records, Signature, trajectory_id)
            if item.plan_version == wanted
        )
        return PlanDocument(snapshot.content, wanted, snapshot.signed_on, signatures, printed_on)

    def sign(
        self, trajectory_id: uuid.UUID, signatures: Sequence[Mapping[str, Any]]
    ) -> PlanVersion:
        """Sign the current draft: freeze it as a version, with every signature, at once.

        The youth and the coach sign; a parent or carer too while the youth is under 16.
        Errors name fields as ``signatures.1.name``, or ``signers`` for a missing signer.
        """
        trajectory = self._trajectory(trajectory_id)
        if trajectory.status.is_closed:
            raise ChangeRefused(N_("Dit traject is afgesloten en kan niet meer worden gewijzigd."))
        if trajectory.is_signed:
            raise ChangeRefused(
                N_("Versie {version} van het plan is al ondertekend."),
                version=trajectory.plan_version,
            )
        errors: list[FieldError] = []
        signed = [
            collect(
                Signature,
                {**data, "trajectory_id": trajectory_id, "plan_version": trajectory.plan_version},
                f"signatures.{index}.",
                errors,
            )
            for index, data in enumerate(signatures)
        ]
        if errors:
            raise RecordInvalid(Signature.label, errors)
        valid = [item for item in signed if item is not None]
        for role in (SignerRole.YOUTH, SignerRole.COACH):
            if sum(item.signer is role for item in valid) > 1:
                raise RecordInvalid(
                    Signature.label,
                    [
                        FieldError(
                            "signers",
                            _("Ondertekenaars"),
                            _("{role} tekent maar één keer.", role=role.label),
                        )
                    ],
                )
        snapshot = validated(
            PlanVersion,
            {
                "trajectory_id": trajectory_id,
                "version": trajectory.plan_version,
                "signed_on": max((item.signed_on for item in valid), default=None),
                "signers": [item.signer for item in valid],
                "content": self._draft_content(trajectory),
            },
        )
        with self._session.vault.transaction():
            saved = self._records.save(snapshot, purpose=SIGN_PURPOSE).record
            for item in valid:
                self._records.save(item)
            self._records.update(
                Trajectory, trajectory_id, {"signed_version": trajectory.plan_version}
            )
        return saved

    # -- output --------------------------------------------------------------------------

    def render(
        self, trajectory_id: uuid.UUID, version: int | None = None, *, easy_read: bool = False
    ) -> bytes:
        document = self.document(trajectory_id, version)
        return easy_read_pdf(document) if easy_read else professional_pdf(document)

    def _audit(
        self, action: AuditAction, trajectory_id: uuid.UUID, version: int | None, purpose: str
    ) -> None:
        trajectory = self._trajectory(trajectory_id)
        snapshot = self._snapshot(trajectory_id, version) if version else None
        record = snapshot or trajectory
        self._records.audit(action, record, purpose=purpose)

    def export(
        self,
        trajectory_id: uuid.UUID,
        path: Path,
        *,
        version: int | None = None,
        easy_read: bool = False,
    ) -> Path:
        """Write the PDF where the user chose (whole or not at all) and log the export."""
        data = self.render(trajectory_id, version, easy_read=easy_read)
        with self._session.vault.transaction():
            self._audit(
                AuditAction.EXPORT,
                trajectory_id,
                version,
                EXPORT_EASY_PURPOSE if easy_read else EXPORT_PURPOSE,
            )
            write_atomically(path, data)
        return path

    def record_print(
        self, trajectory_id: uuid.UUID, version: int | None = None, *, easy_read: bool = False
    ) -> None:
        """Log that the plan went to a printer."""
        self._audit(
            AuditAction.PRINT,
            trajectory_id,
            version,
            PRINT_EASY_PURPOSE if easy_read else PRINT_PURPOSE,
        )
