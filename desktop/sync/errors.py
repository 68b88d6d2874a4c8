"""Why a sync did not happen or did not finish, in words a person can act on."""

from __future__ import annotations

from veldwerk_core.i18n import N_
from veldwerk_core.models.errors import VeldwerkError


class SyncError(VeldwerkError):
    """A sync problem that is not a bug. ``code`` is kept in the vault as the last error."""

    code = "error"
    message = N_("Synchroniseren is niet gelukt.")


class Offline(SyncError):
    code = "offline"
    message = N_(
        "De server is niet bereikbaar. Je kunt gewoon doorwerken; je wijzigingen worden "
        "verstuurd zodra er verbinding is."
    )


class EnrollmentOffline(SyncError):
    """Offline while linking: nothing waits to be sent yet, so say what to check instead."""

    code = "offline"
    message = N_(
        "De server is niet bereikbaar. Controleer het serveradres en de internetverbinding "
        "en probeer het opnieuw."
    )


class ServerUnavailable(SyncError):
    code = "server_error"
    message = N_(
        "De server heeft een storing. Je wijzigingen blijven bewaard en worden later verstuurd."
    )


class ProtocolError(SyncError):
    code = "protocol"
    message = N_(
        "Het antwoord van de server klopt niet. Is het serveradres juist? Je wijzigingen "
        "blijven bewaard."
    )


class Unauthenticated(SyncError):
    code = "unauthenticated"
    message = N_(
        "De server kent dit apparaat niet (meer). Vraag de functioneel beheerder om een nieuwe "
        "code en meld het apparaat opnieuw aan."
    )


class DeviceRevoked(SyncError):
    code = "revoked"
    message = N_(
        "Dit apparaat is ingetrokken door de functioneel beheerder. Alle gegevens op dit "
        "apparaat zijn gewist."
    )


class EnrollmentRefused(SyncError):
    code = "enrollment_failed"
    message = N_("Deze code is onbekend, al gebruikt of verlopen. Vraag een nieuwe code aan.")


class RateLimited(SyncError):
    code = "rate_limited"
    message = N_("Te veel mislukte pogingen. Probeer het over {minutes} minuten opnieuw.")

    def __init__(self, seconds: int) -> None:
        super().__init__(minutes=max(1, -(-seconds // 60)))
        self.seconds = seconds


class RequestRefused(SyncError):
    code = "refused"
    message = N_("De server weigerde het verzoek: {reason}")
    status = 0
    """The HTTP status (404: a server before the request's path existed)."""


class AppOutdated(SyncError):
    code = "app_outdated"
    message = N_(
        "Deze versie van Veldwerk is te oud voor de server van je gemeente. Werk Veldwerk bij "
        "naar de nieuwste versie; daarna synchroniseert dit apparaat weer. Je gegevens op dit "
        "apparaat blijven bewaard."
    )


class ServerOutdated(SyncError):
    code = "server_outdated"
    message = N_(
        "De server van je gemeente is ouder dan deze versie van Veldwerk en kan er nog niet mee "
        "synchroniseren. Je gegevens op dit apparaat blijven bewaard; vraag de functioneel "
        "beheerder de server bij te werken."
    )


class NotEnrolled(SyncError):
    code = "not_enrolled"
    message = N_("Dit apparaat is nog niet aangemeld bij de server.")


class SyncBusy(SyncError):
    code = "busy"
    message = N_("Er wordt al gesynchroniseerd.")
