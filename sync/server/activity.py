"""What the server has seen of each device (owner of ``device_activity``): when it last
called, with which app version, its last push and pull, how many of its ops were applied,
merged or refused, and how many it said were still waiting in its outbox
(:data:`sync.protocol.OUTBOX_PENDING_HEADER`). The console's Agents and Devices pages read it.

A pull's note is written after the answer has gone out (a background task), so a pull never
waits for it, and one that brings no new outbox count touches the row at most once a minute
per process. A push's note is too on SQLite; on PostgreSQL it is written before the answer:
a write transaction still running holds the pull horizon (``db.safe_horizon``) below the
push it follows, so the laptop's pull right after its push would not see what it pushed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Final

from sqlalchemy import JSON, Column, Integer, String, Table, text
from sqlalchemy.exc import DBAPIError

from sync.protocol import REJECTED, iso_utc, utc_now
from sync.server import jsonio
from sync.server.db import Database, metadata

device_activity = Table(
    "device_activity",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("agent_id", Integer, nullable=False, index=True),
    Column("last_seen_at", String(32), nullable=False),
    Column("app_version", String(32), nullable=True),
    Column("last_push_at", String(32), nullable=True),
    Column("last_pull_at", String(32), nullable=True),
    Column("outbox_pending", Integer, nullable=True),  # as the laptop last said
    Column("ops_total", Integer, nullable=False, default=0),
    Column("ops_refused", Integer, nullable=False, default=0),  # rejected/invalid/forbidden
    Column("statuses", JSON, nullable=False),  # op status -> count, every push so far
)

log = logging.getLogger(__name__)
_PULL_TOUCH_EVERY: Final = 60.0  # seconds
_touched: dict[str, tuple[float, int | None]] = {}  # device -> (when, pending) last written
_lock = threading.Lock()


def _clean_version(value: str | None) -> str | None:
    if value is None:
        return None
    kept = "".join(ch for ch in value if ch.isalnum() or ch in ".-+")[:32]
    return kept or None


def _clean_pending(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


def note(
    db: Database,
    *,
    device_id: str,
    agent_id: int,
    app_version: str | None,
    pending: str | None,
    pushed: Mapping[str, int] | None = None,
) -> None:
    """Record one call of a device: a push with its op statuses (``pushed``), or a pull."""
    now_mono = time.monotonic()
    version = _clean_version(app_version)
    outbox = _clean_pending(pending)
    with _lock:
        last = _touched.get(device_id)
        # A pull that says nothing new within the minute is not written again.
        quiet = pushed is None and last is not None and last[1] == outbox
        if quiet and last is not None and now_mono - last[0] < _PULL_TOUCH_EVERY:
            return
        _touched[device_id] = (now_mono, outbox)
    now = iso_utc(utc_now())
    values: dict[str, object] = {"last_seen_at": now}
    if version is not None:
        values["app_version"] = version
    if outbox is not None:
        values["outbox_pending"] = outbox
    values["last_push_at" if pushed is not None else "last_pull_at"] = now
    try:
        _write(db, device_id, agent_id, values, pushed)
    except DBAPIError as exc:
        # What the console shows of a laptop must never cost the laptop its sync (this runs
        # after the answer went out, but an error would still drop the kept-alive connection).
        log.warning("device activity of %s not recorded: %s", device_id, exc)


# The whole note in one statement on both databases (PostgreSQL: three round trips with its
# BEGIN and COMMIT; it was seven for a device's first push: begin, update, savepoint, insert,
# release, commit, and the checkout's ping; SQLite: no read before the write, so its write lock
# is never upgraded). Not in autocommit: switching a pooled PostgreSQL connection to
# autocommit and back doubled its CPU per push in bench/profile_push.py (cause not found).
# Columns the call does not bring (NULL here) keep their stored value; the counts and the
# statuses' counts add up (``statuses`` is JSON: merged key by key, with each dialect's
# aggregate).
_UPSERT_SQL: Final = (
    "INSERT INTO device_activity AS d (device_id, agent_id, last_seen_at, app_version,"
    " last_push_at, last_pull_at, outbox_pending, ops_total, ops_refused, statuses)"
    " VALUES (:device_id, :agent_id, :last_seen_at, :app_version, :last_push_at, :last_pull_at,"
    " :outbox_pending, :ops_total, :ops_refused, {statuses})"
    " ON CONFLICT (device_id) DO UPDATE SET last_seen_at = excluded.last_seen_at,"
    " app_version = coalesce(excluded.app_version, d.app_version),"
    " last_push_at = coalesce(excluded.last_push_at, d.last_push_at),"
    " last_pull_at = coalesce(excluded.last_pull_at, d.last_pull_at),"
    " outbox_pending = coalesce(excluded.outbox_pending, d.outbox_pending),"
    " ops_total = d.ops_total + excluded.ops_total,"
    " ops_refused = d.ops_refused + excluded.ops_refused,"
    " statuses = (SELECT coalesce({merged}) FROM"
    "  (SELECT e.key AS k, sum({number}) AS n FROM (SELECT key, value FROM"
    "   json_each(d.statuses) UNION ALL SELECT key, value FROM json_each(excluded.statuses)) e"
    "   GROUP BY e.key) t)"
)
_UPSERT: Final = {
    "postgresql": text(
        _UPSERT_SQL.format(
            statuses="CAST(:statuses AS json)",
            merged="json_object_agg(t.k, t.n ORDER BY t.k), '{}'::json",
            number="e.value::text::bigint",
        )
    ),
    "sqlite": text(
        _UPSERT_SQL.format(
            statuses=":statuses", merged="json_group_object(t.k, t.n), '{}'", number="e.value"
        )
    ),
}


def _write(
    db: Database,
    device_id: str,
    agent_id: int,
    values: dict[str, object],
    pushed: Mapping[str, int] | None,
) -> None:
    counts = dict(pushed or {})
    params = {
        "device_id": device_id,
        "agent_id": agent_id,
        "last_seen_at": values["last_seen_at"],
        "app_version": values.get("app_version"),
        "last_push_at": values.get("last_push_at"),
        "last_pull_at": values.get("last_pull_at"),
        "outbox_pending": values.get("outbox_pending"),
        "ops_total": sum(counts.values()),
        "ops_refused": counts.get(REJECTED, 0),
        "statuses": jsonio.dump_text(counts),
    }
    with db.begin() as conn:
        conn.execute(_UPSERT[conn.dialect.name], params)
