"""Benchmark of the encrypted local store: bulk load of generated households, keystroke-by-
keystroke search, and saving a household with five members (with their outbox rows).

    python bench/bench_store.py [--households N]

Prints figures; asserts nothing. The database lives in a temporary dir.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from agent_app.services import Workspace
from agent_app.storage import create_profile
from sync.demo import DEMO_AGENT, DEMO_PASSPHRASE, demo_households

TODAY = date(2026, 5, 4)
# What an agent types, one keystroke at a time.
TYPED = ("nguyen van anh", "tran thi hoa", "le duc minh", "0912", "091080", "ap tan hoa")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        t0 = time.perf_counter()
        store = create_profile(
            data_dir,
            agent_name=DEMO_AGENT["name"],
            agent_code=DEMO_AGENT["code"],
            communes=DEMO_AGENT["communes"],
            passphrase=DEMO_PASSPHRASE,
        )
        print(f"create profile (scrypt + schema): {_ms(time.perf_counter() - t0)}")

        t0 = time.perf_counter()
        households = demo_households(args.households, DEMO_AGENT["communes"], today=TODAY)
        persons = sum(len(h.members) for h in households)
        print(
            f"generate {len(households):,} households / {persons:,} persons: "
            f"{time.perf_counter() - t0:.2f} s"
        )

        t0 = time.perf_counter()
        with store.transaction():
            store.records.bulk_import((h.id, h.body, h.members) for h in households)
        load = time.perf_counter() - t0
        print(f"bulk load (one transaction, executemany): {load:.2f} s")
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.execute("ANALYZE")
        db_file = store.profile.path / "agent.db"
        print(f"db file size: {db_file.stat().st_size / 1e6:.1f} MB")

        ws = Workspace(store, today=lambda: TODAY, now=lambda: datetime.now(UTC))
        timings: list[float] = []
        per_query: dict[str, float] = {}
        for _ in range(2):  # second round: the timing that counts is the warm one
            timings.clear()
            for phrase in TYPED:
                for n in range(1, len(phrase) + 1):
                    query = phrase[:n]
                    t0 = time.perf_counter()
                    rows = ws.households.search(query, limit=200)
                    elapsed = time.perf_counter() - t0
                    timings.append(elapsed)
                    per_query[query] = elapsed
                    _ = len(rows)
        print(
            f"households.search(limit=200), {len(timings)} keystrokes: "
            f"median {_ms(statistics.median(timings))}, p95 {_ms(_p95(timings))}, "
            f"max {_ms(max(timings))}"
        )
        slowest = sorted(per_query.items(), key=lambda kv: kv[1], reverse=True)[:3]
        print("  slowest: " + ", ".join(f"{q!r} {_ms(t)}" for q, t in slowest))
        t0 = time.perf_counter()
        total = ws.households.count("nguyen")
        print(f"households.count('nguyen') = {total:,}: {_ms(time.perf_counter() - t0)}")

        extra = demo_households(args.saves, DEMO_AGENT["communes"], seed=99, today=TODAY)
        saves = []
        for h in extra:
            members = [dict(body) for _, body in h.members]
            while len(members) < 5:
                members.append(
                    {**members[-1], "full_name": members[-1]["full_name"], "cccd": None,
                     "relationship": "child", "phone": None}
                )  # fmt: skip
            for m in members:
                m.pop("household_id", None)
            t0 = time.perf_counter()
            ws.households.register(h.body, members[:5])
            saves.append(time.perf_counter() - t0)
        print(
            f"households.register + 5 members with outbox rows, {len(saves)} saves: "
            f"median {_ms(statistics.median(saves))}, p95 {_ms(_p95(saves))}"
        )
        store.close()


if __name__ == "__main__":
    main()
