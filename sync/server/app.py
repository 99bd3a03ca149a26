"""The HTTP face of the server: a FastAPI app over raw Starlette requests (gzip and size limits
need the raw bytes), with the wire schemas declared in its OpenAPI document.

Every client mistake is a 4xx with ``{"error": {"code", "message"}}``; nothing of a refused
request is stored. Database work runs in the thread pool, off the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Final

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from sync import __version__
from sync.domain.rates import Rates, load_rates
from sync.protocol import (
    BAD_ENCODING,
    BAD_SHAPE,
    DEFAULT_PULL_LIMIT,
    DEVICES_PATH,
    HEALTH_PATH,
    MAX_PULL_LIMIT,
    MAX_REQUEST_BYTES,
    NOT_FOUND,
    PROTOCOL_VERSION,
    PULL_PATH,
    PUSH_PATH,
    TOO_LARGE,
    UNAUTHORIZED,
    DeviceRequest,
    ProtocolError,
    PushRequest,
    gzip_bytes,
    iso_utc,
    unpack_body,
    utc_now,
)
from sync.server import jsonio, schemas
from sync.server.admin import vn_today
from sync.server.auth import Caller, Unauthorized, authenticate, register_device
from sync.server.db import Database
from sync.server.ingest import Ingest
from sync.server.pull import pull
from sync.server.reports import summary

REPORT_PATH: Final = "/api/v1/reports/summary"
_GZIP_MIN: Final = 1024  # smaller bodies grow when gzipped
_STATUS: Final = {TOO_LARGE: 413, BAD_ENCODING: 415, UNAUTHORIZED: 401, NOT_FOUND: 404}
_BEARER: Final[list[dict[str, list[str]]]] = [{"bearer": []}]


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in {"gzip", "*"}:
            return params.replace(" ", "").lower() not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False


def respond(request: Request, payload: Any, status: int = 200) -> Response:
    data = jsonio.dumps(payload)
    headers = {"Vary": "Accept-Encoding"}
    if len(data) >= _GZIP_MIN and _accepts_gzip(request):
        data = gzip_bytes(data)
        headers["Content-Encoding"] = "gzip"
    return Response(data, status_code=status, media_type="application/json", headers=headers)


def error_response(
    request: Request, code: str, message: str, status: int | None = None
) -> Response:
    return respond(request, {"error": {"code": code, "message": message}}, status or 400)


def _protocol_error(request: Request, exc: ProtocolError) -> Response:
    return respond(request, exc.to_wire(), _STATUS.get(exc.code, 400))


async def _read_body(request: Request) -> Any:
    """The decoded JSON body, refusing anything past the size limit before holding it all."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_REQUEST_BYTES:
        raise ProtocolError(TOO_LARGE, f"the body is larger than {MAX_REQUEST_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_REQUEST_BYTES:
            raise ProtocolError(TOO_LARGE, f"the body is larger than {MAX_REQUEST_BYTES} bytes")
        chunks.append(chunk)
    text = unpack_body(b"".join(chunks), request.headers.get("content-encoding"))
    value = jsonio.parse(text)
    # A NUL in a JSON string can only be spelled \u0000 (raw control characters are not JSON),
    # so the walk over the value is needed only when those bytes appear in the text.
    if b"\\u0000" in text and _has_nul(value):
        # PostgreSQL text cannot hold NUL, and no real name or address contains one.
        raise ProtocolError(BAD_SHAPE, "text must not contain NUL characters")
    return value


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
    return {code: {"model": schemas.ErrorBody} for code in codes}


def _request_body(model: type[Any]) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


def create_app(
    db: Database,
    *,
    rates: Rates | None = None,
    today: Callable[[], date] | None = None,
) -> FastAPI:
    """The server's app over ``db``; ``today`` (Vietnam's date by default) is for tests."""
    ingest = Ingest(db, rates or load_rates(), today or vn_today)
    app = FastAPI(
        title="BHXH field-agent sync server",
        version=__version__,
        description="Sync contract, protocol version 1: see DESIGN.md.",
    )

    @app.exception_handler(ProtocolError)
    async def _on_protocol_error(request: Request, exc: ProtocolError) -> Response:
        return _protocol_error(request, exc)

    @app.exception_handler(Unauthorized)
    async def _on_unauthorized(request: Request, exc: Unauthorized) -> Response:
        return error_response(request, UNAUTHORIZED, "not authorized", 401)

    @app.exception_handler(RequestValidationError)
    async def _on_validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error_response(request, BAD_SHAPE, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
        code = NOT_FOUND if exc.status_code in (404, 405) else BAD_SHAPE
        return error_response(request, code, str(exc.detail), exc.status_code)

    async def caller_of(request: Request) -> Caller:
        return await run_in_threadpool(authenticate, db, request.headers.get("authorization"))

    @app.get(HEALTH_PATH, response_model=schemas.HealthModel)
    async def health(request: Request) -> Response:
        return respond(
            request,
            {"status": "ok", "protocol": PROTOCOL_VERSION, "server_time": iso_utc(utc_now())},
        )

    @app.post(
        DEVICES_PATH,
        status_code=201,
        response_model=schemas.DeviceResponseModel,
        responses=_errors(400, 401, 413, 415),
        openapi_extra=_request_body(schemas.DeviceRequestModel),
    )
    async def devices(request: Request) -> Response:
        wanted = DeviceRequest.from_wire(await _read_body(request))
        device = await run_in_threadpool(
            register_device, db, wanted.username, wanted.enrollment_code, wanted.device_name
        )
        return respond(request, device.to_wire(), 201)

    @app.post(
        PUSH_PATH,
        response_model=schemas.PushResponseModel,
        responses=_errors(400, 401, 413, 415),
        openapi_extra={**_request_body(schemas.PushRequestModel), "security": _BEARER},
    )
    async def push(request: Request) -> Response:
        caller = await caller_of(request)
        batch = PushRequest.from_wire(await _read_body(request))
        result = await run_in_threadpool(ingest.push, caller, batch.ops)
        return respond(request, result.to_wire())

    @app.get(
        PULL_PATH,
        response_model=schemas.PullResponseModel,
        responses=_errors(400, 401),
        openapi_extra={"security": _BEARER},
    )
    async def pull_changes(
        request: Request,
        cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
    ) -> Response:
        caller = await caller_of(request)
        page = await run_in_threadpool(pull, db, caller, cursor, limit)
        return respond(request, page.to_wire())

    @app.get(
        REPORT_PATH,
        response_model=schemas.SummaryModel,
        responses=_errors(400, 401),
        openapi_extra={"security": _BEARER},
    )
    async def report(
        request: Request,
        date_from: Annotated[date | None, Query(alias="from")] = None,
        date_to: Annotated[date | None, Query(alias="to")] = None,
    ) -> Response:
        caller = await caller_of(request)
        totals = await run_in_threadpool(
            summary,
            db,
            caller,
            date_from.isoformat() if date_from else None,
            date_to.isoformat() if date_to else None,
        )
        return respond(request, totals)

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
            components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
