"""How strong a new passphrase is, with Dutch advice a person can follow."""

from __future__ import annotations

from dataclasses import dataclass, field

from zxcvbn import zxcvbn

from veldwerk_core.i18n import N_, _

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn 0..4: 3 = "safely unguessable" for offline attacks with a slow hash

_STRENGTH = (
    N_("Zeer zwak"),
    N_("Zwak"),
    N_("Matig"),
    N_("Sterk"),
    N_("Zeer sterk"),
)

RULES = N_(
    "Kies een wachtwoordzin van minstens 12 tekens, bijvoorbeeld vier losse woorden met een "
    "leesteken ertussen. Hij beschermt gegevens van jongeren: gebruik hem nergens anders. "
    "Wie de wachtwoordzin vergeet, kan de kluis niet meer openen."
)


@dataclass(frozen=True)
class Assessment:
    score: int
    """0 (very weak) .. 4 (very strong)."""
    problems: list[str] = field(default_factory=list)
    """What keeps the passphrase from being acceptable, translated; empty when it is."""

    @property
    def acceptable(self) -> bool:
        return not self.problems

    @property
    def strength(self) -> str:
        return _(_STRENGTH[self.score])


def assess(passphrase: str, *, avoid: tuple[str, ...] = ()) -> Assessment:
    """Judge a new passphrase; ``avoid`` lists words it should not lean on (the user's name)."""
    if not passphrase:
        return Assessment(0, [_("Vul een wachtwoordzin in.")])
    # zxcvbn slows down on long input; what matters is at the start.
    result = zxcvbn(passphrase[:100], user_inputs=[word for word in avoid if word])
    score = int(result["score"])
    problems: list[str] = []
    if len(passphrase) < MIN_LENGTH:
        problems.append(
            _("Gebruik minstens {n} tekens (nu {count}).", n=MIN_LENGTH, count=len(passphrase))
        )
    if passphrase.strip() != passphrase:
        problems.append(_("Begin of eindig niet met een spatie."))
    if score < MIN_SCORE:
        problems.append(
            _("Deze wachtwoordzin is te makkelijk te raden. Voeg een paar woorden toe.")
        )
    return Assessment(score, problems)
