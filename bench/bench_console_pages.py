"""Console pages benchmark: the overview page and its JSON twin over real HTTP on a national
campaign month (34 provinces, 3,321 communes, 1,000,000 enrollments with receipts and
1,000,000 visits: ``agent-server seed-demo --scale national``), on SQLite and PostgreSQL.

What it measures: an administrator (every province) signed in with a ``requests`` session asks
``GET /overview`` and ``GET /api/v1/reports/overview`` one after the other; p50 and p99 of the
round trip (server time plus this process's client, on the same two cores: an upper bound of
the server's time), and the report function alone (``reports.overview``, no HTTP or template).
Page weight: the HTML (its three charts are inline SVG) plus the stylesheet and the icon it
loads; the JSON's size too. Also one province page. The server is an in-process
``EmbeddedServer`` (uvicorn in a thread) with today fixed inside the seeded month (20 May
2026), so today, this week and this month all have figures.

Run: ``python bench/bench_console_pages.py`` (``--scale 0.1`` for a tenth; ``--sqlite-only``;
PostgreSQL from ``$TEST_DATABASE_URL``, else the test suite's throwaway cluster). Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync.server.console import accounts, reports  # noqa: E402
from sync.server.console.accounts import add_supervisor  # noqa: E402
from sync.server.console.scope import Scope  # noqa: E402
from sync.server.embedded import EmbeddedServer  # noqa: E402
from sync.server.seed_national import (  # noqa: E402
    NATIONAL_ENROLLMENTS,
    NATIONAL_VISITS,
    seed_national,
)

TODAY = date(2026, 5, 20)
PASSWORD = "mật khẩu đủ dài 2026"


def _sign_in(url: str, username: str) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    page = session.get(url + "/", timeout=60).text
    marker = 'name="csrf" value="'
    start = page.index(marker) + len(marker)
    token = page[start : page.index('"', start)]
    answer = session.post(
        url + "/login",
        data={"csrf": token, "username": username, "password": PASSWORD, "next": "/overview"},
        timeout=60,
        allow_redirects=False,
    )
    answer.raise_for_status()
    return session


def _times(session: requests.Session, url: str, n: int) -> tuple[list[float], int]:
    out = []
    size = 0
    for _ in range(n):
        began = time.perf_counter()
        answer = session.get(url, timeout=120)
        out.append(time.perf_counter() - began)
        answer.raise_for_status()
        size = len(answer.content)
    return out, size


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _line(label: str, values: list[float]) -> str:
    return (
        f"  {label:<34} p50 {1000 * statistics.median(values):7.1f} ms   "
        f"p99 {1000 * _pct(values, 0.99):7.1f} ms   (n={len(values)})"
    )


def run(
    label: str, database_url: str | None, scale: float, n: int, keep: Path | None = None
) -> None:
    """``keep``: a data directory kept between runs (a database seeded by an earlier run is
    used as it is)."""
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedServer(
            keep or Path(tmp) / "server", database_url=database_url, console=True, today=TODAY
        )
        with server:
            began = time.perf_counter()
            try:
                counts = seed_national(
                    server.db,
                    enrollments=int(NATIONAL_ENROLLMENTS * scale),
                    visits=int(NATIONAL_VISITS * scale),
                )
            except ValueError:  # seeded by an earlier run
                print(f"{label}: the database kept from an earlier run is already seeded")
            else:
                print(
                    f"{label}: seeded {counts.provinces} provinces, {counts.communes} communes, "
                    f"{counts.enrollments:,} enrollments ({counts.signups:,} sign-ups), "
                    f"{counts.receipts:,} receipts, {counts.visits:,} visits in "
                    f"{time.perf_counter() - began:.0f} s",
                    flush=True,
                )
            if not any(a["username"] == "bench" for a in accounts.list_supervisors(server.db)):
                add_supervisor(
                    server.db, username="bench", name="Bench", role="admin", password=PASSWORD
                )
            session = _sign_in(server.url, "bench")
            scope = Scope("admin")
            direct = []
            for _ in range(n):
                t = time.perf_counter()
                reports.overview(server.db, scope, TODAY)
                direct.append(time.perf_counter() - t)
            page, html_bytes = _times(session, server.url + "/overview", n)
            api, json_bytes = _times(session, server.url + "/api/v1/reports/overview", n)
            province, province_bytes = _times(session, server.url + "/provinces/01", n)
            css = len(session.get(server.url + "/static/console.css", timeout=30).content)
            icon = len(session.get(server.url + "/static/icon.svg", timeout=30).content)
            print(_line("reports.overview() alone", direct))
            print(_line("GET /overview (HTML page)", page))
            print(_line("GET /api/v1/reports/overview", api))
            print(_line("GET /provinces/01 (126 communes)", province))
            weight = html_bytes + css + icon
            print(
                f"  page weight of /overview: {weight / 1024:.0f} KB = HTML with inline SVG "
                f"{html_bytes / 1024:.0f} KB + CSS {css / 1024:.1f} KB + icon "
                f"{icon / 1024:.1f} KB (uncompressed); JSON {json_bytes / 1024:.0f} KB; "
                f"/provinces/01 HTML {province_bytes / 1024:.0f} KB",
                flush=True,
            )


def _postgres() -> tuple[str | None, Any]:
    from bench_server import _postgres as make  # the same throwaway cluster as bench_server

    try:
        return make()  # type: ignore[no-any-return]
    except Exception as exc:  # no PostgreSQL here: say so, run SQLite
        print(f"PostgreSQL unavailable ({exc}); SQLite only")
        return None, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the national seed")
    parser.add_argument("--requests", type=int, default=30, help="requests per figure")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument(
        "--keep", type=Path, help="SQLite: keep the seeded database in this directory"
    )
    parser.add_argument("--database-url", help="PostgreSQL: this database (kept; seeded once)")
    args = parser.parse_args()
    print(
        f"Console pages, seed scale {args.scale:g} of the national campaign month, "
        f"today {TODAY.isoformat()}; {args.requests} sequential requests per figure"
    )
    if not args.postgres_only:
        run("SQLite", None, args.scale, args.requests, args.keep)
    if not args.sqlite_only and args.database_url:
        run("PostgreSQL", args.database_url, args.scale, args.requests)
    elif not args.sqlite_only:
        url, cluster = _postgres()
        if url is not None:
            try:
                run("PostgreSQL", url, args.scale, args.requests)
            finally:
                if cluster is not None:
                    cluster.stop()


if __name__ == "__main__":
    main()
