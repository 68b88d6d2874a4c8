"""schemathesis against /openapi.json: no server errors, every answer matches the schema.

Every operation is one test against the real server on loopback: a few generated requests
each, sent with a valid device credential so authenticated operations are exercised beyond
the 401. Runs on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.schemas import BaseOpenAPISchema

from tests.server.helpers import World, running_server, settings_for

# FastAPI writes OpenAPI 3.1; schemathesis 3 supports it behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()

CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.fixture
def fuzz_server(pg_url: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The real server over loopback, with enrolled devices."""
    with running_server(pg_url, tmp_path, FAILED_ATTEMPTS="100000") as server:
        with httpx.Client(base_url=server.url) as client:
            world = World(settings_for(pg_url), client).build()
        yield server.url, world["regisseur"].headers


@pytest.fixture
def fuzz_schema(fuzz_server: tuple[str, dict[str, str]]) -> BaseOpenAPISchema:
    url = fuzz_server[0]
    return schemathesis.from_uri(f"{url}/openapi.json", base_url=url)


schema = schemathesis.from_pytest_fixture("fuzz_schema")


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation(case: schemathesis.Case, fuzz_server: tuple[str, dict[str, str]]) -> None:
    response = case.call(headers={**(case.headers or {}), **fuzz_server[1]}, timeout=30)
    case.validate_response(response, checks=CHECKS)
