"""A device's activity row (``sync.server.activity.note``) on SQLite and PostgreSQL, where it is
one upsert outside a transaction since issue 12's burst work: a push adds its op statuses to
the counts, a pull only touches the times, and a call that does not bring the app version or
the outbox count keeps the stored one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from sync.server import activity
from sync.server.activity import device_activity
from sync.server.admin import open_database
from sync.server.db import Database


@pytest.fixture
def db(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    opened = open_database(tmp_path / "server", database_url)
    activity._touched.clear()
    try:
        yield opened
    finally:
        opened.dispose()


def _row(db: Database, device_id: str) -> dict[str, object]:
    with db.connect() as conn:
        row = conn.execute(
            select(device_activity).where(device_activity.c.device_id == device_id)
        ).one()
    return dict(row._mapping)


def test_pushes_add_up_and_a_pull_keeps_what_it_does_not_say(db: Database) -> None:
    activity.note(
        db,
        device_id="dev-1",
        agent_id=7,
        app_version="0.9.1",
        pending="12",
        pushed={"applied": 3, "rejected": 1},
    )
    first = _row(db, "dev-1")
    assert first["agent_id"] == 7
    assert first["app_version"] == "0.9.1"
    assert first["outbox_pending"] == 12
    assert first["ops_total"] == 4
    assert first["ops_refused"] == 1
    assert first["statuses"] == {"applied": 3, "rejected": 1}
    assert first["last_push_at"] == first["last_seen_at"]
    assert first["last_pull_at"] is None

    activity.note(
        db,
        device_id="dev-1",
        agent_id=7,
        app_version=None,
        pending=None,
        pushed={"applied": 2, "merged": 5},
    )
    second = _row(db, "dev-1")
    assert second["app_version"] == "0.9.1"  # not said: kept
    assert second["outbox_pending"] == 12
    assert second["ops_total"] == 11
    assert second["ops_refused"] == 1
    assert second["statuses"] == {"applied": 5, "merged": 5, "rejected": 1}

    activity.note(db, device_id="dev-1", agent_id=7, app_version="1.0.0", pending="0")
    third = _row(db, "dev-1")
    assert third["app_version"] == "1.0.0"
    assert third["outbox_pending"] == 0
    assert third["ops_total"] == 11
    assert third["statuses"] == {"applied": 5, "merged": 5, "rejected": 1}
    assert third["last_pull_at"] == third["last_seen_at"]
    assert third["last_push_at"] == second["last_push_at"]


def test_a_first_call_that_is_a_pull_creates_the_row(db: Database) -> None:
    activity.note(db, device_id="dev-2", agent_id=3, app_version=None, pending=None)
    row = _row(db, "dev-2")
    assert row["ops_total"] == 0
    assert row["ops_refused"] == 0
    assert row["statuses"] == {}
    assert row["last_push_at"] is None
    assert row["last_pull_at"] == row["last_seen_at"]
