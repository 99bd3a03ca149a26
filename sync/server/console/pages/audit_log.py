"""The audit log page: every change a supervisor made and every sign-in, newest first.
Administrators see everyone's; other roles their own entries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from sync.server.console import audit
from sync.server.console.web import API_SECURITY, ApiUser, Console, PageUser, Signed

API_PATH = "/api/v1/console/audit"


def entries(console: Console, signed: Signed, before: int | None) -> dict[str, Any]:
    mine = None if signed.scope.is_admin else signed.supervisor.id
    rows = audit.recent(console.db, limit=200, before_id=before, supervisor_id=mine)
    older = rows[-1]["id"] if len(rows) == 200 else None
    return {"entries": rows, "older": older}


def register(console: Console) -> None:
    router = console.router

    @router.get("/audit")
    async def audit_page(
        request: Request,
        signed: PageUser,
        before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    ) -> Response:
        data = await run_in_threadpool(entries, console, signed, before)
        return console.render(request, signed, "audit.html", data)

    @console.api.get(API_PATH, openapi_extra={"security": API_SECURITY})
    async def audit_api(
        signed: ApiUser,
        before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    ) -> Response:
        return console.json(await run_in_threadpool(entries, console, signed, before))
