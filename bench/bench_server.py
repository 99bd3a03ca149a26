"""Server benchmark: push ingest rate on SQLite and PostgreSQL beside the raw insert rate of the
same database, and 200 concurrent devices each pushing 50 ops (latency percentiles, errors).

What it measures: the server is ``agent-server serve`` in its own process, as in production; the
clients are ``requests`` sessions in this process (one thread per device). Both share this
machine's two cores, so a server on its own machine would do better. Agents are added through
the same database while the server runs, as the CLI does. The first line says which optional
speed-ups (httptools, uvloop, orjson) were found.

The day-end burst (``--burst 200x50 --burst 1000x100``) spreads the devices over communes (two
agents a commune, as pushes of one commune queue on its lock), runs on PostgreSQL with 1 and
with 2 server processes (``serve --workers 2``) and counts lost and duplicated records in SQL.

Run: ``python bench/bench_server.py`` (PostgreSQL from ``$TEST_DATABASE_URL``, else a throwaway
cluster from the Debian binaries if installed, else SQLite only). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import requests
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync.domain.admin_units import admin_units  # noqa: E402
from sync.protocol import DEVICES_PATH, HEALTH_PATH, PUSH_PATH, new_id  # noqa: E402
from sync.server.admin import add_agent, open_database  # noqa: E402
from sync.server.db import Database  # noqa: E402

COMMUNE = "31027"
BATCH = 500
INGEST_OPS = 10_000
DEVICES = 200
OPS_PER_DEVICE = 50


def _ops(n: int, commune: str = COMMUNE) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    while len(out) < n:
        hid = new_id()
        out.append(
            _op(
                "household",
                hid,
                {"commune_code": commune, "address": "Ấp Tân Hòa", "head_name": "Nguyễn Văn Ánh"},
            )
        )
        for _ in range(min(3, n - len(out))):
            out.append(
                _op(
                    "person",
                    new_id(),
                    {
                        "household_id": hid,
                        "full_name": "Trần Thị Hoà",
                        "date_of_birth": "1985-04-12",
                        "sex": "female",
                        "relationship": "child",
                    },
                )
            )
    return out


def _op(kind: str, rid: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "op_id": new_id(),
        "kind": kind,
        "record_id": rid,
        "base_version": 0,
        "device_time": "",
        "deleted": False,
        "body": body,
    }


class ServerProcess:
    """``agent-server serve`` on a free loopback port, with the database open here for admin."""

    def __init__(self, data_dir: Path, database_url: str | None = None, workers: int = 1) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        cmd = [sys.executable, "-m", "sync.server", "serve", "--data-dir", str(data_dir)]
        cmd += ["--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--device-rate", "100000/minute"]  # every device registers from one address
        if database_url:
            cmd += ["--database-url", database_url]
        if workers > 1:
            cmd += ["--workers", str(workers)]
        self.db: Database = open_database(data_dir, database_url)  # creates the schema first
        self.process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(self.url + HEALTH_PATH, timeout=1).raise_for_status()
                break
            except requests.RequestException:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("agent-server serve did not start") from None
                time.sleep(0.1)  # polling a starting process; nothing to wait on instead

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.db.dispose()


def _device(server: ServerProcess, username: str, commune: str = COMMUNE) -> requests.Session:
    code = add_agent(server.db, username=username, name="Lê Văn Bình", communes=[commune])
    token = requests.post(
        server.url + DEVICES_PATH,
        json={"username": username, "enrollment_code": code, "device_name": "bench"},
        timeout=30,
    ).json()["token"]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def _raw_insert_rate(server: ServerProcess, n: int = 20_000) -> float:
    rows = [{"a": str(uuid.uuid4()), "b": '{"x": 1, "name": "Nguyễn Văn Ánh"}'} for _ in range(n)]
    with server.db.begin() as conn:
        conn.execute(
            text("CREATE TABLE IF NOT EXISTS bench_raw (a VARCHAR(64) PRIMARY KEY, b TEXT)")
        )
    start = time.perf_counter()
    for i in range(0, n, BATCH):
        with server.db.begin() as conn:
            conn.execute(text("INSERT INTO bench_raw (a, b) VALUES (:a, :b)"), rows[i : i + BATCH])
    return n / (time.perf_counter() - start)


def ingest(server: ServerProcess, label: str) -> None:
    session = _device(server, f"ingest-{label}")
    ops = _ops(INGEST_OPS)
    start = time.perf_counter()
    for i in range(0, len(ops), BATCH):
        r = session.post(server.url + PUSH_PATH, json={"ops": ops[i : i + BATCH]}, timeout=120)
        r.raise_for_status()
        assert all(x["status"] == "applied" for x in r.json()["results"])
    rate = len(ops) / (time.perf_counter() - start)
    raw = _raw_insert_rate(server)
    print(
        f"{label:<10} ingest {rate:8.0f} ops/s over HTTP ({INGEST_OPS} ops in batches of "
        f"{BATCH}); raw executemany insert {raw:8.0f} rows/s"
    )


def concurrent(server: ServerProcess, label: str) -> None:
    sessions = [_device(server, f"dev-{label}-{i}") for i in range(DEVICES)]
    payloads = [_ops(OPS_PER_DEVICE) for _ in range(DEVICES)]

    def one(i: int) -> tuple[float, bool]:
        start = time.perf_counter()
        try:
            r = sessions[i].post(server.url + PUSH_PATH, json={"ops": payloads[i]}, timeout=60)
            ok = r.status_code == 200 and all(x["status"] == "applied" for x in r.json()["results"])
        except requests.RequestException:
            ok = False
        return time.perf_counter() - start, ok

    start = time.perf_counter()
    with ThreadPoolExecutor(DEVICES) as pool:
        results = list(pool.map(one, range(DEVICES)))
    wall = time.perf_counter() - start
    latencies = sorted(t for t, _ in results)
    errors = sum(1 for _, ok in results if not ok)
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"{label:<10} {DEVICES} devices x {OPS_PER_DEVICE} ops at once: p50 {p50:.2f} s, "
        f"p99 {p99:.2f} s, errors {errors}, {DEVICES * OPS_PER_DEVICE / wall:.0f} ops/s"
    )


def _communes(n: int) -> list[str]:
    units = admin_units()
    out: list[str] = []
    for province in units.provinces():
        out.extend(c.code for c in units.communes_of(province.code))
        if len(out) >= n:
            break
    return sorted(out[:n])


def _cpu_seconds(root: int | None) -> float:
    """CPU time (user + system) of a process and its descendants so far (Linux ``/proc``; 0
    elsewhere or without a process)."""
    if root is None or not Path("/proc/self/stat").exists():
        return 0.0
    parent: dict[int, int] = {}
    spent: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        parent[pid] = int(fields[1])
        # Own time and that of children already ended (a backend of a closed connection).
        spent[pid] = sum(int(f) for f in fields[11:15]) / tick
    total = 0.0
    for pid, seconds in spent.items():
        p = pid
        while p > 1 and p != root:
            p = parent.get(p, 0)
        if p == root:
            total += seconds
    return total


def _client_cpu() -> float:
    times = os.times()
    return times.user + times.system


def burst(
    server: ServerProcess, label: str, devices: int, ops_each: int, postmaster: int | None = None
) -> None:
    """A day end: ``devices`` devices (two agents per commune, over devices/2 communes) push
    ``ops_each`` ops at once; then the records are counted in SQL: every op's record exactly
    once (lost: missing; duplicated: a record stored twice or an op recorded twice).

    The client is made cheap so that it measures the server: bodies are encoded before the
    start, one thread per device only sends them and reads the answer's status codes. The CPU
    seconds the server (its processes), PostgreSQL (``postmaster``'s processes, when this bench
    started the cluster) and this client spent during the burst are printed beside the wall
    time: on a 2-core machine their sum against 2 x wall says who was short of what."""
    communes = _communes(max(1, devices // 2))
    tag = uuid.uuid4().hex[:6]
    sessions = [
        _device(server, f"burst-{tag}-{i}", communes[i % len(communes)]) for i in range(devices)
    ]
    payloads = [_ops(ops_each, communes[i % len(communes)]) for i in range(devices)]
    bodies = [json.dumps({"ops": p}, ensure_ascii=False).encode() for p in payloads]
    for session in sessions:
        session.headers["Content-Type"] = "application/json"
    go = threading.Barrier(devices + 1)

    def one(i: int) -> tuple[float, bool]:
        go.wait()
        start = time.perf_counter()
        try:
            r = sessions[i].post(server.url + PUSH_PATH, data=bodies[i], timeout=300)
            ok = r.status_code == 200 and all(
                x["status"] == "applied" for x in json.loads(r.content)["results"]
            )
        except requests.RequestException:
            ok = False
        return time.perf_counter() - start, ok

    with ThreadPoolExecutor(devices) as pool:
        futures = [pool.submit(one, i) for i in range(devices)]
        cpu_before = (_cpu_seconds(server.process.pid), _cpu_seconds(postmaster), _client_cpu())
        go.wait()  # every thread is started and waiting: all devices push at once
        start = time.perf_counter()
        results = [f.result() for f in futures]
        wall = time.perf_counter() - start
        cpu_after = (_cpu_seconds(server.process.pid), _cpu_seconds(postmaster), _client_cpu())
    cpu = [after - before for before, after in zip(cpu_before, cpu_after, strict=True)]
    latencies = sorted(t for t, _ in results)
    errors = sum(1 for _, ok in results if not ok)
    ids = [op["record_id"] for payload in payloads for op in payload]
    op_ids = [op["op_id"] for payload in payloads for op in payload]
    with server.db.begin() as conn:
        conn.execute(text("CREATE TEMPORARY TABLE burst_ids (rid VARCHAR(64), oid VARCHAR(64))"))
        conn.execute(
            text("INSERT INTO burst_ids (rid, oid) VALUES (:r, :o)"),
            [{"r": r, "o": o} for r, o in zip(ids, op_ids, strict=True)],
        )
        found = conn.execute(
            text(
                "SELECT count(*), count(DISTINCT r.record_id), count(DISTINCT r.seq)"
                " FROM records r JOIN burst_ids b ON b.rid = r.record_id"
            )
        ).one()
        stored_ops = conn.execute(
            text("SELECT count(*) FROM ops o JOIN burst_ids b ON b.oid = o.op_id")
        ).scalar_one()
        conn.execute(text("DROP TABLE burst_ids"))
    lost = len(ids) - int(found[1])
    duplicated = (int(found[0]) - int(found[1])) + (int(stored_ops) - len(set(op_ids)))
    p50 = statistics.median(latencies)
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    pg_cpu = f", PostgreSQL {cpu[1]:.2f}" if postmaster is not None else ""
    print(
        f"{label:<22} burst {devices} devices x {ops_each} ops: errors {errors}, lost {lost}, "
        f"duplicated {duplicated}, {len(ids) / wall:.0f} ops/s, p50 {p50:.2f} s, p99 {p99:.2f} s"
        f" (wall {wall:.2f} s; CPU s: server {cpu[0]:.2f}{pg_cpu}, client {cpu[2]:.2f})",
        flush=True,
    )


def _postgres() -> tuple[str | None, Any]:
    url = os.environ.get("TEST_DATABASE_URL")
    cluster = None
    if not url:
        sys.path.insert(0, str(ROOT / "tests" / "integration"))
        from conftest import _bindir, _Cluster  # the test suite's throwaway cluster

        bindir = _bindir()
        if bindir is None:
            return None, None
        cluster = _Cluster(bindir)
        url = cluster.start()
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name, cluster


def _setting() -> None:
    found = {m: importlib.util.find_spec(m) is not None for m in ("httptools", "uvloop", "orjson")}
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores; agent-server serve in its "
        "own process, clients in this one (sharing the cores); "
        + ", ".join(f"{m} {'yes' if ok else 'no'}" for m, ok in found.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--burst",
        action="append",
        metavar="DEVICESxOPS",
        help="only the day-end burst on PostgreSQL with 1 and 2 server processes, e.g. 200x50 "
        "(repeat for several)",
    )
    args = parser.parse_args()
    if args.burst:
        _setting()
        bursts(tuple(int(n) for n in b.lower().split("x")) for b in args.burst)
        return
    _setting()
    with tempfile.TemporaryDirectory() as tmp:
        with ServerProcess(Path(tmp) / "sqlite") as server:
            ingest(server, "SQLite")
            concurrent(server, "SQLite")
        pg_url, cluster = _postgres()
        if pg_url is None:
            print("PostgreSQL      not available: skipped")
            return
        try:
            with ServerProcess(Path(tmp) / "pg", database_url=pg_url) as server:
                ingest(server, "PostgreSQL")
                concurrent(server, "PostgreSQL")
        finally:
            if cluster is not None:
                cluster.stop()


def _postmaster(cluster: Any) -> int | None:
    """The pid of the throwaway cluster's postmaster (None for ``$TEST_DATABASE_URL``)."""
    if cluster is None:
        return None
    pid_file = Path(cluster.data) / "postmaster.pid"
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def bursts(sizes: Any) -> None:
    sizes = list(sizes)
    pg_url, cluster = _postgres()
    if pg_url is None:
        print("PostgreSQL not available: skipped")
        return
    postmaster = _postmaster(cluster)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for workers in (1, 2):
                with ServerProcess(Path(tmp) / "pg", pg_url, workers=workers) as server:
                    # A server at day end has run all day: its connections are open and its
                    # statements prepared. A small burst first, so the figures are not those
                    # of a server's first seconds.
                    burst(server, f"warm-up, {workers} process(es)", 20, 10, postmaster)
                    for devices, ops_each in sizes:
                        label = f"PostgreSQL {workers} process(es)"
                        burst(server, label, devices, ops_each, postmaster)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
