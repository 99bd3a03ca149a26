"""The HTTP face of the server: a FastAPI app over raw Starlette requests (gzip and size limits
need the raw bytes), with the wire schemas declared in its OpenAPI document.

Every client mistake is a 4xx with ``{"error": {"code", "message"}}``; nothing of a refused
request is stored. Database work, and the unpacking, parsing and checking of push bodies and
the encoding of answers (both can take a while on large bodies), run in the thread pool, off
the event loop, so ``/health`` and other requests keep answering. The call that needs no token
(device registration) reads at most a few KiB and is rate-limited per client address.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated, Any, Final

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from sync import __version__
from sync.domain.rates import Rates, load_rates
from sync.protocol import (
    BAD_ENCODING,
    BAD_SHAPE,
    CLIENT_VERSION_HEADER,
    DEFAULT_PULL_LIMIT,
    DEVICE_REVOKED,
    DEVICES_PATH,
    HEALTH_PATH,
    MAX_DEVICE_REQUEST_BYTES,
    MAX_PULL_LIMIT,
    MAX_REQUEST_BYTES,
    NOT_FOUND,
    OUTBOX_PENDING_HEADER,
    PROTOCOL_VERSION,
    PULL_PATH,
    PUSH_PATH,
    RATE_LIMITED,
    TOO_LARGE,
    UNAUTHORIZED,
    UPGRADE_REQUIRED,
    DeviceRequest,
    ProtocolError,
    PushRequest,
    gzip_bytes,
    iso_utc,
    parse_version,
    unpack_body,
    utc_now,
)
from sync.server import activity, jsonio, schemas
from sync.server.admin import vn_today
from sync.server.auth import Caller, Unauthorized, authenticate, register_device
from sync.server.db import Database
from sync.server.ingest import Ingest
from sync.server.published_rates import PublishedRates
from sync.server.pull import pull
from sync.server.ratelimit import DEVICE_RATE, RateLimiter
from sync.server.reports import summary

REPORT_PATH: Final = "/api/v1/reports/summary"
_GZIP_MIN: Final = 1024  # smaller bodies grow when gzipped
_STATUS: Final = {
    TOO_LARGE: 413,
    BAD_ENCODING: 415,
    UNAUTHORIZED: 401,
    NOT_FOUND: 404,
    RATE_LIMITED: 429,
    UPGRADE_REQUIRED: 426,
}
_BEARER: Final[list[dict[str, list[str]]]] = [{"bearer": []}]
_COUNT: Final = (
    "extension: whether the page carries total (the records of the scope up to its cursor); "
    "by default only the last page (has_more false) does"
)
_DAY: Final = "YYYY-MM-DD, inclusive (compared with the records' dates as text)"


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in {"gzip", "*"}:
            return params.replace(" ", "").lower() not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False


def _encoded(payload: Any, gzip_ok: bool, status: int = 200) -> Response:
    """The JSON response of ``payload``; pure work, so it may run in the thread pool."""
    data = jsonio.dumps(payload)
    headers = {"Vary": "Accept-Encoding"}
    if len(data) >= _GZIP_MIN and gzip_ok:
        data = gzip_bytes(data)
        headers["Content-Encoding"] = "gzip"
    return Response(data, status_code=status, media_type="application/json", headers=headers)


def respond(request: Request, payload: Any, status: int = 200) -> Response:
    return _encoded(payload, _accepts_gzip(request), status)


def error_response(
    request: Request,
    code: str,
    message: str,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    response = respond(request, {"error": {"code": code, "message": message}}, status or 400)
    response.headers.update(headers or {})
    return response


def _status_of(exc: ProtocolError) -> int:
    # More ops than the schema's maxItems is a shape the schema states, answered like the other
    # schema violations (400); the byte limits it cannot state are 413.
    if exc.code == TOO_LARGE and exc.field == "ops":
        return 400
    return _STATUS.get(exc.code, 400)


def _protocol_error(request: Request, exc: ProtocolError) -> Response:
    return respond(request, exc.to_wire(), _status_of(exc))


async def _read_raw(request: Request, limit: int) -> bytes:
    """The body's bytes as sent, refusing anything past ``limit`` before holding it all."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise ProtocolError(TOO_LARGE, f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(TOO_LARGE, f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(raw: bytes, content_encoding: str | None, limit: int) -> tuple[Any, bool]:
    """The JSON value of a body read by :func:`_read_raw`, unpacked (at most ``limit`` bytes)
    and parsed, and whether its text may hold a NUL; pure work, run in the thread pool for
    large bodies."""
    text = unpack_body(raw, content_encoding, limit)
    # A NUL in a JSON string can only be spelled \u0000 (raw control characters are not JSON),
    # so the walk over the value is needed only when those bytes appear in the text.
    return jsonio.parse(text), b"\\u0000" in text


def _refuse_nul(value: Any, where: str, field: str) -> None:
    """PostgreSQL text cannot hold NUL, and no real name or address contains one; what the
    server ignores (unknown top-level fields) may hold one, what it keeps may not."""
    if _has_nul(value):
        raise ProtocolError(BAD_SHAPE, f"{where}: text must not contain NUL characters", field)


def _push_request(raw: bytes, content_encoding: str | None) -> PushRequest:
    value, maybe_nul = _decode(raw, content_encoding, MAX_REQUEST_BYTES)
    batch = PushRequest.from_wire(value)
    if maybe_nul:
        for i, op in enumerate(batch.ops):
            _refuse_nul(op.device_time, f"ops[{i}]", "device_time")
            _refuse_nul(op.body, f"ops[{i}].body", "body")
    return batch


def _device_request(raw: bytes, content_encoding: str | None) -> DeviceRequest:
    value, maybe_nul = _decode(raw, content_encoding, MAX_DEVICE_REQUEST_BYTES)
    wanted = DeviceRequest.from_wire(value)
    if maybe_nul:
        for key, text in wanted.to_wire().items():
            _refuse_nul(text, "the request", key)
    return wanted


def _has_nul(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {code: {"model": schemas.ErrorBody} for code in codes}
    if 429 in out:
        retry = {"description": "seconds until a call is allowed again", "schema": _SECONDS}
        out[429]["headers"] = {"Retry-After": retry}
    return out


_SECONDS: Final = {"type": "integer", "minimum": 1}


def _request_body(model: type[Any]) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


def create_app(
    db: Database,
    *,
    rates: Rates | None = None,
    today: Callable[[], date] | None = None,
    device_rate: str = DEVICE_RATE,
    min_client: str | None = None,
    latest_client: str | None = __version__,
    console: bool = False,
    secure_cookies: bool | None = None,
) -> FastAPI:
    """The server's app over ``db``; ``today`` (Vietnam's date by default) is for tests;
    ``device_rate`` bounds device registrations per client address (``limits`` notation);
    an app that names a version older than ``min_client`` is told to update (426).
    ``console`` adds the supervisors' web console at ``/`` (sync.server.console; the laptop's
    embedded demo server goes without it), its cookies Secure per ``secure_cookies``."""
    for name, value in (("min_client", min_client), ("latest_client", latest_client)):
        if value is not None and parse_version(value) is None:
            raise ValueError(f"{name} must be a version such as 0.2.0, not {value!r}")

    def check_client(request: Request) -> None:
        """426 when the app says it is older than the minimum. A caller that names no version
        (a script, a test outside this repository) is served as before."""
        lowest: str | None = request.app.state.min_client
        minimum = parse_version(lowest)
        if minimum is None:
            return
        said = request.headers.get(CLIENT_VERSION_HEADER)
        version = parse_version(said)
        if version is not None and version < minimum:
            latest = request.app.state.latest_client or lowest
            raise ProtocolError(
                UPGRADE_REQUIRED,
                f"this app ({said}) is older than the server's minimum {lowest}: update it "
                f"(latest {latest}) before syncing; nothing unsent is lost",
            )

    # Fixed rates (tests) or, by default, the published ``ref.rates`` record, re-read when it
    # changes (sync.server.published_rates).
    ingest = Ingest(db, rates or PublishedRates(db, load_rates()), today or vn_today)
    registrations = RateLimiter(device_rate)
    app = FastAPI(
        title="BHXH field-agent sync server",
        version=__version__,
        description="Sync contract, protocol version 1: see DESIGN.md.",
    )

    # Read per request: an embedded server (tests, demo) may raise the minimum while it runs.
    app.state.min_client = min_client
    app.state.latest_client = latest_client

    @app.exception_handler(ProtocolError)
    async def _on_protocol_error(request: Request, exc: ProtocolError) -> Response:
        return _protocol_error(request, exc)

    @app.exception_handler(Unauthorized)
    async def _on_unauthorized(request: Request, exc: Unauthorized) -> Response:
        if exc.revoked_at is None:
            return error_response(request, UNAUTHORIZED, "not authorized", 401)
        message = (
            f"this device was revoked by a supervisor ({exc.revoked_at}): it may no longer "
            "sync; nothing unsent is lost. Ask your supervisor for a new enrollment code"
        )
        error = {"code": UNAUTHORIZED, "message": message, "reason": DEVICE_REVOKED}
        body = {"error": {**error, "revoked_at": exc.revoked_at}}
        return respond(request, body, 401)

    @app.exception_handler(RequestValidationError)
    async def _on_validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        pages = getattr(request.app.state, "console", None)
        if pages is not None and not request.url.path.startswith("/api/"):
            return await pages.http_error(request, 400, where)  # type: ignore[no-any-return]
        return error_response(request, BAD_SHAPE, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
        pages = getattr(request.app.state, "console", None)
        if pages is not None and not request.url.path.startswith("/api/"):
            return await pages.http_error(request, exc.status_code)  # type: ignore[no-any-return]
        code = NOT_FOUND if exc.status_code in (404, 405) else BAD_SHAPE
        # Keeps the router's headers, among them the Allow of a 405 (RFC 9110).
        return error_response(request, code, str(exc.detail), exc.status_code, exc.headers)

    def _note(
        request: Request, caller: Caller, statuses: dict[str, int] | None, response: Response
    ) -> None:
        """Record the call in ``device_activity``: after the answer has been sent on SQLite;
        before it on PostgreSQL, after a push. There a write transaction still running holds
        the pull horizon below the push it follows (``db.safe_horizon``), so the laptop's
        pull that comes right after its push would not see what it had just pushed."""
        note = functools.partial(
            activity.note,
            db,
            device_id=caller.device_id,
            agent_id=caller.agent_id,
            app_version=request.headers.get(CLIENT_VERSION_HEADER),
            pending=request.headers.get(OUTBOX_PENDING_HEADER),
            pushed=statuses,
        )
        if statuses is not None and not db.is_sqlite:
            note()
        else:
            response.background = BackgroundTask(note)

    async def caller_of(request: Request) -> Caller:
        return await run_in_threadpool(authenticate, db, request.headers.get("authorization"))

    @app.get(HEALTH_PATH, response_model=schemas.HealthModel)
    async def health(request: Request) -> Response:
        payload: dict[str, Any] = {
            "status": "ok",
            "protocol": PROTOCOL_VERSION,
            "server_time": iso_utc(utc_now()),
        }
        for key in ("min_client", "latest_client"):
            if getattr(request.app.state, key) is not None:
                payload[key] = getattr(request.app.state, key)
        return respond(request, payload)

    @app.post(
        DEVICES_PATH,
        status_code=201,
        response_model=schemas.DeviceResponseModel,
        responses=_errors(400, 401, 413, 415, 426, 429),
        openapi_extra=_request_body(schemas.DeviceRequestModel),
    )
    async def devices(request: Request) -> Response:
        check_client(request)
        # No token here, so anyone may call: count the call before reading anything, and read
        # only a small body (it is then cheap enough to parse on the event loop).
        client = request.client.host if request.client is not None else "unknown"
        wait = registrations.hit(client)
        if wait is not None:
            message = f"too many device registrations from this address; retry in {wait} s"
            return error_response(request, RATE_LIMITED, message, 429, {"Retry-After": str(wait)})
        raw = await _read_raw(request, MAX_DEVICE_REQUEST_BYTES)
        wanted = _device_request(raw, request.headers.get("content-encoding"))
        device = await run_in_threadpool(
            register_device, db, wanted.username, wanted.enrollment_code, wanted.device_name
        )
        return respond(request, device.to_wire(), 201)

    @app.post(
        PUSH_PATH,
        response_model=schemas.PushResponseModel,
        responses=_errors(400, 401, 413, 415, 426),
        openapi_extra={**_request_body(schemas.PushRequestModel), "security": _BEARER},
    )
    async def push(request: Request) -> Response:
        check_client(request)
        caller = await caller_of(request)
        raw = await _read_raw(request, MAX_REQUEST_BYTES)
        encoding = request.headers.get("content-encoding")
        gzip_ok = _accepts_gzip(request)

        def work() -> Response:
            batch = _push_request(raw, encoding)
            answer = ingest.push(caller, batch.ops)
            response = _encoded(answer.to_wire(), gzip_ok)
            statuses: dict[str, int] = {}
            for result in answer.results:
                statuses[result.status] = statuses.get(result.status, 0) + 1
            _note(request, caller, statuses, response)
            return response

        return await run_in_threadpool(work)

    @app.get(
        PULL_PATH,
        response_model=schemas.PullResponseModel,
        responses=_errors(400, 401, 426),
        openapi_extra={"security": _BEARER},
    )
    async def pull_changes(
        request: Request,
        cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
        count: Annotated[bool | None, Query(description=_COUNT)] = None,
    ) -> Response:
        check_client(request)
        caller = await caller_of(request)
        gzip_ok = _accepts_gzip(request)

        def work() -> Response:
            response = _encoded(pull(db, caller, cursor, limit, count).to_wire(), gzip_ok)
            _note(request, caller, None, response)
            return response

        return await run_in_threadpool(work)

    @app.get(
        REPORT_PATH,
        response_model=schemas.SummaryModel,
        responses=_errors(400, 401),
        openapi_extra={"security": _BEARER},
    )
    async def report(
        request: Request,
        date_from: Annotated[
            str | None, Query(alias="from", pattern=schemas.DATE_PATTERN, description=_DAY)
        ] = None,
        date_to: Annotated[
            str | None, Query(alias="to", pattern=schemas.DATE_PATTERN, description=_DAY)
        ] = None,
    ) -> Response:
        caller = await caller_of(request)
        gzip_ok = _accepts_gzip(request)

        def work() -> Response:
            return _encoded(summary(db, caller, date_from, date_to), gzip_ok)

        return await run_in_threadpool(work)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            components = doc.setdefault("components", {})
            found = components.setdefault("schemas", {})
            # Request bodies are declared by hand (the handlers read raw bytes), so their
            # models are added to the components here.
            for model in (schemas.DeviceRequestModel, schemas.PushRequestModel):
                spec = model.model_json_schema(ref_template="#/components/schemas/{model}")
                found.update(spec.pop("$defs", {}))
                found[model.__name__] = spec
            schemas.add_components(found)
            components["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer"},
                # The console's JSON reports API: a supervisor's session (sync.server.console).
                "console": {"type": "apiKey", "in": "cookie", "name": "console_session"},
            }
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    if console:
        from sync.server.console import mount

        mount(app, db, secure_cookies=secure_cookies, today=today or vn_today)
    return app
