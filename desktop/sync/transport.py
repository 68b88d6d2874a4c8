"""HTTP to the municipal server: timeouts, retries with backoff and jitter, typed failures.

Network errors and 5xx answers are retried (every request is safe to repeat: push is
idempotent by mutation id, the rest only reads or is meant to be repeated). A 4xx is an
answer, not a hiccup, and is never retried, except 429 when the server says how long to
wait and that wait is short. The credential never appears in logs or exception text.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from desktop.sync.errors import (
    AppOutdated,
    DeviceRevoked,
    EnrollmentRefused,
    Offline,
    ProtocolError,
    RateLimited,
    RequestRefused,
    ServerOutdated,
    ServerUnavailable,
    Unauthenticated,
)
from veldwerk_core import __version__
from veldwerk_core.protocol import (
    MIN_SERVER_PROTOCOL,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    USER_AGENT_PRODUCT,
    AccessReport,
    AgendaRequest,
    AgendaResponse,
    AuditUploadRequest,
    AuditUploadResponse,
    ConfigResponse,
    DataOverview,
    EnrollRequest,
    EnrollResponse,
    ErrorResponse,
    Identity,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    RotateResponse,
    StateResponse,
    explain,
)
from veldwerk_core.reasons import ErrorReason

log = logging.getLogger("veldwerk.sync")

M = TypeVar("M", bound=BaseModel)
API = "/api/v1"
USER_AGENT = f"{USER_AGENT_PRODUCT}/{__version__}"
"""Which app version this is: the administrator sees it per device (docs/server.md)."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    """Tries per request, the first included."""
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_retry_after: float = 60.0
    """A longer Retry-After is reported to the person instead of waited for."""

    def delay(self, retry: int, jitter: float) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random."""
        ceiling = min(self.max_delay, self.base_delay * 2.0**retry)
        return ceiling / 2 + ceiling / 2 * jitter


DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)


class Transport:
    def __init__(
        self,
        base_url: str,
        credential: str | None = None,
        *,
        client: httpx.Client | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credential = credential
        self.policy = policy or RetryPolicy()
        self._client = client or httpx.Client(timeout=DEFAULT_TIMEOUT)
        self._own_client = client is None
        self._sleep = sleep
        self._jitter = jitter
        self.retried = 0
        """Requests repeated after a failure since this transport was made (for the check)."""

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    # -- the protocol --------------------------------------------------------------------

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        answer = self._call("POST", "/enroll", request, EnrollResponse, auth=False)
        if answer.protocol_version < MIN_SERVER_PROTOCOL:
            raise ServerOutdated()
        return answer

    def whoami(self) -> Identity:
        return self._call("GET", "/device", None, Identity)

    def rotate(self) -> RotateResponse:
        return self._call("POST", "/device/rotate", None, RotateResponse)

    def push(self, request: PushRequest) -> PushResponse:
        return self._call("POST", "/sync/push", request, PushResponse)

    def pull(self, request: PullRequest) -> PullResponse:
        return self._call("POST", "/sync/pull", request, PullResponse)

    def state(self) -> StateResponse:
        return self._call("GET", "/sync/state", None, StateResponse)

    def config(self) -> ConfigResponse:
        return self._call("GET", "/config", None, ConfigResponse)

    def agenda(self, request: AgendaRequest) -> AgendaResponse:
        """The regisseur's proposed agenda for an early-signalling meeting."""
        return self._call("POST", "/meetings/agenda", request, AgendaResponse)

    def upload_audit(self, request: AuditUploadRequest) -> AuditUploadResponse:
        return self._call("POST", "/audit/upload", request, AuditUploadResponse)

    def access_report(self, youth_id: uuid.UUID) -> AccessReport:
        return self._call("GET", f"/youths/{youth_id}/access-report", None, AccessReport)

    def data_overview(self, youth_id: uuid.UUID) -> DataOverview:
        return self._call("GET", f"/youths/{youth_id}/data-overview", None, DataOverview)

    def reachable(self, timeout: float = 3.0) -> bool:
        """A cheap probe (no credential, no retries): is the server there at all?"""
        try:
            response = self._client.get(f"{self.base_url}/health", timeout=timeout)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    # -- one request ---------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        body: BaseModel | None,
        answer: type[M],
        *,
        auth: bool = True,
    ) -> M:
        headers = {
            "Accept": "application/json",
            PROTOCOL_HEADER: str(PROTOCOL_VERSION),
            "User-Agent": USER_AGENT,
        }
        if auth:
            if not self.credential:
                raise Unauthenticated()
            headers["Authorization"] = f"Bearer {self.credential}"
        content = None
        if body is not None:
            content = body.model_dump_json().encode()
            headers["Content-Type"] = "application/json"
        url = f"{self.base_url}{API}{path}"
        retry = 0
        while True:
            try:
                response = self._client.request(method, url, content=content, headers=headers)
            except httpx.TransportError as exc:
                failure: Exception = Offline()
                log.info("%s %s: %s", method, path, type(exc).__name__)
            else:
                if response.status_code < 300:
                    _check_server(response)
                    return _parse(answer, response)
                failure = _failure(response)
                if not isinstance(failure, ServerUnavailable | _Wait):
                    raise failure
                log.info("%s %s: HTTP %d", method, path, response.status_code)
            retry += 1
            if retry >= self.policy.attempts:
                raise failure.final() if isinstance(failure, _Wait) else failure
            if isinstance(failure, _Wait):
                if failure.seconds > self.policy.max_retry_after:
                    raise failure.final()
                pause = float(failure.seconds)
            else:
                pause = self.policy.delay(retry - 1, self._jitter())
            self.retried += 1
            self._sleep(pause)


class _Wait(Exception):
    """A 429 with Retry-After: wait if it is short, else tell the person."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def final(self) -> RateLimited:
        return RateLimited(self.seconds)


def _parse(answer: type[M], response: httpx.Response) -> M:
    try:
        # Read tolerantly: a newer server may send fields this version does not know.
        return answer.model_validate_json(response.content, extra="ignore")
    except ValidationError:
        log.warning("unexpected answer shape for %s", answer.__name__)
        raise ProtocolError() from None


def _server_protocol(response: httpx.Response) -> int:
    """The protocol version the server says it speaks (servers before version 2 say none)."""
    value = response.headers.get(PROTOCOL_HEADER, "1").strip()
    return int(value) if value.isdigit() else 1


def _check_server(response: httpx.Response) -> None:
    if _server_protocol(response) < MIN_SERVER_PROTOCOL:
        log.warning("server speaks protocol %d", _server_protocol(response))
        raise ServerOutdated()


def _failure(response: httpx.Response) -> Exception:
    status = response.status_code
    if status >= 500:
        return ServerUnavailable()
    if status == 429:
        try:
            seconds = int(response.headers.get("Retry-After", "60"))
        except ValueError:
            seconds = 60
        return _Wait(max(seconds, 0))
    try:
        error = ErrorResponse.model_validate_json(response.content, extra="ignore")
    except ValidationError:
        return ProtocolError()
    if error.wipe:
        return DeviceRevoked()
    if status == 401 or error.reason == ErrorReason.UNAUTHENTICATED:
        return Unauthenticated()
    if error.reason == ErrorReason.ENROLLMENT_FAILED:
        return EnrollmentRefused()
    if status == 426 or error.reason == ErrorReason.APP_OUTDATED:
        return AppOutdated()
    reason = explain(error.explanation) or ErrorReason.label_of(error.reason)
    refused = RequestRefused(reason=reason)
    refused.status = status
    return refused
