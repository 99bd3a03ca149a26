"""Devices: every laptop registered by an agent of the supervisor's scope, when it last
called, with which app version, what it said was waiting in its outbox, and a Revoke button
(the laptop's next sync is refused with a sentence saying why, and it keeps its unsent data).

An agent is in a supervisor's scope when one of its communes is; revoking needs all of them
(a province supervisor cannot stop a laptop that also serves another province)."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import Path, Request
from sqlalchemy import select, update
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from sync.protocol import iso_utc, utc_now
from sync.server.activity import device_activity
from sync.server.console import audit
from sync.server.console.i18n import LABELS, N_
from sync.server.console.scope import Scope, c_province
from sync.server.console.web import (
    API_SECURITY,
    ApiUser,
    Console,
    ConsoleError,
    PageUser,
    Signed,
    client_address,
)
from sync.server.db import Database, agents, devices

API_PATH: Final = "/api/v1/reports/devices"
_ID: Final = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")

LABELS["action"]["revoke_device"] = "Device revoked"


def _sees(scope: Scope, communes: list[str]) -> bool:
    return any(scope.sees_commune(c, c_province(c)) for c in communes)


def _covers(scope: Scope, communes: list[str]) -> bool:
    return scope.everything or all(scope.sees_commune(c, c_province(c)) for c in communes)


def device_list(db: Database, scope: Scope) -> dict[str, Any]:
    """The devices of agents in ``scope``, active first, most recently seen first."""
    query = (
        select(
            devices.c.id,
            devices.c.name,
            devices.c.created_at,
            devices.c.revoked_at,
            agents.c.username,
            agents.c.name.label("agent_name"),
            agents.c.code,
            agents.c.communes,
            device_activity.c.last_seen_at,
            device_activity.c.app_version,
            device_activity.c.outbox_pending,
            device_activity.c.last_push_at,
            device_activity.c.last_pull_at,
            device_activity.c.ops_total,
            device_activity.c.ops_refused,
        )
        .join(agents, agents.c.id == devices.c.agent_id)
        .outerjoin(device_activity, device_activity.c.device_id == devices.c.id)
    )
    with db.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for r in rows:
        communes = sorted(r.communes or [])
        if not _sees(scope, communes):
            continue
        out.append(
            {
                "device_id": r.id,
                "name": r.name,
                "agent": r.username,
                "agent_name": r.agent_name,
                "agent_code": r.code,
                "communes": communes,
                "registered_at": r.created_at,
                "revoked_at": r.revoked_at,
                "last_seen_at": r.last_seen_at,
                "app_version": r.app_version,
                "outbox_pending": r.outbox_pending,
                "last_push_at": r.last_push_at,
                "last_pull_at": r.last_pull_at,
                "ops_total": r.ops_total or 0,
                "ops_refused": r.ops_refused or 0,
                "can_revoke": r.revoked_at is None
                and scope.can_change
                and _covers(scope, communes),
            }
        )
    out.sort(key=lambda d: (d["revoked_at"] is not None, _desc(d["last_seen_at"] or "")))
    return {"devices": out}


def _desc(stamp: str) -> str:
    return "".join(chr(0x10FFFF - ord(ch)) for ch in stamp)


def revoke(db: Database, signed: Signed, device_id: str, address: str) -> None:
    with db.begin() as conn:
        row = conn.execute(
            select(
                devices.c.id,
                devices.c.revoked_at,
                devices.c.name,
                agents.c.communes,
                agents.c.username,
            )
            .join(agents, agents.c.id == devices.c.agent_id)
            .where(devices.c.id == device_id)
            .with_for_update()
        ).first()
        communes = sorted(row.communes or []) if row is not None else []
        if row is None or not _sees(signed.scope, communes):
            raise ConsoleError(404, "not_found", N_("There is no such device."))
        if not _covers(signed.scope, communes):
            raise ConsoleError(
                403, "forbidden", N_("This laptop also serves communes outside your scope.")
            )
        if row.revoked_at is not None:
            raise ConsoleError(409, "already", N_("This device is already revoked."))
        conn.execute(
            update(devices).where(devices.c.id == device_id).values(revoked_at=iso_utc(utc_now()))
        )
        audit.record(
            conn,
            username=signed.supervisor.username,
            supervisor_id=signed.supervisor.id,
            action="revoke_device",
            target=device_id,
            detail={"agent": row.username, "device": row.name},
            address=address,
        )


def register(console: Console) -> None:
    @console.router.get("/devices")
    async def devices_page(request: Request, signed: PageUser) -> Response:
        data = await run_in_threadpool(device_list, console.db, signed.scope)
        done = request.query_params.get("done") == "revoked"
        return console.render(request, signed, "devices.html", {**data, "revoked": done})

    @console.router.post("/devices/{device_id}/revoke")
    async def revoke_page(
        request: Request, signed: PageUser, device_id: Annotated[str, _ID]
    ) -> Response:
        await console.form(request, signed)
        signed.require_change()
        await run_in_threadpool(revoke, console.db, signed, device_id, client_address(request))
        return console.redirect("/devices?done=revoked")

    @console.api.get(API_PATH, openapi_extra={"security": API_SECURITY})
    async def devices_api(signed: ApiUser) -> Response:
        return console.json(await run_in_threadpool(device_list, console.db, signed.scope))
