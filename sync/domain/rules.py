"""The money rules, the same code on the laptop and the server: contribution quotes for voluntary
social insurance and household health insurance, and a pension estimate, over dated rates.

Money is integer đồng. Intermediate values are exact decimals; each amount is rounded once,
half up, to the đồng. Bad input raises :class:`RuleError` with a specific code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sync.domain.amounts import HUNDRED, as_date, as_int, to_dong
from sync.domain.errors import RuleError
from sync.domain.pension import (
    Benefits,
    PensionEstimate,
    benefits,
    estimate_pension,
    retirement_date,
)
from sync.domain.rates import RateEntry, Rates, load_rates
from sync.domain.validators import age_on
from sync.domain.vocab import HOUSEHOLD_PERIODS, METHOD_MONTHS, METHODS, SUPPORT_CATEGORIES

__all__ = [
    "METHODS",
    "SUPPORT_CATEGORIES",
    "Benefits",
    "HouseholdQuote",
    "PensionEstimate",
    "RateEntry",
    "Rates",
    "RuleError",
    "VoluntaryQuote",
    "benefits",
    "check_enrollment_amount",
    "estimate_pension",
    "load_rates",
    "quote_enrollment",
    "quote_household",
    "quote_voluntary",
    "retirement_date",
    "to_dong",
]


@dataclass(frozen=True, slots=True)
class VoluntaryQuote:
    """What one payment of voluntary social insurance costs, month by month and in total."""

    income: int
    support: str
    method: str
    months: int
    paid_on: date
    monthly_gross: int
    monthly_support: int  # state support plus any provincial support, never above gross
    monthly_payable: int
    total: int
    monthly_state_support: int
    monthly_local_support: int
    support_pct: int
    supported_months: int  # months of this payment that receive support (the 120-month cap)
    poverty_line: int
    base_salary: int
    floor: int
    ceiling: int
    discount_rate: Decimal | None  # monthly rate r for payments in advance
    undiscounted_total: int
    provisional: bool  # some rate used is announced or awaits confirmation
    legal_basis: tuple[str, ...] = field(default=())

    @property
    def discount(self) -> int:
        return self.undiscounted_total - self.total


@dataclass(frozen=True, slots=True)
class HouseholdQuote:
    """What a household pays for health insurance: each member's monthly amount and the total."""

    members: int
    months: int
    paid_on: date
    base_salary: int
    monthly_by_member: list[int]
    monthly_total: int
    total: int
    provisional: bool
    legal_basis: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------------------------------------
# argument checks


def _check_rates(rates: object) -> None:
    if not isinstance(rates, Rates):
        raise RuleError("invalid_rates", detail="pass the result of load_rates()")


def _months_error(value: object, allowed_vi: str, allowed_en: str) -> RuleError:
    return RuleError(
        "months_out_of_range", "months", value=value, allowed_vi=allowed_vi, allowed_en=allowed_en
    )


def _voluntary_months(method: str, months: object, max_advance: int) -> int:
    period = METHOD_MONTHS[method]
    if period is None:  # advance: the caller says how many months, 1..max
        if (
            isinstance(months, bool)
            or not isinstance(months, int)
            or not 1 <= months <= max_advance
        ):
            raise _months_error(
                months,
                f"đóng trước phải chọn từ 1 đến {max_advance} tháng",
                f"an advance payment covers 1 to {max_advance} months",
            )
        return months
    if months is None:
        return period
    # Plain methods accept a whole number of their periods (e.g. 12 months paid monthly).
    if (
        isinstance(months, bool)
        or not isinstance(months, int)
        or months < period
        or months % period
        or months > max_advance
    ):
        raise _months_error(
            months,
            f"phải là bội số của {period} tháng, tối đa {max_advance}",
            f"must be a multiple of {period} months, at most {max_advance}",
        )
    return months


# ---------------------------------------------------------------------------------------------
# voluntary social insurance


def quote_voluntary(
    rates: Rates,
    income: int,
    support: str,
    method: str,
    paid_on: date,
    months: int | None = None,
    *,
    province_code: str | None = None,
    special_zone: bool = False,
    supported_months_before: int = 0,
    date_of_birth: date | None = None,
) -> VoluntaryQuote:
    """Quote one payment of voluntary social insurance.

    ``income`` is the monthly income the person chooses (TN); the contribution is 22 % of it.
    State support is a percentage of 22 % of the rural poverty line, by category, for at most
    120 months in a lifetime (``supported_months_before`` counts those already used).
    ``special_zone`` is for people living in island communes and special zones. With
    ``province_code`` any provincial support in the ``local_support`` table is added.
    Advance payments (``method="advance"``) are discounted month by month at the fund's
    monthly return r: total = sum over i = 1..n of payable_i / (1 + r)^(i - 1).
    """
    _check_rates(rates)
    income = as_int(income, "income", "invalid_income")
    if support not in SUPPORT_CATEGORIES:
        raise RuleError("unknown_support", "support", value=support)
    if method not in METHODS:
        raise RuleError("unknown_method", "method", value=method)
    paid_on = as_date(paid_on, "paid_on")
    used = as_int(supported_months_before, "supported_months_before")
    if used < 0:
        raise RuleError("negative", "supported_months_before")

    scheme = rates.at("voluntary", paid_on)
    months = _voluntary_months(method, months, int(scheme.data["max_advance_months"]))
    poverty = rates.at("rural_poverty_line", paid_on)
    base = rates.at("base_salary", paid_on)
    used_entries = [scheme, poverty, base]

    floor = poverty.amount()
    ceiling = base.amount() * int(scheme.data["ceiling_multiple"])
    if income < floor:
        raise RuleError("income_below_floor", "income", income=income, floor=floor)
    if income > ceiling:
        raise RuleError("income_above_ceiling", "income", income=income, ceiling=ceiling)

    if date_of_birth is not None:
        _check_age(as_date(date_of_birth, "date_of_birth"), paid_on)

    rate = scheme.decimal("contribution_rate")
    gross = to_dong(rate * income)
    # Support is a share of 22 % of the poverty line, not of the chosen income.
    remaining = max(0, int(scheme.data["max_support_months"]) - used)
    pct = _support_pct(scheme, support, special_zone) if remaining else Decimal(0)
    state = min(gross, to_dong(pct * rate * floor / HUNDRED))
    local = 0
    local_entry = _local_support(rates, province_code, paid_on) if remaining else None
    if local_entry is not None:
        used_entries.append(local_entry)
        local_pct = Decimal(int(local_entry.data["support_pct"].get(support, 0)))
        local = min(gross - state, to_dong(local_pct * rate * floor / HUNDRED))
    monthly_support = state + local
    payable = gross - monthly_support
    supported = min(months, remaining) if monthly_support else 0
    per_month = [payable] * supported + [gross] * (months - supported)
    undiscounted = sum(per_month)

    discount_rate: Decimal | None = None
    if method == "advance":
        discount_entry = rates.at("advance_discount", paid_on)
        used_entries.append(discount_entry)
        discount_rate = discount_entry.decimal("monthly_rate")
        factor = Decimal(1) + discount_rate
        discounted = Decimal(0)
        for i, amount in enumerate(per_month):
            discounted += Decimal(amount) / factor**i
        total = to_dong(discounted)
    else:
        total = undiscounted

    return VoluntaryQuote(
        income=income,
        support=support,
        method=method,
        months=months,
        paid_on=paid_on,
        monthly_gross=gross,
        monthly_support=monthly_support,
        monthly_payable=payable,
        total=total,
        monthly_state_support=state,
        monthly_local_support=local,
        support_pct=int(pct),
        supported_months=supported,
        poverty_line=floor,
        base_salary=base.amount(),
        floor=floor,
        ceiling=ceiling,
        discount_rate=discount_rate,
        undiscounted_total=undiscounted,
        provisional=any(e.provisional for e in used_entries),
        legal_basis=tuple(dict.fromkeys(e.legal_basis for e in used_entries)),
    )


def _support_pct(scheme: RateEntry, support: str, special_zone: bool) -> Decimal:
    table = scheme.data["support_pct"]
    pct = int(table.get(support, 0))
    if special_zone:
        pct = max(pct, int(scheme.data.get("special_zone_pct", 0)))
    return Decimal(pct)


def _local_support(rates: Rates, province_code: str | None, on: date) -> RateEntry | None:
    if not province_code:
        return None
    for entry in rates.entries("local_support"):
        if entry.data.get("province_code") == province_code and entry.covers(on):
            return entry
    return None


def _check_age(date_of_birth: date, on: date, min_age: int = 15) -> None:
    age = age_on(date_of_birth, on)
    if age < min_age:
        raise RuleError("too_young", "date_of_birth", min_age=min_age, age=age)


# ---------------------------------------------------------------------------------------------
# household health insurance


def quote_household(rates: Rates, members: int, months: int, paid_on: date) -> HouseholdQuote:
    """Quote household health insurance: the first member pays 4.5 % of the base salary a month,
    the 2nd, 3rd and 4th 70, 60 and 50 % of that, the 5th and later 40 %."""
    _check_rates(rates)
    members = as_int(members, "members", "members_out_of_range")
    if members < 1:
        raise RuleError("members_out_of_range", "members", value=members)
    paid_on = as_date(paid_on, "paid_on")
    scheme = rates.at("household_health", paid_on)
    periods = tuple(int(p) for p in scheme.data.get("periods", HOUSEHOLD_PERIODS))
    if isinstance(months, bool) or months not in periods:
        shown = ", ".join(str(p) for p in periods)
        raise _months_error(months, f"chỉ đóng {shown} tháng", f"only {shown} months")
    base = rates.at("base_salary", paid_on)
    first = to_dong(scheme.decimal("first_member_rate") * base.amount())
    ladder = [int(p) for p in scheme.data["ladder_pct"]]
    by_member = [
        to_dong(Decimal(first * ladder[min(i, len(ladder) - 1)]) / HUNDRED) for i in range(members)
    ]
    monthly_total = sum(by_member)
    return HouseholdQuote(
        members=members,
        months=months,
        paid_on=paid_on,
        base_salary=base.amount(),
        monthly_by_member=by_member,
        monthly_total=monthly_total,
        total=monthly_total * months,
        provisional=scheme.provisional or base.provisional,
        legal_basis=tuple(dict.fromkeys((scheme.legal_basis, base.legal_basis))),
    )


# ---------------------------------------------------------------------------------------------
# enrollments: the server never trusts a client-computed amount


def quote_enrollment(rates: Rates, body: Mapping[str, Any]) -> VoluntaryQuote | HouseholdQuote:
    """Recompute the quote for an enrollment body of the sync contract."""
    scheme = body.get("scheme")
    paid_on = as_date(body.get("paid_on"), "paid_on")
    if scheme == "voluntary":
        return quote_voluntary(
            rates,
            income=body.get("income"),  # type: ignore[arg-type]  # checked inside
            support=str(body.get("support")),
            method=str(body.get("method")),
            months=body.get("months"),
            paid_on=paid_on,
            province_code=body.get("province_code"),
            special_zone=body.get("special_zone") is True,  # "false" must not count
            supported_months_before=body.get("supported_months_before", 0),
        )
    if scheme == "household_health":
        member_ids = body.get("member_ids")
        count = len(member_ids) if isinstance(member_ids, list) else 0
        return quote_household(rates, members=count, months=body.get("months"), paid_on=paid_on)  # type: ignore[arg-type]
    raise RuleError("not_in_choices", "scheme", choices="voluntary, household_health")


def check_enrollment_amount(
    rates: Rates, body: Mapping[str, Any]
) -> VoluntaryQuote | HouseholdQuote:
    """The quote for ``body``; ``amount_mismatch`` when its ``amount`` differs from the rules."""
    quote = quote_enrollment(rates, body)
    amount = body.get("amount")
    # Money is whole đồng: 3696000.0 is not an amount even though it equals 3696000.
    if isinstance(amount, bool) or not isinstance(amount, int) or amount != quote.total:
        raise RuleError("amount_mismatch", "amount", amount=amount, expected=quote.total)
    return quote
