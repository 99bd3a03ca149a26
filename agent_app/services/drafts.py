"""The drafts of unfinished forms (``Workspace.drafts``): one row per form and key, saved
shortly after each edit and committed at once, so a crash or a closed lid loses nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from agent_app.services.types import DraftInfo
from agent_app.storage import Store
from agent_app.storage.records import dumps
from sync.protocol import iso_utc, parse_iso_utc


class Drafts:
    """``ws.drafts.save(form, key, data)``, ``.load``, ``.discard`` and ``.all()``."""

    def __init__(self, store: Store, now: Callable[[], datetime]) -> None:
        self.store = store
        self.now = now

    def save(self, form: str, key: str, data: dict[str, Any]) -> None:
        """Autosave: one row per form and key, committed at once so it survives a crash."""
        with self.store.transaction():
            self.store.execute(
                "INSERT INTO draft (form, key, data, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (form, key) DO UPDATE SET data = excluded.data, "
                "updated_at = excluded.updated_at",
                (form, key, dumps(data), iso_utc(self.now())),
            )

    def load(self, form: str, key: str) -> dict[str, Any] | None:
        row = self.store.one("SELECT data FROM draft WHERE form = ? AND key = ?", (form, key))
        return None if row is None else dict(json.loads(row[0]))

    def discard(self, form: str, key: str) -> None:
        with self.store.transaction():
            self.store.execute("DELETE FROM draft WHERE form = ? AND key = ?", (form, key))

    def all(self) -> list[DraftInfo]:
        """Every draft, the most recently edited first."""
        return [
            DraftInfo(form, key, parse_iso_utc(updated), dict(json.loads(data)))
            for form, key, data, updated in self.store.all(
                "SELECT form, key, data, updated_at FROM draft ORDER BY updated_at DESC"
            )
        ]
