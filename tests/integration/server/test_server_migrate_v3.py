"""Schema version 2 -> 3 on a database holding data, on SQLite and PostgreSQL: the v2 schema is
the one the server shipped (``sync/server/db.py`` at the last commit with version 2), its
records numbered up to the v2 counter, with a scope change; the server then opens it, numbers
new changes after every old one (PostgreSQL: its new SEQUENCE starts there) and a laptop that
had pulled part of it carries on from its cursor."""

from __future__ import annotations

import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import requests
from sqlalchemy import inspect, select, text

from sync.protocol import DEVICES_PATH, new_id
from sync.server.admin import add_agent
from sync.server.db import SCHEMA_VERSION, records, schema_version
from sync.server.embedded import EmbeddedServer

V2_COMMIT = "5b24dd6"  # the last commit with SCHEMA_VERSION = 2
ROOT = Path(__file__).resolve().parents[3]
NOW = "2026-03-01T08:00:00.000Z"
OLD = 40  # households stored by the v2 server


def _v2_module() -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{V2_COMMIT}:sync/server/db.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "SCHEMA_VERSION: Final = 2" in source
    module = types.ModuleType("v2_db")
    sys.modules["v2_db"] = module  # dataclasses look their module up while being defined
    try:
        exec(compile(source, "v2_db.py", "exec"), module.__dict__)
    finally:
        del sys.modules["v2_db"]
    return module


def _v2_database(data_dir: Path, database_url: str | None) -> list[str]:
    v2 = _v2_module()
    db = v2.open_engine(data_dir, database_url)
    v2.migrate(db, NOW)
    ids = [new_id() for _ in range(OLD)]
    with db.begin() as conn:
        seq = v2.lock_seq(conn)
        for rid in ids:
            seq += 1
            body = {"commune_code": "31027", "address": "Ấp 1", "head_name": "Lê Văn A"}
            conn.execute(
                v2.records.insert().values(
                    record_id=rid,
                    kind="household",
                    version=1,
                    deleted=False,
                    body=body,
                    commune_code="31027",
                    province_code="91",
                    agent_id=None,
                    seq=seq,
                    updated_at=NOW,
                    household_id=rid,
                )
            )
        # A removal for commune 31018 numbered last, and the counter left past it (numbers a
        # rolled-back v2 batch never used).
        seq += 1
        conn.execute(
            v2.scope_changes.insert().values(
                seq=seq,
                record_id=ids[0],
                kind="household",
                commune_code="31018",
                agent_id=None,
                removed=True,
                created_at=NOW,
            )
        )
        v2.store_seq(conn, seq + 5)
    db.dispose()
    return ids


def test_a_v2_database_with_data_is_migrated_and_numbers_after_it(tmp_path, database_url):
    data_dir = tmp_path / "server"
    ids = _v2_database(data_dir, database_url)
    with EmbeddedServer(data_dir, database_url=database_url, today=date(2026, 3, 1)) as server:
        db = server.db
        with db.connect() as conn:
            assert max(conn.execute(select(schema_version.c.version)).scalars()) == SCHEMA_VERSION
            names = {i["name"] for i in inspect(conn).get_indexes("records")}
            assert "ix_records_kind_province_seq" in names
            assert "seq_floors" in inspect(conn).get_table_names()
            top = conn.execute(select(records.c.seq).order_by(records.c.seq.desc())).first()
            assert top is not None
            old_top = OLD + 1 + 5  # the v2 counter
            if not db.is_sqlite:
                last = conn.execute(text("SELECT last_value FROM change_seq")).scalar_one()
                assert last >= old_top
        code = add_agent(db, username="mai", name="Mai", communes=["31027"])
        response = requests.post(
            server.url + DEVICES_PATH,
            json={"username": "mai", "enrollment_code": code, "device_name": "máy"},
            timeout=30,
        )
        token = response.json()["token"]
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        # A laptop that pulled the first half under v2 carries on from its cursor.
        with db.connect() as conn:
            where = records.c.record_id == ids[19]
            half = conn.execute(select(records.c.seq).where(where)).scalar()
        new = new_id()
        op = {
            "op_id": new_id(),
            "kind": "household",
            "record_id": new,
            "base_version": 0,
            "device_time": NOW,
            "deleted": False,
            "body": {"commune_code": "31027", "address": "Ấp 2", "head_name": "Lê Văn B"},
        }
        pushed = session.post(server.url + "/api/v1/sync/push", json={"ops": [op]}, timeout=30)
        assert pushed.json()["results"][0]["status"] == "applied"
        changes, cursor = [], half
        while True:
            page = session.get(
                server.url + "/api/v1/sync/pull", params={"cursor": cursor, "limit": 7}, timeout=30
            ).json()
            changes.extend(page["changes"])
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        households = [c["record_id"] for c in changes if c["kind"] == "household"]
        assert households == [*ids[20:], new]
        new_seq = next(c["seq"] for c in changes if c["record_id"] == new)
        assert new_seq > old_top  # after every number the v2 server handed out
        with db.connect() as conn:
            in_scope = conn.execute(
                text("SELECT count(*) FROM records WHERE commune_code = '31027' AND seq <= :c"),
                {"c": cursor},
            ).scalar_one()
        assert page["total"] >= in_scope  # references included
