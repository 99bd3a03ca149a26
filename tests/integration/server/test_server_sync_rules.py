"""Merge and conflict on stale edits, tombstones, append-only records, pulls and bad requests."""

from __future__ import annotations

import gzip
import json

import requests
from sqlalchemy import func, select

from sync.protocol import MAX_REQUEST_BYTES, PULL_PATH, PUSH_PATH, new_id
from sync.server.db import conflicts, ops, records


def _counts(db) -> tuple[int, int]:
    with db.connect() as conn:
        return (
            int(conn.execute(select(func.count()).select_from(records)).scalar_one()),
            int(conn.execute(select(func.count()).select_from(ops)).scalar_one()),
        )


def _two_devices(agent_token, wire):
    first = agent_token(username="mai")
    second = agent_token(username="lan")
    return wire.Api(*first[:2]), wire.Api(*second[:2])


def test_disjoint_edits_merge_and_same_field_edits_conflict(agent_token, wire, server_db):
    a, b = _two_devices(agent_token, wire)
    hid = new_id()
    base = wire.household()
    assert a.push_one(wire.op("household", base, record_id=hid))["version"] == 1
    # Both saw version 1; A changes the address, B the phone: disjoint -> merged.
    r1 = a.push_one(
        wire.op("household", {**base, "address": "Số 5, ấp Tân Hòa"}, record_id=hid, base_version=1)
    )
    assert (r1["status"], r1["version"]) == ("applied", 2)
    r2 = b.push_one(
        wire.op("household", {**base, "phone": "0912345678"}, record_id=hid, base_version=1)
    )
    assert (r2["status"], r2["version"]) == ("merged", 3)
    assert r2["server"]["address"] == "Số 5, ấp Tân Hòa"
    assert r2["server"]["phone"] == "0912345678"
    # B, still at version 1, changes the address too: the same field -> conflict, kept apart.
    r3 = b.push_one(
        wire.op("household", {**base, "address": "Ấp Vĩnh Lợi"}, record_id=hid, base_version=1)
    )
    assert (r3["status"], r3["version"]) == ("conflict", 3)
    assert r3["server"]["address"] == "Số 5, ấp Tân Hòa"
    with server_db.connect() as conn:
        kept = conn.execute(select(conflicts.c.body, conflicts.c.fields)).one()
    assert kept.body["address"] == "Ấp Vĩnh Lợi"
    assert kept.fields == ["address"]
    current = [c for c in a.pull_all() if c["record_id"] == hid]
    assert current[0]["version"] == 3
    assert current[0]["body"]["address"] == "Số 5, ấp Tân Hòa"


def test_a_tombstone_answers_deleted_to_later_ops(api, wire):
    hid = new_id()
    api.push_one(wire.op("household", wire.household(), record_id=hid))
    gone = api.push_one(wire.op("household", {}, record_id=hid, base_version=1, deleted=True))
    assert (gone["status"], gone["version"]) == ("applied", 2)
    later = api.push_one(wire.op("household", wire.household(), record_id=hid, base_version=2))
    assert later["status"] == "rejected"
    assert later["error"]["code"] == "deleted"
    pulled = [c for c in api.pull_all() if c["record_id"] == hid]
    assert pulled[0]["deleted"] is True
    assert pulled[0]["version"] == 2


def test_events_are_corrected_only_by_their_author(agent_token, wire):
    a, b = _two_devices(agent_token, wire)
    eid = new_id()
    event = {
        "commune_code": wire.COMMUNE,
        "type": "counselling",
        "held_on": "2026-03-01",
        "attendees": 40,
    }
    assert a.push_one(wire.op("event", event, record_id=eid))["version"] == 1
    fixed = a.push_one(wire.op("event", {**event, "attendees": 42}, record_id=eid, base_version=1))
    assert (fixed["status"], fixed["version"]) == ("applied", 2)
    other = b.push_one(wire.op("event", {**event, "attendees": 1}, record_id=eid, base_version=2))
    assert other["status"] == "rejected"
    assert other["error"]["code"] == "immutable"


def test_pull_pages_through_records_tombstones_and_reference_data(api, wire, agent_token):
    ids = [new_id() for _ in range(30)]
    api.push([wire.op("household", wire.household(), record_id=i) for i in ids])
    api.push_one(wire.op("household", {}, record_id=ids[0], base_version=1, deleted=True))
    # Someone else's commune never shows up.
    stranger = wire.Api(*agent_token(communes=("00004",))[:2])
    stranger.push_one(wire.op("household", wire.household("00004")))
    seen, cursor, pages, total = [], 0, 0, None
    while True:
        page = api.pull(cursor, 25)
        pages += 1
        assert len(page["changes"]) <= 25
        seen.extend(page["changes"])
        assert page["cursor"] >= cursor
        cursor = page["cursor"]
        # Counted only on the last page (has_more false), what the laptop compares.
        assert ("total" in page) is (not page["has_more"])
        if not page["has_more"]:
            total = page["total"]
            break
    assert pages > 2
    seqs = [c["seq"] for c in seen]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)
    assert total == len(seen)
    households = {c["record_id"]: c for c in seen if c["kind"] == "household"}
    assert set(households) == set(ids)
    assert households[ids[0]]["deleted"] is True
    kinds = {c["kind"] for c in seen}
    assert {"ref.admin_unit", "ref.rates", "ref.script", "ref.target"} <= kinds
    units = [c["body"] for c in seen if c["kind"] == "ref.admin_unit"]
    # The communes' province (An Giang, 91) and its communes, not the whole country.
    assert {u["code"] for u in units if u["level"] == "province"} == {"91"}
    assert any(u["name"] == "Xã U Minh Thượng" for u in units)
    scripts = [c["body"] for c in seen if c["kind"] == "ref.script"]
    assert {s["group"] for s in scripts} >= {"farmers", "women", "youth", "older_people"}
    # Numbers are placeholders the laptop fills from the rates (sync.domain.scripts).
    assert any("{floor_payment.other}" in p for s in scripts for p in s["points"])
    targets = {c["body"]["commune_code"] for c in seen if c["kind"] == "ref.target"}
    assert targets == {wire.COMMUNE, wire.OTHER_COMMUNE}
    # Nothing new: an empty page at the same cursor.
    last = api.pull(cursor)
    assert (last["changes"], last["cursor"], last["has_more"]) == ([], cursor, False)


def test_pull_answers_gzip_when_asked(api):
    response = api.session.get(api.base_url + PULL_PATH, params={"limit": 100}, timeout=30)
    assert response.headers["Content-Encoding"] == "gzip"
    assert len(response.json()["changes"]) == 100


def test_a_gzip_push_is_accepted(api, wire):
    body = gzip.compress(json.dumps({"ops": [wire.op("household", wire.household())]}).encode())
    response = api.session.post(
        api.base_url + PUSH_PATH,
        data=body,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "applied"


def test_garbage_requests_get_4xx_json_and_store_nothing(api, wire, server_db):
    before = _counts(server_db)
    url = api.base_url + PUSH_PATH
    good_op = wire.op("household", wire.household())
    bomb = gzip.compress(b'{"ops": [' + b" " * (MAX_REQUEST_BYTES + 10) + b"]}")
    cases = {
        "not json": (b"{nope", {}, 400, "bad_json"),
        "not utf-8": (b"\xff\xfe{}", {}, 400, "bad_json"),
        "wrong shape": (b'{"ops": {"a": 1}}', {}, 400, "bad_shape"),
        "a list": (b"[]", {}, 400, "bad_shape"),
        "unknown kind": (
            json.dumps({"ops": [{**good_op, "kind": "spaceship"}]}).encode(),
            {},
            400,
            "bad_shape",
        ),
        "good then bad": (
            json.dumps({"ops": [good_op, {"op_id": "x"}]}).encode(),
            {},
            400,
            "bad_shape",
        ),
        "NUL in text": (
            json.dumps({"ops": [{**good_op, "body": {"address": "a\x00"}}]}).encode(),
            {},
            400,
            "bad_shape",
        ),
        "NUL in a key, gzip": (
            gzip.compress(json.dumps({"ops": [{**good_op, "body": {"a\x00": 1}}]}).encode()),
            {"Content-Encoding": "gzip"},
            400,
            "bad_shape",
        ),
        # NaN and Infinity are not JSON (PostgreSQL's json type refuses them too).
        "NaN": (
            json.dumps(
                {"ops": [{**good_op, "body": {**good_op["body"], "x": float("nan")}}]}
            ).encode(),
            {},
            400,
            "bad_json",
        ),
        "huge": (b" " * (MAX_REQUEST_BYTES + 1), {}, 413, "too_large"),
        "gzip bomb": (bomb, {"Content-Encoding": "gzip"}, 413, "too_large"),
        "bad gzip": (b"\x1f\x8bnot really gzip", {"Content-Encoding": "gzip"}, 415, "bad_encoding"),
        "unknown encoding": (b"{}", {"Content-Encoding": "br"}, 415, "bad_encoding"),
    }
    for name, (data, headers, status, code) in cases.items():
        response = api.session.post(url, data=data, headers=headers, timeout=60)
        assert response.status_code == status, name
        assert response.json()["error"]["code"] == code, name
    bad_query = api.session.get(api.base_url + PULL_PATH, params={"cursor": "-1"})
    assert bad_query.status_code == 400
    assert bad_query.json()["error"]["code"] == "bad_shape"
    assert requests.get(api.base_url + "/api/v1/nothing").json()["error"]["code"] == "not_found"
    assert _counts(server_db) == before


def test_a_backslash_before_u0000_is_text_not_nul(api, wire):
    # The server looks for NUL only when the body spells \u0000; an escaped backslash followed
    # by "u0000" is ordinary text and must be stored as sent.
    address = "Ấp \\u0000 Tân Hòa"
    sent = wire.op("household", wire.household(address=address))
    assert "\\\\u0000" in json.dumps(sent)
    assert api.push_one(sent)["status"] == "applied"
    (stored,) = [c for c in api.pull_all() if c["record_id"] == sent["record_id"]]
    assert stored["body"]["address"] == address


def test_an_event_with_more_leads_than_attendees_is_rejected_on_the_field(api, wire):
    # The rule the desktop form checks (sync.domain.records._event) is the server's too.
    event = {
        "commune_code": wire.COMMUNE,
        "type": "counselling",
        "held_on": "2026-03-01",
        "attendees": 40,
        "leads": 60,
    }
    answer = api.push_one(wire.op("event", event))
    assert answer["status"] == "rejected"
    assert answer["error"]["code"] == "invalid"  # the wire's code for a domain refusal
    assert answer["error"]["field"] == "leads"
    assert "40" in answer["error"]["message"]
