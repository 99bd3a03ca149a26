"""The receipt ledger's use cases: numbers per year, voiding (a new version, never a deletion),
the confirmation code added later, prints counted, and what a voided receipt no longer counts
in (Today, the day's close, the enrollment's one live receipt)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from agent_app.services import Workspace
from sync.domain.errors import ValidationFailed
from sync.domain.receipts import is_live_receipt
from sync.domain.records import validate_record


class Clock:
    """The workspace's injectable day, moved by the test."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2026, 11, 21))


@pytest.fixture
def cws(ws_store, clock) -> Workspace:
    return Workspace(ws_store, today=clock, now=lambda: datetime(2026, 11, 21, 3, 0, tzinfo=UTC))


@pytest.fixture
def members(cws, family):
    household, people = family
    changed = cws.households.register(household, people)
    return list(changed.ids[1:])


def _enroll(ws, person_id, paid_on, income=1_500_000):
    changed = ws.money.enroll_voluntary(
        {"person_id": person_id, "income": income, "support": "other", "method": "monthly",
         "paid_on": paid_on.isoformat()}
    )  # fmt: skip
    return changed.ids[0]


def test_numbers_carry_the_agent_code_and_restart_each_year(cws, members, clock):
    first = cws.receipts.issue(_enroll(cws, members[0], clock.day))
    second = cws.receipts.issue(_enroll(cws, members[1], clock.day))
    assert (first.number, second.number) == ("BD0001-2026-000001", "BD0001-2026-000002")
    clock.day = date(2027, 1, 2)
    # (2027's poverty line is higher: the chosen income follows it.)
    third = cws.receipts.issue(_enroll(cws, members[2], clock.day, 2_500_000))
    assert third.number == "BD0001-2027-000001"
    clock.day = date(2027, 1, 3)
    fourth = cws.receipts.issue(_enroll(cws, members[0], clock.day, 2_500_000))
    assert fourth.number == "BD0001-2027-000002"


def test_void_keeps_the_number_and_frees_the_enrollment(cws, members, clock):
    enrollment_id = _enroll(cws, members[0], clock.day)
    first = cws.receipts.issue(enrollment_id)
    assert cws.today.summary().money == 264_000
    changed = cws.receipts.void(first.id, "  Ghi sai số tiền ")
    assert {"receipt", "enrollment"} <= changed.kinds
    assert first.id in changed.ids
    assert enrollment_id in changed.ids
    stored = cws.store.records.get(first.id, "receipt")
    assert stored.body["voided"] is True
    assert stored.body["void_reason"] == "Ghi sai số tiền"
    assert stored.body["voided_on"] == "2026-11-21"
    assert stored.body["number"] == first.number  # the number stays with it
    assert not is_live_receipt(stored.body)
    # A new version of the same record waits for the server (a correction by its author).
    assert cws.store.outbox.unsent(first.id) is not None
    info = cws.receipts.get(first.id)
    assert info.voided
    assert info.void_reason == "Ghi sai số tiền"
    # Out of Today's money and the day's close; the enrollment is again without a receipt.
    summary = cws.today.summary()
    assert (summary.money, summary.receipts) == (0, 0)
    report = cws.today.day_report()
    assert report.cash_total == 0
    assert report.receipts == ()
    assert report.unreceipted == (enrollment_id,)
    assert [m.code for m in report.mismatches] == ["no_receipt"]
    assert cws.receipts.live_of(enrollment_id) is None
    again = cws.receipts.issue(enrollment_id)
    assert again.number == "BD0001-2026-000002"  # the voided number is not reused
    assert cws.receipts.live_of(enrollment_id) == again.id
    assert cws.today.day_report().balanced
    with pytest.raises(ValidationFailed) as refused:
        cws.receipts.issue(enrollment_id)
    assert refused.value.errors[0].code == "already_receipted"


def test_void_needs_a_reason_and_happens_once(cws, members, clock):
    info = cws.receipts.issue(_enroll(cws, members[0], clock.day))
    with pytest.raises(ValidationFailed) as blank:
        cws.receipts.void(info.id, "   ")
    assert blank.value.errors[0].field == "void_reason"
    cws.receipts.void(info.id, "Trùng biên lai")
    with pytest.raises(ValidationFailed) as twice:
        cws.receipts.void(info.id, "again")
    assert twice.value.errors[0].code == "already_voided"


def test_the_wire_checks_a_void_and_a_confirmation_code():
    base = {
        "number": "BD0001-2026-000001",
        "enrollment_id": "01a230bf-de03-7230-9141-00eb91dcc3a0",
        "amount": 264_000,
        "issued_on": "2026-11-21",
    }
    assert validate_record("receipt", base) == []
    errors = validate_record("receipt", {**base, "voided": True})
    assert {(e.field, e.code) for e in errors} == {
        ("void_reason", "void_reason_required"),
        ("voided_on", "required"),
    }
    early = {**base, "voided": True, "void_reason": "x", "voided_on": "2026-11-20"}
    assert [e.code for e in validate_record("receipt", early)] == ["date_before"]
    for bad in ("ab", "x" * 41, "mã-xác-nhận"):
        errors = validate_record("receipt", {**base, "confirmation_code": bad})
        assert [e.code for e in errors] == ["confirmation_code_format"], bad
    assert is_live_receipt(base)
    assert is_live_receipt({**base, "voided": False})


def test_confirmation_code_added_later_is_a_new_version(cws, members, clock):
    info = cws.receipts.issue(_enroll(cws, members[0], clock.day))
    assert info.confirmation_code is None
    with pytest.raises(ValidationFailed) as short:
        cws.receipts.add_confirmation_code(info.id, "12")
    assert short.value.errors[0].field == "confirmation_code"
    cws.receipts.add_confirmation_code(info.id, " bhxh 8902 2026 ")
    assert cws.receipts.get(info.id).confirmation_code == "BHXH89022026"
    queued = cws.store.outbox.unsent(info.id)
    assert queued is not None
    assert queued.body["confirmation_code"] == "BHXH89022026"


def test_prints_are_counted_per_receipt(cws, members, clock):
    info = cws.receipts.issue(_enroll(cws, members[0], clock.day))
    assert info.printed == 0
    assert cws.receipts.printed(info.id) == 1
    assert cws.receipts.printed(info.id) == 2
    assert cws.receipts.get(info.id).printed == 2


def test_the_ledger_lists_a_period_with_statuses(cws, members, clock):
    a = cws.receipts.issue(_enroll(cws, members[0], clock.day))
    b = cws.receipts.issue(_enroll(cws, members[1], clock.day))
    cws.receipts.void(b.id, "Sai người nộp")
    clock.day = date(2026, 12, 5)
    c = cws.receipts.issue(_enroll(cws, members[2], clock.day))
    rows = cws.receipts.ledger(date(2026, 11, 1), date(2026, 12, 31))
    assert [(r.number, r.status) for r in rows] == [
        (a.number, "live"),
        (b.number, "voided"),
        (c.number, "live"),
    ]
    assert rows[0].payer_name == "Nguyễn Văn Ánh"
    assert rows[1].void_reason == "Sai người nộp"
    assert [r.id for r in cws.receipts.ledger(date(2026, 11, 1), date(2026, 11, 30), "live")] == [
        a.id
    ]
    assert [r.id for r in cws.receipts.ledger(date(2026, 12, 1), date(2026, 12, 31))] == [c.id]


def test_receipt_details_come_from_the_profile_settings(cws, members, clock):
    info = cws.receipts.issue(_enroll(cws, members[0], clock.day))
    assert (info.office, info.organisation, info.series) == (None, None, None)
    assert info.payer_cccd == "091080123456"  # the participant's own CCCD
    cws.receipts.set_settings(
        {"office": "BHXH tỉnh Cà Mau", "organisation": "Bưu điện  Cà Mau", "series": ""}
    )
    assert cws.receipts.settings() == {
        "office": "BHXH tỉnh Cà Mau",
        "organisation": "Bưu điện Cà Mau",
    }
    info = cws.receipts.get(info.id)
    assert (info.office, info.organisation, info.series) == (
        "BHXH tỉnh Cà Mau",
        "Bưu điện Cà Mau",
        None,
    )
