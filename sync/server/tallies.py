"""Tallies that ingest keeps current, so the supervisors' console never scans records per request:
sign-ups, money, receipts, visits and events per commune and day (``tally_communes``), per agent,
commune and day (``tally_agents``) and per outreach event (``tally_events``).

One pure rule, :func:`contribution`, says what a record's stored state adds to which tally row.
Every write of a record applies the new state's contribution minus the old one's
(:func:`track`), as upserts that add deltas (``INSERT ... ON CONFLICT DO UPDATE SET n = n +
excluded.n``). Rows are keyed by commune, and on PostgreSQL the writers of one commune already
queue on its advisory lock (``db.lock_scope``), so writers of different communes never wait on
a tally row. :func:`rebuild` recomputes everything from the stored records (the v4 migration, the
national seed) with the same rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol

from sqlalchemy import BigInteger, Column, Connection, Index, Integer, String, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite

from sync.domain.admin_units import admin_units
from sync.server.db import metadata, records

# The kinds that add to a tally; households, persons and follow-ups add nothing.
TALLIED_KINDS: Final = ("enrollment", "receipt", "visit", "event")
# The two schemes, as column prefixes: one row per commune and day holds both.
SCHEME_PREFIX: Final = {"voluntary": "vol", "household_health": "hh"}
COUNTS: Final = (
    "vol_enrollments",
    "vol_people",  # sign-ups: one per voluntary enrollment
    "vol_amount",
    "hh_enrollments",
    "hh_people",  # sign-ups: the members a household health enrollment covers
    "hh_amount",
    "receipts",  # live receipts (an enrollment's one receipt), by the day issued
    "receipt_amount",
    "voided_receipts",  # by the day voided
    "visits",
    "events",  # events held, with their attendees and leads
    "attendees",
    "leads",
)
EVENT_COUNTS: Final = ("held", "attendees", "leads", "visits", "enrollments", "people")
EVENT_META: Final = ("type", "held_on")


def _counts() -> list[Column[Any]]:
    return [Column(name, BigInteger, nullable=False, server_default="0") for name in COUNTS]


tally_communes = Table(
    "tally_communes",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("commune_code", String(8), primary_key=True),
    Column("province_code", String(4), nullable=False),
    *_counts(),
    Index("ix_tally_communes_province_day", "province_code", "day"),
)

tally_agents = Table(
    "tally_agents",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("agent_id", Integer, primary_key=True),  # 0: records without an author
    Column("commune_code", String(8), primary_key=True),
    Column("province_code", String(4), nullable=False),
    *_counts(),
    Index("ix_tally_agents_agent_day", "agent_id", "day"),
)

# Per outreach event and commune (the event's own commune, or the commune of a visit or
# enrollment that names it): keyed by commune too, so no two communes' writers meet on a row.
tally_events = Table(
    "tally_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("commune_code", String(8), primary_key=True),
    Column("province_code", String(4), nullable=False),
    Column("type", String(64), nullable=True),  # set by the event's own row
    Column("held_on", String(10), nullable=True),
    *(Column(name, BigInteger, nullable=False, server_default="0") for name in EVENT_COUNTS),
    Index("ix_tally_events_province", "province_code"),
)

TABLES: Final = (tally_communes, tally_agents, tally_events)


class Stored(Protocol):
    """What a record's contribution depends on: its stored state (an ingest row, a database row
    of ``records`` or a :class:`State`)."""

    @property
    def kind(self) -> str: ...
    @property
    def body(self) -> Mapping[str, Any]: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def commune_code(self) -> str | None: ...
    @property
    def agent_id(self) -> int | None: ...
    @property
    def live_receipt_of(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class State:
    record_id: str
    kind: str
    body: Mapping[str, Any]
    deleted: bool
    commune_code: str | None
    agent_id: int | None
    live_receipt_of: str | None


def state_of(row: Mapping[str, Any]) -> State:
    """The state of a ``records`` row given as a mapping of its columns."""
    return State(
        str(row["record_id"]),
        str(row["kind"]),
        row.get("body") or {},
        bool(row.get("deleted")),
        row.get("commune_code"),
        row.get("agent_id"),
        row.get("live_receipt_of"),
    )


# A tally row's key: ("c", day, commune), ("a", day, agent id, commune) or ("e", event, commune).
Key = tuple[Any, ...]


@dataclass(slots=True)
class Deltas:
    """What to add to each tally row, and the descriptive fields of event rows."""

    counts: dict[Key, dict[str, int]]
    meta: dict[Key, dict[str, str | None]]

    @classmethod
    def empty(cls) -> Deltas:
        return cls({}, {})

    def add(self, contributions: Mapping[Key, Mapping[str, int]], sign: int = 1) -> None:
        for key, values in contributions.items():
            cell = self.counts.setdefault(key, {})
            for name, n in values.items():
                cell[name] = cell.get(name, 0) + sign * n

    def nonzero(self) -> Iterator[tuple[Key, dict[str, int]]]:
        for key, values in self.counts.items():
            kept = {k: v for k, v in values.items() if v}
            if kept or key in self.meta:
                yield key, kept


def _int(body: Mapping[str, Any], key: str) -> int:
    value = body.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _day(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) and value else None


def people_of(body: Mapping[str, Any]) -> int:
    """The sign-ups an enrollment counts for: one person for voluntary insurance, the members
    covered for household health insurance (one when the list is missing), as on the laptop."""
    if body.get("scheme") == "voluntary":
        return 1
    members = body.get("member_ids")
    return len(members) if isinstance(members, list) and members else 1


def contribution(row: Stored) -> dict[Key, dict[str, int]]:
    """What a record in this stored state adds to the tallies (nothing once deleted). Pure."""
    if row.deleted or row.kind not in TALLIED_KINDS:
        return {}
    body = row.body if isinstance(row.body, Mapping) else {}
    commune = row.commune_code or ""
    agent = row.agent_id or 0
    out: dict[Key, dict[str, int]] = {}

    def day_cell(day: str | None, values: dict[str, int]) -> None:
        if day is None:
            return
        out[("c", day, commune)] = dict(values)
        out[("a", day, agent, commune)] = dict(values)

    kind = row.kind
    if kind == "enrollment":
        prefix = SCHEME_PREFIX.get(str(body.get("scheme")))
        if prefix is None:
            return {}
        people = people_of(body)
        day_cell(
            _day(body.get("paid_on")),
            {
                f"{prefix}_enrollments": 1,
                f"{prefix}_people": people,
                f"{prefix}_amount": _int(body, "amount"),
            },
        )
        event = body.get("event_id")
        if isinstance(event, str) and event:
            out[("e", event, commune)] = {"enrollments": 1, "people": people}
    elif kind == "receipt":
        if row.live_receipt_of:  # an enrollment's one live receipt (db.records)
            day_cell(
                _day(body.get("issued_on")),
                {"receipts": 1, "receipt_amount": _int(body, "amount")},
            )
        elif body.get("voided") is True:
            voided_on = _day(body.get("voided_on")) or _day(body.get("issued_on"))
            day_cell(voided_on, {"voided_receipts": 1})
    elif kind == "visit":
        day_cell(_day(body.get("visited_on")), {"visits": 1})
        event = body.get("event_id")
        if isinstance(event, str) and event:
            out[("e", event, commune)] = {"visits": 1}
    elif kind == "event":
        figures = {"attendees": _int(body, "attendees"), "leads": _int(body, "leads")}
        day_cell(_day(body.get("held_on")), {"events": 1, **figures})
        record_id = getattr(row, "record_id", None)
        if isinstance(record_id, str):
            out[("e", record_id, commune)] = {"held": 1, **figures}
    return out


def event_meta(row: Stored) -> dict[Key, dict[str, str | None]]:
    """The descriptive fields an event writes on its own tally row (kept after a delete)."""
    record_id = getattr(row, "record_id", None)
    if row.kind != "event" or row.deleted or not isinstance(record_id, str):
        return {}
    body = row.body if isinstance(row.body, Mapping) else {}
    kind = body.get("type")
    return {
        ("e", record_id, row.commune_code or ""): {
            "type": str(kind) if kind is not None else None,
            "held_on": _day(body.get("held_on")),
        }
    }


# -- applying deltas --------------------------------------------------------------------------


def _province(commune: str, cache: dict[str, str]) -> str:
    found = cache.get(commune)
    if found is None:
        unit = admin_units().commune(commune) if commune else None
        found = unit.province_code if unit is not None else ""
        cache[commune] = found
    return found


def _insert(conn: Connection, table: Table) -> Any:
    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(table)


def _rows(deltas: Deltas) -> dict[str, list[dict[str, Any]]]:
    """The tally rows the deltas make, per table tag, in key order (so two transactions meeting
    on rows take them in the same order)."""
    provinces: dict[str, str] = {}
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, values in sorted(deltas.nonzero(), key=lambda kv: tuple(map(str, kv[0]))):
        tag = key[0]
        if tag == "c":
            row: dict[str, Any] = {"day": key[1], "commune_code": key[2]}
        elif tag == "a":
            row = {"day": key[1], "agent_id": key[2], "commune_code": key[3]}
        else:
            row = {"event_id": key[1], "commune_code": key[2], "type": None, "held_on": None}
            row.update(deltas.meta.get(key, {}))
        row["province_code"] = _province(row["commune_code"], provinces)
        names = EVENT_COUNTS if tag == "e" else COUNTS
        row.update({name: values.get(name, 0) for name in names})
        by_table[tag].append(row)
    return by_table


_BY_TAG: Final = (("c", tally_communes), ("a", tally_agents), ("e", tally_events))


def apply(conn: Connection, deltas: Deltas) -> None:
    """Add the deltas to the tally rows (creating the rows they are missing)."""
    by_table = _rows(deltas)
    for tag, table in _BY_TAG:
        rows = by_table.get(tag)
        if not rows:
            continue
        names = EVENT_COUNTS if tag == "e" else COUNTS
        stmt = _insert(conn, table)
        sets: dict[str, Any] = {name: table.c[name] + stmt.excluded[name] for name in names}
        if tag == "e":
            for name in EVENT_META:
                sets[name] = _coalesce(stmt.excluded[name], table.c[name])
        keys = [c.name for c in table.primary_key.columns]
        conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=sets), rows)


def _coalesce(first: Any, second: Any) -> Any:
    return func.coalesce(first, second)


def track(conn: Connection, changes: Iterable[tuple[Stored | None, Stored | None]]) -> None:
    """Record writes: each (old state or None, new state or None) adds new minus old."""
    deltas = Deltas.empty()
    for old, new in changes:
        if old is not None:
            deltas.add(contribution(old), -1)
        if new is not None:
            deltas.add(contribution(new))
            deltas.meta.update(event_meta(new))
    apply(conn, deltas)


Snapshot = dict[str, tuple[object, dict[Key, dict[str, int]]]]


def snapshot(rows: Mapping[str, Stored]) -> Snapshot:
    """The contributions of the rows a push loaded, before it writes (ingest's cache)."""
    return {rid: (row, contribution(row)) for rid, row in rows.items()}


def track_batch(conn: Connection, before: Snapshot, rows: Mapping[str, Stored]) -> None:
    """After a push wrote its records: every row of the cache that is not the object loaded
    (ingest replaces a record's cached row when it writes it) was written; it adds its new
    contribution minus the loaded one's."""
    deltas = Deltas.empty()
    for rid, row in rows.items():
        loaded = before.get(rid)
        if loaded is not None and loaded[0] is row:
            continue
        if loaded is not None:
            deltas.add(loaded[1], -1)
        deltas.add(contribution(row))
        deltas.meta.update(event_meta(row))
    apply(conn, deltas)


# -- rebuilding -------------------------------------------------------------------------------

_CHUNK: Final = 5_000


def rebuild(conn: Connection, states: Iterable[Stored] | None = None) -> int:
    """Empty the tallies and count again from ``states`` (by default every stored record of a
    tallied kind, read in chunks); returns how many records were read."""
    if states is None:
        states = _stored_states(conn)
    deltas = Deltas.empty()
    n = 0
    for state in states:
        n += 1
        deltas.add(contribution(state))
        deltas.meta.update(event_meta(state))
    replace(conn, deltas)
    return n


def replace(conn: Connection, deltas: Deltas) -> None:
    """Empty the tallies and write ``deltas`` as they are (counted with :func:`contribution`
    over every stored record, as :func:`rebuild` and the national seed do)."""
    for table in TABLES:
        conn.execute(table.delete())
    _insert_all(conn, deltas)


def _stored_states(conn: Connection) -> Iterator[Stored]:
    q = (
        select(
            records.c.record_id,
            records.c.kind,
            records.c.body,
            records.c.deleted,
            records.c.commune_code,
            records.c.agent_id,
            records.c.live_receipt_of,
        )
        .where(records.c.kind.in_(TALLIED_KINDS), records.c.deleted.is_(False))
        .execution_options(yield_per=_CHUNK)
    )
    for row in conn.execute(q):
        yield State(
            row.record_id,
            row.kind,
            row.body or {},
            bool(row.deleted),
            row.commune_code,
            row.agent_id,
            row.live_receipt_of,
        )


def _insert_all(conn: Connection, deltas: Deltas) -> None:
    """Plain inserts of fresh rows (the tables were just emptied), in chunks."""
    by_table = _rows(deltas)
    for tag, table in _BY_TAG:
        rows = by_table.get(tag, [])
        for start in range(0, len(rows), _CHUNK):
            conn.execute(table.insert(), rows[start : start + _CHUNK])
