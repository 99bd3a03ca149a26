"""The seven record kinds of the sync contract as typed, immutable values, parsed from wire bodies
(with every problem reported at once) and written back to them unchanged, unknown fields included.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from types import MappingProxyType
from typing import Any, ClassVar, Final

from sync.domain._fields import ADDRESS_TEXT, LONG_TEXT, OBJECT, FieldReader, wrong_type
from sync.domain.admin_units import check_commune_code
from sync.domain.errors import FieldError, InvalidValue, ValidationFailed
from sync.domain.messages import field_label
from sync.domain.receipts import normalize_receipt_number
from sync.domain.validators import normalize_cccd, normalize_name, normalize_phone, normalize_sex
from sync.domain.vocab import (
    HOUSEHOLD_PERIODS,
    MAX_ADVANCE_MONTHS,
    METHOD_MONTHS,
    METHODS,
    OUTCOMES,
    SCHEMES,
    SUPPORT_CATEGORIES,
)

# Suggested event types for the UI; the wire accepts any other text too.
EVENT_TYPES: Final = ("launch", "mobile_team", "counselling", "door_to_door", "livestream", "other")

# Nobody alive was born earlier; an earlier date is a typing slip (e.g. 01/01/0195).
EARLIEST_BIRTH: Final = date(1900, 1, 1)

BHXH_CODE_LENGTH: Final = 10

# BHXH's confirmation code for a receipt (mã xác nhận): a plausible length, typed by hand.
CONFIRMATION_CODE_MIN: Final = 4
CONFIRMATION_CODE_MAX: Final = 40


def _no_extra() -> Mapping[str, Any]:
    return MappingProxyType({})


def _wire(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Base of the record kinds; ``extra`` keeps body fields this version does not know."""

    kind: ClassVar[str]
    # Left out of the hash: a mapping is not hashable, and the known fields identify the record.
    extra: Mapping[str, Any] = field(default_factory=_no_extra, hash=False)

    def to_body(self) -> dict[str, Any]:
        """The wire body: ISO dates, lists for tuples, absent optional fields left out."""
        body: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "extra" and value is not None and value != ():
                body[f.name] = _wire(value)
        for key, value in self.extra.items():
            body.setdefault(key, copy.deepcopy(value))
        return body


@dataclass(frozen=True, slots=True, kw_only=True)
class Household(Record):
    kind: ClassVar[str] = "household"
    commune_code: str
    address: str
    head_name: str
    village: str | None = None  # thôn / ấp / tổ dân phố, free text
    old_address: str | None = None  # the pre-2025 address still printed on ID cards
    phone: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Person(Record):
    kind: ClassVar[str] = "person"
    household_id: str
    full_name: str
    date_of_birth: date
    sex: str
    relationship: str
    cccd: str | None = None
    phone: str | None = None
    ethnicity: str | None = None
    bhxh_code: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Visit(Record):
    kind: ClassVar[str] = "visit"
    household_id: str
    visited_on: date
    outcome: str
    person_id: str | None = None
    reason: str | None = None
    follow_up_on: date | None = None
    script_id: str | None = None
    event_id: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Enrollment(Record):
    """Either scheme; the other scheme's fields stay None (or empty)."""

    kind: ClassVar[str] = "enrollment"
    scheme: str
    paid_on: date
    amount: int
    person_id: str | None = None
    income: int | None = None
    support: str | None = None
    method: str | None = None
    months: int | None = None
    household_id: str | None = None
    member_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Receipt(Record):
    kind: ClassVar[str] = "receipt"
    number: str
    enrollment_id: str
    amount: int
    issued_on: date
    months: int | None = None
    confirmation_code: str | None = None  # returned by BHXH later, checkable online
    # A wrong receipt is voided, never deleted: its number stays used, it stops counting.
    voided: bool | None = None
    void_reason: str | None = None
    voided_on: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Record):
    kind: ClassVar[str] = "event"
    commune_code: str
    type: str
    held_on: date
    attendees: int
    leads: int | None = None
    enrollments: int | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Followup(Record):
    kind: ClassVar[str] = "followup"
    due_on: date
    reason: str
    done: bool
    person_id: str | None = None
    household_id: str | None = None


RECORD_TYPES: Final[Mapping[str, type[Record]]] = MappingProxyType(
    {cls.kind: cls for cls in (Household, Person, Visit, Enrollment, Receipt, Event, Followup)}
)


# -- parsers: one short list of field declarations per kind ----------------------------------


def _check_bhxh_code(value: str, *, field: str) -> str:
    code = "".join(value.split())
    if len(code) != BHXH_CODE_LENGTH or not (code.isascii() and code.isdigit()):
        raise InvalidValue("invalid", field)
    return code


def check_confirmation_code(value: str, *, field: str = "confirmation_code") -> str:
    """The code as stored: spaces removed, upper case; 4 to 40 ASCII letters, digits or
    ``- . /`` (``InvalidValue`` ``confirmation_code_format`` otherwise)."""
    code = "".join(value.split()).upper()
    if not code:
        raise InvalidValue("required", field)
    allowed = code.isascii() and all(c.isalnum() or c in "-./" for c in code)
    if not allowed or not CONFIRMATION_CODE_MIN <= len(code) <= CONFIRMATION_CODE_MAX:
        raise InvalidValue(
            "confirmation_code_format",
            field,
            min_length=CONFIRMATION_CODE_MIN,
            max_length=CONFIRMATION_CODE_MAX,
        )
    return code


def _household(r: FieldReader, today: date | None) -> None:
    r.apply("commune_code", check_commune_code, required=True)
    r.text("address", required=True, max_length=ADDRESS_TEXT)
    r.apply("head_name", normalize_name, required=True)
    r.text("village")
    r.text("old_address", max_length=ADDRESS_TEXT)
    r.apply("phone", normalize_phone)


def _person(r: FieldReader, today: date | None) -> None:
    r.uuid("household_id", required=True)
    r.apply("full_name", normalize_name, required=True)
    born = r.day("date_of_birth", required=True, today=today, not_before=EARLIEST_BIRTH)
    sex = r.apply("sex", normalize_sex, required=True)
    r.text("relationship", required=True)
    # The cross-check uses only what parsed cleanly; a bad date is reported once, on its field.
    r.apply("cccd", normalize_cccd, date_of_birth=born, sex=sex)
    r.apply("phone", normalize_phone)
    r.text("ethnicity")
    r.apply("bhxh_code", _check_bhxh_code)


def _visit(r: FieldReader, today: date | None) -> None:
    r.uuid("household_id", required=True)
    r.day("visited_on", required=True, today=today)
    outcome = r.choice("outcome", OUTCOMES, required=True)
    r.uuid("person_id")
    reason = r.text("reason", max_length=LONG_TEXT, multiline=True)
    if outcome == "refused" and reason is None and not r.failed("reason"):
        r.fail("reason_required", "reason")
    r.day("follow_up_on")
    r.check_order("follow_up_on", "visited_on")
    r.text("script_id")
    r.text("event_id")
    r.text("notes", max_length=LONG_TEXT, multiline=True)


def _months_rule(scheme: str | None, method: str | None) -> tuple[Callable[[int], bool], str, str]:
    """What ``months`` may be for this scheme and method: (test, Vietnamese, English)."""
    if scheme == "household_health":
        periods = ", ".join(str(m) for m in HOUSEHOLD_PERIODS)
        return (
            lambda m: m in HOUSEHOLD_PERIODS,
            f"BHYT hộ gia đình đóng theo kỳ {periods} tháng",
            f"household health insurance is bought for {periods} months",
        )
    if scheme == "voluntary" and method == "advance":
        top = MAX_ADVANCE_MONTHS
        return (
            lambda m: 1 <= m <= top,
            f"đóng trước được từ 1 đến {top} tháng",
            f"an advance payment covers 1 to {top} months",
        )
    fixed = METHOD_MONTHS.get(method) if scheme == "voluntary" and method else None
    if fixed is not None:
        # As in rules.quote_voluntary: a whole number of periods (12 months paid monthly).
        top = MAX_ADVANCE_MONTHS
        return (
            lambda m: m >= fixed and m % fixed == 0 and m <= top,
            f"phải là bội số của {fixed} tháng, tối đa {top}",
            f"must be a multiple of {fixed} months, at most {top}",
        )
    return (lambda m: m >= 1, "phải từ 1 tháng trở lên", "it must be at least 1 month")


def _enrollment(r: FieldReader, today: date | None) -> None:
    scheme = r.choice("scheme", SCHEMES, required=True)
    r.day("paid_on", required=True)
    # Shape only: whether the amount matches the rates is the rules module's question.
    r.integer("amount", required=True)
    voluntary, household = scheme == "voluntary", scheme == "household_health"
    r.uuid("person_id", required=voluntary)
    r.integer("income", required=voluntary, sign="positive")
    r.choice("support", SUPPORT_CATEGORIES, required=voluntary)
    method = r.choice("method", METHODS, required=voluntary)
    r.uuid("household_id", required=household)
    r.id_list("member_ids", required=household)
    advance = voluntary and method == "advance"
    months = r.integer("months", required=household or advance, sign="any")
    if months is not None:
        allowed, allowed_vi, allowed_en = _months_rule(scheme, method)
        if not allowed(months):
            r.fail(
                "months_out_of_range",
                "months",
                value=months,
                allowed_vi=allowed_vi,
                allowed_en=allowed_en,
            )
            r.values["months"] = None


def _receipt(r: FieldReader, today: date | None) -> None:
    # Validated, stored and compared in one normal form (see sync.domain.receipts).
    r.apply("number", normalize_receipt_number, required=True)
    r.uuid("enrollment_id", required=True)
    r.integer("amount", required=True, sign="positive")
    r.day("issued_on", required=True)
    r.integer("months", sign="positive")
    r.apply("confirmation_code", check_confirmation_code)
    voided = r.boolean("voided")
    r.text("void_reason", max_length=LONG_TEXT, multiline=True)
    r.day("voided_on")
    if voided is True:
        # A void says why and when, so the number's history reads whole on paper.
        for key, code in (("void_reason", "void_reason_required"), ("voided_on", "required")):
            if r.values.get(key) is None and not r.failed(key):
                r.fail(code, key)
    r.check_order("voided_on", "issued_on")


def _event(r: FieldReader, today: date | None) -> None:
    r.apply("commune_code", check_commune_code, required=True)
    r.text("type", required=True)
    r.day("held_on", required=True)
    attendees = r.integer("attendees", required=True)
    # Leads and sign-ups are people who attended: never more than the attendees.
    for part in ("leads", "enrollments"):
        count = r.integer(part)
        if count is not None and attendees is not None and count > attendees:
            r.fail(
                "more_than_other",
                part,
                value=count,
                other=attendees,
                other_label=field_label("attendees", "vi").lower(),
                other_label_en=field_label("attendees", "en").lower(),
            )
            r.values[part] = None
    r.text("notes", max_length=LONG_TEXT, multiline=True)


def _followup(r: FieldReader, today: date | None) -> None:
    r.day("due_on", required=True)
    r.text("reason", required=True, max_length=LONG_TEXT, multiline=True)
    r.boolean("done", required=True)
    parents = (r.uuid("person_id"), r.uuid("household_id"))
    # A parent that is present but malformed is already reported on its own field.
    if parents == (None, None) and not (r.failed("person_id") or r.failed("household_id")):
        r.fail("parent_required", None)


_PARSERS: Final[Mapping[str, Callable[[FieldReader, date | None], None]]] = MappingProxyType(
    {
        "household": _household,
        "person": _person,
        "visit": _visit,
        "enrollment": _enrollment,
        "receipt": _receipt,
        "event": _event,
        "followup": _followup,
    }
)


def _read(kind: object, body: object, today: date | None) -> Record | list[FieldError]:
    # Typed ``object``: these come straight from JSON, whatever the signatures promise.
    if not isinstance(kind, str) or kind not in RECORD_TYPES:
        return [FieldError.make("unknown_kind", None, kind=kind)]
    if not isinstance(body, Mapping):
        return [wrong_type(None, OBJECT)]
    cls = RECORD_TYPES[kind]
    reader = FieldReader(body)
    _PARSERS[kind](reader, today)
    if reader.errors:
        return reader.errors
    # "extra" is the dataclass field holding unknown ones, not a body field: a body may use it.
    known = {f.name for f in fields(cls)} - {"extra"}
    extra = {k: copy.deepcopy(v) for k, v in body.items() if k not in known}
    return cls(**reader.values, extra=MappingProxyType(extra))


def parse_record(kind: str, body: Mapping[str, Any], *, today: date | None = None) -> Record:
    """The typed record of ``kind`` read from a wire body.

    ``today`` enables the not-in-the-future checks (date of birth, visit date); pass the
    local date in Vietnam, not UTC. Raises ``ValidationFailed`` listing every problem found.
    """
    result = _read(kind, body, today)
    if isinstance(result, list):
        raise ValidationFailed(result)
    return result


def validate_record(
    kind: str, body: Mapping[str, Any], *, today: date | None = None
) -> list[FieldError]:
    """Every problem with a wire body, or an empty list when it parses."""
    result = _read(kind, body, today)
    return result if isinstance(result, list) else []
