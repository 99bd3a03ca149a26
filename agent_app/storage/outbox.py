"""The outbox: every change waiting for the server, and the server's latest copy of each record
that has one. ``Outbox`` holds every statement on the ``outbox`` and ``server_copy`` tables.

An op is ``pending`` (queued), ``inflight`` (taken for a push) or ``attention`` (the server
refused it or found a conflict). Once sent an op is frozen, so a resend is byte-identical; a
later edit gets a new op. While a record has ops, a pull does not overwrite it: the server's
body is kept in ``server_copy`` instead, and when the record's last op leaves the outbox
(settled, dismissed, resolved) the record becomes that copy; if a newer unsent op is still
waiting, that op and the record are *rebased* on the copy (:meth:`Outbox.reconcile`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from sync.domain.merge import overlay
from sync.protocol import KINDS, Op, OpResult, iso_utc, new_id

if TYPE_CHECKING:
    from agent_app.storage.store import Store

PENDING: Final = "pending"
INFLIGHT: Final = "inflight"
ATTENTION: Final = "attention"

_KIND_CASE: Final = "CASE kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
_KIND_CASE_END: Final = f" ELSE {len(KINDS)} END"
_COLUMNS: Final = (
    "seq, op_id, kind, record_id, body, deleted, device_time, state, sent, base_version, "
    "status, error, server, result_version, born_deleted"
)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One op as the outbox holds it; ``status``, ``error``, ``server`` and ``result_version``
    are the server's answer once the op needs attention."""

    seq: int
    op_id: str
    kind: str
    record_id: str
    body: dict[str, Any]
    deleted: bool
    device_time: str
    state: str
    sent: bool
    base_version: int | None
    status: str | None
    error: dict[str, Any] | None
    server: dict[str, Any] | None
    result_version: int | None
    born_deleted: bool

    @classmethod
    def _row(cls, row: Any) -> OutboxEntry:
        return cls(
            int(row[0]),
            row[1],
            row[2],
            row[3],
            json.loads(row[4]),
            bool(row[5]),
            row[6],
            row[7],
            bool(row[8]),
            row[9],
            row[10],
            json.loads(row[11]) if row[11] else None,
            json.loads(row[12]) if row[12] else None,
            row[13],
            bool(row[14]),
        )


@dataclass(frozen=True, slots=True)
class ServerCopy:
    """The server's latest known state of a record that has ops waiting. ``removed``: the
    record left the agent's scope (it is not deleted on the server)."""

    record_id: str
    kind: str
    version: int
    deleted: bool
    removed: bool
    body: dict[str, Any]


class Outbox:
    """Every state change of an op and every question about the queue, in one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- queries ---------------------------------------------------------------------------

    def pending_count(self) -> int:
        """Ops still to be sent (queued or in flight)."""
        return int(
            self._store.one(
                "SELECT count(*) FROM outbox WHERE state IN (?, ?)", (PENDING, INFLIGHT)
            )[0]
        )

    def attention_count(self) -> int:
        return int(self._store.one("SELECT count(*) FROM outbox WHERE state = ?", (ATTENTION,))[0])

    def counts(self) -> dict[str, int]:
        """Ops per state, with the ones needing attention counted per status instead
        (``conflict``, ``rejected``)."""
        return {
            str(key): int(n)
            for key, n in self._store.all(
                "SELECT coalesce(status, state), count(*) FROM outbox "
                "GROUP BY coalesce(status, state)"
            )
        }

    def entries(
        self, state: str | None = None, *, record_id: str | None = None
    ) -> list[OutboxEntry]:
        """Ops in queue order, of one state and/or one record."""
        where, params = [], []
        if state is not None:
            where.append("state = ?")
            params.append(state)
        if record_id is not None:
            where.append("record_id = ?")
            params.append(record_id)
        sql = f"SELECT {_COLUMNS} FROM outbox"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [OutboxEntry._row(r) for r in self._store.all(sql + " ORDER BY seq", params)]

    def entry(self, op_id: str) -> OutboxEntry | None:
        row = self._store.one(f"SELECT {_COLUMNS} FROM outbox WHERE op_id = ?", (op_id,))
        return None if row is None else OutboxEntry._row(row)

    def has_ops(self, record_id: str) -> bool:
        """Whether an op for this record is still waiting, in flight or needs attention."""
        found = self._store.one("SELECT 1 FROM outbox WHERE record_id = ? LIMIT 1", (record_id,))
        return found is not None

    def with_ops(self, record_ids: Iterable[str]) -> set[str]:
        """Of these records, those with an op waiting, in flight or needing attention (one
        query per 500 ids: a pull page asks for all of its records at once)."""
        ids = list(dict.fromkeys(record_ids))
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self._store.all(
                    f"SELECT DISTINCT record_id FROM outbox WHERE record_id IN ({marks})", chunk
                )
            )
        return found

    def record_ids(self) -> set[str]:
        """Every record with an op in the outbox."""
        return {r[0] for r in self._store.all("SELECT DISTINCT record_id FROM outbox")}

    def households_with_ops(self, household_ids: Sequence[str]) -> set[str]:
        """Of these households, those with an op waiting for themselves or a child record."""
        if not household_ids:
            return set()
        marks = ",".join("?" * len(household_ids))
        return {
            r[0]
            for r in self._store.all(
                "SELECT DISTINCT r.household_id FROM outbox o JOIN record r ON r.id = o.record_id "
                f"WHERE r.household_id IN ({marks})",
                list(household_ids),
            )
        }

    def ever_sent(self, record_id: str, *, deleted: bool | None = None) -> bool:
        sql = "SELECT 1 FROM outbox WHERE record_id = ? AND sent = 1"
        params: list[Any] = [record_id]
        if deleted is not None:
            sql += " AND deleted = ?"
            params.append(int(deleted))
        return self._store.one(sql + " LIMIT 1", params) is not None

    def unsent(self, record_id: str) -> OutboxEntry | None:
        """The record's op not sent yet (there is at most one)."""
        row = self._store.one(
            f"SELECT {_COLUMNS} FROM outbox WHERE record_id = ? AND state = ? AND sent = 0",
            (record_id, PENDING),
        )
        return None if row is None else OutboxEntry._row(row)

    # -- queueing (the record repository calls these inside its transaction) ---------------

    def enqueue(
        self, kind: str, record_id: str, text: str, deleted: bool, moment: str, version: int
    ) -> None:
        """At most one unsent op per record: an edit before sync rewrites it in place (the
        server never saw it); once sent an op is frozen and a later edit gets a new op.
        ``version`` is the record's server version (0: the server never had it)."""
        store = self._store
        unsent = self.unsent(record_id)
        if deleted and unsent is not None and version == 0 and not self.ever_sent(record_id):
            # Created and removed before the server heard of it: nothing to tell it. The local
            # tombstone stays, so the removal can still be undone.
            self._delete(unsent.op_id)
            return
        if unsent is not None:
            store.execute(
                "UPDATE outbox SET body = ?, deleted = ?, device_time = ? WHERE seq = ?",
                (text, int(deleted), moment, unsent.seq),
            )
            return
        store.execute(
            "INSERT INTO outbox (op_id, kind, record_id, body, deleted, device_time, "
            "born_deleted) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (new_id(), kind, record_id, text, int(deleted), moment, int(deleted)),
        )

    def enqueue_many(self, ops: Iterable[tuple[str, str, str, str]]) -> None:
        """``(kind, record_id, body text, device time)`` rows as new ops, in bulk."""
        self._store.executemany(
            "INSERT INTO outbox (op_id, kind, record_id, body, device_time) VALUES (?, ?, ?, ?, ?)",
            [(new_id(), kind, rid, text, moment) for kind, rid, text, moment in ops],
        )

    def keep_state_before_edit(self, record_id: str) -> None:
        """Before a record's first local op: with no op waiting its row is the server's state,
        so it becomes the server copy (what a dismissed or refused change falls back to),
        replacing any older one (left behind by a removal undone before it was sent)."""
        self._store.execute(
            "INSERT INTO server_copy (record_id, kind, version, deleted, body) "
            "SELECT id, kind, version, deleted, body FROM record WHERE id = ? AND version > 0 "
            "AND NOT EXISTS (SELECT 1 FROM outbox WHERE record_id = ?) "
            "ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind, "
            "version = excluded.version, deleted = excluded.deleted, removed = 0, "
            "body = excluded.body",
            (record_id, record_id),
        )

    def unqueue_removal(self, entry: OutboxEntry, text: str, moment: str) -> None:
        """An unsent removal undone: one queued on its own is dropped, one that overwrote an
        unsent edit turns back into that edit."""
        if entry.born_deleted:
            self._delete(entry.op_id)
        else:
            self._store.execute(
                "UPDATE outbox SET body = ?, deleted = 0, device_time = ? WHERE seq = ?",
                (text, moment, entry.seq),
            )

    # -- pushing ---------------------------------------------------------------------------

    def take(self, limit: int) -> list[Op]:
        """Up to ``limit`` ops, parents before children, oldest first within a kind, at most
        one per record (a second op for a record waits until the first has settled, so its
        ``base_version`` includes the first). Each is marked in flight and gets its
        ``base_version`` now, once: a resend must be byte-identical."""
        store = self._store
        if limit <= 0:
            return []
        ops: list[Op] = []
        with store.transaction():
            rows = store.all(
                "SELECT o.seq, o.op_id, o.kind, o.record_id, o.body, o.deleted, o.device_time, "
                "coalesce(o.base_version, r.version, 0) FROM outbox o "
                "LEFT JOIN record r ON r.id = o.record_id WHERE o.state IN (?, ?) "
                f"ORDER BY {_KIND_CASE.replace('kind', 'o.kind', 1)}{_KIND_CASE_END}, o.seq",
                (PENDING, INFLIGHT),
            )
            taken: set[str] = set()
            marks: list[tuple[int, int]] = []
            for seq, op_id, kind, record_id, body, deleted, device_time, base in rows:
                if len(ops) >= limit:
                    break
                if record_id in taken:
                    continue
                taken.add(record_id)
                marks.append((int(base), seq))
                ops.append(
                    Op(
                        op_id,
                        kind,
                        record_id,
                        int(base),
                        device_time,
                        bool(deleted),
                        json.loads(body),
                    )
                )
            store.executemany(
                "UPDATE outbox SET state = 'inflight', sent = 1, base_version = ? WHERE seq = ?",
                marks,
            )
        return ops

    def release(self, op_ids: Sequence[str]) -> None:
        """A push that failed on the way: its ops go back to pending, unchanged."""
        with self._store.transaction():
            self._store.executemany(
                "UPDATE outbox SET state = ? WHERE op_id = ? AND state = ?",
                [(PENDING, op_id, INFLIGHT) for op_id in op_ids],
            )

    def settle(self, op: Op, result: OpResult) -> None:
        """The server took the op (applied, duplicate, merged): it leaves the outbox and the
        record is brought to the server's state, or, with a newer op waiting, rebased on it."""
        self._delete(op.op_id)
        records = self._store.records
        if self.has_ops(op.record_id):
            records.set_version(op.record_id, result.version)
            server = result.server if result.server is not None else op.body
            self.keep_server_copy(op.kind, op.record_id, result.version, op.deleted, server)
            self.reconcile(op.record_id, base=op.body)
            return
        copy = self.server_copy(op.record_id)
        if copy is not None and copy.version > result.version:
            self.reconcile(op.record_id, base=None)  # a pull brought a newer state meanwhile
            return
        self.forget_server_copy(op.record_id)
        if result.server is not None:
            records.store_synced(
                op.kind, op.record_id, result.server, version=result.version, deleted=op.deleted
            )
        else:  # the server holds what was sent, which is what the record holds
            records.set_version(op.record_id, result.version)

    def to_attention(self, op: Op, result: OpResult, moment: datetime) -> None:
        """The server refused the op or found a conflict: it waits for the agent."""
        error = result.error.to_wire() if result.error is not None else None
        self._store.execute(
            "UPDATE outbox SET state = ?, status = ?, result_version = ?, error = ?, server = ?, "
            "settled_at = ? WHERE op_id = ?",
            (
                ATTENTION,
                result.status,
                result.version,
                _dumps(error) if error is not None else None,
                _dumps(dict(result.server)) if result.server is not None else None,
                iso_utc(moment),
                op.op_id,
            ),
        )
        if result.server is not None and result.version > 0:
            self.keep_server_copy(op.kind, op.record_id, result.version, False, result.server)

    # -- the needs-attention list ----------------------------------------------------------

    def attention_entry(self, op_id: str) -> OutboxEntry | None:
        entry = self.entry(op_id)
        return entry if entry is not None and entry.state == ATTENTION else None

    def resend(self, entry: OutboxEntry, body: Mapping[str, Any], now: datetime) -> None:
        """A refused change, corrected, goes out again as a new op (the old id may not be
        reused with other content). Call inside ``store.transaction()``."""
        self._store.records.put(entry.kind, entry.record_id, body, now=now)
        self._delete(entry.op_id)

    def resolve(self, entry: OutboxEntry, body: Mapping[str, Any], now: datetime) -> None:
        """A conflict settled field by field: ``body`` (built on the server's copy the conflict
        carried) is queued as a new op, rebased on the server's latest copy, which may be newer
        than the conflict's. Call inside ``store.transaction()``."""
        records = self._store.records
        if entry.result_version is not None:
            records.set_version(entry.record_id, entry.result_version)
        records.put(entry.kind, entry.record_id, body, now=now)
        self._delete(entry.op_id)
        self.reconcile(entry.record_id, base=entry.server or {})

    def dismiss(self, entry: OutboxEntry) -> None:
        """Drop the change; once the record has no op left it holds the server's current state
        (a record the server never had stays on this laptop only). Call inside
        ``store.transaction()``."""
        self._delete(entry.op_id)
        self.reconcile(entry.record_id, base=entry.body)

    def resolved_on_server(self, record_id: str, op_ids: Iterable[str]) -> int:
        """A supervisor resolved these ops' conflicts in the console: their needs-attention
        items leave, as if dismissed, and the record takes the server's copy (the resolution,
        just kept by the pull); a newer unsent op is rebased on it. How many left. Call inside
        ``store.transaction()``."""
        left = 0
        for op_id in op_ids:
            entry = self.attention_entry(op_id)
            if entry is not None and entry.record_id == record_id and entry.status == "conflict":
                self.dismiss(entry)
                left += 1
        return left

    # -- server copies and rebase ----------------------------------------------------------

    def server_copy(self, record_id: str) -> ServerCopy | None:
        row = self._store.one(
            "SELECT record_id, kind, version, deleted, removed, body FROM server_copy "
            "WHERE record_id = ?",
            (record_id,),
        )
        if row is None:
            return None
        return ServerCopy(
            row[0], row[1], int(row[2]), bool(row[3]), bool(row[4]), json.loads(row[5])
        )

    def keep_server_copy(
        self,
        kind: str,
        record_id: str,
        version: int,
        deleted: bool,
        body: Mapping[str, Any],
        *,
        removed: bool = False,
    ) -> None:
        """Remember the server's state of a record with ops waiting, unless a newer one is
        known. A tombstone without a body keeps the last body known."""
        store = self._store
        old = self.server_copy(record_id)
        if old is not None and old.version > version:
            return
        if not body:
            if old is not None:
                body = old.body
            else:
                found = store.records.find(record_id)
                body = found.body if found is not None else {}
        store.execute(
            "INSERT INTO server_copy (record_id, kind, version, deleted, removed, body) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET "
            "kind = excluded.kind, version = excluded.version, deleted = excluded.deleted, "
            "removed = excluded.removed, body = excluded.body",
            (record_id, kind, version, int(deleted or removed), int(removed), _dumps(dict(body))),
        )

    def forget_server_copy(self, record_id: str) -> None:
        self._store.execute("DELETE FROM server_copy WHERE record_id = ?", (record_id,))

    def reconcile(self, record_id: str, *, base: Mapping[str, Any] | None) -> None:
        """After an op left the outbox: with no op left, the record becomes the server's copy
        (or is dropped, if it left the agent's scope); with a newer op not sent yet, that op and
        the record are rebased on the copy (:meth:`rebase`), ``base`` being the body that op was
        edited from."""
        copy = self.server_copy(record_id)
        if copy is None:
            return  # the server never had it
        records = self._store.records
        if not self.has_ops(record_id):
            self.forget_server_copy(record_id)
            if copy.removed:
                records.drop(record_id)
                return
            found = records.find(record_id)
            if found is not None and found.version > copy.version:
                return  # already newer (should not happen: pulls skip records with ops)
            records.store_synced(
                copy.kind, record_id, copy.body, version=copy.version, deleted=copy.deleted
            )
            return
        unsent = self.unsent(record_id)
        if unsent is not None and base is not None and not copy.removed:
            self.rebase(unsent, base, copy)

    def rebase(self, entry: OutboxEntry, base: Mapping[str, Any], copy: ServerCopy) -> None:
        """Lay the changes the agent made since ``base`` over the server's copy: the unsent op
        and the record take the result and the copy's version as their base, so the op's next
        push carries the other devices' fields instead of overwriting them."""
        if entry.sent:
            raise ValueError("a sent op is frozen and cannot be rebased")
        merged, _ = overlay(base, entry.body, copy.body)
        text = _dumps(merged)
        self._store.execute(
            "UPDATE outbox SET body = ?, base_version = ? WHERE seq = ?",
            (text, copy.version, entry.seq),
        )
        self._store.records.store_synced(
            entry.kind, entry.record_id, merged, version=copy.version, deleted=entry.deleted
        )

    # -- plumbing --------------------------------------------------------------------------

    def _delete(self, op_id: str) -> None:
        self._store.execute("DELETE FROM outbox WHERE op_id = ?", (op_id,))
