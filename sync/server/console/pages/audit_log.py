"""The audit log page: every change a supervisor made and every sign-in, newest first.
Administrators see everyone's; other roles their own entries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from sync.server.console import audit
from sync.server.console.web import ApiUser, Console, PageUser, Signed

API_PATH = "/api/v1/console/audit"


def entries(console: Console, signed: Signed, before: int | None) -> dict[str, Any]:
    rows = audit.recent(console.db, limit=200, before_id=before)
    if not signed.scope.is_admin:
        rows = [r for r in rows if r["supervisor_id"] == signed.supervisor.id]
    older = rows[-1]["id"] if len(rows) == 200 else None
    return {"entries": rows, "older": older}


def register(console: Console) -> None:
    router = console.router

    @router.get("/audit")
    async def audit_page(
        request: Request,
        signed: PageUser,
        before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    ) -> Response:
        data = await run_in_threadpool(entries, console, signed, before)
        return console.render(request, signed, "audit.html", data)

    @router.get(API_PATH)
    async def audit_api(
        signed: ApiUser,
        before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    ) -> Response:
        return console.json(await run_in_threadpool(entries, console, signed, before))
