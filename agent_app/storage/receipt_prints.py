"""How many times each receipt was printed on this laptop (to paper or to PDF): the original
is printed once, every later print is marked as a copy. Local only, never synced."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sync.protocol import iso_utc

if TYPE_CHECKING:
    from agent_app.storage.store import Store


class ReceiptPrints:
    """The ``receipt_print`` table: one row per receipt printed at least once."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def count(self, receipt_id: str) -> int:
        """How many times the receipt was printed here (0: the next print is the original)."""
        row = self._store.one(
            "SELECT printed FROM receipt_print WHERE receipt_id = ?", (receipt_id,)
        )
        return int(row[0]) if row is not None else 0

    def counts(self) -> dict[str, int]:
        return {
            str(rid): int(n)
            for rid, n in self._store.all("SELECT receipt_id, printed FROM receipt_print")
        }

    def add(self, receipt_id: str, *, now: datetime | None = None) -> int:
        """Count one more print; returns the new count (1: that was the original)."""
        moment = iso_utc(now or datetime.now(UTC))
        with self._store.transaction():
            self._store.execute(
                "INSERT INTO receipt_print (receipt_id, printed, last_printed_at) "
                "VALUES (?, 1, ?) ON CONFLICT (receipt_id) DO UPDATE SET "
                "printed = printed + 1, last_printed_at = excluded.last_printed_at",
                (receipt_id, moment),
            )
        return self.count(receipt_id)
