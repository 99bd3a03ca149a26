"""The month cover starts (``cover_from``) and the day report's mismatches, at the service
level: a malformed month is refused on its field, the paid period starts on the month's first
day, and every record that keeps the day from balancing is named."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sync.domain.errors import ValidationFailed


@pytest.fixture
def people(ws, family):
    household, members = family
    changed = ws.households.register(household, members)
    return list(changed.ids[1:])


def _voluntary(person_id, **changes):
    return {"person_id": person_id, "income": 2_000_000, "support": "other",
            "method": "yearly", **changes}  # fmt: skip


def test_a_malformed_cover_month_is_refused_on_its_field(ws, people):
    for bad in ("2026-13", "12/2026", 202612):
        with pytest.raises(ValidationFailed) as caught:
            ws.money.enroll_voluntary(_voluntary(people[0], cover_from=bad))
        assert [e.field for e in caught.value.errors] == ["cover_from"]
        assert "Từ tháng" in caught.value.errors[0].message("vi")
    assert ws.store.records.of_kind("enrollment") == []


def test_the_paid_period_starts_with_the_cover_month(ws, people):
    today = ws.current_day()
    month = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    enrollment = ws.money.enroll_voluntary(
        _voluntary(people[0], cover_from=f"{month:%Y-%m}")
    ).primary
    info = ws.receipts.issue(enrollment)
    assert info.issued_on == today
    assert info.period_from == month
    assert info.period_to == date(month.year + 1, month.month, 1) - timedelta(days=1)
    report = ws.today.day_report()
    assert report.balanced
    assert report.mismatches == ()


def test_the_day_report_names_each_record_that_does_not_match(ws, people):
    today = ws.current_day()
    missing = ws.money.enroll_voluntary(_voluntary(people[0])).primary
    later = ws.money.enroll_voluntary(
        _voluntary(people[1], paid_on=(today + timedelta(days=1)).isoformat())
    ).primary
    ws.receipts.issue(later)
    report = ws.today.day_report()
    assert not report.balanced
    assert [(m.code, m.enrollment_id) for m in report.mismatches] == [
        ("no_receipt", missing),
        ("dates_differ", later),
    ]
    # The totals alone balance: the missing receipt and the one dated tomorrow cancel out.
    assert report.cash_total == report.enrollments_total
