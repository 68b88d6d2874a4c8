"""What a printed plan is made of: the content, which version, and who signed it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from veldwerk_core.models.plan import PlanContent, required_signers
from veldwerk_core.models.trajectory import Signature, SignerRole


@dataclass(frozen=True)
class PlanDocument:
    content: PlanContent
    version: int
    signed_on: date | None
    """None for a draft: it prints with empty signature lines."""
    signatures: tuple[Signature, ...]
    printed_on: date

    @property
    def is_draft(self) -> bool:
        return self.signed_on is None

    def signer_slots(self) -> list[tuple[SignerRole, Signature | None]]:
        """A block per signature; a draft gets an empty block per signer it needs."""
        if not self.is_draft:
            return [(signature.signer, signature) for signature in self.signatures]
        roles = required_signers(self.content.youth_date_of_birth, self.printed_on)
        return [(role, None) for role in roles]

    def default_signer_name(self, role: SignerRole) -> str:
        if role is SignerRole.YOUTH:
            return self.content.youth_name
        if role is SignerRole.COACH:
            return self.content.coach
        return ""
