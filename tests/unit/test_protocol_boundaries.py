"""The wire contract at its edges: every parsed field, every default, every limit exactly at and
one past its value, and the byte-level helpers the hashes and the gzip-bomb guard rest on.
Found missing by mutation testing (``python3 dev.py mutate``); tests existing behaviour only."""

from __future__ import annotations

import gzip
import hashlib
import json
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from sync import protocol as p

OP_ID = "01890a5d-ac96-774b-bcce-b302099a8057"
RECORD_ID = "01890a5d-ac96-774b-bcce-b302099a8058"


def op_wire(**over: Any) -> dict[str, Any]:
    wire: dict[str, Any] = {
        "op_id": OP_ID,
        "kind": "person",
        "record_id": RECORD_ID,
        "base_version": 3,
        "device_time": "2026-11-21T08:00:00.000Z",
        "deleted": False,
        "body": {"full_name": "Trần Thị Bích"},
    }
    wire.update(over)
    return wire


def refusal(call: Any, *args: Any, **kwargs: Any) -> p.ProtocolError:
    with pytest.raises(p.ProtocolError) as exc:
        call(*args, **kwargs)
    return exc.value


# --- errors -------------------------------------------------------------------------------------


def test_a_protocol_error_carries_its_code_message_and_field():
    err = p.ProtocolError(p.BAD_SHAPE, "ops[0]: 'kind' is missing", "kind")
    assert (err.code, str(err), err.field) == (p.BAD_SHAPE, "ops[0]: 'kind' is missing", "kind")
    assert isinstance(err, ValueError)
    assert err.to_wire() == {
        "error": {"code": "bad_shape", "message": "ops[0]: 'kind' is missing", "field": "kind"}
    }
    bare = p.ProtocolError(p.BAD_JSON, "nope")
    assert bare.field is None
    assert bare.to_wire() == {"error": {"code": "bad_json", "message": "nope"}}


# --- ids and times ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (OP_ID, True),
        (OP_ID.upper(), False),
        (OP_ID + "\n", False),
        (" " + OP_ID, False),
        (OP_ID[:-1], False),
        (OP_ID.replace("-", ""), False),
        (OP_ID[:-1] + "g", False),
        (None, False),
        (12, False),
    ],
)
def test_is_uuid_takes_only_the_canonical_lower_case_form(value, ok):
    assert p.is_uuid(value) is ok


def test_new_ids_are_version_7():
    assert p.new_id()[14] == "7"
    assert p.is_uuid(p.new_id())


def test_utc_now_is_aware_and_in_utc():
    now = p.utc_now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)


def test_iso_utc_is_milliseconds_with_a_z():
    moment = datetime(2026, 11, 21, 15, 4, 5, 678_901, tzinfo=timezone(timedelta(hours=7)))
    assert p.iso_utc(moment) == "2026-11-21T08:04:05.678Z"
    assert p.iso_utc(datetime(2026, 1, 2, tzinfo=UTC)) == "2026-01-02T00:00:00.000Z"


def test_parse_iso_utc_reads_z_and_offsets_and_refuses_naive_times():
    assert p.parse_iso_utc("2026-11-21T08:04:05.678Z") == datetime(
        2026, 11, 21, 8, 4, 5, 678_000, tzinfo=UTC
    )
    shifted = p.parse_iso_utc("2026-11-21T15:04:05+07:00")
    assert shifted == datetime(2026, 11, 21, 8, 4, 5, tzinfo=UTC)
    assert shifted.tzinfo is UTC
    with pytest.raises(ValueError, match="a time without a zone"):
        p.parse_iso_utc("2026-11-21T08:04:05")


# --- JSON and gzip bytes ------------------------------------------------------------------------


def test_canonical_json_sorts_keys_and_keeps_vietnamese():
    assert p.canonical_json({"b": [1, 2], "a": "Ấp 3"}) == '{"a":"Ấp 3","b":[1,2]}'.encode()


def test_dump_json_keeps_key_order_and_vietnamese():
    assert p.dump_json({"b": 1, "a": "Ấp"}) == '{"b":1,"a":"Ấp"}'.encode()


def test_gzip_bytes_is_deterministic_level_six():
    data = json.dumps([{"i": i, "name": f"Nguyễn Văn {i % 97}"} for i in range(3000)]).encode()
    packed = p.gzip_bytes(data)
    assert packed == gzip.compress(data, compresslevel=6, mtime=0)
    assert packed[4:8] == b"\0\0\0\0"  # no timestamp: equal bodies give equal bytes
    assert gzip.decompress(packed) == data
    # The level is visible in the output for a body like this one.
    assert packed != gzip.compress(data, compresslevel=5, mtime=0)
    assert packed != gzip.compress(data, compresslevel=7, mtime=0)


def test_gunzip_accepts_a_body_exactly_at_the_limit():
    data = b"x" * 1000
    assert p.gunzip_bytes(p.gzip_bytes(data), limit=1000) == data
    assert p.unpack_body(p.gzip_bytes(data), "gzip", limit=1000) == data


def test_gunzip_refuses_one_byte_past_the_limit():
    err = refusal(p.gunzip_bytes, p.gzip_bytes(b"x" * 1001), limit=1000)
    assert (err.code, str(err)) == (p.TOO_LARGE, "the body is larger than 1000 bytes once unpacked")
    err = refusal(p.unpack_body, p.gzip_bytes(b"x" * 1001), "gzip", limit=1000)
    assert (err.code, str(err)) == (p.TOO_LARGE, "the body is larger than 1000 bytes once unpacked")


def test_gunzip_uses_the_request_limit_by_default():
    at_limit = p.gzip_bytes(b" " * p.MAX_REQUEST_BYTES)
    assert len(p.gunzip_bytes(at_limit)) == p.MAX_REQUEST_BYTES
    assert len(p.unpack_body(at_limit, "gzip")) == p.MAX_REQUEST_BYTES
    past = p.gzip_bytes(b" " * (p.MAX_REQUEST_BYTES + 1))
    assert refusal(p.gunzip_bytes, past).code == p.TOO_LARGE
    assert refusal(p.unpack_body, past, "gzip").code == p.TOO_LARGE


def test_a_gzip_bomb_is_never_unpacked_whole():
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = b"\0" * (1 << 20)
    bomb = b"".join(packer.compress(chunk) for _ in range(16)) + packer.flush()  # 16 MiB unpacked
    assert len(bomb) < 32 * 1024
    tracemalloc.start()
    try:
        err = refusal(p.gunzip_bytes, bomb, limit=4096)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.code == p.TOO_LARGE
    assert peak < 1024 * 1024  # a few KiB are unpacked, not 16 MiB


def test_a_corrupt_or_truncated_gzip_body_is_a_bad_encoding():
    err = refusal(p.gunzip_bytes, b"\x1f\x8b not really gzip")
    assert err.code == p.BAD_ENCODING
    assert str(err).startswith("the gzip body is corrupt: ")
    whole = p.gzip_bytes(b'{"ops": []}')
    err = refusal(p.gunzip_bytes, whole[:-8])
    assert (err.code, str(err)) == (p.BAD_ENCODING, "the gzip body is truncated")
    assert p.gunzip_bytes(whole) == b'{"ops": []}'


@pytest.mark.parametrize("encoding", [None, "identity", "IDENTITY", " identity ", ""])
def test_identity_bodies_pass_through(encoding):
    assert p.unpack_body(b'{"a": 1}', encoding) == b'{"a": 1}'


@pytest.mark.parametrize("encoding", ["gzip", "GZIP", " gzip\t"])
def test_gzip_bodies_are_unpacked(encoding):
    assert p.unpack_body(p.gzip_bytes(b'{"a": 1}'), encoding) == b'{"a": 1}'


def test_an_unknown_encoding_is_named():
    err = refusal(p.unpack_body, b"{}", " BR ")
    assert (err.code, str(err), err.field) == (
        p.BAD_ENCODING,
        "unsupported Content-Encoding 'br'",
        None,
    )


def test_an_identity_body_exactly_at_the_limit_is_accepted():
    assert p.unpack_body(b"x" * 64, None, limit=64) == b"x" * 64
    err = refusal(p.unpack_body, b"x" * 65, None, limit=64)
    assert (err.code, str(err)) == (p.TOO_LARGE, "the body is larger than 64 bytes")
    assert len(p.unpack_body(b" " * p.MAX_REQUEST_BYTES, None)) == p.MAX_REQUEST_BYTES
    assert refusal(p.unpack_body, b" " * (p.MAX_REQUEST_BYTES + 1), None).code == p.TOO_LARGE


def test_decode_body_passes_its_limit_on():
    assert p.decode_body(b"[1]   ", None, limit=6) == [1]
    assert refusal(p.decode_body, b"[1]    ", None, limit=6).code == p.TOO_LARGE
    assert p.decode_body(p.gzip_bytes(b"[1]   "), "gzip", limit=6) == [1]
    assert refusal(p.decode_body, p.gzip_bytes(b"[1]    "), "gzip", limit=6).code == p.TOO_LARGE


@pytest.mark.parametrize("data", [b"{", b"\xff\xfe{}", b"", b"NaN-ish"])
def test_decode_body_refuses_what_is_not_json(data):
    err = refusal(p.decode_body, data, None)
    assert err.code == p.BAD_JSON
    assert str(err).startswith("the body is not valid JSON: ")


# --- ops ----------------------------------------------------------------------------------------


def test_an_op_keeps_every_field_it_parses():
    op = p.Op.from_wire(op_wire(deleted=True), 0)
    assert op == p.Op(
        op_id=OP_ID,
        kind="person",
        record_id=RECORD_ID,
        base_version=3,
        device_time="2026-11-21T08:00:00.000Z",
        deleted=True,
        body={"full_name": "Trần Thị Bích"},
    )
    assert op.to_wire() == op_wire(deleted=True)
    assert type(op.to_wire()["body"]) is dict


def test_an_op_without_deleted_is_not_a_delete():
    wire = op_wire()
    del wire["deleted"]
    assert p.Op.from_wire(wire).deleted is False
    assert p.Op.from_wire(op_wire(deleted=False)).deleted is False


def test_an_op_without_device_time_or_body_gets_empty_ones():
    wire = op_wire()
    del wire["device_time"], wire["body"]
    op = p.Op.from_wire(wire)
    assert (op.device_time, op.body) == ("", {})


def test_an_op_body_is_copied():
    body = {"full_name": "A"}
    op = p.Op.from_wire(op_wire(body=body))
    body["full_name"] = "B"
    assert op.body == {"full_name": "A"}
    assert type(op.body) is dict


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"op_id": OP_ID.upper()}, "op_id", "ops[4]: 'op_id' must be a lower-case UUID"),
        ({"record_id": "r1"}, "record_id", "ops[4]: 'record_id' must be a lower-case UUID"),
        ({"op_id": None}, "op_id", "ops[4]: 'op_id' has the wrong type"),
        ({"kind": "ref.rates"}, "kind", "ops[4]: unknown kind 'ref.rates'"),
        ({"kind": "k" * 50}, "kind", f"ops[4]: unknown kind {'k' * 40!r}"),
        ({"kind": 7}, "kind", "ops[4]: 'kind' has the wrong type"),
        (
            {"base_version": -1},
            "base_version",
            "ops[4]: 'base_version' must be between 0 and 2147483647",
        ),
        (
            {"base_version": 2**31},
            "base_version",
            "ops[4]: 'base_version' must be between 0 and 2147483647",
        ),
        (
            {"base_version": True},
            "base_version",
            "ops[4]: 'base_version' must be an integer or null",
        ),
        (
            {"base_version": "1"},
            "base_version",
            "ops[4]: 'base_version' must be an integer or null",
        ),
        ({"device_time": 5}, "device_time", "ops[4]: 'device_time' must be text"),
        ({"device_time": "t" * 65}, "device_time", "ops[4]: 'device_time' must be text"),
        ({"deleted": "true"}, "deleted", "ops[4]: 'deleted' must be true or false"),
        ({"deleted": 1}, "deleted", "ops[4]: 'deleted' must be true or false"),
        ({"deleted": None}, "deleted", "ops[4]: 'deleted' must be true or false"),
        ({"body": [1]}, None, "ops[4].body must be a JSON object"),
        ({"body": None}, None, "ops[4].body must be a JSON object"),
    ],
)
def test_each_bad_op_field_is_named_with_its_position(change, field, message):
    err = refusal(p.Op.from_wire, op_wire(**change), 4)
    assert (err.code, err.field, str(err)) == (p.BAD_SHAPE, field, message)


# base_version is left out: a missing one is about to mean "new record" (issue #8).
@pytest.mark.parametrize("key", ["op_id", "kind", "record_id"])
def test_each_required_op_field_is_named_when_missing(key):
    wire = op_wire()
    del wire[key]
    err = refusal(p.Op.from_wire, wire)
    assert (err.code, err.field, str(err)) == (p.BAD_SHAPE, key, f"ops[0]: '{key}' is missing")


def test_an_op_that_is_not_an_object_is_named():
    err = refusal(p.Op.from_wire, ["op"], 2)
    assert (err.code, err.field, str(err)) == (p.BAD_SHAPE, None, "ops[2] must be a JSON object")


def test_op_edges_that_are_accepted():
    assert p.Op.from_wire(op_wire(base_version=0)).base_version == 0
    # null, absent and a whole float mean the same as the integer (a new record: 0).
    assert p.Op.from_wire(op_wire(base_version=None)).base_version == 0
    wire = op_wire()
    del wire["base_version"]
    assert p.Op.from_wire(wire).base_version == 0
    assert p.Op.from_wire(op_wire(base_version=1.0)).base_version == 1
    assert p.Op.from_wire(op_wire(base_version=2**31 - 1)).base_version == 2**31 - 1
    assert p.Op.from_wire(op_wire(device_time="t" * 64)).device_time == "t" * 64
    assert p.Op.from_wire(op_wire(device_time="")).device_time == ""
    for kind in p.KINDS:
        assert p.Op.from_wire(op_wire(kind=kind)).kind == kind


def test_the_content_hash_is_sha256_of_the_canonical_content():
    op = p.Op.from_wire(op_wire())
    content = ["person", RECORD_ID, 3, False, {"full_name": "Trần Thị Bích"}]
    assert op.content_hash() == hashlib.sha256(p.canonical_json(content)).hexdigest()
    same = p.Op.from_wire(op_wire(op_id=RECORD_ID, device_time="later"))
    assert same.content_hash() == op.content_hash()
    for change in (
        {"kind": "household"},
        {"record_id": OP_ID},
        {"base_version": 4},
        {"deleted": True},
        {"body": {"full_name": "Trần Thị Bích "}},
    ):
        assert p.Op.from_wire(op_wire(**change)).content_hash() != op.content_hash(), change


# --- push ---------------------------------------------------------------------------------------


def ops(n: int) -> list[dict[str, Any]]:
    return [op_wire(op_id=f"01890a5d-ac96-774b-bcce-{i:012x}") for i in range(n)]


def test_a_batch_of_exactly_the_limit_is_accepted():
    request = p.PushRequest.from_wire({"ops": ops(p.MAX_BATCH_OPS)})
    assert len(request.ops) == p.MAX_BATCH_OPS == 500
    assert request.ops[7].op_id == "01890a5d-ac96-774b-bcce-000000000007"


def test_a_batch_one_past_the_limit_is_too_large():
    err = refusal(p.PushRequest.from_wire, {"ops": ops(p.MAX_BATCH_OPS + 1)})
    assert (err.code, err.field, str(err)) == (p.TOO_LARGE, "ops", "at most 500 ops per request")


def test_an_empty_batch_is_fine_and_round_trips():
    assert p.PushRequest.from_wire({"ops": []}).ops == ()
    request = p.PushRequest.from_wire({"ops": ops(2)})
    assert request.to_wire() == {"ops": ops(2)}


def test_a_repeated_op_id_is_left_to_ingest_and_each_op_is_numbered():
    # Ingest answers the second as a resend (duplicate, or op_reused for other content): JSON
    # Schema cannot say "unique op_id", so the envelope accepts it.
    twice = [op_wire(), op_wire(record_id=OP_ID)]
    assert len(p.PushRequest.from_wire({"ops": twice}).ops) == 2
    bad = ops(3)
    bad[2]["kind"] = "nope"
    assert str(refusal(p.PushRequest.from_wire, {"ops": bad})) == "ops[2]: unknown kind 'nope'"


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ([], None, "the request must be a JSON object"),
        ({}, "ops", "the request: 'ops' is missing"),
        ({"ops": {}}, "ops", "the request: 'ops' has the wrong type"),
    ],
)
def test_a_push_request_shape(value, field, message):
    err = refusal(p.PushRequest.from_wire, value)
    assert (err.code, err.field, str(err)) == (p.BAD_SHAPE, field, message)


def test_an_op_error_keeps_its_fields():
    full = {"code": "invalid", "message": "Số CCCD sai", "field": "cccd"}
    assert p.OpError.from_wire(full) == p.OpError("invalid", "Số CCCD sai", "cccd")
    assert p.OpError.from_wire(full).to_wire() == full
    assert p.OpError.from_wire({"code": "forbidden"}) == p.OpError("forbidden", "", None)
    assert p.OpError("forbidden", "no").to_wire() == {"code": "forbidden", "message": "no"}
    assert p.OpError.from_wire({"code": "x", "message": 5, "field": 3}) == p.OpError("x", "5")
    err = refusal(p.OpError.from_wire, {"message": "m"})
    assert (err.field, str(err)) == ("code", "error: 'code' is missing")
    assert str(refusal(p.OpError.from_wire, "bad")) == "error must be a JSON object"


def test_a_conflict_result_keeps_the_server_copy():
    wire = {
        "op_id": OP_ID,
        "status": "conflict",
        "version": 7,
        "server": {"full_name": "Lê Văn Tám", "version": 7},
    }
    result = p.OpResult.from_wire(wire)
    assert result == p.OpResult(
        OP_ID, "conflict", 7, None, {"full_name": "Lê Văn Tám", "version": 7}
    )
    assert type(result.server) is dict
    assert result.to_wire() == wire


def test_a_rejected_result_keeps_its_error():
    wire = {
        "op_id": OP_ID,
        "status": "rejected",
        "version": 0,
        "error": {"code": "invalid", "message": "m", "field": "phone"},
    }
    result = p.OpResult.from_wire(wire)
    assert result.error == p.OpError("invalid", "m", "phone")
    assert result.server is None
    assert result.to_wire() == wire


def test_an_applied_result_has_neither_error_nor_server():
    wire = {"op_id": OP_ID, "status": "applied", "version": 1}
    result = p.OpResult.from_wire({**wire, "error": None, "server": "junk"})
    assert (result.error, result.server) == (None, None)
    assert result.to_wire() == wire


@pytest.mark.parametrize("status", p.STATUSES)
def test_every_status_parses(status):
    assert p.OpResult.from_wire({"op_id": OP_ID, "status": status, "version": 2}).status == status


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ({"op_id": OP_ID, "status": "done", "version": 1}, "status", "unknown status 'done'"),
        ({"op_id": OP_ID, "version": 1}, "status", "result: 'status' is missing"),
        ({"status": "applied", "version": 1}, "op_id", "result: 'op_id' is missing"),
        ({"op_id": OP_ID, "status": "applied"}, "version", "result: 'version' is missing"),
        (
            {"op_id": OP_ID, "status": "applied", "version": True},
            "version",
            "result: 'version' has the wrong type",
        ),
        (7, None, "result must be a JSON object"),
    ],
)
def test_a_result_shape(value, field, message):
    err = refusal(p.OpResult.from_wire, value)
    assert (err.code, err.field, str(err)) == (p.BAD_SHAPE, field, message)


def test_a_push_response_round_trips_and_needs_its_cursor():
    wire = {"results": [{"op_id": OP_ID, "status": "applied", "version": 1}], "cursor": 42}
    response = p.PushResponse.from_wire(wire)
    assert response == p.PushResponse((p.OpResult(OP_ID, "applied", 1),), 42)
    assert response.to_wire() == wire
    err = refusal(p.PushResponse.from_wire, {"results": []})
    assert (err.field, str(err)) == ("cursor", "the response: 'cursor' is missing")
    err = refusal(p.PushResponse.from_wire, {"cursor": 1})
    assert (err.field, str(err)) == ("results", "the response: 'results' is missing")


# --- pull ---------------------------------------------------------------------------------------


def change_wire(**over: Any) -> dict[str, Any]:
    wire: dict[str, Any] = {
        "seq": 9,
        "kind": "household",
        "record_id": RECORD_ID,
        "version": 2,
        "deleted": False,
        "body": {"address": "Ấp 3"},
    }
    wire.update(over)
    return wire


def test_a_live_change_keeps_every_field():
    change = p.Change.from_wire(change_wire())
    assert change == p.Change(9, "household", RECORD_ID, 2, False, {"address": "Ấp 3"}, False)
    assert change.to_wire() == change_wire()
    assert "removed" not in change.to_wire()


def test_a_pulled_tombstone_is_deleted():
    change = p.Change.from_wire(change_wire(deleted=True, body={}))
    assert (change.deleted, change.removed) == (True, False)
    assert change.to_wire() == change_wire(deleted=True, body={})


@pytest.mark.parametrize("deleted", ["true", 1, None])
def test_only_a_real_true_makes_a_tombstone(deleted):
    assert p.Change.from_wire(change_wire(deleted=deleted)).deleted is False


def test_a_change_without_deleted_is_live():
    wire = change_wire()
    del wire["deleted"]
    assert p.Change.from_wire(wire).deleted is False


def test_a_removal_is_a_tombstone_that_says_removed():
    change = p.Change.from_wire(change_wire(removed=True))
    assert (change.deleted, change.removed) == (True, True)
    assert change.to_wire() == change_wire(deleted=True, removed=True)
    built = p.Change(1, "person", RECORD_ID, 3, False, {}, removed=True)
    assert built.to_wire()["deleted"] is True
    assert p.Change.from_wire(change_wire(removed="yes")).removed is False


@pytest.mark.parametrize("body", [None, {}, []])
def test_an_empty_change_body_is_an_empty_object(body):
    assert p.Change.from_wire(change_wire(body=body)).body == {}


def test_a_change_body_must_be_an_object():
    err = refusal(p.Change.from_wire, change_wire(body=[1]))
    assert (err.field, str(err)) == (None, "change.body must be a JSON object")


@pytest.mark.parametrize("key", ["seq", "kind", "record_id", "version"])
def test_each_change_field_is_required(key):
    wire = change_wire()
    del wire[key]
    err = refusal(p.Change.from_wire, wire)
    assert (err.field, str(err)) == (key, f"change: '{key}' is missing")


def test_a_pull_page_keeps_its_extensions():
    wire = {
        "changes": [change_wire()],
        "cursor": 9,
        "has_more": True,
        "total": 120,
        "server_time": "2026-11-21T08:00:00.000Z",
    }
    page = p.PullResponse.from_wire(wire)
    assert page == p.PullResponse(
        (p.Change.from_wire(change_wire()),), 9, True, 120, "2026-11-21T08:00:00.000Z"
    )
    assert page.to_wire() == wire


def test_a_pull_page_without_extensions_omits_them():
    wire = {"changes": [], "cursor": 0, "has_more": False}
    page = p.PullResponse.from_wire({**wire, "total": True, "server_time": 5})
    assert (page.total, page.server_time, page.has_more) == (None, None, False)
    assert page.to_wire() == wire
    assert p.PullResponse.from_wire({**wire, "total": 0}).total == 0


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ({"cursor": 0, "has_more": False}, "changes", "the response: 'changes' is missing"),
        ({"changes": [], "has_more": False}, "cursor", "the response: 'cursor' is missing"),
        ({"changes": [], "cursor": 0}, "has_more", "the response: 'has_more' is missing"),
        (
            {"changes": [], "cursor": 0, "has_more": 1},
            "has_more",
            "the response: 'has_more' has the wrong type",
        ),
        ([], None, "the response must be a JSON object"),
    ],
)
def test_a_pull_page_shape(value, field, message):
    err = refusal(p.PullResponse.from_wire, value)
    assert (err.code, err.field, str(err)) == (p.BAD_SHAPE, field, message)


# --- devices and health -------------------------------------------------------------------------


def test_agent_info_keeps_its_code_when_given():
    wire = {"username": "lan", "name": "Phạm Thị Lan", "communes": ["31027", 31028], "code": "BD01"}
    agent = p.AgentInfo.from_wire(wire)
    assert agent == p.AgentInfo("lan", "Phạm Thị Lan", ("31027", "31028"), "BD01")
    assert agent.to_wire() == {**wire, "communes": ["31027", "31028"]}
    plain = p.AgentInfo.from_wire({**wire, "code": 7})
    assert plain.code is None
    assert "code" not in plain.to_wire()
    assert str(refusal(p.AgentInfo.from_wire, {"name": "x", "communes": []})) == (
        "agent: 'username' is missing"
    )
    assert str(refusal(p.AgentInfo.from_wire, {"username": "x", "communes": []})) == (
        "agent: 'name' is missing"
    )
    assert str(refusal(p.AgentInfo.from_wire, {"username": "x", "name": "y"})) == (
        "agent: 'communes' is missing"
    )


def test_device_request_fields_may_be_exactly_the_longest_allowed():
    longest = "a" * p.MAX_TEXT_LENGTH
    wire = {"username": longest, "enrollment_code": longest, "device_name": longest}
    request = p.DeviceRequest.from_wire(wire)
    assert request == p.DeviceRequest(longest, longest, longest)
    assert request.to_wire() == wire


@pytest.mark.parametrize("key", ["username", "enrollment_code", "device_name"])
def test_each_device_request_field_past_the_limit_is_named(key):
    wire = {"username": "lan", "enrollment_code": "123456", "device_name": "Laptop"}
    wire[key] = "a" * (p.MAX_TEXT_LENGTH + 1)
    err = refusal(p.DeviceRequest.from_wire, wire)
    assert (err.code, err.field, str(err)) == (p.BAD_SHAPE, key, f"'{key}' is too long")
    del wire[key]
    err = refusal(p.DeviceRequest.from_wire, wire)
    assert (err.field, str(err)) == (key, f"the request: '{key}' is missing")


def test_a_device_response_round_trips():
    agent = {"username": "lan", "name": "Lan", "communes": ["31027"]}
    wire = {"device_id": "d1", "token": "t" * 40, "agent": agent}
    response = p.DeviceResponse.from_wire(wire)
    assert response == p.DeviceResponse("d1", "t" * 40, p.AgentInfo("lan", "Lan", ("31027",)))
    assert response.to_wire() == wire
    assert str(refusal(p.DeviceResponse.from_wire, {**wire, "agent": None})) == (
        "agent must be a JSON object"
    )
    for key in ("device_id", "token"):
        partial = {k: v for k, v in wire.items() if k != key}
        assert str(refusal(p.DeviceResponse.from_wire, partial)) == (
            f"the response: '{key}' is missing"
        )


def test_health_round_trips_and_its_own_fields_win_over_extras():
    health = p.Health("ok", 1, "2026-11-21T08:00:00.000Z", {"status": "x", "db": "up"})
    assert health.to_wire() == {
        "db": "up",
        "status": "ok",
        "protocol": 1,
        "server_time": "2026-11-21T08:00:00.000Z",
    }
    parsed = p.Health.from_wire(health.to_wire())
    assert parsed == p.Health("ok", 1, "2026-11-21T08:00:00.000Z")
    assert p.Health("ok", 1, "t").extra == {}
    for key in ("status", "protocol", "server_time"):
        wire = {k: v for k, v in health.to_wire().items() if k != key}
        assert str(refusal(p.Health.from_wire, wire)) == f"health: '{key}' is missing"
    assert str(refusal(p.Health.from_wire, [])) == "health must be a JSON object"


def test_ops_are_sorted_parents_first_keeping_the_order_within_a_kind():
    made = [
        p.Op.from_wire(op_wire(op_id=f"01890a5d-ac96-774b-bcce-{i:012x}", kind=kind))
        for i, kind in enumerate(["receipt", "person", "household", "person", "enrollment"])
    ]
    ordered = p.order_ops(made)
    assert [op.kind for op in ordered] == ["household", "person", "person", "enrollment", "receipt"]
    assert [op.op_id[-1] for op in ordered] == ["2", "1", "3", "4", "0"]
    assert p.order_ops([]) == []


def test_a_field_may_allow_bool_alongside_other_types():
    assert p._need({"flag": True}, "flag", (int, bool), "x") is True
    assert p._need({"flag": 3}, "flag", (int, bool), "x") == 3
    assert str(refusal(p._need, {"flag": True}, "flag", (int, str), "x")) == (
        "x: 'flag' has the wrong type"
    )


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset (POSIX)")
def test_iso_utc_does_not_depend_on_the_machine_s_time_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        moment = datetime(2026, 11, 21, 8, 4, 5, tzinfo=UTC)
        assert p.iso_utc(moment) == "2026-11-21T08:04:05.000Z"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("parse", "where"),
    [
        (p.Change.from_wire, "change"),
        (p.DeviceRequest.from_wire, "the request"),
        (p.DeviceResponse.from_wire, "the response"),
        (p.PushResponse.from_wire, "the response"),
        (p.PullResponse.from_wire, "the response"),
        (p.OpResult.from_wire, "result"),
        (p.AgentInfo.from_wire, "agent"),
    ],
)
def test_a_message_that_is_not_an_object_says_which_one(parse, where):
    err = refusal(parse, [])
    assert (err.code, err.field, str(err)) == (p.BAD_SHAPE, None, f"{where} must be a JSON object")


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("2", (2, 0, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        (" 0.10.2 ", (0, 10, 2, 0)),
        ("999999.0", (999999, 0, 0, 0)),
        ("1.2.3.4.5", None),
        ("1.x", None),
        ("1..2", None),
        ("", None),
        ("v1.0", None),
        ("1234567.0", None),
        ("1.0\n", (1, 0, 0, 0)),
        (None, None),
        (1, None),
    ],
)
def test_parse_version_reads_what_apps_send(text, version):
    assert p.parse_version(text) == version


def test_versions_compare_as_numbers_not_text():
    older, newer = p.parse_version("0.9.0"), p.parse_version("0.10.0")
    assert older is not None
    assert newer is not None
    assert older < newer
    assert p.parse_version("1") == p.parse_version("1.0.0.0")
