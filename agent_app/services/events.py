"""Outreach events (``Workspace.events``): launch rallies, mobile teams, counselling sessions,
door-to-door rounds and livestreams, with the visits and sign-ups they brought."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from agent_app.services._base import Base
from agent_app.services._common import as_day, fail, integer, parse, text
from agent_app.services.events_summary import EventsSummary, events_summary
from agent_app.services.types import Changed, EventRow
from sync.protocol import new_id


class Events:
    """``ws.events.all()``, ``.record(body, event_id=None)``, ``.summary()``."""

    def __init__(self, ws: Base) -> None:
        self.ws = ws

    def all(self) -> list[EventRow]:
        """Every event, the latest first, with the visits that point to it."""
        visits = dict(
            self.ws.store.all(
                "SELECT parent_id, count(*) FROM record WHERE kind = 'visit' AND deleted = 0 "
                "AND parent_id IS NOT NULL GROUP BY parent_id"
            )
        )
        rows = []
        for r in self.ws.records.of_kind("event"):
            b = r.body
            commune = str(b.get("commune_code", ""))
            rows.append(
                EventRow(
                    id=r.id,
                    commune_code=commune,
                    commune_name=self.ws.commune_name(commune),
                    type=str(b.get("type", "")),
                    held_on=as_day(b.get("held_on")) or date.min,
                    attendees=integer(b, "attendees") or 0,
                    leads=integer(b, "leads"),
                    enrollments=integer(b, "enrollments"),
                    notes=text(b, "notes"),
                    visits=int(visits.get(r.id, 0)),
                    version=r.version,
                )
            )
        rows.sort(key=lambda e: e.held_on, reverse=True)
        return rows

    def record(self, body: Mapping[str, Any], event_id: str | None = None) -> Changed:
        merged = dict(body)
        if event_id is not None:
            merged = {**self.ws.records.get(event_id, "event").body, **body}
        parsed = parse("event", merged, self.ws.current_day()).to_body()
        if parsed["commune_code"] not in self.ws.store.profile.communes:
            raise fail("not_in_scope", "commune_code")
        event_id = event_id or new_id()
        with self.ws.store.transaction():
            self.ws.records.put("event", event_id, parsed, now=self.ws.now())
        return Changed(frozenset({"event"}), (event_id,))

    def summary(self) -> EventsSummary:
        """Totals per type and sign-ups per event (``services.events_summary``)."""
        return events_summary(self.ws)
