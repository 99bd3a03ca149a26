"""Downloads: the D05-TS and D03-TS lists of a province or commune for a range of payment
days (.xlsx, the laptop's layouts from :mod:`sync.lists.bhxh_lists`) and every table as CSV.

Both are files streamed to the browser: the list is written to a temporary file (the writer
streams, the rows are read one commune at a time) and sent; a CSV is produced in chunks while
the rows are read from the database, so a province's million rows never sit in memory.
Everything goes through the supervisor's scope: another province or commune is 404."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any, Final
from urllib.parse import quote

from fastapi import Path, Query, Request
from sqlalchemy import and_, select
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, Response, StreamingResponse

from sync.domain.admin_units import admin_units
from sync.domain.records import RECORD_TYPES
from sync.lists.bhxh_lists import FORMS, LAYOUTS, PRINT
from sync.server.console import lists
from sync.server.console.i18n import N_
from sync.server.console.scope import Scope, c_province
from sync.server.console.tables import console_audit
from sync.server.console.web import (
    _SECURITY_HEADERS,
    API_SECURITY,
    ApiUser,
    Console,
    ConsoleError,
    Forbidden,
    PageUser,
    Signed,
)
from sync.server.db import Database, agents, conflicts, devices, records

XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE: Final = "text/csv; charset=utf-8"
KIND_OF_TABLE: Final = {
    "households": "household",
    "persons": "person",
    "enrollments": "enrollment",
    "receipts": "receipt",
    "visits": "visit",
    "followups": "followup",
    "events": "event",
}
TABLES: Final = (*KIND_OF_TABLE, "conflicts", "devices", "agents", "audit")
ADMIN_TABLES: Final = frozenset({"audit"})
CHUNK: Final = 1000  # rows read and written per chunk of a CSV
_FORMULA: Final = ("=", "+", "-", "@", "\t", "\r")
_CODE: Final = r"^[0-9]{1,8}$"


def _bad(message: str) -> ConsoleError:
    return ConsoleError(400, "invalid", message)


def _not_found() -> ConsoleError:
    return ConsoleError(404, "not_found", N_("There is no such province or commune in your scope."))


def _date(value: str | None, message: str) -> date:
    if not value:
        raise _bad(message)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _bad(message) from exc


@dataclass(frozen=True, slots=True)
class Place:
    """Where a download covers: one commune, or the communes of one province in scope."""

    province: str | None
    commune: str | None
    communes: tuple[str, ...]
    name: str  # as shown (and in the file name)
    code: str


def place_of(scope: Scope, province: str | None, commune: str | None) -> Place:
    """The province or commune asked for, in ``scope`` (else 404); one of the two is needed."""
    units = admin_units()
    if commune:
        unit = units.commune(commune)
        if unit is None or not scope.sees_commune(commune, unit.province_code):
            raise _not_found()
        return Place(unit.province_code, commune, (commune,), unit.name, commune)
    if province:
        found = units.province(province)
        if found is None or not scope.sees_province(province):
            raise _not_found()
        communes = tuple(
            c.code for c in units.communes_of(province) if scope.sees_commune(c.code, province)
        )
        return Place(province, None, communes, found.name, province)
    raise _bad(N_("Province or commune: choose a province or type a commune code."))


def _check_range(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise _bad(N_("To: the last day must not be before the first."))
    if (date_to - date_from).days + 1 > lists.MAX_DAYS:
        raise _bad(N_("To: a list covers at most 366 days."))


def _disposition(ascii_name: str, name: str) -> str:
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _make_list(
    db: Database,
    signed: Signed,
    form: str,
    layout: str,
    place: Place,
    date_from: date,
    date_to: date,
    today: date,
) -> tuple[FilePath, lists.Tally]:
    folder = FilePath(tempfile.mkdtemp(prefix="console-list-"))
    path = folder / "list.xlsx"
    try:
        with db.connect() as conn:
            rates = lists.stored_rates(conn)
            head = lists.header(
                rates,
                form,
                date_from,
                date_to,
                place.name,
                signed.supervisor.name,
                signed.supervisor.username,
                today,
            )
            tally = lists.write_list(
                conn, path, form, layout, place.communes, date_from, date_to, head, rates
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path, tally


async def list_response(
    console: Console,
    signed: Signed,
    form: str,
    layout: str | None,
    province: str | None,
    commune: str | None,
    date_from: str | None,
    date_to: str | None,
) -> Response:
    if form not in FORMS:
        raise ConsoleError(404, "not_found", N_("List: choose D05-TS or D03-TS."))
    layout = layout or PRINT
    if layout not in LAYOUTS:
        raise _bad(N_("Layout: choose print or import."))
    place = await run_in_threadpool(place_of, signed.scope, province, commune)
    first = _date(date_from, N_("From: enter the first day of payments (YYYY-MM-DD)."))
    last = _date(date_to, N_("To: enter the last day of payments (YYYY-MM-DD)."))
    _check_range(first, last)
    path, tally = await run_in_threadpool(
        _make_list, console.db, signed, form, layout, place, first, last, console.today()
    )
    span = f"{first:%Y%m%d}_{last:%Y%m%d}"
    name = f"{form}_{place.code}-{place.name}_{span}.xlsx"
    plain = f"{form}_{place.code}-{lists.ascii_name(place.name)}_{span}.xlsx"
    headers = {
        **_SECURITY_HEADERS,
        "Content-Disposition": _disposition(plain, name),
        "X-List-Rows": str(tally.written),
        "X-List-Left-Out": str(tally.left_out),
    }
    return FileResponse(
        path,
        media_type=XLSX,
        headers=headers,
        background=BackgroundTask(shutil.rmtree, path.parent, ignore_errors=True),
    )


# -- CSV ------------------------------------------------------------------------------------


def safe_cell(value: Any) -> str:
    """A cell as text, a formula's first character neutralised (OWASP: CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    if text.startswith(_FORMULA):
        return "'" + text
    return text


def _record_columns(kind: str) -> list[str]:
    from dataclasses import fields

    body = [f.name for f in fields(RECORD_TYPES[kind]) if f.name != "extra"]
    if kind == "enrollment":
        body += ["cover_from", "event_id"]
    return body


def _scope_records(scope: Scope, place: Place | None) -> Any:
    cond = scope.where(records.c.commune_code, records.c.province_code)
    if place is not None:
        cond = and_(cond, records.c.commune_code.in_(place.communes))
    return cond


def _agent_sees(scope: Scope, place: Place | None, communes: Sequence[str]) -> bool:
    inside = [c for c in communes if scope.sees_commune(c, c_province(c))]
    if place is not None:
        inside = [c for c in inside if c in place.communes]
    return bool(inside) or (scope.everything and place is None)


def _csv_plan(table: str, scope: Scope, place: Place | None) -> tuple[list[str], Any, Any]:
    """The header, the query and how a row of it becomes the CSV's values."""
    if table in KIND_OF_TABLE:
        kind = KIND_OF_TABLE[table]
        fields_ = _record_columns(kind)
        meta = ["record_id", "version", "commune", "province", "updated_at", "deleted"]
        query = (
            select(
                records.c.record_id,
                records.c.version,
                records.c.commune_code,
                records.c.province_code,
                records.c.updated_at,
                records.c.deleted,
                records.c.body,
            )
            .where(records.c.kind == kind, _scope_records(scope, place))
            .order_by(records.c.record_id)
        )

        def record_row(r: Any) -> list[Any]:
            body = r.body or {}
            return [
                r.record_id,
                r.version,
                r.commune_code,
                r.province_code,
                r.updated_at,
                r.deleted,
                *(body.get(f) for f in fields_),
            ]

        return meta + fields_, query, record_row
    if table == "conflicts":
        cols = [
            "id", "op_id", "kind", "record_id", "base_version", "server_version", "fields",
            "agent_id", "device_id", "created_at", "resolved_at", "commune", "province", "body",
        ]  # fmt: skip
        query = (
            select(
                *(conflicts.c[c] for c in cols[:11]),
                records.c.commune_code,
                records.c.province_code,
                conflicts.c.body,
            )
            .join(records, records.c.record_id == conflicts.c.record_id)
            .where(_scope_records(scope, place))
            .order_by(conflicts.c.id)
        )
        return cols, query, lambda r: list(r)
    if table == "devices":
        cols = ["id", "agent_id", "agent_username", "name", "created_at", "revoked_at", "communes"]
        query = (
            select(
                devices.c.id,
                devices.c.agent_id,
                agents.c.username,
                devices.c.name,
                devices.c.created_at,
                devices.c.revoked_at,
                agents.c.communes,
            )
            .join(agents, agents.c.id == devices.c.agent_id)
            .order_by(devices.c.id)
        )
        return cols, query, lambda r: list(r)
    if table == "agents":
        # Never the enrollment code's hash.
        cols = ["id", "username", "name", "code", "communes", "created_at"]
        query = select(
            agents.c.id,
            agents.c.username,
            agents.c.name,
            agents.c.code,
            agents.c.communes,
            agents.c.created_at,
        ).order_by(agents.c.id)
        return cols, query, lambda r: list(r)
    cols = ["id", "at", "supervisor_id", "username", "action", "target", "detail", "address"]
    query = select(*(console_audit.c[c] for c in cols)).order_by(console_audit.c.id)
    return cols, query, lambda r: list(r)


def csv_chunks(
    db: Database, table: str, scope: Scope, place: Place | None, chunk: int | None = None
) -> Iterator[bytes]:
    """The table as CSV, UTF-8 with a BOM, ``chunk`` rows at a time (read with a server-side
    cursor on PostgreSQL)."""
    chunk = chunk or CHUNK
    header, query, values = _csv_plan(table, scope, place)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    filtered = table in ("devices", "agents")
    with db.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk).execute(query)
        for part in result.partitions(chunk):
            buffer.seek(0)
            buffer.truncate()
            for r in part:
                if filtered and not _agent_sees(scope, place, list(r.communes or [])):
                    continue
                writer.writerow([safe_cell(v) for v in values(r)])
            if buffer.tell():
                yield buffer.getvalue().encode("utf-8")


async def csv_response(
    console: Console,
    signed: Signed,
    table: str,
    province: str | None,
    commune: str | None,
) -> Response:
    if table not in TABLES:
        raise ConsoleError(404, "not_found", N_("There is no such table."))
    if table in ADMIN_TABLES and not signed.scope.is_admin:
        raise Forbidden(N_("Only an administrator may download the audit log."))
    place = None
    if province or commune:
        place = await run_in_threadpool(place_of, signed.scope, province, commune)
    where = place.code if place is not None else "all"
    headers = {
        **_SECURITY_HEADERS,
        "Content-Disposition": _disposition(f"{table}_{where}.csv", f"{table}_{where}.csv"),
    }
    return StreamingResponse(
        csv_chunks(console.db, table, signed.scope, place), media_type=CSV_TYPE, headers=headers
    )


# -- the page -------------------------------------------------------------------------------


def page_data(signed: Signed) -> dict[str, Any]:
    units = admin_units()
    scope = signed.scope
    provinces = [
        {"code": p.code, "name": p.name} for p in units.provinces() if scope.sees_province(p.code)
    ]
    tables = [t for t in TABLES if t not in ADMIN_TABLES or scope.is_admin]
    return {"provinces": provinces, "tables": tables, "forms": FORMS, "layouts": LAYOUTS}


_XLSX_DOC: Final = {
    "responses": {
        "200": {
            "description": "The list as an .xlsx workbook (attachment).",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}
_CSV_DOC: Final = {
    "responses": {
        "200": {
            "description": "The table as CSV, UTF-8 with a BOM, streamed (attachment).",
            "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}

Code = Annotated[str | None, Query(max_length=8, pattern=_CODE)]
Day = Annotated[str | None, Query(alias="from", max_length=10)]
DayTo = Annotated[str | None, Query(alias="to", max_length=10)]
Layout = Annotated[str | None, Query(max_length=8)]


def register(console: Console) -> None:
    router = console.router

    @router.get("/downloads")
    async def downloads_page(request: Request, signed: PageUser) -> Response:
        data = await run_in_threadpool(page_data, signed)
        return console.render(request, signed, "downloads.html", {**data, "error": None, "q": {}})

    @router.get("/downloads/list")
    async def downloads_list(
        request: Request,
        signed: PageUser,
        form: Annotated[str, Query(alias="list", max_length=8)] = "",
        layout: Layout = None,
        province: Annotated[str | None, Query(max_length=8)] = None,
        commune: Annotated[str | None, Query(max_length=8)] = None,
        date_from: Day = None,
        date_to: DayTo = None,
    ) -> Response:
        try:
            if form not in FORMS:
                raise _bad(N_("List: choose D05-TS or D03-TS."))
            commune = (commune or "").strip() or None
            if commune is not None and not commune.isdigit():
                raise _bad(N_("Commune: type the commune's code (digits)."))
            return await list_response(
                console, signed, form, layout, province or None, commune, date_from, date_to
            )
        except ConsoleError as exc:
            if exc.status != 400:
                raise
            data = await run_in_threadpool(page_data, signed)
            q = dict(request.query_params)
            page = console.render(
                request, signed, "downloads.html", {**data, "error": exc.message, "q": q}
            )
            page.status_code = 400
            return page

    @router.get("/downloads/tables/{table}.csv")
    async def downloads_table(
        signed: PageUser,
        table: Annotated[str, Path(max_length=32)],
        province: Code = None,
        commune: Code = None,
    ) -> Response:
        return await csv_response(console, signed, table, province, commune)

    @console.api.get(
        "/api/v1/reports/lists/{form}.xlsx",
        openapi_extra={"security": API_SECURITY, **_XLSX_DOC},
        response_class=Response,
    )
    async def list_api(
        signed: ApiUser,
        form: Annotated[str, Path(max_length=8)],
        layout: Layout = None,
        province: Code = None,
        commune: Code = None,
        date_from: Day = None,
        date_to: DayTo = None,
    ) -> Response:
        """The D05-TS or D03-TS list of a province or commune for payments from ``from`` to
        ``to`` (at most 366 days), in the ``print`` (default) or ``import`` layout."""
        return await list_response(
            console, signed, form, layout, province, commune, date_from, date_to
        )

    @console.api.get(
        "/api/v1/reports/tables/{table}.csv",
        openapi_extra={"security": API_SECURITY, **_CSV_DOC},
        response_class=Response,
    )
    async def table_api(
        signed: ApiUser,
        table: Annotated[str, Path(max_length=32)],
        province: Code = None,
        commune: Code = None,
    ) -> Response:
        """A table as CSV (households, persons, enrollments, receipts, visits, followups,
        events, conflicts, devices, agents; audit for administrators), within the scope."""
        return await csv_response(console, signed, table, province, commune)


__all__ = ["TABLES", "register"]
