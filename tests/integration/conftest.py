"""Fixtures of the integration suite: a real server on 127.0.0.1:0 over SQLite and PostgreSQL.

``database_url`` is parametrised: ``None`` (SQLite in the test's folder) and a fresh PostgreSQL
database per test. PostgreSQL comes from ``$TEST_DATABASE_URL`` (a role that may CREATE
DATABASE) or else from a throwaway cluster started for the session from the Debian binaries
(``/usr/lib/postgresql/*/bin``); without either the PostgreSQL half is skipped, except under
``CI=true`` where that is a failure.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import psycopg
import pytest
import requests
from sqlalchemy.engine import make_url

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import Store, create_profile
from agent_app.storage.connection import KdfParams
from agent_app.storage.syncport import LocalSyncPort
from sync.client import SyncClient, SyncStorePort
from sync.protocol import DEVICES_PATH, AgentInfo, utc_now
from sync.server.admin import add_agent, vn_today
from sync.server.db import Database
from sync.server.embedded import EmbeddedServer

DEFAULT_COMMUNES = ("31027", "31018")
COMMUNE = "31027"  # the laptops' default commune
PASSPHRASE = "mật khẩu dài"
_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Cluster:
    """A PostgreSQL cluster in a temporary folder, run by an unprivileged user when root."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="pgtest-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user: str | None = None
        # PostgreSQL refuses to run as root (POSIX only: Windows has no euid and no pwd).
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            import pwd

            for candidate in ("postgres", "nobody"):
                try:
                    entry = pwd.getpwnam(candidate)
                except KeyError:
                    continue
                self.user = candidate
                os.chown(self.root, entry.pw_uid, entry.pw_gid)
                break
            else:
                raise RuntimeError("no unprivileged user to run PostgreSQL as")
        self.root.chmod(0o755)

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, cwd=self.root)

    def start(self) -> str:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        # Durability settings off: a test cluster dies with the session anyway (a killed
        # server process still loses nothing that PostgreSQL acknowledged).
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _bindir() -> Path | None:
    """Debian's newest PostgreSQL binaries, else an ``initdb`` on PATH (Windows, Homebrew)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL URL of a role that may create databases, for the whole session."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield given
        return
    bindir = _bindir()
    if bindir is None:
        reason = (
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH)"
        )
        if _CI:
            pytest.fail(f"{reason}; CI must run the PostgreSQL half (see .ci/run)")
        print(f"skipping the PostgreSQL half: {reason}")
        pytest.skip(reason)
    cluster = _Cluster(bindir)
    try:
        url = cluster.start()
    except (subprocess.CalledProcessError, RuntimeError) as exc:
        cluster.stop()
        detail = getattr(exc, "stderr", b"") or b""
        message = f"could not start a PostgreSQL cluster: {exc} {detail.decode(errors='replace')}"
        if _CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield url
    finally:
        cluster.stop()


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def fresh_postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A new, empty database on the session's PostgreSQL, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = _libpq(postgres_admin_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """``None`` for SQLite in the server's data dir, else a fresh PostgreSQL database URL."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("fresh_postgres_url"))


@pytest.fixture
def server(tmp_path: Path, database_url: str | None) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(tmp_path / "server", database_url=database_url) as running:
        yield running


@pytest.fixture
def server_db(server: EmbeddedServer) -> Database:
    return server.db


class AgentSession(NamedTuple):
    base_url: str
    token: str
    agent: AgentInfo

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


MakeAgent = Callable[..., AgentSession]


@pytest.fixture
def agent_token(server: EmbeddedServer) -> MakeAgent:
    """A factory: ``agent_token(communes=(...), username=..., server=...)`` adds an agent,
    registers a device through the API and returns ``(base_url, token, agent)``."""
    counter = iter(range(1, 10_000))

    def make(
        communes: Sequence[str] = DEFAULT_COMMUNES,
        *,
        username: str | None = None,
        name: str = "Nguyễn Thị Hoà",
        server: EmbeddedServer = server,
        device_name: str = "Laptop thử nghiệm",
    ) -> AgentSession:
        username = username or f"agent{next(counter)}"
        code = add_agent(server.db, username=username, name=name, communes=list(communes))
        response = requests.post(
            server.url + DEVICES_PATH,
            json={"username": username, "enrollment_code": code, "device_name": device_name},
            timeout=30,
        )
        assert response.status_code == 201, response.text
        body = response.json()
        return AgentSession(server.url, body["token"], AgentInfo.from_wire(body["agent"]))

    return make


# --- real laptops: agents with their devices, encrypted stores connected to the server ---


@dataclass(frozen=True)
class Agent:
    username: str
    code: str
    communes: tuple[str, ...]
    token: str
    device_id: str


@pytest.fixture
def enroll(server: EmbeddedServer) -> Callable[..., Agent]:
    """Create an agent on the server and register one device: ``enroll("mai", ["31027"])``."""

    def make(username: str, communes: list[str], device_name: str = "Laptop") -> Agent:
        enrollment = add_agent(
            server.db, username=username, name=f"Cán bộ {username}", communes=communes
        )
        client = SyncClient(server.url, session=requests.Session())
        device = client.register(username, enrollment, device_name)
        return Agent(
            username,
            device.agent.code or "",
            device.agent.communes,
            device.token,
            device.device_id,
        )

    return make


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@dataclass
class Laptop:
    store: Store
    ws: Workspace
    sync: SyncService
    sleeps: Sleeps
    code: str

    def outbox(self, state: str) -> list[Any]:
        """``(op_id, kind, record_id, status, error, server, body)`` of the ops in ``state``."""
        return [
            (e.op_id, e.kind, e.record_id, e.status, e.error, e.server, e.body)
            for e in self.store.outbox.entries(state)
        ]


@pytest.fixture
def laptop(server, tmp_path: Path) -> Iterator[Callable[..., Laptop]]:
    """A fresh encrypted profile connected to the server (through ``url`` if given); ``port``
    wraps the store's sync port (to act while a push is on the wire)."""
    count = iter(range(1, 100))
    stores: list[Store] = []

    def make(
        username: str = "mai",
        communes: tuple[str, ...] = (COMMUNE,),
        *,
        url: str | None = None,
        timeout: float = 10.0,
        clock: Callable[[], Any] = utc_now,
        port: Callable[[LocalSyncPort], SyncStorePort] | None = None,
    ) -> Laptop:
        enrollment = add_agent(server.db, username=username, name="Trần Thị Mai", communes=communes)
        sleeps = Sleeps()
        store = create_profile(
            tmp_path / f"laptop{next(count)}",
            agent_name="Trần Thị Mai",
            agent_code=f"{username.upper()}01",
            communes=communes,
            passphrase=PASSPHRASE,
            kdf=KdfParams(secrets.token_bytes(16), n=2**10),
        )
        stores.append(store)
        ws = Workspace(store, today=vn_today)  # a laptop in Vietnam (UTC+7)
        wrap = port if port is not None else (lambda inner: inner)
        service = SyncService(
            ws,
            client_factory=lambda base, token: SyncClient(base, token, timeout=timeout),
            sleep=sleeps,
            clock=clock,
            port_factory=lambda s: wrap(LocalSyncPort(s)),
        )
        device = service.connect(url or server.url, username, enrollment, "Laptop")
        return Laptop(store, ws, service, sleeps, device.agent.code or "AG")

    yield make
    for store in stores:
        store.close()
