"""A national campaign month for the console's figures and benchmarks: every province and commune,
an agent per commune, targets per commune (some revised), households with their members,
enrollments of both schemes with their receipts (a few voided), visits and outreach events.

Rows go in with driver-level bulk inserts, one transaction per province (``agent-server
seed-demo --scale national`` prints its progress); the tallies are then counted from what was
generated with the same rule as ingest (:func:`sync.server.tallies.contribution`).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import select

from sync.domain.admin_units import admin_units
from sync.domain.rates import load_rates
from sync.domain.rules import quote_household, quote_voluntary
from sync.protocol import REF_TARGET, iso_utc, utc_now
from sync.server import bulk, tallies
from sync.server.db import (
    Database,
    agents,
    begin_changes,
    finish_changes,
    lock_seq,
    receipt_numbers,
    record_versions,
    records,
    store_seq,
)
from sync.server.refdata import RefRecord, put_references, ref_id

NATIONAL_ENROLLMENTS: Final = 1_000_000
NATIONAL_VISITS: Final = 1_000_000
CAMPAIGN_MONTH: Final = date(2026, 5, 1)  # May: the yearly campaign month
_CHUNK: Final = 5_000
_NAMES: Final = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em")


@dataclass(frozen=True, slots=True)
class SeedCounts:
    provinces: int
    communes: int
    agents: int
    households: int
    persons: int
    enrollments: int
    signups: int
    receipts: int
    visits: int
    events: int


def _month_days(first: date) -> list[date]:
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return [first + timedelta(days=i) for i in range((nxt - first).days)]


def _spread(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """``total`` split in proportion to ``weights`` (integers summing to ``total``)."""
    whole = sum(weights)
    out = [int(total * w / whole) for w in weights]
    for i in rng.sample(range(len(weights)), k=min(len(weights), total - sum(out))):
        out[i] += 1
    return out


def seed_national(
    db: Database,
    *,
    enrollments: int = NATIONAL_ENROLLMENTS,
    visits: int = NATIONAL_VISITS,
    month: date = CAMPAIGN_MONTH,
    provinces: int | None = None,
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
) -> SeedCounts:
    """Seed a campaign month over every commune of the first ``provinces`` provinces (all 34
    by default). Refuses a database that already holds it (``ValueError``)."""
    say = progress or (lambda _msg: None)
    units = admin_units()
    chosen = units.provinces()[: provinces or None]
    communes = [c for p in chosen for c in units.communes_of(p.code)]
    rng = random.Random(seed)
    days = _month_days(month)
    # Launch day draws crowds; weekends are quieter.
    day_weights = [
        3.0 if i == 0 else (0.7 if d.weekday() >= 5 else 1.0) for i, d in enumerate(days)
    ]
    province_weight = {p.code: rng.lognormvariate(0, 0.7) for p in chosen}
    weights = [province_weight[c.province_code] * rng.lognormvariate(0, 0.5) for c in communes]
    enrolments_of = _spread(enrollments, weights, rng)
    visits_of = _spread(visits, weights, rng)
    rates = load_rates()
    hh_amount = {d: quote_household(rates, members=2, months=12, paid_on=d).total for d in days}
    vol_amount = {
        d: quote_voluntary(
            rates, income=1_500_000, support="other", method="monthly", paid_on=d
        ).total
        for d in days
    }
    now = iso_utc(utc_now())
    with db.begin() as conn:
        taken = conn.execute(
            select(agents.c.id).where(agents.c.username == f"nat{communes[0].code}")
        ).first()
        if taken is not None:
            raise ValueError("this database already holds the national seed")
        agent_rows = [
            {
                "username": f"nat{c.code}",
                "name": f"{_NAMES[i % len(_NAMES)]} ({c.name})",
                "code": f"N{c.code}",
                "communes": [c.code],
                "enrollment_hash": None,
                "created_at": now,
            }
            for i, c in enumerate(communes)
        ]
        for start in range(0, len(agent_rows), _CHUNK):
            conn.execute(agents.insert(), agent_rows[start : start + _CHUNK])
        agent_of = {
            str(row.communes[0]): int(row.id)
            for row in conn.execute(
                select(agents.c.id, agents.c.communes).where(agents.c.username.like("nat%"))
            )
            if row.communes
        }
    say(f"{len(agent_rows)} agents")
    deltas = tallies.Deltas.empty()
    totals = dict.fromkeys(
        ("households", "persons", "enrollments", "signups", "receipts", "visits", "events"), 0
    )
    signups_of: dict[str, int] = {}
    by_province: dict[str, list[int]] = {}
    for i, c in enumerate(communes):
        by_province.setdefault(c.province_code, []).append(i)
    for done, p in enumerate(chosen, start=1):
        out: dict[str, list[dict[str, Any]]] = {
            "records": [],
            "versions": [],
            "numbers": [],
        }
        for i in by_province.get(p.code, []):
            c = communes[i]
            signups_of[c.code] = _commune(
                out, totals, deltas, rng, c.code, agent_of[c.code], f"N{c.code}",
                enrolments_of[i], visits_of[i], days, day_weights, hh_amount, vol_amount, month,
                now,
            )  # fmt: skip
        with db.begin() as conn:
            seq = lock_seq(conn)
            for row in out["records"]:
                seq += 1
                row["seq"] = seq
            encode = bulk.Encoder()
            for name, table in (
                ("records", records),
                ("versions", record_versions),
                ("numbers", receipt_numbers),
            ):
                rows = out[name]
                for start in range(0, len(rows), _CHUNK):
                    bulk.insert_many(conn, table, rows[start : start + _CHUNK], encode)
            store_seq(conn, seq)
        say(f"province {done}/{len(chosen)} {p.code} {p.name}: {len(out['records'])} records")
    with db.begin() as conn:
        seq_alloc = begin_changes(conn)
        present = set(
            conn.execute(select(records.c.commune_code).where(records.c.kind == REF_TARGET))
            .scalars()
            .all()
        )
        refs = [
            RefRecord(REF_TARGET, rid, body, commune_code=body["commune_code"])
            for rid, body in target_bodies(
                [c.code for c in communes if c.code not in present], signups_of, month, rng
            )
        ]
        put_references(conn, refs, seq_alloc, now)
        finish_changes(conn, seq_alloc)
    say(f"{len(refs)} targets")
    with db.begin() as conn:
        tallies.replace(conn, deltas)
    say("tallies counted")
    return SeedCounts(
        provinces=len(chosen),
        communes=len(communes),
        agents=len(agent_rows),
        households=totals["households"],
        persons=totals["persons"],
        enrollments=totals["enrollments"],
        signups=totals["signups"],
        receipts=totals["receipts"],
        visits=totals["visits"],
        events=totals["events"],
    )


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _commune(
    out: dict[str, list[dict[str, Any]]],
    totals: dict[str, int],
    deltas: tallies.Deltas,
    rng: random.Random,
    commune: str,
    agent_id: int,
    code: str,
    n_enrollments: int,
    n_visits: int,
    days: list[date],
    day_weights: list[float],
    hh_amount: dict[date, int],
    vol_amount: dict[date, int],
    month: date,
    now: str,
) -> int:
    """One commune's month: half its enrollments household health (two members each), half
    voluntary (one member of such a household); a receipt each, 1 in 50 voided and reissued."""
    rows = out["records"]

    def put(kind: str, rid: str, body: dict[str, Any], household: str | None, **extra: Any) -> None:
        row = {
            "record_id": rid,
            "kind": kind,
            "version": 1,
            "deleted": False,
            "body": body,
            "commune_code": commune,
            "province_code": commune_province(commune),
            "agent_id": agent_id,
            "receipt_number": None,
            "seq": 0,
            "updated_at": now,
            "household_id": household,
            "live_receipt_of": None,
            **extra,
        }
        rows.append(row)
        if kind in ("household", "person"):
            out["versions"].append(
                {
                    "record_id": rid,
                    "version": 1,
                    "body": body,
                    "deleted": False,
                    "changed": sorted(body),
                    "op_id": None,
                    "agent_id": agent_id,
                    "device_id": None,
                    "created_at": now,
                }
            )
        state = tallies.State(rid, kind, body, False, commune, agent_id, row["live_receipt_of"])
        deltas.add(tallies.contribution(state))
        deltas.meta.update(tallies.event_meta(state))

    body: dict[str, Any]
    n_hh = (n_enrollments + 1) // 2
    n_vol = n_enrollments - n_hh
    households: list[tuple[str, list[str]]] = []
    for h in range(max(n_hh, 1)):
        hid = _uid(rng)
        put(
            "household", hid,
            {"commune_code": commune, "address": f"Tổ {h % 40 + 1}", "head_name": _NAMES[h % 5]},
            hid,
        )  # fmt: skip
        members = []
        for m in range(2):
            pid = _uid(rng)
            person: dict[str, Any] = {
                "household_id": hid,
                "full_name": _NAMES[(h + m + 1) % 5],
                "date_of_birth": f"{1960 + (h + m) % 40}-0{m + 1}-15",
                "sex": "male" if m == 0 else "female",
                "relationship": "head" if m == 0 else "wife",
            }
            put("person", pid, person, hid)
            members.append(pid)
        households.append((hid, members))
    totals["households"] += len(households)
    totals["persons"] += 2 * len(households)
    events = []
    for e in range(2):
        eid = _uid(rng)
        held = days[0] if e == 0 else rng.choice(days)
        put(
            "event", eid,
            {"commune_code": commune, "type": "launch" if e == 0 else "counselling",
             "held_on": held.isoformat(), "attendees": rng.randint(40, 300),
             "leads": rng.randint(5, 60)},
            None,
        )  # fmt: skip
        events.append(eid)
    totals["events"] += len(events)
    numbers = 0

    def receipt(enrollment_id: str, household: str, amount: int, day: date) -> None:
        nonlocal numbers
        numbers += 1
        number = f"{code}-{day.strftime('%Y%m%d')}-{numbers:05d}"
        body: dict[str, Any] = {
            "number": number,
            "enrollment_id": enrollment_id,
            "amount": amount,
            "issued_on": day.isoformat(),
        }
        voided = rng.random() < 0.02
        if voided:
            body.update(voided=True, void_reason="Ghi sai số tiền", voided_on=day.isoformat())
        rid = _uid(rng)
        put(
            "receipt", rid, body, household, receipt_number=number,
            live_receipt_of=None if voided else enrollment_id,
        )  # fmt: skip
        out["numbers"].append(
            {"number": number, "record_id": rid, "agent_id": agent_id, "created_at": now}
        )
        totals["receipts"] += 1
        if voided:
            receipt(enrollment_id, household, amount, day)

    picks = rng.choices(range(len(days)), weights=day_weights, k=n_enrollments)
    for k in range(n_enrollments):
        day = days[picks[k]]
        eid = _uid(rng)
        if k < n_hh:
            hid, members = households[k]
            body = {
                "scheme": "household_health",
                "household_id": hid,
                "member_ids": members,
                "months": 12,
                "paid_on": day.isoformat(),
                "amount": hh_amount[day],
            }
            amount, signups = hh_amount[day], 2
        else:
            hid, members = households[(k - n_hh) % len(households)]
            body = {
                "scheme": "voluntary",
                "person_id": members[0],
                "income": 1_500_000,
                "support": "other",
                "method": "monthly",
                "paid_on": day.isoformat(),
                "amount": vol_amount[day],
            }
            amount, signups = vol_amount[day], 1
        if k % 10 == 0:
            body["event_id"] = events[k % 2]
        put("enrollment", eid, body, hid)
        totals["enrollments"] += 1
        totals["signups"] += signups
        receipt(eid, hid, amount, day)
    visit_days = rng.choices(range(len(days)), weights=day_weights, k=n_visits)
    outcomes = ("enrolled", "interested", "refused", "not_home")
    for v in range(n_visits):
        hid, _members = households[v % len(households)]
        outcome = outcomes[v % 4]
        body = {
            "household_id": hid,
            "visited_on": days[visit_days[v]].isoformat(),
            "outcome": outcome,
        }
        if outcome == "refused":
            body["reason"] = "Chưa có tiền"
        if v % 20 == 0:
            body["event_id"] = events[v % 2]
        put("visit", _uid(rng), body, hid)
    totals["visits"] += n_visits
    return n_hh * 2 + n_vol


def commune_province(commune: str) -> str | None:
    unit = admin_units().commune(commune)
    return unit.province_code if unit is not None else None


def target_bodies(
    communes: list[str], signups: dict[str, int], month: date, rng: random.Random
) -> list[tuple[str, dict[str, Any]]]:
    """Targets of the campaign month per commune, around what each will achieve (some ahead,
    some behind), a tenth of them revised mid-month."""
    days = _month_days(month)
    out = []
    for commune in communes:
        expected = max(signups.get(commune, 0), 10)
        factor = rng.uniform(0.7, 1.4)
        vol = max(int(expected * factor / 3), 1)
        hh = max(int(expected * factor * 2 / 3), 1)
        body: dict[str, Any] = {
            "campaign": str(month.year),
            "start": days[0].isoformat(),
            "deadline": days[-1].isoformat(),
            "voluntary_new": vol,
            "household_health_new": hh,
            "events": 2,
            "revisions": [],
            "commune_code": commune,
        }
        if rng.random() < 0.1:
            body["revisions"] = [
                {
                    "from": days[14].isoformat(),
                    "voluntary_new": int(vol * 1.2),
                    "household_health_new": int(hh * 1.2),
                    "note": "Nâng chỉ tiêu giữa tháng vận động",
                }
            ]
        out.append((ref_id(REF_TARGET, commune), body))
    return out
