"""The console's figures as plain data (dicts of ints and strings, ready for JSON and for the
pages): the overview, a province, a commune, the agents and the events, each within a supervisor's
:class:`~sync.server.console.scope.Scope`.

They read only the tallies that ingest keeps current (:mod:`sync.server.tallies`) and small
tables (targets, agents, conflicts), never the records. Sign-ups are people: one per voluntary
enrollment, the members covered by a household health one (as on the laptop). Targets are the
``ref.target`` records per commune (original figure, dated revisions, start and deadline); the
pace against them is the laptop's rule (:mod:`sync.domain.pace`). Percents are integers rounded
half up (366 / 244 = 150).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import Connection, Table, and_, func, select

from sync.domain.admin_units import admin_units
from sync.domain.pace import (
    Revision,
    campaign_dates,
    pace,
    revisions_of,
    round_div,
)
from sync.protocol import REF_TARGET
from sync.server.console.scope import Scope, c_province
from sync.server.db import Database, conflicts, devices, records
from sync.server.db import agents as agents_table
from sync.server.tallies import COUNTS, tally_agents, tally_communes, tally_events

TIERS: Final = (500, 1_000, 2_000, 5_000)  # "provinces above 500, above 1,000 ..."
SCHEMES: Final = ("voluntary", "household_health")
_PREFIX: Final = {"voluntary": "vol", "household_health": "hh"}
_METRIC: Final = {"voluntary": "voluntary_new", "household_health": "household_health_new"}


class NotVisible(LookupError):
    """The province or commune asked for is unknown or outside the supervisor's scope (the
    page answers 404, so a URL reveals nothing)."""


# -- figures ------------------------------------------------------------------------------------


def _empty() -> dict[str, int]:
    return dict.fromkeys(COUNTS, 0)


def _add(into: dict[str, int], values: Mapping[str, int]) -> None:
    for name in COUNTS:
        into[name] += values[name]


def figures(cell: Mapping[str, int]) -> dict[str, Any]:
    """The figures of a sum of tally rows, as every report shows them."""
    return {
        "signups": cell["vol_people"] + cell["hh_people"],
        "enrollments": cell["vol_enrollments"] + cell["hh_enrollments"],
        "amount": cell["vol_amount"] + cell["hh_amount"],
        "receipts": cell["receipts"],
        "receipt_amount": cell["receipt_amount"],
        "voided_receipts": cell["voided_receipts"],
        "visits": cell["visits"],
        "events": cell["events"],
        "attendees": cell["attendees"],
        "leads": cell["leads"],
        "by_scheme": {
            scheme: {
                "signups": cell[f"{p}_people"],
                "enrollments": cell[f"{p}_enrollments"],
                "amount": cell[f"{p}_amount"],
            }
            for scheme, p in _PREFIX.items()
        },
    }


def _signups(cell: Mapping[str, int], scheme: str | None = None) -> int:
    if scheme is None:
        return cell["vol_people"] + cell["hh_people"]
    return cell[f"{_PREFIX[scheme]}_people"]


@dataclass(frozen=True, slots=True)
class Periods:
    today: date
    week: date  # Monday of today's week
    month: date  # the first of today's month

    @classmethod
    def of(cls, today: date) -> Periods:
        return cls(today, today - timedelta(days=today.weekday()), today.replace(day=1))

    def bounds(self) -> dict[str, tuple[str, str]]:
        t = self.today.isoformat()
        return {
            "today": (t, t),
            "week": (self.week.isoformat(), t),
            "month": (self.month.isoformat(), t),
        }


# -- targets ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Plan:
    """The sum of some targets of one metric (or both schemes' sign-ups): their parts'
    originals and revisions, the earliest start and the latest deadline."""

    parts: list[tuple[int, tuple[Revision, ...]]] = field(default_factory=list)
    start: date | None = None
    deadline: date | None = None
    original: int = 0
    # (day, change of the sum on that day): what the revisions add, so ``on`` never walks the
    # parts (a national plan has thousands).
    changes: list[tuple[date, int]] = field(default_factory=list)

    def add(self, original: int, revisions: tuple[Revision, ...], start: date, end: date) -> None:
        self.parts.append((original, revisions))
        self.original += original
        before = original
        for revision in revisions:
            self.changes.append((revision.starts, revision.target - before))
            before = revision.target
        self.start = start if self.start is None else min(self.start, start)
        self.deadline = end if self.deadline is None else max(self.deadline, end)

    def merge(self, other: Plan) -> None:
        if other.start is None or other.deadline is None:
            return
        self.parts.extend(other.parts)
        self.original += other.original
        self.changes.extend(other.changes)
        self.start = other.start if self.start is None else min(self.start, other.start)
        end = other.deadline
        self.deadline = end if self.deadline is None else max(self.deadline, end)

    def on(self, day: date) -> int:
        """The sum of the targets in force on ``day``."""
        return self.original + sum(change for starts, change in self.changes if starts <= day)

    def standing(self, achieved: int, today: date) -> dict[str, Any] | None:
        """The target in force today with the pace of ``achieved`` against it."""
        if not self.parts or self.start is None or self.deadline is None:
            return None
        target = self.on(today)
        p = pace(target, achieved, self.start, self.deadline, today)
        return {
            "original": self.original,
            "target": target,
            "achieved": achieved,
            "expected": p.expected,
            "percent": p.percent,
            "pace_percent": p.pace_percent,
            "status": p.status,
            "still_to_do": p.still_to_do,
            "needed_per_day": p.needed_per_day,
            "days_left": p.days_left,
            "start": self.start.isoformat(),
            "deadline": self.deadline.isoformat(),
            "revisions": [
                {"from": d.isoformat(), "target": self.on(d)}
                for d in sorted({starts for starts, _ in self.changes})
            ],
        }

    def expected_on(self, day: date) -> int:
        """Expected by ``day`` on the target in force that day (as the laptop's line)."""
        assert self.start is not None
        assert self.deadline is not None
        total = max((self.deadline - self.start).days + 1, 1)
        elapsed = min(max((day - self.start).days + 1, 0), total)
        return round_div(self.on(day) * elapsed, total)


@dataclass(slots=True)
class Targets:
    """Plans per group (province, commune or agent code) and scheme, and their sum."""

    by_group: dict[str, dict[str, Plan]] = field(default_factory=dict)

    def plan(self, group: str, scheme: str) -> Plan:
        return self.by_group.setdefault(group, {}).setdefault(scheme, Plan())

    def total(self, groups: Iterable[str] | None = None, scheme: str | None = None) -> Plan:
        out = Plan()
        for group, plans in self.by_group.items():
            if groups is not None and group not in groups:
                continue
            for s, plan in plans.items():
                if scheme is None or s == scheme:
                    out.merge(plan)
        return out


Parsed = list[tuple[str, int, tuple[Revision, ...], date, date]]


def _parse_target(body: Mapping[str, Any], today: date, dates_from: Mapping[str, Any]) -> Parsed:
    """(scheme, original, revisions, start, deadline) of each scheme a target body sets."""
    start, deadline = campaign_dates(dates_from, today)
    out: Parsed = []
    for scheme, metric in _METRIC.items():
        value = body.get(metric)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            out.append((scheme, value, revisions_of(body, metric), start, deadline))
    return out


def _add_parsed(targets: Targets, group: str, parsed: Parsed) -> None:
    for scheme, original, revisions, start, deadline in parsed:
        targets.plan(group, scheme).add(original, revisions, start, deadline)


def _add_target(
    targets: Targets,
    group: str,
    body: Mapping[str, Any],
    today: date,
    dates_from: Mapping[str, Any],
) -> None:
    _add_parsed(targets, group, _parse_target(body, today, dates_from))


@dataclass(frozen=True, slots=True)
class _Target:
    commune: str
    province: str
    body: Mapping[str, Any]
    parsed: Parsed


# Parsed target bodies per database, kept while the targets' newest sequence number and count
# stay the same (one index look-up per report instead of decoding 3,321 bodies).
_TARGETS_CACHE: dict[tuple[str, int], tuple[tuple[int, int], list[_Target]]] = {}


def _all_targets(conn: Connection, today: date) -> list[_Target]:
    key = (str(conn.engine.url), today.year)
    stamp_row = conn.execute(
        select(func.max(records.c.seq), func.count()).where(records.c.kind == REF_TARGET)
    ).one()
    stamp = (int(stamp_row[0] or 0), int(stamp_row[1]))
    hit = _TARGETS_CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    q = select(records.c.commune_code, records.c.body).where(
        records.c.kind == REF_TARGET, records.c.deleted.is_(False)
    )
    found = [
        _Target(commune, c_province(commune) or "", body, _parse_target(body, today, body))
        for commune, body in conn.execute(q)
        if commune
    ]
    _TARGETS_CACHE[key] = (stamp, found)
    return found


def _target_rows(
    conn: Connection, scope: Scope, communes: Sequence[str] | None, today: date
) -> list[_Target]:
    """The live ``ref.target`` records of the scope's communes (or of ``communes``)."""
    wanted = set(communes) if communes is not None else None
    return [
        t
        for t in _all_targets(conn, today)
        if (wanted is None or t.commune in wanted) and scope.sees_commune(t.commune, t.province)
    ]


def _scope_communes(scope: Scope) -> set[str] | None:
    """Every commune a scope covers (None: every one)."""
    if scope.everything:
        return None
    out = set(scope.communes or ())
    for province in scope.provinces or ():
        out.update(u.code for u in admin_units().communes_of(province))
    return out


# -- the shared report --------------------------------------------------------------------------


def _day_cells(
    conn: Connection, table: Table, group_col: str, condition: Any, lo: str, hi: str
) -> dict[str, dict[str, dict[str, int]]]:
    """{group: {day: summed tally columns}} between two days, one GROUP BY over the tallies."""
    cols = [func.sum(table.c[name]).label(name) for name in COUNTS]
    q = (
        select(table.c[group_col].label("grp"), table.c.day, *cols)
        .where(condition, table.c.day >= lo, table.c.day <= hi)
        .group_by(table.c[group_col], table.c.day)
    )
    out: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for row in conn.execute(q).mappings():
        out[str(row["grp"])][row["day"]] = {name: int(row[name] or 0) for name in COUNTS}
    return out


def _sum_between(days: Mapping[str, Mapping[str, int]], lo: str, hi: str) -> dict[str, int]:
    cell = _empty()
    for day, values in days.items():
        if lo <= day <= hi:
            _add(cell, values)
    return cell


def _report(
    cells: Mapping[str, Mapping[str, Mapping[str, int]]],
    targets: Targets,
    groups: Mapping[str, str],  # code -> name: every row to show (with or without activity)
    periods: Periods,
    tiers: Sequence[int],
) -> dict[str, Any]:
    today = periods.today
    plan = targets.total(groups)
    start = min(plan.start or periods.month, periods.week, periods.month)
    deadline = plan.deadline or today
    bounds = periods.bounds()
    bounds["campaign"] = (start.isoformat(), today.isoformat())
    # Every day's sum over the groups shown.
    per_day: dict[str, dict[str, int]] = defaultdict(_empty)
    for code, days in cells.items():
        if code in groups:
            for day, values in days.items():
                _add(per_day[day], values)
    totals = {name: figures(_sum_between(per_day, lo, hi)) for name, (lo, hi) in bounds.items()}
    campaign = _sum_between(per_day, *bounds["campaign"])
    rows = []
    for code, name in groups.items():
        days = cells.get(code, {})
        sums = {period: _sum_between(days, lo, hi) for period, (lo, hi) in bounds.items()}
        mine = targets.total([code])
        standing = mine.standing(_signups(sums["campaign"]), today)
        rows.append(
            {
                "code": code,
                "name": name,
                **{period: _signups(cell) for period, cell in sums.items()},
                "amount_month": figures(sums["month"])["amount"],
                "receipts_month": sums["month"]["receipts"],
                "target": standing,
            }
        )
    rows.sort(key=_worst_first)
    series = []
    cumulative = 0
    on = start
    last = max(deadline, today)
    while on <= last:
        key = on.isoformat()
        cell = per_day.get(key)
        past = on <= today
        signups = _signups(cell) if cell is not None else 0
        cumulative += signups if past else 0
        series.append(
            {
                "day": key,
                "signups": signups if past else None,
                "voluntary": (_signups(cell, "voluntary") if cell else 0) if past else None,
                "household_health": (_signups(cell, "household_health") if cell else 0)
                if past
                else None,
                "cumulative": cumulative if past else None,
                "target": plan.on(on) if plan.parts else None,
                "expected": plan.expected_on(on) if plan.parts else None,
            }
        )
        on += timedelta(days=1)
    by_scheme = []
    for scheme in SCHEMES:
        scheme_plan = targets.total(groups, scheme)
        by_scheme.append(
            {
                "scheme": scheme,
                **{name: totals[name]["by_scheme"][scheme] for name in bounds},
                "target": scheme_plan.standing(_signups(campaign, scheme), today),
            }
        )
    return {
        "today": today.isoformat(),
        "periods": {name: {"from": lo, "to": hi} for name, (lo, hi) in bounds.items()},
        "totals": totals,
        "target": plan.standing(_signups(campaign), today),
        "by_scheme": by_scheme,
        "rows": rows,
        "tiers": _tiers(rows, tiers),
        "series": series,
    }


def _worst_first(row: Mapping[str, Any]) -> tuple[Any, ...]:
    target = row["target"]
    if target is None or target["target"] == 0:
        return (1, 0, 0, row["code"])
    return (0, target["pace_percent"], target["percent"], row["code"])


def _tiers(rows: Sequence[Mapping[str, Any]], tiers: Sequence[int]) -> dict[str, Any]:
    """How many rows reached each threshold of sign-ups, today, this week and this month."""
    return {
        "thresholds": list(tiers),
        **{
            period: [
                {"threshold": t, "count": sum(1 for r in rows if r[period] >= t)} for t in tiers
            ]
            for period in ("today", "week", "month", "campaign")
        },
    }


def _province_name(code: str) -> str:
    unit = admin_units().province(code)
    return unit.name if unit is not None else code


def _commune_name(code: str) -> str:
    unit = admin_units().commune(code)
    return unit.name if unit is not None else code


# -- the reports --------------------------------------------------------------------------------


def overview(
    db: Database, scope: Scope, today: date, *, tiers: Sequence[int] = TIERS
) -> dict[str, Any]:
    """The campaign in the scope: totals today, this week, this month and since the campaign
    started; one row per province (worst first against its target); the tier table; the
    day-by-day series with the cumulative figure, the target and the pace line; by scheme."""
    periods = Periods.of(today)
    with db.connect() as conn:
        targets = Targets()
        for t in _target_rows(conn, scope, None, today):
            _add_parsed(targets, t.province, t.parsed)
        lo = _first_day(targets, periods)
        condition = _scope_condition(scope, tally_communes)
        cells = _day_cells(conn, tally_communes, "province_code", condition, lo, today.isoformat())
    codes = set(cells) | set(targets.by_group)
    groups = {
        code: _province_name(code) for code in sorted(codes) if code and scope.sees_province(code)
    }
    out = _report(cells, targets, groups, periods, tiers)
    return {"level": "national", "code": None, "name": None, "row_level": "province", **out}


def province(db: Database, scope: Scope, code: str, today: date) -> dict[str, Any]:
    """One province: the overview's shape with a row per commune (those of the scope)."""
    unit = admin_units().province(code)
    if unit is None or not scope.sees_province(code):
        raise NotVisible(code)
    periods = Periods.of(today)
    communes = [c.code for c in admin_units().communes_of(code)]
    visible = [c for c in communes if scope.sees_commune(c, code)]
    with db.connect() as conn:
        targets = Targets()
        for t in _target_rows(conn, scope, visible, today):
            _add_parsed(targets, t.commune, t.parsed)
        lo = _first_day(targets, periods)
        condition = and_(
            tally_communes.c.province_code == code, _scope_condition(scope, tally_communes)
        )
        cells = _day_cells(conn, tally_communes, "commune_code", condition, lo, today.isoformat())
    groups = {c: _commune_name(c) for c in visible}
    out = _report(cells, targets, groups, periods, TIERS)
    return {"level": "province", "code": code, "name": unit.name, "row_level": "commune", **out}


def commune(db: Database, scope: Scope, code: str, today: date) -> dict[str, Any]:
    """One commune: the overview's shape with a row per agent who works there (their own
    targets, when the commune's target names them by agent code)."""
    unit = admin_units().commune(code)
    if unit is None or not scope.sees_commune(code, unit.province_code):
        raise NotVisible(code)
    periods = Periods.of(today)
    with db.connect() as conn:
        found = [(t.commune, t.body) for t in _target_rows(conn, scope, [code], today)]
        staff = _agents_of(conn, [code])
        targets = Targets()
        by_code = {a["code"]: str(a["agent_id"]) for a in staff.values()}
        whole = Targets()
        for _, body in found:
            _add_target(whole, code, body, today, body)
            mine = body.get("agents")
            for agent_code, agent_body in (mine if isinstance(mine, Mapping) else {}).items():
                if agent_code in by_code and isinstance(agent_body, Mapping):
                    _add_target(
                        targets, by_code[agent_code], agent_body, today, {**body, **agent_body}
                    )
        lo = _first_day(whole, periods)
        condition = tally_agents.c.commune_code == code
        cells = _day_cells(conn, tally_agents, "agent_id", condition, lo, today.isoformat())
    ids = set(cells) | {str(a) for a in staff}
    groups = {}
    for agent_id in sorted(ids, key=lambda a: int(a)):
        info = staff.get(int(agent_id))
        groups[agent_id] = info["name"] if info else ("—" if agent_id == "0" else agent_id)
    out = _report(cells, targets, groups, periods, TIERS)
    # The commune's own target, not the sum of its agents'.
    campaign = _sum_between(_merged(cells.values()), *out["periods"]["campaign"].values())
    out["target"] = whole.total().standing(_signups(campaign), today)
    for entry in out["by_scheme"]:
        scheme = entry["scheme"]
        entry["target"] = whole.total(None, scheme).standing(_signups(campaign, scheme), today)
    plan = whole.total()
    for point in out["series"]:
        day = date.fromisoformat(point["day"])
        point["target"] = plan.on(day) if plan.parts else None
        point["expected"] = plan.expected_on(day) if plan.parts else None
    for row in out["rows"]:
        info = staff.get(int(row["code"]))
        row["agent_code"] = info["code"] if info else None
    return {
        "level": "commune",
        "code": code,
        "name": unit.name,
        "province_code": unit.province_code,
        "province_name": _province_name(unit.province_code),
        "row_level": "agent",
        **out,
    }


def _merged(groups: Iterable[Mapping[str, Mapping[str, int]]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(_empty)
    for days in groups:
        for day, values in days.items():
            _add(out[day], values)
    return out


def _first_day(targets: Targets, periods: Periods) -> str:
    plan = targets.total()
    first = min(plan.start or periods.month, periods.week, periods.month)
    return first.isoformat()


def _scope_condition(scope: Scope, table: Table) -> Any:
    return scope.where(table.c.commune_code, table.c.province_code)


def _agents_of(conn: Connection, communes: Sequence[str] | None) -> dict[int, dict[str, Any]]:
    """Agents (id -> username, name, code, communes) working in any of ``communes`` (None:
    every agent)."""
    out = {}
    wanted = set(communes) if communes is not None else None
    q = select(
        agents_table.c.id, agents_table.c.username, agents_table.c.name, agents_table.c.code,
        agents_table.c.communes,
    )  # fmt: skip
    for row in conn.execute(q):
        mine = [str(c) for c in row.communes or ()]
        if wanted is None or wanted & set(mine):
            out[int(row.id)] = {
                "agent_id": int(row.id),
                "username": row.username,
                "name": row.name,
                "code": row.code,
                "communes": mine,
            }
    return out


def agents(
    db: Database, scope: Scope, today: date, *, offset: int = 0, limit: int | None = None
) -> dict[str, Any]:
    """Per agent working in the scope's communes, by username (``offset``/``limit`` for a page;
    ``total`` counts them all): sign-ups, money collected and receipts voided per day this month
    and in total today, this week and this month; active devices; conflicts awaiting review."""
    periods = Periods.of(today)
    bounds = periods.bounds()
    with db.connect() as conn:
        staff = _agents_of(conn, None)
        visible = []
        for agent_id, info in sorted(staff.items(), key=lambda kv: kv[1]["username"]):
            communes = [c for c in info["communes"] if scope.sees_commune(c, c_province(c))]
            if communes:
                visible.append((agent_id, {**info, "communes": communes}))
        page = visible[offset : None if limit is None else offset + limit]
        condition = _scope_condition(scope, tally_agents)
        if limit is not None:
            condition = and_(condition, tally_agents.c.agent_id.in_([a for a, _ in page]))
        cells = _day_cells(
            conn, tally_agents, "agent_id", condition, bounds["month"][0], today.isoformat()
        )
        device_rows = conn.execute(
            select(devices.c.agent_id, func.count(), func.max(devices.c.created_at))
            .where(devices.c.revoked_at.is_(None))
            .group_by(devices.c.agent_id)
        ).all()
        open_conflicts: dict[int, int] = dict(
            conn.execute(
                select(conflicts.c.agent_id, func.count())
                .where(conflicts.c.resolved_at.is_(None))
                .group_by(conflicts.c.agent_id)
            ).all()
        )
    active = {int(a): (int(n), last) for a, n, last in device_rows}
    rows = []
    for agent_id, info in page:
        days = cells.get(str(agent_id), {})
        per_day = []
        for day in sorted(days):
            f = figures(days[day])
            per_day.append(
                {
                    "day": day,
                    "signups": f["signups"],
                    "enrollments": f["enrollments"],
                    "amount": f["amount"],
                    "receipts": f["receipts"],
                    "receipt_amount": f["receipt_amount"],
                    "voided_receipts": f["voided_receipts"],
                    "visits": f["visits"],
                }
            )
        rows.append(
            {
                **info,
                "devices": active.get(agent_id, (0, None))[0],
                "last_device_at": active.get(agent_id, (0, None))[1],
                "open_conflicts": int(open_conflicts.get(agent_id, 0)),
                **{
                    period: figures(_sum_between(days, lo, hi))
                    for period, (lo, hi) in bounds.items()
                },
                "days": per_day,
            }
        )
    return {
        "today": today.isoformat(),
        "periods": {name: {"from": lo, "to": hi} for name, (lo, hi) in bounds.items()},
        "total": len(visible),
        "offset": offset,
        "agents": rows,
    }


def events(db: Database, scope: Scope) -> dict[str, Any]:
    """Per outreach event of the scope (newest first): attendees, leads, the visits logged at it
    and the sign-ups that name it; and the totals per event type."""
    te = tally_events
    with db.connect() as conn:
        rows = conn.execute(select(te).where(_scope_condition(scope, te))).mappings().all()
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = found.setdefault(
            row["event_id"],
            {
                "event_id": row["event_id"],
                "commune_code": None,
                "type": None,
                "held_on": None,
                "held": 0,
                "attendees": 0,
                "leads": 0,
                "visits": 0,
                "enrollments": 0,
                "signups": 0,
            },
        )
        if row["held"]:
            entry["commune_code"] = row["commune_code"]
        if row["type"] is not None:
            entry["type"], entry["held_on"] = row["type"], row["held_on"]
        for name in ("held", "attendees", "leads", "visits", "enrollments"):
            entry[name] += int(row[name])
        entry["signups"] += int(row["people"])
    out = []
    for entry in found.values():
        if entry["held"] <= 0:  # deleted, or named by visits but not (yet) on the server
            continue
        del entry["held"]
        commune_code = entry["commune_code"]
        entry["commune_name"] = _commune_name(commune_code)
        entry["province_code"] = c_province(commune_code)
        out.append(entry)
    out.sort(key=lambda e: (e["held_on"] or "", e["event_id"]), reverse=True)
    by_type: dict[str, dict[str, Any]] = {}
    for entry in out:
        kind = entry["type"] or ""
        total = by_type.setdefault(
            kind,
            {"type": kind, "events": 0, "attendees": 0, "leads": 0, "visits": 0,
             "enrollments": 0, "signups": 0},
        )  # fmt: skip
        total["events"] += 1
        for name in ("attendees", "leads", "visits", "enrollments", "signups"):
            total[name] += entry[name]
    return {"events": out, "by_type": [by_type[k] for k in sorted(by_type)]}
