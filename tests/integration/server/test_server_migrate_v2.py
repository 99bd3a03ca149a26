"""Schema version 1 -> 2 on a database holding data, on SQLite and PostgreSQL: the v1 schema
is the one the server shipped (``sync/server/db.py`` at the commit before version 2), filled
with the cases version 2 forbids; the server then opens it and carries on."""

from __future__ import annotations

import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import requests
from sqlalchemy import select

from sync.protocol import DEVICES_PATH, new_id
from sync.server.admin import add_agent
from sync.server.db import SCHEMA_VERSION, agents, audit, receipt_numbers, records, schema_version
from sync.server.embedded import EmbeddedServer

V1_COMMIT = "8bdb862"  # the last commit with SCHEMA_VERSION = 1
ROOT = Path(__file__).resolve().parents[3]
NOW = "2026-03-01T08:00:00.000Z"


def _v1_module() -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{V1_COMMIT}:sync/server/db.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "SCHEMA_VERSION: Final = 1" in source
    module = types.ModuleType("v1_db")
    sys.modules["v1_db"] = module  # dataclasses look their module up while being defined
    try:
        exec(compile(source, "v1_db.py", "exec"), module.__dict__)
    finally:
        del sys.modules["v1_db"]
    return module


def _v1_database(data_dir: Path, database_url: str | None) -> dict[str, str]:
    v1 = _v1_module()
    db = v1.open_engine(data_dir, database_url)
    v1.migrate(db, NOW)
    ids = {name: new_id() for name in ("hh", "p1", "p2", "e1", "r1", "r2", "r3", "r4")}
    bodies = {
        "hh": ("household", {"commune_code": "31027", "address": "Ấp 1", "head_name": "Lê Văn A"}),
        "p1": (
            "person",
            {
                "household_id": ids["hh"],
                "full_name": "Lê Văn A",
                "date_of_birth": "1980-01-01",
                "sex": "male",
                "relationship": "head",
            },
        ),
        "p2": (
            "person",
            {
                "household_id": ids["hh"],
                "full_name": "Lê Thị B",
                "date_of_birth": "1982-01-01",
                "sex": "female",
                "relationship": "wife",
            },
        ),
        "e1": (
            "enrollment",
            {
                "scheme": "voluntary",
                "person_id": ids["p1"],
                "income": 1_500_000,
                "support": "other",
                "method": "monthly",
                "paid_on": "2026-03-01",
                "amount": 264_000,
            },
        ),
    }
    numbers = {"r1": "BD0001-001", "r2": "BD0001-001 ", "r3": "bd0001-002", "r4": "BD0001-003"}
    for key, number in numbers.items():
        bodies[key] = (
            "receipt",
            {
                "number": number,
                "enrollment_id": ids["e1"],
                "amount": 264_000,
                "issued_on": "2026-03-01",
            },
        )
    with db.begin() as conn:
        for agent_id, username in ((1, "mai"), (2, "lan")):
            conn.execute(
                v1.agents.insert().values(
                    id=agent_id,
                    username=username,
                    name=username,
                    code="BD0001",  # v1 let two agents share a code
                    communes=["31027"],
                    enrollment_hash=None,
                    created_at=NOW,
                )
            )
        for seq, (key, (kind, body)) in enumerate(bodies.items(), start=1):
            deleted = key == "r4"  # a deleted receipt: v1 freed its number
            conn.execute(
                v1.records.insert().values(
                    record_id=ids[key],
                    kind=kind,
                    version=1,
                    deleted=deleted,
                    body=body,
                    commune_code="31027",
                    province_code="91",
                    agent_id=1,
                    receipt_number=None if deleted or kind != "receipt" else body["number"],
                    seq=seq,
                    updated_at=NOW,
                )
            )
        v1.store_seq(conn, len(bodies))
    db.dispose()
    return ids


def test_a_v1_database_with_data_is_migrated_and_keeps_working(tmp_path, database_url):
    data_dir = tmp_path / "server"
    ids = _v1_database(data_dir, database_url)
    # The date of the enrollments written below (2026-03-01): within the paid_on window.
    with EmbeddedServer(data_dir, database_url=database_url, today=date(2026, 3, 1)) as server:
        with server.db.connect() as conn:
            # v1 goes through v2 to the newest version.
            assert max(conn.execute(select(schema_version.c.version)).scalars()) == SCHEMA_VERSION
            rows = {
                r.record_id: r
                for r in conn.execute(
                    select(records.c.record_id, records.c.household_id, records.c.live_receipt_of)
                )
            }
            reserved = dict(
                conn.execute(select(receipt_numbers.c.number, receipt_numbers.c.record_id)).all()
            )
            codes = dict(conn.execute(select(agents.c.username, agents.c.code)).all())
            notes = sorted(
                conn.execute(select(audit.c.code).where(audit.c.action == "migrate_v2")).scalars()
            )
        # Every business record knows its household (the receipt through its enrollment).
        for key in ("hh", "p1", "p2", "e1", "r1", "r2", "r3", "r4"):
            assert rows[ids[key]].household_id == ids["hh"], key
        # The first live receipt keeps the enrollment; the others are noted for review.
        assert [k for k in ("r1", "r2", "r3", "r4") if rows[ids[k]].live_receipt_of] == ["r1"]
        # Numbers in their normal form; the deleted receipt's number is reserved again.
        assert reserved == {
            "BD0001-001": ids["r1"],
            "BD0001-002": ids["r3"],
            "BD0001-003": ids["r4"],
        }
        assert codes == {"mai": "BD0001", "lan": "BD00012"}
        assert notes == [
            "agent_code_renamed",
            "duplicate_number",
            "duplicate_receipt",
            "duplicate_receipt",
        ]

        # The server carries on: the shared code is gone, reserved numbers stay reserved.
        code = add_agent(server.db, username="mai", name="Trần Thị Mai", communes=["31027"])
        token = requests.post(
            server.url + DEVICES_PATH,
            json={"username": "mai", "enrollment_code": code, "device_name": "x"},
            timeout=30,
        ).json()["token"]
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"

        def push(kind: str, body: dict) -> dict:
            op = {
                "op_id": new_id(),
                "kind": kind,
                "record_id": new_id(),
                "base_version": 0,
                "deleted": False,
                "body": body,
            }
            response = session.post(server.url + "/api/v1/sync/push", json={"ops": [op]})
            assert response.status_code == 200, response.text
            return dict(response.json()["results"][0])

        enrollment = {**dict(_enrollment_body(ids))}
        e2 = push("enrollment", enrollment)
        assert e2["status"] == "applied", e2
        with server.db.connect() as conn:
            e2_id = conn.execute(
                select(records.c.record_id).where(
                    records.c.kind == "enrollment", records.c.record_id != ids["e1"]
                )
            ).scalar_one()
        receipt = {"enrollment_id": e2_id, "amount": 264_000, "issued_on": "2026-03-01"}
        for number in ("BD0001-003", " bd0001-001"):
            result = push("receipt", {**receipt, "number": number})
            assert result["error"]["code"] == "duplicate_number", result
        assert push("receipt", {**receipt, "number": "BD0001-004"})["status"] == "applied"
        # The migrated enrollment still has its one receipt.
        again = push("receipt", {**receipt, "enrollment_id": ids["e1"], "number": "BD0001-005"})
        assert (again["error"]["code"], again["error"]["field"]) == ("invalid", "enrollment_id")

        summary = session.get(server.url + "/api/v1/reports/summary").json()["totals"]
        assert summary["receipts"] == 2  # r1 and the new one; r2, r3 no longer count


def _enrollment_body(ids: dict[str, str]) -> dict:
    return {
        "scheme": "voluntary",
        "person_id": ids["p2"],
        "income": 1_500_000,
        "support": "other",
        "method": "monthly",
        "paid_on": "2026-03-01",
        "amount": 264_000,
    }
