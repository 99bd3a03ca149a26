"""CPU of one push, per op, through the server's own push path in this process (no HTTP): body
decode and parse, ``Ingest.push``, the answer's encoding; on PostgreSQL (the test suite's
throwaway cluster, or ``$TEST_DATABASE_URL``) or SQLite (``--sqlite``).

Prints this process's CPU per op and, with the throwaway cluster, PostgreSQL's; ``--profile``
adds a cProfile of the pushes (sorted by own time). A tool for comparing code before and after
a change back to back on a shared machine: CPU seconds, not wall time.

Run: ``python bench/profile_push.py [--pushes 200] [--ops 50] [--profile] [--sqlite]``
"""

from __future__ import annotations

import argparse
import cProfile
import json
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
from sync.server.admin import add_agent, open_database, vn_today  # noqa: E402
from sync.server.app import _encoded, _push_request  # noqa: E402
from sync.server.auth import authenticate, register_device  # noqa: E402
from sync.server.ingest import Ingest  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pushes", type=int, default=200)
    parser.add_argument("--ops", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    url, cluster = (None, None) if args.sqlite else _postgres()
    postmaster = _postmaster(cluster)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = open_database(Path(tmp), url)
            communes = _communes(max(1, args.pushes // 2))
            tokens = []
            for i in range(args.pushes):
                commune = communes[i % len(communes)]
                code = add_agent(db, username=f"p{i}", name="Lê Văn Bình", communes=[commune])
                tokens.append((register_device(db, f"p{i}", code, "bench").token, commune))
            bodies = [
                json.dumps({"ops": _ops(args.ops, commune)}, ensure_ascii=False).encode()
                for _, commune in tokens
            ]
            ingest = Ingest(db, load_rates(), vn_today)

            def one(i: int) -> None:
                caller = authenticate(db, f"Bearer {tokens[i][0]}")
                batch = _push_request(bodies[i], None)
                answer = ingest.push(caller, batch.ops)
                _encoded(answer.to_wire(), True)

            for i in range(min(10, args.pushes)):  # warm-up: connections, caches
                one(i)
            profiler = cProfile.Profile(time.process_time) if args.profile else None
            pg_before = _cpu_seconds(postmaster)
            cpu_before = time.process_time()
            if profiler is not None:
                profiler.enable()
            for i in range(10, args.pushes):
                one(i)
            if profiler is not None:
                profiler.disable()
            cpu = time.process_time() - cpu_before
            pg = _cpu_seconds(postmaster) - pg_before
            n = (args.pushes - 10) * args.ops
            label = "SQLite" if args.sqlite else "PostgreSQL"
            print(
                f"{label}: {n} ops in pushes of {args.ops}: server {cpu / n * 1e6:.1f} µs/op"
                + (f", PostgreSQL {pg / n * 1e6:.1f} µs/op" if postmaster else "")
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
