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
from typing import Final

from sqlalchemy import JSON, BigInteger, Column, Connection, Integer, String, Table

from sync.protocol import Change
from sync.server import jsonio
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
_MARK: Final = "SELECT record_id, op_id FROM conflict_resolutions WHERE record_id {} AND seq > {}"
_MARK_SQLITE: Final = _MARK.format("IN (SELECT value FROM json_each(?))", "?") + " ORDER BY seq"
# A JSON array (orjson) rather than a text[]: psycopg dumps a list element by element in Python.
_MARK_POSTGRESQL: Final = (
    _MARK.format("IN (SELECT json_array_elements_text(%s::json))", "%s") + " ORDER BY seq"
)


def mark(conn: Connection, changes: Sequence[Change], cursor: int) -> list[Change]:
    """``changes`` with ``resolves`` set on the records whose conflicts were resolved after
    ``cursor`` (one indexed query, only when the page holds a household or person)."""
    wanted = sorted({c.record_id for c in changes if c.kind in _MUTABLE and not c.removed})
    if not wanted:
        return list(changes)
    found: dict[str, list[str]] = {}
    # The ids as one parameter: an expanded IN of a page's 500 ids was compiled and split anew
    # by SQLAlchemy and psycopg on every page (a third of a full pull's CPU on the server).
    sql = _MARK_SQLITE if conn.dialect.name == "sqlite" else _MARK_POSTGRESQL
    ids = jsonio.dump_text(wanted)
    for record_id, op_id in conn.exec_driver_sql(sql, (ids, cursor)):
        found.setdefault(record_id, []).append(op_id)
    if not found:
        return list(changes)
    return [
        dataclasses.replace(c, resolves=tuple(found[c.record_id]))
        if c.record_id in found and c.kind in _MUTABLE and not c.removed
        else c
        for c in changes
    ]
