"""Outreach events with attribution: for each event, the visits and the sign-ups that point to
it (a visit's or an enrollment's ``event_id``), and the totals per event type. Qt-free; the
counting is SQL (:class:`agent_app.storage.campaign.CampaignReads`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from agent_app.services._common import as_day, integer, text
from agent_app.storage.campaign import CampaignReads
from sync.domain.records import EVENT_TYPES


@dataclass(frozen=True, slots=True)
class EventSignups:
    id: str
    type: str
    held_on: date
    commune_code: str
    commune_name: str
    team: str | None
    attendees: int
    leads: int | None
    visits: int  # visits logged at the event
    enrollments: int  # enrollments that point to the event
    people: int  # the people those enrollments cover


@dataclass(frozen=True, slots=True)
class TypeTotals:
    type: str
    events: int
    attendees: int
    leads: int
    visits: int
    enrollments: int
    people: int


@dataclass(frozen=True, slots=True)
class EventsSummary:
    events: tuple[EventSignups, ...]  # newest first
    by_type: tuple[TypeTotals, ...]  # every type, in EVENT_TYPES order, then any other


def events_summary(ws: Any) -> EventsSummary:
    reads = CampaignReads(ws.store)
    signups = reads.signups_by_event()
    visits = reads.visits_by_event()
    rows = []
    for r in ws.records.of_kind("event"):
        b = r.body
        commune = str(b.get("commune_code", ""))
        enrollments, people = signups.get(r.id, (0, 0))
        rows.append(
            EventSignups(
                id=r.id,
                type=str(b.get("type", "")),
                held_on=as_day(b.get("held_on")) or date.min,
                commune_code=commune,
                commune_name=ws.commune_name(commune),
                team=text(b, "team"),
                attendees=integer(b, "attendees") or 0,
                leads=integer(b, "leads"),
                visits=visits.get(r.id, 0),
                enrollments=enrollments,
                people=people,
            )
        )
    rows.sort(key=lambda e: (e.held_on, e.id), reverse=True)
    types = list(EVENT_TYPES) + sorted({e.type for e in rows} - set(EVENT_TYPES))
    totals = []
    for kind in types:
        mine = [e for e in rows if e.type == kind]
        totals.append(
            TypeTotals(
                type=kind,
                events=len(mine),
                attendees=sum(e.attendees for e in mine),
                leads=sum(e.leads or 0 for e in mine),
                visits=sum(e.visits for e in mine),
                enrollments=sum(e.enrollments for e in mine),
                people=sum(e.people for e in mine),
            )
        )
    return EventsSummary(tuple(rows), tuple(totals))
