"""The client's sync use cases: connect this laptop to the central server, check it is
reachable, run a sync cycle over the local store, and close the day.

Qt-free and synchronous. The desktop app runs them on its network pool and gives the service
its database executor (``bind_db``): every store access then hops to the database thread,
which owns the connection, while the waits on the network stay off it, so searching and saving
go on during a day-end sync. The server's address, this device's token and id live in the
profile's encrypted settings.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import asdict
from datetime import date, datetime
from typing import Any, Final, Protocol, TypeVar

from agent_app.storage.profiles import update_profile
from agent_app.storage.syncport import LocalSyncPort
from sync.client import (
    ProgressCallback,
    SyncClient,
    SyncEngine,
    SyncError,
    SyncReport,
    SyncStorePort,
)
from sync.protocol import Change, DeviceResponse, Op, OpResult, iso_utc, utc_now

KEY_SERVER_URL: Final = "sync.server_url"
KEY_TOKEN: Final = "sync.token"
KEY_DEVICE_ID: Final = "sync.device_id"
KEY_DEVICE_NAME: Final = "sync.device_name"
KEY_LAST_REPORT: Final = "sync.last_report"
ONLINE_CHECK_TIMEOUT: Final = 3.0

ClientFactory = Callable[[str, str | None], SyncClient]
T = TypeVar("T")


class OnDbThread:
    """Runs callables on the database executor and waits for them; directly when there is none
    or when already on its thread (a single worker waiting on itself would deadlock)."""

    def __init__(self, executor: Executor | None = None) -> None:
        self.executor = executor
        self._thread = executor.submit(threading.current_thread).result() if executor else None

    def __call__(self, fn: Callable[..., T], *args: Any) -> T:
        if self.executor is None or threading.current_thread() is self._thread:
            return fn(*args)
        return self.executor.submit(fn, *args).result()


class DbBoundPort:
    """A ``SyncStorePort`` whose every call runs on the database thread (see the module doc).
    Each port call is one transaction, so interleaving them with the UI's work is safe."""

    def __init__(self, port: SyncStorePort, on_db: OnDbThread) -> None:
        self._port = port
        self._on_db = on_db

    def pending_count(self) -> int:
        return self._on_db(self._port.pending_count)

    def take_batch(self, limit: int) -> list[Op]:
        return self._on_db(self._port.take_batch, limit)

    def settle(self, results: Sequence[tuple[Op, OpResult]]) -> None:
        self._on_db(self._port.settle, results)

    def release(self, ops: Sequence[Op]) -> None:
        self._on_db(self._port.release, ops)

    def pull_cursor(self) -> int:
        return self._on_db(self._port.pull_cursor)

    def apply_pull_page(self, changes: Sequence[Change], cursor: int) -> None:
        self._on_db(self._port.apply_pull_page, changes, cursor)

    def known_count(self) -> int:
        return self._on_db(self._port.known_count)

    def reset_pull(self) -> None:
        self._on_db(self._port.reset_pull)

    def finish_pull(self) -> None:
        self._on_db(self._port.finish_pull)


class NotConfigured(SyncError):
    """Sync was asked for before this laptop was connected to a server."""


class _Settings(Protocol):
    def setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


class _Day(Protocol):
    def day_report(self, on: date | None = None) -> Any: ...


class _Workspace(_Settings, Protocol):
    """The parts of ``agent_app.services.Workspace`` this module uses."""

    @property
    def store(self) -> Any: ...

    @property
    def today(self) -> _Day: ...

    @property
    def rates(self) -> Any: ...


def _default_client(base_url: str, token: str | None) -> SyncClient:
    return SyncClient(base_url, token)


def _default_port(store: Any) -> SyncStorePort:
    port: SyncStorePort = LocalSyncPort(store)
    return port


def _keep_server_code(store: Any, code: str) -> None:
    if store.profile.server_code != code:
        update_profile(store, server_code=code)


def _report_to_json(report: SyncReport) -> str:
    data = asdict(report)
    data["started_at"] = iso_utc(report.started_at)
    return json.dumps(data, ensure_ascii=False)


class SyncService:
    """Sync use cases for one unlocked profile (a ``Workspace``)."""

    def __init__(
        self,
        workspace: _Workspace,
        *,
        client_factory: ClientFactory = _default_client,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        port_factory: Callable[[Any], SyncStorePort] = _default_port,
        max_attempts: int = 5,
        batch_size: int = 500,
        db_executor: Executor | None = None,
    ) -> None:
        self.workspace = workspace
        self._on_db = OnDbThread(db_executor)
        self.client_factory = client_factory
        self.clock = clock
        self.sleep = sleep
        self.port_factory = port_factory
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self._last: SyncReport | None = None

    def bind_db(self, executor: Executor | None) -> None:
        """Run every store access on ``executor`` from now on (the app's database thread)."""
        self._on_db = OnDbThread(executor)

    def _setting(self, key: str) -> Any:
        return self._on_db(self.workspace.setting, key)

    def _set_setting(self, key: str, value: Any) -> None:
        self._on_db(self.workspace.set_setting, key, value)

    # -- connection --

    def connect(
        self, server_url: str, username: str, enrollment_code: str, device_name: str
    ) -> DeviceResponse:
        """Register this laptop with the server and keep its token. Nothing is stored when the
        server refuses (``AuthError`` for a wrong or used code) or cannot be reached."""
        url = server_url.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ValueError("the server address must start with http:// or https://")
        client = self.client_factory(url, None)
        device = client.register(username.strip(), enrollment_code.strip(), device_name.strip())
        self._set_setting(KEY_SERVER_URL, url)
        self._set_setting(KEY_TOKEN, device.token)
        self._set_setting(KEY_DEVICE_ID, device.device_id)
        self._set_setting(KEY_DEVICE_NAME, device_name.strip())
        if device.agent.code:
            # Receipt numbers carry the server's agent code from now on (the server refuses
            # others), whatever code the agent typed into the profile.
            self._on_db(_keep_server_code, self.workspace.store, device.agent.code)
        return device

    def is_configured(self) -> bool:
        return bool(self._setting(KEY_SERVER_URL)) and bool(self._setting(KEY_TOKEN))

    def server_url(self) -> str | None:
        url = self._setting(KEY_SERVER_URL)
        return url if isinstance(url, str) and url else None

    def device_id(self) -> str | None:
        value = self._setting(KEY_DEVICE_ID)
        return value if isinstance(value, str) and value else None

    def _client(self) -> SyncClient:
        url = self.server_url()
        token = self._setting(KEY_TOKEN)
        if url is None or not isinstance(token, str) or not token:
            raise NotConfigured("this laptop is not connected to a server yet")
        return self.client_factory(url, token)

    def check_online(self) -> bool:
        """Whether the server answers its health check within a few seconds."""
        url = self.server_url()
        if url is None:
            return False
        try:
            self.client_factory(url, None).health(timeout=ONLINE_CHECK_TIMEOUT)
        except SyncError:  # offline, refused, or not our protocol
            return False
        return True

    # -- sync --

    def sync(self, progress: ProgressCallback | None = None) -> SyncReport:
        """One sync cycle. Offline is a report (``offline=True``), not an error; ``AuthError``
        (revoked device) and ``NotConfigured`` are raised so the UI can ask to reconnect."""
        engine = SyncEngine(
            self._client(),
            DbBoundPort(self._on_db(self.port_factory, self.workspace.store), self._on_db),
            clock=self.clock,
            sleep=self.sleep,
            batch_size=self.batch_size,
            max_attempts=self.max_attempts,
        )
        report = engine.run(progress)
        # Rates an administrator published arrive with the pull: parse them now, on the
        # database thread, so known_rates (what dialogs read) is current.
        self._on_db(lambda: self.workspace.rates)
        self._last = report
        self._set_setting(KEY_LAST_REPORT, _report_to_json(report))
        return report

    def last_report(self) -> SyncReport | None:
        """The last report of this session, else the one saved in the profile."""
        if self._last is not None:
            return self._last
        raw = self._setting(KEY_LAST_REPORT)
        if not isinstance(raw, str):
            return None
        try:
            data = json.loads(raw)
            data["started_at"] = datetime.fromisoformat(data["started_at"].replace("Z", "+00:00"))
            mismatch = data.get("count_mismatch")
            data["count_mismatch"] = tuple(mismatch) if mismatch else None
            return SyncReport(**data)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # a report saved by another version: not worth failing over

    def close_day(
        self, on: date | None = None, progress: ProgressCallback | None = None
    ) -> tuple[SyncReport, Any]:
        """Sync, then the day's report (receipts, cash, what is still pending or rejected)."""
        report = self.sync(progress)
        return report, self._on_db(self.workspace.today.day_report, on)
