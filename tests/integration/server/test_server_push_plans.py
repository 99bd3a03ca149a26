"""A push costs what its own records cost, not the country's (issue 12): on SQLite, which keeps
no planner statistics, no statement a push runs may walk one kind of record across every
commune (``kind = ?`` alone on the kind index), as the lookup of a person's earlier enrollments
did: with a million enrollments stored, every push of a voluntary sign-up read them all."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import event

from sync.server.embedded import EmbeddedServer

from .conftest import COMMUNE, Api


def test_no_push_statement_walks_a_kind_across_the_country(
    server: EmbeddedServer, api: Api, wire: SimpleNamespace
) -> None:
    db = server.db
    if not db.is_sqlite:
        pytest.skip("PostgreSQL plans from its statistics; the walk was SQLite's choice")
    # Another commune's enrollments, so a walk over the kind would have rows to read.
    new = wire.op("household", wire.household(COMMUNE))
    pid = wire.op("person", wire.person(new["record_id"]))
    assert [r["status"] for r in api.push([new, pid])] == ["applied", "applied"]
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cur: Any, statement: str, params: Any, _c: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and not many:
            statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        enrollment = wire.op("enrollment", wire.voluntary(pid["record_id"]))
        assert api.push_one(enrollment)["status"] == "applied"
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    walks = []
    with db.engine.connect() as conn:
        for statement, params in statements:
            if "FROM records" not in statement:
                continue
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
            walks += [(statement, row[-1]) for row in plan if row[-1].endswith("(kind=?)")]
    assert walks == []
