"""Pydantic models of the wire messages, for the OpenAPI document only.

The handlers parse raw bytes with :mod:`sync.protocol` (gzip and size checks need the raw body),
so these models describe the contract to readers, generated clients and fuzzers without
validating anything. They say what the server enforces: id patterns, lengths, integer bounds,
and the enums of kinds, statuses and codes, built from :mod:`sync.protocol`'s tuples (a test
compares the published document with them). Limits that JSON Schema cannot express (bytes per
record and per request, nesting depth) are in the descriptions.
"""

from __future__ import annotations

from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field

from sync.protocol import (
    KINDS,
    MAX_BATCH_OPS,
    MAX_BODY_DEPTH,
    MAX_DEVICE_REQUEST_BYTES,
    MAX_ID_LENGTH,
    MAX_RECORD_BYTES,
    MAX_REQUEST_BYTES,
    MAX_TEXT_LENGTH,
    MAX_VERSION,
    OP_ERROR_CODES,
    REF_KINDS,
    REQUEST_ERROR_CODES,
    STATUSES,
)

# The protocol's UUID rule (lower-case, canonical form) in JSON Schema's regex dialect.
UUID_PATTERN: Final = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# The report's date bounds: YYYY-MM-DD, compared as text with the records' dates.
DATE_PATTERN: Final = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# Text the server keeps may not hold NUL (PostgreSQL cannot store it).
NO_NUL_PATTERN: Final = "^[^\\x00]*$"
_INT64: Final = 2**63 - 1
_NO_NUL: Final = {"pattern": NO_NUL_PATTERN}

# A record body: any JSON object whose text holds no NUL, nested at most MAX_BODY_DEPTH deep
# and at most MAX_RECORD_BYTES long (those two only in words: JSON Schema cannot say them).
JSON_COMPONENTS: Final[dict[str, Any]] = {
    "JsonValue": {
        "anyOf": [
            {"type": "string", "pattern": NO_NUL_PATTERN},
            # Every number lies within a 64-bit integer's range (sync.server.jsonio refuses
            # others as bad_json: a longer integer would be silently rounded).
            {"type": "number", "minimum": -_INT64 - 1, "maximum": _INT64},
            {"type": "boolean"},
            {"type": "null"},
            {"type": "array", "items": {"$ref": "#/components/schemas/JsonValue"}},
            {"$ref": "#/components/schemas/JsonObject"},
        ]
    },
    # What the server reads but ignores (unknown fields of an op or a request): NUL allowed,
    # integers still within 64 bits (the whole request is parsed).
    "IgnoredJson": {
        "anyOf": [
            {"type": "string"},
            {"type": "number", "minimum": -_INT64 - 1, "maximum": _INT64},
            {"type": "boolean"},
            {"type": "null"},
            {"type": "array", "items": {"$ref": "#/components/schemas/IgnoredJson"}},
            {
                "type": "object",
                "additionalProperties": {"$ref": "#/components/schemas/IgnoredJson"},
            },
        ]
    },
    "JsonObject": {
        "type": "object",
        "propertyNames": {"pattern": NO_NUL_PATTERN},
        "additionalProperties": {"$ref": "#/components/schemas/JsonValue"},
    },
}


def _enum(values: tuple[str, ...]) -> dict[str, Any]:
    return {"enum": list(values)}


def add_components(found: dict[str, Any]) -> None:
    """Add :data:`JSON_COMPONENTS` to an OpenAPI document's schemas and make op bodies use
    them (pydantic cannot refer to a schema it did not make)."""
    found.update(JSON_COMPONENTS)
    body = found["OpModel"]["properties"]["body"]
    found["OpModel"]["properties"]["body"] = {
        "allOf": [{"$ref": "#/components/schemas/JsonObject"}],
        "description": body.get("description", ""),
        "default": {},
    }
    # Fields the server ignores may hold any JSON, but the whole request is parsed: their
    # integers must fit in 64 bits too (bad_json otherwise).
    for name in ("OpModel", "PushRequestModel", "DeviceRequestModel"):
        found[name]["additionalProperties"] = {"$ref": "#/components/schemas/IgnoredJson"}


class ErrorDetail(BaseModel):
    code: str = Field(json_schema_extra=_enum(REQUEST_ERROR_CODES))
    message: str
    field: str | None = None
    # Extension of a 401: "device_revoked" when a supervisor revoked the calling device.
    reason: str | None = None
    revoked_at: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class HealthModel(BaseModel):
    model_config = ConfigDict(extra="allow")
    status: str
    protocol: int
    server_time: str
    # Extension: the oldest app version allowed to sync (older: 426) and the newest one.
    min_client: str | None = None
    latest_client: str | None = None


class DeviceRequestModel(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "description": f"At most {MAX_DEVICE_REQUEST_BYTES} bytes, before and after gzip "
            "(413 too_large); at most a few registrations per minute and client address "
            "(429 rate_limited with Retry-After)."
        }
    )
    username: str = Field(max_length=MAX_TEXT_LENGTH, pattern=NO_NUL_PATTERN)
    enrollment_code: str = Field(max_length=MAX_TEXT_LENGTH, pattern=NO_NUL_PATTERN)
    device_name: str = Field(max_length=MAX_TEXT_LENGTH, pattern=NO_NUL_PATTERN)


class AgentModel(BaseModel):
    username: str
    name: str
    communes: list[str]
    code: str | None = None


class DeviceResponseModel(BaseModel):
    device_id: str = Field(pattern=UUID_PATTERN)
    token: str
    agent: AgentModel


class OpModel(BaseModel):
    op_id: str = Field(pattern=UUID_PATTERN, description="a lower-case UUID, unique per change")
    kind: str = Field(json_schema_extra=_enum(KINDS))
    record_id: str = Field(pattern=UUID_PATTERN, description="a lower-case UUID")
    base_version: int | None = Field(
        default=0,
        ge=0,
        le=MAX_VERSION,
        description="the version the client last saw; a new record has 0, null or none",
    )
    device_time: str = Field(default="", max_length=MAX_ID_LENGTH, pattern=NO_NUL_PATTERN)
    deleted: bool = False
    body: dict[str, Any] = Field(
        default_factory=dict,
        description=f"the record; at most {MAX_RECORD_BYTES} bytes as compact UTF-8 JSON "
        f"(413 too_large) and {MAX_BODY_DEPTH} levels of nesting (400 bad_shape), the body "
        "itself being the first; no NUL in its text (400 bad_shape)",
    )


class PushRequestModel(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "description": f"At most {MAX_REQUEST_BYTES} bytes before and after gzip "
            "(413 too_large); every op_id at most once."
        }
    )
    ops: list[OpModel] = Field(max_length=MAX_BATCH_OPS)


class OpErrorModel(BaseModel):
    code: str = Field(json_schema_extra=_enum(OP_ERROR_CODES))
    message: str
    field: str | None = None


class OpResultModel(BaseModel):
    op_id: str = Field(pattern=UUID_PATTERN)
    status: str = Field(json_schema_extra=_enum(STATUSES))
    version: int = Field(ge=0, le=MAX_VERSION)
    error: OpErrorModel | None = None
    server: dict[str, Any] | None = None


class PushResponseModel(BaseModel):
    results: list[OpResultModel]
    cursor: int = Field(ge=0, le=_INT64)


class ChangeModel(BaseModel):
    seq: int = Field(ge=0, le=_INT64)
    kind: str = Field(json_schema_extra=_enum(KINDS + REF_KINDS))
    record_id: str
    version: int = Field(ge=0, le=MAX_VERSION)
    deleted: bool
    body: dict[str, Any]
    removed: bool = False
    # The ops whose conflicts on this record a supervisor resolved (sync.server.resolutions).
    resolves: list[str] = Field(default_factory=list)


class PullResponseModel(BaseModel):
    changes: list[ChangeModel]
    cursor: int = Field(ge=0, le=_INT64)
    has_more: bool
    total: int | None = Field(default=None, ge=0)
    server_time: str | None = None


class SummaryRow(BaseModel):
    day: str
    province_code: str
    commune_code: str
    enrollments: int
    amount: int
    receipts: int
    receipt_amount: int


class SummaryModel(BaseModel):
    rows: list[SummaryRow]
    totals: dict[str, int]
