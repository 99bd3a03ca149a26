"""The server's JSON: both parsers (orjson and the standard library fallback) refuse deep
nesting as ``bad_shape`` rather than failing, and no JSON value makes ``dumps`` fail."""

from __future__ import annotations

import json

import pytest

from sync import protocol as p
from sync.server import jsonio


@pytest.fixture(params=["orjson", "stdlib"])
def parser(request, monkeypatch):
    if request.param == "stdlib":
        monkeypatch.setattr(jsonio, "_orjson", None)
    elif jsonio._orjson is None:  # pragma: no cover - orjson is a dependency
        pytest.skip("orjson is not installed")
    return request.param


def _deep_list(depth):
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize("depth", [1_100, 100_000])
def test_json_past_a_parsers_nesting_is_a_bad_shape_with_either_parser(parser, depth):
    text = b'{"ops": ' + b"[" * depth + b"]" * depth + b"}"
    with pytest.raises(p.ProtocolError) as err:
        jsonio.parse(text)
    assert err.value.code == p.BAD_SHAPE
    assert "deep" in str(err.value)


@pytest.mark.parametrize("depth", [p.MAX_BODY_DEPTH + 1, 900, 1_000, 1_100, 100_000])
def test_a_deep_body_is_refused_before_ingest_with_either_parser(parser, depth):
    op = {"op_id": p.new_id(), "kind": "household", "record_id": p.new_id(), "body": {}}
    text = p.dump_json({"ops": [op]}).replace(
        b'"body":{}', b'"body":{"x":' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"
    )
    with pytest.raises(p.ProtocolError) as err:
        p.PushRequest.from_wire(jsonio.parse(text))
    assert err.value.code == p.BAD_SHAPE


def test_both_parsers_refuse_what_is_not_json(parser):
    for text in (b"{", b"[NaN]", b"[Infinity]", b"\xff"):
        with pytest.raises(p.ProtocolError) as err:
            jsonio.parse(text)
        assert err.value.code == p.BAD_JSON
    assert jsonio.parse(b'{"t\\u00ean": [1, 2.5, null, true]}') == {"tên": [1, 2.5, None, True]}


@pytest.mark.parametrize("depth", [10, 300, 2_000, 50_000])
def test_dumps_writes_any_depth(parser, depth):
    # orjson stops at 254 levels and the standard library at the recursion limit; a stored
    # value deeper than either must still make a response, never a 500.
    value = {"a": _deep_list(depth), "n": 2**70, "t": 'Hoà "x"\n'}
    text = jsonio.dumps(value)
    expected = "[" * depth + "]" * depth
    assert text == f'{{"a":{expected},"n":{2**70},"t":"Hoà \\"x\\"\\n"}}'.encode()


def test_the_flat_writer_matches_the_standard_library():
    value = {
        "a": [1, 2, {"b": 'xé"\\\n\u0001', "c": None, "d": True, "e": 1.5, "f": -(2**70)}],
        "g": {},
        "h": [],
        "i": [[], [{}]],
        "j": "",
    }
    assert jsonio._dumps_flat(value) == json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize(
    "text",
    [
        b'{"a": 9223372036854775808}',
        b'{"a": -9223372036854775809}',
        b'{"ops": [{"body": {"x": [123456789012345678901234567890]}}]}',
        b'{"a": 1e19}',
        b'{"a": -9.3E+18}',
        # 2**63 with a one-digit exponent and a short integer part: an earlier check let it by
        b'{"a": 92233720368547758.08e2}',
        b'{"a":[1,\n  -922337203685477580.9e1]}',
        b"9223372036854775808",
    ],
)
def test_a_number_past_64_bits_is_refused_not_rounded(text):
    with pytest.raises(p.ProtocolError) as caught:
        jsonio.parse(text)
    assert caught.value.code == "bad_json"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (b'{"a": 9223372036854775807}', {"a": 2**63 - 1}),
        (b'{"a": -9223372036854775808}', {"a": -(2**63)}),
        (b'{"cccd": "12345678901234567890123"}', {"cccd": "12345678901234567890123"}),
        (b'{"a": 1.5e-30}', {"a": 1.5e-30}),
        (b'{"a": 9.2e18}', {"a": 9.2e18}),
    ],
)
def test_long_digits_in_text_or_in_range_are_read_as_they_are(text, value):
    assert jsonio.parse(text) == value


def test_ids_dates_and_phones_do_not_make_a_body_walked():
    """The number check walks a body only when its text holds a number that could be past 64
    bits; the hex of UUIDs ("1e23"), dates and long digit strings inside strings are not such
    numbers (they made every push body walked)."""
    body = (
        b'{"ops":[{"op_id":"0195f3a1-1e23-7abc-8def-0123456789ab","record_id":'
        b'"0195f3a1-2e99-7abc-8def-0123456789ab","base_version":0,"body":{"date_of_birth":'
        b'"1985-04-12","cccd":"12345678901234567890123","amount":1500000,"x":1.5}}]}'
    )
    assert jsonio._LONG_NUMBER.search(body) is None
    for number in (b"1e5", b"-2E-3", b"1234567890123456789", b"0.5e1"):
        for before in (b"[", b":", b",", b": ", b":\n\t", b""):
            assert jsonio._LONG_NUMBER.search(before + number) is not None
