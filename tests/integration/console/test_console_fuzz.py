"""Schemathesis over the console's JSON reports API (every GET of the ``console`` tag), signed
in as an administrator on a server seeded with a campaign month, on SQLite and PostgreSQL: no
5xx and every answer as the schema says. The forms (POST) carry a CSRF token the fuzzer cannot
know, so their refusals are checked by the page tests instead."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from sync.server.embedded import EmbeddedServer
from sync.server.seed_national import seed_national
from tests.integration.console.conftest import MakeSupervisor, sign_in

_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def test_schemathesis_over_the_console_api_reports_nothing(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, tmp_path: Path
) -> None:
    seed_national(
        console_server.db, enrollments=300, visits=300, month=date(2026, 11, 1), provinces=1
    )
    admin = make_supervisor("admin")
    session = sign_in(console_server.url, admin.username)
    cookie = session.cookies.get("console_session")
    command = [
        sys.executable,
        "-c",
        "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())",
        "run",
        console_server.url + "/openapi.json",
        "--checks",
        "all",
        "--phases",
        "coverage,fuzzing",
        "--include-tag",
        "console",
        "--exclude-method",
        "POST",
        "--max-examples",
        "30",
        "--workers",
        "1",
        "--continue-on-failure",
        "--no-color",
    ]
    if _CI:
        command += ["--seed", "20261201", "--generation-deterministic"]
    else:
        command += ["--generation-database", "none"]
    # The session cookie as the schema's own security scheme: schemathesis then also tries the
    # calls without it (they must answer 401).
    (tmp_path / "schemathesis.toml").write_text(
        f'[auth.openapi.console]\napi_key = "{cookie}"\n', encoding="utf-8"
    )
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    report = done.stdout[-20_000:] + done.stderr[-5_000:]
    assert done.returncode == 0, report
    assert "❌" not in done.stdout, report
    for phase in ("Coverage", "Fuzzing"):
        assert f"✅ {phase}" in done.stdout, report
