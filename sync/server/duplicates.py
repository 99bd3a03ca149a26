"""The duplicate queue's data, kept at ingest: the same CCCD enrolled in one scheme by two
different agents within :data:`WINDOW_DAYS` days (owner of ``enrollment_cccd``,
``duplicate_pairs`` and ``duplicate_decisions``).

``enrollment_cccd`` holds one row per (live enrollment, covered person with a CCCD): the
scheme, the CCCD, the enrollment's author and its payment date (``paid_on``). Ingest calls
:func:`index_batch` once per batch, after its records are decided; it refreshes the rows of the
enrollments the batch wrote (and the CCCD of persons it edited) and looks up, on the
(scheme, cccd) index, the other agents' enrollments of those CCCDs within the window: each pair
found goes into ``duplicate_pairs`` (first id < second id). The console's queue reads the pairs
(a few rows) rather than joining every enrollment per request.

PostgreSQL: two batches of different communes may enrol one CCCD at the same moment; each
takes an advisory lock per (scheme, cccd) it indexes, so the second one's lookup sees the first
one's rows once it has committed. SQLite has one writer at a time anyway.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Final, Protocol

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    and_,
    delete,
    or_,
    select,
    text,
    tuple_,
    update,
)

from sync.protocol import APPLIED, MERGED, Op, OpResult
from sync.server.db import metadata

WINDOW_DAYS: Final = 7
LOCK_CCCD: Final = 727_310  # advisory lock namespace: one (scheme, cccd) indexed at a time
DUPLICATE: Final = "duplicate"
NOT_DUPLICATE: Final = "not_duplicate"
DECISIONS: Final = (DUPLICATE, NOT_DUPLICATE)

enrollment_cccd = Table(
    "enrollment_cccd",
    metadata,
    Column("enrollment_id", String(64), nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("scheme", String(32), nullable=False),
    Column("cccd", String(16), nullable=False),
    Column("agent_id", Integer, nullable=True),
    Column("day", String(10), nullable=False),  # the enrollment's paid_on, YYYY-MM-DD
    PrimaryKeyConstraint("enrollment_id", "person_id"),
    Index("ix_enrollment_cccd_key", "scheme", "cccd", "day"),
    Index("ix_enrollment_cccd_person", "person_id"),
)

# A pair found at ingest: first_id < second_id (enrollment ids), both live when found.
duplicate_pairs = Table(
    "duplicate_pairs",
    metadata,
    Column("first_id", String(64), nullable=False),
    Column("second_id", String(64), nullable=False),
    Column("scheme", String(32), nullable=False),
    Column("cccd", String(16), nullable=False),
    Column("found_at", String(32), nullable=False),
    PrimaryKeyConstraint("first_id", "second_id"),
    Index("ix_duplicate_pairs_second", "second_id"),
)

# One decision per pair, for good (the console refuses a second one).
duplicate_decisions = Table(
    "duplicate_decisions",
    metadata,
    Column("first_id", String(64), nullable=False),
    Column("second_id", String(64), nullable=False),
    Column("decision", String(16), nullable=False),  # DECISIONS
    Column("supervisor_id", Integer, nullable=True),
    Column("username", String(64), nullable=False),
    Column("decided_at", String(32), nullable=False),
    Column("note", String(500), nullable=False),
    PrimaryKeyConstraint("first_id", "second_id"),
)


class _Row(Protocol):
    """What ingest's batch cache holds of a record (``ingest.Row``)."""

    kind: str
    deleted: bool
    body: dict[str, Any]
    agent_id: int | None
    version: int


def _persons(body: Mapping[str, Any]) -> list[str]:
    if body.get("scheme") == "voluntary":
        person = body.get("person_id")
        return [person] if isinstance(person, str) else []
    members = body.get("member_ids")
    return [m for m in members if isinstance(m, str)] if isinstance(members, list) else []


def _lock(conn: Connection, keys: set[tuple[str, str]]) -> None:
    if conn.dialect.name != "postgresql" or not keys:
        return
    codes = sorted({zlib.crc32(f"{s}:{c}".encode()) & 0x7FFFFFFF for s, c in keys})
    conn.execute(
        text("SELECT count(pg_advisory_xact_lock(:ns, k)) FROM unnest(CAST(:keys AS int[])) k"),
        {"ns": LOCK_CCCD, "keys": codes},
    )


def index_batch(
    conn: Connection,
    batch_ops: Sequence[Op],
    results: Sequence[OpResult],
    rows: Mapping[str, _Row],
    now: str,
) -> None:
    """After ingest decided a batch: the enrollments it wrote (applied or merged) are indexed
    again by the CCCDs they cover, the persons it edited carry their CCCD into the index, and
    the pairs these make with other agents' enrollments are recorded."""
    enrollments: dict[str, _Row] = {}
    persons: dict[str, str | None] = {}
    for op, result in zip(batch_ops, results, strict=True):
        if result.status not in (APPLIED, MERGED):
            continue
        row = rows.get(op.record_id)
        if row is None:
            continue
        if op.kind == "enrollment":
            enrollments[op.record_id] = row
        elif op.kind == "person" and row.version > 1:
            cccd = row.body.get("cccd")
            persons[op.record_id] = cccd if isinstance(cccd, str) and cccd else None
    if not enrollments and not persons:
        return
    fresh: list[dict[str, Any]] = []
    for enrollment_id, row in enrollments.items():
        day = row.body.get("paid_on")
        if row.deleted or not isinstance(day, str):
            continue
        for person_id in _persons(row.body):
            person = rows.get(person_id)
            cccd = person.body.get("cccd") if person is not None else None
            if isinstance(cccd, str) and cccd:
                fresh.append(
                    {
                        "enrollment_id": enrollment_id,
                        "person_id": person_id,
                        "scheme": str(row.body.get("scheme")),
                        "cccd": cccd,
                        "agent_id": row.agent_id,
                        "day": day,
                    }
                )
    moved: list[dict[str, Any]] = []
    if persons:
        moved = [
            dict(r._mapping)
            for r in conn.execute(
                select(enrollment_cccd).where(enrollment_cccd.c.person_id.in_(sorted(persons)))
            )
        ]
    keys = {(r["scheme"], r["cccd"]) for r in fresh}
    keys |= {(r["scheme"], c) for r in moved if (c := persons[r["person_id"]])}
    _lock(conn, keys)
    corrected = [rid for rid, row in enrollments.items() if row.version > 1]
    if corrected:
        conn.execute(delete(enrollment_cccd).where(enrollment_cccd.c.enrollment_id.in_(corrected)))
        _drop_undecided(conn, corrected)
    for r in moved:
        cccd = persons[r["person_id"]]
        if cccd == r["cccd"]:
            continue
        where = and_(
            enrollment_cccd.c.enrollment_id == r["enrollment_id"],
            enrollment_cccd.c.person_id == r["person_id"],
        )
        if cccd is None:
            conn.execute(delete(enrollment_cccd).where(where))
        else:
            conn.execute(update(enrollment_cccd).where(where).values(cccd=cccd))
            fresh.append({**r, "cccd": cccd, "_indexed": True})
        _drop_undecided(conn, [r["enrollment_id"]])
    new_rows = [r for r in fresh if not r.get("_indexed")]
    if new_rows:
        conn.execute(enrollment_cccd.insert(), new_rows)
    _find_pairs(conn, fresh, now)


def _drop_undecided(conn: Connection, enrollment_ids: Sequence[str]) -> None:
    """Pairs of enrollments that changed are found again (decided ones stay, as history)."""
    decided = select(duplicate_decisions.c.first_id).where(
        duplicate_decisions.c.first_id == duplicate_pairs.c.first_id,
        duplicate_decisions.c.second_id == duplicate_pairs.c.second_id,
    )
    conn.execute(
        delete(duplicate_pairs).where(
            or_(
                duplicate_pairs.c.first_id.in_(enrollment_ids),
                duplicate_pairs.c.second_id.in_(enrollment_ids),
            ),
            ~decided.exists(),
        )
    )


def _find_pairs(conn: Connection, fresh: Sequence[Mapping[str, Any]], now: str) -> None:
    if not fresh:
        return
    keys = sorted({(r["scheme"], r["cccd"]) for r in fresh})
    candidates = [
        dict(r._mapping)
        for r in conn.execute(
            select(enrollment_cccd).where(
                tuple_(enrollment_cccd.c.scheme, enrollment_cccd.c.cccd).in_(keys)
            )
        )
    ]
    window = timedelta(days=WINDOW_DAYS)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for mine in fresh:
        day = date.fromisoformat(mine["day"])
        for other in candidates:
            if (
                other["scheme"] != mine["scheme"]
                or other["cccd"] != mine["cccd"]
                or other["enrollment_id"] == mine["enrollment_id"]
                or other["agent_id"] == mine["agent_id"]
                or abs(date.fromisoformat(other["day"]) - day) > window
            ):
                continue
            first, second = sorted((mine["enrollment_id"], other["enrollment_id"]))
            found[(first, second)] = {
                "first_id": first,
                "second_id": second,
                "scheme": mine["scheme"],
                "cccd": mine["cccd"],
                "found_at": now,
            }
    if not found:
        return
    stored = {
        (a, b)
        for a, b in conn.execute(
            select(duplicate_pairs.c.first_id, duplicate_pairs.c.second_id).where(
                tuple_(duplicate_pairs.c.first_id, duplicate_pairs.c.second_id).in_(sorted(found))
            )
        )
    }
    new = [row for key, row in sorted(found.items()) if key not in stored]
    if new:
        conn.execute(duplicate_pairs.insert(), new)
