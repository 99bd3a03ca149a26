"""The state every use-case module shares: the store, the rates, the clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

from agent_app.storage import Store
from agent_app.storage.records import Records
from sync.domain.admin_units import admin_units
from sync.domain.errors import DomainError
from sync.domain.rates import rates_from_record
from sync.domain.rules import Rates
from sync.protocol import REF_RATES


class Base:
    def __init__(
        self,
        store: Store,
        *,
        rates: Rates,
        today: Callable[[], date],
        now: Callable[[], datetime],
    ) -> None:
        self.store = store
        self._own_rates = rates
        self._pulled: tuple[tuple[str, int], Rates] | None = None
        # ``today`` is the part of the agent's day (``services.today``): the clock has another name.
        self._clock_today = today
        self.now = now

    @property
    def rates(self) -> Rates:
        """The rates every quote and check of the laptop uses: those the server last sent
        (``ref.rates``, what an administrator published), else the ones the workspace opened
        with (the bundled file) before the first sync. Parsed again only when a pull brought
        a new version; a pulled body that does not parse is ignored (the other stays right)."""
        row = self.store.one(
            "SELECT record_id, version FROM reference WHERE kind = ? ORDER BY record_id LIMIT 1",
            (REF_RATES,),
        )
        if row is None:
            return self._own_rates
        key = (str(row[0]), int(row[1]))
        if self._pulled is not None and self._pulled[0] == key:
            return self._pulled[1]
        body = self.store.one(
            "SELECT body FROM reference WHERE kind = ? AND record_id = ?", (REF_RATES, key[0])
        )
        try:
            rates = rates_from_record(json.loads(body[0]), version=key[1])
        except (DomainError, ValueError, TypeError):
            return self._own_rates
        self._pulled = (key, rates)
        return rates

    @property
    def known_rates(self) -> Rates:
        """The rates :attr:`rates` last found, without touching the database: what the GUI
        thread may read (a dialog opening); the sync refreshes it after each pull."""
        return self._pulled[1] if self._pulled is not None else self._own_rates

    def current_day(self) -> date:
        """The local date in Vietnam, from the injected clock."""
        return self._clock_today()

    @property
    def records(self) -> Records:
        return self.store.records

    @staticmethod
    def commune_name(code: str) -> str:
        commune = admin_units().commune(code) if code else None
        return commune.name if commune is not None else code
