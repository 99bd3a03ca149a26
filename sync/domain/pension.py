"""Pension estimate, retirement-age roadmap and the benefits agents quote, over dated rates.

Re-exported by :mod:`sync.domain.rules`, which is the public surface.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sync.domain.amounts import HUNDRED, as_date, as_int, to_dong
from sync.domain.errors import RuleError
from sync.domain.rates import Rates


@dataclass(frozen=True, slots=True)
class PensionEstimate:
    """A monthly pension estimate under the law in force on ``on``."""

    sex: str
    months_contributed: int
    years_counted: Decimal  # whole years, plus 0.5 for 1-6 odd months or 1 for 7-11
    eligible: bool
    months_short: int  # months still needed for the minimum years
    pct: Decimal
    monthly_pension: int
    lump_sum: int  # one-off allowance for years beyond those needed for the maximum pct
    retirement_on: date | None
    provisional: bool


# ---------------------------------------------------------------------------------------------
# benefits (talking points: what joining brings)


@dataclass(frozen=True, slots=True)
class Benefits:
    """Benefits in force on a date that agents quote when advising people."""

    on: date
    maternity_allowance: int  # per child, for contributors with enough recent months
    maternity_min_months_in_12: int
    social_pension: int  # monthly, for older people without a pension
    social_pension_age: int
    social_pension_age_poor: int  # for poor and near-poor people
    provisional: bool
    legal_basis: str


def benefits(rates: Rates, on: date) -> Benefits:
    """The voluntary-scheme benefits in force on ``on`` (from 1/7/2025 under Law 41/2024)."""
    on = as_date(on, "on")
    entry = rates.at("benefits", on)
    return Benefits(
        on=on,
        maternity_allowance=entry.amount("maternity_allowance"),
        maternity_min_months_in_12=int(entry.data["maternity_min_months_in_12"]),
        social_pension=entry.amount("social_pension"),
        social_pension_age=int(entry.data["social_pension_age"]),
        social_pension_age_poor=int(entry.data["social_pension_age_poor"]),
        provisional=entry.provisional,
        legal_basis=entry.legal_basis,
    )


# ---------------------------------------------------------------------------------------------
# pension


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def retirement_date(rates: Rates, *, sex: str, date_of_birth: date) -> date:
    """The day a person reaches normal retirement age on the 2021-2035 roadmap
    (men 60 years 3 months in 2021 rising 3 months a year to 62; women 55 years 4 months rising
    4 months a year to 60)."""
    if sex not in ("male", "female"):
        raise RuleError("not_in_choices", "sex", choices="male, female")
    date_of_birth = as_date(date_of_birth, "date_of_birth")
    entries = rates.entries("retirement_age")
    if not entries:
        raise RuleError(
            "no_rates_for_date", "date_of_birth", on=date_of_birth, table="retirement_age"
        )
    entry = entries[-1]  # the roadmap in force now applies to everyone not yet retired
    start_year = int(entry.data["start_year"])
    plan = entry.data[sex]
    before = _add_months(date_of_birth, int(plan["before_months"]))
    if before.year < start_year:
        return before
    year = start_year
    while True:
        age_months = min(
            int(plan["start_months"]) + int(plan["step_months"]) * (year - start_year),
            int(plan["max_months"]),
        )
        reached = _add_months(date_of_birth, age_months)
        if reached.year <= year:
            return reached
        year += 1


def _years_counted(months: int) -> Decimal:
    years, odd = divmod(months, 12)
    extra = Decimal(0) if odd == 0 else Decimal("0.5") if odd <= 6 else Decimal(1)
    return Decimal(years) + extra


def _pension_pct(plan: Mapping[str, Any], years: Decimal) -> Decimal:
    pct = Decimal(int(plan["base_pct"]))
    steps = [(Decimal(int(a)), Decimal(int(b))) for a, b in plan["steps"]]
    for i, (start, per_year) in enumerate(steps):
        end = steps[i + 1][0] if i + 1 < len(steps) else None
        span = (min(years, end) if end is not None else years) - start
        if span > 0:
            pct += span * per_year
    return pct


def estimate_pension(
    rates: Rates,
    *,
    sex: str,
    months_contributed: int,
    average_income: int,
    on: date,
    date_of_birth: date | None = None,
) -> PensionEstimate:
    """Estimate the monthly pension: women 45 % at 15 years plus 2 % a year; men 40 % at
    15 years plus 1 % a year to 20 years, then 2 % a year; at most 75 % of ``average_income``.
    Years beyond those needed for the maximum earn a lump sum of half a month's income each."""
    if sex not in ("male", "female"):
        raise RuleError("not_in_choices", "sex", choices="male, female")
    months_contributed = as_int(months_contributed, "months_contributed")
    average_income = as_int(average_income, "average_income", "invalid_income")
    if months_contributed < 0:
        raise RuleError("negative", "months_contributed")
    if average_income < 0:
        raise RuleError("negative", "average_income")
    on = as_date(on, "on")
    entry = rates.at("pension", on)
    plan = entry.data[sex]
    min_years = int(entry.data["min_years"])
    max_pct = Decimal(int(entry.data["max_pct"]))
    years = _years_counted(months_contributed)
    eligible = months_contributed >= min_years * 12
    pct = min(_pension_pct(plan, years), max_pct) if eligible else Decimal(0)
    lump_sum = 0
    if eligible:
        # The first year count at which the percentage reaches the maximum.
        needed = Decimal(min_years)
        while _pension_pct(plan, needed) < max_pct:
            needed += Decimal("0.5")
        extra_years = max(Decimal(0), years - needed)
        per_year = Decimal(str(entry.data.get("lump_sum_months_per_extra_year", "0.5")))
        lump_sum = to_dong(extra_years * per_year * average_income)
    retire = retirement_date(rates, sex=sex, date_of_birth=date_of_birth) if date_of_birth else None
    return PensionEstimate(
        sex=sex,
        months_contributed=months_contributed,
        years_counted=years,
        eligible=eligible,
        months_short=max(0, min_years * 12 - months_contributed),
        pct=pct,
        monthly_pension=to_dong(pct * average_income / HUNDRED),
        lump_sum=lump_sum,
        retirement_on=retire,
        provisional=entry.provisional,
    )
