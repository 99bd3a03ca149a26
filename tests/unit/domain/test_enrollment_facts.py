"""One path for an enrollment's money: facts from stored bodies, then the rules. Hand-worked
against DOMAIN.md's examples; the body's own special_zone, province_code and
supported_months_before never change the amount."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sync.domain.admin_units import admin_units
from sync.domain.enrollment import (
    PAID_ON_DAYS_AHEAD,
    PAID_ON_DAYS_BACK,
    SPECIAL_ZONE_DIVISION,
    EnrollmentFacts,
    check_enrollment,
    check_paid_on,
    enrollment_facts,
    enrollment_months,
    is_special_zone,
    island_communes,
    quote_with_facts,
)
from sync.domain.errors import RuleError
from sync.domain.rules import load_rates, quote_voluntary

RATES = load_rates()
U_MINH_THUONG = "31027"  # Xã U Minh Thượng, An Giang (91): an ordinary commune
PHU_QUOC = "31078"  # Đặc khu Phú Quốc, An Giang: a special zone
HON_NGHE = "30814"  # Xã Hòn Nghệ, An Giang: an island commune (reference list, verify)
ADULT = {"date_of_birth": "1985-04-12"}


def _voluntary(**extra: object) -> dict[str, object]:
    # others, TN 1,500,000, monthly, paid 1/3/2026: 330,000 - 66,000 = 264,000
    return {
        "scheme": "voluntary",
        "income": 1_500_000,
        "support": "other",
        "method": "monthly",
        "paid_on": "2026-03-01",
        **extra,
    }


def _yearly(months: int) -> dict[str, object]:
    return {"scheme": "voluntary", "method": "yearly", "months": months}


def test_facts_come_from_the_person_the_household_and_earlier_enrollments():
    facts = enrollment_facts(
        ADULT,
        {"commune_code": U_MINH_THUONG},
        [_yearly(12), {"scheme": "voluntary", "method": "quarterly"}, _yearly(60)],
    )
    assert facts == EnrollmentFacts(
        date_of_birth=date(1985, 4, 12),
        commune_code=U_MINH_THUONG,
        province_code="91",
        special_zone=False,
        supported_months_before=75,
    )
    assert facts.voluntary_kwargs() == {
        "province_code": "91",
        "special_zone": False,
        "supported_months_before": 75,
        "date_of_birth": date(1985, 4, 12),
    }


def test_household_health_enrollments_do_not_count_towards_the_120_months():
    earlier = [{"scheme": "household_health", "months": 12}, _yearly(12)]
    assert enrollment_facts(ADULT, None, earlier).supported_months_before == 12


def test_nothing_known_gives_empty_facts():
    assert enrollment_facts() == EnrollmentFacts()
    unknown = enrollment_facts({"date_of_birth": "not a date"}, {"commune_code": "99999"})
    assert unknown == EnrollmentFacts()


@pytest.mark.parametrize(
    ("body", "months"),
    [
        ({"months": 7, "method": "advance"}, 7),
        ({"method": "monthly"}, 1),
        ({"method": "quarterly"}, 3),
        ({"method": "half_yearly"}, 6),
        ({"method": "yearly"}, 12),
        ({"months": 0, "method": "yearly"}, 12),
        ({"months": True, "method": "quarterly"}, 3),
        ({"method": "weekly"}, 1),
    ],
)
def test_months_of_an_enrollment(body, months):
    assert enrollment_months(body) == months


def test_special_zones_come_from_the_units_and_island_communes_from_the_reference_list():
    units = admin_units()
    assert units.commune(PHU_QUOC).division_type == SPECIAL_ZONE_DIVISION
    assert is_special_zone(PHU_QUOC)
    assert is_special_zone(HON_NGHE)
    assert HON_NGHE in island_communes()
    assert not is_special_zone(U_MINH_THUONG)
    assert not is_special_zone(None)
    assert not is_special_zone("99999")
    assert not is_special_zone(HON_NGHE, islands=())
    # All thirteen special zones of the 2025 list, each with its province.
    zones = [c for c in units._communes.values() if c.division_type == SPECIAL_ZONE_DIVISION]
    assert len(zones) == 13
    assert all(enrollment_facts(None, {"commune_code": c.code}).special_zone for c in zones)
    # Every island commune of the list is a real commune.
    assert all(units.commune(code) is not None for code in island_communes())


@pytest.mark.parametrize(
    ("commune", "total"),
    [
        (U_MINH_THUONG, 264_000),  # others 20 %: 330,000 - 66,000
        (PHU_QUOC, 165_000),  # special zone 50 %: 330,000 - 165,000 (as poor)
        (HON_NGHE, 165_000),  # island commune: the same rate
    ],
)
def test_the_commune_decides_the_special_zone_rate(commune, total):
    facts = enrollment_facts(ADULT, {"commune_code": commune})
    assert quote_with_facts(RATES, _voluntary(), facts).total == total
    assert check_enrollment(RATES, _voluntary(amount=total), facts).total == total


def test_body_fields_about_the_facts_are_ignored():
    facts = enrollment_facts(ADULT, {"commune_code": U_MINH_THUONG})
    claimed = _voluntary(
        special_zone=True, supported_months_before=0, province_code="79", amount=165_000
    )
    with pytest.raises(RuleError) as exc:
        check_enrollment(RATES, claimed, facts)
    assert (exc.value.code, exc.value.field) == ("amount_mismatch", "amount")
    assert exc.value.params["expected"] == 264_000
    # And the other way: a client claiming "no support used" pays the full gross anyway.
    used_up = enrollment_facts(ADULT, {"commune_code": U_MINH_THUONG}, [_yearly(60), _yearly(60)])
    body = _voluntary(supported_months_before=0, amount=330_000)
    assert check_enrollment(RATES, body, used_up).total == 330_000


def test_the_120_month_cap_counts_the_stored_enrollments():
    # near-poor, TN 2,000,000, yearly, paid 21/11/2026: 308,000 a month with support, 440,000
    # without. 110 months used: 10 x 308,000 + 2 x 440,000 = 3,960,000; 120 used: 5,280,000.
    body = {
        "scheme": "voluntary",
        "income": 2_000_000,
        "support": "near_poor",
        "method": "yearly",
        "paid_on": "2026-11-21",
    }
    for used, total in ((0, 3_696_000), (110, 3_960_000), (120, 5_280_000), (130, 5_280_000)):
        earlier = [{"scheme": "voluntary", "method": "advance", "months": used}] if used else []
        facts = enrollment_facts(ADULT, {"commune_code": U_MINH_THUONG}, earlier)
        assert quote_with_facts(RATES, body, facts).total == total, used


def test_a_child_cannot_enroll_in_voluntary_insurance():
    six = enrollment_facts({"date_of_birth": "2020-01-15"}, {"commune_code": U_MINH_THUONG})
    with pytest.raises(RuleError) as exc:
        quote_with_facts(RATES, _voluntary(), six)
    assert (exc.value.code, exc.value.field) == ("too_young", "date_of_birth")
    assert exc.value.params == {"min_age": 15, "age": 6}
    # Fifteen on the payment day is old enough; a day short is not.
    fifteen = enrollment_facts({"date_of_birth": "2011-03-01"}, None)
    assert quote_with_facts(RATES, _voluntary(), fifteen).total == 264_000
    almost = enrollment_facts({"date_of_birth": "2011-03-02"}, None)
    with pytest.raises(RuleError, match="too_young"):
        quote_with_facts(RATES, _voluntary(), almost)


def test_household_health_is_the_ladder_whatever_the_facts():
    body = {
        "scheme": "household_health",
        "member_ids": ["a", "b", "c"],
        "months": 12,
        "paid_on": "2025-11-01",
        "amount": 2_906_280,
        "special_zone": True,
    }
    facts = enrollment_facts(None, {"commune_code": PHU_QUOC})
    assert check_enrollment(RATES, body, facts).total == 2_906_280
    with pytest.raises(RuleError, match="not_in_choices"):
        quote_with_facts(RATES, {**body, "scheme": "pension"}, facts)
    with pytest.raises(RuleError, match="amount_mismatch"):
        check_enrollment(RATES, {**body, "amount": True}, facts)


def test_the_same_quote_as_the_rules_with_the_same_inputs():
    facts = enrollment_facts(ADULT, {"commune_code": PHU_QUOC}, [_yearly(24)])
    direct = quote_voluntary(
        RATES,
        income=1_500_000,
        support="near_poor",
        method="advance",
        months=60,
        paid_on=date(2026, 3, 1),
        province_code="91",
        special_zone=True,
        supported_months_before=24,
        date_of_birth=date(1985, 4, 12),
    )
    body = _voluntary(support="near_poor", method="advance", months=60)
    assert quote_with_facts(RATES, body, facts) == direct


def test_paid_on_must_lie_in_the_window_around_the_servers_date():
    today = date(2026, 3, 1)
    assert (PAID_ON_DAYS_BACK, PAID_ON_DAYS_AHEAD) == (45, 1)
    earliest = today - timedelta(days=PAID_ON_DAYS_BACK)
    latest = today + timedelta(days=PAID_ON_DAYS_AHEAD)
    assert check_paid_on(earliest.isoformat(), today) == earliest
    assert check_paid_on(latest, today) == latest
    assert check_paid_on(today, today) == today
    for day in (earliest - timedelta(days=1), latest + timedelta(days=1), date(2016, 3, 1)):
        with pytest.raises(RuleError) as exc:
            check_paid_on(day.isoformat(), today)
        err = exc.value
        assert (err.code, err.field) == ("paid_on_out_of_range", "paid_on")
        assert err.params == {"paid_on": day, "earliest": earliest, "latest": latest}
        assert "15/01/2026" in err.message_vi
        assert "02/03/2026" in err.message_vi
        assert "máy tính" in err.message_vi
        assert "computer's date" in err.message_en
    with pytest.raises(RuleError, match="invalid_date"):
        check_paid_on("01/03/2026", today)
    assert check_paid_on("2026-02-01", today, days_back=28, days_ahead=0) == date(2026, 2, 1)
