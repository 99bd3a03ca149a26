"""``agent-server new-code``: a fresh one-time enrollment code for an existing agent, nothing
else changed; the code printed registers a laptop, the one before it no longer does."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.server.admin import open_database
from sync.server.auth import Unauthorized, register_device

from .test_server_cli import _cli


def test_new_code_issues_a_working_code_and_keeps_the_agent(
    tmp_path: Path, database_url: str | None
) -> None:
    made = _cli(
        ["add-agent", "--username", "mai", "--name", "Trần Thị Mai", "--commune", "31027,31018"],
        tmp_path,
        database_url,
    )
    assert made.returncode == 0, made.stderr
    first = made.stdout.strip().splitlines()[-1]
    renewed = _cli(["new-code", "--username", "mai"], tmp_path, database_url)
    assert renewed.returncode == 0, renewed.stderr
    second = renewed.stdout.strip().splitlines()[-1]
    assert second != first
    db = open_database(tmp_path, database_url)
    try:
        with pytest.raises(Unauthorized):
            register_device(db, "mai", first, "Old code")
        device = register_device(db, "mai", second, "New laptop")
        assert device.agent.name == "Trần Thị Mai"
        assert sorted(device.agent.communes) == ["31018", "31027"]
    finally:
        db.dispose()
    unknown = _cli(["new-code", "--username", "ghost"], tmp_path, database_url)
    assert unknown.returncode == 2
    assert "no agent ghost" in unknown.stderr
