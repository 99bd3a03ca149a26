"""Targets with pace: what the server set per commune and per agent (the original figure and its
revisions during the year), what the sign-ups on this laptop achieved, and the pace needed to
meet each target by its deadline. Qt-free; the counting is SQL in
:class:`agent_app.storage.campaign.CampaignReads`, grouped by commune, scheme and day, so the
screen opens over a month of 100,000 households' activity without reading a record.

The pace rule itself (expected by today, needed per day, percent, status) and the reading of a
target body live in :mod:`sync.domain.pace`, shared with the server's console.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from agent_app.services._common import integer
from agent_app.storage.campaign import CampaignReads
from sync.domain.admin_units import admin_units
from sync.domain.pace import (
    AMBER_FROM,
    METRIC_SCHEME,
    METRICS,
    Pace,
    Revision,
    Status,
    current_target,
    pace,
    percent_of,
    status_of,
)
from sync.domain.pace import campaign_dates as _campaign_dates
from sync.domain.pace import revisions_of as _revisions
from sync.domain.pace import round_div as _round_div
from sync.domain.pace import target_on as _target_on


@dataclass(frozen=True, slots=True)
class ProgressRow:
    """One target: a commune's, the agent's, or the total of a scheme over every commune."""

    id: str
    level: Literal["commune", "agent", "scheme"]
    code: str  # commune code, agent code, or the metric for a scheme total
    name: str  # commune name, agent name ("" for a scheme total)
    metric: str
    original: int  # as first set
    target: int  # in force today (after the revisions that started)
    revisions: tuple[Revision, ...]
    start: date
    deadline: date
    achieved: int
    pace: Pace
    daily: Mapping[date, int] = field(default_factory=dict)  # sign-ups (or events) per day

    def target_on(self, day: date) -> int:
        return _target_on(self.original, self.revisions, day)

    def cumulative(self, until: date) -> list[tuple[date, int]]:
        """(day, sign-ups so far) from the start to ``until`` (at most the deadline)."""
        out, total = [], 0
        day, last = self.start, min(until, self.deadline)
        while day <= last:
            total += self.daily.get(day, 0)
            out.append((day, total))
            day += timedelta(days=1)
        return out

    def expected_line(self) -> list[tuple[date, int]]:
        """(day, expected by that day) from the start to the deadline, on the target in force
        that day."""
        total = (self.deadline - self.start).days + 1
        out = []
        for i in range(total):
            day = self.start + timedelta(days=i)
            out.append((day, _round_div(self.target_on(day) * (i + 1), total)))
        return out


@dataclass(frozen=True, slots=True)
class ProgressReport:
    on: date
    agent_code: str
    rows: tuple[ProgressRow, ...]

    def of_level(self, level: str) -> list[ProgressRow]:
        return [r for r in self.rows if r.level == level]


@dataclass
class _Plan:
    level: Literal["commune", "agent", "scheme"]
    code: str
    name: str
    metric: str
    start: date
    deadline: date
    # (commune, original, revisions) of each target the plan adds up (one for a commune's)
    parts: list[tuple[str, int, tuple[Revision, ...]]]

    @property
    def communes(self) -> list[str]:
        return [c for c, _, _ in self.parts]

    @property
    def original(self) -> int:
        return sum(o for _, o, _ in self.parts)

    def revisions(self) -> tuple[Revision, ...]:
        """The sum's revisions: at each day one of the parts changes, the new sum."""
        if len(self.parts) == 1:
            return self.parts[0][2]
        days = sorted({r.starts for _, _, revs in self.parts for r in revs})
        return tuple(
            Revision(d, sum(_target_on(o, revs, d) for _, o, revs in self.parts)) for d in days
        )


def _plans(
    targets: Sequence[tuple[str, dict[str, Any]]], agent_code: str, agent_name: str, today: date
) -> list[_Plan]:
    units = admin_units()
    plans: list[_Plan] = []
    agent: dict[str, _Plan] = {}
    for _rid, body in targets:
        commune = str(body.get("commune_code", ""))
        unit = units.commune(commune)
        name = unit.name if unit is not None else commune
        start, deadline = _campaign_dates(body, today)
        for metric in METRICS:
            plan = integer(body, metric)
            if plan is not None and plan >= 0:
                part = (commune, plan, _revisions(body, metric))
                plans.append(_Plan("commune", commune, name, metric, start, deadline, [part]))
        agents = body.get("agents")
        mine = agents.get(agent_code) if isinstance(agents, Mapping) else None
        if not isinstance(mine, Mapping):
            continue
        a_start, a_deadline = _campaign_dates({**body, **mine}, today)
        for metric in METRICS:
            plan = integer(mine, metric)
            if plan is None or plan < 0:
                continue
            part = (commune, plan, _revisions(mine, metric))
            found = agent.get(metric)
            if found is None:
                agent[metric] = _Plan(
                    "agent", agent_code, agent_name, metric, a_start, a_deadline, [part]
                )
            else:  # the agent's targets in several communes add up
                found.parts.append(part)
                found.start = min(found.start, a_start)
                found.deadline = max(found.deadline, a_deadline)
    plans.extend(agent[m] for m in METRICS if m in agent)
    # A scheme's total over every commune with a target.
    for metric in ("voluntary_new", "household_health_new"):
        mine_plans = [p for p in plans if p.level == "commune" and p.metric == metric]
        if mine_plans:
            plans.append(
                _Plan(
                    "scheme", metric, "", metric,
                    min(p.start for p in mine_plans), max(p.deadline for p in mine_plans),
                    [part for p in mine_plans for part in p.parts],
                )
            )  # fmt: skip
    return plans


def progress(ws: Any, on: date | None = None) -> ProgressReport:
    """Every target of this laptop's communes and agent with its pace on ``on`` (today)."""
    today = on or ws.current_day()
    reads = CampaignReads(ws.store)
    profile = ws.store.profile
    plans = _plans(reads.targets(), profile.agent_code, profile.agent_name, today)
    if not plans:
        return ProgressReport(today, profile.agent_code, ())
    first = min(p.start for p in plans).isoformat()
    last = min(max(p.deadline for p in plans), today).isoformat()
    # people[(commune, scheme)][day]
    people: dict[tuple[str, str], dict[date, int]] = {}
    for count in reads.signups(first, last):
        day = date.fromisoformat(count.day)
        per_day = people.setdefault((count.commune_code, count.scheme), {})
        per_day[day] = per_day.get(day, 0) + count.people
    for commune, day_text, n in reads.events_held(first, last):
        day = date.fromisoformat(day_text)
        per_day = people.setdefault((commune, "events"), {})
        per_day[day] = per_day.get(day, 0) + n
    rows = []
    for plan in plans:
        key = METRIC_SCHEME.get(plan.metric, "events")
        daily: dict[date, int] = {}
        for commune in plan.communes:
            for day, n in people.get((commune, key), {}).items():
                if plan.start <= day <= plan.deadline:
                    daily[day] = daily.get(day, 0) + n
        revisions = plan.revisions()
        target = _target_on(plan.original, revisions, today)
        achieved = sum(daily.values())
        rows.append(
            ProgressRow(
                id=f"{plan.level}:{plan.code}:{plan.metric}",
                level=plan.level,
                code=plan.code,
                name=plan.name,
                metric=plan.metric,
                original=plan.original,
                target=target,
                revisions=revisions,
                start=plan.start,
                deadline=plan.deadline,
                achieved=achieved,
                pace=pace(target, achieved, plan.start, plan.deadline, today),
                daily=daily,
            )
        )
    order = {"agent": 0, "scheme": 1, "commune": 2}
    rows.sort(key=lambda r: (order[r.level], r.name, METRICS.index(r.metric)))
    return ProgressReport(today, profile.agent_code, tuple(rows))


def format_count(value: int) -> str:
    """Vietnamese grouping: 12345 -> "12.345"."""
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", ".")


__all__ = [
    "AMBER_FROM",
    "METRICS",
    "METRIC_SCHEME",
    "Pace",
    "ProgressReport",
    "ProgressRow",
    "Revision",
    "Status",
    "current_target",
    "format_count",
    "pace",
    "percent_of",
    "progress",
    "status_of",
]
