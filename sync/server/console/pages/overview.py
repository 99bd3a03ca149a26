"""The overview (the page after signing in). Filled in by the campaign tallies."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from sync.server.console.web import Console, PageUser


def register(console: Console) -> None:
    @console.router.get("/overview")
    async def overview_page(request: Request, signed: PageUser) -> Response:
        return console.render(request, signed, "overview.html", {})
