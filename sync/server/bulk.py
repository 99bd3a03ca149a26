"""Driver-level statements for the ingest hot path: bulk inserts and updates and id look-ups that
skip SQLAlchemy's per-row parameter processing.

A Core ``insert()`` run with 500 parameter sets compiles once but still builds every row's
parameters in Python and serialises JSON columns through the type system; at 500 ops per batch
that was a quarter of the server's time. Here rows go to the DB-API ``executemany`` as tuples
with JSON already encoded, and a list of ids is one parameter (``= ANY(%s)`` on PostgreSQL,
``json_each(?)`` on SQLite) instead of 500 expanded ones. SQLite and PostgreSQL only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table

from sync.server import jsonio


def dump(value: Any) -> str:
    """JSON text as stored: compact, UTF-8 (read back by SQLAlchemy's JSON type or ``load``)."""
    return jsonio.dump_text(value)


class Encoder:
    """``dump`` that encodes each object once: a record's body goes to two tables."""

    def __init__(self) -> None:
        # The value is kept beside its text so its id cannot be reused while cached.
        self._seen: dict[int, tuple[Any, str]] = {}

    def __call__(self, value: Any) -> str:
        hit = self._seen.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        text = dump(value)
        self._seen[id(value)] = (value, text)
        return text


def load(value: Any) -> Any:
    """A JSON column's value from a driver row: text on SQLite, already decoded by psycopg."""
    if isinstance(value, str | bytes):
        return json.loads(value)
    return value


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _quote(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def insert_many(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    encode: Encoder | None = None,
) -> None:
    """``INSERT`` every row (all rows have the keys of the first) in one ``executemany``."""
    if not rows:
        return
    enc = encode or Encoder()
    names = list(rows[0])
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    mark = _placeholder(conn)
    sql = (
        f"INSERT INTO {_quote(conn, table.name)} ({', '.join(_quote(conn, n) for n in names)}) "
        f"VALUES ({', '.join(mark for _ in names)})"
    )
    one = _one_statement(conn, table, rows)
    if one is not None:
        conn.exec_driver_sql(one[0], (one[1],))
        return
    params = [tuple(enc(row[n]) if n in json_cols else row[n] for n in names) for row in rows]
    conn.exec_driver_sql(sql, params)


def _one_statement(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> tuple[str, str] | None:
    """PostgreSQL: the ``INSERT`` of every row as one statement over one JSON parameter, and
    that parameter; None on SQLite, or when a JSON column holds a JSON null.

    psycopg's executemany sends each row as its own message through a pipeline, driven row by
    row in Python: half of a 50-op push's CPU went there. Here the rows go as one JSON document
    (orjson), unpacked by PostgreSQL: one statement, one round trip, a constant text. A JSON
    column's value is kept as written (``json`` reproduces it), except a JSON null, which would
    become SQL NULL: such rows take the executemany path."""
    if conn.dialect.name != "postgresql":
        return None
    names = list(rows[0])
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    if any(row[n] is None for row in rows for n in json_cols if n in row):
        return None
    cols = ", ".join(_quote(conn, n) for n in names)
    sql = (
        f"INSERT INTO {_quote(conn, table.name)} ({cols}) SELECT {cols}"
        f" FROM json_populate_recordset(NULL::{_quote(conn, table.name)}, %s::json)"
    )
    return sql, jsonio.dump_text([{n: row[n] for n in names} for row in rows])


def insert_tables(
    conn: Connection,
    batches: Sequence[tuple[Table, Sequence[Mapping[str, Any]]]],
    encode: Encoder | None = None,
) -> None:
    """:func:`insert_many` of several tables; on PostgreSQL in **one statement** (each table's
    ``INSERT`` a data-modifying ``WITH`` of the last one's), so one round trip where a push
    made four (records, record_versions, ops, audit). The inserts see the same snapshot, so no
    row may depend on another of the same call (none has a foreign key here); a unique key
    broken anywhere refuses the whole statement, as separate statements in one transaction
    would. Tables whose rows cannot go that way (:func:`_one_statement`) are inserted apart."""
    parts: list[tuple[str, str]] = []
    for table, rows in batches:
        if not rows:
            continue
        one = _one_statement(conn, table, rows)
        if one is None:
            insert_many(conn, table, rows, encode)
        else:
            parts.append(one)
    if not parts:
        return
    sql = parts[-1][0]
    if len(parts) > 1:
        ctes = ", ".join(f"w{i} AS ({part})" for i, (part, _) in enumerate(parts[:-1]))
        sql = f"WITH {ctes} {sql}"
    conn.exec_driver_sql(sql, tuple(param for _, param in parts))


def update_many(
    conn: Connection,
    table: Table,
    key: str,
    rows: Sequence[Mapping[str, Any]],
    encode: Encoder | None = None,
) -> None:
    """``UPDATE ... WHERE key = row[key]`` for every row, in one ``executemany``."""
    if not rows:
        return
    enc = encode or Encoder()
    names = [n for n in rows[0] if n != key]
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    mark = _placeholder(conn)
    sets = ", ".join(f"{_quote(conn, n)} = {mark}" for n in names)
    sql = f"UPDATE {_quote(conn, table.name)} SET {sets} WHERE {_quote(conn, key)} = {mark}"
    params = [
        (*(enc(row[n]) if n in json_cols else row[n] for n in names), row[key]) for row in rows
    ]
    conn.exec_driver_sql(sql, params)


def select_in(
    conn: Connection, table: Table, columns: Sequence[str], key: str, values: Iterable[Any]
) -> list[tuple[Any, ...]]:
    """``SELECT columns FROM table WHERE key IN values`` with the values as one parameter;
    JSON columns come back decoded."""
    wanted = list(values)
    if not wanted:
        return []
    cols = ", ".join(_quote(conn, c) for c in columns)
    if conn.dialect.name == "sqlite":
        where = f"{_quote(conn, key)} IN (SELECT value FROM json_each(?))"
        param: Any = json.dumps(wanted)
    else:
        where = f"{_quote(conn, key)} = ANY(%s)"
        param = wanted
    sql = f"SELECT {cols} FROM {_quote(conn, table.name)} WHERE {where}"
    json_at = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
    out: list[tuple[Any, ...]] = []
    for row in conn.exec_driver_sql(sql, (param,)):
        values_ = list(row)
        for i in json_at:
            values_[i] = load(values_[i])
        out.append(tuple(values_))
    return out
