"""What a push costs the database, and the bulk writes it is made of (issue 12, the day-end burst).

- On PostgreSQL a push of new records runs a fixed handful of statements, none of them an
  ``executemany`` (psycopg drives those row by row in Python: half of a small push's CPU) and
  one for the commune locks and the floor sample together (four round trips before).
- ``bulk.insert_many`` stores JSON values exactly as the standard encoder writes them, a JSON
  null as JSON (not SQL NULL), on SQLite and PostgreSQL.
- A writer waiting for a commune's lock has no transaction id yet, so it does not hold back
  the pull horizon of every other agent while it waits.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from sync.domain.rates import load_rates
from sync.protocol import Op, new_id
from sync.server import bulk, jsonio
from sync.server.admin import open_database, vn_today
from sync.server.auth import Caller
from sync.server.db import Database, audit, begin_scoped_changes, ops
from sync.server.ingest import Ingest

COMMUNE = "31027"


@pytest.fixture
def db(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    opened = open_database(tmp_path / "server", database_url)
    try:
        yield opened
    finally:
        opened.dispose()


def _household_ops(households: int) -> list[Op]:
    out: list[Op] = []
    for _ in range(households):
        hid = new_id()
        body = {"commune_code": COMMUNE, "address": "Ấp Tân Hòa", "head_name": "Nguyễn Văn Ánh"}
        out.append(Op(new_id(), "household", hid, 0, "", False, body))
        for name in ("Trần Thị Hoà", "Lê Văn Bình"):
            member = {
                "household_id": hid,
                "full_name": name,
                "date_of_birth": "1985-04-12",
                "sex": "female",
                "relationship": "child",
            }
            out.append(Op(new_id(), "person", new_id(), 0, "", False, member))
    return out


def test_a_push_on_postgresql_is_a_few_statements_without_executemany(
    db: Database,
) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite's executemany is the C loop of sqlite3; PostgreSQL's is the issue")
    ingest = Ingest(db, load_rates(), vn_today)
    caller = Caller(1, "device-1", "an", frozenset({COMMUNE}))
    ingest.push(caller, _household_ops(2))  # warm: reference data, statement caches
    seen: list[tuple[str, bool]] = []

    def record(_conn: Any, _cur: Any, statement: str, _p: Any, _c: Any, many: bool) -> None:
        seen.append((statement, many))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        answer = ingest.push(caller, _household_ops(17))  # 51 ops
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert [r.status for r in answer.results] == ["applied"] * 51
    assert [s for s, many in seen if many] == []
    # locks + floor, stored ops, stored records, a block of numbers, and one statement for the
    # inserts of records, record_versions, ops and audit (11 before, four of them executemany;
    # then 8, an insert a table).
    assert len(seen) <= 5, [s.split("(")[0][:60] for s, _ in seen]
    with db.connect() as conn:
        stored = conn.execute(
            text("SELECT count(*), count(DISTINCT seq) FROM records WHERE kind = 'person'")
        ).one()
        floors = conn.execute(text("SELECT count(*) FROM seq_floors")).scalar_one()
    assert tuple(stored) == (38, 38)  # 2 x 2 warming, 17 x 2 measured
    assert floors >= 2  # each push left its floor sample


def test_bulk_insert_keeps_json_values_as_written(db: Database) -> None:
    """The same text as the standard encoder, Vietnamese and nesting included; a JSON null stays
    JSON (the PostgreSQL fast path would make it SQL NULL, so such rows take the other path)."""
    values: list[Any] = [
        {"name": "Nguyễn Thị Ánh", "n": [1, 2, {"x": 9_007_199_254_740_993}], "q": 'a"b'},
        [],
        "text",
        None,
    ]
    rows = [
        {
            "op_id": f"op-{i}",
            "content_hash": "h",
            "result": value,
            "agent_id": 1,
            "device_id": "d",
            "received_at": "2026-12-01T00:00:00Z",
        }
        for i, value in enumerate(values)
    ]
    with db.begin() as conn:
        bulk.insert_many(conn, ops, rows[:3])  # no null: PostgreSQL's one-statement path
        bulk.insert_many(conn, ops, rows[3:])  # a null: the executemany path
    cast = "result" if db.is_sqlite else "result::text"
    with db.connect() as conn:
        stored = dict(conn.execute(text(f"SELECT op_id, {cast} FROM ops ORDER BY op_id")).all())
    assert stored == {f"op-{i}": jsonio.dump_text(v) for i, v in enumerate(values)}


def test_inserts_of_several_tables_at_once_store_every_row(db: Database) -> None:
    """``bulk.insert_tables``: one statement on PostgreSQL for the tables whose rows can go as
    JSON, the others (a JSON null) apart; every row stored with its values as written."""
    op_rows = [
        {
            "op_id": f"op-{i}",
            "content_hash": "h",
            "result": value,
            "agent_id": 1,
            "device_id": "d",
            "received_at": "2026-12-01T00:00:00Z",
        }
        for i, value in enumerate([{"status": "applied", "n": "Ánh"}, None])
    ]
    audit_rows = [
        {
            "at": "2026-12-01T00:00:00Z",
            "agent_id": 1,
            "device_id": "d",
            "action": "push",
            "op_id": f"op-{i}",
            "kind": "household",
            "record_id": f"r-{i}",
            "status": "applied",
            "code": None,
        }
        for i in range(3)
    ]
    seen: list[str] = []

    def record(_conn: Any, _cur: Any, statement: str, _p: Any, _c: Any, _many: bool) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.begin() as conn:
            bulk.insert_tables(conn, [(ops, op_rows[:1]), (audit, audit_rows), (ops, [])])
            bulk.insert_tables(conn, [(audit, []), (ops, op_rows[1:])])
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    if not db.is_sqlite:
        assert len(seen) == 2  # ops and audit in one, the JSON null apart
    cast = "result" if db.is_sqlite else "result::text"
    with db.connect() as conn:
        stored = dict(conn.execute(text(f"SELECT op_id, {cast} FROM ops ORDER BY op_id")).all())
        logged = conn.execute(text("SELECT op_id, record_id FROM audit ORDER BY op_id")).all()
    assert stored == {r["op_id"]: jsonio.dump_text(r["result"]) for r in op_rows}
    assert [tuple(r) for r in logged] == [(f"op-{i}", f"r-{i}") for i in range(3)]


def test_a_writer_waiting_for_a_commune_lock_has_no_transaction_id(db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time and no horizon")
    with db.engine.connect() as first:
        tx = first.begin()
        begin_scoped_changes(first, [COMMUNE], 1)
        done = threading.Event()
        errors: list[BaseException] = []

        def second() -> None:
            try:
                with db.begin() as conn:
                    conn.execute(text("SET LOCAL application_name = 'second-writer'"))
                    begin_scoped_changes(conn, [COMMUNE], 2)
            except BaseException as exc:  # reported below
                errors.append(exc)
            finally:
                done.set()

        worker = threading.Thread(target=second)
        worker.start()
        waiting = None
        with db.connect() as watch:
            while waiting is None and not done.is_set():
                waiting = watch.execute(
                    text(
                        "SELECT backend_xid IS NULL AS no_xid FROM pg_stat_activity"
                        " WHERE application_name = 'second-writer' AND wait_event = 'advisory'"
                    )
                ).first()
                watch.rollback()  # a fresh snapshot of pg_stat_activity on the next read
        assert not done.is_set(), "the second writer did not wait for the commune's lock"
        assert waiting is not None
        assert waiting.no_xid
        tx.commit()
    assert done.wait(30)
    worker.join()
    assert errors == []
