"""The open store of one agent profile: the keyed connection, transactions, and the record and
outbox repositories the use cases and the sync port work through."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent_app.storage.errors import StoreClosed

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True, slots=True)
class ProfileInfo:
    """What ``profile.json`` says about a profile (nothing secret)."""

    agent_name: str
    agent_code: str
    communes: tuple[str, ...]
    created_at: datetime
    path: Path
    server_url: str | None = None
    # The agent code the server gave at registration (unique among agents); the profile's own
    # ``agent_code`` is what the agent typed and names the profile's folder.
    server_code: str | None = None

    @property
    def receipt_code(self) -> str:
        """The prefix of this agent's receipt numbers: the server's code once registered."""
        return self.server_code or self.agent_code


class Store:
    """One open, unlocked profile database. Every method fails with :class:`StoreClosed` once
    :meth:`close` has run."""

    def __init__(self, conn: Any, profile: ProfileInfo, *, backup: Path | None = None) -> None:
        self._conn: Any | None = conn
        # sqlite_utils (with click, pluggy and dateutil: ~80 ms) is imported on the first use
        # of ``db``, not on opening: the first window should not wait for it.
        self._db: sqlite_utils.Database | None = None
        self._profile = profile
        self._depth = 0
        self._lock = threading.RLock()
        # Where the file was copied before the last migration, if one ran on opening.
        self.backup_path = backup
        # The repositories need a Store.
        from agent_app.storage.outbox import Outbox
        from agent_app.storage.receipt_prints import ReceiptPrints
        from agent_app.storage.records import Records

        self.records = Records(self)
        self.outbox = Outbox(self)
        self.receipt_prints = ReceiptPrints(self)

    @property
    def profile(self) -> ProfileInfo:
        return self._profile

    def _replace_profile(self, profile: ProfileInfo) -> None:
        # Only profiles.update_profile calls this, after rewriting profile.json.
        self._profile = profile

    @property
    def conn(self) -> Any:
        if self._conn is None:
            raise StoreClosed("the store is closed; open the profile again")
        return self._conn

    @property
    def db(self) -> sqlite_utils.Database:
        conn = self.conn  # raises StoreClosed
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(conn)
        return self._db

    @property
    def closed(self) -> bool:
        return self._conn is None

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> Any:
        return self.conn.executemany(sql, rows)

    def one(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: Any = ()) -> list[Any]:
        return list(self.conn.execute(sql, params).fetchall())

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception; nested calls use savepoints
        so an inner failure undoes only its own part when the caller handles it."""
        with self._lock:
            conn = self.conn
            if self._depth == 0:
                conn.execute("BEGIN IMMEDIATE")
                self._depth = 1
                try:
                    yield
                except BaseException:
                    self._depth = 0
                    conn.execute("ROLLBACK")
                    raise
                self._depth = 0
                conn.execute("COMMIT")
                return
            name = f"sp{self._depth}"
            conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            self._depth -= 1
            conn.execute(f"RELEASE {name}")

    def close(self) -> None:
        """Close the connection; later calls raise :class:`StoreClosed`. Closing twice is fine."""
        with self._lock:
            if self._conn is None:
                return
            conn, self._conn = self._conn, None
            try:
                conn.execute("PRAGMA optimize")
            finally:
                conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
