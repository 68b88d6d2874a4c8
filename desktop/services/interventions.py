"""The interventions catalogue: what a youth can be referred to, by whom, for whom.

It comes from the server with the configuration (``ConfigResponse.interventions``) and is kept
in the vault; a vault that never synced uses the bundled example (``resources/config/
interventions.yaml``), so referring works on a standalone laptop too. A server of before the
catalogue sends none: then the example is used as well.
"""

from __future__ import annotations

from functools import cache

from desktop.services.config import read_yaml
from desktop.services.session import Session
from desktop.store import sync_state
from veldwerk_core.models.config import parse_config
from veldwerk_core.models.intervention import Intervention, Interventions
from veldwerk_core.models.signal import FollowUp
from veldwerk_core.resources import resource
from veldwerk_core.text import fold

__all__ = ["Catalogue", "Intervention"]

INTERVENTIONS_FILE = "interventions.yaml"


@cache
def bundled() -> tuple[Intervention, ...]:
    path = resource("config", INTERVENTIONS_FILE)
    return tuple(parse_config(Interventions, read_yaml(path), path.name).interventions)


class Catalogue:
    """Read-only; cheap to make (one read of the stored configuration)."""

    def __init__(self, session: Session) -> None:
        config = sync_state.config(session.vault)
        served = tuple(config.interventions) if config is not None else ()
        self.from_server = bool(served)
        """Whether the list is the municipality's (else the bundled example)."""
        self._all = served or bundled()

    def all(self, *, with_retired: bool = False) -> list[Intervention]:
        """The interventions in the municipality's order; retired ones only when asked (to
        name what an old referral was to)."""
        return [entry for entry in self._all if with_retired or not entry.retired]

    def get(self, intervention_id: str) -> Intervention | None:
        return next((entry for entry in self._all if entry.id == intervention_id), None)

    def for_follow_up(self, step: FollowUp, age: int | None = None) -> list[Intervention]:
        """The interventions that fit a signal's follow-up step (and the youth's age)."""
        return [entry for entry in self.all() if step in entry.follow_ups and entry.fits_age(age)]

    def search(self, text: str) -> list[Intervention]:
        """Interventions whose name, provider or target group has every typed word."""
        words = fold(text).split()
        return [
            entry
            for entry in self.all()
            if all(
                word in fold(f"{entry.name} {entry.provider} {entry.target_group}")
                for word in words
            )
        ]
