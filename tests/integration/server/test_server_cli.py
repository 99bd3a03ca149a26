"""The ``agent-server`` commands as a subprocess: serve (and SIGKILL mid-batch), add-agent,
revoke-device, list-devices and seed-demo, against SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import requests
from sqlalchemy import func, select

from sync.protocol import DEVICES_PATH, HEALTH_PATH, PUSH_PATH, new_id
from sync.server.admin import open_database, seed_demo
from sync.server.db import records


def _exe() -> str:
    found = shutil.which("agent-server", path=str(Path(sys.executable).parent))
    assert found, "agent-server is not installed; run README's set-up"
    return found


def _cli(args: list[str], data_dir: Path, database_url: str | None) -> subprocess.CompletedProcess:
    db = ["--database-url", database_url] if database_url else []
    return subprocess.run(
        [_exe(), *args, "--data-dir", str(data_dir), *db],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Serve:
    """``agent-server serve`` in a subprocess, waited for through its health endpoint."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        db = ["--database-url", database_url] if database_url else []
        self.proc = subprocess.Popen(
            [_exe(), "serve", "--data-dir", str(data_dir), "--port", str(self.port), *db],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # The first line is printed once the database is open; uvicorn binds right after.
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert "agent-server" in line, line
        session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(
            max_retries=requests.adapters.Retry(total=50, connect=50, backoff_factor=0.02)
        )
        session.mount("http://", adapter)
        assert session.get(self.url + HEALTH_PATH, timeout=30).status_code == 200

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
        self.proc.wait(30)
        if self.proc.stdout:
            self.proc.stdout.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)
        if self.proc.stdout:
            self.proc.stdout.close()


def test_add_agent_prints_the_code_alone_on_the_last_line(tmp_path, database_url):
    out = _cli(
        [
            "add-agent",
            "--username",
            "mai",
            "--name",
            "Trần Thị Mai",
            "--commune",
            "31027",
            "--commune",
            "31018",
        ],
        tmp_path,
        database_url,
    )
    assert out.returncode == 0, out.stderr
    code = out.stdout.strip().splitlines()[-1]
    assert len(code.replace("-", "")) == 12
    bad = _cli(
        ["add-agent", "--username", "x", "--name", "X", "--commune", "99999"],
        tmp_path,
        database_url,
    )
    assert bad.returncode == 2
    assert "99999" in bad.stderr


def test_cli_administers_a_running_server(tmp_path, database_url):
    server = _Serve(tmp_path, database_url)
    try:
        out = _cli(
            ["add-agent", "--username", "lan", "--name", "Lê Thị Lan", "--commune", "31027"],
            tmp_path,
            database_url,
        )
        code = out.stdout.strip().splitlines()[-1]
        device = requests.post(
            server.url + DEVICES_PATH,
            json={"username": "lan", "enrollment_code": code, "device_name": "Máy 1"},
            timeout=30,
        ).json()
        headers = {"Authorization": f"Bearer {device['token']}"}
        listed = _cli(["list-devices"], tmp_path, database_url)
        assert device["device_id"] in listed.stdout
        assert "active" in listed.stdout
        ok = requests.post(server.url + PUSH_PATH, json={"ops": []}, headers=headers)
        assert ok.status_code == 200
        revoked = _cli(["revoke-device", "--device", device["device_id"]], tmp_path, database_url)
        assert revoked.returncode == 0, revoked.stderr
        refused = requests.post(server.url + PUSH_PATH, json={"ops": []}, headers=headers)
        assert refused.status_code == 401
        again = _cli(["revoke-device", "--device", device["device_id"]], tmp_path, database_url)
        assert again.returncode == 1
    finally:
        server.stop()


def test_seed_demo_loads_the_demo_agent_and_households(tmp_path, database_url):
    out = _cli(["seed-demo", "--households", "20"], tmp_path, database_url)
    assert out.returncode == 0, out.stderr
    code = out.stdout.strip().splitlines()[-1]
    db = open_database(tmp_path, database_url)
    try:
        with db.connect() as conn:
            count = conn.execute(
                select(func.count()).select_from(records).where(records.c.kind == "household")
            ).scalar_one()
        assert count == 20
        # Seeding again adds nothing and hands out a new code.
        again = seed_demo(db, households=20, today=date.today())
        assert again != code
        with db.connect() as conn:
            assert (
                conn.execute(
                    select(func.count()).select_from(records).where(records.c.kind == "household")
                ).scalar_one()
                == 20
            )
            kinds = dict(
                conn.execute(select(records.c.kind, func.count()).group_by(records.c.kind)).all()
            )
        # A few weeks of the demo agent's work among the households come with them.
        assert {"visit", "enrollment", "receipt"} <= set(kinds)
        assert kinds["receipt"] == kinds["enrollment"]
    finally:
        db.dispose()


def _big_batches(count: int, per_batch: int) -> list[list[dict]]:
    batches = []
    for _ in range(count):
        ops = []
        for _ in range(per_batch):
            ops.append(
                {
                    "op_id": new_id(),
                    "kind": "household",
                    "record_id": new_id(),
                    "base_version": 0,
                    "device_time": "",
                    "deleted": False,
                    "body": {
                        "commune_code": "31027",
                        "address": "Ấp Tân Hòa " + "x" * 100,
                        "head_name": "Nguyễn Văn Ánh",
                    },
                }
            )
        batches.append(ops)
    return batches


def test_a_server_killed_mid_batch_loses_and_duplicates_nothing(tmp_path, database_url):
    server = _Serve(tmp_path, database_url)
    code = (
        _cli(
            ["add-agent", "--username", "an", "--name", "Phạm An", "--commune", "31027"],
            tmp_path,
            database_url,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    token = requests.post(
        server.url + DEVICES_PATH,
        json={"username": "an", "enrollment_code": code, "device_name": "x"},
        timeout=30,
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    batches = _big_batches(6, 500)
    first_done = threading.Event()
    outcomes: list[object] = []

    def send() -> None:
        for i, batch in enumerate(batches):
            try:
                r = requests.post(
                    server.url + PUSH_PATH, json={"ops": batch}, headers=headers, timeout=60
                )
                outcomes.append(r.status_code)
            except requests.RequestException as exc:
                outcomes.append(type(exc).__name__)
                first_done.set()
                return
            if i == 0:
                first_done.set()

    sender = threading.Thread(target=send)
    sender.start()
    assert first_done.wait(120)
    server.kill()  # while the following batches are in flight
    sender.join(120)
    assert any(not isinstance(o, int) for o in outcomes), "the kill came too late to matter"
    server = _Serve(tmp_path, database_url)
    try:
        statuses: list[str] = []
        for batch in batches:
            r = requests.post(
                server.url + PUSH_PATH, json={"ops": batch}, headers=headers, timeout=60
            )
            assert r.status_code == 200
            statuses.extend(x["status"] for x in r.json()["results"])
        assert set(statuses) <= {"applied", "duplicate"}
        assert statuses[:500] == ["duplicate"] * 500  # the batch answered before the kill
    finally:
        server.stop()
    db = open_database(tmp_path, database_url)
    try:
        with db.connect() as conn:
            rows = conn.execute(
                select(records.c.record_id, records.c.version).where(records.c.kind == "household")
            ).all()
    finally:
        db.dispose()
    sent = {op["record_id"] for batch in batches for op in batch}
    assert {r.record_id for r in rows} == sent
    assert len(rows) == len(sent)
    assert {r.version for r in rows} == {1}
