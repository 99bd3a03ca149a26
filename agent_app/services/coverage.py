"""How long each scheme covers a person: an enrollment covers its months from its ``cover_from``
month ("YYYY-MM", the "from month" of the BHXH lists) or, without one, from the day it was paid;
a person's period in a scheme is the run of back-to-back enrollments that ends last."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from agent_app.services._common import add_months, enrollment_months, paid_period

Period = tuple[date, date]


def cover_start(body: Mapping[str, Any]) -> date | None:
    """The first day ``cover_from`` names, or None when it is absent or not a YYYY-MM month."""
    value = body.get("cover_from")
    if not isinstance(value, str):
        return None
    try:
        year, month = value.split("-")[:2]
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def cover_period(body: Mapping[str, Any]) -> Period | None:
    """(first day, last day) one enrollment covers."""
    start = cover_start(body)
    if start is None:
        return paid_period(body)
    return start, add_months(start, enrollment_months(body)) - timedelta(days=1)


def covers(body: Mapping[str, Any], person_id: str) -> bool:
    return body.get("person_id") == person_id or person_id in (body.get("member_ids") or ())


def scheme_period(periods: Iterable[Period]) -> Period | None:
    """The run of periods that touch or overlap and reach the latest end: a renewal paid
    before the old period ran out extends it; one after a gap starts a new period."""
    ordered = sorted(periods)
    if not ordered:
        return None
    runs: list[list[date]] = []
    for start, end in ordered:
        if runs and start <= runs[-1][1] + timedelta(days=1):
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    first, last = max(runs, key=lambda run: run[1])
    return first, last


def person_periods(
    person_id: str, enrollments: Iterable[Mapping[str, Any]]
) -> dict[str, Period | None]:
    """Per scheme (``voluntary``, ``household_health``): the person's covered period, or None
    for a scheme the person is in with no readable dates; schemes the person is not in are
    missing from the answer."""
    found: dict[str, list[Period]] = {}
    for body in enrollments:
        if not covers(body, person_id):
            continue
        scheme = "voluntary" if body.get("scheme") == "voluntary" else "household_health"
        periods = found.setdefault(scheme, [])
        period = cover_period(body)
        if period is not None:
            periods.append(period)
    return {scheme: scheme_period(periods) for scheme, periods in found.items()}
