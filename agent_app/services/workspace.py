"""The use cases of one open profile behind a single object, ``Workspace``, which the UI calls
through the database worker: a facade of parts, one subject each (``ws.money``,
``ws.receipts``, ``ws.scripts``, ``ws.targets``, ``ws.renewals``, ``ws.today``, ...).
Synchronous and Qt-free; mutations return :class:`Changed`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from agent_app.services._base import Base
from agent_app.services.attention import Attention
from agent_app.services.drafts import Drafts
from agent_app.services.events import Events
from agent_app.services.exports import Exports
from agent_app.services.households import Households
from agent_app.services.money import Money
from agent_app.services.receipts import Receipts
from agent_app.services.renewals import Renewals
from agent_app.services.scripts import Scripts
from agent_app.services.targets import Targets
from agent_app.services.today import Today as TodayPart
from agent_app.storage import Store
from agent_app.storage.records import dumps
from sync.domain.rules import Rates, load_rates
from sync.protocol import parse_iso_utc


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Workspace(Base):
    """Everything an agent does with the local data of one profile."""

    def __init__(
        self,
        store: Store,
        *,
        rates: Rates | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        super().__init__(
            store, rates=rates if rates is not None else load_rates(), today=today, now=now
        )
        # Parse the rates pulled in an earlier session now, on the thread that opens the
        # profile (before any worker uses it), so known_rates is right from the first dialog.
        _ = self.rates

    @cached_property
    def households(self) -> Households:
        """Households, members, visits, follow-ups (``agent_app.services.households``)."""
        return Households(self)

    @cached_property
    def money(self) -> Money:
        """Quotes, the pension estimate and enrollments (``agent_app.services.money``)."""
        return Money(self)

    @cached_property
    def receipts(self) -> Receipts:
        """Issuing, reading, voiding receipts and their ledger (``agent_app.services.receipts``)."""
        return Receipts(self)

    @cached_property
    def scripts(self) -> Scripts:
        """The scripts, their numbers from today's rates (``agent_app.services.scripts``)."""
        return Scripts(self)

    @cached_property
    def targets(self) -> Targets:
        """The targets per commune and province with what was achieved (``services.targets``)."""
        return Targets(self)

    @cached_property
    def renewals(self) -> Renewals:
        """The renewal and follow-up call list (``agent_app.services.renewals``)."""
        return Renewals(self)

    @cached_property
    def today(self) -> TodayPart:
        """The agent's day: Today and the day-end report (``agent_app.services.today``)."""
        return TodayPart(self)

    @cached_property
    def attention(self) -> Attention:
        """The needs-attention list (``agent_app.services.attention``)."""
        return Attention(self)

    @cached_property
    def drafts(self) -> Drafts:
        """The drafts of unfinished forms (``agent_app.services.drafts``)."""
        return Drafts(self.store, self.now)

    @cached_property
    def events(self) -> Events:
        """Outreach events (``agent_app.services.events``)."""
        return Events(self)

    @cached_property
    def exports(self) -> Exports:
        """The D05-TS / D03-TS lists BHXH takes (``agent_app.services.exports``)."""
        return Exports(self)

    # -- settings ----------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.store.one("SELECT value FROM setting WHERE key = ?", (key,))
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Store a per-profile setting (JSON value); ``None`` removes it."""
        with self.store.transaction():
            if value is None:
                self.store.execute("DELETE FROM setting WHERE key = ?", (key,))
            else:
                self.store.execute(
                    "INSERT INTO setting (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, dumps(value)),
                )

    # -- sync state --------------------------------------------------------------------------

    def pending_count(self) -> int:
        return self.store.outbox.pending_count()

    def last_sync(self) -> datetime | None:
        row = self.store.one("SELECT max(value) FROM meta WHERE key IN ('last_push', 'last_pull')")
        return parse_iso_utc(row[0]) if row and row[0] else None
