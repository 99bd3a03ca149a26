"""The supervisors' console: a server-rendered web app served by the central server at ``/``.

:func:`mount` adds it to the server's FastAPI app: the sign-in page at ``/``, the pages of
:mod:`sync.server.console.pages`, their JSON twins, and the stylesheet and pictures under
``/static`` (all served by the server itself: the console works on an intranet with no
internet). It needs the ``server`` extra (Jinja2, argon2-cffi); the laptop's embedded demo
server runs without it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import FastAPI, Request
from starlette.responses import Response

from sync.server.db import Database


def mount(
    app: FastAPI,
    db: Database,
    *,
    secure_cookies: bool | None = None,
    today: Callable[[], date] | None = None,
) -> None:
    from sync.server.console import pages
    from sync.server.console.web import Console, ConsoleError

    console = Console(db, secure_cookies=secure_cookies, today=today)
    pages.register(console)
    app.include_router(console.router)
    app.include_router(console.api)
    app.mount("/static", console.static_files(), name="console-static")
    app.state.console = console

    @app.exception_handler(ConsoleError)
    async def _on_console_error(request: Request, exc: ConsoleError) -> Response:
        return await console.error(request, exc)
