"""The wire contract of protocol version 1, shared by the laptop's sync client and the server.

Paths, field names, statuses and error codes here are used by tests outside this repository:
extend them compatibly, never rename. Shapes are plain dataclasses with ``to_wire`` /
``from_wire``; a malformed message raises :class:`ProtocolError` naming what is wrong.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from sync.domain.records import RECORD_TYPES

PROTOCOL_VERSION: Final = 1

# -- paths ------------------------------------------------------------------------------------
HEALTH_PATH: Final = "/api/v1/health"
DEVICES_PATH: Final = "/api/v1/devices"
PUSH_PATH: Final = "/api/v1/sync/push"
PULL_PATH: Final = "/api/v1/sync/pull"

# -- record kinds -----------------------------------------------------------------------------
# Kinds an agent may push, parents before children (the order a batch is sent in).
KINDS: Final = ("household", "person", "event", "visit", "enrollment", "receipt", "followup")
assert set(KINDS) == set(RECORD_TYPES)
KIND_ORDER: Final = {kind: i for i, kind in enumerate(KINDS)}
# Reference data the server hands out in pulls; agents never push these.
REF_ADMIN_UNIT: Final = "ref.admin_unit"
REF_RATES: Final = "ref.rates"
REF_SCRIPT: Final = "ref.script"
REF_TARGET: Final = "ref.target"
REF_KINDS: Final = (REF_ADMIN_UNIT, REF_RATES, REF_SCRIPT, REF_TARGET)

# -- op result statuses -----------------------------------------------------------------------
APPLIED: Final = "applied"
DUPLICATE: Final = "duplicate"
MERGED: Final = "merged"
CONFLICT: Final = "conflict"
REJECTED: Final = "rejected"
STATUSES: Final = (APPLIED, DUPLICATE, MERGED, CONFLICT, REJECTED)
# Statuses after which the op leaves the outbox for good; the rest go to "needs attention".
SETTLED: Final = frozenset({APPLIED, DUPLICATE, MERGED})

# -- error codes of a rejected op (``error.code``) ----------------------------------------------
INVALID: Final = "invalid"
FORBIDDEN: Final = "forbidden"
AMOUNT_MISMATCH: Final = "amount_mismatch"
OP_REUSED: Final = "op_reused"
DELETED: Final = "deleted"
MISSING_PARENT: Final = "missing_parent"
DUPLICATE_NUMBER: Final = "duplicate_number"  # a receipt number already used by another receipt
IMMUTABLE: Final = "immutable"  # someone else's visit, receipt or enrollment
OP_ERROR_CODES: Final = (
    INVALID,
    FORBIDDEN,
    AMOUNT_MISMATCH,
    OP_REUSED,
    DELETED,
    MISSING_PARENT,
    DUPLICATE_NUMBER,
    IMMUTABLE,
)

# -- whole-request error codes (4xx bodies: ``{"error": {"code", "message"}}``) ----------------
BAD_JSON: Final = "bad_json"
BAD_SHAPE: Final = "bad_shape"
TOO_LARGE: Final = "too_large"
BAD_ENCODING: Final = "bad_encoding"
UNAUTHORIZED: Final = "unauthorized"
NOT_FOUND: Final = "not_found"
RATE_LIMITED: Final = "rate_limited"  # 429 with Retry-After: too many device registrations
# 426: the app is older than the server's minimum client version; it must be updated before it
# syncs (nothing of the request is read or stored; its unsent data stays on the laptop).
UPGRADE_REQUIRED: Final = "upgrade_required"
REQUEST_ERROR_CODES: Final = (
    BAD_JSON,
    BAD_SHAPE,
    TOO_LARGE,
    BAD_ENCODING,
    UNAUTHORIZED,
    NOT_FOUND,
    RATE_LIMITED,
    UPGRADE_REQUIRED,
)

# Extension: the app names its version on every request; the server answers 426
# ``upgrade_required`` when it is older than its minimum, and /health states the minimum and the
# latest client version (``min_client``, ``latest_client``).
CLIENT_VERSION_HEADER: Final = "X-Client-Version"
# Extension: how many ops the laptop still holds in its outbox when it calls (the console's
# Agents page shows it); a server that does not know it ignores it.
OUTBOX_PENDING_HEADER: Final = "X-Outbox-Pending"
# Extension of a 401's error object: ``"reason": "device_revoked"`` when the token was valid
# but a supervisor revoked the device (the code stays ``unauthorized``).
DEVICE_REVOKED: Final = "device_revoked"
_VERSION = re.compile(r"\A[0-9]{1,6}(?:\.[0-9]{1,6}){0,3}\Z")


def parse_version(text: object) -> tuple[int, ...] | None:
    """``"0.10.2"`` as ``(0, 10, 2)`` for comparing; None when it is not such a version."""
    if not isinstance(text, str) or _VERSION.match(text.strip()) is None:
        return None
    parts = tuple(int(p) for p in text.strip().split("."))
    return parts + (0,) * (4 - len(parts))


# -- limits -------------------------------------------------------------------------------------
MAX_BATCH_OPS: Final = 500
MAX_REQUEST_BYTES: Final = 8 * 1024 * 1024  # after decompression
# One record's body as compact UTF-8 JSON: known fields have their own limits, unknown fields
# (kept, not rejected) share this one, so a record cannot cost the server megabytes per pull.
MAX_RECORD_BYTES: Final = 64 * 1024
# Containers nested inside one record body, the body itself being level 1: real records are
# two or three levels deep; past this the body is refused before anything is parsed further.
MAX_BODY_DEPTH: Final = 32
# Requests without a token (device registration): small bodies, before and after unpacking
# (three fields of at most MAX_TEXT_LENGTH characters, even \u-escaped, fit with room).
MAX_DEVICE_REQUEST_BYTES: Final = 16 * 1024
# Versions are counters the server hands out; the database stores them as 32-bit integers.
MAX_VERSION: Final = 2**31 - 1
DEFAULT_PULL_LIMIT: Final = 500
MAX_PULL_LIMIT: Final = 2000
# Longest accepted ids and names: generous, but bounded so a hostile body cannot bloat storage.
MAX_ID_LENGTH: Final = 64
MAX_TEXT_LENGTH: Final = 200

_UUID = re.compile(r"\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


class ProtocolError(ValueError):
    """A message that does not have the contract's shape; ``code`` is a request error code."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field

    def to_wire(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": str(self)}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


# -- helpers --------------------------------------------------------------------------------------


def new_id() -> str:
    """A fresh record or op id: UUIDv7 (time-ordered, so indexes stay compact), canonical form."""
    # Imported on the first id, not with this module: uuid6 imports importlib.metadata (with
    # email and zipfile: ~30 ms) for its own version, on the desktop app's path to its window.
    from uuid6 import uuid7

    return str(uuid7())


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and _UUID.match(value) is not None


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, to the millisecond."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso_utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time without a zone")
    return moment.astimezone(UTC)


def json_depth(value: Any, limit: int = MAX_BODY_DEPTH) -> int:
    """How deep containers nest in ``value`` (a scalar is 0, ``{}`` is 1), counted without
    recursion; the walk stops as soon as it passes ``limit`` (and returns ``limit + 1``)."""
    if not isinstance(value, dict | list):
        return 0
    deepest = 1
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return limit + 1
                deepest = max(deepest, depth + 1)
                stack.append((child, depth + 1))
    return deepest


def canonical_json(value: Any) -> bytes:
    """One byte string per JSON value whatever the key order: the basis of content hashes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def dump_json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def check_body(body: Mapping[str, Any], where: str = "body") -> None:
    """Refuse a record body nested past :data:`MAX_BODY_DEPTH` (``bad_shape``) or longer than
    :data:`MAX_RECORD_BYTES` once encoded (``too_large``); both name the field ``body``."""
    if json_depth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH:
        raise ProtocolError(
            BAD_SHAPE, f"{where}: nested more than {MAX_BODY_DEPTH} levels deep", "body"
        )
    size = len(dump_json(body))
    if size > MAX_RECORD_BYTES:
        raise ProtocolError(
            TOO_LARGE,
            f"{where}: {size} bytes as JSON, at most {MAX_RECORD_BYTES} per record",
            "body",
        )


def gzip_bytes(data: bytes) -> bytes:
    # Level 6 is zlib's default balance; mtime=0 keeps equal bodies byte-identical.
    return gzip.compress(data, compresslevel=6, mtime=0)


def gunzip_bytes(data: bytes, limit: int = MAX_REQUEST_BYTES) -> bytes:
    """Decompress at most ``limit`` bytes: a small gzip bomb must not fill the server's memory."""
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ProtocolError(BAD_ENCODING, f"the gzip body is corrupt: {exc}") from None
    if len(out) > limit:
        raise ProtocolError(TOO_LARGE, f"the body is larger than {limit} bytes once unpacked")
    if not inflater.eof:
        raise ProtocolError(BAD_ENCODING, "the gzip body is truncated")
    return out


def unpack_body(data: bytes, content_encoding: str | None, limit: int = MAX_REQUEST_BYTES) -> bytes:
    """A body's bytes once unpacked (gzip or identity), at most ``limit`` of them."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding == "gzip":
        data = gunzip_bytes(data, limit)
    elif encoding != "identity":
        raise ProtocolError(BAD_ENCODING, f"unsupported Content-Encoding {encoding!r}")
    if len(data) > limit:
        raise ProtocolError(TOO_LARGE, f"the body is larger than {limit} bytes")
    return data


def decode_body(data: bytes, content_encoding: str | None, limit: int = MAX_REQUEST_BYTES) -> Any:
    """The JSON value of a request or response body, gzip or identity."""
    data = unpack_body(data, content_encoding, limit)
    try:
        return json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(BAD_JSON, f"the body is not valid JSON: {exc}") from None
    except RecursionError:
        raise ProtocolError(BAD_SHAPE, "the body is nested too deeply") from None


# -- shape checks ---------------------------------------------------------------------------------


def _need(obj: Mapping[str, Any], key: str, types: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise ProtocolError(BAD_SHAPE, f"{where}: '{key}' is missing", key)
    value = obj[key]
    # bool is an int in Python but not in the contract.
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise ProtocolError(BAD_SHAPE, f"{where}: '{key}' has the wrong type", key)
    if not isinstance(value, types):
        raise ProtocolError(BAD_SHAPE, f"{where}: '{key}' has the wrong type", key)
    return value


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProtocolError(BAD_SHAPE, f"{where} must be a JSON object")
    return value


# -- messages -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Op:
    """One change to one record, as the laptop sends it."""

    op_id: str
    kind: str
    record_id: str
    base_version: int
    device_time: str
    deleted: bool
    body: Mapping[str, Any]

    def to_wire(self) -> dict[str, Any]:
        return {
            "op_id": self.op_id,
            "kind": self.kind,
            "record_id": self.record_id,
            "base_version": self.base_version,
            "device_time": self.device_time,
            "deleted": self.deleted,
            "body": dict(self.body),
        }

    def content_hash(self) -> str:
        """What makes a resend of this op a ``duplicate`` and a reuse of its id ``op_reused``.

        ``device_time`` is left out: a laptop resending after a lost response may stamp it anew.
        """
        content = [self.kind, self.record_id, self.base_version, self.deleted, self.body]
        return hashlib.sha256(canonical_json(content)).hexdigest()

    @classmethod
    def from_wire(cls, value: Any, index: int = 0) -> Op:
        """Check the envelope only; the server validates the body per kind (as ``invalid``)."""
        where = f"ops[{index}]"
        obj = _object(value, where)
        op_id = _need(obj, "op_id", str, where)
        kind = _need(obj, "kind", str, where)
        record_id = _need(obj, "record_id", str, where)
        for key, text in (("op_id", op_id), ("record_id", record_id)):
            if not is_uuid(text):
                raise ProtocolError(BAD_SHAPE, f"{where}: '{key}' must be a lower-case UUID", key)
        if kind not in KINDS:
            raise ProtocolError(BAD_SHAPE, f"{where}: unknown kind {kind[:40]!r}", "kind")
        # A new record: base_version 0, null or absent, all three alike (hashes included).
        base_version = obj.get("base_version")
        if isinstance(base_version, float) and base_version.is_integer():
            base_version = int(base_version)  # JSON has one number type: 3.0 is the integer 3
        if base_version is None:
            base_version = 0
        elif isinstance(base_version, bool) or not isinstance(base_version, int):
            raise ProtocolError(
                BAD_SHAPE, f"{where}: 'base_version' must be an integer or null", "base_version"
            )
        elif not 0 <= base_version <= MAX_VERSION:
            raise ProtocolError(
                BAD_SHAPE,
                f"{where}: 'base_version' must be between 0 and {MAX_VERSION}",
                "base_version",
            )
        device_time = obj.get("device_time", "")
        if not isinstance(device_time, str) or len(device_time) > MAX_ID_LENGTH:
            raise ProtocolError(BAD_SHAPE, f"{where}: 'device_time' must be text", "device_time")
        deleted = obj.get("deleted", False)
        if not isinstance(deleted, bool):
            raise ProtocolError(BAD_SHAPE, f"{where}: 'deleted' must be true or false", "deleted")
        body = _object(obj.get("body", {}), f"{where}.body")
        check_body(body, f"{where}.body")
        return cls(op_id, kind, record_id, base_version, device_time, deleted, dict(body))


@dataclass(frozen=True, slots=True)
class PushRequest:
    ops: tuple[Op, ...]

    def to_wire(self) -> dict[str, Any]:
        return {"ops": [op.to_wire() for op in self.ops]}

    @classmethod
    def from_wire(cls, value: Any) -> PushRequest:
        obj = _object(value, "the request")
        ops = _need(obj, "ops", list, "the request")
        if len(ops) > MAX_BATCH_OPS:
            raise ProtocolError(TOO_LARGE, f"at most {MAX_BATCH_OPS} ops per request", "ops")
        # An op_id may appear twice: the second is a resend, answered as ingest answers any
        # resend (``duplicate``, or ``op_reused`` with other content).
        return cls(tuple(Op.from_wire(op, i) for i, op in enumerate(ops)))


@dataclass(frozen=True, slots=True)
class OpError:
    code: str
    message: str
    field: str | None = None

    def to_wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            out["field"] = self.field
        return out

    @classmethod
    def from_wire(cls, value: Any) -> OpError:
        obj = _object(value, "error")
        field_name = obj.get("field")
        return cls(
            _need(obj, "code", str, "error"),
            str(obj.get("message", "")),
            field_name if isinstance(field_name, str) else None,
        )


@dataclass(frozen=True, slots=True)
class OpResult:
    """The server's answer to one op. ``server`` is the server's copy of the record, sent with
    ``conflict`` (contract) and with ``merged`` (so the laptop can store the merged body)."""

    op_id: str
    status: str
    version: int
    error: OpError | None = None
    server: Mapping[str, Any] | None = None

    def to_wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op_id": self.op_id, "status": self.status, "version": self.version}
        if self.error is not None:
            out["error"] = self.error.to_wire()
        if self.server is not None:
            out["server"] = dict(self.server)
        return out

    @classmethod
    def from_wire(cls, value: Any) -> OpResult:
        obj = _object(value, "result")
        status = _need(obj, "status", str, "result")
        if status not in STATUSES:
            raise ProtocolError(BAD_SHAPE, f"unknown status {status!r}", "status")
        error = obj.get("error")
        server = obj.get("server")
        return cls(
            _need(obj, "op_id", str, "result"),
            status,
            _need(obj, "version", int, "result"),
            OpError.from_wire(error) if error is not None else None,
            dict(server) if isinstance(server, Mapping) else None,
        )


@dataclass(frozen=True, slots=True)
class PushResponse:
    results: tuple[OpResult, ...]
    cursor: int

    def to_wire(self) -> dict[str, Any]:
        return {"results": [r.to_wire() for r in self.results], "cursor": self.cursor}

    @classmethod
    def from_wire(cls, value: Any) -> PushResponse:
        obj = _object(value, "the response")
        results = _need(obj, "results", list, "the response")
        return cls(
            tuple(OpResult.from_wire(r) for r in results),
            _need(obj, "cursor", int, "the response"),
        )


@dataclass(frozen=True, slots=True)
class Change:
    """One record as the server holds it now, in a pull; ``deleted`` ones are tombstones.

    Extension: ``removed`` (always with ``deleted``) says the record left the agent's scope (its
    household moved to another commune, or the commune was unassigned) without being deleted
    on the server: the laptop drops its copy and no longer counts it.

    Extension: ``resolves`` names the ops whose conflicts on this record a supervisor resolved
    in the console (since the laptop's cursor): the laptop holding one in its needs-attention
    list drops it and takes this record.
    """

    seq: int
    kind: str
    record_id: str
    version: int
    deleted: bool
    body: Mapping[str, Any]
    removed: bool = False
    resolves: tuple[str, ...] = ()

    def to_wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "seq": self.seq,
            "kind": self.kind,
            "record_id": self.record_id,
            "version": self.version,
            "deleted": self.deleted or self.removed,
            "body": dict(self.body),
        }
        if self.removed:
            out["removed"] = True
        if self.resolves:
            out["resolves"] = list(self.resolves)
        return out

    @classmethod
    def from_wire(cls, value: Any) -> Change:
        obj = _object(value, "change")
        body = obj.get("body") or {}
        resolves = obj.get("resolves")
        return cls(
            _need(obj, "seq", int, "change"),
            _need(obj, "kind", str, "change"),
            _need(obj, "record_id", str, "change"),
            _need(obj, "version", int, "change"),
            obj.get("deleted") is True or obj.get("removed") is True,
            dict(_object(body, "change.body")),
            obj.get("removed") is True,
            tuple(r for r in resolves if isinstance(r, str)) if isinstance(resolves, list) else (),
        )


@dataclass(frozen=True, slots=True)
class PullResponse:
    changes: tuple[Change, ...]
    cursor: int
    has_more: bool
    # Extension: how many records (tombstones included) the agent's scope holds up to
    # ``cursor``; the laptop compares it with its own count after a full pull.
    total: int | None = None
    server_time: str | None = None

    def to_wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "changes": [c.to_wire() for c in self.changes],
            "cursor": self.cursor,
            "has_more": self.has_more,
        }
        if self.total is not None:
            out["total"] = self.total
        if self.server_time is not None:
            out["server_time"] = self.server_time
        return out

    @classmethod
    def from_wire(cls, value: Any) -> PullResponse:
        obj = _object(value, "the response")
        total = obj.get("total")
        server_time = obj.get("server_time")
        return cls(
            tuple(Change.from_wire(c) for c in _need(obj, "changes", list, "the response")),
            _need(obj, "cursor", int, "the response"),
            bool(_need(obj, "has_more", bool, "the response")),
            total if isinstance(total, int) and not isinstance(total, bool) else None,
            server_time if isinstance(server_time, str) else None,
        )


@dataclass(frozen=True, slots=True)
class AgentInfo:
    username: str
    name: str
    communes: tuple[str, ...]
    # Extension: the agent's code, the prefix of their receipt numbers.
    code: str | None = None

    def to_wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "username": self.username,
            "name": self.name,
            "communes": list(self.communes),
        }
        if self.code is not None:
            out["code"] = self.code
        return out

    @classmethod
    def from_wire(cls, value: Any) -> AgentInfo:
        obj = _object(value, "agent")
        communes = _need(obj, "communes", list, "agent")
        code = obj.get("code")
        return cls(
            _need(obj, "username", str, "agent"),
            _need(obj, "name", str, "agent"),
            tuple(str(c) for c in communes),
            code if isinstance(code, str) else None,
        )


@dataclass(frozen=True, slots=True)
class DeviceRequest:
    username: str
    enrollment_code: str
    device_name: str

    def to_wire(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "enrollment_code": self.enrollment_code,
            "device_name": self.device_name,
        }

    @classmethod
    def from_wire(cls, value: Any) -> DeviceRequest:
        obj = _object(value, "the request")
        out = cls(
            _need(obj, "username", str, "the request"),
            _need(obj, "enrollment_code", str, "the request"),
            _need(obj, "device_name", str, "the request"),
        )
        for key in ("username", "enrollment_code", "device_name"):
            if len(getattr(out, key)) > MAX_TEXT_LENGTH:
                raise ProtocolError(BAD_SHAPE, f"'{key}' is too long", key)
        return out


@dataclass(frozen=True, slots=True)
class DeviceResponse:
    device_id: str
    token: str
    agent: AgentInfo

    def to_wire(self) -> dict[str, Any]:
        return {"device_id": self.device_id, "token": self.token, "agent": self.agent.to_wire()}

    @classmethod
    def from_wire(cls, value: Any) -> DeviceResponse:
        obj = _object(value, "the response")
        return cls(
            _need(obj, "device_id", str, "the response"),
            _need(obj, "token", str, "the response"),
            AgentInfo.from_wire(obj.get("agent")),
        )


@dataclass(frozen=True, slots=True)
class Health:
    status: str
    protocol: int
    server_time: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_wire(self) -> dict[str, Any]:
        return {
            **self.extra,
            "status": self.status,
            "protocol": self.protocol,
            "server_time": self.server_time,
        }

    @classmethod
    def from_wire(cls, value: Any) -> Health:
        obj = _object(value, "health")
        return cls(
            _need(obj, "status", str, "health"),
            _need(obj, "protocol", int, "health"),
            _need(obj, "server_time", str, "health"),
        )


def order_ops(ops: Sequence[Op]) -> list[Op]:
    """Parents before children, and otherwise the order the changes were made."""
    return sorted(ops, key=lambda op: KIND_ORDER[op.kind])  # sorted() is stable
