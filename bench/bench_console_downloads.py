"""Console downloads benchmark: the D03-TS and D05-TS lists of one province as .xlsx (import
layout), built from the stored records the way ``GET /downloads/list`` builds them
(``sync.server.console.lists.write_list``), on SQLite.

What it measures: a campaign month seeded with ``seed_national`` over two provinces
(``--enrollments``, 20,000 by default, with their receipts, people and households), then the
first province's lists, each written once: rows written and seconds. Why it matters: a
province supervisor downloads a month of sign-ups for BHXH, and the request holds a server
thread while it runs.

Run: ``python bench/bench_console_downloads.py`` (``--enrollments N``). Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync.domain.admin_units import admin_units  # noqa: E402
from sync.server.console import lists  # noqa: E402
from sync.server.console.pages.downloads import place_of  # noqa: E402
from sync.server.console.scope import Scope  # noqa: E402
from sync.server.db import migrate, open_engine  # noqa: E402
from sync.server.seed_national import seed_national  # noqa: E402

MONTH = date(2026, 11, 1)
END = date(2026, 11, 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enrollments", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_engine(folder)
        migrate(db, "2026-12-01T00:00:00Z")
        started = time.perf_counter()
        seed_national(db, enrollments=args.enrollments, visits=1000, month=MONTH, provinces=2)
        print(f"seeded {args.enrollments:,} enrollments in {time.perf_counter() - started:.1f} s")
        place = place_of(Scope("admin"), admin_units().provinces()[0].code, None)
        for form in ("D03-TS", "D05-TS"):
            started = time.perf_counter()
            with db.connect() as conn:
                rates = lists.stored_rates(conn)
                head = lists.header(rates, form, MONTH, END, "bench", "bench", "B1", END)
                tally = lists.write_list(
                    conn,
                    folder / f"{form}.xlsx",
                    form,
                    "import",
                    place.communes,
                    MONTH,
                    END,
                    head,
                    rates,
                )
            took = time.perf_counter() - started
            print(
                f"{form} of {len(place.communes)} communes: {tally.written:,} rows in {took:.2f} s"
                f" ({tally.written / took:,.0f} rows/s)"
            )
        db.dispose()


if __name__ == "__main__":
    main()
