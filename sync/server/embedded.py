"""The server in a background thread on loopback: for tests, benchmarks and the app's demo mode.

``EmbeddedServer(data_dir).start()`` binds the socket itself (port 0 picks a free one), so the
URL is known before uvicorn runs, and returns once ``/api/v1/health`` answers.
"""

from __future__ import annotations

import socket
import threading
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Final

import uvicorn
from fastapi import FastAPI

from sync.loopback import session_for
from sync.protocol import HEALTH_PATH
from sync.server.admin import open_database
from sync.server.app import create_app
from sync.server.db import Database
from sync.server.ratelimit import DEVICE_RATE

_START_TIMEOUT: Final = 30.0


class EmbeddedServer:
    """A real uvicorn server over a real database, started and stopped from Python."""

    def __init__(
        self,
        data_dir: Path,
        *,
        database_url: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        today: date | None = None,
        device_rate: str | None = None,
        min_client: str | None = None,
        console: bool = False,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.database_url = database_url
        self.host = host
        self.port = port
        self.today = today
        self.device_rate = device_rate  # device registrations per address; None: the default
        self.min_client = min_client  # older apps are told to update (426)
        self.console = console  # the supervisors' web console (needs the server extra)
        self.url = ""
        self._db: Database | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.app: FastAPI | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("the server is not started")
        return self._db

    def start(self) -> str:
        if self._thread is not None:
            return self.url
        self._db = open_database(self.data_dir, self.database_url)
        fixed = self.today
        app = self.app = create_app(
            self._db,
            today=(lambda: fixed) if fixed is not None else None,
            device_rate=self.device_rate or DEVICE_RATE,
            min_client=self.min_client,
            console=self.console,
        )
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
            # Windows: SO_REUSEADDR there lets another socket bind the same port and take
            # the demo's traffic; exclusive use is what POSIX's SO_REUSEADDR already means.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self.url = f"http://{self.host}:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="embedded-server", daemon=True
        )
        self._thread.start()
        self._wait_started()
        with session_for(self.url) as session:
            response = session.get(self.url + HEALTH_PATH, timeout=_START_TIMEOUT)
            response.raise_for_status()
        return self.url

    def _wait_started(self) -> None:
        assert self._server is not None
        assert self._thread is not None
        waited = 0.0
        while not self._server.started:
            # join() with a timeout is a wait that also notices a server that died starting.
            self._thread.join(0.02)
            waited += 0.02
            if not self._thread.is_alive() or waited > _START_TIMEOUT:
                raise RuntimeError("the embedded server did not start")

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(_START_TIMEOUT)
        self._server = None
        self._thread = None
        if self._db is not None:
            self._db.dispose()
            self._db = None

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
