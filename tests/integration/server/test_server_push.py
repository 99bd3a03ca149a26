"""Push through real HTTP against SQLite and PostgreSQL: statuses, idempotency and scoping."""

from __future__ import annotations

import requests
from sqlalchemy import func, select

from sync.protocol import DEVICES_PATH, HEALTH_PATH, PUSH_PATH, new_id
from sync.server.admin import add_agent, revoke_device
from sync.server.db import ops, records


def _count(db, table=records, kind=None) -> int:
    q = select(func.count()).select_from(table)
    if kind is not None:
        q = q.where(table.c.kind == kind)
    with db.connect() as conn:
        return int(conn.execute(q).scalar_one())


def test_health_answers_ok_with_protocol_1(server):
    body = requests.get(server.url + HEALTH_PATH, timeout=10).json()
    assert body["status"] == "ok"
    assert body["protocol"] == 1
    assert body["server_time"].endswith("Z")


def test_device_registration_consumes_the_code(server, server_db):
    code = add_agent(server_db, username="mai", name="Trần Thị Mai", communes=["31027"])
    url = server.url + DEVICES_PATH
    wrong = requests.post(
        url, json={"username": "mai", "enrollment_code": "AAAA-BBBB-CCCC", "device_name": "x"}
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "unauthorized"
    good = requests.post(url, json={"username": "mai", "enrollment_code": code, "device_name": "x"})
    assert good.status_code == 201
    assert good.json()["agent"] == {
        "username": "mai",
        "name": "Trần Thị Mai",
        "communes": ["31027"],
        "code": "MAI0001",
    }
    reused = requests.post(
        url, json={"username": "mai", "enrollment_code": code, "device_name": "y"}
    )
    assert reused.status_code == 401
    # The used code and the wrong one get the very same answer.
    assert reused.json() == wrong.json()
    unknown = requests.post(
        url, json={"username": "nobody", "enrollment_code": code, "device_name": "y"}
    )
    assert unknown.json() == wrong.json()


def test_a_batch_sent_twice_is_stored_once(api, wire, server_db):
    hid = new_id()
    batch = [
        wire.op("household", wire.household(), record_id=hid),
        wire.op("person", wire.person(hid)),
    ]
    first = api.push(batch)
    assert [r["status"] for r in first] == ["applied", "applied"]
    assert [r["version"] for r in first] == [1, 1]
    stored = _count(server_db, ops)
    again = api.push(batch)
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["version"] for r in again] == [1, 1]
    assert _count(server_db, ops) == stored
    assert _count(server_db, kind="person") == 1


def test_an_op_id_reused_for_other_content_is_rejected(api, wire):
    one = wire.op("household", wire.household())
    assert api.push_one(one)["status"] == "applied"
    changed = {**one, "body": wire.household(address="Ấp khác")}
    result = api.push_one(changed)
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "op_reused"


def test_records_outside_the_agents_communes_are_forbidden(api, wire, server_db):
    result = api.push_one(wire.op("household", wire.household(wire.FOREIGN_COMMUNE)))
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "forbidden"
    assert _count(server_db, kind="household") == 0


def test_a_child_of_another_agents_household_is_forbidden(api, wire, agent_token):
    stranger = wire.Api(*agent_token(communes=("00004",))[:2])
    hid = new_id()
    assert (
        stranger.push_one(wire.op("household", wire.household("00004"), record_id=hid))["status"]
        == "applied"
    )
    result = api.push_one(wire.op("person", wire.person(hid)))
    assert result["error"]["code"] == "forbidden"


def test_a_child_without_its_parent_is_missing_parent(api, wire):
    result = api.push_one(wire.op("person", wire.person(new_id())))
    assert result["status"] == "rejected"
    assert result["error"] == {
        "code": "missing_parent",
        "field": "household_id",
        "message": result["error"]["message"],
    }


def test_an_invalid_body_names_the_field(api, wire):
    result = api.push_one(wire.op("household", wire.household(head_name="")))
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "invalid"
    assert result["error"]["field"] == "head_name"


def _person_in_household(api, wire):
    hid, pid = new_id(), new_id()
    results = api.push(
        [
            wire.op("household", wire.household(), record_id=hid),
            wire.op("person", wire.person(hid), record_id=pid),
        ]
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    return hid, pid


def test_a_tampered_amount_is_amount_mismatch(api, wire, server_db):
    _, pid = _person_in_household(api, wire)
    result = api.push_one(wire.op("enrollment", wire.voluntary(pid, amount=200_000)))
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "amount_mismatch"
    assert result["error"]["field"] == "amount"
    assert api.push_one(wire.op("enrollment", wire.voluntary(pid)))["status"] == "applied"
    assert _count(server_db, kind="enrollment") == 1


def test_a_receipt_number_is_used_once(api, wire):
    _, pid = _person_in_household(api, wire)
    e1, e2 = new_id(), new_id()
    batch = [
        wire.op("enrollment", wire.voluntary(pid), record_id=e1),
        wire.op("enrollment", wire.voluntary(pid, paid_on="2026-02-20"), record_id=e2),
        wire.op("receipt", wire.receipt(e1, f"{api.code}-20260301-0001")),
        wire.op("receipt", wire.receipt(e2, f"{api.code}-20260301-0001")),
    ]
    results = api.push(batch)
    assert [r["status"] for r in results] == ["applied", "applied", "applied", "rejected"]
    assert results[3]["error"]["code"] == "duplicate_number"
    wrong_amount = api.push_one(wire.op("receipt", wire.receipt(e2, f"{api.code}-2", amount=1)))
    assert wrong_amount["error"]["code"] == "amount_mismatch"


def test_a_revoked_token_gets_401(server, server_db, agent_token, wire):
    session = agent_token()
    assert wire.Api(session.base_url, session.token).push([]) == []
    with server_db.connect() as conn:
        from sync.server.db import devices

        device_id = conn.execute(select(devices.c.id)).scalars().one()
    assert revoke_device(server_db, device_id)
    response = requests.post(
        server.url + PUSH_PATH, json={"ops": []}, headers=session.headers, timeout=10
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert not revoke_device(server_db, device_id)


def test_every_sync_call_needs_a_bearer_token(server):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic eDp5"}):
        push = requests.post(server.url + PUSH_PATH, json={"ops": []}, headers=headers)
        assert push.status_code == 401
        assert push.json()["error"]["code"] == "unauthorized"


def test_the_savepoint_path_decides_like_the_bulk_path(server_db, wire):
    from sync.domain.rates import load_rates
    from sync.protocol import PushRequest
    from sync.server.auth import Caller
    from sync.server.ingest import Ingest

    add_agent(server_db, username="sp", name="Võ Thị Sáu", communes=[wire.COMMUNE])
    caller = Caller(1, "device", "sp", frozenset({wire.COMMUNE}), "SP0001")
    ingest = Ingest(server_db, load_rates(), lambda: wire.TODAY)
    hid, pid, eid = new_id(), new_id(), new_id()
    batch = [
        wire.op("household", wire.household(), record_id=hid),
        wire.op("person", wire.person(hid), record_id=pid),
        wire.op("enrollment", wire.voluntary(pid), record_id=eid),
        wire.op("receipt", wire.receipt(eid, "SP0001-1")),
        wire.op("receipt", wire.receipt(eid, "SP0001-1")),
        wire.op("household", wire.household(wire.FOREIGN_COMMUNE)),
        wire.op("household", wire.household(address="Ấp mới"), record_id=hid, base_version=1),
    ]
    ops_ = PushRequest.from_wire({"ops": batch}).ops
    slow = ingest._push(caller, ops_, deferred=False)
    assert [r.status for r in slow.results] == [
        "applied",
        "applied",
        "applied",
        "applied",
        "rejected",
        "rejected",
        "applied",
    ]
    assert [r.error.code for r in slow.results if r.error] == ["duplicate_number", "forbidden"]
    again = ingest._push(caller, ops_, deferred=False)
    assert [r.status for r in again.results][:4] == ["duplicate"] * 4
    assert _count(server_db, kind="receipt") == 1
