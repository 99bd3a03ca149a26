"""Schema version 4 -> 5 on a database holding a conflict, on SQLite and PostgreSQL: a v4
``conflicts`` table has no ``deleted`` column (made here by dropping it from a fresh database
and its version row); opening the server adds it, every stored conflict reads as an edit, and
a new conflict stores what its op was."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, inspect, select, text

from sync.server.admin import open_database
from sync.server.db import SCHEMA_VERSION, conflicts, schema_version

NOW = "2026-03-01T08:00:00.000Z"


def test_a_v4_database_gains_the_conflicts_deleted_column(tmp_path: Path, database_url) -> None:
    db = open_database(tmp_path / "server", database_url)
    with db.begin() as conn:
        conn.execute(text("ALTER TABLE conflicts DROP COLUMN deleted"))
        conn.execute(delete(schema_version))
        conn.execute(schema_version.insert().values(version=4, applied_at=NOW))
        conn.execute(
            text(
                "INSERT INTO conflicts (op_id, kind, record_id, base_version, server_version,"
                " body, fields, agent_id, device_id, created_at) VALUES ('op-1', 'person',"
                " 'rec-1', 1, 2, '{}', '[\"full_name\"]', 1, 'dev-1', :now)"
            ),
            {"now": NOW},
        )
    db.dispose()

    db = open_database(tmp_path / "server", database_url)
    try:
        with db.begin() as conn:
            assert max(conn.execute(select(schema_version.c.version)).scalars()) == SCHEMA_VERSION
            assert "deleted" in {c["name"] for c in inspect(conn).get_columns("conflicts")}
            [old] = conn.execute(select(conflicts)).all()
            assert (old.op_id, old.deleted) == ("op-1", False)
            conn.execute(
                conflicts.insert().values(
                    op_id="op-2", kind="person", record_id="rec-1", base_version=1,
                    server_version=2, body={}, fields=["full_name"], agent_id=1,
                    device_id="dev-1", created_at=NOW, deleted=True,
                )
            )  # fmt: skip
            kept = conn.execute(select(conflicts.c.deleted).where(conflicts.c.op_id == "op-2"))
            assert kept.scalar_one() is True
    finally:
        db.dispose()
