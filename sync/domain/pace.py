"""The pace rule of a campaign target, one function for the laptop's progress screen and the
server's console: how many sign-ups a target expects by today, how many are still needed per
day to meet it by its deadline, the percent achieved (366 / 244 = 150 %) and a traffic-light
status; and the reading of a ``ref.target`` body (its original figure, its dated revisions, its
campaign start and deadline).

Pace, worked by hand (``pace(244, 100, start, deadline, today)`` with 30 days, today the 15th):

* elapsed days = 15 (today counts), total days = 30;
* expected by today = 244 × 15 / 30 = 122 (rounded half up);
* days left = 30 − 15 + 1 = 16 (today still counts: its sign-ups are not over), still to do
  = 244 − 100 = 144, needed per day from now = ⌈144 / 16⌉ = 9;
* achievement = 100 / 244 = 41 % of the target; pace = 100 / 122 = 82 % of expected: amber.

Status: green at or ahead of pace (achieved ≥ expected by today), amber from 80 % of the
expected figure, red below 80 %.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

METRICS: Final = ("voluntary_new", "household_health_new", "events")
# The scheme whose sign-ups count towards a metric (events count events held).
METRIC_SCHEME: Final = {"voluntary_new": "voluntary", "household_health_new": "household_health"}
AMBER_FROM: Final = 80  # percent of "expected by today" from which a target is amber, not red
Status = Literal["green", "amber", "red"]


@dataclass(frozen=True, slots=True)
class Pace:
    total_days: int
    elapsed_days: int  # today included; 0 before the start, total_days after the deadline
    days_left: int  # today included; 0 once the deadline has passed
    expected: int  # expected by today: target × elapsed / total
    still_to_do: int
    needed_per_day: int | None  # None once the deadline has passed
    percent: int  # achieved / target, rounded (366 / 244 -> 150)
    pace_percent: int  # achieved / expected by today
    status: Status


@dataclass(frozen=True, slots=True)
class Revision:
    starts: date
    target: int
    note: str | None = None


def round_div(num: int, den: int) -> int:
    """num / den rounded half up, for non-negative integers."""
    return (2 * num + den) // (2 * den)


def percent_of(achieved: int, target: int) -> int:
    """366 of 244 -> 150; 0 when there is no target."""
    return round_div(100 * achieved, target) if target > 0 else 0


def status_of(achieved: int, expected: int) -> Status:
    if achieved >= expected:
        return "green"
    if 100 * achieved >= AMBER_FROM * expected:
        return "amber"
    return "red"


def pace(target: int, achieved: int, start: date, deadline: date, today: date) -> Pace:
    """How ``achieved`` stands against ``target`` to be met by ``deadline`` (both ends of the
    campaign count as days)."""
    total = max((deadline - start).days + 1, 1)
    elapsed = min(max((today - start).days + 1, 0), total)
    days_left = max((deadline - today).days + 1, 0) if today >= start else total
    days_left = min(days_left, total)
    expected = round_div(target * elapsed, total)
    still = max(target - achieved, 0)
    needed = -(-still // days_left) if days_left > 0 else None
    return Pace(
        total_days=total,
        elapsed_days=elapsed,
        days_left=days_left,
        expected=expected,
        still_to_do=still,
        needed_per_day=needed,
        percent=percent_of(achieved, target),
        pace_percent=percent_of(achieved, expected) if expected else 100,
        status=status_of(achieved, expected),
    )


def expected_on(target: int, start: date, deadline: date, day: date) -> int:
    """The figure a target expects by the end of ``day`` (the straight line from 0 at the start
    to the target at the deadline)."""
    total = max((deadline - start).days + 1, 1)
    elapsed = min(max((day - start).days + 1, 0), total)
    return round_div(target * elapsed, total)


def as_day(value: object) -> date | None:
    """A date from a body value (date or ISO text), or None when it is not one."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _integer(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def campaign_dates(body: Mapping[str, Any], today: date) -> tuple[date, date]:
    """The campaign's start and deadline in a target body (its year's bounds by default)."""
    year_text = str(body.get("campaign") or "")
    year = int(year_text) if year_text.isdigit() else today.year
    start = as_day(body.get("start")) or date(year, 1, 1)
    deadline = as_day(body.get("deadline")) or date(year, 12, 31)
    if deadline < start:
        deadline = start
    return start, deadline


def revisions_of(body: Mapping[str, Any], metric: str) -> tuple[Revision, ...]:
    """The dated revisions of ``metric`` in a target body, in order of their start."""
    found = []
    raw = body.get("revisions")
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, Mapping):
            continue
        starts, value = as_day(item.get("from")), _integer(item, metric)
        if starts is not None and value is not None and value >= 0:
            note = item.get("note")
            found.append(Revision(starts, value, note if isinstance(note, str) else None))
    found.sort(key=lambda r: r.starts)
    return tuple(found)


def target_on(original: int, revisions: Sequence[Revision], day: date) -> int:
    """The figure in force on ``day``: the original one until a revision starts."""
    value = original
    for revision in revisions:
        if revision.starts <= day:
            value = revision.target
    return value


def current_target(body: Mapping[str, Any], metric: str, day: date) -> int | None:
    """The target of ``metric`` in a ``ref.target`` body in force on ``day`` (the original
    one until a revision starts); None when the body sets none."""
    plan = _integer(body, metric)
    if plan is None:
        return None
    return target_on(plan, revisions_of(body, metric), day)


def summed_revisions(
    parts: Sequence[tuple[int, Sequence[Revision]]],
) -> tuple[Revision, ...]:
    """The revisions of a sum of targets (original, revisions): at each day one of the parts
    changes, the new sum."""
    if len(parts) == 1:
        return tuple(parts[0][1])
    days = sorted({r.starts for _, revs in parts for r in revs})
    return tuple(Revision(d, sum(target_on(o, revs, d) for o, revs in parts)) for d in days)
