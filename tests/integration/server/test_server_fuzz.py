"""Schemathesis fuzzes every operation of the server's OpenAPI document: no answer is a 500,
every answer conforms to the schema (errors included), and refused requests store nothing
beyond what valid ones did. Bounded in examples; derandomized under CI."""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
_EXAMPLES = 60


def test_schemathesis_finds_no_server_error(server, agent_token):
    session = agent_token()
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {op.label for op in operations}
    assert {"POST /api/v1/sync/push", "GET /api/v1/sync/pull", "POST /api/v1/devices"} <= labels
    for operation in operations:

        @settings(
            max_examples=_EXAMPLES,
            derandomize=_CI,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(
                base_url=server.url,
                headers=session.headers,
                checks=[not_a_server_error, response_schema_conformance],
            )

        run()
