"""The use cases of the field agent's app (register a household, log a visit, enroll, issue a
receipt, close the day), Qt-free, over the local store."""

from agent_app.services.renewals import CallItem, CallOutcome
from agent_app.services.types import (
    AttentionItem,
    Changed,
    DayReport,
    DraftInfo,
    DueItem,
    EventRow,
    HouseholdDetail,
    HouseholdRow,
    MemberRow,
    Mismatch,
    ReceiptInfo,
    ReceiptLine,
    ScriptRow,
    TargetRow,
    TimelineEntry,
    TodaySummary,
)
from agent_app.services.workspace import Workspace

__all__ = [
    "AttentionItem",
    "CallItem",
    "CallOutcome",
    "Changed",
    "DayReport",
    "DraftInfo",
    "DueItem",
    "EventRow",
    "HouseholdDetail",
    "HouseholdRow",
    "MemberRow",
    "Mismatch",
    "ReceiptInfo",
    "ReceiptLine",
    "ScriptRow",
    "TargetRow",
    "TimelineEntry",
    "TodaySummary",
    "Workspace",
]
