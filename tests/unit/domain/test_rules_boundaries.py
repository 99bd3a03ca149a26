"""Every boundary and every field of the money rules, pinned to the đồng: the tests mutation
testing (``python3 dev.py mutate``) showed were missing. Each test names the edge it holds."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sync.domain.rates import RateEntry, Rates
from sync.domain.rules import (
    HouseholdQuote,
    RuleError,
    VoluntaryQuote,
    check_enrollment_amount,
    load_rates,
    quote_enrollment,
    quote_household,
    quote_voluntary,
)

RATES = load_rates()
ON = date(2026, 3, 1)  # every rate in force then is published law (nothing provisional)
VOLUNTARY_2025 = "Luật BHXH 41/2024/QH15 Điều 36; Nghị định 159/2025/NĐ-CP"
POVERTY_2022 = "Nghị định 07/2021/NĐ-CP (chuẩn nghèo 2022-2025, áp dụng đến hết 2026)"
BASE_2024 = "Nghị định 73/2024/NĐ-CP"
DISCOUNT = (
    "Lãi suất đầu tư quỹ BHXH bình quân tháng của năm trước do BHXH Việt Nam công bố; "
    "giá trị mẫu 0,363 %/tháng, quản trị viên cập nhật theo từng năm"
)
LOCAL = "Nghị quyết HĐND tỉnh (ví dụ)"


def rates_with(change: Any) -> Rates:
    data = copy.deepcopy(RATES.to_dict())
    change(data["tables"])
    return Rates.from_dict(data)


def local_support(pct: dict[str, int], province: str = "01", **over: Any) -> Any:
    entry = {
        "valid_from": "2025-07-01",
        "valid_to": None,
        "status": "verify",
        "legal_basis": LOCAL,
        "province_code": province,
        "support_pct": pct,
        **over,
    }
    return lambda tables: tables["local_support"].append(entry)


def voluntary(rates: Rates = RATES, **over: Any) -> VoluntaryQuote:
    kw: dict[str, Any] = dict(income=2_000_000, support="near_poor", method="monthly", paid_on=ON)
    kw.update(over)
    return quote_voluntary(rates, **kw)


# --- a whole quote, every field ------------------------------------------------------------------


def test_a_monthly_quote_has_every_field_right():
    q = voluntary()
    assert dataclasses.asdict(q) == {
        "income": 2_000_000,
        "support": "near_poor",
        "method": "monthly",
        "months": 1,
        "paid_on": ON,
        "monthly_gross": 440_000,
        "monthly_support": 132_000,
        "monthly_payable": 308_000,
        "total": 308_000,
        "monthly_state_support": 132_000,
        "monthly_local_support": 0,
        "support_pct": 40,
        "supported_months": 1,
        "poverty_line": 1_500_000,
        "base_salary": 2_340_000,
        "floor": 1_500_000,
        "ceiling": 46_800_000,
        "discount_rate": None,
        "undiscounted_total": 308_000,
        "provisional": False,
        "legal_basis": (VOLUNTARY_2025, POVERTY_2022, BASE_2024),
    }
    assert q.discount == 0


def test_an_advance_quote_discounts_each_later_month_once_more():
    q = voluntary(method="advance", months=3)
    factor = Decimal("1.00363")
    exact = Decimal(308_000) + Decimal(308_000) / factor + Decimal(308_000) / factor**2
    assert q.total == int(exact.quantize(Decimal(1), rounding="ROUND_HALF_UP")) == 920_662
    assert (q.months, q.undiscounted_total, q.discount_rate) == (3, 924_000, Decimal("0.00363"))
    assert q.discount == 924_000 - 920_662
    assert q.legal_basis == (VOLUNTARY_2025, POVERTY_2022, BASE_2024, DISCOUNT)
    assert q.provisional  # the fund's return is a sample value awaiting confirmation


def test_in_an_advance_the_supported_months_come_first_and_are_discounted_least():
    # One supported month left: month 1 pays 308,000, months 2 and 3 the full 440,000.
    q = voluntary(method="advance", months=3, supported_months_before=119)
    factor = Decimal("1.00363")
    exact = Decimal(308_000) + Decimal(440_000) / factor + Decimal(440_000) / factor**2
    assert q.total == int(exact.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    assert (q.supported_months, q.undiscounted_total) == (1, 308_000 + 2 * 440_000)


# --- months per method ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "months", "covered"),
    [
        ("monthly", None, 1),
        ("quarterly", None, 3),
        ("half_yearly", None, 6),
        ("yearly", None, 12),
        ("monthly", 60, 60),
        ("quarterly", 6, 6),
        ("yearly", 24, 24),
        ("yearly", 60, 60),
        ("advance", 1, 1),
        ("advance", 60, 60),
    ],
)
def test_months_at_the_edges_are_accepted(method, months, covered):
    assert voluntary(method=method, months=months).months == covered


@pytest.mark.parametrize(
    ("method", "months", "allowed_en"),
    [
        ("advance", 0, "an advance payment covers 1 to 60 months"),
        ("advance", 61, "an advance payment covers 1 to 60 months"),
        ("advance", None, "an advance payment covers 1 to 60 months"),
        ("advance", True, "an advance payment covers 1 to 60 months"),
        ("advance", 2.0, "an advance payment covers 1 to 60 months"),
        ("monthly", 61, "must be a multiple of 1 months, at most 60"),
        ("monthly", 0, "must be a multiple of 1 months, at most 60"),
        ("monthly", True, "must be a multiple of 1 months, at most 60"),
        ("monthly", 1.0, "must be a multiple of 1 months, at most 60"),
        ("yearly", 11, "must be a multiple of 12 months, at most 60"),
        ("yearly", 13, "must be a multiple of 12 months, at most 60"),
        ("yearly", 72, "must be a multiple of 12 months, at most 60"),
        ("quarterly", 4, "must be a multiple of 3 months, at most 60"),
    ],
)
def test_months_past_the_edges_are_refused(assert_invalid, method, months, allowed_en):
    with pytest.raises(RuleError) as exc:
        voluntary(method=method, months=months)
    period = {"advance": None, "monthly": 1, "quarterly": 3, "yearly": 12}[method]
    allowed_vi = (
        "đóng trước phải chọn từ 1 đến 60 tháng"
        if period is None
        else f"phải là bội số của {period} tháng, tối đa 60"
    )
    assert_invalid(
        exc,
        "months_out_of_range",
        "months",
        value=months,
        allowed_vi=allowed_vi,
        allowed_en=allowed_en,
    )


def test_the_advance_ceiling_comes_from_the_rates():
    def shorter(tables):
        tables["voluntary"][-1]["max_advance_months"] = 24

    rates = rates_with(shorter)
    assert voluntary(rates, method="advance", months=24).months == 24
    with pytest.raises(RuleError) as exc:
        voluntary(rates, method="advance", months=25)
    assert exc.value.params["allowed_en"] == "an advance payment covers 1 to 24 months"
    with pytest.raises(RuleError):
        voluntary(rates, method="yearly", months=36)


# --- inputs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "code", "field", "params"),
    [
        ({"income": "2000000"}, "invalid_income", "income", {}),
        ({"income": True}, "invalid_income", "income", {}),
        ({"support": "rich"}, "unknown_support", "support", {"value": "rich"}),
        ({"method": "weekly"}, "unknown_method", "method", {"value": "weekly"}),
        ({"paid_on": "2026-02-30"}, "invalid_date", "paid_on", {}),
        ({"supported_months_before": "3"}, "invalid", "supported_months_before", {}),
        ({"supported_months_before": -1}, "negative", "supported_months_before", {}),
    ],
)
def test_each_bad_input_names_its_field(assert_invalid, over, code, field, params):
    with pytest.raises(RuleError) as exc:
        voluntary(**over)
    assert_invalid(exc, code, field, **params)


def test_income_exactly_at_the_floor_and_the_ceiling_is_accepted(assert_invalid):
    assert voluntary(income=1_500_000).monthly_gross == 330_000
    assert voluntary(income=46_800_000).monthly_gross == 10_296_000
    with pytest.raises(RuleError) as exc:
        voluntary(income=1_499_999)
    assert_invalid(exc, "income_below_floor", "income", income=1_499_999, floor=1_500_000)
    with pytest.raises(RuleError) as exc:
        voluntary(income=46_800_001)
    assert_invalid(exc, "income_above_ceiling", "income", income=46_800_001, ceiling=46_800_000)


def test_the_ceiling_is_the_base_salary_times_the_multiple_of_the_rates():
    def lower(tables):
        tables["voluntary"][-1]["ceiling_multiple"] = 2

    assert voluntary(rates_with(lower), income=4_680_000).ceiling == 4_680_000
    with pytest.raises(RuleError):
        voluntary(rates_with(lower), income=4_680_001)


def test_age_fifteen_on_the_payment_day_is_the_edge(assert_invalid):
    assert voluntary(date_of_birth=date(2011, 3, 1)).total == 308_000
    assert voluntary(date_of_birth="2011-03-01").total == 308_000
    with pytest.raises(RuleError) as exc:
        voluntary(date_of_birth=date(2011, 3, 2))
    assert_invalid(exc, "too_young", "date_of_birth", min_age=15, age=14)
    with pytest.raises(RuleError) as exc:
        voluntary(date_of_birth="2011-02-30")
    assert_invalid(exc, "invalid_date", "date_of_birth")


def test_the_payment_date_may_be_iso_text():
    assert voluntary(paid_on="2026-03-01") == voluntary()


# --- the 120-month cap, for state and provincial support alike ------------------------------------


@pytest.mark.parametrize(
    ("used", "supported", "total"),
    [
        (0, 12, 12 * 308_000),
        (108, 12, 12 * 308_000),
        (109, 11, 11 * 308_000 + 440_000),
        (119, 1, 308_000 + 11 * 440_000),
        (120, 0, 12 * 440_000),
        (121, 0, 12 * 440_000),
    ],
)
def test_the_cap_counts_every_month_already_supported(used, supported, total):
    q = voluntary(method="yearly", supported_months_before=used)
    assert (q.supported_months, q.total) == (supported, total)
    if supported:
        assert (q.support_pct, q.monthly_support, q.monthly_payable) == (40, 132_000, 308_000)
    else:
        assert (q.support_pct, q.monthly_support, q.monthly_payable) == (0, 0, 440_000)
        assert q.monthly_state_support == 0


def test_the_cap_comes_from_the_rates():
    def shorter(tables):
        tables["voluntary"][-1]["max_support_months"] = 12

    q = voluntary(rates_with(shorter), method="yearly", supported_months_before=6)
    assert (q.supported_months, q.total) == (6, 6 * 308_000 + 6 * 440_000)


def test_provincial_support_adds_up_and_is_named_in_the_legal_basis():
    rates = rates_with(local_support({"near_poor": 10, "other": 5}))
    q = voluntary(rates, province_code="01")
    assert (q.monthly_state_support, q.monthly_local_support, q.monthly_support) == (
        132_000,
        33_000,
        165_000,
    )
    assert (q.monthly_payable, q.total, q.supported_months) == (275_000, 275_000, 1)
    assert q.legal_basis == (VOLUNTARY_2025, POVERTY_2022, BASE_2024, LOCAL)
    assert q.provisional  # the provincial entry awaits confirmation
    assert q.support_pct == 40  # the state's percentage; the province's is in its own amount


@pytest.mark.parametrize("used", [120, 121])
def test_provincial_support_ends_with_the_120_month_cap(used):
    rates = rates_with(local_support({"near_poor": 10}))
    q = voluntary(rates, province_code="01", method="yearly", supported_months_before=used)
    assert (q.monthly_local_support, q.monthly_support, q.monthly_payable) == (0, 0, 440_000)
    assert (q.supported_months, q.total) == (0, 12 * 440_000)
    assert LOCAL not in q.legal_basis
    assert not q.provisional


def test_provincial_support_shares_the_months_left_under_the_cap():
    rates = rates_with(local_support({"near_poor": 10}))
    q = voluntary(rates, province_code="01", method="yearly", supported_months_before=118)
    assert (q.supported_months, q.total) == (2, 2 * 275_000 + 10 * 440_000)


def test_provincial_support_alone_still_counts_towards_the_cap():
    # Before 2018 the State paid nothing; a province that did is capped the same way.
    def early(tables):
        tables["local_support"].append(
            {
                "valid_from": "2016-01-01",
                "valid_to": "2017-12-31",
                "status": "in_force",
                "legal_basis": LOCAL,
                "province_code": "01",
                "support_pct": {"near_poor": 10},
            }
        )

    rates = rates_with(early)
    kw = dict(income=700_000, paid_on=date(2017, 3, 1), method="yearly", province_code="01")
    q = voluntary(rates, supported_months_before=114, **kw)
    assert (q.monthly_state_support, q.monthly_local_support) == (0, 15_400)
    assert (q.supported_months, q.total) == (6, 6 * (154_000 - 15_400) + 6 * 154_000)
    assert voluntary(rates, supported_months_before=120, **kw).monthly_local_support == 0


def test_without_any_support_no_month_counts_as_supported():
    q = voluntary(income=700_000, paid_on=date(2017, 3, 1), method="yearly")
    assert (q.monthly_support, q.supported_months, q.support_pct) == (0, 0, 0)
    assert q.total == 12 * 154_000


def test_provincial_support_applies_only_to_its_province_and_its_dates():
    rates = rates_with(
        lambda t: (
            local_support({"near_poor": 10}, valid_to="2026-02-28")(t),
            local_support({"near_poor": 20}, valid_from="2026-03-01")(t),
            local_support({"near_poor": 30}, province="79")(t),
        )
    )
    assert voluntary(rates, province_code="01").monthly_local_support == 66_000
    assert voluntary(
        rates, province_code="01", paid_on=date(2026, 2, 28)
    ).monthly_local_support == (33_000)
    assert voluntary(rates, province_code="79").monthly_local_support == 99_000
    assert voluntary(rates, province_code="48").monthly_local_support == 0
    assert voluntary(rates, province_code="").monthly_local_support == 0
    assert voluntary(rates, province_code=None).monthly_local_support == 0
    assert voluntary(rates, province_code="01", support="poor").monthly_local_support == 0


def test_support_never_exceeds_the_gross_contribution():
    def generous(tables):
        tables["voluntary"][-1]["support_pct"]["poor"] = 150

    rates = rates_with(lambda t: (generous(t), local_support({"poor": 10})(t)))
    q = voluntary(rates, income=1_500_000, support="poor", province_code="01")
    assert (q.monthly_gross, q.monthly_state_support, q.monthly_local_support) == (
        330_000,
        330_000,
        0,
    )
    assert (q.monthly_payable, q.total) == (0, 0)


def test_provincial_support_fills_only_what_the_state_leaves():
    rates = rates_with(local_support({"poor": 60}))
    q = voluntary(rates, income=1_500_000, support="poor", province_code="01")
    assert (q.monthly_state_support, q.monthly_local_support, q.monthly_payable) == (
        165_000,
        165_000,
        0,
    )


# --- special zones ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("support", "paid_on", "special_zone", "pct"),
    [
        ("other", ON, False, 20),
        ("other", ON, True, 50),
        ("poor", ON, True, 50),
        ("poor", date(2024, 3, 1), True, 30),  # the category's 30 % beats the zone's 10 %
        ("other", date(2024, 3, 1), True, 10),
        ("ethnic_minority", date(2024, 3, 1), False, 10),
    ],
)
def test_a_special_zone_gets_the_better_of_its_rate_and_the_category(
    support, paid_on, special_zone, pct
):
    income = 1_500_000
    q = voluntary(income=income, support=support, paid_on=paid_on, special_zone=special_zone)
    assert q.support_pct == pct
    assert q.monthly_state_support == pct * 330_000 // 100


def test_a_zone_rate_missing_from_the_rates_counts_as_none():
    def no_zone(tables):
        del tables["voluntary"][-1]["special_zone_pct"]

    q = voluntary(rates_with(no_zone), support="other", special_zone=True)
    assert q.support_pct == 20


def test_a_category_missing_from_the_rates_gets_no_support():
    def no_other(tables):
        del tables["voluntary"][-1]["support_pct"]["other"]

    q = voluntary(rates_with(no_other), support="other")
    assert (q.support_pct, q.monthly_support, q.supported_months) == (0, 0, 0)


# --- rates argument ----------------------------------------------------------------------------


def test_rates_must_be_loaded_rates(assert_invalid):
    for call in (
        lambda: quote_voluntary({}, 2_000_000, "near_poor", "monthly", ON),  # type: ignore[arg-type]
        lambda: quote_household({}, 1, 12, ON),  # type: ignore[arg-type]
    ):
        with pytest.raises(RuleError) as exc:
            call()
        assert_invalid(exc, "invalid_rates", None, detail="pass the result of load_rates()")


# --- household health insurance ----------------------------------------------------------------


def test_a_household_quote_has_every_field_right():
    q = quote_household(RATES, members=6, months=3, paid_on=ON)
    assert dataclasses.asdict(q) == {
        "members": 6,
        "months": 3,
        "paid_on": ON,
        "base_salary": 2_340_000,
        "monthly_by_member": [105_300, 73_710, 63_180, 52_650, 42_120, 42_120],
        "monthly_total": 379_080,
        "total": 3 * 379_080,
        "provisional": False,
        "legal_basis": ("Nghị định 188/2025/NĐ-CP", BASE_2024),
    }


def test_a_household_quote_is_provisional_when_the_base_salary_is():
    q = quote_household(RATES, members=1, months=12, paid_on=date(2026, 7, 1))
    assert q.provisional
    assert q.monthly_by_member == [113_850]
    assert q.legal_basis[1] == "Mức lương cơ sở từ 1/7/2026 đã công bố, nghị định chưa xác nhận"


def test_a_household_quote_is_provisional_when_its_scheme_is():
    def announced(tables):
        tables["household_health"][-1]["status"] = "announced"

    assert quote_household(rates_with(announced), 1, 12, ON).provisional


def test_one_legal_basis_shared_by_two_tables_is_named_once():
    def same(tables):
        tables["household_health"][-1]["legal_basis"] = BASE_2024

    assert quote_household(rates_with(same), 1, 12, ON).legal_basis == (BASE_2024,)


@pytest.mark.parametrize("members", [0, -1])
def test_a_household_needs_a_member(assert_invalid, members):
    assert quote_household(RATES, members=1, months=3, paid_on=ON).total == 3 * 105_300
    with pytest.raises(RuleError) as exc:
        quote_household(RATES, members=members, months=3, paid_on=ON)
    assert_invalid(exc, "members_out_of_range", "members", value=members)


@pytest.mark.parametrize("members", ["2", True, 2.0, None])
def test_a_member_count_must_be_a_whole_number(assert_invalid, members):
    with pytest.raises(RuleError) as exc:
        quote_household(RATES, members=members, months=3, paid_on=ON)
    assert_invalid(exc, "members_out_of_range", "members")


@pytest.mark.parametrize("months", [1, 2, 4, 24, True, "12", None])
def test_household_months_are_one_of_the_periods(assert_invalid, months):
    with pytest.raises(RuleError) as exc:
        quote_household(RATES, members=1, months=months, paid_on=ON)
    assert_invalid(
        exc,
        "months_out_of_range",
        "months",
        value=months,
        allowed_vi="chỉ đóng 3, 6, 12 tháng",
        allowed_en="only 3, 6, 12 months",
    )


def test_household_periods_come_from_the_rates():
    def monthly_too(tables):
        tables["household_health"][-1]["periods"] = [1, 12]

    rates = rates_with(monthly_too)
    assert quote_household(rates, 1, 1, ON).total == 105_300
    with pytest.raises(RuleError) as exc:
        quote_household(rates, 1, True, ON)  # True is not the number 1
    assert exc.value.params["allowed_en"] == "only 1, 12 months"


def test_without_periods_in_the_rates_the_law_s_periods_apply():
    entries = {name: RATES.entries(name) for name in RATES.tables}
    entries["household_health"] = tuple(
        dataclasses.replace(e, data={k: v for k, v in e.data.items() if k != "periods"})
        for e in entries["household_health"]
    )
    bare = Rates(entries, version="test", source="test")
    assert quote_household(bare, 1, 6, ON).total == 6 * 105_300
    with pytest.raises(RuleError):
        quote_household(bare, 1, 1, ON)


def test_household_paid_on_is_checked(assert_invalid):
    assert quote_household(RATES, 1, 3, "2026-03-01").paid_on == ON
    with pytest.raises(RuleError) as exc:
        quote_household(RATES, 1, 3, "tomorrow")
    assert_invalid(exc, "invalid_date", "paid_on")


def test_a_short_ladder_repeats_its_last_step():
    def short(tables):
        tables["household_health"][-1]["ladder_pct"] = [100, 50]

    q = quote_household(rates_with(short), 3, 3, ON)
    assert q.monthly_by_member == [105_300, 52_650, 52_650]


# --- enrollment bodies -------------------------------------------------------------------------


def body(**over: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "scheme": "voluntary",
        "income": 2_000_000,
        "support": "near_poor",
        "method": "yearly",
        "months": 12,
        "paid_on": "2026-03-01",
    }
    out.update(over)
    return out


def test_an_enrollment_body_reaches_every_rule_input():
    rates = rates_with(local_support({"near_poor": 10, "other": 5}))
    q = quote_enrollment(rates, body())
    assert isinstance(q, VoluntaryQuote)
    assert (q.income, q.support, q.method, q.months, q.paid_on) == (
        2_000_000,
        "near_poor",
        "yearly",
        12,
        ON,
    )
    assert (q.monthly_local_support, q.supported_months) == (0, 12)
    # province_code is read from the body
    assert quote_enrollment(rates, body(province_code="01")).monthly_local_support == 33_000
    # supported_months_before is read from the body
    used = quote_enrollment(rates, body(supported_months_before=115))
    assert (used.supported_months, used.total) == (5, 5 * 308_000 + 7 * 440_000)
    # special_zone is read from the body, and only a real true counts
    assert quote_enrollment(rates, body(support="other", special_zone=True)).support_pct == 50
    assert quote_enrollment(rates, body(support="other", special_zone="true")).support_pct == 20
    assert quote_enrollment(rates, body(support="other", special_zone=1)).support_pct == 20
    # method and months
    advance = quote_enrollment(rates, body(method="advance", months=2))
    assert (advance.method, advance.months, advance.discount_rate) == (
        "advance",
        2,
        Decimal("0.00363"),
    )
    assert quote_enrollment(rates, body(method="monthly", months=None)).months == 1


@pytest.mark.parametrize(
    ("drop", "code", "field", "params"),
    [
        ("income", "invalid_income", "income", {}),
        ("support", "unknown_support", "support", {"value": "None"}),
        ("method", "unknown_method", "method", {"value": "None"}),
        ("paid_on", "invalid_date", "paid_on", {}),
        ("scheme", "not_in_choices", "scheme", {"choices": "voluntary, household_health"}),
    ],
)
def test_an_enrollment_body_missing_a_field_is_refused(assert_invalid, drop, code, field, params):
    incomplete = body()
    del incomplete[drop]
    with pytest.raises(RuleError) as exc:
        quote_enrollment(RATES, incomplete)
    assert_invalid(exc, code, field, **params)


def test_an_enrollment_body_with_a_bad_supported_count_is_refused(assert_invalid):
    with pytest.raises(RuleError) as exc:
        quote_enrollment(RATES, body(supported_months_before=None))
    assert_invalid(exc, "invalid", "supported_months_before")


def test_a_household_enrollment_counts_its_member_ids():
    members = ["a", "b", "c"]
    q = quote_enrollment(
        RATES, {"scheme": "household_health", "member_ids": members, "months": 6, "paid_on": ON}
    )
    assert isinstance(q, HouseholdQuote)
    assert (q.members, q.months, q.paid_on) == (3, 6, ON)
    assert q.total == 6 * (105_300 + 73_710 + 63_180)


@pytest.mark.parametrize("member_ids", [None, "abc", {"a": 1}, []])
def test_a_household_enrollment_without_a_member_list_has_no_members(assert_invalid, member_ids):
    with pytest.raises(RuleError) as exc:
        quote_enrollment(
            RATES,
            {"scheme": "household_health", "member_ids": member_ids, "months": 6, "paid_on": ON},
        )
    assert_invalid(exc, "members_out_of_range", "members", value=0)


def test_the_amount_must_be_exactly_the_rules_total(assert_invalid):
    assert check_enrollment_amount(RATES, body(amount=12 * 308_000)).total == 12 * 308_000
    for amount in (12 * 308_000 + 1, 12 * 308_000 - 1, None, "3696000"):
        with pytest.raises(RuleError) as exc:
            check_enrollment_amount(RATES, body(amount=amount))
        assert_invalid(exc, "amount_mismatch", "amount", amount=amount, expected=3_696_000)


def test_an_amount_must_be_whole_dong_even_when_it_equals_the_total(assert_invalid):
    for amount in (3_696_000.0, Decimal(3_696_000)):
        with pytest.raises(RuleError) as exc:
            check_enrollment_amount(RATES, body(amount=amount))
        assert_invalid(exc, "amount_mismatch", "amount", amount=amount, expected=3_696_000)


def test_false_is_not_an_amount_of_zero(assert_invalid):
    def tiny(tables):
        tables["rural_poverty_line"][0]["amount"] = 2

    rates = rates_with(tiny)
    free = body(income=2, method="monthly", months=1, paid_on="2017-03-01", amount=0)
    assert check_enrollment_amount(rates, free).total == 0
    with pytest.raises(RuleError) as exc:
        check_enrollment_amount(rates, {**free, "amount": False})
    assert_invalid(exc, "amount_mismatch", "amount", amount=False, expected=0)


def test_rate_entries_are_the_ones_the_quote_names():
    # The quote reads its percentages from the entry in force, not from any other entry.
    entry = RATES.at("voluntary", ON)
    assert isinstance(entry, RateEntry)
    assert voluntary().support_pct == entry.data["support_pct"]["near_poor"]


def test_a_zone_rate_missing_from_the_rates_adds_nothing_to_a_category_without_support():
    def no_zone(tables):
        del tables["voluntary"][0]["special_zone_pct"]

    q = voluntary(
        rates_with(no_zone),
        income=700_000,
        support="other",
        paid_on=date(2017, 3, 1),
        special_zone=True,
    )
    assert (q.support_pct, q.monthly_support) == (0, 0)


def test_no_months_of_support_are_assumed_used_unless_said():
    def twelve(tables):
        tables["voluntary"][-1]["max_support_months"] = 12

    rates = rates_with(twelve)
    assert voluntary(rates, method="yearly").supported_months == 12
    assert quote_enrollment(rates, body()).supported_months == 12
    assert quote_enrollment(rates, body(supported_months_before=1)).supported_months == 11
