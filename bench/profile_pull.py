"""CPU of one agent's full pull, page by page, through the server's own pull path in this
process (no HTTP): ``pull`` and the page's encoding (JSON, gzip), on PostgreSQL (the test
suite's throwaway cluster, or ``$TEST_DATABASE_URL``) or SQLite (``--sqlite``).

Seeds the watched agent's commune with ``--records`` household/person records (pushed through
``Ingest.push``, as the server stores them) and ``--others`` records in other communes, then
pulls everything from cursor 0 in pages of 500, ``--rounds`` times. Prints the wall time, this
process's CPU and, with the throwaway cluster, PostgreSQL's, per full pull; ``--profile`` adds
a cProfile of the pulls (CPU time, sorted by own time). For comparing code back to back.

Run: ``python bench/profile_pull.py [--records 10000] [--others 0] [--profile] [--sqlite]``
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_server import _communes, _cpu_seconds, _ops, _postgres, _postmaster  # noqa: E402

from sync.domain.rates import load_rates  # noqa: E402
from sync.protocol import Op  # noqa: E402
from sync.server.admin import add_agent, open_database, vn_today  # noqa: E402
from sync.server.app import _encoded  # noqa: E402
from sync.server.auth import authenticate, register_device  # noqa: E402
from sync.server.ingest import Ingest  # noqa: E402
from sync.server.pull import pull  # noqa: E402


def _seed(ingest: Ingest, db, username: str, commune: str, n: int) -> str:  # type: ignore[no-untyped-def]
    code = add_agent(db, username=username, name="Lê Văn Bình", communes=[commune])
    token = register_device(db, username, code, "bench").token
    caller = authenticate(db, f"Bearer {token}")
    left = n
    while left > 0:
        wire = _ops(min(500, left), commune)
        ingest.push(caller, [Op.from_wire(w, i) for i, w in enumerate(wire)])
        left -= len(wire)
    return token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--others", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    url, cluster = (None, None) if args.sqlite else _postgres()
    postmaster = _postmaster(cluster)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = open_database(Path(tmp), url)
            ingest = Ingest(db, load_rates(), vn_today)
            communes = _communes(20)
            token = _seed(ingest, db, "watched", communes[0], args.records)
            for i in range(args.others // 10_000 + (1 if args.others % 10_000 else 0)):
                n = min(10_000, args.others - i * 10_000)
                _seed(ingest, db, f"other{i}", communes[1 + i % 19], n)
            caller = authenticate(db, f"Bearer {token}")

            def full() -> tuple[int, int]:
                cursor, pages, changes, more = 0, 0, 0, True
                while more:
                    page = pull(db, caller, cursor, 500)
                    _encoded(page.to_wire(), True)
                    cursor, more = page.cursor, page.has_more
                    pages += 1
                    changes += len(page.changes)
                return pages, changes

            full()  # warm-up
            profiler = cProfile.Profile(time.process_time) if args.profile else None
            label = "SQLite" if args.sqlite else "PostgreSQL"
            for _ in range(args.rounds):
                pg_before = _cpu_seconds(postmaster)
                cpu_before, wall_before = time.process_time(), time.perf_counter()
                if profiler is not None:
                    profiler.enable()
                pages, changes = full()
                if profiler is not None:
                    profiler.disable()
                cpu = time.process_time() - cpu_before
                wall = time.perf_counter() - wall_before
                pg = _cpu_seconds(postmaster) - pg_before
                print(
                    f"{label}: full pull of {changes} changes ({pages} pages): wall {wall:.3f} s,"
                    f" server CPU {cpu:.3f} s"
                    + (f", PostgreSQL CPU {pg:.3f} s" if postmaster else ""),
                    flush=True,
                )
            db.dispose()
            if profiler is not None:
                stats = pstats.Stats(profiler)
                stats.sort_stats("tottime").print_stats(args.top)
                stats.sort_stats("cumulative").print_stats(args.top)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
