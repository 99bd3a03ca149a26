"""The Agents page (per agent: last sync, app version, what waits on the laptops and what the
server refused, sign-ups, money collected and receipts voided per day) and the Events page
(per outreach event: attendees, leads, visits and sign-ups it brought; totals per type).
Both read the tallies ingest keeps (sync.server.console.reports) and ``device_activity``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Final

from fastapi import Query, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from sync.domain.records import EVENT_TYPES
from sync.server.activity import device_activity
from sync.server.console import reports
from sync.server.console.i18n import LABELS
from sync.server.console.scope import Scope
from sync.server.console.web import API_SECURITY, ApiUser, Console, PageUser
from sync.server.db import Database, devices

AGENTS_API: Final = "/api/v1/reports/agents"
PAGE_AGENTS: Final = 50  # agents per page (a national administrator has 3,321)
SHOWN_EVENTS: Final = 300  # the page lists the newest; the JSON twin has every one
EVENTS_API: Final = "/api/v1/reports/events"

LABELS["event_type"] = {
    "launch": "Launch rally",
    "mobile_team": "Mobile propaganda team",
    "counselling": "Counselling session",
    "door_to_door": "Door-to-door round",
    "livestream": "Livestream",
    "other": "Other",
    "": "Unknown type",
}
assert set(EVENT_TYPES) <= set(LABELS["event_type"])


def agent_report(
    db: Database, scope: Scope, today: date, offset: int = 0, limit: int = PAGE_AGENTS
) -> dict[str, Any]:
    """A page of :func:`reports.agents` with each agent's laptops as the server last saw them:
    the latest call, the newest app version, what their outboxes held, ops refused."""
    data = reports.agents(db, scope, today, offset=offset, limit=limit)
    wanted = [row["agent_id"] for row in data["agents"]]
    seen: dict[int, dict[str, Any]] = {}
    if wanted:
        with db.connect() as conn:
            rows = conn.execute(
                select(
                    device_activity.c.agent_id,
                    device_activity.c.last_seen_at,
                    device_activity.c.app_version,
                    device_activity.c.outbox_pending,
                    device_activity.c.ops_refused,
                    device_activity.c.ops_total,
                )
                .join(devices, devices.c.id == device_activity.c.device_id)
                .where(device_activity.c.agent_id.in_(wanted), devices.c.revoked_at.is_(None))
            ).all()
        for r in rows:
            entry = seen.setdefault(
                r.agent_id,
                {"last_sync_at": None, "app_version": None, "pending": None, "refused": 0,
                 "ops": 0},
            )  # fmt: skip
            if entry["last_sync_at"] is None or r.last_seen_at > entry["last_sync_at"]:
                entry["last_sync_at"], entry["app_version"] = r.last_seen_at, r.app_version
            if r.outbox_pending is not None:
                entry["pending"] = (entry["pending"] or 0) + r.outbox_pending
            entry["refused"] += r.ops_refused or 0
            entry["ops"] += r.ops_total or 0
    for row in data["agents"]:
        got = seen.get(row["agent_id"], {})
        row["last_sync_at"] = got.get("last_sync_at")
        row["app_version"] = got.get("app_version")
        row["pending_ops"] = got.get("pending")
        row["rejected_ops"] = got.get("refused", 0)
        row["pushed_ops"] = got.get("ops", 0)
    return data


def register(console: Console) -> None:
    router, api = console.router, console.api

    @router.get("/agents")
    async def agents_page(
        request: Request, signed: PageUser, page: Annotated[int, Query(ge=1, le=100_000)] = 1
    ) -> Response:
        offset = (page - 1) * PAGE_AGENTS
        data = await run_in_threadpool(
            agent_report, console.db, signed.scope, console.today(), offset
        )
        pages = max(1, -(-data["total"] // PAGE_AGENTS))
        return console.render(
            request, signed, "agents.html", {**data, "page": page, "pages": pages}
        )

    @api.get(AGENTS_API, openapi_extra={"security": API_SECURITY})
    async def agents_api(
        signed: ApiUser,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = PAGE_AGENTS,
    ) -> Response:
        data = await run_in_threadpool(
            agent_report, console.db, signed.scope, console.today(), offset, limit
        )
        return console.json(data)

    @router.get("/events")
    async def events_page(request: Request, signed: PageUser) -> Response:
        data = await run_in_threadpool(reports.events, console.db, signed.scope)
        shown = {**data, "events": data["events"][:SHOWN_EVENTS], "total": len(data["events"])}
        return console.render(request, signed, "events.html", shown)

    @api.get(EVENTS_API, openapi_extra={"security": API_SECURITY})
    async def events_api(signed: ApiUser) -> Response:
        return console.json(await run_in_threadpool(reports.events, console.db, signed.scope))
