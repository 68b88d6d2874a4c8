"""Vault errors a person can act on (environment errors), as opposed to bugs."""

from __future__ import annotations

from veldwerk_core.i18n import N_
from veldwerk_core.models.errors import VeldwerkError


class VaultError(VeldwerkError):
    message = N_("De kluis kan niet worden gebruikt.")


class VaultMissing(VaultError):
    message = N_("Er is nog geen kluis op deze computer. Maak eerst een kluis aan.")


class VaultExists(VaultError):
    message = N_("Er bestaat hier al een kluis; een nieuwe zou die overschrijven.")


class WrongPassphrase(VaultError):
    message = N_("De wachtwoordzin is onjuist. Let op hoofdletters en probeer het opnieuw.")


class VaultInUse(VaultError):
    message = N_("De kluis is al geopend door een ander Veldwerk-venster. Sluit dat eerst.")


class VaultTooNew(VaultError):
    message = N_(
        "Deze kluis is gemaakt met een nieuwere versie van Veldwerk (schema {found}, "
        "deze versie kent tot {known}). Werk Veldwerk bij."
    )


class VaultLocked(VaultError):
    message = N_("De kluis is vergrendeld. Ontgrendel hem eerst.")


class StorageFull(VaultError):
    message = N_("De schijf is vol. Maak ruimte vrij; er is niets verloren gegaan.")


class StorageFailure(VaultError):
    message = N_(
        "De kluis kon niet worden gelezen of geschreven (schijffout). Er is niets opgeslagen; "
        "probeer het opnieuw of neem contact op met de functioneel beheerder."
    )
