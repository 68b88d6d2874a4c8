"""The municipality's directory: colleagues to name, hand over to or give a task, partner
organisations without an account, and the organisations a signal can be shared with.

It comes from the server with the configuration (``ConfigResponse.colleagues/partners``) and
is kept in the vault. A vault that was never enrolled and synced has none: :attr:`available`
says so, every list is empty, and naming someone raises :class:`NoDirectory`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from desktop.services.session import Session
from desktop.services.validation import refused
from desktop.store import sync_state
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.actor import Role
from veldwerk_core.models.directory import Colleague, Partner
from veldwerk_core.models.errors import RecordInvalid, VeldwerkError
from veldwerk_core.text import fold

__all__ = ["Colleague", "Directory", "NoDirectory", "Organisation", "Partner"]


class NoDirectory(VeldwerkError):
    message = N_(
        "Het adresboek met collega's en partners komt van de server van je gemeente. Meld dit "
        "apparaat aan en synchroniseer; daarna kun je collega's kiezen."
    )


@dataclass(frozen=True)
class Organisation:
    """An organisation with an account in Veldwerk: a signal can be shared with it."""

    id: str
    name: str
    regisseur: bool
    """The municipality's regisseurs work here."""


class Directory:
    """Read-only; cheap to make (one read of the stored configuration)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        config = sync_state.config(session.vault)
        state = sync_state.load(session.vault)
        self._colleagues: tuple[Colleague, ...] = tuple(config.colleagues) if config else ()
        self._partners: tuple[Partner, ...] = tuple(config.partners) if config else ()
        self.available = config is not None
        """Whether this vault holds the server's directory (enrolled and synced once)."""
        self.my_organisation_id: str | None = (
            str(state.identity.organisation_id) if state is not None else None
        )
        """The server's id of the user's organisation (None on a vault never enrolled)."""

    # -- colleagues ----------------------------------------------------------------------

    def colleagues(self) -> list[Colleague]:
        """Everyone with a case role, by organisation and name (the user included)."""
        return sorted(self._colleagues, key=lambda c: (fold(c.organisation), fold(c.name)))

    def colleague(self, user_id: str) -> Colleague | None:
        return next((c for c in self._colleagues if c.user_id == str(user_id)), None)

    @property
    def me(self) -> Colleague | None:
        return self.colleague(self._session.actor.user_id)

    def search(self, text: str) -> list[Colleague]:
        """Colleagues whose name or organisation has every typed word (accents ignored)."""
        words = fold(text).split()
        return [
            c
            for c in self.colleagues()
            if all(word in fold(f"{c.name} {c.organisation}") for word in words)
        ]

    def pick(self, text: str, *, model: type[BaseModel], field: str) -> Colleague:
        """The one colleague ``text`` means: a user id, or words that fit only one person.
        Raises NoDirectory, or RecordInvalid at ``field`` of ``model`` (none or several fit)."""
        self.require()
        found = self.colleague(text.strip())
        if found is not None:
            return found
        matches = self.search(text) if text.strip() else []
        if len(matches) == 1:
            return matches[0]
        raise _none_or_several(model, field, len(matches), N_("collega"))

    def require(self) -> None:
        if not self.available:
            raise NoDirectory()

    # -- partners ------------------------------------------------------------------------

    def partners(self) -> list[Partner]:
        return sorted(self._partners, key=lambda p: fold(p.name))

    def partner(self, text: str, *, model: type[BaseModel], field: str) -> Partner:
        """The partner organisation ``text`` names (its name, or words that fit only one)."""
        self.require()
        exact = [p for p in self._partners if fold(p.name) == fold(text.strip())]
        words = fold(text).split()
        matches = exact or [
            p for p in self.partners() if words and all(w in fold(p.name) for w in words)
        ]
        if len(matches) == 1:
            return matches[0]
        raise _none_or_several(model, field, len(matches), N_("partnerorganisatie"))

    # -- organisations -------------------------------------------------------------------

    def organisations(self) -> list[Organisation]:
        """Organisations with an account, the regisseur's first, then by name."""
        found: dict[str, Organisation] = {}
        for c in self._colleagues:
            known = found.get(c.organisation_id)
            regisseur = c.role is Role.COORDINATOR or (known is not None and known.regisseur)
            found[c.organisation_id] = Organisation(c.organisation_id, c.organisation, regisseur)
        return sorted(found.values(), key=lambda o: (not o.regisseur, fold(o.name)))

    def regisseur_organisation(self) -> Organisation | None:
        return next((o for o in self.organisations() if o.regisseur), None)

    def organisation(self, text: str, *, model: type[BaseModel], field: str) -> Organisation:
        """The organisation ``text`` names: its id, its name, or words that fit only one.
        ``regisseur`` (or ``gemeente``) is the municipality's regisseurs' organisation."""
        self.require()
        wanted = fold(text.strip())
        everything = self.organisations()
        if wanted in ("regisseur", "gemeente"):
            regisseur = self.regisseur_organisation()
            matches = [regisseur] if regisseur is not None else []
        else:
            matches = [o for o in everything if o.id == text.strip() or fold(o.name) == wanted]
            if not matches and wanted:
                matches = [o for o in everything if all(w in fold(o.name) for w in wanted.split())]
        if len(matches) == 1:
            return matches[0]
        raise _none_or_several(model, field, len(matches), N_("organisatie"))


def _none_or_several(model: type[BaseModel], field: str, count: int, what: str) -> RecordInvalid:
    if count == 0:
        return refused(
            model, field, N_("{label}: geen {what} in het adresboek past hierbij."), what=_(what)
        )
    return refused(
        model,
        field,
        N_("{label}: {count} keer een {what} in het adresboek past hierbij; wees preciezer."),
        count=count,
        what=_(what),
    )
