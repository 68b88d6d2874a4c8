"""schemathesis against the live server: no server errors, every answer documented and as
the schema says, on SQLite and PostgreSQL.

Every operation is one subtest against the real ``veldwerk-server serve`` on loopback, with
``EXAMPLES`` generated requests each, sent with a valid device credential (an administrator's
for /metrics) so authenticated operations are exercised beyond the 401. UUIDs are generated
as UUIDs (a registered format), so pushes of well-formed mutations reach the push logic, not
only its validation. The schema comes from the server itself (``API_DOCS`` on: tests and
development switch it on; production leaves it off).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.schemas import BaseOpenAPISchema

from tests.server.helpers import PostgresCluster, World, copy_sqlite, running_server, settings_for
from tests.sync.fixtures import TEMPLATE

# FastAPI writes OpenAPI 3.1; schemathesis 3 supports it behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()
schemathesis.openapi.format("uuid", st.uuids().map(str))

EXAMPLES = 100
"""Per operation and database; see tests/README.md for what this costs."""
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)
Server = tuple[str, dict[str, str], dict[str, str]]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The real server over loopback on a fresh database, with enrolled devices: the url,
    a regisseur's and an administrator's headers."""
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    cluster: PostgresCluster | None = None
    name = f"f_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        url = copy_sqlite(request.getfixturevalue("sqlite_template"), folder / "server.db")
    else:
        cluster = request.getfixturevalue("pg_cluster")
        url = cluster.create_database(name, template=TEMPLATE)
    try:
        env = {"FAILED_ATTEMPTS": "100000", "API_DOCS": "true"}
        with running_server(url, folder / "data", **env) as server:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                world = World(settings_for(url), client).build()
            yield server.url, world["regisseur"].headers, world["beheerder"].headers
    finally:
        if cluster is not None:
            cluster.drop_database(name)


@pytest.fixture(scope="module")
def fuzz_schema(fuzz_server: Server) -> BaseOpenAPISchema:
    url = fuzz_server[0]
    return schemathesis.from_uri(f"{url}/openapi.json", base_url=url)


schema = schemathesis.from_pytest_fixture("fuzz_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation(case: schemathesis.Case, fuzz_server: Server) -> None:
    credential = fuzz_server[2] if case.operation.path == "/metrics" else fuzz_server[1]
    response = case.call(headers={**(case.headers or {}), **credential}, timeout=30)
    case.validate_response(response, checks=CHECKS)


def test_the_published_schema_names_every_status_each_operation_gives(
    fuzz_schema: BaseOpenAPISchema,
) -> None:
    """What the fuzzing relies on: the error statuses are in the document at all."""
    raw = fuzz_schema.raw_schema
    push = raw["paths"]["/api/v1/sync/push"]["post"]["responses"]
    assert {"200", "400", "401", "403", "413", "422", "426", "429", "500"} <= set(push)
    for path, operations in raw["paths"].items():
        for operation in operations.values():
            assert {"413", "500"} <= set(operation["responses"]), path
