"""Conflicts a supervisor resolved in the console (owner of ``conflict_resolutions``), and what
a pull tells the laptops about them.

A resolution is a new version of the record (written by :mod:`sync.server.console.conflicts`);
its row here names the conflict's op and the version's sequence number. A pull marks each
household or person it sends with the ops whose conflicts were resolved after the laptop's
cursor (``Change.resolves``), so the laptop that holds such an op in its needs-attention list
drops it and takes the server's record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import JSON, BigInteger, Column, Connection, Integer, String, Table, select

from sync.protocol import Change
from sync.server.db import metadata

conflict_resolutions = Table(
    "conflict_resolutions",
    metadata,
    Column("conflict_id", Integer, primary_key=True, autoincrement=False),  # one decision
    Column("op_id", String(64), nullable=False),
    Column("record_id", String(64), nullable=False, index=True),
    Column("version", Integer, nullable=False),  # the record's version the resolution wrote
    Column("seq", BigInteger, nullable=False),
    Column("supervisor_id", Integer, nullable=True),
    Column("username", String(64), nullable=False),
    Column("choices", JSON, nullable=False),  # field -> "server" | "laptop"
    Column("resolved_at", String(32), nullable=False),
)

_MUTABLE = frozenset({"household", "person"})


def mark(conn: Connection, changes: Sequence[Change], cursor: int) -> list[Change]:
    """``changes`` with ``resolves`` set on the records whose conflicts were resolved after
    ``cursor`` (one indexed query, only when the page holds a household or person)."""
    wanted = sorted({c.record_id for c in changes if c.kind in _MUTABLE and not c.removed})
    if not wanted:
        return list(changes)
    found: dict[str, list[str]] = {}
    q = (
        select(conflict_resolutions.c.record_id, conflict_resolutions.c.op_id)
        .where(conflict_resolutions.c.record_id.in_(wanted), conflict_resolutions.c.seq > cursor)
        .order_by(conflict_resolutions.c.seq)
    )
    for record_id, op_id in conn.execute(q):
        found.setdefault(record_id, []).append(op_id)
    if not found:
        return list(changes)
    return [
        dataclasses.replace(c, resolves=tuple(found[c.record_id]))
        if c.record_id in found and c.kind in _MUTABLE and not c.removed
        else c
        for c in changes
    ]
