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


# A run of 19 digits is the shortest text an integer past 64 bits can have.
_LONG_DIGITS: Final = re.compile(rb"[0-9]{19}")
_INT64_MIN: Final = -(2**63)
_INT64_MAX: Final = 2**63 - 1


def parse(text: bytes) -> Any:
    """A request body's JSON value; :class:`ProtocolError` ``bad_json`` if it is not JSON, or
    holds an integer past 64 bits (orjson would read it as a float and silently change it;
    PostgreSQL's JSON and every client in between lose it too)."""
    value = _parse(text)
    if _LONG_DIGITS.search(text) is not None and _has_big_int(_parse_exact(text)):
        raise ProtocolError(BAD_JSON, "the body holds an integer that does not fit in 64 bits")
    return value


def _parse_exact(text: bytes) -> Any:
    """The standard library's reading, whose integers are exact (only for the rare body with a
    long run of digits, which is most often a number inside a string)."""
    try:
        return json.loads(text, parse_constant=_not_json)
    except RecursionError:
        raise ProtocolError(BAD_SHAPE, "the body is nested too deeply") from None
    except ValueError as exc:
        raise ProtocolError(BAD_JSON, f"the body is not valid JSON: {exc}") from None


def _has_big_int(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, int) and not isinstance(item, bool):
            if not _INT64_MIN <= item <= _INT64_MAX:
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _parse(text: bytes) -> Any:
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
