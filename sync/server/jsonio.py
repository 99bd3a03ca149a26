"""JSON for the server's hot path: orjson when it is installed (several times faster on a batch
of 500 ops), the standard library otherwise; both give the same compact UTF-8 text.

Both refuse NaN and Infinity (not JSON, and PostgreSQL's json type refuses them); orjson also
refuses lone surrogates and integers past 64 bits on input (``bad_json``). Nesting past what a
parser handles is ``bad_shape`` with either (orjson stops at 1,024 levels, the standard library
at Python's recursion limit). On output nothing JSON can hold makes :func:`dumps` fail: the
standard library writes what orjson will not (integers past 64 bits, more than 254 levels), and
a value nested too deep even for it is written without recursion.
"""

from __future__ import annotations

import json
import re
from types import ModuleType
from typing import Any, Final

from sync.protocol import BAD_JSON, BAD_SHAPE, ProtocolError

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
            pass  # integers past 64 bits, nesting past 254 levels: the standard library
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    except RecursionError:
        return _dumps_flat(value).encode()


class _Raw:
    """Text to copy as it is, on the stack of :func:`_dumps_flat`."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _dumps_flat(value: Any) -> str:
    """The same compact JSON as ``json.dumps``, written with a stack instead of recursion."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            out.append(item.text)
        elif isinstance(item, dict):
            pieces: list[Any] = []
            for i, (key, child) in enumerate(item.items()):
                name = _scalar(key if isinstance(key, str) else str(key))
                pieces += [_Raw(f"{',' if i else ''}{name}:"), child]
            out.append("{")
            stack.append(_Raw("}"))
            stack.extend(reversed(pieces))
        elif isinstance(item, list | tuple):
            out.append("[")
            stack.append(_Raw("]"))
            for i in range(len(item) - 1, -1, -1):
                stack.append(item[i])
                if i:
                    stack.append(_Raw(","))
        else:
            out.append(_scalar(item))
    return "".join(out)


def dump_text(value: Any) -> str:
    """Compact JSON text, as stored in the database's JSON columns."""
    return dumps(value).decode()


# Numbers beyond a 64-bit integer's range can only be spelled with an integer part of 19
# digits or more, or with an exponent (92233720368547758.08e2 is 2**63); only bodies holding
# such a number are walked. A JSON number starts the text or follows ``[``, ``:`` or ``,``
# (and blanks), so the digits and hyphens of ids, dates and phone numbers inside strings do not
# count (an earlier pattern matched the "1e23" of nearly every UUID, and walked every push);
# text inside a string that looks like a number there only costs a walk.
_LONG_NUMBER: Final = re.compile(rb"(?:^|[\[:,])[ \t\r\n]*-?(?:[0-9]{19}|[0-9][0-9.]*[eE])")
_NUMBER_MIN: Final = -(2**63)
_NUMBER_MAX: Final = 2**63 - 1
_FLOAT_LIMIT: Final = float(2**63)


def parse(text: bytes) -> Any:
    """A request body's JSON value; :class:`ProtocolError` ``bad_json`` if it is not JSON, or
    holds a number outside a 64-bit integer's range (orjson reads a longer integer as a float,
    silently changing it; PostgreSQL and every client in between would lose it too)."""
    value = parse_stored(text)
    # orjson reads a longer integer as a float: one at or past 2**63 in size is refused here.
    if _LONG_NUMBER.search(text) is not None and _out_of_range(value):
        raise ProtocolError(BAD_JSON, "the body holds a number beyond a 64-bit integer's range")
    return value


def _out_of_range(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, int):
            if not _NUMBER_MIN <= item <= _NUMBER_MAX:
                return True
        elif isinstance(item, float) and not -_FLOAT_LIMIT < item < _FLOAT_LIMIT:
            return True  # 2**63 as a float: an integer past int64 rounded there, or larger
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def parse_stored(text: bytes) -> Any:
    """JSON the server wrote itself (a stored body): no range check, which a request gets."""
    try:
        if _orjson is not None:
            return _orjson.loads(text)
        return json.loads(text, parse_constant=_not_json)
    except RecursionError:  # the standard library's parser recurses once per level
        raise ProtocolError(BAD_SHAPE, "the body is nested too deeply") from None
    except ValueError as exc:  # orjson.JSONDecodeError and UnicodeDecodeError are ValueErrors
        if "depth limit" in str(exc):  # orjson's own limit on nesting
            raise ProtocolError(BAD_SHAPE, "the body is nested too deeply") from None
        raise ProtocolError(BAD_JSON, f"the body is not valid JSON: {exc}") from None


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
