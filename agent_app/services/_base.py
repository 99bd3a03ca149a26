"""The state every use-case module shares: the store, the rates, the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from agent_app.storage import Store
from agent_app.storage.records import Records
from sync.domain.admin_units import admin_units
from sync.domain.rules import Rates


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
        self.rates = rates
        # ``today`` is the part of the agent's day (``services.today``): the clock has another name.
        self._clock_today = today
        self.now = now

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
