"""The contribution rules: DOMAIN.md's worked examples to the đồng, the error codes, and the
invariants that must hold for every input."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.domain.messages import MESSAGES
from sync.domain.rules import (
    METHODS,
    SUPPORT_CATEGORIES,
    RuleError,
    benefits,
    check_enrollment_amount,
    estimate_pension,
    load_rates,
    quote_enrollment,
    quote_household,
    quote_voluntary,
    retirement_date,
)

RATES = load_rates()


# --- DOMAIN.md worked examples ----------------------------------------------------------------


@pytest.mark.parametrize(
    (
        "support",
        "income",
        "method",
        "paid_on",
        "gross",
        "support_amt",
        "payable",
        "months",
        "total",
    ),
    [
        (
            "near_poor",
            2_000_000,
            "yearly",
            date(2026, 11, 21),
            440_000,
            132_000,
            308_000,
            12,
            3_696_000,
        ),
        (
            "near_poor",
            2_000_000,
            "yearly",
            date(2024, 11, 21),
            440_000,
            82_500,
            357_500,
            12,
            4_290_000,
        ),
        ("other", 1_500_000, "monthly", date(2026, 3, 1), 330_000, 66_000, 264_000, 1, 264_000),
        ("poor", 1_500_000, "monthly", date(2026, 3, 1), 330_000, 165_000, 165_000, 1, 165_000),
    ],
)
def test_voluntary_worked_examples(
    support, income, method, paid_on, gross, support_amt, payable, months, total
):
    q = quote_voluntary(RATES, income=income, support=support, method=method, paid_on=paid_on)
    assert (q.monthly_gross, q.monthly_support, q.monthly_payable) == (gross, support_amt, payable)
    assert (q.months, q.total) == (months, total)
    assert all(isinstance(v, int) for v in (q.monthly_gross, q.monthly_support, q.total))


def test_twelve_months_paid_monthly_is_the_same_money_as_yearly():
    kw = dict(income=2_000_000, support="near_poor", paid_on=date(2026, 11, 21))
    monthly = quote_voluntary(RATES, method="monthly", months=12, **kw)
    yearly = quote_voluntary(RATES, method="yearly", **kw)
    assert monthly.total == yearly.total == 3_696_000


def test_sixty_months_in_advance_is_discounted_at_the_monthly_return():
    q = quote_voluntary(
        RATES,
        income=2_000_000,
        support="near_poor",
        method="advance",
        months=60,
        paid_on=date(2026, 11, 21),
    )
    assert q.monthly_payable == 308_000
    assert q.discount_rate == Decimal("0.00363")
    assert q.total == 16_639_278
    assert q.undiscounted_total == 60 * 308_000
    assert q.discount == 60 * 308_000 - 16_639_278


def test_positional_arguments_follow_the_design_order():
    q = quote_voluntary(RATES, 2_000_000, "near_poor", "advance", date(2026, 11, 21), 60)
    assert q.total == 16_639_278
    assert quote_household(RATES, 5, 12, date(2025, 11, 1)).total == 4_043_520


def test_one_month_in_advance_has_no_discount():
    q = quote_voluntary(
        RATES,
        income=2_000_000,
        support="near_poor",
        method="advance",
        months=1,
        paid_on=date(2026, 11, 21),
    )
    assert q.total == 308_000


@pytest.mark.parametrize(
    ("members", "by_member", "total"),
    [
        (1, [105_300], 1_263_600),
        (3, [105_300, 73_710, 63_180], 2_906_280),
        (5, [105_300, 73_710, 63_180, 52_650, 42_120], 4_043_520),
        (7, [105_300, 73_710, 63_180, 52_650, 42_120, 42_120, 42_120], 5_054_400),
    ],
)
def test_household_worked_examples(members, by_member, total):
    h = quote_household(RATES, members=members, months=12, paid_on=date(2025, 11, 1))
    assert h.monthly_by_member == by_member
    assert h.total == total
    assert h.base_salary == 2_340_000
    assert not h.provisional


def test_household_uses_the_announced_2026_base_salary_and_says_so():
    h = quote_household(RATES, members=2, months=6, paid_on=date(2026, 7, 1))
    assert h.monthly_by_member == [113_850, 79_695]
    assert h.total == 6 * (113_850 + 79_695)
    assert h.provisional


# --- rates are looked up by the payment date ----------------------------------------------------


@pytest.mark.parametrize(
    ("paid_on", "floor", "ceiling", "other_support"),
    [
        (date(2016, 1, 1), 700_000, 20 * 1_150_000, 0),  # no State support before 2018
        (date(2017, 12, 31), 700_000, 20 * 1_300_000, 0),
        (date(2018, 1, 1), 700_000, 20 * 1_300_000, 15_400),  # Decree 134: 10 %
        (date(2021, 12, 31), 700_000, 20 * 1_490_000, 15_400),
        (date(2022, 1, 1), 1_500_000, 20 * 1_490_000, 33_000),
        (date(2023, 7, 1), 1_500_000, 20 * 1_800_000, 33_000),
        (date(2025, 6, 30), 1_500_000, 20 * 2_340_000, 33_000),
        (date(2025, 7, 1), 1_500_000, 20 * 2_340_000, 66_000),  # Decree 159: 20 %
        (date(2026, 7, 1), 1_500_000, 20 * 2_530_000, 66_000),
        (date(2027, 1, 1), 2_200_000, 20 * 2_530_000, 96_800),
    ],
)
def test_floor_ceiling_and_support_follow_the_payment_date(paid_on, floor, ceiling, other_support):
    q = quote_voluntary(RATES, income=floor, support="other", method="monthly", paid_on=paid_on)
    assert (q.floor, q.ceiling, q.monthly_support) == (floor, ceiling, other_support)
    top = quote_voluntary(RATES, income=ceiling, support="other", method="monthly", paid_on=paid_on)
    assert top.monthly_gross == ceiling * 22 // 100


def test_ethnic_minority_gets_its_own_rate_only_under_decree_159():
    kw = dict(income=1_500_000, support="ethnic_minority", method="monthly")
    assert quote_voluntary(RATES, paid_on=date(2025, 6, 30), **kw).monthly_support == 33_000
    assert quote_voluntary(RATES, paid_on=date(2025, 7, 1), **kw).monthly_support == 99_000


def test_island_communes_get_the_poor_rate():
    q = quote_voluntary(
        RATES,
        income=1_500_000,
        support="other",
        method="monthly",
        paid_on=date(2026, 3, 1),
        special_zone=True,
    )
    assert q.monthly_support == 165_000
    assert q.support_pct == 50


def test_support_stops_after_120_months():
    kw = dict(income=2_000_000, support="near_poor", method="yearly", paid_on=date(2026, 3, 1))
    partly = quote_voluntary(RATES, supported_months_before=115, **kw)
    assert partly.supported_months == 5
    assert partly.total == 5 * 308_000 + 7 * 440_000
    used_up = quote_voluntary(RATES, supported_months_before=120, **kw)
    assert (used_up.monthly_support, used_up.monthly_payable, used_up.total) == (
        0,
        440_000,
        5_280_000,
    )


def test_provincial_support_adds_to_state_support(tmp_path):
    data = RATES.to_dict()
    data["tables"]["local_support"] = [
        {
            "valid_from": "2025-07-01",
            "valid_to": None,
            "status": "verify",
            "legal_basis": "Nghị quyết HĐND (ví dụ)",
            "province_code": "01",
            "support_pct": {"near_poor": 10, "other": 5},
        }
    ]
    path = tmp_path / "rates.json"
    path.write_text(__import__("json").dumps(data), encoding="utf-8")
    rates = load_rates(path)
    kw = dict(income=2_000_000, support="near_poor", method="monthly", paid_on=date(2026, 3, 1))
    with_local = quote_voluntary(rates, province_code="01", **kw)
    assert (with_local.monthly_state_support, with_local.monthly_local_support) == (132_000, 33_000)
    assert with_local.monthly_payable == 440_000 - 165_000
    assert with_local.provisional
    elsewhere = quote_voluntary(rates, province_code="79", **kw)
    assert elsewhere.monthly_local_support == 0


def test_rounding_is_half_up_to_the_dong():
    q = quote_voluntary(
        RATES, income=1_500_003, support="other", method="monthly", paid_on=date(2026, 3, 1)
    )
    assert q.monthly_gross == 330_001  # 330,000.66 rounds up
    q = quote_voluntary(
        RATES, income=1_500_002, support="other", method="monthly", paid_on=date(2026, 3, 1)
    )
    assert q.monthly_gross == 330_000  # 330,000.44 rounds down


# --- bad input is a RuleError with a specific code --------------------------------------------

GOOD = dict(income=2_000_000, support="near_poor", method="yearly", paid_on=date(2026, 11, 21))


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"income": -1}, "income_below_floor", "income"),
        ({"income": 0}, "income_below_floor", "income"),
        ({"income": 1_499_999}, "income_below_floor", "income"),
        ({"income": 20 * 2_530_000 + 1}, "income_above_ceiling", "income"),
        ({"income": 2_000_000.0}, "invalid_income", "income"),
        ({"income": "2000000"}, "invalid_income", "income"),
        ({"income": True}, "invalid_income", "income"),
        ({"support": "rich"}, "unknown_support", "support"),
        ({"support": "Near_Poor"}, "unknown_support", "support"),
        ({"method": "weekly"}, "unknown_method", "method"),
        ({"method": "advance", "months": 61}, "months_out_of_range", "months"),
        ({"method": "advance", "months": 0}, "months_out_of_range", "months"),
        ({"method": "advance"}, "months_out_of_range", "months"),
        ({"method": "quarterly", "months": 4}, "months_out_of_range", "months"),
        ({"method": "yearly", "months": 72}, "months_out_of_range", "months"),
        ({"paid_on": date(2015, 12, 31)}, "no_rates_for_date", "paid_on"),
        ({"paid_on": "21/11/2026"}, "invalid_date", "paid_on"),
        ({"paid_on": None}, "invalid_date", "paid_on"),
        ({"date_of_birth": date(2012, 1, 1)}, "too_young", "date_of_birth"),
        ({"supported_months_before": -3}, "negative", "supported_months_before"),
    ],
)
def test_bad_voluntary_input_raises_a_specific_rule_error(changes, code, field):
    with pytest.raises(RuleError) as info:
        quote_voluntary(RATES, **{**GOOD, **changes})
    assert info.value.code == code
    assert info.value.field == field
    assert isinstance(info.value, ValueError)
    assert info.value.message("vi")
    assert info.value.message("en")
    assert info.value.message("vi") != info.value.message("en")


def test_income_error_names_the_floor_in_vietnamese():
    with pytest.raises(RuleError) as info:
        quote_voluntary(RATES, **{**GOOD, "income": 1_000_000})
    assert "1.500.000 ₫" in info.value.message("vi")
    assert "chuẩn hộ nghèo" in info.value.message("vi")


def test_fifteen_year_old_may_join():
    q = quote_voluntary(RATES, **GOOD, date_of_birth=date(2011, 11, 21))
    assert q.total == 3_696_000


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"members": 0}, "members_out_of_range"),
        ({"members": -2}, "members_out_of_range"),
        ({"members": 2.0}, "members_out_of_range"),
        ({"months": 5}, "months_out_of_range"),
        ({"months": 1}, "months_out_of_range"),
        ({"months": True}, "months_out_of_range"),
        ({"paid_on": date(2014, 12, 31)}, "no_rates_for_date"),
    ],
)
def test_bad_household_input_raises_a_specific_rule_error(changes, code):
    with pytest.raises(RuleError) as info:
        quote_household(
            RATES, **{"members": 3, "months": 12, "paid_on": date(2025, 11, 1), **changes}
        )
    assert info.value.code == code


# --- enrollments are recomputed, never trusted -------------------------------------------------


def test_enrollment_amount_is_checked_against_the_rules():
    body = {
        "scheme": "voluntary",
        "person_id": "0192f5a0-0000-7000-8000-000000000001",
        "paid_on": "2026-11-21",
        "income": 2_000_000,
        "support": "near_poor",
        "method": "advance",
        "months": 60,
        "amount": 16_639_278,
    }
    assert check_enrollment_amount(RATES, body).total == 16_639_278
    with pytest.raises(RuleError) as info:
        check_enrollment_amount(RATES, {**body, "amount": 16_639_000})
    assert info.value.code == "amount_mismatch"
    assert info.value.params["expected"] == 16_639_278


def test_household_enrollment_counts_its_members():
    body = {
        "scheme": "household_health",
        "household_id": "h",
        "member_ids": ["a", "b", "c"],
        "months": 12,
        "paid_on": "2025-11-01",
        "amount": 2_906_280,
    }
    assert quote_enrollment(RATES, body).total == 2_906_280
    with pytest.raises(RuleError) as info:
        quote_enrollment(RATES, {**body, "scheme": "life"})
    assert info.value.code == "not_in_choices"


# --- invariants --------------------------------------------------------------------------------

FIRST_DAY, LAST_DAY = date(2016, 1, 1), date(2030, 12, 31)
dates = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


PLAIN_METHODS = tuple(m for m in METHODS if m != "advance")


@st.composite
def voluntary_args(draw, methods=METHODS):
    paid_on = draw(dates)
    floor = RATES.at("rural_poverty_line", paid_on).amount()
    ceiling = 20 * RATES.at("base_salary", paid_on).amount()
    method = draw(st.sampled_from(methods))
    months = draw(st.integers(1, 60)) if method == "advance" else None
    return dict(
        income=draw(st.integers(floor, ceiling)),
        support=draw(st.sampled_from(SUPPORT_CATEGORIES)),
        method=method,
        months=months,
        paid_on=paid_on,
        special_zone=draw(st.booleans()),
    )


@given(voluntary_args(), st.integers(0, 200))
def test_support_never_exceeds_gross_and_payable_is_never_negative(args, used):
    q = quote_voluntary(RATES, supported_months_before=used, **args)
    assert 0 <= q.monthly_support <= q.monthly_gross
    assert q.monthly_payable == q.monthly_gross - q.monthly_support
    assert q.monthly_payable >= 0
    assert 0 <= q.total <= q.undiscounted_total <= q.months * q.monthly_gross
    assert q.supported_months <= max(0, 120 - used)


@given(voluntary_args(PLAIN_METHODS))
def test_plain_methods_total_is_months_times_monthly_payable(args):
    q = quote_voluntary(RATES, **args)
    assert q.total == q.months * q.monthly_payable
    assert q.discount == 0


@given(voluntary_args(("advance",)))
def test_advance_total_is_between_one_month_and_the_undiscounted_sum(args):
    q = quote_voluntary(RATES, **args)
    assert q.monthly_payable <= q.total <= q.months * q.monthly_payable
    if q.months > 1 and q.monthly_payable > 0:
        assert q.total < q.months * q.monthly_payable


@given(dates, st.sampled_from(SUPPORT_CATEGORIES), st.integers(1, 10**7))
def test_income_outside_floor_and_ceiling_is_always_a_rule_error(paid_on, support, distance):
    floor = RATES.at("rural_poverty_line", paid_on).amount()
    ceiling = 20 * RATES.at("base_salary", paid_on).amount()
    for income, code in (
        (floor - distance, "income_below_floor"),
        (ceiling + distance, "income_above_ceiling"),
    ):
        with pytest.raises(RuleError) as info:
            quote_voluntary(
                RATES, income=income, support=support, method="monthly", paid_on=paid_on
            )
        assert info.value.code == code


@given(st.integers(1, 12), st.sampled_from([3, 6, 12]), dates)
def test_household_ladder_never_increases_and_totals_add_up(members, months, paid_on):
    h = quote_household(RATES, members=members, months=months, paid_on=paid_on)
    assert h.monthly_by_member[0] == round(h.base_salary * 45 / 1000)
    assert all(a >= b for a, b in itertools.pairwise(h.monthly_by_member))
    assert h.total == months * sum(h.monthly_by_member)


@given(st.dates(min_value=date(1900, 1, 1), max_value=FIRST_DAY - timedelta(days=1)))
def test_dates_before_any_rates_are_refused(paid_on):
    with pytest.raises(RuleError) as info:
        quote_voluntary(RATES, income=2_000_000, support="other", method="monthly", paid_on=paid_on)
    assert info.value.code == "no_rates_for_date"


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.sampled_from([*METHODS, *SUPPORT_CATEGORIES, "2026-11-21"]),
)


def _quote_or_error(fn, *args):
    """The quote, or the RuleError it raised; any other exception fails the test."""
    try:
        return fn(RATES, *args)
    except RuleError as exc:
        return exc


@given(anything, anything, anything, anything, anything)
def test_any_input_gives_a_quote_or_a_rule_error_never_another_exception(
    income, support, method, paid_on, months
):
    result = _quote_or_error(quote_voluntary, income, support, method, paid_on, months)
    if isinstance(result, RuleError):
        assert result.code in MESSAGES
    else:
        assert isinstance(result.total, int)
        assert result.total >= 0


@given(anything, anything, anything)
def test_any_household_input_gives_a_quote_or_a_rule_error(members, months, paid_on):
    result = _quote_or_error(quote_household, members, months, paid_on)
    if isinstance(result, RuleError):
        assert result.code in MESSAGES
    else:
        assert result.total == result.months * sum(result.monthly_by_member)


def test_rates_must_come_from_load_rates():
    with pytest.raises(RuleError) as info:
        quote_voluntary(None, **GOOD)
    assert info.value.code == "invalid_rates"


# --- pension ----------------------------------------------------------------------------------

ON = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("sex", "months", "pct"),
    [
        ("female", 15 * 12, 45),
        ("female", 20 * 12, 55),
        ("female", 30 * 12, 75),
        ("female", 35 * 12, 75),
        ("male", 15 * 12, 40),
        ("male", 18 * 12, 43),
        ("male", 20 * 12, 45),
        ("male", 25 * 12, 55),
        ("male", 35 * 12, 75),
        ("male", 20 * 12 + 4, 46),  # 4 odd months count as half a year at 2 % a year
        ("female", 16 * 12 + 8, 49),  # 8 odd months count as a whole year
    ],
)
def test_pension_percentage(sex, months, pct):
    p = estimate_pension(RATES, sex=sex, months_contributed=months, average_income=5_000_000, on=ON)
    assert p.eligible
    assert p.pct == pct
    assert p.monthly_pension == 5_000_000 * pct // 100


def test_short_of_fifteen_years_is_not_eligible_and_says_how_short():
    p = estimate_pension(
        RATES, sex="female", months_contributed=170, average_income=4_000_000, on=ON
    )
    assert (p.eligible, p.months_short, p.monthly_pension) == (False, 10, 0)


def test_years_beyond_the_maximum_earn_a_lump_sum():
    p = estimate_pension(
        RATES, sex="female", months_contributed=34 * 12, average_income=6_000_000, on=ON
    )
    assert p.pct == 75
    assert p.lump_sum == 4 * 3_000_000


@pytest.mark.parametrize(
    ("sex", "born", "retires"),
    [
        ("male", date(1955, 3, 10), date(2015, 3, 10)),  # 60 before the roadmap
        ("male", date(1961, 1, 15), date(2021, 4, 15)),  # 60 years 3 months in 2021
        ("male", date(1961, 10, 15), date(2022, 4, 15)),  # 60 years 6 months in 2022
        ("male", date(1990, 5, 1), date(2052, 5, 1)),  # 62 from 2028
        ("female", date(1966, 1, 1), date(2021, 5, 1)),  # 55 years 4 months in 2021
        ("female", date(1985, 8, 31), date(2045, 8, 31)),  # 60 from 2035
    ],
)
def test_retirement_age_roadmap(sex, born, retires):
    assert retirement_date(RATES, sex=sex, date_of_birth=born) == retires


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"sex": "x"}, "not_in_choices"),
        ({"months_contributed": -1}, "negative"),
        ({"average_income": 1.5}, "invalid_income"),
        ({"on": date(2020, 1, 1)}, "no_rates_for_date"),
    ],
)
def test_bad_pension_input(changes, code):
    args = dict(sex="male", months_contributed=240, average_income=5_000_000, on=ON)
    with pytest.raises(RuleError) as info:
        estimate_pension(RATES, **{**args, **changes})
    assert info.value.code == code


def test_benefits_since_july_2025():
    b = benefits(RATES, date(2026, 5, 1))
    assert (b.maternity_allowance, b.maternity_min_months_in_12) == (2_000_000, 6)
    assert (b.social_pension, b.social_pension_age, b.social_pension_age_poor) == (500_000, 75, 70)
    with pytest.raises(RuleError) as info:
        benefits(RATES, date(2025, 6, 30))
    assert info.value.code == "no_rates_for_date"


def test_special_zone_in_an_enrollment_body_must_be_a_real_true():
    body = {
        "scheme": "voluntary",
        "paid_on": "2026-03-01",
        "income": 1_500_000,
        "support": "other",
        "method": "monthly",
    }
    assert quote_enrollment(RATES, {**body, "special_zone": "false"}).monthly_support == 66_000
    assert quote_enrollment(RATES, {**body, "special_zone": True}).monthly_support == 165_000
