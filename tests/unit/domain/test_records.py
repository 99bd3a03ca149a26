"""Record kinds of the sync contract: parsing wire bodies, reporting every problem, round trips."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.domain.errors import FieldError, ValidationFailed
from sync.domain.messages import MESSAGES
from sync.domain.records import (
    EVENT_TYPES,
    RECORD_TYPES,
    Enrollment,
    Followup,
    Household,
    Person,
    Record,
    Visit,
    parse_record,
    validate_record,
)
from sync.domain.vocab import KINDS

TODAY = date(2025, 11, 21)
COMMUNE = "31027"  # Xã U Minh Thượng, An Giang

HOUSEHOLD_ID = "0193a1b2-7c4d-7e5f-8a6b-1c2d3e4f5a6b"
HEAD_ID = "0193a1b2-7c4d-7e5f-8a6b-1c2d3e4f5a01"
WIFE_ID = "0193a1b2-7c4d-7e5f-8a6b-1c2d3e4f5a02"
SON_ID = "0193a1b2-7c4d-7e5f-8a6b-1c2d3e4f5a03"
ENROLLMENT_ID = "0193a1b2-7c4d-7e5f-8a6b-1c2d3e4f5b01"
EVENT_ID = "0193a1b2-7c4d-7e5f-8a6b-1c2d3e4f5c01"

# One real-looking body per kind, each with a field this version does not know.
VALID: dict[str, dict[str, Any]] = {
    "household": {
        "commune_code": COMMUNE,
        "address": "Số 12, đường Lê Lợi, ấp Minh Hòa",
        "head_name": "Nguyễn Văn Ánh",
        "village": "Ấp Minh Hòa",
        "old_address": "Ấp Minh Hòa, xã Minh Thuận, huyện U Minh Thượng, Kiên Giang",
        "phone": "0912345678",
        "gps": {"lat": 9.6021, "lon": 105.1103},
    },
    "person": {
        "household_id": HOUSEHOLD_ID,
        "full_name": "Trần Thị Thu Hà",
        "date_of_birth": "1990-07-02",
        "sex": "female",
        "relationship": "spouse",
        "cccd": "089190004567",
        "phone": "0987654321",
        "ethnicity": "Kinh",
        "bhxh_code": "8912345678",
        "nationality": "VN",
    },
    "visit": {
        "household_id": HOUSEHOLD_ID,
        "visited_on": "2025-11-20",
        "outcome": "refused",
        "person_id": HEAD_ID,
        "reason": "Chờ bán lúa xong mới đóng được",
        "follow_up_on": "2026-01-15",
        "script_id": "script-farmers-2025",
        "event_id": EVENT_ID,
        "notes": "Gia đình quan tâm BHYT hộ gia đình.\nHẹn gặp lại sau vụ mùa.",
        "duration_minutes": 25,
    },
    "enrollment": {
        "scheme": "voluntary",
        "paid_on": "2025-11-20",
        "amount": 3_696_000,
        "person_id": HEAD_ID,
        "income": 2_000_000,
        "support": "near_poor",
        "method": "yearly",
        "months": 12,
        "local_support": 0,
    },
    "receipt": {
        "number": "AG031-20251120-0007",
        "enrollment_id": ENROLLMENT_ID,
        "amount": 3_696_000,
        "issued_on": "2025-11-20",
        "months": 12,
        "confirmation_code": "BHXH-89-2025-000123",
        "printed": True,
    },
    "event": {
        "commune_code": COMMUNE,
        "type": "counselling",
        "held_on": "2025-05-15",
        "attendees": 969,
        "leads": 120,
        "enrollments": 80,
        "notes": "Hội nghị tư vấn tại nhà văn hoá ấp Minh Hòa",
        "organiser": "Bưu điện xã U Minh Thượng",
    },
    "followup": {
        "due_on": "2026-01-15",
        "reason": "Hẹn đóng BHXH tự nguyện sau vụ lúa",
        "done": False,
        "person_id": HEAD_ID,
        "household_id": HOUSEHOLD_ID,
        "priority": "high",
    },
}

UNKNOWN_FIELDS = {
    "household": "gps",
    "person": "nationality",
    "visit": "duration_minutes",
    "enrollment": "local_support",
    "receipt": "printed",
    "event": "organiser",
    "followup": "priority",
}

HOUSEHOLD_HEALTH = {
    "scheme": "household_health",
    "paid_on": "2025-11-01",
    "amount": 2_906_280,
    "household_id": HOUSEHOLD_ID,
    "member_ids": [HEAD_ID, WIFE_ID, SON_ID],
    "months": 12,
}


def body(kind: str, **changes: Any) -> dict[str, Any]:
    """A copy of the valid body of ``kind``; ``None`` in ``changes`` removes the field."""
    out = {**VALID[kind], **changes}
    return {k: v for k, v in out.items() if v is not None}


def without(kind: str, *names: str) -> dict[str, Any]:
    return {k: v for k, v in VALID[kind].items() if k not in names}


def pairs(errors: list[FieldError]) -> list[tuple[str | None, str]]:
    return [(e.field, e.code) for e in errors]


# -- valid bodies ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_valid_body_parses_and_round_trips(kind: str) -> None:
    record = parse_record(kind, VALID[kind], today=TODAY)

    assert isinstance(record, RECORD_TYPES[kind])
    assert record.kind == kind
    unknown = UNKNOWN_FIELDS[kind]
    assert record.extra == {unknown: VALID[kind][unknown]}
    wire = record.to_body()
    assert wire[unknown] == VALID[kind][unknown]
    assert parse_record(kind, wire, today=TODAY) == record
    assert wire == VALID[kind]  # already canonical, so nothing changes on the way round
    assert validate_record(kind, VALID[kind], today=TODAY) == []


def test_household_health_enrollment_round_trips() -> None:
    record = parse_record("enrollment", HOUSEHOLD_HEALTH, today=TODAY)

    assert isinstance(record, Enrollment)
    assert record.member_ids == (HEAD_ID, WIFE_ID, SON_ID)
    assert record.person_id is None
    assert record.months == 12
    assert record.to_body() == HOUSEHOLD_HEALTH
    assert parse_record("enrollment", record.to_body()) == record


def test_fields_are_typed_and_normalised() -> None:
    person = parse_record(
        "person",
        body(
            "person",
            household_id=HOUSEHOLD_ID.upper(),
            full_name="  Trần   Thị Thu\tHà ",
            date_of_birth="02/07/1990",
            sex="Nữ",
            cccd="089 190 004 567",
            phone="+84 987 654 321",
            bhxh_code="89 1234 5678",
        ),
        today=TODAY,
    )

    assert isinstance(person, Person)
    assert person.household_id == HOUSEHOLD_ID
    assert person.full_name == "Trần Thị Thu Hà"
    assert person.date_of_birth == date(1990, 7, 2)
    assert person.sex == "female"
    assert person.cccd == "089190004567"
    assert person.phone == "0987654321"
    assert person.bhxh_code == "8912345678"
    assert person.to_body()["date_of_birth"] == "1990-07-02"


def test_text_is_stored_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ánh")
    household = parse_record("household", body("household", head_name=decomposed))

    assert isinstance(household, Household)
    assert household.head_name == "Nguyễn Văn Ánh"
    assert unicodedata.is_normalized("NFC", household.head_name)


def test_notes_keep_their_line_breaks() -> None:
    visit = parse_record("visit", body("visit", notes="  Dòng một  \r\n\tDòng   hai\n"))

    assert isinstance(visit, Visit)
    assert visit.notes == "Dòng một\nDòng hai"


def test_blank_optional_fields_are_absent() -> None:
    household = parse_record("household", body("household", phone="  ", village=None))

    assert isinstance(household, Household)
    assert household.phone is None
    assert household.village is None
    assert "phone" not in household.to_body()
    assert "village" not in household.to_body()


def test_event_type_is_free_text() -> None:
    assert "counselling" in EVENT_TYPES
    event = parse_record("event", body("event", type="Hội chợ nông sản"))

    assert event.to_body()["type"] == "Hội chợ nông sản"


def test_followup_needs_only_one_parent() -> None:
    followup = parse_record("followup", without("followup", "household_id"))

    assert isinstance(followup, Followup)
    assert followup.household_id is None
    assert followup.done is False


def test_record_built_in_code_round_trips() -> None:
    household = Household(commune_code=COMMUNE, address="Ấp Minh Hòa", head_name="Lê Văn Tám")

    assert household.to_body() == {
        "commune_code": COMMUNE,
        "address": "Ấp Minh Hòa",
        "head_name": "Lê Văn Tám",
    }
    assert parse_record("household", household.to_body()) == household


def test_records_are_immutable_and_hashable() -> None:
    record = parse_record("household", VALID["household"])
    assert isinstance(record, Household)

    with pytest.raises(AttributeError):
        record.address = "khác"  # type: ignore[misc]
    with pytest.raises(TypeError):
        record.extra["gps"] = None  # type: ignore[index]
    assert hash(record) == hash(parse_record("household", VALID["household"]))


def test_to_body_is_a_copy() -> None:
    record = parse_record("household", VALID["household"])
    wire = record.to_body()
    wire["gps"]["lat"] = 0.0

    assert record.extra["gps"]["lat"] == 9.6021
    assert VALID["household"]["gps"]["lat"] == 9.6021


def test_record_types_cover_every_kind() -> None:
    assert tuple(RECORD_TYPES) == KINDS
    assert all(issubclass(cls, Record) and cls.kind == k for k, cls in RECORD_TYPES.items())


# -- invalid bodies -------------------------------------------------------------------------

DUPLICATE_MEMBERS = {**HOUSEHOLD_HEALTH, "member_ids": [HEAD_ID, WIFE_ID, HEAD_ID], "months": 5}

BAD: list[tuple[str, str, dict[str, Any], list[tuple[str | None, str]]]] = [
    # (case id, kind, body, expected (field, code) pairs in order)
    (
        "household-empty",
        "household",
        {},
        [("commune_code", "required"), ("address", "required"), ("head_name", "required")],
    ),
    (
        "household-blank-strings",
        "household",
        {"commune_code": "", "address": "   ", "head_name": ""},
        [("commune_code", "required"), ("address", "required"), ("head_name", "required")],
    ),
    (
        "household-unknown-commune",
        "household",
        body("household", commune_code="99999"),
        [("commune_code", "unknown_commune")],
    ),
    (
        "household-commune-as-number",
        "household",
        body("household", commune_code=31027),
        [("commune_code", "wrong_type")],
    ),
    (
        "household-long-address-bad-name-bad-phone",
        "household",
        body("household", address="Ấp " * 101, head_name="Nguyễn Văn 3", phone="0281234567"),
        [
            ("address", "too_long"),
            ("head_name", "name_characters"),
            ("phone", "phone_not_mobile"),
        ],
    ),
    (
        "person-empty",
        "person",
        {},
        [
            ("household_id", "required"),
            ("full_name", "required"),
            ("date_of_birth", "required"),
            ("sex", "required"),
            ("relationship", "required"),
        ],
    ),
    (
        "person-cccd-disagrees-with-birth-year",
        "person",
        body("person", date_of_birth="1985-03-14"),
        [("cccd", "cccd_birth_year_mismatch")],
    ),
    (
        "person-cccd-disagrees-with-sex",
        "person",
        body("person", sex="male"),
        [("cccd", "cccd_sex_mismatch")],
    ),
    (
        "person-born-in-the-future-cccd-not-cross-checked",
        "person",
        body("person", date_of_birth="2026-01-01"),
        [("date_of_birth", "date_in_future")],
    ),
    (
        "person-born-before-1900",
        "person",
        body("person", date_of_birth="1899-12-31", cccd=None),
        [("date_of_birth", "invalid_date")],
    ),
    (
        "person-bad-ids-and-codes",
        "person",
        body("person", household_id="hộ-12", sex="x", bhxh_code="12345", relationship=7),
        [
            ("household_id", "invalid_id"),
            ("sex", "not_in_choices"),
            ("relationship", "wrong_type"),
            ("bhxh_code", "invalid"),
        ],
    ),
    (
        "person-id-as-number",
        "person",
        body("person", household_id=12),
        [("household_id", "wrong_type")],
    ),
    (
        "visit-refused-without-reason",
        "visit",
        body("visit", reason=None),
        [("reason", "reason_required")],
    ),
    (
        "visit-follow-up-before-visit",
        "visit",
        body("visit", follow_up_on="2025-11-19"),
        [("follow_up_on", "date_before")],
    ),
    (
        "visit-in-the-future-bad-outcome",
        "visit",
        body("visit", visited_on="2025-11-22", outcome="maybe"),
        [("visited_on", "date_in_future"), ("outcome", "not_in_choices")],
    ),
    (
        "visit-impossible-and-numeric-dates",
        "visit",
        body("visit", visited_on="31/02/2025", follow_up_on=20260115),
        [("visited_on", "invalid_date"), ("follow_up_on", "wrong_type")],
    ),
    (
        "visit-notes-too-long",
        "visit",
        body("visit", notes="x" * 1001),
        [("notes", "too_long")],
    ),
    (
        "enrollment-amount-as-string",
        "enrollment",
        body("enrollment", amount="1000"),
        [("amount", "wrong_type")],
    ),
    (
        "enrollment-negative-amount-zero-income",
        "enrollment",
        body("enrollment", amount=-1, income=0),
        [("amount", "negative"), ("income", "not_positive")],
    ),
    (
        "enrollment-income-as-bool-amount-as-float",
        "enrollment",
        body("enrollment", income=True, amount=3_696_000.0),
        [("amount", "wrong_type"), ("income", "wrong_type")],
    ),
    (
        "enrollment-voluntary-missing-its-fields",
        "enrollment",
        without("enrollment", "person_id", "income", "support", "method", "months"),
        [
            ("person_id", "required"),
            ("income", "required"),
            ("support", "required"),
            ("method", "required"),
        ],
    ),
    (
        "enrollment-advance-61-months",
        "enrollment",
        body("enrollment", method="advance", months=61),
        [("months", "months_out_of_range")],
    ),
    (
        "enrollment-advance-without-months",
        "enrollment",
        body("enrollment", method="advance", months=None),
        [("months", "required")],
    ),
    (
        "enrollment-yearly-for-6-months",
        "enrollment",
        body("enrollment", months=6),
        [("months", "months_out_of_range")],
    ),
    (
        "enrollment-unknown-support-and-method",
        "enrollment",
        body("enrollment", support="rich", method="weekly"),
        [("support", "not_in_choices"), ("method", "not_in_choices")],
    ),
    (
        "household-health-duplicate-members-5-months",
        "enrollment",
        DUPLICATE_MEMBERS,
        [("member_ids", "duplicate_member"), ("months", "months_out_of_range")],
    ),
    (
        "household-health-missing-its-fields",
        "enrollment",
        {"scheme": "household_health", "paid_on": "2025-11-01", "amount": 2_906_280},
        [("household_id", "required"), ("member_ids", "required"), ("months", "required")],
    ),
    (
        "household-health-empty-and-bad-member-lists",
        "enrollment",
        {**HOUSEHOLD_HEALTH, "member_ids": [HEAD_ID, "khong-phai-id"], "household_id": []},
        [("household_id", "required"), ("member_ids", "invalid_id")],
    ),
    (
        "household-health-members-not-a-list",
        "enrollment",
        {**HOUSEHOLD_HEALTH, "member_ids": HEAD_ID},
        [("member_ids", "wrong_type")],
    ),
    (
        "enrollment-unknown-scheme",
        "enrollment",
        {"scheme": "pension", "paid_on": "2025-11-01", "amount": 1},
        [("scheme", "not_in_choices")],
    ),
    (
        "receipt-empty",
        "receipt",
        {},
        [
            ("number", "required"),
            ("enrollment_id", "required"),
            ("amount", "required"),
            ("issued_on", "required"),
        ],
    ),
    (
        "receipt-zero-amount-bad-months",
        "receipt",
        body("receipt", amount=0, months=0),
        [("amount", "not_positive"), ("months", "not_positive")],
    ),
    (
        "event-attendees-as-bool",
        "event",
        body("event", attendees=True),
        [("attendees", "wrong_type")],
    ),
    (
        "event-negative-counts",
        "event",
        body("event", attendees=-3, leads=-1, enrollments="80"),
        [("attendees", "negative"), ("leads", "negative"), ("enrollments", "wrong_type")],
    ),
    (
        "event-more-leads-than-attendees",
        "event",
        body("event", attendees=40, leads=60, enrollments=41),
        [("leads", "more_than_other"), ("enrollments", "more_than_other")],
    ),
    (
        "event-empty",
        "event",
        {},
        [
            ("commune_code", "required"),
            ("type", "required"),
            ("held_on", "required"),
            ("attendees", "required"),
        ],
    ),
    (
        "followup-with-neither-parent",
        "followup",
        without("followup", "person_id", "household_id"),
        [(None, "parent_required")],
    ),
    (
        "followup-bad-parent-is-reported-once",
        "followup",
        body("followup", person_id="123", household_id=None),
        [("person_id", "invalid_id")],
    ),
    (
        "followup-done-as-string",
        "followup",
        body("followup", done="yes"),
        [("done", "wrong_type")],
    ),
    (
        "followup-empty",
        "followup",
        {},
        [
            ("due_on", "required"),
            ("reason", "required"),
            ("done", "required"),
            (None, "parent_required"),
        ],
    ),
    ("unknown-kind", "pension", {}, [(None, "unknown_kind")]),
    ("body-not-an-object", "household", ["31027"], [(None, "wrong_type")]),  # type: ignore[list-item]
]


@pytest.mark.parametrize(("kind", "bad", "expected"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_body_lists_every_problem(
    kind: str, bad: dict[str, Any], expected: list[tuple[str | None, str]]
) -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_record(kind, bad, today=TODAY)

    assert pairs(list(info.value.errors)) == expected
    assert pairs(validate_record(kind, bad, today=TODAY)) == expected


@pytest.mark.parametrize(("kind", "bad"), [c[1:3] for c in BAD], ids=[c[0] for c in BAD])
def test_every_error_speaks_both_languages(kind: str, bad: dict[str, Any]) -> None:
    for error in validate_record(kind, bad, today=TODAY):
        assert error.code in MESSAGES
        assert error.message_vi.strip()
        assert error.message_en.strip()
        assert error.code not in error.message_vi
        assert "{" not in error.message_vi + error.message_en


MESSAGE_CHECKS: list[tuple[str, str, dict[str, Any], Callable[[FieldError], bool]]] = [
    (
        "wrong_type",
        "enrollment",
        body("enrollment", amount="1000"),
        lambda e: e.message_vi == "Số tiền: phải là số nguyên." and "whole number" in e.message_en,
    ),
    (
        "date_before",
        "visit",
        body("visit", follow_up_on="2025-11-19"),
        lambda e: (
            e.params["other"] == date(2025, 11, 20)
            and "Ngày thăm" in e.message_vi
            and "20/11/2025" in e.message_vi
            and "Visit date" in e.message_en
        ),
    ),
    (
        "months_out_of_range",
        "enrollment",
        body("enrollment", method="advance", months=61),
        lambda e: "61" in e.message_vi and "60" in e.message_vi and "60" in e.message_en,
    ),
    (
        "not_in_choices",
        "visit",
        body("visit", outcome="maybe"),
        lambda e: e.params["choices"] == "enrolled, interested, refused, not_home",
    ),
]


@pytest.mark.parametrize(
    ("code", "kind", "bad", "check"), MESSAGE_CHECKS, ids=[c[0] for c in MESSAGE_CHECKS]
)
def test_error_parameters_reach_the_message(
    code: str, kind: str, bad: dict[str, Any], check: Callable[[FieldError], bool]
) -> None:
    (error,) = validate_record(kind, bad, today=TODAY)

    assert error.code == code
    assert check(error), (error.message_vi, error.message_en)


def test_unknown_kind_names_the_kind() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_record("pension", VALID["household"])

    (error,) = info.value.errors
    assert error.params["kind"] == "pension"
    assert "pension" in error.message_vi


def test_future_dates_are_only_checked_when_today_is_given() -> None:
    late = body("visit", visited_on="2030-01-01", follow_up_on="2030-02-01")

    assert validate_record("visit", late) == []
    assert pairs(validate_record("visit", late, today=TODAY)) == [("visited_on", "date_in_future")]


# --- robustness: whatever arrives on the wire, the answer is a record or typed errors ----------

_FIELD_NAMES = sorted(
    {f.name for cls in RECORD_TYPES.values() for f in dataclasses.fields(cls)} - {"extra"}
)
_WIRE_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True),
        st.text(max_size=20),
        st.sampled_from(["31027", "2026-11-21", "21/11/2026", "0912345678", "001090012345"]),
        st.uuids().map(str),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@given(
    kind=st.sampled_from([*RECORD_TYPES, "unknown", ""]),
    body=st.dictionaries(st.sampled_from(_FIELD_NAMES) | st.text(max_size=8), _WIRE_VALUES),
)
def test_any_body_parses_or_fails_with_typed_errors(kind, body):
    try:
        record = parse_record(kind, body, today=date(2026, 11, 21))
    except ValidationFailed as failed:
        errors = failed.errors
    else:
        assert parse_record(kind, record.to_body()) == record
        return
    assert errors
    assert all(e.code in MESSAGES and e.message_vi and e.message_en for e in errors)


def test_a_body_field_named_extra_is_kept_like_any_unknown_field() -> None:
    # "extra" is also the name of the dataclass field holding unknown fields; a client's own
    # "extra" must still round-trip (the server stores the parsed body).
    body = {"commune_code": "31027", "address": "Ấp 1", "head_name": "Lê Văn Tư", "extra": [1]}
    assert parse_record("household", body).to_body()["extra"] == [1]
