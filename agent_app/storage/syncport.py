"""``LocalSyncPort``: the local store seen by the sync engine (``sync.client.SyncStorePort``,
implemented structurally so the store never imports the client).

Pushing is the outbox's business (``agent_app.storage.outbox``): ops are taken parents first and
marked in flight, each result settles its own op. Pulls put reference data in its own table and
records into the store; a record with ops waiting keeps its local body and the server's copy is
kept aside until its last op leaves the outbox. A record that left the agent's scope
(``removed``) is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from agent_app.storage.records import dumps
from agent_app.storage.store import Store
from sync.protocol import KINDS, REF_KINDS, SETTLED, Change, Op, OpResult, iso_utc

# meta key: a full pull has stored pages without the household list and search rows.
REBUILD_DUE = "index_rebuild_due"
# A first page at least this long starts a pull worth indexing at its end (the engine asks
# for 500 changes a page).
FULL_PAGE = 200
REBUILD_CACHE_KIB = -65536  # 64 MiB of page cache while rebuilding (negative: KiB)


class LocalSyncPort:
    def __init__(self, store: Store) -> None:
        self._store = store

    # -- push ---------------------------------------------------------------------------------

    def pending_count(self) -> int:
        return self._store.outbox.pending_count()

    def take_batch(self, limit: int) -> list[Op]:
        return self._store.outbox.take(limit)

    def settle(self, results: Sequence[tuple[Op, OpResult]]) -> None:
        store = self._store
        now = datetime.now(UTC)
        with store.transaction():
            for op, result in results:
                if result.status in SETTLED:
                    store.outbox.settle(op, result)
                else:
                    store.outbox.to_attention(op, result, now)
            store.execute(
                "INSERT INTO meta (key, value) VALUES ('last_push', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (iso_utc(now),),
            )

    def release(self, ops: Sequence[Op]) -> None:
        self._store.outbox.release([op.op_id for op in ops])

    # -- pull ---------------------------------------------------------------------------------

    def pull_cursor(self) -> int:
        row = self._store.one("SELECT value FROM meta WHERE key = 'pull_cursor'")
        return int(row[0]) if row is not None else 0

    def apply_pull_page(self, changes: Sequence[Change], cursor: int) -> None:
        """One transaction: reference data to its table, records upserted, tombstones applied,
        removals dropped, then the cursor moves. A record with ops of ours waiting keeps its
        local body; the server's copy is kept for when its last op leaves the outbox."""
        store = self._store
        with store.transaction():
            # A big pull from the start (a recovery, a first sync, a full re-pull: its first
            # page is a full one) leaves the household list and search rows to finish_pull,
            # which builds each household's once, when all its records are in; the mark is
            # committed with every page, so a pull cut short and resumed still ends with them
            # (or opening the profile does). A small first pull is indexed page by page.
            rebuild_later = self.index_rebuild_due() or (
                self.pull_cursor() == 0 and len(changes) >= FULL_PAGE
            )
            if rebuild_later:
                store.execute(
                    "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING",
                    (REBUILD_DUE,),
                )
            with store.records.deferred_reindex(rebuild_later=rebuild_later):
                self._apply(changes, cursor)

    def index_rebuild_due(self) -> bool:
        """Whether a full pull stored pages without the household list and search rows."""
        return self._store.one("SELECT 1 FROM meta WHERE key = ?", (REBUILD_DUE,)) is not None

    def finish_pull(self) -> None:
        """After a pull's last page (or a pull that failed part way): the household list and
        search rows a full pull put off, built once, in one transaction."""
        store = self._store
        if not self.index_rebuild_due():
            return
        # The rebuild reads every household's records and writes all their rows in one
        # transaction: with the default 8 MB page cache SQLCipher decrypts the same pages again
        # and again. A larger cache for its duration only (memory, nothing on disk changes).
        (cache,) = store.one("PRAGMA cache_size")
        store.execute(f"PRAGMA cache_size = {REBUILD_CACHE_KIB}")
        try:
            with store.transaction():
                store.records.rebuild_index()
                store.execute("DELETE FROM meta WHERE key = ?", (REBUILD_DUE,))
        finally:
            store.execute(f"PRAGMA cache_size = {int(cache)}")

    def _apply(self, changes: Sequence[Change], cursor: int) -> None:
        store = self._store
        records = store.records
        outbox = store.outbox
        waiting = outbox.with_ops(c.record_id for c in changes if c.kind in KINDS)
        pulled: list[tuple[str, str]] = []  # marks written in one go, before any removal
        # Live records with no op waiting (nearly all of a page) are written in one go,
        # before anything else that reads or writes records: the order stays the page's.
        batch: list[tuple[str, str, Mapping[str, Any], int]] = []
        references: list[Change] = []  # the same for reference data, in its own table
        for change in changes:
            plain = change.kind in KINDS and not change.removed and not change.deleted
            if plain and change.record_id not in waiting:
                pulled.append((change.kind, change.record_id))
                batch.append((change.kind, change.record_id, change.body, change.version))
                continue
            records.store_synced_many(batch)
            batch.clear()
            if change.removed:
                self._mark_pulled(pulled)
                self._removed(change)
                continue
            pulled.append((change.kind, change.record_id))
            if change.kind in REF_KINDS:
                if change.deleted:
                    self._store_references(references)
                    self._reference(change)
                else:
                    references.append(change)
                continue
            if change.kind not in KINDS:
                continue
            if change.record_id in waiting:
                outbox.keep_server_copy(
                    change.kind,
                    change.record_id,
                    change.version,
                    change.deleted,
                    change.body,
                )
                if change.resolves:  # a supervisor settled our conflict on the server
                    outbox.resolved_on_server(change.record_id, change.resolves)
                continue
            if change.deleted:
                existing = records.find(change.record_id)
                if existing is not None:
                    records.store_synced(
                        change.kind,
                        change.record_id,
                        existing.body,
                        version=change.version,
                        deleted=True,
                    )
        records.store_synced_many(batch)
        self._store_references(references)
        self._mark_pulled(pulled)
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

    def _mark_pulled(self, pulled: list[tuple[str, str]]) -> None:
        """Mark these records as delivered by a pull (the count check counts them); empties
        the list."""
        if pulled:
            self._store.executemany(
                "INSERT OR IGNORE INTO pulled (kind, record_id) VALUES (?, ?)", pulled
            )
            pulled.clear()

    def _removed(self, change: Change) -> None:
        """The record left the agent's scope: the laptop no longer holds or counts it, unless
        an op of ours waits for it (its push will be refused and go to needs attention; the
        record goes once that op has left the outbox)."""
        store = self._store
        store.execute(
            "DELETE FROM pulled WHERE kind = ? AND record_id = ?", (change.kind, change.record_id)
        )
        if change.kind not in KINDS:
            return
        if store.outbox.has_ops(change.record_id):
            store.outbox.keep_server_copy(
                change.kind, change.record_id, change.version, True, change.body, removed=True
            )
            return
        store.records.drop(change.record_id)

    def _reference(self, change: Change) -> None:
        if change.deleted:
            self._store.execute(
                "DELETE FROM reference WHERE kind = ? AND record_id = ?",
                (change.kind, change.record_id),
            )
            return
        self._store_references([change])

    def _store_references(self, changes: list[Change]) -> None:
        """Upsert live reference records in one statement; empties the list."""
        if changes:
            self._store.executemany(
                "INSERT INTO reference (kind, record_id, version, body) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, record_id) DO UPDATE SET version = excluded.version, "
                "body = excluded.body",
                [(c.kind, c.record_id, c.version, dumps(dict(c.body))) for c in changes],
            )
            changes.clear()

    def known_count(self) -> int:
        return int(self._store.one("SELECT count(*) FROM pulled")[0])

    def reset_pull(self) -> None:
        """Start pulling from the beginning; the count of known records starts again too."""
        with self._store.transaction():
            self._store.execute("DELETE FROM meta WHERE key = 'pull_cursor'")
            self._store.execute("DELETE FROM pulled")
