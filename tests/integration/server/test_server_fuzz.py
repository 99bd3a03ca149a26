"""Schemathesis with every check (``--checks all``), its coverage and fuzzing phases,
authenticated with a real device token, against a real server seeded with demo data, on SQLite
and PostgreSQL: no 5xx, every answer as the schema says (status, headers, body), schema-valid
requests accepted and schema-violating ones refused, 405 with ``Allow``. Bounded in examples
(about half a minute per database); a fixed seed under CI.

Also: the schema's enums are the protocol's tuples, so a client generated from it is right.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from sync import protocol
from sync.demo import DEMO_AGENT
from sync.protocol import DEVICES_PATH
from sync.server.admin import seed_demo
from sync.server.embedded import EmbeddedServer

_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
_EXAMPLES = 100
_SEED = 20261201


def _cli() -> list[str]:
    return [
        sys.executable,
        "-c",
        "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())",
    ]


@pytest.fixture
def seeded(tmp_path: Path, database_url: str | None) -> Iterator[tuple[EmbeddedServer, str]]:
    """A server with demo data and the demo agent's device token; registrations are not
    throttled here, so the fuzzer reaches the registration's parsing (the rate limit has its
    own tests in test_server_limits.py)."""
    with EmbeddedServer(
        tmp_path / "server", database_url=database_url, device_rate="100000/minute"
    ) as server:
        code = seed_demo(server.db, households=20)
        response = requests.post(
            server.url + DEVICES_PATH,
            json={"username": DEMO_AGENT["username"], "enrollment_code": code, "device_name": "x"},
            timeout=30,
        )
        assert response.status_code == 201, response.text
        yield server, response.json()["token"]


def test_schemathesis_with_all_checks_reports_nothing(seeded, tmp_path):
    server, token = seeded
    command = [
        *_cli(),
        "run",
        server.url + "/openapi.json",
        "--checks",
        "all",
        "--phases",
        "coverage,fuzzing",
        "--header",
        f"Authorization: Bearer {token}",
        "--max-examples",
        str(_EXAMPLES),
        "--workers",
        "1",
        "--continue-on-failure",
        "--no-color",
    ]
    if _CI:
        command += ["--seed", str(_SEED), "--generation-deterministic"]
    else:
        command += ["--generation-database", "none"]
    # In a folder of its own: no schemathesis.toml or example database of ours is read.
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    report = done.stdout[-20_000:] + done.stderr[-5_000:]
    assert done.returncode == 0, report
    assert "No issues found" in done.stdout, report
    for phase in ("Coverage", "Fuzzing"):
        assert f"✅ {phase}" in done.stdout, report


def _enum_of(schema: dict[str, Any], model: str, prop: str) -> list[str]:
    return list(schema["components"]["schemas"][model]["properties"][prop]["enum"])


def test_the_schema_literals_are_the_protocols(server):
    doc = requests.get(server.url + "/openapi.json", timeout=30).json()
    assert _enum_of(doc, "OpModel", "kind") == list(protocol.KINDS)
    assert _enum_of(doc, "OpResultModel", "status") == list(protocol.STATUSES)
    assert _enum_of(doc, "OpErrorModel", "code") == list(protocol.OP_ERROR_CODES)
    assert _enum_of(doc, "ErrorDetail", "code") == list(protocol.REQUEST_ERROR_CODES)
    assert _enum_of(doc, "ChangeModel", "kind") == list(protocol.KINDS + protocol.REF_KINDS)
    ops = doc["components"]["schemas"]["PushRequestModel"]["properties"]["ops"]
    assert ops["maxItems"] == protocol.MAX_BATCH_OPS
    op = doc["components"]["schemas"]["OpModel"]["properties"]
    for key in ("op_id", "record_id"):
        assert op[key]["pattern"].strip("^$") in protocol._UUID.pattern
    (version,) = [s for s in op["base_version"]["anyOf"] if s.get("type") == "integer"]
    assert (version["minimum"], version["maximum"]) == (0, protocol.MAX_VERSION)
    assert {"type": "null"} in op["base_version"]["anyOf"]
    assert op["device_time"]["maxLength"] == protocol.MAX_ID_LENGTH
    assert str(protocol.MAX_RECORD_BYTES) in op["body"]["description"]
    assert str(protocol.MAX_BODY_DEPTH) in op["body"]["description"]
    device = doc["components"]["schemas"]["DeviceRequestModel"]
    assert {p["maxLength"] for p in device["properties"].values()} == {protocol.MAX_TEXT_LENGTH}
    assert str(protocol.MAX_DEVICE_REQUEST_BYTES) in device["description"]
    registration = doc["paths"][protocol.DEVICES_PATH]["post"]["responses"]
    assert "Retry-After" in registration["429"]["headers"]
    pull = {p["name"]: p["schema"] for p in doc["paths"][protocol.PULL_PATH]["get"]["parameters"]}
    assert pull["limit"]["maximum"] == protocol.MAX_PULL_LIMIT
    assert pull["cursor"]["minimum"] == 0
