"""The values the use cases hand to the UI: what changed, list rows, details, summaries.

Plain frozen dataclasses with wire-style fields (ids are strings, money is integer đồng,
dates are ``datetime.date``), so screens and tests read them without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Changed:
    """What a mutation touched, so screens redraw only that. The record the call created or
    edited comes first in ``ids`` (``primary``); records touched along with it follow."""

    kinds: frozenset[str] = frozenset()
    ids: tuple[str, ...] = ()

    @property
    def primary(self) -> str | None:
        return self.ids[0] if self.ids else None

    def __or__(self, other: Changed) -> Changed:
        return Changed(self.kinds | other.kinds, self.ids + other.ids)

    def __bool__(self) -> bool:
        return bool(self.kinds or self.ids)


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    id: str
    head_name: str
    commune_code: str
    commune_name: str
    village: str | None
    address: str
    phone: str | None
    member_count: int
    status: str  # new, not_home, interested, refused, enrolled
    version: int
    pending: bool  # has changes not yet accepted by the server
    last_visit_on: date | None = None


@dataclass(frozen=True, slots=True)
class MemberRow:
    id: str
    full_name: str
    date_of_birth: date | None
    age: int | None
    sex: str
    relationship: str
    cccd: str | None
    phone: str | None
    insurance: str  # voluntary, household_health, both, covered_elsewhere, none
    paid_until: date | None  # the later end of the two schemes' periods
    version: int
    body: dict[str, Any]
    # (first day, last day) each scheme covers: voluntary paid from-to, the health card's
    # from-to; None when not in that scheme.
    voluntary_period: tuple[date, date] | None = None
    health_period: tuple[date, date] | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    kind: str  # visit, enrollment, receipt, followup
    id: str
    on: date | None
    title: str  # wire value: the outcome, scheme, receipt number or follow-up reason
    amount: int | None
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class HouseholdDetail:
    id: str
    body: dict[str, Any]
    version: int
    status: str
    commune_name: str
    members: tuple[MemberRow, ...]
    timeline: tuple[TimelineEntry, ...]  # newest first
    pending: bool


@dataclass(frozen=True, slots=True)
class ReceiptInfo:
    id: str
    number: str
    issued_on: date
    amount: int
    months: int | None
    enrollment_id: str
    scheme: str
    payer_name: str
    person_names: tuple[str, ...]
    household_id: str | None
    address: str
    commune_name: str
    agent_name: str
    agent_code: str
    paid_on: date
    period_from: date
    period_to: date
    details: dict[str, Any] = field(default_factory=dict)  # the enrollment body
    confirmation_code: str | None = None
    # Form C45-BB (agent_app.services.receipts): the payer's codes, the void, the prints, and
    # the issuing office, collecting organisation and series from the profile's settings
    # (None: the paper leaves a line to fill in by hand).
    payer_bhxh_code: str | None = None
    payer_cccd: str | None = None
    voided: bool = False
    void_reason: str | None = None
    voided_on: date | None = None
    printed: int = 0  # prints made on this laptop: the next one is a copy when > 0
    office: str | None = None
    organisation: str | None = None
    series: str | None = None
    synced: bool = False


@dataclass(frozen=True, slots=True)
class DueItem:
    """Someone whose paid period ends soon, or a follow-up that is due."""

    kind: str  # "followup" or "renewal"
    id: str  # the follow-up or the enrollment
    household_id: str | None
    person_id: str | None
    name: str
    due_on: date
    reason: str  # the follow-up's own words, or the scheme's Vietnamese name for a renewal
    scheme: str | None = None  # a renewal's scheme code, for a label in the user's language
    village: str | None = None  # the household's village, to plan a round by
    phone: str | None = None  # the person's phone, else the household's


@dataclass(frozen=True, slots=True)
class TodaySummary:
    on: date
    followups_due: tuple[DueItem, ...]
    renewals_due: tuple[DueItem, ...]
    visits: int
    sign_ups: int
    money: int
    receipts: int
    pending: int
    attention: int


@dataclass(frozen=True, slots=True)
class DraftInfo:
    form: str
    key: str
    updated_at: datetime
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AttentionItem:
    op_id: str
    kind: str
    record_id: str
    status: str  # conflict or rejected
    code: str | None
    field: str | None
    message: str
    body: dict[str, Any]
    server: dict[str, Any] | None
    conflicting_fields: tuple[str, ...]
    label: str  # a human handle: the name, number or date of the record


@dataclass(frozen=True, slots=True)
class EventRow:
    id: str
    commune_code: str
    commune_name: str
    type: str
    held_on: date
    attendees: int
    leads: int | None
    enrollments: int | None
    notes: str | None
    visits: int  # visits logged with this event_id
    version: int


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    id: str
    number: str
    amount: int
    payer_name: str
    scheme: str
    synced: bool


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One record of the day that keeps it from balancing: an enrollment without a receipt
    (``no_receipt``), a receipt whose amount is not the enrollment's (``amount_differs``), a
    receipt dated another day than the enrollment's payment (``dates_differ``), or a receipt
    whose enrollment is not on this laptop (``no_enrollment``)."""

    code: str
    enrollment_id: str | None
    receipt_id: str | None
    receipt_number: str | None
    household_id: str | None
    name: str
    scheme: str
    enrollment_amount: int | None
    receipt_amount: int | None
    paid_on: date | None
    issued_on: date | None


@dataclass(frozen=True, slots=True)
class DayReport:
    on: date
    receipts: tuple[ReceiptLine, ...]
    cash_total: int
    enrollments_total: int  # what the day's enrollments charged: must equal cash_total
    unreceipted: tuple[str, ...]  # enrollment ids paid that day with no receipt yet
    visits: int
    pending: int
    rejected: int
    conflicts: int
    mismatches: tuple[Mismatch, ...] = ()  # every record that does not match, named

    @property
    def balanced(self) -> bool:
        return (
            self.cash_total == self.enrollments_total
            and not self.unreceipted
            and not self.mismatches
        )


@dataclass(frozen=True, slots=True)
class ScriptRow:
    id: str
    title: str
    target_group: str
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class TargetRow:
    id: str
    level: str  # commune or province
    code: str
    label: str
    plan: int
    achieved: int  # counted from local enrollments
    period: str | None
    metric: str = "voluntary_new"  # voluntary_new, household_health_new or events

    @property
    def percent(self) -> int:
        return round(100 * self.achieved / self.plan) if self.plan else 0
