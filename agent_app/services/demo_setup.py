"""Demo mode with no set-up: an embedded central server on loopback with demo data, a demo
profile registered with it and synced once, so ``agent-app --demo`` shows the whole loop.

Qt-free. Everything lives in one folder (a fresh temporary one unless ``base_dir`` is given):
``server/`` holds the server's SQLite database, ``data/`` the laptop's encrypted profile.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent_app.services.workspace import Workspace
from agent_app.storage import create_profile, list_profiles, open_profile
from sync.client import SyncReport
from sync.demo import DEMO_AGENT, DEMO_PASSPHRASE
from sync.server.admin import seed_demo
from sync.server.embedded import EmbeddedServer

from .sync_service import SyncService

DEMO_DEVICE_NAME = "Máy tính demo"


@dataclass
class DemoSession:
    """A running demo: close it to stop the server and, if it made the folder, remove it."""

    server: EmbeddedServer
    base_dir: Path
    data_dir: Path
    store: Any
    workspace: Any
    sync_service: SyncService
    passphrase: str
    first_sync: SyncReport
    seconds: float
    owns_dir: bool = field(default=False, repr=False)

    @property
    def server_url(self) -> str:
        return self.server.url

    def close(self) -> None:
        try:
            self.store.close()
        finally:
            self.server.stop()
            if self.owns_dir:
                shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> DemoSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_or_create_profile(data_dir: Path, server_url: str) -> Any:
    code = DEMO_AGENT["code"]
    if any(p.agent_code == code for p in list_profiles(data_dir)):
        return open_profile(data_dir, code, DEMO_PASSPHRASE)
    return create_profile(
        data_dir,
        agent_name=DEMO_AGENT["name"],
        agent_code=code,
        communes=DEMO_AGENT["communes"],
        passphrase=DEMO_PASSPHRASE,
        server_url=server_url,
    )


def start_demo(base_dir: Path | None = None, *, households: int = 200) -> DemoSession:
    """Start the embedded server, seed it, open (or create) the demo profile, register this
    laptop and sync once. Reusing ``base_dir`` keeps both the server's and the laptop's data."""
    started = time.perf_counter()
    owns_dir = base_dir is None
    base = Path(tempfile.mkdtemp(prefix="bhxh-demo-")) if base_dir is None else Path(base_dir)
    data_dir = base / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    server = EmbeddedServer(base / "server")
    store = None
    try:
        url = server.start()
        # seed_demo hands out a fresh one-time enrollment code on every call, so reopening a
        # demo folder simply registers this laptop again (the server's port changes anyway).
        enrollment = seed_demo(server.db, households=households)
        store = _open_or_create_profile(data_dir, url)
        workspace = Workspace(store)
        service = SyncService(workspace)
        service.connect(url, DEMO_AGENT["username"], enrollment, DEMO_DEVICE_NAME)
        report = service.sync()
    except BaseException:
        if store is not None:
            store.close()
        server.stop()
        if owns_dir:
            shutil.rmtree(base, ignore_errors=True)
        raise
    return DemoSession(
        server=server,
        base_dir=base,
        data_dir=data_dir,
        store=store,
        workspace=workspace,
        sync_service=service,
        passphrase=DEMO_PASSPHRASE,
        first_sync=report,
        seconds=time.perf_counter() - started,
        owns_dir=owns_dir,
    )
