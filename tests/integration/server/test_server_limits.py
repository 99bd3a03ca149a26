"""The server's limits through real HTTP, on SQLite and PostgreSQL: record depth and size,
``base_version`` null, the small body and rate limit of the call without a token, 405 with
``Allow``, the report's date parameters. Every refusal stores nothing and names its field."""

from __future__ import annotations

import gzip
import json
import threading

import orjson
import pytest
import requests
from sqlalchemy import func, select

from sync.protocol import (
    DEVICES_PATH,
    HEALTH_PATH,
    MAX_BATCH_OPS,
    MAX_BODY_DEPTH,
    MAX_DEVICE_REQUEST_BYTES,
    MAX_RECORD_BYTES,
    PULL_PATH,
    PUSH_PATH,
    dump_json,
    new_id,
)
from sync.server.admin import add_agent
from sync.server.db import records
from sync.server.ratelimit import DEVICE_RATE

REPORT_PATH = "/api/v1/reports/summary"
# Deeper than orjson writes (254) and close to what the standard library reads back (~990).
DEEP_STORED = 960


def _count(db) -> int:
    """Business records (reference data is there from the start)."""
    query = select(func.count()).select_from(records).where(~records.c.kind.like("ref.%"))
    with db.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _deep(depth: int) -> object:
    """A value ``depth`` containers deep, built without recursion."""
    value: object = []
    for i in range(depth - 1):
        value = [value] if i % 2 else {"k": value}
    return value


def _raw_push(api, op: dict, **kwargs) -> requests.Response:
    data = dump_json({"ops": [op]})
    return api.session.post(api.base_url + PUSH_PATH, data=data, timeout=60, **kwargs)


# -- defect 2: deep JSON ----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_BODY_DEPTH + 1, 300, 900, 1_000, 1_100, 5_000])
def test_a_deep_body_is_refused_naming_body_and_nothing_is_stored(api, wire, server_db, depth):
    before = _count(server_db)
    # The household's own fields are valid: only the unknown field is too deep. The body is
    # one level, so "extra" holds depth - 1 more (written as text: json.dumps would recurse).
    op = wire.op("household", wire.household(extra="DEEP"))
    deep = b"[" * (depth - 1) + b"]" * (depth - 1)
    data = dump_json({"ops": [op]}).replace(b'"DEEP"', deep)
    response = api.session.post(api.base_url + PUSH_PATH, data=data, timeout=60)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_shape"
    if depth <= 1_000:  # deeper, the parser itself stops (orjson at 1,024 levels): no field
        assert error["field"] == "body"
        assert f"more than {MAX_BODY_DEPTH} levels" in error["message"]
    assert _count(server_db) == before
    assert api.pull()["changes"] is not None  # pulls still answer


def test_a_body_at_the_depth_limit_is_stored_and_pulled_intact(api, wire):
    extra = _deep(MAX_BODY_DEPTH - 1)
    op = wire.op("household", wire.household(extra=extra))
    assert api.push_one(op)["status"] == "applied"
    (change,) = [c for c in api.pull_all() if c["record_id"] == op["record_id"]]
    assert change["body"]["extra"] == extra


def test_a_record_stored_deep_before_the_limit_still_pulls(api, wire, server_db):
    # Data written before the limit existed (or by hand) may be deeper than orjson writes
    # (254 levels) and than the standard library writes from a worker thread; a pull page
    # holding it must still answer.
    op = wire.op("household", wire.household())
    assert api.push_one(op)["status"] == "applied"
    deep = b"[" * DEEP_STORED + b"]" * DEEP_STORED
    text = dump_json(wire.household(extra="DEEP")).replace(b'"DEEP"', deep).decode()
    if server_db.is_sqlite:
        sql = "UPDATE records SET body = ? WHERE record_id = ?"
    else:
        sql = "UPDATE records SET body = CAST(%s AS json) WHERE record_id = %s"
    with server_db.begin() as conn:
        conn.exec_driver_sql(sql, (text, op["record_id"]))
    for accept in ("gzip", "identity"):
        response = api.session.get(
            api.base_url + PULL_PATH, headers={"Accept-Encoding": accept}, timeout=60
        )
        assert response.status_code == 200, response.text[:300]
        changes = orjson.loads(response.content)["changes"]  # orjson reads 1,024 levels
        (change,) = [c for c in changes if c["record_id"] == op["record_id"]]
        assert change["body"] == orjson.loads(text)


# -- defect 9: size of one record -----------------------------------------------------------------


def _household_of_size(wire, size: int) -> dict:
    body = wire.household(note="")
    body["note"] = "x" * (size - len(dump_json(body)))
    assert len(dump_json(body)) == size
    return body


def test_a_record_at_the_size_limit_is_stored_and_one_byte_more_is_refused(api, wire, server_db):
    at_limit = wire.op("household", _household_of_size(wire, MAX_RECORD_BYTES))
    assert api.push_one(at_limit)["status"] == "applied"
    stored = _count(server_db)
    over = wire.op("household", _household_of_size(wire, MAX_RECORD_BYTES + 1))
    response = _raw_push(api, over)
    assert response.status_code == 413, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("too_large", "body")
    assert str(MAX_RECORD_BYTES) in error["message"]
    assert _count(server_db) == stored


def test_megabyte_records_that_gzip_small_are_refused(api, wire, server_db):
    # The report's case: records of a few MiB of one letter cost kilobytes of upload.
    ops = [wire.op("household", wire.household(junk="A" * (3 * 1024 * 1024))) for _ in range(2)]
    packed = gzip.compress(dump_json({"ops": ops}))
    assert len(packed) < 64 * 1024
    response = api.session.post(
        api.base_url + PUSH_PATH,
        data=packed,
        headers={"Content-Encoding": "gzip"},
        timeout=60,
    )
    assert response.status_code == 413
    assert response.json()["error"]["field"] == "body"
    assert _count(server_db) == 0


def test_more_than_max_batch_ops_is_too_large_as_a_400(api, wire):
    ops = [wire.op("household", wire.household()) for _ in range(MAX_BATCH_OPS + 1)]
    response = api.session.post(api.base_url + PUSH_PATH, json={"ops": ops}, timeout=60)
    # A rule the schema states (maxItems) is answered like the other schema violations.
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_large"
    assert response.json()["error"]["field"] == "ops"


# -- base_version null ----------------------------------------------------------------------------


def test_base_version_null_or_absent_creates_a_record_like_zero(api, wire):
    null = wire.op("household", wire.household())
    null["base_version"] = None
    assert api.push_one(null) == {"op_id": null["op_id"], "status": "applied", "version": 1}
    absent = wire.op("household", wire.household())
    del absent["base_version"]
    assert api.push_one(absent)["status"] == "applied"
    # The same op resent with 0 (or absent) is a duplicate, not op_reused.
    without = {k: v for k, v in null.items() if k != "base_version"}
    for variant in ({**null, "base_version": 0}, without):
        result = api.push_one(variant)
        assert (result["status"], result["version"]) == ("duplicate", 1)
    zero_first = wire.op("household", wire.household())
    assert api.push_one(zero_first)["status"] == "applied"
    assert api.push_one({**zero_first, "base_version": None})["status"] == "duplicate"


def test_the_same_op_twice_in_one_batch_is_applied_once(api, wire, server_db):
    one = wire.op("household", wire.household())
    other_content = {**one, "body": wire.household(address="Ấp khác")}
    results = api.push([one, one, other_content])
    assert [r["status"] for r in results] == ["applied", "duplicate", "rejected"]
    assert results[2]["error"]["code"] == "op_reused"
    assert _count(server_db) == 1


# -- defect 10: the call without a token ----------------------------------------------------------


def _registration(username: str = "nobody", code: str = "AAAA-BBBB-CCCC") -> dict:
    return {"username": username, "enrollment_code": code, "device_name": "Laptop"}


def test_device_registrations_are_rate_limited_per_address(server):
    allowed = int(DEVICE_RATE.split("/")[0])
    url = server.url + DEVICES_PATH
    for _ in range(allowed):
        assert requests.post(url, json=_registration(), timeout=30).status_code == 401
    # /health keeps answering while the address is throttled.
    refused = requests.post(url, json=_registration(), timeout=30)
    assert requests.get(server.url + HEALTH_PATH, timeout=30).status_code == 200
    assert refused.status_code == 429
    assert refused.headers["Content-Type"] == "application/json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "rate_limited"
    # Even a good code waits: the limit is counted before anything is read.
    code = add_agent(server.db, username="mai", name="Trần Thị Mai", communes=["31027"])
    good = requests.post(url, json=_registration("mai", code), timeout=30)
    assert good.status_code == 429
    assert requests.get(server.url + HEALTH_PATH, timeout=30).status_code == 200


def test_a_burst_of_registrations_gets_429_and_health_answers_meanwhile(server):
    url = server.url + DEVICES_PATH
    statuses: list[int] = []
    lock = threading.Lock()

    def register() -> None:
        status = requests.post(url, json=_registration(), timeout=30).status_code
        with lock:
            statuses.append(status)

    burst = [threading.Thread(target=register) for _ in range(30)]
    for thread in burst:
        thread.start()
    health = [requests.get(server.url + HEALTH_PATH, timeout=30).status_code for _ in range(5)]
    for thread in burst:
        thread.join()
    assert health == [200] * 5
    allowed = int(DEVICE_RATE.split("/")[0])
    assert sorted(statuses) == [401] * allowed + [429] * (30 - allowed)


@pytest.mark.parametrize("how", ["plain", "chunked", "gzip bomb", "gzip of too much"])
def test_an_oversized_device_request_is_413_without_parsing(server, how):
    url = server.url + DEVICES_PATH
    big = dump_json({**_registration(), "pad": "x" * MAX_DEVICE_REQUEST_BYTES})
    headers: dict[str, str] = {"Content-Type": "application/json"}
    data: object = big
    if how == "chunked":
        data = iter([big[:100], big[100:]])  # no Content-Length: the stream is counted
    elif how == "gzip bomb":
        # 8 KiB on the wire, 8 MiB of nested arrays once unpacked: the report's attack.
        data = gzip.compress(b"[" * (8 * 1024 * 1024), 9)
        assert len(data) < 16 * 1024
        headers["Content-Encoding"] = "gzip"
    elif how == "gzip of too much":
        data = gzip.compress(big)
        assert len(data) < MAX_DEVICE_REQUEST_BYTES
        headers["Content-Encoding"] = "gzip"
    response = requests.post(url, data=data, headers=headers, timeout=30)
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "too_large"
    # A request at the limit is read (and refused only for its wrong code).
    fits = dump_json(_registration())
    fits = fits[:-1] + b',"pad":"' + b"x" * (MAX_DEVICE_REQUEST_BYTES - len(fits) - 9) + b'"}'
    assert len(fits) == MAX_DEVICE_REQUEST_BYTES
    assert requests.post(url, data=fits, timeout=30).status_code == 401


# -- HTTP details the schema fuzzer checks --------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("TRACE", HEALTH_PATH, {"GET"}),
        ("DELETE", DEVICES_PATH, {"POST"}),
        ("GET", PUSH_PATH, {"POST"}),
        ("POST", PULL_PATH, {"GET"}),
        ("PUT", REPORT_PATH, {"GET"}),
    ],
)
def test_a_wrong_method_is_405_with_allow(server, method, path, allow):
    response = requests.request(method, server.url + path, timeout=30)
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= allow
    assert response.json()["error"]["code"] == "not_found"


def test_the_report_takes_only_yyyy_mm_dd_dates(api):
    url = api.base_url + REPORT_PATH
    for bad in ("0", "1700000000", "2026-3-1", "2026-13-01", "2026-03-01T00:00", "tomorrow"):
        for name in ("from", "to"):
            response = api.session.get(url, params={name: bad}, timeout=30)
            assert response.status_code == 400, (name, bad, response.text)
            assert response.json()["error"]["code"] == "bad_shape"
    good = api.session.get(url, params={"from": "2026-03-01", "to": "2026-03-31"}, timeout=30)
    assert good.status_code == 200
    assert good.json()["totals"]["enrollments"] == 0


def test_an_unknown_top_level_field_may_hold_nul_since_it_is_not_kept(api, wire):
    op = wire.op("household", wire.household())
    data = json.dumps({"ops": [op], "note\u0000": "x\u0000"}).encode()
    response = api.session.post(api.base_url + PUSH_PATH, data=data, timeout=30)
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "applied"
    with_nul = {**wire.op("household", wire.household()), "device_time": "t\u0000"}
    refused = api.session.post(api.base_url + PUSH_PATH, json={"ops": [with_nul]}, timeout=30)
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "device_time"


def test_new_record_ids_are_checked_before_anything_else(api, wire):
    # A schema-valid op of any kind gets an answer per op (never a whole-request refusal).
    for kind in ("household", "person", "event", "visit", "enrollment", "receipt", "followup"):
        op = {"op_id": new_id(), "kind": kind, "record_id": new_id(), "base_version": None}
        result = api.push_one(op)
        assert result["status"] == "rejected", result
        assert result["error"]["code"] in {"invalid", "missing_parent"}
