"""The record repository: every business write goes through :meth:`Records.put`, which stores
the wire body, keeps the household index and FTS row in step, and queues the op in the outbox
(``agent_app.storage.outbox``), all inside the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from agent_app.storage.errors import NotFound
from sync.domain.text import fold
from sync.protocol import KIND_ORDER, iso_utc

if TYPE_CHECKING:
    from agent_app.storage.store import Store

# Body field holding the date each kind is filed under (Today, day report, timelines).
DAY_FIELD: Final = {
    "visit": "visited_on",
    "enrollment": "paid_on",
    "receipt": "issued_on",
    "event": "held_on",
    "followup": "due_on",
}

# Ids per ``IN (...)`` query of the bulk reads: well under SQLite's 999 parameters.
_CHUNK: Final = 500


# (household id, body, ((person id, body), ...)) as sync.demo generates them.
ImportedHousehold = tuple[str, Mapping[str, Any], Sequence[tuple[str, Mapping[str, Any]]]]


@dataclass(frozen=True, slots=True)
class StoredRecord:
    id: str
    kind: str
    body: dict[str, Any]
    version: int
    deleted: bool
    updated_at: str


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a record body")


def _text(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) and value else None


def _int(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def household_terms(body: Mapping[str, Any], members: Iterable[Mapping[str, Any]]) -> str:
    """The folded text a household is found by: names, CCCDs, phones, village, address."""
    parts = [_text(body, "head_name"), _text(body, "phone"), _text(body, "village")]
    for m in members:
        parts.extend((_text(m, "full_name"), _text(m, "cccd"), _text(m, "phone")))
    parts.append(_text(body, "address"))
    return fold(" ".join(p for p in parts if p))


class Records:
    """Reads and writes records of the seven kinds in one store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        # Inside deferred_reindex(): the households whose list and search rows are due.
        self._due: set[str] | None = None

    @contextmanager
    def deferred_reindex(self, *, rebuild_later: bool = False) -> Iterator[None]:
        """Reindex each touched household once, when the block ends, instead of after every
        record of it: a pull page brings a household with its members, visits and enrollments
        (a first sync of 50,000 records would otherwise rebuild each household ~5 times).
        Use inside ``store.transaction()``; on an exception nothing is reindexed (the
        transaction rolls back). With ``rebuild_later`` nothing is reindexed at all: the
        caller has recorded that :meth:`rebuild_index` is due (a full pull, page by page)."""
        if self._due is not None:  # nested: the outer block does it
            yield
            return
        self._due = set()
        try:
            yield
            due, self._due = self._due, None
            if not rebuild_later:
                self.reindex_households(due)
        finally:
            self._due = None

    def rebuild_index(self) -> int:
        """Rebuild every household's list and search rows from its records (and drop those of
        households no longer held), once, after a full pull stored its pages without them;
        call inside ``store.transaction()``. Returns the count of households indexed."""
        ids = {r[0] for r in self._store.all("SELECT id FROM record WHERE kind = 'household'")}
        ids.update(r[0] for r in self._store.all("SELECT id FROM household_index"))
        self.reindex_households(ids)
        return int(self._store.one("SELECT count(*) FROM household_index")[0])

    # -- reads -----------------------------------------------------------------------------

    def get(self, record_id: str, kind: str | None = None) -> StoredRecord:
        """A live record; :class:`NotFound` when missing, deleted or of another kind."""
        found = self.find(record_id)
        if found is None or found.deleted or (kind is not None and found.kind != kind):
            raise NotFound(f"no {kind or 'record'} with id {record_id}")
        return found

    def find(self, record_id: str) -> StoredRecord | None:
        """The record, deleted or not; None when unknown."""
        row = self._store.one(
            "SELECT id, kind, body, version, deleted, updated_at FROM record WHERE id = ?",
            (record_id,),
        )
        return None if row is None else self._row(row)

    def of_kind(
        self,
        kind: str,
        *,
        household_id: str | None = None,
        person_id: str | None = None,
        parent_id: str | None = None,
        day_from: str | None = None,
        day_to: str | None = None,
        include_deleted: bool = False,
    ) -> list[StoredRecord]:
        where, params = ["kind = ?"], [kind]
        for column, value in (
            ("household_id", household_id),
            ("person_id", person_id),
            ("parent_id", parent_id),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if day_from is not None:
            where.append("day >= ?")
            params.append(day_from)
        if day_to is not None:
            where.append("day <= ?")
            params.append(day_to)
        if not include_deleted:
            where.append("deleted = 0")
        rows = self._store.all(
            "SELECT id, kind, body, version, deleted, updated_at FROM record WHERE "
            + " AND ".join(where)
            + " ORDER BY day, updated_at, id",
            params,
        )
        return [self._row(r) for r in rows]

    def find_many(self, record_ids: Iterable[str]) -> dict[str, StoredRecord]:
        """The live records among ``record_ids``, by id (unknown and deleted ones left out)."""
        ids = list(dict.fromkeys(record_ids))
        found: dict[str, StoredRecord] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            rows = self._store.all(
                "SELECT id, kind, body, version, deleted, updated_at FROM record "
                f"WHERE deleted = 0 AND id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update((r[0], self._row(r)) for r in rows)
        return found

    def of_kind_in(self, kind: str, column: str, values: Iterable[str]) -> list[StoredRecord]:
        """Live records of ``kind`` whose ``household_id``, ``person_id`` or ``parent_id`` is
        one of ``values`` (one query per few hundred values, for lists over many records)."""
        if column not in ("household_id", "person_id", "parent_id"):
            raise ValueError(f"not a record column: {column}")
        wanted = list(dict.fromkeys(values))
        out: list[StoredRecord] = []
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            # ``+kind``: with ``kind = ?`` and the ORDER BY, SQLite walked every record of the
            # kind on (kind, day) for each chunk rather than sort the few the column finds.
            rows = self._store.all(
                "SELECT id, kind, body, version, deleted, updated_at FROM record "
                f"WHERE +kind = ? AND deleted = 0 AND {column} IN ({','.join('?' * len(chunk))}) "
                "ORDER BY day, updated_at, id",
                [kind, *chunk],
            )
            out.extend(self._row(r) for r in rows)
        return out

    @staticmethod
    def _row(row: Any) -> StoredRecord:
        return StoredRecord(row[0], row[1], json.loads(row[2]), row[3], bool(row[4]), row[5])

    # -- writes ----------------------------------------------------------------------------

    def put(
        self,
        kind: str,
        record_id: str,
        body: Mapping[str, Any],
        *,
        deleted: bool = False,
        now: datetime | None = None,
    ) -> None:
        """Store a local change and queue its op; call inside ``store.transaction()``."""
        moment = iso_utc(now or datetime.now(UTC))
        text = dumps(dict(body))
        outbox = self._store.outbox
        outbox.keep_state_before_edit(record_id)
        household_id = self._write(kind, record_id, text, body, deleted, None, moment)
        self._reindex_for(kind, record_id, household_id)
        version = self._version(record_id) if deleted else 0  # only a removal needs it
        outbox.enqueue(kind, record_id, text, deleted, moment, version)

    def store_synced(
        self,
        kind: str,
        record_id: str,
        body: Mapping[str, Any],
        *,
        version: int,
        deleted: bool = False,
    ) -> None:
        """Store the server's copy (a pull or a merge): no op is queued."""
        moment = iso_utc(datetime.now(UTC))
        household_id = self._write(
            kind, record_id, dumps(dict(body)), body, deleted, version, moment
        )
        self._reindex_for(kind, record_id, household_id)

    def _version(self, record_id: str) -> int:
        row = self._store.one("SELECT version FROM record WHERE id = ?", (record_id,))
        return int(row[0]) if row is not None else 0

    def drop(self, record_id: str) -> None:
        """Forget a record that left the agent's scope, with its list and search rows and the
        mark that a pull delivered it (so the pull count check still matches); a household
        takes its children along, except those with ops waiting. Call inside
        ``store.transaction()``."""
        store = self._store
        found = self.find(record_id)
        if found is None:
            return
        household_id = store.one("SELECT household_id FROM record WHERE id = ?", (record_id,))[0]
        if found.kind == "household":
            outbox = store.outbox
            for (child,) in store.all(
                "SELECT id FROM record WHERE household_id = ? AND id != ?",
                (record_id, record_id),
            ):
                if not outbox.has_ops(child):
                    store.execute("DELETE FROM record WHERE id = ?", (child,))
                    store.execute("DELETE FROM pulled WHERE record_id = ?", (child,))
            old = store.one("SELECT rowid FROM household_index WHERE id = ?", (record_id,))
            if old is not None:
                store.execute("DELETE FROM household_fts WHERE rowid = ?", (old[0],))
                store.execute("DELETE FROM household_index WHERE rowid = ?", (old[0],))
        store.execute("DELETE FROM record WHERE id = ?", (record_id,))
        store.execute("DELETE FROM pulled WHERE record_id = ?", (record_id,))
        if found.kind != "household" and household_id is not None:
            self.reindex_household(household_id)

    def set_version(self, record_id: str, version: int) -> None:
        self._store.execute(
            "UPDATE record SET version = max(version, ?) WHERE id = ?", (version, record_id)
        )

    def _owner(self, record_id: str) -> tuple[str | None, str | None] | None:
        """The stored household and person ids of a record; None when it is not stored."""
        row = self._store.one(
            "SELECT household_id, person_id FROM record WHERE id = ?", (record_id,)
        )
        return None if row is None else (row[0], row[1])

    def _columns(
        self,
        kind: str,
        record_id: str,
        body: Mapping[str, Any],
        owner: Callable[[str], tuple[str | None, str | None] | None] | None = None,
    ) -> tuple[str | None, str | None, str | None, str | None, int | None]:
        owner = owner or self._owner
        household_id = _text(body, "household_id")
        person_id = _text(body, "person_id")
        parent_id: str | None = None
        if kind == "household":
            household_id = record_id
        elif kind == "visit":
            parent_id = _text(body, "event_id")
        elif kind == "receipt":
            parent_id = _text(body, "enrollment_id")
            if parent_id is not None:
                row = owner(parent_id)
                if row is not None:
                    household_id, person_id = row
        if household_id is None and person_id is not None:
            row = owner(person_id)
            household_id = row[0] if row is not None else None
        day = _text(body, DAY_FIELD[kind]) if kind in DAY_FIELD else None
        amount = _int(body, "amount")
        return household_id, person_id, parent_id, day, amount

    def store_synced_many(self, items: Sequence[tuple[str, str, Mapping[str, Any], int]]) -> None:
        """:meth:`store_synced` of many live records, ``(kind, id, body, version)`` in order (a
        pull page): one ``executemany`` and one query for the parents they name that are
        stored already, instead of a statement or three per record. The rows written are the
        same as one call each in that order (a record names a parent written before it in
        ``items`` as if that one were stored), with one ``updated_at`` for all."""
        if not items:
            return
        store = self._store
        wanted: set[str] = set()
        for kind, _record_id, body, _version in items:
            if kind == "receipt" and (enrollment := _text(body, "enrollment_id")) is not None:
                wanted.add(enrollment)
            if _text(body, "household_id") is None and (person := _text(body, "person_id")):
                wanted.add(person)
        stored: dict[str, tuple[str | None, str | None] | None] = dict.fromkeys(wanted)
        ids = list(wanted)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for record_id, household_id, person_id in store.all(
                "SELECT id, household_id, person_id FROM record "
                f"WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                stored[record_id] = (household_id, person_id)
        written: dict[str, tuple[str | None, str | None]] = {}

        def owner(record_id: str) -> tuple[str | None, str | None] | None:
            if record_id in written:
                return written[record_id]
            if record_id in stored:
                return stored[record_id]
            return self._owner(record_id)  # a parent's parent, not looked up ahead

        moment = iso_utc(datetime.now(UTC))
        rows = []
        for kind, record_id, body, version in items:
            household_id, person_id, parent_id, day, amount = self._columns(
                kind, record_id, body, owner
            )
            written[record_id] = (household_id, person_id)
            rows.append(
                (
                    record_id,
                    kind,
                    dumps(dict(body)),
                    version,
                    household_id,
                    person_id,
                    parent_id,
                    day,
                    amount,
                    moment,
                )
            )
            self._reindex_for(kind, record_id, household_id)
        store.executemany(
            """INSERT INTO record (id, kind, body, version, deleted, household_id, person_id,
                   parent_id, day, amount, updated_at)
               VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, ?10)
               ON CONFLICT (id) DO UPDATE SET
                   body = excluded.body, deleted = 0, version = excluded.version,
                   household_id = excluded.household_id, person_id = excluded.person_id,
                   parent_id = excluded.parent_id, day = excluded.day,
                   amount = excluded.amount, updated_at = excluded.updated_at""",
            rows,
        )

    def _write(
        self,
        kind: str,
        record_id: str,
        text: str,
        body: Mapping[str, Any],
        deleted: bool,
        version: int | None,
        moment: str,
    ) -> str | None:
        """Upsert the record row; its household id as stored."""
        household_id, person_id, parent_id, day, amount = self._columns(kind, record_id, body)
        self._store.execute(
            """INSERT INTO record (id, kind, body, version, deleted, household_id, person_id,
                   parent_id, day, amount, updated_at)
               VALUES (?, ?, ?, coalesce(?, 0), ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET
                   body = excluded.body, deleted = excluded.deleted,
                   version = coalesce(?, record.version),
                   household_id = excluded.household_id, person_id = excluded.person_id,
                   parent_id = excluded.parent_id, day = excluded.day,
                   amount = excluded.amount, updated_at = excluded.updated_at""",
            (
                record_id,
                kind,
                text,
                version,
                int(deleted),
                household_id,
                person_id,
                parent_id,
                day,
                amount,
                moment,
                version,
            ),
        )
        return household_id

    def _reindex_for(self, kind: str, record_id: str, household_id: str | None) -> None:
        if kind == "household":
            self._reindex(record_id)
        elif kind in ("person", "visit", "enrollment") and household_id is not None:
            self._reindex(household_id)

    def _reindex(self, household_id: str) -> None:
        if self._due is not None:
            self._due.add(household_id)
        else:
            self.reindex_household(household_id)

    def reindex_household(self, household_id: str) -> None:
        """Bring the household's list row (status, last visit) and FTS terms up to date, or
        drop them."""
        self.reindex_households([household_id])

    def reindex_households(self, household_ids: Iterable[str]) -> None:
        """:meth:`reindex_household` for many households, a few queries per 500 of them (a
        pull page touches hundreds at once)."""
        ids = sorted(set(household_ids))
        for start in range(0, len(ids), _CHUNK):
            self._reindex_chunk(ids[start : start + _CHUNK])

    def _reindex_chunk(self, ids: list[str]) -> None:
        store = self._store
        marks = ",".join("?" * len(ids))
        heads = {
            r[0]: r[1]
            for r in store.all(
                # +kind: by id, never by walking every household on (kind, day)
                f"SELECT id, body FROM record WHERE id IN ({marks}) AND +kind = 'household' "
                "AND deleted = 0",
                ids,
            )
        }
        old = dict(store.all(f"SELECT id, rowid FROM household_index WHERE id IN ({marks})", ids))
        if old:
            store.executemany(
                "DELETE FROM household_fts WHERE rowid = ?", [(r,) for r in old.values()]
            )
        gone = [(i,) for i in ids if i not in heads and i in old]
        if gone:
            store.executemany("DELETE FROM household_index WHERE id = ?", gone)
        live = [i for i in ids if i in heads]
        if not live:
            return
        marks = ",".join("?" * len(live))
        # INDEXED BY: left to itself the planner walks every visit by (kind, day).
        members: dict[str, list[dict[str, Any]]] = {}
        for household_id, body in store.all(
            "SELECT household_id, body FROM record INDEXED BY record_household "
            f"WHERE household_id IN ({marks}) AND kind = 'person' AND deleted = 0 "
            "ORDER BY household_id, rowid",
            live,
        ):
            members.setdefault(household_id, []).append(json.loads(body))
        last_visit = dict(
            store.all(
                "SELECT household_id, max(day) FROM record INDEXED BY record_household "
                f"WHERE household_id IN ({marks}) AND kind = 'visit' AND deleted = 0 "
                "GROUP BY household_id",
                live,
            )
        )
        status = self._statuses(live, marks)
        fts = []
        updates = []
        inserts = []
        # New rows take the rowids after the last one (the transaction is the only writer), so
        # they go in with one statement and their search rows can name them.
        top: int | None = None
        for household_id in live:
            body = json.loads(heads[household_id])
            values = (
                _text(body, "commune_code") or "",
                fold(_text(body, "head_name") or ""),
                status.get(household_id, "new"),
                last_visit.get(household_id),
            )
            rowid = old.get(household_id)
            if rowid is None:
                if top is None:
                    top = int(store.one("SELECT coalesce(max(rowid), 0) FROM household_index")[0])
                top += 1
                rowid = top
                inserts.append((rowid, household_id, *values))
            else:
                updates.append((*values, rowid))
            fts.append((rowid, household_terms(body, members.get(household_id, ()))))
        if inserts:
            store.executemany(
                "INSERT INTO household_index (rowid, id, commune_code, name_key, status, "
                "last_visit_on) VALUES (?, ?, ?, ?, ?, ?)",
                inserts,
            )
        if updates:
            store.executemany(
                "UPDATE household_index SET commune_code = ?, name_key = ?, status = ?, "
                "last_visit_on = ? WHERE rowid = ?",
                updates,
            )
        store.executemany("INSERT INTO household_fts (rowid, terms) VALUES (?, ?)", fts)

    def _statuses(self, ids: list[str], marks: str) -> dict[str, str]:
        """Each household's status: enrolled when it has a live enrollment, else the outcome
        of its last visit (by day, then time of writing), else new (left out)."""
        store = self._store
        out: dict[str, str] = {}
        for household_id, outcome in store.all(
            "SELECT household_id, outcome FROM (SELECT household_id, "
            "json_extract(body, '$.outcome') AS outcome, row_number() OVER (PARTITION BY "
            "household_id ORDER BY day DESC, updated_at DESC) AS n "
            "FROM record INDEXED BY record_household "
            f"WHERE household_id IN ({marks}) AND kind = 'visit' AND deleted = 0) WHERE n = 1",
            ids,
        ):
            if outcome in ("not_home", "interested", "refused", "enrolled"):
                out[household_id] = outcome
        for (household_id,) in store.all(
            "SELECT DISTINCT household_id FROM record INDEXED BY record_household "
            f"WHERE household_id IN ({marks}) AND kind = 'enrollment' AND deleted = 0",
            ids,
        ):
            out[household_id] = "enrolled"
        return out

    def undelete(self, kind: str, record_id: str, *, now: datetime | None = None) -> bool:
        """Undo a local removal whose tombstone the server has not seen; call inside
        ``store.transaction()``. False when the removal was already sent (the server refuses
        any change to a deleted record, so the caller must make a new record instead).

        A tombstone queued on its own is dropped; one that overwrote an unsent edit turns back
        into that edit; a record created and removed before any sync is queued afresh.
        """
        store = self._store
        outbox = store.outbox
        found = self.find(record_id)
        if found is None or found.kind != kind:
            raise NotFound(f"no {kind} with id {record_id}")
        if not found.deleted:
            return True
        unsent = outbox.unsent(record_id)
        tombstone_unsent = unsent is not None and unsent.deleted
        if outbox.ever_sent(record_id, deleted=True) or (
            found.version > 0 and not tombstone_unsent
        ):
            return False
        text = dumps(found.body)
        moment = iso_utc(now or datetime.now(UTC))
        store.execute(
            "UPDATE record SET deleted = 0, updated_at = ? WHERE id = ?", (moment, record_id)
        )
        if unsent is not None:
            outbox.unqueue_removal(unsent, text, moment)
        else:  # never synced: its create op went with the removal
            outbox.enqueue(kind, record_id, text, False, moment, found.version)
        row = store.one("SELECT household_id FROM record WHERE id = ?", (record_id,))
        self._reindex_for(kind, record_id, row[0])
        return True

    # -- bulk ------------------------------------------------------------------------------

    def bulk_import(
        self,
        households: Iterable[
            tuple[str, Mapping[str, Any], Sequence[tuple[str, Mapping[str, Any]]]]
        ],
        *,
        version: int = 1,
        queue: bool = False,
    ) -> int:
        """Load many households with their members in the caller's transaction, with
        ``executemany`` (demo data, benchmarks). Statuses start as ``new``. Returns the count.

        With ``queue`` every record also gets an outbox op, as if typed in.
        """
        store = self._store
        moment = iso_utc(datetime.now(UTC))
        top = store.one("SELECT coalesce(max(rowid), 0) FROM household_index")[0]
        records: list[tuple[Any, ...]] = []
        index: list[tuple[Any, ...]] = []
        fts: list[tuple[Any, ...]] = []
        ops: list[tuple[Any, ...]] = []
        count = 0
        for household_id, body, members in households:
            count += 1
            rowid = top + count
            text = dumps(dict(body))
            records.append((household_id, "household", text, version, household_id, None, moment))
            index.append(
                (rowid, household_id, body.get("commune_code", ""), fold(body["head_name"]))
            )
            if queue:
                ops.append(("household", household_id, text, moment))
            for person_id, person in members:
                ptext = dumps(dict(person))
                records.append((person_id, "person", ptext, version, household_id, None, moment))
                if queue:
                    ops.append(("person", person_id, ptext, moment))
            fts.append((rowid, household_terms(body, (m for _, m in members))))
        store.executemany(
            "INSERT INTO record (id, kind, body, version, household_id, day, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            records,
        )
        store.executemany(
            "INSERT INTO household_index (rowid, id, commune_code, name_key) VALUES (?, ?, ?, ?)",
            index,
        )
        store.executemany("INSERT INTO household_fts (rowid, terms) VALUES (?, ?)", fts)
        if ops:
            store.outbox.enqueue_many(ops)
        return count


def kind_rank(kind: str) -> int:
    return KIND_ORDER.get(kind, len(KIND_ORDER))
