"""JSON for the server's hot path: orjson when it is installed (several times faster on a batch
of 500 ops), the standard library otherwise; both give the same compact UTF-8 text.

orjson is stricter on input (NaN, Infinity, lone surrogates and integers past 64 bits are not
JSON to it: the request is ``bad_json``) and refuses to write integers past 64 bits, which the
standard library then writes instead.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

from sync.protocol import BAD_JSON, ProtocolError, decode_body

_orjson: ModuleType | None
try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - optional speed-up
    _orjson = None

FAST: bool = _orjson is not None


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON bytes."""
    if _orjson is not None:
        try:
            return bytes(_orjson.dumps(value))
        except TypeError:
            pass  # integers past 64 bits: the standard library writes them
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def dump_text(value: Any) -> str:
    """Compact JSON text, as stored in the database's JSON columns."""
    return dumps(value).decode()


def parse(text: bytes) -> Any:
    """A request body's JSON value; :class:`ProtocolError` ``bad_json`` if it is not JSON."""
    if _orjson is None:
        return decode_body(text, None)
    try:
        return _orjson.loads(text)
    except ValueError as exc:  # orjson.JSONDecodeError is a ValueError
        raise ProtocolError(BAD_JSON, f"the body is not valid JSON: {exc}") from None
