"""The first sync of a recovered laptop asks the server for the next pull page while it stores
the one it has (the server's work and the laptop's overlap), and still stores the pages in
order, each once, with the count check passing. Real server (SQLite and PostgreSQL), real
encrypted store, real engine over HTTP."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import KdfParams, create_profile
from agent_app.storage.syncport import LocalSyncPort
from sync.client import SyncClient
from sync.demo import DEMO_AGENT
from sync.protocol import Change, PullResponse
from sync.server.admin import new_code, seed_demo, vn_today
from sync.server.embedded import EmbeddedServer


class CountingClient(SyncClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[int] = []
        self.second_asked = threading.Event()

    def pull(self, cursor: int, limit: int) -> PullResponse:
        self.asked.append(cursor)
        if len(self.asked) == 2:
            self.second_asked.set()
        return super().pull(cursor, limit)


class WatchingPort(LocalSyncPort):
    """Stores pages as the real port does; while storing the first, waits (at most 10 s) for
    the engine to ask for the second."""

    def __init__(self, store: Any, client: list[CountingClient]) -> None:
        super().__init__(store)
        self.client = client
        self.cursors: list[int] = []
        self.asked_while_storing: bool | None = None

    def apply_pull_page(self, changes: Sequence[Change], cursor: int) -> None:
        if not self.cursors:
            self.asked_while_storing = self.client[0].second_asked.wait(10)
        super().apply_pull_page(changes, cursor)
        self.cursors.append(cursor)


def test_the_next_page_is_fetched_while_this_one_is_stored(
    server: EmbeddedServer, tmp_path: Path
) -> None:
    seed_demo(server.db, households=150)  # about 800 records: two pages of 500 and more
    code = new_code(server.db, username=DEMO_AGENT["username"])
    store = create_profile(
        tmp_path / "new-laptop",
        agent_name=DEMO_AGENT["name"],
        agent_code=DEMO_AGENT["code"],
        communes=DEMO_AGENT["communes"],
        passphrase="a new passphrase",
        kdf=KdfParams(secrets.token_bytes(16), n=2**10),
    )
    clients: list[CountingClient] = []
    ports: list[WatchingPort] = []

    def client_factory(base: str, token: str | None) -> SyncClient:
        clients.append(CountingClient(base, token))
        return clients[-1]

    def port_factory(s: Any) -> WatchingPort:
        ports.append(WatchingPort(s, clients[-1:]))
        return ports[-1]

    try:
        service = SyncService(
            Workspace(store, today=vn_today),
            client_factory=client_factory,
            port_factory=port_factory,
        )
        service.connect(server.url, DEMO_AGENT["username"], code, "Replacement laptop")
        report = service.sync()
        assert report.ok, report.error
        assert not report.repulled
        assert report.count_mismatch is None
        port, client = ports[-1], clients[-1]
        assert port.asked_while_storing is True
        assert len(port.cursors) >= 2
        # Each page asked for once, from the cursor the one before it ended at.
        assert client.asked == [0, *port.cursors[:-1]]
        assert port.cursors == sorted(set(port.cursors))
        assert report.pulled == port.known_count()
    finally:
        store.close()
