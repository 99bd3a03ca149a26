"""The server's storage: the SQLAlchemy Core schema, its migrations and the engine set-up for
SQLite (the embedded default, WAL) and PostgreSQL (production, by URL).

Every change the server accepts gets a new global sequence number. On SQLite (one writer at a
time) it comes from ``counters.seq``, whose update takes the write lock first, so sequence numbers
commit in order. On PostgreSQL (v3) it comes from the ``change_seq`` SEQUENCE, so writers of
different communes never wait for each other; they commit out of order, and pulls stop at a safe
horizon (:func:`safe_horizon`, from the ``seq_floors`` samples) below which every change is
committed, so a pull still never skips one. See docs/server.md, "Scale".
"""

from __future__ import annotations

import select as _select
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
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
    false,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError

SCHEMA_VERSION: Final = 5
DB_FILE: Final = "server.db"
CHANGE_SEQ: Final = "change_seq"  # PostgreSQL's sequence of change numbers (v3)
# Advisory lock keys (pg_advisory_xact_lock(namespace, key)): a commune's writers, an agent's
# writers (an agent with no commune), the reference data refresh.
LOCK_COMMUNE: Final = 727_301
LOCK_AGENT: Final = 727_302
LOCK_REFERENCES: Final = 727_303

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
    # v3: reference data by kind (and province, for administrative units) in sequence order, so
    # each branch of a pull's scope is an index range scan (sync.server.pull).
    Index("ix_records_kind_province_seq", "kind", "province_code", "seq"),
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

# v3, PostgreSQL only: one row per writing transaction, its transaction id and the sequence's
# value read just before that id was assigned (see safe_horizon); old rows are pruned.
seq_floors = Table(
    "seq_floors",
    metadata,
    Column("xid", BigInteger, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
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
    # The laptop's op deleted the record (v5): the console offers the deletion, not an edit.
    Column("deleted", Boolean, nullable=False, default=False, server_default=false()),
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
        """A write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE),
        waiting its turn behind other writers: a transaction that reads first and writes
        later would instead be refused at its first write ("database is locked") whenever
        another writer went first, since WAL cannot upgrade its now stale snapshot."""
        with self.engine.connect() as raw:
            conn = raw.execution_options(sqlite_write=True)
            with conn.begin():
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
        write = conn.get_execution_options().get("sqlite_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

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
    # As many kept connections as the thread pool runs requests at once (anyio's 40): with 10,
    # a burst opened and closed overflow connections all along, each a new PostgreSQL backend
    # to fork and warm. A process uses at most 50; size max_connections for N processes.
    engine = create_engine(url, pool_size=40, max_overflow=10, pool_timeout=120)
    _check_on_checkout(engine)
    return engine


# A kept connection idle for longer is pinged before use (it may have been dropped silently).
PING_IDLE_SECONDS: Final = 10.0


def _check_on_checkout(engine: Engine) -> None:
    """Hand out only live connections, without a round trip per checkout.

    ``pool_pre_ping`` sent a query on every checkout: three a push (the token, the batch, the
    device's activity) of some 20 round trips, each one more hand-off of the GIL among the
    thread pool's 40 threads in a burst. A connection the server ended (PostgreSQL restarted,
    the backend terminated, ``idle_session_timeout``) has data waiting on its socket, the
    server's last message or the end of the stream, which a zero-timeout ``select`` sees
    without a round trip; one idle for longer than :data:`PING_IDLE_SECONDS` is pinged as
    before. A dead one raises ``DisconnectionError``, on which the pool discards it and takes
    another (SQLAlchemy's documented pessimistic handling), so no request meets it."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None:
            return  # connected just now
        try:
            if time.monotonic() - since < PING_IDLE_SECONDS and not _readable(dbapi_conn):
                return
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # any failure: the connection is unusable
            raise DisconnectionError(f"a pooled connection was dead: {exc}") from exc


def _readable(dbapi_conn: Any) -> bool:
    """Whether an idle connection's socket has input (a closed connection always does)."""
    ready, _, _ = _select.select([dbapi_conn.fileno()], [], [], 0)
    return bool(ready)


def migrate(db: Database, now: str) -> int:
    """Create the schema or bring it up to :data:`SCHEMA_VERSION`; returns the version found."""
    from sync.server import tallies  # its tables (v4) join the metadata; it imports this module

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
        if 0 < current < 3:
            _migrate_to_3(conn)
        if 0 < current < 4:
            _migrate_to_4(conn, tallies.rebuild)
        if 0 < current < 5:
            _migrate_to_5(conn)
        if current < SCHEMA_VERSION:
            conn.execute(schema_version.insert().values(version=SCHEMA_VERSION, applied_at=now))
        if conn.execute(select(counters.c.value).where(counters.c.name == "seq")).first() is None:
            conn.execute(counters.insert().values(name="seq", value=0))
        if conn.dialect.name == "postgresql":
            _ensure_sequence(conn, fresh=current < 3)
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


def _migrate_to_3(conn: Connection) -> None:
    """v2 -> v3: the reference-data index (``seq_floors`` is a new table, made by create_all;
    the PostgreSQL sequence by :func:`_ensure_sequence`)."""
    for index in records.indexes:
        if index.name == "ix_records_kind_province_seq":
            index.create(conn, checkfirst=True)


def _migrate_to_4(conn: Connection, rebuild: Callable[[Connection], int]) -> None:
    """v3 -> v4: the console's tallies (new tables, made by create_all), counted from the
    stored records (sync.server.tallies.rebuild)."""
    rebuild(conn)


def _migrate_to_5(conn: Connection) -> None:
    """v4 -> v5: whether a conflict's op was a deletion (every stored one was taken as an
    edit; their bodies cannot tell)."""
    if "deleted" in {c["name"] for c in inspect(conn).get_columns("conflicts")}:
        return  # made by create_all already (a database whose version rows were rewritten)
    conn.execute(text("ALTER TABLE conflicts ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE"))


def _ensure_sequence(conn: Connection, *, fresh: bool) -> None:
    """The PostgreSQL change sequence; when it is new, it starts past every number in use (the
    v2 counter, records and scope changes), so a laptop's cursor stays valid."""
    conn.execute(text(f"CREATE SEQUENCE IF NOT EXISTS {CHANGE_SEQ} AS bigint CACHE 1"))
    if not fresh:
        return
    top = conn.execute(
        text(
            "SELECT GREATEST("
            "(SELECT COALESCE(MAX(value), 0) FROM counters WHERE name = 'seq'),"
            "(SELECT COALESCE(MAX(seq), 0) FROM records),"
            "(SELECT COALESCE(MAX(seq), 0) FROM scope_changes))"
        )
    ).scalar_one()
    current = conn.execute(text(f"SELECT last_value, is_called FROM {CHANGE_SEQ}")).one()
    if int(top) > 0 and (not current.is_called or int(current.last_value) < int(top)):
        conn.execute(text("SELECT setval(:name, :top, true)"), {"name": CHANGE_SEQ, "top": top})


def open_engine(data_dir: Path, database_url: str | None = None) -> Database:
    engine = _create_engine(Path(data_dir), database_url)
    return Database(engine, engine.url.render_as_string(hide_password=True))


def lock_seq(conn: Connection) -> int:
    """Take the write lock (SQLite) or the counter's row lock (PostgreSQL); the current seq.

    The UPDATE comes first in a write transaction on purpose: on SQLite it upgrades to the write
    lock before any read, so the transaction never meets a stale snapshot. (Since v3 the server
    uses it on SQLite only: see :func:`begin_changes`; on PostgreSQL it still works for a
    caller that numbers rows itself, with :func:`store_seq`, though serialised as before.)
    """
    conn.execute(update(counters).where(counters.c.name == "seq").values(value=counters.c.value))
    if conn.dialect.name == "postgresql":
        return begin_changes(conn).value
    value = conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one()
    return int(value)


def store_seq(conn: Connection, value: int) -> None:
    conn.execute(update(counters).where(counters.c.name == "seq").values(value=value))
    if conn.dialect.name == "postgresql" and value > _sequence_value(conn):
        conn.execute(text("SELECT setval(:name, :v, true)"), {"name": CHANGE_SEQ, "v": value})


def current_seq(conn: Connection) -> int:
    if conn.dialect.name == "postgresql":
        return _sequence_value(conn)
    value = conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one()
    return int(value)


class SeqAllocator:
    """Hands out sequence numbers inside a write transaction: after ``current`` when the caller
    holds the seq lock (SQLite), else (:class:`SequenceAllocator`) from PostgreSQL's sequence.
    ``value`` is the last number handed out (or the current one before the first)."""

    def __init__(self, current: int) -> None:
        self.value = current

    def next(self) -> int:
        self.value += 1
        return self.value


class SequenceAllocator(SeqAllocator):
    """Numbers from the ``change_seq`` SEQUENCE, fetched in blocks (one round trip for a batch);
    a number fetched and not used is a harmless gap. Other transactions take numbers meanwhile,
    so a block need not be contiguous, but each block's numbers are handed out in order."""

    def __init__(self, conn: Connection, current: int, block: int = 16) -> None:
        super().__init__(current)
        self._conn = conn
        self._free: list[int] = []
        self.block = max(1, block)

    def next(self) -> int:
        if not self._free:
            got = self._conn.execute(
                text(f"SELECT nextval('{CHANGE_SEQ}') FROM generate_series(1, :n)"),
                {"n": self.block},
            ).scalars()
            self._free = sorted((int(v) for v in got), reverse=True)
            self.block = max(self.block, 64)
        self.value = self._free.pop()
        return self.value


def _sequence_value(conn: Connection) -> int:
    """The last number PostgreSQL's sequence handed out (0 before the first)."""
    row = conn.execute(text(f"SELECT last_value, is_called FROM {CHANGE_SEQ}")).one()
    return int(row.last_value) if row.is_called else int(row.last_value) - 1


def _lock_key(code: str) -> int:
    """An advisory lock key for a commune code (5 digits); any other text by its CRC."""
    if code.isdigit() and len(code) <= 9:
        return int(code)
    return zlib.crc32(code.encode()) & 0x7FFFFFFF


def _scope_keys(communes: Iterable[str], agent_id: int | None) -> tuple[int, list[int]]:
    """The advisory lock namespace and keys of a writer: its communes' keys in order, or its
    agent's own key when it has no commune (none: nothing to lock)."""
    keys = sorted({_lock_key(c) for c in communes})
    if keys:
        return LOCK_COMMUNE, keys
    return LOCK_AGENT, ([agent_id] if agent_id is not None else [])


def lock_scope(conn: Connection, communes: Iterable[str], agent_id: int | None = None) -> None:
    """PostgreSQL: take the advisory locks of these communes (in order, so two writers never
    deadlock) for the rest of the transaction; writers of other communes go on in parallel.
    What a push reads and decides on (its records, their parents, a person's enrollments) lies
    in the caller's communes, so two pushes that could disagree queue here. An agent's own lock
    when it has no commune. SQLite: nothing (its write lock already serialises writers).

    Taken before :func:`begin_changes`, so a writer waiting here holds no transaction id and
    does not hold back the pull horizon (:func:`begin_scoped_changes` does both at once)."""
    if conn.dialect.name != "postgresql":
        return
    namespace, keys = _scope_keys(communes, agent_id)
    if keys:
        conn.execute(_LOCK_KEYS, {"ns": namespace, "keys": keys})


_LOCK_KEYS: Final = text(
    "SELECT count(pg_advisory_xact_lock(:ns, k)) FROM unnest(CAST(:keys AS int[])) k"
)


def lock_references(conn: Connection) -> None:
    """PostgreSQL: one writer of the global reference data at a time (servers starting at once)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:ns, 0)"), {"ns": LOCK_REFERENCES})


# A writing transaction's floor sample in one statement (see begin_changes): ``l`` takes the
# advisory locks (none when ``keys`` is empty); ``s`` reads the sequence's value and whether
# the transaction has an id yet, and cannot yield its row before ``l`` has all its locks (a
# join); ``i`` stores (id, value), and the id is assigned there, by pg_current_xact_id(), for a
# row of ``s``, so after the value was read and the locks taken. PostgreSQL runs a
# data-modifying WITH to completion whether or not the main query reads it.
_BEGIN_CHANGES: Final = text(
    "WITH l AS MATERIALIZED ("
    " SELECT count(pg_advisory_xact_lock(:ns, k)) AS locked FROM unnest(CAST(:keys AS int[])) k),"
    " s AS MATERIALIZED (SELECT CASE WHEN q.is_called THEN q.last_value ELSE q.last_value - 1"
    f"  END AS floor, pg_current_xact_id_if_assigned() IS NULL AS fresh FROM {CHANGE_SEQ} q, l),"
    " i AS (INSERT INTO seq_floors (xid, seq)"
    "  SELECT pg_current_xact_id()::text::bigint, floor FROM s WHERE fresh)"
    " SELECT floor FROM s"
)


def begin_changes(conn: Connection, block: int = 16) -> SeqAllocator:
    """The sequence numbers of a write transaction; call it before the transaction writes
    anything. SQLite: the write lock and the counter (:func:`lock_seq`); finish with
    :func:`finish_changes`. PostgreSQL: no lock; the transaction first records its floor, the
    sequence's value read just *before* its transaction id is assigned, in ``seq_floors``. Every
    number it then takes is larger than that floor, and every number at or below the floor was
    taken by a transaction whose id is smaller than this one's: that is what
    :func:`safe_horizon` relies on. (A transaction that wrote before already has its id, which
    came earlier still: its numbers are still taken after its id, which is all the horizon
    needs, so it records no sample, whose floor would be wrong.)"""
    return begin_scoped_changes(conn, (), None, block)


def begin_scoped_changes(
    conn: Connection, communes: Iterable[str], agent_id: int | None, block: int = 16
) -> SeqAllocator:
    """:func:`lock_scope` then :func:`begin_changes`, in one round trip on PostgreSQL (a push
    made four before: lock, id check, sequence value, sample, and they were a good part of a
    small push's time under load). The locks still come before the transaction's id, so a
    writer waiting for them does not hold the pull horizon back."""
    if conn.dialect.name != "postgresql":
        return SeqAllocator(lock_seq(conn))
    namespace, keys = _scope_keys(communes, agent_id)
    floor = conn.execute(_BEGIN_CHANGES, {"ns": namespace, "keys": keys}).scalar_one()
    return SequenceAllocator(conn, int(floor), block)


def finish_changes(conn: Connection, seq: SeqAllocator) -> None:
    """End of a write transaction's numbering: SQLite stores its counter; PostgreSQL nothing."""
    if conn.dialect.name != "postgresql":
        store_seq(conn, seq.value)


@dataclass(frozen=True, slots=True)
class Horizon:
    """The largest sequence number a pull may return (None: no bound, SQLite), and the floor
    sample it came from (older samples may be pruned)."""

    seq: int | None
    floor_xid: int | None = None


def safe_horizon(conn: Connection) -> Horizon:
    """The largest sequence number below which every change is committed (or never will be).

    PostgreSQL hands out numbers at once but transactions commit in any order, so a pull that
    returned seq 11 while the transaction holding seq 10 is still running would move the
    laptop's cursor past 10 for good. Proof of the bound: a floor sample (x, v) says every number
    <= v was taken by a transaction with id < x (begin_changes). If x is below the snapshot's
    xmin, every transaction with id < x has ended (xmin is the oldest id still running; ids at or
    past the snapshot's xmax are all >= xmin), so every change numbered <= v is committed and
    visible to any later statement, and no new one can get such a number (the sequence only
    grows). The pull first commits a sample of its own (a tiny transaction, no durability
    needed: a lost sample only makes later horizons lower), so on a server with no write
    running the horizon is the newest number and a push shows at the very next pull.

    ``conn`` must not be inside a transaction that wrote: the sample is committed here.
    """
    if conn.dialect.name != "postgresql":
        return Horizon(None)
    conn.commit()  # whatever was read so far; the sample needs a transaction of its own
    conn.execute(text("SET LOCAL synchronous_commit = off"))
    begin_changes(conn)
    conn.commit()
    row = conn.execute(
        text(
            "SELECT f.xid AS floor_xid, f.seq AS floor FROM pg_current_snapshot() AS s"
            " JOIN LATERAL (SELECT xid, seq FROM seq_floors"
            "  WHERE xid < pg_snapshot_xmin(s)::text::bigint ORDER BY xid DESC LIMIT 1) f ON true"
        )
    ).first()
    if row is None:
        return Horizon(0)
    return Horizon(int(row.floor), int(row.floor_xid))


def prune_floors(conn: Connection, below_xid: int) -> None:
    """Drop the floor samples older than one a pull used (they can never be the best again)."""
    if conn.dialect.name == "postgresql":
        conn.execute(seq_floors.delete().where(seq_floors.c.xid < below_xid))
