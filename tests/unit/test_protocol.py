"""The wire contract's shapes: what parses, what is refused with which code, and the hashes and
limits idempotency and safety rest on."""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync import protocol as p


def op_wire(**over):
    wire = {
        "op_id": p.new_id(),
        "kind": "household",
        "record_id": p.new_id(),
        "base_version": 0,
        "device_time": "2026-11-21T08:00:00.000Z",
        "deleted": False,
        "body": {"commune_code": "31027", "address": "Ấp 3", "head_name": "Nguyễn Văn Ánh"},
    }
    wire.update(over)
    return wire


def test_contract_names_are_the_ones_design_md_publishes():
    assert p.HEALTH_PATH == "/api/v1/health"
    assert p.DEVICES_PATH == "/api/v1/devices"
    assert p.PUSH_PATH == "/api/v1/sync/push"
    assert p.PULL_PATH == "/api/v1/sync/pull"
    assert set(p.KINDS) == {
        "household",
        "person",
        "visit",
        "enrollment",
        "receipt",
        "event",
        "followup",
    }
    assert p.STATUSES == ("applied", "duplicate", "merged", "conflict", "rejected")
    for code in ("invalid", "forbidden", "amount_mismatch", "op_reused", "deleted"):
        assert code in p.OP_ERROR_CODES
    assert "missing_parent" in p.OP_ERROR_CODES


def test_new_ids_are_canonical_time_ordered_uuids():
    ids = [p.new_id() for _ in range(50)]
    assert all(p.is_uuid(i) for i in ids)
    assert ids == sorted(ids)  # UUIDv7: later ids sort later
    assert not p.is_uuid(ids[0].upper())


def test_an_op_round_trips():
    wire = op_wire()
    op = p.Op.from_wire(wire)
    assert op.to_wire() == wire
    assert p.PushRequest.from_wire({"ops": [wire]}).ops == (op,)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"op_id": "not-a-uuid"}, "op_id"),
        ({"record_id": "A" * 36}, "record_id"),
        ({"kind": "ref.rates"}, "kind"),
        ({"kind": 3}, "kind"),
        ({"base_version": -1}, "base_version"),
        ({"base_version": True}, "base_version"),
        ({"base_version": "1"}, "base_version"),
        ({"deleted": "no"}, "deleted"),
        ({"device_time": 5}, "device_time"),
    ],
)
def test_a_malformed_op_names_its_field(change, field):
    with pytest.raises(p.ProtocolError) as err:
        p.Op.from_wire(op_wire(**change), 3)
    assert err.value.code == p.BAD_SHAPE
    assert err.value.field == field
    assert "ops[3]" in str(err.value)


def test_a_body_that_is_not_an_object_is_a_bad_shape():
    with pytest.raises(p.ProtocolError, match="body"):
        p.Op.from_wire(op_wire(body=[1, 2]))


def test_missing_fields_and_wrong_top_level_shapes():
    wire = op_wire()
    del wire["record_id"]
    with pytest.raises(p.ProtocolError, match="record_id"):
        p.Op.from_wire(wire)
    for value in (None, [], "ops", {"ops": {}}, {"nope": []}):
        with pytest.raises(p.ProtocolError) as err:
            p.PushRequest.from_wire(value)
        assert err.value.code == p.BAD_SHAPE


def test_a_batch_is_limited_to_max_batch_ops():
    exactly = [op_wire() for _ in range(p.MAX_BATCH_OPS)]
    assert len(p.PushRequest.from_wire({"ops": exactly}).ops) == p.MAX_BATCH_OPS
    with pytest.raises(p.ProtocolError) as err:
        p.PushRequest.from_wire({"ops": [*exactly, op_wire()]})
    assert err.value.code == p.TOO_LARGE
    assert err.value.field == "ops"


def test_an_op_id_twice_in_one_batch_is_left_to_ingest():
    # The second is a resend (the server answers duplicate, or op_reused for other content),
    # as the schema says: it cannot state "unique op_id" (this was a bad_shape before).
    op = op_wire()
    again = dict(op, record_id=p.new_id())
    parsed = p.PushRequest.from_wire({"ops": [op, op, again]}).ops
    assert [o.op_id for o in parsed] == [op["op_id"]] * 3


def test_content_hash_ignores_key_order_and_device_time_but_not_content():
    wire = op_wire()
    op = p.Op.from_wire(wire)
    reordered = p.Op.from_wire(
        dict(wire, body=dict(reversed(list(wire["body"].items()))), device_time="later")
    )
    assert op.content_hash() == reordered.content_hash()
    changed = p.Op.from_wire(dict(wire, body=dict(wire["body"], address="Ấp 4")))
    assert changed.content_hash() != op.content_hash()
    rebased = p.Op.from_wire(dict(wire, base_version=1))
    assert rebased.content_hash() != op.content_hash()


def test_decode_body_handles_gzip_and_identity():
    value = {"ops": [], "tên": "Hoà"}
    raw = p.dump_json(value)
    assert p.decode_body(raw, None) == value
    assert p.decode_body(p.gzip_bytes(raw), "gzip") == value
    assert p.decode_body(p.gzip_bytes(raw), " GZIP ") == value


@pytest.mark.parametrize(
    ("data", "encoding", "code"),
    [
        (b"{not json", None, p.BAD_JSON),
        (b"\xff\xfe", None, p.BAD_JSON),
        (b"not gzip at all", "gzip", p.BAD_ENCODING),
        (gzip.compress(b'{"ops": []}')[:-8], "gzip", p.BAD_ENCODING),
        (b"{}", "br", p.BAD_ENCODING),
    ],
)
def test_decode_body_refuses_bad_input_with_a_code(data, encoding, code):
    with pytest.raises(p.ProtocolError) as err:
        p.decode_body(data, encoding)
    assert err.value.code == code
    assert err.value.to_wire()["error"]["code"] == code


def test_a_gzip_bomb_is_stopped_at_the_limit():
    bomb = gzip.compress(b"0" * (4 * 1024 * 1024))  # about 4 KiB that unpacks to 4 MiB
    assert len(bomb) < 10_000
    with pytest.raises(p.ProtocolError) as err:
        p.decode_body(bomb, "gzip", limit=1024 * 1024)
    assert err.value.code == p.TOO_LARGE
    with pytest.raises(p.ProtocolError) as err:
        p.decode_body(b" " * 2048, None, limit=1024)
    assert err.value.code == p.TOO_LARGE


def test_results_and_pull_pages_round_trip():
    result = p.OpResult(
        p.new_id(),
        p.REJECTED,
        0,
        p.OpError(p.AMOUNT_MISMATCH, "Số tiền không khớp", "amount"),
    )
    response = p.PushResponse((result,), 42)
    assert p.PushResponse.from_wire(json.loads(p.dump_json(response.to_wire()))) == response
    change = p.Change(7, "household", p.new_id(), 2, False, {"head_name": "Lê Thị Hoà"})
    page = p.PullResponse((change,), 7, True, total=10, server_time="2026-11-21T00:00:00Z")
    assert p.PullResponse.from_wire(page.to_wire()) == page
    bare = {"changes": [], "cursor": 0, "has_more": False}
    assert p.PullResponse.from_wire(bare).total is None


def test_an_unknown_status_is_refused():
    with pytest.raises(p.ProtocolError):
        p.OpResult.from_wire({"op_id": p.new_id(), "status": "maybe", "version": 1})


def test_devices_round_trip_and_long_fields_are_refused():
    agent = p.AgentInfo("u1", "Trần Thị Mai", ("31027",), "BD0001")
    response = p.DeviceResponse("dev", "tok", agent)
    assert p.DeviceResponse.from_wire(response.to_wire()) == response
    request = p.DeviceRequest("u1", "CODE", "Laptop")
    assert p.DeviceRequest.from_wire(request.to_wire()) == request
    with pytest.raises(p.ProtocolError):
        p.DeviceRequest.from_wire({**request.to_wire(), "device_name": "x" * 1000})


def test_ops_are_ordered_parents_first_and_otherwise_kept_in_order():
    kinds = ["receipt", "household", "visit", "person", "enrollment", "household"]
    ops = [p.Op.from_wire(op_wire(kind=k, body={})) for k in kinds]
    ordered = p.order_ops(ops)
    assert [op.kind for op in ordered] == [
        "household",
        "household",
        "person",
        "visit",
        "enrollment",
        "receipt",
    ]
    assert ordered[0] is ops[1]
    assert ordered[1] is ops[5]


def test_times_are_utc_with_a_z():
    text = p.iso_utc(p.utc_now())
    assert text.endswith("Z")
    assert p.parse_iso_utc(text).utcoffset().total_seconds() == 0
    with pytest.raises(ValueError, match="zone"):
        p.parse_iso_utc("2026-11-21T08:00:00")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=20,
)
OP_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "op_id": st.sampled_from([p.new_id(), "x"]) | JSON,
        "kind": st.sampled_from(p.KINDS) | JSON,
        "record_id": st.just(p.new_id()) | JSON,
        "base_version": st.integers(-2, 3) | JSON,
        "device_time": JSON,
        "deleted": JSON,
        "body": JSON,
    },
)


@given(JSON | st.fixed_dictionaries({"ops": st.lists(OP_LIKE | JSON, max_size=3)}))
def test_any_json_gives_a_request_or_a_protocol_error(value):
    try:
        request = p.PushRequest.from_wire(value)
    except p.ProtocolError as exc:
        assert exc.code in p.REQUEST_ERROR_CODES  # noqa: PT017  # either outcome is valid here
    else:
        assert all(op.kind in p.KINDS for op in request.ops)


# -- base_version: 0, null or absent all mean "new" -----------------------------------------------


def test_base_version_null_or_absent_is_a_new_record_like_zero():
    zero = p.Op.from_wire(op_wire(base_version=0))
    null = p.Op.from_wire(dict(zero.to_wire(), base_version=None))
    absent_wire = zero.to_wire()
    del absent_wire["base_version"]
    absent = p.Op.from_wire(absent_wire)
    assert null.base_version == absent.base_version == 0
    assert null == absent == zero
    # A resend with null after 0 is the same op: the server answers duplicate, not op_reused.
    assert null.content_hash() == absent.content_hash() == zero.content_hash()
    assert null.to_wire()["base_version"] == 0


def test_base_version_is_an_integer_in_the_version_range():
    assert p.Op.from_wire(op_wire(base_version=3.0)).base_version == 3  # JSON's integer 3
    assert p.Op.from_wire(op_wire(base_version=p.MAX_VERSION)).base_version == p.MAX_VERSION
    for bad in (3.5, p.MAX_VERSION + 1, -1, [], {}, False):
        with pytest.raises(p.ProtocolError) as err:
            p.Op.from_wire(op_wire(base_version=bad))
        assert err.value.code == p.BAD_SHAPE
        assert err.value.field == "base_version"


# -- record bodies: depth and size ----------------------------------------------------------------


def nested(depth, leaf=None):
    """A body ``depth`` containers deep (the body itself is the first), built without recursion."""
    value: object = {"x": leaf if leaf is not None else 1}
    for i in range(depth - 1):
        value = {"x": value} if (depth - 2 - i) % 2 == 0 else [value]
    return value


def test_json_depth_counts_containers_without_recursion():
    assert p.json_depth(1) == 0
    assert p.json_depth({}) == 1
    assert p.json_depth({"a": [1, {"b": []}]}) == 4
    assert p.json_depth([[], {}, [[]]]) == 3
    assert p.json_depth(nested(32)) == 32
    assert p.json_depth(nested(33), limit=32) == 33
    assert p.json_depth(nested(5000), limit=32) == 33  # stops early, no RecursionError
    assert p.json_depth(nested(5000), limit=10_000) == 5000


def test_a_body_at_the_depth_limit_passes_and_one_level_more_is_refused():
    assert p.json_depth(nested(p.MAX_BODY_DEPTH)) == p.MAX_BODY_DEPTH
    p.Op.from_wire(op_wire(body=nested(p.MAX_BODY_DEPTH)))
    for depth in (p.MAX_BODY_DEPTH + 1, 1000, 100_000):
        with pytest.raises(p.ProtocolError) as err:
            p.Op.from_wire(op_wire(body=nested(depth)), 7)
        assert err.value.code == p.BAD_SHAPE
        assert err.value.field == "body"
        assert "ops[7].body" in str(err.value)
        assert str(p.MAX_BODY_DEPTH) in str(err.value)


def _body_of_size(size):
    body = {"note": ""}
    body["note"] = "x" * (size - len(p.dump_json(body)))
    assert len(p.dump_json(body)) == size
    return body


def test_a_body_at_the_size_limit_passes_and_one_byte_more_is_refused():
    p.Op.from_wire(op_wire(body=_body_of_size(p.MAX_RECORD_BYTES)))
    with pytest.raises(p.ProtocolError) as err:
        p.Op.from_wire(op_wire(body=_body_of_size(p.MAX_RECORD_BYTES + 1)), 2)
    assert err.value.code == p.TOO_LARGE
    assert err.value.field == "body"
    assert "ops[2].body" in str(err.value)
    assert str(p.MAX_RECORD_BYTES) in str(err.value)
    # Bytes, not characters: three-byte Vietnamese letters count three times.
    wide = {"note": "ễ" * (p.MAX_RECORD_BYTES // 3)}
    with pytest.raises(p.ProtocolError):
        p.Op.from_wire(op_wire(body=wide))


def test_decode_body_refuses_deep_json_as_bad_shape_not_recursion_error():
    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(p.ProtocolError) as err:
        p.decode_body(deep, None)
    assert err.value.code == p.BAD_SHAPE


def test_rate_limited_is_a_request_error_code():
    assert p.RATE_LIMITED == "rate_limited"
    assert p.RATE_LIMITED in p.REQUEST_ERROR_CODES
    assert len(set(p.REQUEST_ERROR_CODES)) == len(p.REQUEST_ERROR_CODES)


def test_the_docs_list_every_request_error_code_and_limit():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs"
    for name in ("sync.md", "server.md"):
        text = docs.joinpath(name).read_text(encoding="utf-8")
        for code in p.REQUEST_ERROR_CODES:
            assert f"`{code}`" in text, (name, code)
        for shown in ("500", "8 MiB", "64 KiB", "32 levels", "16 KiB", "10 a minute", "2,000"):
            assert shown in text, (name, shown)
    # The numbers in words above are these constants.
    assert p.MAX_RECORD_BYTES == 64 * 1024
    assert p.MAX_BODY_DEPTH == 32
    assert p.MAX_DEVICE_REQUEST_BYTES == 16 * 1024
    assert p.MAX_REQUEST_BYTES == 8 * 1024 * 1024
