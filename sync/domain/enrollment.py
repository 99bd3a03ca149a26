"""One path for an enrollment's money: the rules' inputs completed from stored facts.

The person's date of birth, the household's commune (and so its province, and whether it is a
special zone or an island commune) and the months of State support the person already used are
facts the store holds, never what a client says about them. The laptop's live quote, its enroll
use case, the needs-attention fix and the server's amount check all call
:func:`enrollment_facts` with what they hold, then the rules (:func:`quote_with_facts`,
:func:`check_enrollment`). Qt-free and store-free: callers pass plain mappings.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, Final

from sync.domain.admin_units import AdminUnits, admin_units
from sync.domain.amounts import as_date
from sync.domain.errors import RuleError
from sync.domain.rates import Rates
from sync.domain.rules import HouseholdQuote, VoluntaryQuote, quote_household, quote_voluntary
from sync.domain.vocab import METHOD_MONTHS

__all__ = [
    "IGNORED_BODY_FIELDS",
    "PAID_ON_DAYS_AHEAD",
    "PAID_ON_DAYS_BACK",
    "SPECIAL_ZONE_DIVISION",
    "EnrollmentFacts",
    "check_enrollment",
    "check_paid_on",
    "enrollment_facts",
    "enrollment_months",
    "is_special_zone",
    "island_communes",
    "quote_with_facts",
]

# The window the server accepts a payment date in, around its own (Vietnam's) date. Behind:
# agents sync days, sometimes weeks, after taking the money (a remote commune, a broken laptop,
# the month-end round); 45 days covers a month of that with room to spare, yet reaches back over
# at most one rate change (they fall on 1 January and 1 July), so years-old, cheaper rates are
# out of reach. Ahead: one day, for a laptop near midnight or a clock a little fast.
PAID_ON_DAYS_BACK: Final = 45
PAID_ON_DAYS_AHEAD: Final = 1

# The division type of special zones in the administrative units ("Đặc khu Phú Quốc").
SPECIAL_ZONE_DIVISION: Final = "đặc khu"

# Body fields a client may send about these facts; they are never read (the facts are derived).
IGNORED_BODY_FIELDS: Final = ("special_zone", "supported_months_before", "province_code")


@dataclass(frozen=True, slots=True)
class EnrollmentFacts:
    """What the store knows that the rules need beyond the enrollment's own fields."""

    date_of_birth: date | None = None
    commune_code: str | None = None
    province_code: str | None = None
    special_zone: bool = False  # a special zone (đặc khu) or an island commune (xã đảo)
    supported_months_before: int = 0  # months of earlier voluntary enrollments (120-month cap)

    def voluntary_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of :func:`sync.domain.rules.quote_voluntary` these facts fill."""
        return {
            "province_code": self.province_code,
            "special_zone": self.special_zone,
            "supported_months_before": self.supported_months_before,
            "date_of_birth": self.date_of_birth,
        }


def enrollment_months(body: Mapping[str, Any]) -> int:
    """The months an enrollment body pays for: its ``months``, else its method's period."""
    months = body.get("months")
    if isinstance(months, int) and not isinstance(months, bool) and months > 0:
        return months
    period = METHOD_MONTHS.get(str(body.get("method")))
    return period or 1


@cache
def island_communes() -> frozenset[str]:
    """Codes of the island communes in ``resources/reference/island_communes.json``."""
    ref = resources.files("resources") / "reference" / "island_communes.json"
    data = json.loads(ref.read_text(encoding="utf-8"))
    return frozenset(str(c["code"]) for c in data["communes"])


def is_special_zone(
    commune_code: str | None,
    *,
    units: AdminUnits | None = None,
    islands: Collection[str] | None = None,
) -> bool:
    """Whether people living in the commune get the special-zone rate: a special zone of the
    administrative units, or an island commune of the reference list."""
    if not commune_code:
        return False
    commune = (units or admin_units()).commune(commune_code)
    if commune is None:
        return False
    if commune.division_type == SPECIAL_ZONE_DIVISION:
        return True
    return commune.code in (islands if islands is not None else island_communes())


def _day(value: object) -> date | None:
    try:
        return as_date(value, "date_of_birth")
    except RuleError:
        return None


def enrollment_facts(
    person: Mapping[str, Any] | None = None,
    household: Mapping[str, Any] | None = None,
    earlier: Iterable[Mapping[str, Any]] = (),
    *,
    units: AdminUnits | None = None,
    islands: Collection[str] | None = None,
) -> EnrollmentFacts:
    """The facts of an enrollment from the stored bodies of its person (date of birth), the
    household (commune, hence province and special zone) and the person's ``earlier``
    enrollments (every other live one: the voluntary ones count towards the 120 months).

    The caller leaves out the enrollment being checked itself (a correction replaces it) and
    deleted ones; bodies of another scheme are skipped here.
    """
    units = units or admin_units()
    commune = None
    if household is not None:
        commune = units.commune(str(household.get("commune_code") or ""))
    used = sum(enrollment_months(body) for body in earlier if body.get("scheme") == "voluntary")
    return EnrollmentFacts(
        date_of_birth=_day(person.get("date_of_birth")) if person is not None else None,
        commune_code=commune.code if commune is not None else None,
        province_code=commune.province_code if commune is not None else None,
        special_zone=commune is not None
        and is_special_zone(commune.code, units=units, islands=islands),
        supported_months_before=used,
    )


def quote_with_facts(
    rates: Rates, body: Mapping[str, Any], facts: EnrollmentFacts
) -> VoluntaryQuote | HouseholdQuote:
    """The rules' quote for an enrollment body of the sync contract, with ``facts`` for what
    the body must not decide (any ``special_zone``, ``province_code`` or
    ``supported_months_before`` in it is ignored)."""
    scheme = body.get("scheme")
    paid_on = as_date(body.get("paid_on"), "paid_on")
    if scheme == "voluntary":
        return quote_voluntary(
            rates,
            income=body.get("income"),  # type: ignore[arg-type]  # checked by the rules
            support=str(body.get("support")),
            method=str(body.get("method")),
            months=body.get("months"),
            paid_on=paid_on,
            **facts.voluntary_kwargs(),
        )
    if scheme == "household_health":
        member_ids = body.get("member_ids")
        count = len(member_ids) if isinstance(member_ids, list | tuple) else 0
        months = body.get("months")
        return quote_household(rates, members=count, months=months, paid_on=paid_on)  # type: ignore[arg-type]
    raise RuleError("not_in_choices", "scheme", choices="voluntary, household_health")


def check_enrollment(
    rates: Rates, body: Mapping[str, Any], facts: EnrollmentFacts
) -> VoluntaryQuote | HouseholdQuote:
    """:func:`quote_with_facts`, and ``amount_mismatch`` when the body's ``amount`` differs."""
    quote = quote_with_facts(rates, body, facts)
    amount = body.get("amount")
    if amount != quote.total or isinstance(amount, bool):
        raise RuleError("amount_mismatch", "amount", amount=amount, expected=quote.total)
    return quote


def check_paid_on(
    paid_on: object,
    today: date,
    *,
    days_back: int = PAID_ON_DAYS_BACK,
    days_ahead: int = PAID_ON_DAYS_AHEAD,
) -> date:
    """``paid_on`` as a date when it lies from ``days_back`` days before ``today`` to
    ``days_ahead`` after; ``paid_on_out_of_range`` (field ``paid_on``) otherwise, with a
    message that says the computer's date may be wrong."""
    day = as_date(paid_on, "paid_on")
    earliest, latest = today - timedelta(days=days_back), today + timedelta(days=days_ahead)
    if not earliest <= day <= latest:
        raise RuleError(
            "paid_on_out_of_range", "paid_on", paid_on=day, earliest=earliest, latest=latest
        )
    return day
