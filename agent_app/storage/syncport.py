"""``LocalSyncPort``: the local store seen by the sync engine (``sync.client.SyncStorePort``,
implemented structurally so the store never imports the client).

Ops are taken parents first and marked in flight; each result settles its own op; reference
data from pulls goes to its own table; a pulled record with local changes waiting keeps the
local body (the server merges the push).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from agent_app.storage.records import dumps
from agent_app.storage.store import Store
from sync.protocol import KINDS, REF_KINDS, SETTLED, Change, Op, OpResult, iso_utc

_KIND_CASE: Final = "CASE kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
_KIND_CASE_END: Final = f" ELSE {len(KINDS)} END"


class LocalSyncPort:
    def __init__(self, store: Store) -> None:
        self._store = store

    # -- push ---------------------------------------------------------------------------------

    def pending_count(self) -> int:
        return int(
            self._store.one("SELECT count(*) FROM outbox WHERE state IN ('pending', 'inflight')")[0]
        )

    def take_batch(self, limit: int) -> list[Op]:
        """Up to ``limit`` ops, parents before children, oldest first within a kind, at most
        one per record (a second op for a record waits until the first has settled, so its
        ``base_version`` includes the first). Each is marked in flight and sent, and gets its
        ``base_version`` now, once: a resend must be byte-identical."""
        store = self._store
        if limit <= 0:
            return []
        ops: list[Op] = []
        with store.transaction():
            rows = store.all(
                "SELECT seq, op_id, kind, record_id, body, deleted, device_time, base_version "
                "FROM outbox WHERE state IN ('pending', 'inflight') "
                f"ORDER BY {_KIND_CASE}{_KIND_CASE_END}, seq"
            )
            taken: set[str] = set()
            for seq, op_id, kind, record_id, body, deleted, device_time, base in rows:
                if len(ops) >= limit:
                    break
                if record_id in taken:
                    continue
                taken.add(record_id)
                if base is None:
                    found = store.one("SELECT version FROM record WHERE id = ?", (record_id,))
                    base = found[0] if found is not None else 0
                store.execute(
                    "UPDATE outbox SET state = 'inflight', sent = 1, base_version = ? "
                    "WHERE seq = ?",
                    (base, seq),
                )
                body_value = json.loads(body)
                ops.append(
                    Op(op_id, kind, record_id, int(base), device_time, bool(deleted), body_value)
                )
        return ops

    def settle(self, results: Sequence[tuple[Op, OpResult]]) -> None:
        store = self._store
        moment = iso_utc(datetime.now(UTC))
        with store.transaction():
            for op, result in results:
                if result.status in SETTLED:
                    store.execute("DELETE FROM outbox WHERE op_id = ?", (op.op_id,))
                    store.records.set_version(op.record_id, result.version)
                    if result.server is not None and result.status == "merged":
                        self._take_server_body(op, result)
                else:
                    error = result.error.to_wire() if result.error is not None else None
                    store.execute(
                        "UPDATE outbox SET state = 'attention', status = ?, result_version = ?, "
                        "error = ?, server = ?, settled_at = ? WHERE op_id = ?",
                        (
                            result.status,
                            result.version,
                            dumps(error) if error is not None else None,
                            dumps(dict(result.server)) if result.server is not None else None,
                            moment,
                            op.op_id,
                        ),
                    )
            store.execute(
                "INSERT INTO meta (key, value) VALUES ('last_push', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (moment,),
            )

    def _take_server_body(self, op: Op, result: OpResult) -> None:
        store = self._store
        newer = store.one(
            "SELECT 1 FROM outbox WHERE record_id = ? AND state IN ('pending', 'inflight') LIMIT 1",
            (op.record_id,),
        )
        if newer is not None:
            return  # the agent's newer edit wins; it will be merged on its own push
        record = store.records.find(op.record_id)
        if record is None:
            return
        server: Mapping[str, Any] = result.server or {}
        store.records.store_synced(
            op.kind, op.record_id, server, version=max(record.version, result.version)
        )

    def release(self, ops: Sequence[Op]) -> None:
        with self._store.transaction():
            self._store.executemany(
                "UPDATE outbox SET state = 'pending' WHERE op_id = ? AND state = 'inflight'",
                [(op.op_id,) for op in ops],
            )

    # -- pull ---------------------------------------------------------------------------------

    def pull_cursor(self) -> int:
        row = self._store.one("SELECT value FROM meta WHERE key = 'pull_cursor'")
        return int(row[0]) if row is not None else 0

    def apply_pull_page(self, changes: Sequence[Change], cursor: int) -> None:
        """One transaction: reference data to its table, records upserted (unless changes of
        ours are waiting for them), tombstones applied, then the cursor moves."""
        store = self._store
        records = store.records
        with store.transaction():
            for change in changes:
                store.execute(
                    "INSERT OR IGNORE INTO pulled (kind, record_id) VALUES (?, ?)",
                    (change.kind, change.record_id),
                )
                if change.kind in REF_KINDS:
                    self._reference(change)
                    continue
                if change.kind not in KINDS or records.has_local_changes(change.record_id):
                    continue
                existing = records.find(change.record_id)
                if change.deleted:
                    if existing is not None:
                        records.store_synced(
                            change.kind,
                            change.record_id,
                            existing.body,
                            version=change.version,
                            deleted=True,
                        )
                    continue
                records.store_synced(
                    change.kind, change.record_id, change.body, version=change.version
                )
            store.execute(
                "INSERT INTO meta (key, value) VALUES ('pull_cursor', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(cursor),),
            )
            store.execute(
                "INSERT INTO meta (key, value) VALUES ('last_pull', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (iso_utc(datetime.now(UTC)),),
            )

    def _reference(self, change: Change) -> None:
        if change.deleted:
            self._store.execute(
                "DELETE FROM reference WHERE kind = ? AND record_id = ?",
                (change.kind, change.record_id),
            )
            return
        self._store.execute(
            "INSERT INTO reference (kind, record_id, version, body) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, record_id) DO UPDATE SET version = excluded.version, "
            "body = excluded.body",
            (change.kind, change.record_id, change.version, dumps(dict(change.body))),
        )

    def known_count(self) -> int:
        return int(self._store.one("SELECT count(*) FROM pulled")[0])

    def reset_pull(self) -> None:
        """Start pulling from the beginning; the count of known records starts again too."""
        with self._store.transaction():
            self._store.execute("DELETE FROM meta WHERE key = 'pull_cursor'")
            self._store.execute("DELETE FROM pulled")
