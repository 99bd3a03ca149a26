"""Pydantic models of the wire messages, for the OpenAPI document only.

The handlers parse raw bytes with :mod:`sync.protocol` (gzip and size checks need the raw body),
so these models describe the contract to readers and fuzzers without validating anything.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sync.protocol import MAX_BATCH_OPS

Kind = Literal["household", "person", "event", "visit", "enrollment", "receipt", "followup"]
Status = Literal["applied", "duplicate", "merged", "conflict", "rejected"]


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class HealthModel(BaseModel):
    model_config = ConfigDict(extra="allow")
    status: str
    protocol: int
    server_time: str


class DeviceRequestModel(BaseModel):
    username: str = Field(max_length=200)
    enrollment_code: str = Field(max_length=200)
    device_name: str = Field(max_length=200)


class AgentModel(BaseModel):
    username: str
    name: str
    communes: list[str]
    code: str | None = None


class DeviceResponseModel(BaseModel):
    device_id: str
    token: str
    agent: AgentModel


class OpModel(BaseModel):
    op_id: str = Field(description="a lower-case UUID, unique per change")
    kind: Kind
    record_id: str = Field(description="a lower-case UUID")
    base_version: int = Field(ge=0)
    device_time: str = ""
    deleted: bool = False
    body: dict[str, Any] = Field(default_factory=dict)


class PushRequestModel(BaseModel):
    ops: list[OpModel] = Field(max_length=MAX_BATCH_OPS)


class OpErrorModel(BaseModel):
    code: str
    message: str
    field: str | None = None


class OpResultModel(BaseModel):
    op_id: str
    status: Status
    version: int
    error: OpErrorModel | None = None
    server: dict[str, Any] | None = None


class PushResponseModel(BaseModel):
    results: list[OpResultModel]
    cursor: int


class ChangeModel(BaseModel):
    seq: int
    kind: str
    record_id: str
    version: int
    deleted: bool
    body: dict[str, Any]


class PullResponseModel(BaseModel):
    changes: list[ChangeModel]
    cursor: int
    has_more: bool
    total: int | None = None
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
