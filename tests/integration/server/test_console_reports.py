"""The console's report functions on a seeded campaign month, on SQLite and PostgreSQL: their
figures equal counts made directly in SQL over the records, rows come worst first against their
targets, the tier table counts what it says, and a scope never reaches past its provinces."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from sync.domain.admin_units import admin_units
from sync.domain.pace import percent_of
from sync.protocol import REF_TARGET
from sync.server.admin import open_database
from sync.server.console import reports
from sync.server.console.scope import ADMIN, COMMUNE, PROVINCE, Scope
from sync.server.db import Database, begin_changes, finish_changes
from sync.server.refdata import RefRecord, put_references, ref_id, target_body
from sync.server.seed_national import seed_national

TODAY = date(2026, 5, 31)
EVERYTHING = Scope(ADMIN)


@pytest.fixture
def seeded(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    db = open_database(tmp_path / "server", database_url)
    seed_national(db, enrollments=900, visits=400, provinces=3, seed=5)
    yield db
    db.dispose()


def _json(db: Database, name: str) -> str:
    if not db.is_sqlite:
        return f"(body->>'{name}')"
    return f"CAST(json_extract(body, '$.{name}') AS TEXT)"


def _sql_signups(db: Database, lo: str, hi: str, province: str | None = None) -> dict[str, int]:
    """Sign-ups per scheme counted in SQL over the live enrollments between two days."""
    members = (
        "json_array_length(body->'member_ids')"
        if not db.is_sqlite
        else "json_array_length(body, '$.member_ids')"
    )
    where = f"kind = 'enrollment' AND NOT deleted AND {_json(db, 'paid_on')} BETWEEN :lo AND :hi"
    if province is not None:
        where += " AND province_code = :p"
    sql = (
        f"SELECT {_json(db, 'scheme')}, count(*), "
        f"sum(CASE WHEN {_json(db, 'scheme')} = 'voluntary' THEN 1 ELSE {members} END), "
        f"sum(CAST({_json(db, 'amount')} AS BIGINT)) FROM records WHERE {where} GROUP BY 1"
    )
    with db.connect() as conn:
        rows = conn.execute(text(sql), {"lo": lo, "hi": hi, "p": province}).all()
    out = {"enrollments": 0, "signups": 0, "amount": 0}
    for scheme, n, people, amount in rows:
        out[f"{scheme}_signups"] = int(people)
        out["enrollments"] += int(n)
        out["signups"] += int(people)
        out["amount"] += int(amount)
    return out


def _sql_count(db: Database, where: str, params: dict[str, Any]) -> int:
    with db.connect() as conn:
        return int(
            conn.execute(text(f"SELECT count(*) FROM records WHERE {where}"), params).scalar_one()
        )


def test_overview_figures_equal_sql_counts(seeded: Database) -> None:
    o = reports.overview(seeded, EVERYTHING, TODAY)
    for period, (lo, hi) in {
        "today": ("2026-05-31", "2026-05-31"),
        "week": ("2026-05-25", "2026-05-31"),
        "month": ("2026-05-01", "2026-05-31"),
    }.items():
        assert o["periods"][period] == {"from": lo, "to": hi}
        counted = _sql_signups(seeded, lo, hi)
        got = o["totals"][period]
        assert (got["signups"], got["enrollments"], got["amount"]) == (
            counted["signups"],
            counted["enrollments"],
            counted["amount"],
        ), period
        for scheme in ("voluntary", "household_health"):
            assert got["by_scheme"][scheme]["signups"] == counted.get(f"{scheme}_signups", 0)
    month = o["totals"]["month"]
    live = "kind = 'receipt' AND NOT deleted AND live_receipt_of IS NOT NULL"
    assert month["receipts"] == _sql_count(seeded, live, {})
    assert month["visits"] == _sql_count(seeded, "kind = 'visit' AND NOT deleted", {})
    voided = f"kind = 'receipt' AND {_json(seeded, 'voided')} IN ('1', 'true')"
    assert month["voided_receipts"] == _sql_count(seeded, voided, {}) > 0
    # One row per province seeded, each equal to its own count.
    assert len(o["rows"]) == 3
    for row in o["rows"]:
        assert (
            row["month"] == _sql_signups(seeded, "2026-05-01", "2026-05-31", row["code"])["signups"]
        )
        assert row["name"] == admin_units().province(row["code"]).name  # type: ignore[union-attr]
    # The series adds up to the month, day by day, and its cumulative ends there.
    series = o["series"]
    assert [p["day"] for p in series][:2] == ["2026-05-01", "2026-05-02"]
    assert len(series) == 31
    assert sum(p["signups"] for p in series) == month["signups"] == series[-1]["cumulative"]
    assert series[-1]["expected"] == o["target"]["target"]  # the whole target by the deadline
    assert o["target"]["achieved"] == month["signups"]


def test_rows_worst_first_and_tiers(seeded: Database) -> None:
    o = reports.overview(seeded, EVERYTHING, TODAY, tiers=(1, 100, 1_000_000))
    paces = [r["target"]["pace_percent"] for r in o["rows"]]
    assert paces == sorted(paces)
    tiers = o["tiers"]
    assert tiers["thresholds"] == [1, 100, 1_000_000]
    for period in ("today", "week", "month"):
        counts = [t["count"] for t in tiers[period]]
        assert counts == [sum(1 for r in o["rows"] if r[period] >= t) for t in (1, 100, 1_000_000)]
    assert tiers["month"][0]["count"] == 3
    assert tiers["month"][2]["count"] == 0


def test_percent_of_a_target_is_rounded_as_the_campaign_reports(
    tmp_path: Path, database_url: str | None
) -> None:
    """Sign-ups of 3/2 of the target read 150 %, as 366 / 244 does."""
    db = open_database(tmp_path / "server", database_url)
    try:
        seed_national(db, enrollments=244, visits=0, provinces=1, seed=1)
        province = admin_units().provinces()[0].code
        communes = [c.code for c in admin_units().communes_of(province)]
        o = reports.overview(db, EVERYTHING, TODAY)
        achieved = o["totals"]["month"]["signups"]
        # Spread a target of 2/3 of the sign-ups over the communes: 366 / 244 = 150 % in
        # miniature (each commune's share of both schemes).
        refs = []
        for commune in communes:
            body = target_body(commune)
            body.update(start="2026-05-01", deadline="2026-05-31", revisions=[], voluntary_new=0)
            body["household_health_new"] = 0
            refs.append(
                RefRecord(REF_TARGET, ref_id(REF_TARGET, commune), body, commune_code=commune)
            )
        share = achieved * 2 // 3
        refs[0].body["household_health_new"] = share
        with db.begin() as conn:
            seq = begin_changes(conn)
            put_references(conn, refs, seq, "2026-05-31T00:00:00.000Z")
            finish_changes(conn, seq)
        o = reports.overview(db, EVERYTHING, TODAY)
        target = o["target"]
        assert target["target"] == share
        assert target["percent"] == percent_of(achieved, share)
        assert 149 <= target["percent"] <= 151  # 3/2 of the target, as 366 / 244
        assert percent_of(366, 244) == 150
        assert target["status"] == "green"
        assert target["needed_per_day"] == 0
    finally:
        db.dispose()


def test_a_province_supervisor_sees_only_their_province(seeded: Database) -> None:
    first, second = (p.code for p in admin_units().provinces()[:2])
    scope = Scope(PROVINCE, provinces=frozenset({first}))
    o = reports.overview(seeded, scope, TODAY)
    assert [r["code"] for r in o["rows"]] == [first]
    assert (
        o["totals"]["month"]["signups"]
        == _sql_signups(seeded, "2026-05-01", "2026-05-31", first)["signups"]
    )
    with pytest.raises(reports.NotVisible):
        reports.province(seeded, scope, second, TODAY)
    other_commune = admin_units().communes_of(second)[0].code
    with pytest.raises(reports.NotVisible):
        reports.commune(seeded, scope, other_commune, TODAY)
    with pytest.raises(reports.NotVisible):
        reports.province(seeded, EVERYTHING, "99", TODAY)
    page = reports.province(seeded, scope, first, TODAY)
    assert page["level"] == "province"
    assert {r["code"] for r in page["rows"]} == {c.code for c in admin_units().communes_of(first)}
    assert sum(r["month"] for r in page["rows"]) == o["totals"]["month"]["signups"]
    everyone = reports.agents(seeded, scope, TODAY)
    agents = everyone["agents"]
    assert agents
    assert everyone["total"] == len(agents) == len(admin_units().communes_of(first))
    page = reports.agents(seeded, scope, TODAY, offset=2, limit=3)
    assert page["total"] == everyone["total"]
    assert page["agents"] == agents[2:5]
    month = sum(a["month"]["signups"] for a in agents)
    assert month == o["totals"]["month"]["signups"]
    amount = sum(d["receipt_amount"] for a in agents for d in a["days"])
    assert amount == o["totals"]["month"]["receipt_amount"]
    assert {c for a in agents for c in a["communes"]} <= {
        c.code for c in admin_units().communes_of(first)
    }
    events = reports.events(seeded, scope)["events"]
    assert events
    assert {e["province_code"] for e in events} == {first}


def test_commune_page_and_commune_supervisor(seeded: Database) -> None:
    province = admin_units().provinces()[0].code
    commune = admin_units().communes_of(province)[0].code
    scope = Scope(COMMUNE, communes=frozenset({commune}))
    page = reports.commune(seeded, scope, commune, TODAY)
    assert page["level"] == "commune"
    assert page["row_level"] == "agent"
    assert page["province_code"] == province
    assert len(page["rows"]) == 1  # the seed's one agent of the commune
    assert page["rows"][0]["agent_code"] == f"N{commune}"
    counted = _sql_signups(seeded, "2026-05-01", "2026-05-31")
    assert page["totals"]["month"]["signups"] <= counted["signups"]
    assert page["target"] is not None
    assert page["totals"]["month"]["signups"] == page["rows"][0]["month"]
    # The province page of a commune supervisor holds their commune alone.
    seen = reports.province(seeded, scope, province, TODAY)
    assert [r["code"] for r in seen["rows"]] == [commune]
    overview = reports.overview(seeded, scope, TODAY)
    assert overview["totals"]["month"]["signups"] == page["totals"]["month"]["signups"]


def test_events_report_equals_sql(seeded: Database) -> None:
    out = reports.events(seeded, EVERYTHING)
    assert len(out["events"]) == _sql_count(seeded, "kind = 'event' AND NOT deleted", {})
    with seeded.connect() as conn:
        named = conn.execute(
            text(
                f"SELECT {_json(seeded, 'event_id')}, count(*) FROM records WHERE kind = 'visit' "
                f"AND NOT deleted AND {_json(seeded, 'event_id')} IS NOT NULL GROUP BY 1"
            )
        ).all()
    by_id = {e["event_id"]: e for e in out["events"]}
    assert named
    for event_id, n in named:
        assert by_id[event_id]["visits"] == n
    assert sum(t["events"] for t in out["by_type"]) == len(out["events"])
    days = [e["held_on"] for e in out["events"]]
    assert days == sorted(days, reverse=True)


def test_seed_demo_with_a_scale_seeds_a_campaign_month(
    tmp_path: Path, database_url: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    from sync.server.__main__ import main

    args = ["seed-demo", "--data-dir", str(tmp_path / "srv")]
    if database_url is not None:
        args += ["--database-url", database_url]
    assert main([*args, "--enrollments", "60", "--visits", "30", "--provinces", "1"]) == 0
    out = capsys.readouterr().out
    assert "province 1/1 01" in out
    assert "60 enrollments" in out
    assert "30 visits" in out
    assert main([*args, "--scale", "lots"]) == 2
    assert "--scale" in capsys.readouterr().err
    # Twice is refused, not doubled.
    assert main([*args, "--enrollments", "60", "--provinces", "1"]) == 2
    assert "already holds" in capsys.readouterr().err
    db = open_database(tmp_path / "srv", database_url)
    try:
        assert reports.overview(db, EVERYTHING, TODAY)["totals"]["month"]["enrollments"] == 60
    finally:
        db.dispose()
