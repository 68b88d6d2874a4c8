"""Reason codes: why the server refused, removed or could not apply something.

The server sends only the code; the app shows the label, in the person's language. A code this
version of the app does not know yet (a newer server) is shown with :meth:`Choice.label_of`'s
fallback instead of failing.
"""

from __future__ import annotations

from veldwerk_core.i18n import N_
from veldwerk_core.models.choice import Choice


class RejectReason(Choice):
    """Why the server refused a mutation; the label is the message a person reads."""

    INVALID = ("invalid", N_("Het gegeven is niet geldig."))
    CHANGE_REFUSED = ("change_refused", N_("Dit gegeven kan niet meer worden gewijzigd."))
    OUT_OF_SCOPE = ("out_of_scope", N_("Je hebt geen toegang tot dit gegeven of deze jongere."))
    ROLE = ("role", N_("Met jouw rol kun je dit soort gegeven niet wijzigen."))
    ID_TAKEN = ("id_taken", N_("Dit kenmerk hoort al bij een ander gegeven."))
    NOT_OWNER = (
        "not_owner",
        N_("Alleen de organisatie die dit gegeven vastlegde, kan het wijzigen of verwijderen."),
    )
    MUTATION_REUSED = (
        "mutation_reused",
        N_("Dit wijzigingsnummer is al gebruikt voor een andere wijziging."),
    )
    DESTROYED = (
        "destroyed",
        N_(
            "Dit gegeven is vernietigd: de bewaartermijn is verstreken of het is op verzoek gewist."
        ),
    )
    MERGED = (
        "merged",
        N_("Deze jongere is samengevoegd met een andere registratie; wijzig die registratie."),
    )


class ConflictReason(Choice):
    CONCURRENT_EDIT = (
        "concurrent_edit",
        N_("Iemand anders heeft dezelfde velden intussen gewijzigd."),
    )
    EDIT_AFTER_DELETE = ("edit_after_delete", N_("Het gegeven is intussen verwijderd."))
    PROPOSAL = (
        "proposal",
        N_("Een voorstel van een andere organisatie; de eigenaar neemt het over of wijst het af."),
    )
    DELETE_AFTER_EDIT = (
        "delete_after_edit",
        N_("Het gegeven is intussen gewijzigd; het is niet verwijderd."),
    )


class RemovalReason(Choice):
    DELETED = ("deleted", N_("Verwijderd"))
    OUT_OF_SCOPE = ("out_of_scope", N_("Niet meer zichtbaar voor jou"))
    EXPIRED = ("expired", N_("Bewaartermijn verstreken"))
    ERASED = ("erased", N_("Vernietigd op verzoek"))
    MERGED = ("merged", N_("Samengevoegd met een andere registratie"))


class ErrorReason(Choice):
    """Machine-readable reason of an error response; the message is Dutch."""

    UNAUTHENTICATED = ("unauthenticated", N_("Dit apparaat is niet (meer) aangemeld."))
    DEVICE_REVOKED = (
        "device_revoked",
        N_("Dit apparaat is ingetrokken. De gegevens op dit apparaat worden gewist."),
    )
    ENROLLMENT_FAILED = (
        "enrollment_failed",
        N_("Deze code is onbekend, al gebruikt of verlopen. Vraag een nieuwe code aan."),
    )
    RATE_LIMITED = ("rate_limited", N_("Te veel mislukte pogingen. Probeer het later opnieuw."))
    INVALID_REQUEST = ("invalid_request", N_("Het verzoek is niet geldig."))
    FORBIDDEN = ("forbidden", N_("Je hebt geen toegang tot dit gegeven."))
    NOT_FOUND = ("not_found", N_("Dit gegeven bestaat niet (meer)."))
    INTERNAL_ERROR = (
        "internal_error",
        N_("Er ging iets mis op de server. Probeer het later opnieuw."),
    )
    APP_OUTDATED = (
        "app_outdated",
        N_(
            "Deze versie van Veldwerk is te oud voor de server van je gemeente. Werk Veldwerk "
            "bij naar de nieuwste versie; je gegevens op dit apparaat blijven bewaard."
        ),
    )


TOO_LARGE = N_(
    "Het verzoek is te groot: hoogstens {limit} MB. Verstuur minder wijzigingen tegelijk."
)
"""Why a request was refused as too large (HTTP 413), with the limit in MB as ``limit``."""
