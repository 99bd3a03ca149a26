"""The supervisors' console on a national campaign month: seed time, database size, and the server
time of the report functions the pages and the JSON API call (sync.server.console.reports).

Seeds 34 provinces, 3,321 communes, an agent per commune, 1,000,000 enrollments with their
receipts and 1,000,000 visits over May (``agent-server seed-demo --scale national``), then times
``overview()`` (an administrator's and a province supervisor's), ``province()``, ``commune()``,
``agents()`` and ``events()`` over repeated calls: p50 and p99. Targets: overview under 300 ms on
PostgreSQL and under 1 s on SQLite (page rendering comes on top).

Run: ``python bench/bench_console.py [--scale 0.1] [--repeat 30] [--only sqlite|postgresql]``
(PostgreSQL from ``$TEST_DATABASE_URL``, else a throwaway cluster from the Debian binaries).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_server import _postgres  # noqa: E402

from sync.server.admin import open_database  # noqa: E402
from sync.server.console import reports  # noqa: E402
from sync.server.console.scope import ADMIN, PROVINCE, Scope  # noqa: E402
from sync.server.db import Database  # noqa: E402
from sync.server.seed_national import (  # noqa: E402
    NATIONAL_ENROLLMENTS,
    NATIONAL_VISITS,
    seed_national,
)

TODAY = date(2026, 5, 31)  # the campaign month's last day


def _size(db: Database, data_dir: Path) -> int:
    if db.is_sqlite:
        return sum(p.stat().st_size for p in data_dir.glob("server.db*"))
    with db.connect() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, int]:
    """p50 and p99 in ms over ``repeat`` calls (after one warm-up), and the JSON size."""
    out = fn()
    weight = len(json.dumps(out, ensure_ascii=False).encode())
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return statistics.median(times), p99, weight


def run(label: str, data_dir: Path, url: str | None, scale: float, repeat: int) -> None:
    db = open_database(data_dir, url)
    try:
        began = time.perf_counter()
        counts = seed_national(
            db,
            enrollments=int(NATIONAL_ENROLLMENTS * scale),
            visits=int(NATIONAL_VISITS * scale),
        )
        seeded = time.perf_counter() - began
        size = _size(db, data_dir) / 2**20
        print(
            f"{label}: seeded {counts.enrollments:,} enrollments ({counts.signups:,} sign-ups), "
            f"{counts.receipts:,} receipts, {counts.visits:,} visits, {counts.households:,} "
            f"households, {counts.persons:,} persons over {counts.communes:,} communes in "
            f"{seeded:.0f} s; database {size:,.0f} MiB",
            flush=True,
        )
        admin = Scope(ADMIN)
        busiest = reports.overview(db, admin, TODAY)["rows"][-1]["code"]
        supervisor = Scope(PROVINCE, provinces=frozenset({busiest}))
        commune = reports.province(db, admin, busiest, TODAY)["rows"][0]["code"]
        few = max(3, repeat // 5)
        calls: list[tuple[str, Callable[[], Any], int]] = [
            ("overview (administrator)", lambda: reports.overview(db, admin, TODAY), repeat),
            ("overview (province supervisor)",
             lambda: reports.overview(db, supervisor, TODAY), repeat),
            (f"province({busiest})", lambda: reports.province(db, admin, busiest, TODAY), repeat),
            (f"commune({commune})", lambda: reports.commune(db, admin, commune, TODAY), repeat),
            ("agents, a page of 50 (administrator)",
             lambda: reports.agents(db, admin, TODAY, offset=100, limit=50), repeat),
            ("agents, all 3,321 (administrator)", lambda: reports.agents(db, admin, TODAY), few),
            ("events (administrator)", lambda: reports.events(db, admin), few),
        ]  # fmt: skip
        for name, fn, n in calls:
            p50, p99, weight = _timed(fn, n)
            print(
                f"  {name:<38} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  ({n} calls; "
                f"JSON {weight / 1024:,.0f} KiB)",
                flush=True,
            )
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the national month")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.only != "postgresql":
            run("SQLite", Path(tmp) / "sqlite", None, args.scale, args.repeat)
        if args.only == "sqlite":
            return
        url, cluster = _postgres()
        if url is None:
            print("PostgreSQL not available: skipped")
            return
        try:
            run("PostgreSQL", Path(tmp) / "pg", url, args.scale, args.repeat)
        finally:
            if cluster is not None:
                cluster.stop()


if __name__ == "__main__":
    main()
