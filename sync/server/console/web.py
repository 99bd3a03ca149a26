"""The console's web layer: pages rendered on the server with Jinja2 and their JSON twins.

What every page shares lives here: who is signed in (:meth:`Console.page_user` for pages, which
sends a stranger to the sign-in page, and :meth:`Console.api_user` for the JSON reports API,
which answers 401), rendering in the reader's language (:meth:`Console.render`), forms read
with a size bound and checked against the session's CSRF token (:meth:`Console.form`), the
security headers of every answer, and the sign-in and sign-out routes. Page modules
(``sync.server.console.pages``) add their routes to :attr:`Console.router`.

CSRF: the synchroniser-token pattern (OWASP's first choice) rather than a double-submit
middleware such as asgi-csrf: the token lives in the session row, so it dies with the session,
and the body is read here with our own size limit (asgi-csrf buffers the whole body without one
and answers 500 to a malformed multipart or non-UTF-8 form). Cross-site posts are refused twice
over: by the token and by the ``Origin`` header when the browser sends one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final
from urllib.parse import parse_qsl, quote, urlsplit

import jinja2
from fastapi import APIRouter, Depends, Request
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from sync import __version__
from sync.server import jsonio
from sync.server.console import accounts, audit, i18n, sessions
from sync.server.console.accounts import Supervisor
from sync.server.console.i18n import N_
from sync.server.console.scope import Scope
from sync.server.db import Database
from sync.server.ratelimit import RateLimiter
from sync.server.schemas import ErrorBody

SESSION_COOKIE: Final = "console_session"
# The OpenAPI security of the JSON reports API: ``openapi_extra={"security": API_SECURITY}``.
API_SECURITY: Final[list[dict[str, list[str]]]] = [{"console": []}]
LANG_COOKIE: Final = "console_lang"
MAX_FORM_BYTES: Final = 256 * 1024  # the largest form is the rates editor's JSON
LOGIN_RATE_ACCOUNT: Final = "10 per 15 minutes"
LOGIN_RATE_ADDRESS: Final = "30 per 15 minutes"
HOME: Final = "/overview"

_REFUSAL: Final = {"model": ErrorBody}
# What every call of the reports API may answer besides its own 2xx.
_API_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    400: {**_REFUSAL, "description": "a parameter that cannot be read (bad_shape)"},
    401: {**_REFUSAL, "description": "not signed in, or the session has ended"},
    403: {**_REFUSAL, "description": "the role cannot do this, or the form's token is wrong"},
    404: {**_REFUSAL, "description": "nothing of that name in the supervisor's scope"},
    409: {**_REFUSAL, "description": "already done (a conflict resolved, a pair decided)"},
    413: {**_REFUSAL, "description": "the form is too large"},
    415: {**_REFUSAL, "description": "not a form-urlencoded body"},
}

_CSP: Final = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
_SECURITY_HEADERS: Final = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

# The navigation, in order: (path, English label, roles that see it; None: every role).
NAV: Final = (
    ("/overview", "Overview", None),
    ("/agents", "Agents", None),
    ("/events", "Events", None),
    ("/conflicts", "Conflicts", None),
    ("/duplicates", "Duplicates", None),
    ("/devices", "Devices", None),
    ("/reference", "Reference data", None),
    ("/downloads", "Downloads", None),
    ("/audit", "Audit log", None),
)


class ConsoleError(Exception):
    """A refusal shown as a page (or, under ``/api/``, as the JSON error of the contract)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class NotSignedIn(ConsoleError):
    def __init__(self) -> None:
        super().__init__(401, "unauthorized", N_("Sign in to continue."))


class Forbidden(ConsoleError):
    def __init__(self, message: str = N_("Your role cannot do this.")) -> None:
        super().__init__(403, "forbidden", message)


@dataclass(frozen=True, slots=True)
class Signed:
    """The supervisor behind a request and their session."""

    supervisor: Supervisor
    session: sessions.Session

    @property
    def scope(self) -> Scope:
        return self.supervisor.scope

    def require_change(self) -> None:
        if not self.scope.can_change:
            raise Forbidden(N_("A viewer can look but not change anything."))


def _vn_today() -> date:
    from sync.server.admin import vn_today

    return vn_today()


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def _safe_next(target: str | None) -> str:
    """A local path to go back to after signing in, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return HOME
    return target


class Console:
    """The console over ``db``. ``secure_cookies`` None marks cookies Secure when the request
    came over HTTPS; True always (behind a TLS proxy that speaks plain HTTP to us)."""

    def __init__(
        self,
        db: Database,
        *,
        secure_cookies: bool | None = None,
        login_rate_account: str = LOGIN_RATE_ACCOUNT,
        login_rate_address: str = LOGIN_RATE_ADDRESS,
        today: Callable[[], date] | None = None,
    ) -> None:
        self.db = db
        # Vietnam's date (the server's own, for "today" and "this month"); tests fix it.
        self.today: Callable[[], date] = today or _vn_today
        self.secure_cookies = secure_cookies
        self.by_account = RateLimiter(login_rate_account)
        self.by_address = RateLimiter(login_rate_address)
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("sync.server.console", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # Pages (not in the OpenAPI schema) and the JSON reports API (in it, signed in by the
        # session cookie: the ``console`` security scheme).
        self.router = APIRouter(include_in_schema=False)
        self.api = APIRouter(tags=["console"], responses=_API_ERRORS)
        self._add_routes()

    # --- who is asking -------------------------------------------------------------------

    def _signed(self, request: Request) -> Signed | None:
        session = sessions.load(self.db, request.cookies.get(SESSION_COOKIE))
        if session is None:
            return None
        supervisor = accounts.get(self.db, session.supervisor_id)
        if supervisor is None:  # disabled since
            return None
        return Signed(supervisor, session)

    async def page_user(self, request: Request) -> Signed:
        """FastAPI dependency of pages: the signed-in supervisor, or a trip to sign in."""
        signed = await run_in_threadpool(self._signed, request)
        if signed is None:
            raise NotSignedIn()
        return signed

    async def api_user(self, request: Request) -> Signed:
        """The same for the JSON reports API (the session cookie; 401 without one)."""
        return await self.page_user(request)

    # --- answers ---------------------------------------------------------------------------

    @staticmethod
    def lang_of(request: Request) -> str:
        lang = request.cookies.get(LANG_COOKIE, i18n.DEFAULT)
        return lang if lang in i18n.LANGUAGES else i18n.DEFAULT

    def html(
        self,
        request: Request,
        template: str,
        context: Mapping[str, Any],
        *,
        signed: Signed | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        lang = self.lang_of(request)
        translate = i18n.translator(lang)
        page = self.env.get_template(template).render(
            **context,
            _=translate,
            lang=lang,
            signed=signed,
            csrf=signed.session.csrf_token if signed is not None else "",
            nav=[(path, label) for path, label, roles in NAV if roles is None],
            path=request.url.path,
            query=str(request.url.query),
            version=__version__,
            num=lambda v: i18n.number(int(v), lang),
            money=lambda v: i18n.money(int(v), lang),
            day=lambda v: i18n.day(v, lang),
            pct=lambda v: i18n.percent(v, lang),
            when=lambda v: i18n.moment(v, lang),
            place=i18n.place,
            label=lambda kind, code: i18n.label(kind, code, translate),
        )
        response = HTMLResponse(page, status_code=status)
        response.headers.update(_SECURITY_HEADERS)
        return response

    def render(
        self, request: Request, signed: Signed, template: str, context: Mapping[str, Any]
    ) -> HTMLResponse:
        """A page for a signed-in supervisor."""
        return self.html(request, template, context, signed=signed)

    @staticmethod
    def json(payload: Any, status: int = 200) -> Response:
        response = Response(jsonio.dumps(payload), status, media_type="application/json")
        response.headers.update(_SECURITY_HEADERS)
        return response

    async def error(self, request: Request, exc: ConsoleError) -> Response:
        if request.url.path.startswith("/api/"):
            return self.json({"error": {"code": exc.code, "message": exc.message}}, exc.status)
        if isinstance(exc, NotSignedIn):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return self.redirect("/?next=" + quote(target, safe=""))
        translate = i18n.translator(self.lang_of(request))
        signed = await run_in_threadpool(self._signed, request)
        context = {"title": translate("Not possible"), "message": translate(exc.message)}
        return self.html(request, "error.html", context, signed=signed, status=exc.status)

    async def http_error(self, request: Request, status: int, where: str = "") -> Response:
        """A page for the router's own refusals outside the API: an unknown address, a value
        in it that cannot be read (``where`` names it)."""
        if status == 404:
            return await self.error(
                request, ConsoleError(404, "not_found", N_("There is no such page."))
            )
        translate = i18n.translator(self.lang_of(request))
        message = translate("This address has a value that cannot be read: {where}.")
        return await self.error(
            request, ConsoleError(status, "bad_shape", message.format(where=where or "?"))
        )

    @staticmethod
    def redirect(target: str, status: int = 303) -> Response:
        response = RedirectResponse(target, status_code=status)
        response.headers.update(_SECURITY_HEADERS)
        return response

    # --- forms -----------------------------------------------------------------------------

    async def form(self, request: Request, signed: Signed | None) -> dict[str, str]:
        """The fields of a posted form, read up to :data:`MAX_FORM_BYTES`, after the CSRF
        checks; ``signed`` None is the sign-in form, checked against its pre-session cookie."""
        origin = request.headers.get("origin")
        if origin is not None and origin != "null":
            expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
            if origin != expected:
                raise Forbidden(N_("This form was sent from another site."))
        kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise ConsoleError(415, "bad_encoding", N_("Send the form as the page does."))
        size = 0
        chunks: list[bytes] = []
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_FORM_BYTES:
                raise ConsoleError(413, "too_large", N_("The form is too large."))
            chunks.append(chunk)
        try:
            text = b"".join(chunks).decode("utf-8")
            fields = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=False))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ConsoleError(400, "bad_shape", N_("The form could not be read.")) from exc
        expected_token = (
            signed.session.csrf_token if signed is not None else request.cookies.get("login_csrf")
        )
        sent = fields.pop("csrf", "")
        # Bytes: compare_digest refuses str with non-ASCII characters (a TypeError, a 500).
        if not expected_token or not secrets.compare_digest(
            sent.encode("utf-8", "surrogatepass"), expected_token.encode()
        ):
            raise Forbidden(N_("The form has expired: reload the page and try again."))
        return fields

    def _cookie(self, request: Request, response: Response, name: str, value: str) -> None:
        secure = self.secure_cookies
        if secure is None:
            secure = request.url.scheme == "https"
        response.set_cookie(
            name,
            value,
            httponly=True,
            secure=secure,
            samesite="strict" if name != LANG_COOKIE else "lax",
            path="/",
            max_age=int(sessions.LIFETIME.total_seconds()) if name == SESSION_COOKIE else None,
        )

    # --- sign-in, sign-out, language ---------------------------------------------------------

    def _add_routes(self) -> None:
        router = self.router

        @router.get("/")
        async def login_page(request: Request, next: str | None = None) -> Response:
            signed = await run_in_threadpool(self._signed, request)
            if signed is not None:
                return self.redirect(_safe_next(next))
            return self._login_form(request, next, None, 200)

        @router.post("/login")
        async def login(request: Request) -> Response:
            fields = await self.form(request, None)
            username = fields.get("username", "")[:64]
            password = fields.get("password", "")
            target = fields.get("next")
            address = client_address(request)
            translate = i18n.translator(self.lang_of(request))
            wait = self.by_address.hit(address)
            if wait is None:
                wait = self.by_account.hit(accounts.normalize_username(username) or "-")
            if wait is not None:
                message = translate(
                    "Too many sign-in attempts. Wait {seconds} seconds and try again."
                ).format(seconds=wait)
                response = self._login_form(request, target, message, 429)
                response.headers["Retry-After"] = str(wait)
                return response
            supervisor = await run_in_threadpool(accounts.authenticate, self.db, username, password)

            def note(action: str, who: Supervisor | None) -> None:
                with self.db.begin() as conn:
                    audit.record(
                        conn,
                        username=who.username if who else accounts.normalize_username(username),
                        supervisor_id=who.id if who else None,
                        action=action,
                        address=address,
                    )

            if supervisor is None:
                await run_in_threadpool(note, "sign_in_refused", None)
                message = translate("Wrong username or password.")
                return self._login_form(request, target, message, 401)
            token, _session = await run_in_threadpool(sessions.start, self.db, supervisor.id)
            await run_in_threadpool(note, "sign_in", supervisor)
            done = self.redirect(_safe_next(target))
            self._cookie(request, done, SESSION_COOKIE, token)
            done.delete_cookie("login_csrf", path="/")
            return done

        @router.post("/logout")
        async def logout(request: Request) -> Response:
            signed = await self.page_user(request)
            await self.form(request, signed)
            token = request.cookies.get(SESSION_COOKIE, "")
            await run_in_threadpool(sessions.end, self.db, token)
            response = self.redirect("/")
            response.delete_cookie(SESSION_COOKIE, path="/")
            return response

        @router.get("/lang/{code}")
        async def language(request: Request, code: str, next: str | None = None) -> Response:
            if code not in i18n.LANGUAGES:
                raise ConsoleError(404, "not_found", N_("No such language."))
            response = self.redirect(_safe_next(next or "/"))
            self._cookie(request, response, LANG_COOKIE, code)
            return response

    def _login_form(
        self, request: Request, target: str | None, message: str | None, status: int
    ) -> HTMLResponse:
        token = request.cookies.get("login_csrf") or secrets.token_urlsafe(32)
        context = {"next": _safe_next(target), "message": message, "login_csrf": token}
        response = self.html(request, "login.html", context, status=status)
        self._cookie(request, response, "login_csrf", token)
        return response

    def static_files(self) -> StaticFiles:
        return StaticFiles(packages=[("sync.server.console", "static")])


async def page_user(request: Request) -> Signed:
    """FastAPI dependency of pages (module-level, so string annotations resolve)."""
    console: Console = request.app.state.console
    return await console.page_user(request)


async def api_user(request: Request) -> Signed:
    """FastAPI dependency of the JSON reports API."""
    console: Console = request.app.state.console
    return await console.api_user(request)


# ``signed: PageUser`` in a route's parameters: the supervisor signed in, or a trip to sign in.
PageUser = Annotated[Signed, Depends(page_user)]
ApiUser = Annotated[Signed, Depends(api_user)]
