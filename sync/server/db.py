"""The server's storage: the SQLAlchemy Core schema, its migrations and the engine set-up for
SQLite (the embedded default, WAL) and PostgreSQL (production, by URL).

Every change the server accepts gets a new global sequence number (``counters.seq``); writers take
that counter's row lock first, so sequence numbers commit in order and a pull never skips one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url

SCHEMA_VERSION: Final = 2
DB_FILE: Final = "server.db"

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

# Named counters; ``seq`` is the global change sequence that pulls page through.
counters = Table(
    "counters",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

agents = Table(
    "agents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(200), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("code", String(64), nullable=False),
    Column("communes", JSON, nullable=False),
    # sha256 of the one-time enrollment code; NULL once used.
    Column("enrollment_hash", String(64), nullable=True),
    Column("created_at", String(32), nullable=False),
    # v2: the code prefixes the agent's receipt numbers, so no two agents may share it.
    Index("ux_agents_code", "code", unique=True),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agent_id", Integer, nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32), nullable=True),
)

# The current state of every record, business kinds and reference data alike.
records = Table(
    "records",
    metadata,
    Column("record_id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("body", JSON, nullable=False),
    # Scope: business records carry their commune; reference data a province or nothing (global).
    Column("commune_code", String(8), nullable=True),
    Column("province_code", String(4), nullable=True),
    Column("agent_id", Integer, nullable=True),  # author (append-only kinds may be corrected by it)
    Column("receipt_number", String(200), nullable=True, unique=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("updated_at", String(32), nullable=False),
    # v2: the household a business record belongs to (a household names itself), so that its
    # people, visits, enrollments, receipts and follow-ups follow it when it moves commune.
    Column("household_id", String(64), nullable=True),
    # v2: a live receipt names its enrollment here (NULL once voided): one live receipt per
    # enrollment, enforced by the unique index.
    Column("live_receipt_of", String(64), nullable=True),
    Index("ix_records_commune_seq", "commune_code", "seq"),
    Index("ix_records_province_seq", "province_code", "seq"),
    Index("ix_records_household", "household_id"),
    Index("ux_records_live_receipt", "live_receipt_of", unique=True),
)

# v2: every receipt number ever accepted, in its normal form (sync.domain.receipts); a voided
# or deleted receipt never frees its number.
receipt_numbers = Table(
    "receipt_numbers",
    metadata,
    Column("number", Text, primary_key=True),
    Column("record_id", String(64), nullable=False, index=True),
    Column("agent_id", Integer, nullable=True),
    Column("created_at", String(32), nullable=False),
)

# v2: records leaving (``removed``) or entering an agent's sight without changing themselves:
# a household moved to another commune (a row per record for the old commune, ``agent_id``
# NULL), a commune unassigned from or assigned to an agent (rows for that agent only). Pulls
# union these with the records; each row has its own number from the global sequence.
scope_changes = Table(
    "scope_changes",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("record_id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("commune_code", String(8), nullable=True),
    Column("agent_id", Integer, nullable=True),
    Column("removed", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_scope_changes_commune_seq", "commune_code", "seq"),
    Index("ix_scope_changes_agent_seq", "agent_id", "seq"),
)

# Every version's body, so a stale edit can be compared with what it was based on.
record_versions = Table(
    "record_versions",
    metadata,
    Column("record_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("body", JSON, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("changed", JSON, nullable=False),  # field names this version changed
    Column("op_id", String(64), nullable=True),
    Column("agent_id", Integer, nullable=True),
    Column("device_id", String(64), nullable=True),
    Column("created_at", String(32), nullable=False),
)

# Ops that were stored (applied, merged or kept as a conflict): idempotency by op_id.
ops = Table(
    "ops",
    metadata,
    Column("op_id", String(64), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("result", JSON, nullable=False),
    Column("agent_id", Integer, nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("received_at", String(32), nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("op_id", String(64), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("record_id", String(64), nullable=False, index=True),
    Column("base_version", Integer, nullable=False),
    Column("server_version", Integer, nullable=False),
    Column("body", JSON, nullable=False),
    Column("fields", JSON, nullable=False),
    Column("agent_id", Integer, nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("resolved_at", String(32), nullable=True),
)

# Who sent which op from which device, when, and what became of it (rejections included).
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False, index=True),
    Column("agent_id", Integer, nullable=True),
    Column("device_id", String(64), nullable=True),
    Column("action", String(32), nullable=False),
    Column("op_id", String(64), nullable=True),
    Column("kind", String(32), nullable=True),
    Column("record_id", String(64), nullable=True),
    Column("status", String(32), nullable=False),
    Column("code", String(32), nullable=True),
)


def normalize_url(database_url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy would otherwise pick psycopg2)."""
    url = make_url(database_url)
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


@dataclass(frozen=True, slots=True)
class Database:
    """An engine over the server's schema; ``engine.begin()`` for a transaction."""

    engine: Engine
    url: str

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        pool_size=8,
        max_overflow=40,
        pool_timeout=120,
        connect_args={"check_same_thread": False, "timeout": 60},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy's documented fix is
        # to switch it off and emit BEGIN ourselves (below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _create_engine(data_dir: Path, database_url: str | None) -> Engine:
    if database_url is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(data_dir / DB_FILE)
    url = normalize_url(database_url)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if not path:
            raise ValueError("an in-memory SQLite database cannot be shared; give a file path")
        return _sqlite_engine(Path(path))
    return create_engine(url, pool_size=10, max_overflow=40, pool_timeout=120, pool_pre_ping=True)


def migrate(db: Database, now: str) -> int:
    """Create the schema or bring it up to :data:`SCHEMA_VERSION`; returns the version found."""
    with db.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            # Two servers starting at once against one database must not both create tables.
            conn.execute(text("SELECT pg_advisory_xact_lock(727272)"))
        metadata.create_all(conn)
        found = conn.execute(select(schema_version.c.version)).scalars().all()
        current = max(found, default=0)
        if current > SCHEMA_VERSION:
            raise RuntimeError(
                f"the database has schema version {current}, newer than this server's "
                f"{SCHEMA_VERSION}: upgrade the server"
            )
        # A fresh database (current 0) was just created at the newest version by create_all.
        if 0 < current < 2:
            _migrate_to_2(conn, now)
        if current < SCHEMA_VERSION:
            conn.execute(schema_version.insert().values(version=SCHEMA_VERSION, applied_at=now))
        if conn.execute(select(counters.c.value).where(counters.c.name == "seq")).first() is None:
            conn.execute(counters.insert().values(name="seq", value=0))
    return current


def _migrate_to_2(conn: Connection, now: str) -> None:
    """v1 -> v2: the columns and indexes create_all does not add to existing tables, and their
    values worked out from the stored bodies (sync.server.links)."""
    from sync.server import links  # it imports this module

    for name in ("household_id", "live_receipt_of"):
        conn.execute(text(f"ALTER TABLE records ADD COLUMN {name} VARCHAR(64)"))
    links.backfill(conn, now)
    for index in (*records.indexes, *agents.indexes):
        if index.name in {"ix_records_household", "ux_records_live_receipt", "ux_agents_code"}:
            index.create(conn, checkfirst=True)


def open_engine(data_dir: Path, database_url: str | None = None) -> Database:
    engine = _create_engine(Path(data_dir), database_url)
    return Database(engine, engine.url.render_as_string(hide_password=True))


def lock_seq(conn: Connection) -> int:
    """Take the write lock (SQLite) or the counter's row lock (PostgreSQL); the current seq.

    The UPDATE comes first in a write transaction on purpose: on SQLite it upgrades to the write
    lock before any read, so the transaction never meets a stale snapshot.
    """
    conn.execute(update(counters).where(counters.c.name == "seq").values(value=counters.c.value))
    value = conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one()
    return int(value)


def store_seq(conn: Connection, value: int) -> None:
    conn.execute(update(counters).where(counters.c.name == "seq").values(value=value))


def current_seq(conn: Connection) -> int:
    value = conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one()
    return int(value)
