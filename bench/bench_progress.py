"""Benchmark of the progress screen (targets with pace) over a month of 100,000 households'
activity: 100,000 households, then 30 days of visits, enrollments of both schemes and events
written straight into the store, and the campaign targets of the three communes.

    python bench/bench_progress.py [--households N] [--enrollments N,N...] [--visits N]

Times :func:`agent_app.services.progress.progress` (the sign-up tally read and the pace of every
target) and the whole screen: the progress window built, its figures computed on the database
thread, its table filled and both charts drawn, until its ``loaded`` signal and the first paint;
at each count of enrollments (by default 10,000, then 10,000 more for 20,000). Also the tally
checked against a count over the records. Prints figures; asserts nothing. The database lives
in a temporary dir.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent_app.services import Workspace
from agent_app.services.progress import progress
from agent_app.storage import KdfParams, create_profile
from agent_app.storage.syncport import LocalSyncPort
from agent_app.storage.tally import SignupTally
from sync.demo import DEMO_AGENT, DEMO_PASSPHRASE, demo_households
from sync.protocol import Change

TODAY = date(2026, 5, 30)
START = date(2026, 5, 1)  # the campaign month


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def seed_month(
    store, households, enrollments: int, visits: int, rng: random.Random, *, events: bool = True
) -> None:
    """A month of activity, written as the record repository stores it (columns included);
    the triggers of ``agent_app.storage.tally`` count the enrollments as they go in."""
    moment = datetime.now(UTC).isoformat()
    rows = []
    for i in range(enrollments):
        h = rng.choice(households)
        day = (START + timedelta(days=rng.randrange(30))).isoformat()
        if i % 3:
            person_id = h.members[0][0]
            body = {"scheme": "voluntary", "person_id": person_id, "household_id": h.id,
                    "income": 1_500_000, "support": "other", "method": "monthly", "months": 1,
                    "paid_on": day, "amount": 330_000}  # fmt: skip
        else:
            person_id = None
            members = [m[0] for m in h.members[: rng.randint(1, len(h.members))]]
            body = {"scheme": "household_health", "household_id": h.id, "member_ids": members,
                    "months": 12, "paid_on": day, "amount": 1_263_600 * len(members)}  # fmt: skip
        rows.append((str(uuid.uuid4()), "enrollment", json.dumps(body), 1, h.id, person_id,
                     None, day, body["amount"], moment))  # fmt: skip
    for _ in range(visits):
        h = rng.choice(households)
        day = (START + timedelta(days=rng.randrange(30))).isoformat()
        body = {"household_id": h.id, "visited_on": day, "outcome": "interested"}
        rows.append((str(uuid.uuid4()), "visit", json.dumps(body), 1, h.id, None, None, day,
                     None, moment))  # fmt: skip
    for i in range(120 if events else 0):
        commune = DEMO_AGENT["communes"][i % 3]
        day = (START + timedelta(days=i % 30)).isoformat()
        body = {"commune_code": commune, "type": "door_to_door", "held_on": day, "attendees": 30}
        rows.append((str(uuid.uuid4()), "event", json.dumps(body), 1, None, None, None, day,
                     None, moment))  # fmt: skip
    with store.transaction():
        store.executemany(
            "INSERT INTO record (id, kind, body, version, household_id, person_id, parent_id, "
            "day, amount, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def pull_targets(store) -> None:
    changes = []
    for i, commune in enumerate(DEMO_AGENT["communes"]):
        body = {"commune_code": commune, "campaign": "2026", "start": START.isoformat(),
                "deadline": "2026-06-30", "voluntary_new": 3_000, "household_health_new": 8_000,
                "events": 40, "revisions": [{"from": "2026-05-15", "voluntary_new": 3_500}],
                "agents": {DEMO_AGENT["code"]: {"voluntary_new": 1_000}}}  # fmt: skip
        changes.append(Change(i + 1, "ref.target", f"target-{commune}", 1, False, body))
    port = LocalSyncPort(store)
    port.apply_pull_page(changes, len(changes))
    port.finish_pull()  # as the engine does after a pull's last page


def time_screen(ws: Workspace, rounds: int) -> list[float]:
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from agent_app.tasks import Tasks
    from agent_app.ui.campaign.progress import ProgressDialog
    from agent_app.ui.context import AppContext

    app = QApplication.instance() or QApplication([])
    tasks = Tasks()
    ctx = AppContext(ws, tasks, lang="vi")
    out = []
    for _ in range(rounds):
        loop = QEventLoop()
        t0 = time.perf_counter()
        dialog = ProgressDialog(ctx)
        # The figures now come back within a millisecond or two. When the database thread has
        # finished before Tasks adds its done-callback, the callback runs at once on this
        # thread, so the page may be filled (and ``loaded`` emitted) inside the constructor,
        # before anyone could connect to it: wait only for a page not filled yet.
        done: list[bool] = [dialog.page.report is not None]
        dialog.page.loaded.connect(lambda d=done, lp=loop: (d.append(True), lp.quit()))
        QTimer.singleShot(30_000, loop.quit)
        dialog.show()
        if not any(done):
            loop.exec()
        dialog.repaint()  # the first paint of the table and both charts
        app.processEvents()
        out.append(time.perf_counter() - t0)
        dialog.close()
        dialog.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    tasks.shutdown(wait=True)
    return out


def measure(ws: Workspace, rounds: int, enrollments: int) -> None:
    t0 = time.perf_counter()
    report = progress(ws)
    first = time.perf_counter() - t0
    runs = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        progress(ws)
        runs.append(time.perf_counter() - t0)
    screen = time_screen(ws, rounds)
    at = f"[{enrollments:,} enrollments]"
    print(f"{at} progress(), first call: {_ms(first)} ({len(report.rows)} targets)")
    print(f"{at} progress(), median of {rounds}: {_ms(statistics.median(runs))}")
    print(f"{at} progress screen open (first): {_ms(screen[0])}")
    print(f"{at} progress screen open, median of {rounds}: {_ms(statistics.median(screen))}")
    row = report.rows[0]
    print(
        f"{at} e.g. {row.id}: target {row.target}, achieved {row.achieved} "
        f"({row.pace.percent} %), expected by today {row.pace.expected}, "
        f"needed per day {row.pace.needed_per_day}, {row.pace.status}"
    )
    tally = SignupTally(ws.store)
    t0 = time.perf_counter()
    counted = tally.recount()
    recount = time.perf_counter() - t0
    same = "equals" if tally.all() == counted else "DIFFERS FROM"
    print(
        f"{at} tally ({len(counted):,} rows) {same} the count over the records "
        f"(the count itself, what each open cost before the tally: {_ms(recount)})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument(
        "--enrollments",
        default="10000,20000",
        help="counts of enrollments to measure at, rising (comma-separated)",
    )
    parser.add_argument("--visits", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    counts = sorted(int(n) for n in str(args.enrollments).split(","))
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        store = create_profile(
            Path(tmp),
            agent_name=DEMO_AGENT["name"],
            agent_code=DEMO_AGENT["code"],
            communes=DEMO_AGENT["communes"],
            passphrase=DEMO_PASSPHRASE,
            kdf=KdfParams(b"0123456789abcdef", n=2**10),
        )
        t0 = time.perf_counter()
        households = demo_households(args.households, DEMO_AGENT["communes"], today=TODAY)
        with store.transaction():
            store.records.bulk_import((h.id, h.body, h.members) for h in households)
        seed_month(store, households, counts[0], args.visits, rng)
        pull_targets(store)
        store.execute("ANALYZE")
        print(
            f"seeded {args.households:,} households, {counts[0]:,} enrollments, "
            f"{args.visits:,} visits, 120 events over 30 days: {time.perf_counter() - t0:.1f} s"
        )
        ws = Workspace(store, today=lambda: TODAY)
        measure(ws, args.rounds, counts[0])
        done = counts[0]
        for count in counts[1:]:
            t0 = time.perf_counter()
            seed_month(store, households, count - done, 0, rng, events=False)
            store.execute("ANALYZE")
            print(f"added {count - done:,} enrollments: {time.perf_counter() - t0:.1f} s")
            done = count
            measure(ws, args.rounds, count)
        store.close()


if __name__ == "__main__":
    main()
