"""Scale (schema v3, PostgreSQL): several server processes on one database with no global lock.

- Two ``agent-server serve`` processes (one of them ``--workers 2``) on one PostgreSQL, devices
  of agents sharing communes pushing and pulling at once through ``sync.client.SyncClient``:
  every device's pulls, concatenated, hold every record of its scope exactly once at its last
  version, counted against the database in SQL.
- Transactions that commit out of order: a pull never returns a change numbered after one that
  is still being written (the safe horizon), and returns both once it commits; meanwhile it
  gives no count-check total (a held record edited past the horizon would be left out).
- The pull's queries are index range scans (EXPLAIN), whatever the other communes hold.
- ``--workers`` above 1 on SQLite is refused with a message.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import text

from sync.client import SyncClient
from sync.protocol import HEALTH_PATH, REF_ADMIN_UNIT, REF_RATES, REF_SCRIPT, Op, new_id
from sync.server.admin import add_agent, open_database
from sync.server.auth import Caller
from sync.server.db import Database, begin_changes
from sync.server.pull import count_query, page_query, provinces_of, pull

# Pushes of one commune queue on its lock, so they commit in order; pushes of different
# communes run at once and commit in any order. The agents of one commune (em, giang, hoa)
# write in parallel with each other, and an and binh pull two communes each: what they see is
# exactly what the safe horizon must keep in order.
AGENTS = {
    "an": ("31027", "31018"),
    "binh": ("31018", "31024"),
    "em": ("31027",),
    "giang": ("31018",),
    "hoa": ("31024",),
    "dung": ("00004",),
}
DEVICES_PER_AGENT = 2
ROUNDS = 12
HOUSEHOLDS_PER_ROUND = 5  # each with 2 persons; one earlier household edited per round


def _exe() -> str:
    found = shutil.which("agent-server", path=str(Path(sys.executable).parent))
    assert found, "agent-server is not installed; run README's set-up"
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Serve:
    """``agent-server serve`` in a subprocess on a free port, waited for through /health."""

    def __init__(self, data_dir: Path, database_url: str, workers: int = 1) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                _exe(),
                "serve",
                "--data-dir",
                str(data_dir),
                "--database-url",
                database_url,
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert "agent-server" in line, line
        # Drained in the background so a chatty worker never blocks on a full pipe.
        self.output: list[str] = [line]
        threading.Thread(target=self._drain, daemon=True).start()
        session = requests.Session()
        for _ in range(600):
            try:
                if session.get(self.url + HEALTH_PATH, timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None:
                break
            threading.Event().wait(0.05)  # the port opens after the workers import the app
        self.stop()
        raise AssertionError("the server did not start: " + "".join(self.output))

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def pg_db(tmp_path: Path, fresh_postgres_url: str) -> Iterator[tuple[Database, str]]:
    db = open_database(tmp_path / "server", fresh_postgres_url)
    try:
        yield db, fresh_postgres_url
    finally:
        db.dispose()


def _scope_sql(communes: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    provinces = provinces_of(frozenset(communes))
    sql = (
        "SELECT record_id, version FROM records WHERE commune_code = ANY(:communes)"
        " OR (kind = :unit AND province_code = ANY(:provinces)) OR kind IN (:rates, :script)"
    )
    params = {
        "communes": list(communes),
        "provinces": provinces,
        "unit": REF_ADMIN_UNIT,
        "rates": REF_RATES,
        "script": REF_SCRIPT,
    }
    return sql, params


class _Device:
    """One laptop: pushes new households (with persons) in its agent's communes, edits its own
    earlier ones, and pulls incrementally, keeping every change it was sent."""

    def __init__(self, base_url: str, username: str, code: str, communes: tuple[str, ...]):
        self.client = SyncClient(base_url)
        self.client.register(username, code, f"máy {new_id()[:6]}")
        self.communes = communes
        self.cursor = 0
        self.seen: list[tuple[int, str, int]] = []  # (seq, record_id, version) in pull order
        self.mine: dict[str, tuple[dict[str, Any], int]] = {}  # my households: body, version
        self.pushed = 0
        self.refused: list[Any] = []

    def _op(self, kind: str, rid: str, body: dict[str, Any], base: int = 0) -> Op:
        return Op(new_id(), kind, rid, base, "2026-03-01T08:00:00.000Z", False, body)

    def round(self, n: int) -> None:
        ops: list[Op] = []
        for i in range(HOUSEHOLDS_PER_ROUND):
            hid = new_id()
            commune = self.communes[(n + i) % len(self.communes)]
            body = {"commune_code": commune, "address": f"Ấp {n}-{i}", "head_name": "Lê Văn Á"}
            ops.append(self._op("household", hid, body))
            self.mine[hid] = (body, 0)
            for k in range(2):
                person = {
                    "household_id": hid,
                    "full_name": ("Trần Thị Hoà", "Lê Văn Bình")[k],
                    "date_of_birth": "1985-04-12",
                    "sex": "female",
                    "relationship": "child",
                }
                ops.append(self._op("person", new_id(), person))
        earlier = [h for h, (_, v) in self.mine.items() if v > 0]
        if earlier:
            hid = earlier[n % len(earlier)]
            body, version = self.mine[hid]
            edited = {**body, "address": f"{body['address']} (sửa {n})"}
            ops.append(self._op("household", hid, edited, version))
            self.mine[hid] = (edited, version)
        response = self.client.push(ops)
        self.pushed += len(ops)
        for op, result in zip(ops, response.results, strict=True):
            if result.status not in ("applied", "merged"):
                self.refused.append(result)
            elif op.kind == "household":
                self.mine[op.record_id] = (dict(op.body), result.version)
        self.pull_all()

    def pull_all(self) -> None:
        while True:
            page = self.client.pull(self.cursor, 37)  # small pages: many page boundaries
            self.seen.extend((c.seq, c.record_id, c.version) for c in page.changes)
            assert page.cursor >= self.cursor
            self.cursor = page.cursor
            if not page.has_more:
                return


def test_two_server_processes_on_one_postgresql_lose_duplicate_and_skip_nothing(
    tmp_path: Path, pg_db: tuple[Database, str]
) -> None:
    db, url = pg_db
    servers = [_Serve(tmp_path / "server", url), _Serve(tmp_path / "server", url, workers=2)]
    try:
        devices: list[_Device] = []
        for username, communes in AGENTS.items():
            for _ in range(DEVICES_PER_AGENT):
                # Each call issues a new one-time code (how an agent enrolls another laptop).
                code = add_agent(db, username=username, name="Nguyễn Thị Hoà", communes=communes)
                base = servers[len(devices) % 2].url
                devices.append(_Device(base, username, code, communes))
        start = threading.Barrier(len(devices))

        def work(device: _Device) -> None:
            start.wait()
            for n in range(ROUNDS):
                device.round(n)

        with ThreadPoolExecutor(len(devices)) as pool:
            for future in [pool.submit(work, d) for d in devices]:
                future.result()
        for device in devices:
            device.pull_all()  # everything is committed now: the horizon is the last number
    finally:
        for server in servers:
            server.stop()

    with db.connect() as conn:
        total_ops = conn.execute(text("SELECT count(*) FROM ops")).scalar_one()
        for device in devices:
            assert device.refused == [], device.refused[:3]
            sql, params = _scope_sql(device.communes)
            expected = {r.record_id: r.version for r in conn.execute(text(sql), params)}
            seqs = [seq for seq, _, _ in device.seen]
            assert seqs == sorted(seqs), "changes out of order"
            assert len(set(seqs)) == len(seqs), "a change sent twice"
            pairs = [(rid, version) for _, rid, version in device.seen]
            assert len(set(pairs)) == len(pairs), "a record version sent twice"
            last: dict[str, int] = {}
            for rid, version in pairs:
                last[rid] = version
            missing = sorted(set(expected) - set(last))
            extra = sorted(set(last) - set(expected))
            assert not missing, f"{len(missing)} records skipped by {device.communes}' pulls"
            assert not extra, f"{len(extra)} records outside {device.communes} were pulled"
            stale = {rid for rid, version in expected.items() if last[rid] != version}
            assert not stale, f"{len(stale)} records pulled at an older version"
            # The count the laptop compares after a full pull agrees too.
            caller = Caller(0, "", "", frozenset(device.communes))  # records' scope: communes
            assert conn.execute(count_query(caller, device.cursor)).scalar_one() == len(expected)
    assert total_ops == sum(d.pushed for d in devices)
    # Agents sharing communes saw each other's work (the scopes overlap as intended).
    by_commune: dict[str, set[str]] = defaultdict(set)
    for device in devices:
        for commune in device.communes:
            by_commune[commune].add(device.client.base_url)
    assert all(len(urls) == 2 for c, urls in by_commune.items() if c != "00004")


def _write_household(conn: Any, seq: int, commune: str) -> str:
    rid = new_id()
    body = json.dumps({"commune_code": commune, "address": "Ấp 1", "head_name": "Lê Văn A"})
    conn.execute(
        text(
            "INSERT INTO records (record_id, kind, version, deleted, body, commune_code,"
            " province_code, agent_id, receipt_number, seq, updated_at, household_id)"
            " VALUES (:rid, 'household', 1, false, CAST(:body AS JSON), :commune, '91', NULL,"
            " NULL, :seq, '2026-03-01T00:00:00.000Z', :rid)"
        ),
        {"rid": rid, "body": body, "commune": commune, "seq": seq},
    )
    return rid


def test_a_pull_never_passes_a_change_still_being_written(pg_db: tuple[Database, str]) -> None:
    """T1 takes number s1, T2 takes s2 > s1 and commits first: a pull in between must stop
    before s1 (else the laptop's cursor would move past s1 for good), and after T1 commits a
    pull from the same cursor returns s1 and then s2. Without the horizon the first pull
    returns s2 and the second nothing."""
    db, _ = pg_db
    caller = Caller(1, "d", "u", frozenset({"31027"}))
    first = pull(db, caller, 0, 1000)
    cursor = first.cursor
    with db.engine.connect() as t1:
        tx1 = t1.begin()
        s1 = begin_changes(t1).next()
        r1 = _write_household(t1, s1, "31027")
        with db.begin() as t2:
            s2 = begin_changes(t2).next()
            r2 = _write_household(t2, s2, "31027")
        assert s2 > s1
        during = pull(db, caller, cursor, 1000)
        assert [c.record_id for c in during.changes] == []
        assert during.cursor < s1
        tx1.commit()
    after = pull(db, caller, during.cursor, 1000)
    assert [c.record_id for c in after.changes] == [r1, r2]
    assert after.total == first.total + 2  # type: ignore[operator]


def test_no_total_while_held_changes_wait_past_the_horizon(pg_db: tuple[Database, str]) -> None:
    """A record the laptop holds is edited (a new number) while an older transaction still
    runs: the pull stops below both, and counting up to its cursor would leave the edited
    record out, one fewer than the laptop holds, which would send a complete laptop to pull
    everything again. So no total is given until the pull has caught up, and then the right
    one."""
    db, _ = pg_db
    caller = Caller(1, "d", "u", frozenset({"31027"}))
    with db.begin() as conn:
        held = _write_household(conn, begin_changes(conn).next(), "31027")
    first = pull(db, caller, 0, 1000)
    assert held in {c.record_id for c in first.changes}
    assert first.total is not None
    with db.engine.connect() as t1:
        tx1 = t1.begin()
        s1 = begin_changes(t1).next()
        r1 = _write_household(t1, s1, "31027")
        with db.begin() as t2:
            s2 = begin_changes(t2).next()
            t2.execute(
                text("UPDATE records SET version = 2, seq = :seq WHERE record_id = :rid"),
                {"seq": s2, "rid": held},
            )
        during = pull(db, caller, first.cursor, 1000)
        assert (during.changes, during.has_more) == ((), False)
        assert during.total is None
        tx1.commit()
    after = pull(db, caller, during.cursor, 1000)
    assert [(c.record_id, c.version) for c in after.changes] == [(r1, 1), (held, 2)]
    assert after.total == first.total + 1


def test_pull_queries_are_index_range_scans(pg_db: tuple[Database, str]) -> None:
    """Other communes' records do not enter the plan: each part of the scope is an index scan
    on its own range (no sequential scan of records, no walk of the global seq index)."""
    db, _ = pg_db
    with db.begin() as conn:
        begin_changes(conn)
        # 60,000 records of three other communes (two provinces), 300 of the agent's.
        conn.execute(
            text(
                "INSERT INTO records (record_id, kind, version, deleted, body, commune_code,"
                " province_code, seq, updated_at)"
                " SELECT md5(g::text), 'household', 1, false, CAST('{}' AS JSON),"
                " (ARRAY['00004', '00008', '31024'])[g % 3 + 1],"
                " (ARRAY['01', '01', '91'])[g % 3 + 1], nextval('change_seq'), 'x'"
                " FROM generate_series(1, 60000) g"
            )
        )
        conn.execute(
            text(
                "INSERT INTO records (record_id, kind, version, deleted, body, commune_code,"
                " province_code, seq, updated_at)"
                " SELECT md5('mine' || g), 'household', 1, false, CAST('{}' AS JSON), '31027',"
                " '91', nextval('change_seq'), 'x' FROM generate_series(1, 300) g"
            )
        )
    with db.connect() as conn:
        conn.execute(text("ANALYZE records"))
        conn.commit()
    caller = Caller(1, "d", "u", frozenset({"31027", "31018"}))
    with db.connect() as conn:
        for query in (page_query(caller, 0, None, 501), count_query(caller, 10**9)):
            compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
            plan = "\n".join(conn.execute(text(f"EXPLAIN {compiled}")).scalars())
            assert "Seq Scan on records" not in plan, plan
            assert "records_seq_key" not in plan or "Index Cond: (seq =" in plan, plan
            for name in ("ix_records_commune_seq", "ix_records_kind_province_seq"):
                assert name in plan, plan


def test_workers_need_postgresql(tmp_path: Path) -> None:
    done = subprocess.run(
        [_exe(), "serve", "--data-dir", str(tmp_path), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--workers above 1 needs --database-url" in done.stderr
