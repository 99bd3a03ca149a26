"""Benchmark of the D05-TS list for BHXH: 10,000 participants with a voluntary payment and a
receipt in one month, checked row by row (``Exports.plan``) and written as .xlsx in the import
layout and in the print layout (``Exports.write``, the streaming writer of
``sync.lists.xlsx``; openpyxl, timed against it, took 5-8x as long to write).

    python bench/bench_export.py [--participants N]

Prints figures; asserts nothing. The database lives in a temporary dir.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from agent_app.services import Workspace
from agent_app.storage import create_profile
from agent_app.storage.records import dumps
from sync.demo import DEMO_AGENT, DEMO_PASSPHRASE, demo_households
from sync.domain.enrollment import enrollment_facts, quote_with_facts
from sync.domain.errors import RuleError
from sync.lists.bhxh_lists import D05, IMPORT, PRINT
from sync.protocol import iso_utc, new_id

TODAY = date(2026, 11, 21)
FIRST = date(2026, 11, 1)


def seed(ws: Workspace, participants: int) -> int:
    """Households, then one voluntary payment with its receipt per chosen member, stored as a
    pull would store them (amounts from the rules, as the enroll use case computes them)."""
    rng = random.Random(5)
    households = demo_households(participants // 2 + 500, DEMO_AGENT["communes"], today=TODAY)
    with ws.store.transaction():
        ws.store.records.bulk_import((h.id, h.body, h.members) for h in households)
    moment = iso_utc(ws.now())
    rows = []
    count = 0
    for h in households:
        for person_id, person in h.members:
            if count >= participants:
                break
            if not person.get("cccd") and not person.get("bhxh_code"):
                continue
            paid_on = FIRST + timedelta(days=rng.randrange(0, 21))
            body = {
                "scheme": "voluntary",
                "person_id": person_id,
                "household_id": h.id,
                "income": rng.choice((1_500_000, 2_000_000, 3_000_000)),
                "support": rng.choice(("poor", "near_poor", "ethnic_minority", "other")),
                "method": rng.choice(("monthly", "quarterly", "half_yearly", "yearly")),
                "paid_on": paid_on.isoformat(),
            }
            try:
                quote = quote_with_facts(ws.rates, body, enrollment_facts(person, h.body))
            except RuleError:  # too young, say
                continue
            body["amount"] = quote.total
            body["months"] = quote.months
            enrollment_id = new_id()
            rows.append(
                (enrollment_id, "enrollment", dumps(body), h.id, person_id, None, body["paid_on"],
                 quote.total, moment)
            )  # fmt: skip
            receipt = {
                "number": f"{DEMO_AGENT['code']}-{paid_on:%Y%m%d}-{count:05d}",
                "enrollment_id": enrollment_id,
                "amount": quote.total,
                "issued_on": body["paid_on"],
                "months": quote.months,
            }
            rows.append(
                (new_id(), "receipt", dumps(receipt), h.id, person_id, enrollment_id,
                 body["paid_on"], quote.total, moment)
            )  # fmt: skip
            count += 1
    with ws.store.transaction():
        ws.store.executemany(
            "INSERT INTO record (id, kind, body, version, household_id, person_id, parent_id, "
            "day, amount, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = create_profile(
            Path(tmp),
            agent_name=DEMO_AGENT["name"],
            agent_code=DEMO_AGENT["code"],
            communes=DEMO_AGENT["communes"],
            passphrase=DEMO_PASSPHRASE,
        )
        ws = Workspace(store, today=lambda: TODAY)
        t0 = time.perf_counter()
        count = seed(ws, args.participants)
        print(f"seed {count:,} payments with receipts: {time.perf_counter() - t0:.2f} s")

        t0 = time.perf_counter()
        plan = ws.exports.plan(D05, FIRST, TODAY)
        checked = time.perf_counter() - t0
        print(
            f"check {len(plan.rows) + plan.blocked_rows:,} rows (plan: gather, requote, "
            f"validate): {checked:.2f} s; {len(plan.problems)} problems"
        )
        for layout in (IMPORT, PRINT):
            path = Path(tmp) / f"d05-{layout}.xlsx"
            t0 = time.perf_counter()
            ws.exports.write(plan, path, layout, good_rows_only=True)
            wrote = time.perf_counter() - t0
            size = path.stat().st_size / 1_000_000
            print(
                f"write {len(plan.rows):,} rows, {layout} layout: {wrote:.2f} s "
                f"({size:.1f} MB); check + write {checked + wrote:.2f} s"
            )
        store.close()


if __name__ == "__main__":
    main()
