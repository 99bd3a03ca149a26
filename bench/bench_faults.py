"""Fault injection against a real server: every record exactly once, whatever goes wrong.

`agent-server serve` runs in its own process (so it can be killed with ``proc.kill()`` in the
middle of a batch and started again on the same data); laptops are real encrypted stores with
the real sync engine, their HTTP session given an adapter that breaks requests on cue. Each
scenario prints what the laptops created, what the server holds (counted in SQL), what was
lost, duplicated or left behind, and how the laptops ended. It prints; it asserts nothing.

    .venv/bin/python bench/bench_faults.py [--households 100] [--database-url URL]

Scenarios: duplicate batches (every push sent twice), lost answers (the server commits, the
answer never arrives), the server killed mid-batch (and restarted), two laptops on one
household (with saves while a push is on the wire), an op needing attention (forbidden commune
and a tampered amount, then dismissed), garbage and oversized bodies (and one op the server
cannot parse, in a laptop's batch).
"""

from __future__ import annotations

import argparse
import gzip
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import func, select

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import Store, create_profile
from agent_app.storage.connection import KdfParams
from agent_app.storage.syncport import LocalSyncPort
from sync.client import SyncClient, SyncStorePort
from sync.domain.rules import load_rates, quote_household
from sync.protocol import HEALTH_PATH, PUSH_PATH, Op, OpResult, new_id
from sync.server.admin import add_agent, open_database, vn_today
from sync.server.db import Database, record_versions, records

COMMUNE = "31027"
FOREIGN = "31018"
NAMES = ("An", "Bình", "Cường", "Dũng", "Hải", "Khoa", "Lâm", "Minh", "Nam", "Phúc", "Quang")
PASSPHRASE = "bench-passphrase"


# -- the server in its own process -------------------------------------------------------------


class ServerProcess:
    """``agent-server serve`` on a fixed loopback port, killable and restartable."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def start(self) -> None:
        args = [sys.executable, "-m", "sync.server", "serve", "--data-dir", str(self.data_dir)]
        args += ["--host", "127.0.0.1", "--port", str(self.port)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        self.proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ)
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + HEALTH_PATH, timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            self.kills += 1

    def ensure_running(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.start()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)


# -- faults on the wire ------------------------------------------------------------------------

FORWARD = "forward"
TWICE = "twice"  # the batch reaches the server twice (a proxy retrying on its own)
LOSE = "lose"  # the server commits, the answer is lost
KILL = "kill"  # the server is killed while the batch is on its way in


class FaultAdapter(HTTPAdapter):
    """Breaks push requests as ``script`` says, one mode per push; others pass."""

    def __init__(self, server: ServerProcess, script: Sequence[str] = ()) -> None:
        super().__init__()
        self.server = server
        self.script = list(script)
        self.used: list[str] = []

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        if not (request.url or "").split("?")[0].endswith(PUSH_PATH) or not self.script:
            return super().send(request, **kwargs)
        mode = self.script.pop(0)
        self.used.append(mode)
        if mode == TWICE:
            super().send(request, **kwargs).close()
            return super().send(request, **kwargs)
        if mode == LOSE:
            super().send(request, **kwargs).close()
            raise requests.ConnectionError("the answer was lost")
        if mode == KILL:
            outcome: list[Any] = []

            def go() -> None:
                try:
                    outcome.append(super(FaultAdapter, self).send(request, **kwargs))
                except requests.RequestException as exc:
                    outcome.append(exc)

            thread = threading.Thread(target=go)
            thread.start()
            self.server.kill()  # whatever the server got to do, its transaction is atomic
            thread.join()
            raise requests.ConnectionError("the server went away")
        return super().send(request, **kwargs)


# -- laptops -----------------------------------------------------------------------------------


class HookPort:
    """The real sync port; ``before_settle`` runs once when the next answer has arrived but is
    not settled yet (the agent saving while a push is on the wire)."""

    def __init__(self, inner: LocalSyncPort) -> None:
        self.inner = inner
        self.before_settle: Callable[[], None] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def settle(self, results: Sequence[tuple[Op, OpResult]]) -> None:
        hook, self.before_settle = self.before_settle, None
        if hook is not None:
            hook()
        self.inner.settle(results)


@dataclass
class Laptop:
    store: Store
    ws: Workspace
    sync: SyncService
    adapter: FaultAdapter
    port: HookPort
    code: str
    made: set[str] = field(default_factory=set)


def make_laptop(
    root: Path, db: Database, server: ServerProcess, username: str, communes: Sequence[str]
) -> Laptop:
    enrollment = add_agent(db, username=username, name=f"Cán bộ {username}", communes=communes)
    store = create_profile(
        root / f"laptop-{username}-{secrets.token_hex(3)}",
        agent_name=f"Cán bộ {username}",
        agent_code=f"{username.upper()}01",
        communes=tuple(communes),
        passphrase=PASSPHRASE,
        kdf=KdfParams(secrets.token_bytes(16), n=2**10),
    )
    ws = Workspace(store, today=vn_today)
    adapter = FaultAdapter(server)
    session = requests.Session()
    session.mount("http://", adapter)
    holder: dict[str, HookPort] = {}

    def port_factory(s: Store) -> SyncStorePort:
        holder.setdefault("port", HookPort(LocalSyncPort(s)))
        return holder["port"]

    service = SyncService(
        ws,
        client_factory=lambda base, token: SyncClient(base, token, session=session, timeout=30),
        # Waiting to retry is when a killed server comes back.
        sleep=lambda _seconds: server.ensure_running(),
        port_factory=port_factory,
        batch_size=100,
        max_attempts=8,
    )
    device = service.connect(server.url, username, enrollment, f"Laptop {username}")
    port_factory(store)
    return Laptop(store, ws, service, adapter, holder["port"], device.agent.code or "AG")


def add_day(lap: Laptop, households: int, commune: str = COMMUNE) -> None:
    """Households with two members, a visit, a household-health enrollment at the rules'
    amount and its receipt: 6 records each."""
    today = vn_today()
    total = quote_household(load_rates(), members=2, months=12, paid_on=today).total
    for n in range(households):
        changed = lap.ws.households.register(
            {"commune_code": commune, "address": f"Số {n}", "head_name": "Nguyễn Văn Ánh"},
            [
                {
                    "full_name": "Nguyễn Văn Ánh",
                    "date_of_birth": "1980-03-04",
                    "sex": "male",
                    "relationship": "head",
                },
                {
                    "full_name": "Lê Thị Hoa",
                    "date_of_birth": "1982-07-09",
                    "sex": "female",
                    "relationship": "spouse",
                },
            ],
        )
        hh, members = changed.ids[0], list(changed.ids[1:])
        visit = lap.ws.households.log_visit(
            {"household_id": hh, "visited_on": today.isoformat(), "outcome": "enrolled"}
        )
        enrollment, receipt = new_id(), new_id()
        number = f"{lap.code}-{today:%Y%m%d}-{len(lap.made) + 1:05d}"
        with lap.store.transaction():
            lap.store.records.put(
                "enrollment",
                enrollment,
                {
                    "scheme": "household_health",
                    "household_id": hh,
                    "member_ids": members,
                    "months": 12,
                    "paid_on": today.isoformat(),
                    "amount": total,
                },
            )
            lap.store.records.put(
                "receipt",
                receipt,
                {
                    "number": number,
                    "enrollment_id": enrollment,
                    "amount": total,
                    "issued_on": today.isoformat(),
                },
            )
        lap.made |= {hh, *members, *visit.ids, enrollment, receipt}


# -- counting ----------------------------------------------------------------------------------


def on_server(db: Database, ids: set[str]) -> tuple[set[str], int]:
    """Which of ``ids`` the server holds, and how many versions beyond the first they have
    (for records written once, each extra version is a duplicate)."""
    wanted = sorted(ids)
    held: set[str] = set()
    extra = 0
    with db.engine.connect() as conn:
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk : chunk + 500]
            held |= {
                r[0]
                for r in conn.execute(
                    select(records.c.record_id).where(records.c.record_id.in_(part))
                )
            }
            q = (
                select(func.count())
                .select_from(record_versions)
                .where(record_versions.c.record_id.in_(part))
            )
            extra += int(conn.execute(q).scalar_one())
    return held, extra - len(held)


def report(
    name: str, db: Database, laptops: Sequence[Laptop], note: str = "", edits: int = 0
) -> None:
    """One line of figures; ``edits`` is how many versions beyond the first the scenario's
    edits rightly made (any more are duplicates)."""
    made: set[str] = set().union(*(lap.made for lap in laptops))
    held, extra = on_server(db, made)
    extra -= edits
    lost = made - held
    pending = sum(lap.ws.pending_count() for lap in laptops)
    attention = sum(len(lap.ws.attention.items()) for lap in laptops)
    unsynced = sum(
        1
        for lap in laptops
        for rid in lap.made
        if (r := lap.store.records.find(rid)) is not None and r.version == 0
    )
    faults = ",".join(sorted({m for lap in laptops for m in lap.adapter.used if m != FORWARD}))
    print(
        f"{name:<34} pushed {len(made):>5}  on server {len(held):>5}  lost {len(lost):>3}  "
        f"duplicated {extra:>3}  pending {pending:>3}  attention {attention:>3}  "
        f"unsynced on laptops {unsynced:>3}  faults [{faults}] {note}"
    )


# -- scenarios ---------------------------------------------------------------------------------


def scenario_duplicates(root: Path, db: Database, server: ServerProcess, n: int) -> None:
    lap = make_laptop(root, db, server, "dup", [COMMUNE])
    add_day(lap, n)
    lap.adapter.script = [TWICE] * 100
    r = lap.sync.sync()
    report("duplicate batches", db, [lap], f"(statuses {_statuses(r)})")


def scenario_lost_answers(root: Path, db: Database, server: ServerProcess, n: int) -> None:
    lap = make_laptop(root, db, server, "lost", [COMMUNE])
    add_day(lap, n)
    lap.adapter.script = [LOSE, FORWARD, LOSE, LOSE, FORWARD, LOSE]
    r = lap.sync.sync()
    lost = lap.adapter.used.count(LOSE)
    report("lost answers", db, [lap], f"({lost} answers lost; statuses {_statuses(r)})")


def scenario_killed(root: Path, db: Database, server: ServerProcess, n: int) -> None:
    lap = make_laptop(root, db, server, "kill", [COMMUNE])
    add_day(lap, n)
    lap.adapter.script = [FORWARD, KILL, FORWARD, KILL]
    before = server.kills
    r = lap.sync.sync()
    server.ensure_running()
    if not r.ok:  # the retries ran out while the server was down: the next cycle finishes
        r = lap.sync.sync()
    report(
        "server killed mid-batch",
        db,
        [lap],
        f"(kills {server.kills - before}, statuses {_statuses(r)})",
    )


def scenario_two_laptops(root: Path, db: Database, server: ServerProcess, rounds: int) -> None:
    a = make_laptop(root, db, server, "twoa", [COMMUNE])
    b = make_laptop(root, db, server, "twob", [COMMUNE])
    hh = a.ws.households.register(
        {"commune_code": COMMUNE, "address": "Ấp 0", "head_name": "Võ Văn A"}, []
    ).ids[0]
    a.made.add(hh)
    a.sync.sync()
    b.sync.sync()
    lost_updates = 0
    for i in range(1, rounds + 1):
        name = f"Võ Văn {NAMES[i % len(NAMES)]}"
        a.ws.households.save({"head_name": name}, hh)
        b.ws.households.save({"address": f"Ấp {i}"}, hh)
        b.sync.sync()
        # A's push is merged on the server; before its answer is settled A saves again.
        a.port.before_settle = lambda i=i: a.ws.households.save({"village": f"Xóm {i}"}, hh)
        a.adapter.script = [LOSE] if i % 2 else []
        a.sync.sync()
        b.sync.sync()
        a.sync.sync()
        want = {"head_name": name, "address": f"Ấp {i}", "village": f"Xóm {i}"}
        for lap in (a, b):
            body = lap.store.records.get(hh).body
            lost_updates += sum(body.get(k) != v for k, v in want.items())
    with db.engine.connect() as conn:
        body = conn.execute(select(records.c.body).where(records.c.record_id == hh)).scalar_one()
    final = {k: body.get(k) for k in ("head_name", "address", "village")}
    report(
        "two laptops on one household",
        db,
        [a, b],
        f"({rounds} rounds, fields lost on laptops {lost_updates}, server {final})",
        edits=3 * rounds,  # per round: B's edit, A's merged edit, A's save during the push
    )


def scenario_attention(root: Path, db: Database, server: ServerProcess, n: int) -> None:
    lap = make_laptop(root, db, server, "att", [COMMUNE, FOREIGN])
    add_day(lap, n)
    foreign = lap.ws.households.register(
        {"commune_code": FOREIGN, "address": "Ấp 9", "head_name": "Lý Văn B"}, []
    ).ids[0]
    # The commune is taken away before the laptop syncs; one amount is tampered with.
    add_agent(db, username="att", name="Cán bộ att", communes=[COMMUNE])
    enrollment = next(
        e.record_id for e in lap.store.outbox.entries("pending") if e.kind == "enrollment"
    )
    body = lap.store.records.get(enrollment).body
    with lap.store.transaction():
        lap.store.records.put("enrollment", enrollment, {**body, "amount": body["amount"] + 1})
    r = lap.sync.sync()
    items = lap.ws.attention.items()
    codes = sorted({str(item.code) for item in items})
    for item in items:
        lap.ws.attention.dismiss(item.op_id)
    lap.sync.sync()
    refused = {item.record_id for item in items}
    lap.made -= refused | {foreign}
    report(
        "an op needing attention",
        db,
        [lap],
        f"(refused {len(refused)} {codes}, then dismissed; statuses {_statuses(r)})",
    )


def scenario_moves(root: Path, db: Database, server: ServerProcess, n: int) -> None:
    """Households move from one commune to another: the old commune's laptop must drop them
    and their members (personal data), the new commune's laptop must receive every record."""
    mover = make_laptop(root, db, server, "mover", [COMMUNE, FOREIGN])
    old = make_laptop(root, db, server, "olda", [COMMUNE])
    new = make_laptop(root, db, server, "newb", [FOREIGN])
    add_day(mover, n)
    for lap in (mover, old, new):
        lap.sync.sync()
    households = [r.id for r in mover.store.records.of_kind("household") if r.id in mover.made]
    for household_id in households:
        mover.ws.households.save({"commune_code": FOREIGN}, household_id)
    mover.sync.sync()
    reports = [lap.sync.sync() for lap in (old, new)]

    def held(lap: Laptop) -> set[str]:
        return {
            rid
            for rid in mover.made
            if (r := lap.store.records.find(rid)) is not None and not r.deleted
        }

    left_behind = len(held(old))
    missing = len(mover.made - held(new))
    mismatches = sum(r.count_mismatch is not None for r in reports)
    report(
        "moves between communes",
        db,
        [mover],
        f"(moved {len(households)} households; left on the old commune's laptop "
        f"{left_behind}, missing on the new one's {missing}, count mismatches {mismatches})",
        edits=len(households),  # each household's move is one more version
    )


def scenario_garbage(root: Path, db: Database, server: ServerProcess, n: int) -> None:
    lap = make_laptop(root, db, server, "junk", [COMMUNE])
    token = lap.ws.setting("sync.token")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    bodies: list[tuple[str, bytes, dict[str, str]]] = [
        ("not json", b"{ops: [", {}),
        ("bad gzip", b"\x1f\x8b\x08\x00garbage", {"Content-Encoding": "gzip"}),
        ("gzip bomb", gzip.compress(b" " * (64 * 1024 * 1024)), {"Content-Encoding": "gzip"}),
        ("9 MiB body", b'{"ops": [], "x": "' + b"a" * (9 * 1024 * 1024) + b'"}', {}),
        ("wrong shape", b'{"ops": {"a": 1}}', {}),
        ("deep nesting", b'{"ops": [' + b"[" * 5000 + b"]" * 5000 + b"]}", {}),
    ]
    statuses = []
    for label, body, extra in bodies:
        response = requests.post(
            server.url + PUSH_PATH, data=body, headers={**headers, **extra}, timeout=60
        )
        statuses.append(f"{label} {response.status_code}")
    add_day(lap, n)
    poison = new_id()
    with lap.store.transaction():
        lap.store.records.put(
            "household",
            poison,
            {"commune_code": COMMUNE, "address": "Ấp 9", "head_name": "Lý", "x": float("nan")},
        )
    r = lap.sync.sync()
    errors = sum(s.split()[-1].startswith("5") for s in statuses)
    report(
        "garbage and oversized bodies",
        db,
        [lap],
        f"({'; '.join(statuses)}; 5xx {errors}; a NaN op isolated: {_statuses(r)})",
    )


def _statuses(r: Any) -> str:
    return " ".join(f"{k}={v}" for k, v in r.pushed.items() if v) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100, help="6 records each")
    parser.add_argument("--rounds", type=int, default=10, help="two-laptop edit rounds")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        root = Path(tmp)
        db = open_database(root / "server", args.database_url)
        server = ServerProcess(root / "server", args.database_url)
        server.start()
        print(f"server {server.url} ({db.url}), {args.households} households per laptop")
        started = time.perf_counter()
        try:
            scenario_duplicates(root, db, server, args.households)
            scenario_lost_answers(root, db, server, args.households)
            scenario_killed(root, db, server, args.households)
            scenario_two_laptops(root, db, server, args.rounds)
            scenario_attention(root, db, server, args.households)
            scenario_moves(root, db, server, args.households)
            scenario_garbage(root, db, server, args.households // 4 or 1)
        finally:
            server.stop()
        print(f"done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
