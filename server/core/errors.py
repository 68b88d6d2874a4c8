"""The one base of every error a request answers with (one handler turns it into JSON).

An error says its HTTP status and a reason code (veldwerk_core.reasons.ErrorReason); the app
shows its own words for the code. ``message`` is a short English note for a person reading
the raw answer (logs, curl), never personal data.
"""

from __future__ import annotations

from veldwerk_core.protocol import Text, WireFieldError
from veldwerk_core.reasons import ErrorReason


class ApiError(Exception):
    status = 400
    reason = ErrorReason.INVALID_REQUEST
    message = "The request is not valid."

    def __init__(
        self,
        *,
        errors: list[WireFieldError] | None = None,
        explanation: Text | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(self.reason.value)
        self.errors = errors or []
        self.explanation = explanation
        self.headers = headers or {}

    wipe = False


class Unauthenticated(ApiError):
    status = 401
    reason = ErrorReason.UNAUTHENTICATED
    message = "Unknown or invalid device credential."

    def __init__(self) -> None:
        super().__init__(headers={"WWW-Authenticate": "Bearer"})


class DeviceRevoked(ApiError):
    status = 403
    reason = ErrorReason.DEVICE_REVOKED
    message = "This device was revoked: it must erase its data."
    wipe = True


class EnrollmentRefused(ApiError):
    """The enrollment code is unknown, used or expired (which one is not revealed)."""

    status = 403
    reason = ErrorReason.ENROLLMENT_FAILED
    message = "Unknown, used or expired enrollment code."


class Forbidden(ApiError):
    status = 403
    reason = ErrorReason.FORBIDDEN
    message = "Not allowed for this user."


class NotFound(ApiError):
    """Absent, or not the caller's to see (which one is not revealed)."""

    status = 404
    reason = ErrorReason.NOT_FOUND
    message = "Not found."


class InvalidRequest(ApiError):
    status = 422
    reason = ErrorReason.INVALID_REQUEST
    message = "The request is not valid; see errors."


class TooLarge(ApiError):
    status = 413
    reason = ErrorReason.INVALID_REQUEST
    message = "The request body is too large."


class AppOutdated(ApiError):
    status = 426
    reason = ErrorReason.APP_OUTDATED
    message = "This app speaks an older protocol than the server serves; update the app."


class RateLimited(ApiError):
    status = 429
    reason = ErrorReason.RATE_LIMITED
    message = "Too many failed attempts; try again later."

    def __init__(self, retry_after: int) -> None:
        super().__init__(headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class InternalError(ApiError):
    """A failure the server did not foresee: the documented shape, never a stack trace; the
    log says which exception and where (api/errors.py ``LastResort``)."""

    status = 500
    reason = ErrorReason.INTERNAL_ERROR
    message = "The server could not answer this request."
