"""The reference data page: rates with their validity periods, the talking-point scripts and
the campaign targets; edit, check with the rules' own code, preview, publish (a new version of
the reference record that laptops pull at their next sync). Administrators publish rates and
scripts; province and commune supervisors revise the targets of their communes; viewers read.
The logic is in :mod:`sync.server.console.refedit`; here the routes and their JSON twins.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Final

from fastapi import Path, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from sync.domain.rates import Rates
from sync.domain.rates_diff import Sample
from sync.domain.scripts import RenderedScript
from sync.server.admin import vn_today
from sync.server.console import i18n, refedit
from sync.server.console.i18n import N_
from sync.server.console.web import (
    API_SECURITY,
    ApiUser,
    Console,
    ConsoleError,
    PageUser,
    Signed,
    client_address,
)
from sync.server.refdata import PUBLISHED

REPORT_PATH: Final = "/api/v1/reports/reference"
API: Final = "/api/v1/console/reference"
_ID: Final = r"^[0-9a-fA-F-]{1,64}$"
_COMMUNE: Final = r"^[0-9]{5}$"


def _lang(console: Console, request: Request) -> tuple[str, i18n.Translate]:
    lang = console.lang_of(request)
    return lang, i18n.translator(lang)


def _table_label(translate: i18n.Translate) -> Any:
    return lambda code: i18n.label("rates_table", code, translate)


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " / ".join(_value(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10_000:
        return f"{value:,}".replace(",", ".")
    return str(value)


def rates_view(rates: Rates) -> list[dict[str, Any]]:
    """Every table with its periods, oldest first (the page's table and the JSON's)."""
    out = []
    for name in rates.tables:
        periods = []
        for entry in rates.entries(name):
            periods.append(
                {
                    "valid_from": entry.valid_from.isoformat(),
                    "valid_to": entry.valid_to.isoformat() if entry.valid_to else None,
                    "status": entry.status,
                    "legal_basis": entry.legal_basis,
                    "values": dict(entry.data),
                    "shown": "; ".join(f"{k} = {_value(v)}" for k, v in entry.data.items()),
                }
            )
        out.append({"table": name, "periods": periods})
    return out


def _sample(s: Sample, lang: str) -> dict[str, Any]:
    def side(v: Any) -> Any:
        return v if isinstance(v, int) else {"code": v.code, "message": v.message(lang)}

    return {
        "case": s.case,
        "on": s.on.isoformat(),
        "before": side(s.before),
        "after": side(s.after),
        "difference": s.difference,
        "changed": s.changed,
    }


def _rendered(r: RenderedScript) -> dict[str, Any]:
    return {
        "title": r.title,
        "points": list(r.points),
        "objections": [{"question": q, "answer": a} for q, a in r.objections],
        "figures": [{"label": w, "value": v} for w, v in r.figures],
        "rates_version": r.rates_version,
        "provisional": r.provisional,
    }


def _target(t: refedit.TargetRecord, today: date) -> dict[str, Any]:
    return {
        "commune_code": t.commune_code,
        "province_code": t.province_code,
        "name": t.name,
        "version": t.version,
        "change": t.seq,
        "original": {m: t.figure(m) for m in refedit.METRICS},
        "in_force": {m: t.in_force(m, today) for m in refedit.METRICS},
        "revisions": [dict(r) for r in t.revisions()],
        "start": t.body.get("start"),
        "deadline": t.body.get("deadline"),
    }


class Reference:
    """The page's data functions, each feeding a page and its JSON twin."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.db = console.db

    def today(self) -> date:
        return vn_today()

    def report(self, signed: Signed) -> dict[str, Any]:
        today = self.today()
        with self.db.connect() as conn:
            current = refedit.rates_record(conn)
            found = refedit.scripts(conn)
            goals = refedit.targets(conn, signed)
        return {
            "today": today.isoformat(),
            "rates": {
                "version": current.rates.version,
                "record_version": current.version,
                "change": current.seq,
                "published": current.published,
                "tables": rates_view(current.rates),
            },
            "scripts": [
                {
                    "id": s.record_id,
                    "group": s.group,
                    "title": s.title,
                    "version": s.version,
                    "change": s.seq,
                    "published": s.body.get(PUBLISHED),
                }
                for s in found
            ],
            "targets": [_target(t, today) for t in goals],
            "may": {
                "publish": signed.scope.is_admin,
                "revise_targets": signed.scope.can_change,
            },
        }

    def rates_preview(self, text: str, lang: str) -> tuple[refedit.RatesPreview, dict[str, Any]]:
        preview = refedit.preview_rates(self.db, text, self.today(), lang)
        translate = i18n.translator(lang)
        label = _table_label(translate)
        data = {
            "base_version": preview.base_version,
            "valid": preview.rates is not None,
            "error": preview.error,
            "unchanged": preview.unchanged,
            "publishable": preview.publishable,
            "changes": [
                {
                    "table": c.table,
                    "change": c.change,
                    "valid_from": c.valid_from.isoformat(),
                    "valid_to": c.valid_to.isoformat() if c.valid_to else None,
                    "province_code": c.province_code,
                    "fields": list(c.fields),
                    "old": c.old,
                    "new": c.new,
                }
                for c in preview.changes
            ],
            "refused": [
                {
                    "table": r.table,
                    "valid_from": r.valid_from.isoformat(),
                    "valid_to": r.valid_to.isoformat() if r.valid_to else None,
                    "province_code": r.province_code,
                    "enrollments": r.enrollments,
                    "message": refedit.rewrite_message(r, translate, label(r.table)),
                }
                for r in preview.rewrites
            ],
            "samples": [_sample(s, lang) for s in preview.samples],
        }
        return preview, data

    def script_preview(
        self, record_id: str, body: dict[str, Any] | None, fields: Mapping[str, str], lang: str
    ) -> dict[str, Any]:
        translate = i18n.translator(lang)
        with self.db.connect() as conn:
            current = refedit.script(conn, record_id)
            rates = refedit.rates_record(conn).rates
        if body is None:
            body = refedit.script_from_form(current.body, fields)
        preview = refedit.preview_script(current, body, rates, self.today(), translate)
        return {
            "id": record_id,
            "base_version": preview.base_version,
            "errors": preview.errors,
            "publishable": preview.publishable,
            "script": preview.body,
            "script_json": preview.text(),
            "rendered": {k: _rendered(v) for k, v in preview.rendered.items()},
            "rates_version": rates.version,
        }


def _int(fields: Mapping[str, str], key: str) -> int:
    raw = fields.get(key, "")
    if not raw.isdigit():
        raise ConsoleError(400, "invalid", N_("base_version: reload the page and try again."))
    return int(raw)


def register(console: Console) -> None:
    router, api = console.router, console.api
    ref = Reference(console)

    # --- reading -------------------------------------------------------------------------

    @router.get("/reference")
    async def reference_page(
        request: Request, signed: PageUser, done: str | None = None
    ) -> Response:
        data = await run_in_threadpool(ref.report, signed)
        return console.render(
            request, signed, "reference.html", {**data, "tab": "rates", "done": done}
        )

    @router.get("/reference/scripts")
    async def scripts_page(request: Request, signed: PageUser, done: str | None = None) -> Response:
        data = await run_in_threadpool(ref.report, signed)
        return console.render(
            request, signed, "reference.html", {**data, "tab": "scripts", "done": done}
        )

    @router.get("/reference/targets")
    async def targets_page(request: Request, signed: PageUser, done: str | None = None) -> Response:
        data = await run_in_threadpool(ref.report, signed)
        return console.render(
            request, signed, "reference.html", {**data, "tab": "targets", "done": done}
        )

    @api.get(REPORT_PATH, openapi_extra={"security": API_SECURITY})
    async def reference_api(signed: ApiUser) -> Response:
        """The rates in force (every table with its periods), the scripts and the targets of
        the communes in the supervisor's scope (original figures, revisions, in force today)."""
        return console.json(await run_in_threadpool(ref.report, signed))

    # --- rates ---------------------------------------------------------------------------

    def current_text() -> tuple[str, list[str], int]:
        with console.db.connect() as conn:
            current = refedit.rates_record(conn)
        return current.text(), list(current.rates.tables), current.version

    @router.get("/reference/rates/edit")
    async def rates_edit(request: Request, signed: PageUser) -> Response:
        refedit.require_admin(signed)
        text, tables, version = await run_in_threadpool(current_text)
        context = {
            "text": text,
            "tables": tables,
            "base_version": version,
            "today": ref.today().isoformat(),
        }
        return console.render(request, signed, "reference_rates_edit.html", context)

    async def proposed(request: Request, signed: Signed) -> tuple[dict[str, str], str]:
        fields = await console.form(request, signed)
        refedit.require_admin(signed)
        if fields.get("table"):  # the "new period" form

            def build() -> str:
                with console.db.connect() as conn:
                    current = refedit.rates_record(conn)
                return refedit.with_new_period(
                    current,
                    fields.get("table", ""),
                    fields.get("valid_from", ""),
                    fields.get("status", ""),
                    fields.get("legal_basis", ""),
                    fields.get("values", ""),
                )

            return fields, await run_in_threadpool(build)
        return fields, fields.get("rates", "")

    @router.post("/reference/rates/preview")
    async def rates_preview_page(request: Request, signed: PageUser) -> Response:
        _fields, text = await proposed(request, signed)
        lang = console.lang_of(request)
        preview, data = await run_in_threadpool(ref.rates_preview, text, lang)
        status = 200 if preview.rates is not None else 400
        page = console.render(
            request, signed, "reference_rates_preview.html", {**data, "text": text}
        )
        page.status_code = status
        return page

    @api.post(
        f"{API}/rates/preview",
        openapi_extra={
            "security": API_SECURITY,
            **_form_body(
                {"rates": "the whole rates file as JSON text (the shape of check-rates' file)"},
                {
                    "table": "or: a table to add a period to",
                    "valid_from": "its first day",
                    "status": "in_force, announced or verify",
                    "legal_basis": "its legal basis",
                    "values": "its values as a JSON object",
                },
            ),
        },
    )
    async def rates_preview_api(request: Request, signed: ApiUser) -> Response:
        """What a rates file changes: periods added, removed or changed, the periods stored
        enrollments used that it would rewrite (then it cannot be published), and sample
        quotes before and after. Answers 400 with the rules' message when it is not valid."""
        _fields, text = await proposed(request, signed)
        preview, data = await run_in_threadpool(ref.rates_preview, text, console.lang_of(request))
        if preview.rates is None:
            return console.json({"error": {"code": "invalid_rates", "message": preview.error}}, 400)
        return console.json({**data, "rates": text})

    async def publish_rates(request: Request, signed: Signed) -> tuple[int, int]:
        fields = await console.form(request, signed)
        lang, translate = _lang(console, request)
        return await run_in_threadpool(
            lambda: refedit.publish_rates(
                console.db,
                signed,
                fields.get("rates", ""),
                _int(fields, "base_version"),
                translate=translate,
                table_label=_table_label(translate),
                lang=lang,
                address=client_address(request),
            )
        )

    @router.post("/reference/rates/publish")
    async def rates_publish_page(request: Request, signed: PageUser) -> Response:
        await publish_rates(request, signed)
        return console.redirect("/reference?done=rates")

    @api.post(
        f"{API}/rates/publish",
        openapi_extra={
            "security": API_SECURITY,
            **_form_body(
                {
                    "rates": "the rates file as JSON text",
                    "base_version": "the version previewed (409 if one was published since)",
                }
            ),
        },
    )
    async def rates_publish_api(request: Request, signed: ApiUser) -> Response:
        """Publish a rates file as a new version of ``ref.rates`` (administrators only; 403
        otherwise). Refused with 409 ``rates_in_use`` naming each period whose values stored
        enrollments used, 400 ``invalid_rates`` with the rules' message."""
        version, change = await publish_rates(request, signed)
        return console.json({"published": {"record_version": version, "change": change}})

    # --- scripts -------------------------------------------------------------------------

    def script_context(record_id: str) -> dict[str, Any]:
        with console.db.connect() as conn:
            current = refedit.script(conn, record_id)
        body = current.body

        def pairs(lang: str) -> str:
            suffix = "_en" if lang == "en" else ""
            items = [o for o in body.get("objections") or [] if isinstance(o, dict)]
            return "\n\n".join(
                f"{o.get('question' + suffix, '')}\n{o.get('answer' + suffix, '')}" for o in items
            )

        return {
            "id": record_id,
            "base_version": current.version,
            "script": body,
            "points": "\n".join(str(p) for p in body.get("points") or []),
            "points_en": "\n".join(str(p) for p in body.get("points_en") or []),
            "objections": pairs("vi"),
            "objections_en": pairs("en"),
        }

    @router.get("/reference/scripts/{record_id}")
    async def script_edit(
        request: Request, signed: PageUser, record_id: Annotated[str, Path(pattern=_ID)]
    ) -> Response:
        context = await run_in_threadpool(script_context, record_id)
        return console.render(request, signed, "reference_script_edit.html", context)

    @router.post("/reference/scripts/{record_id}/preview")
    async def script_preview_page(
        request: Request, signed: PageUser, record_id: Annotated[str, Path(pattern=_ID)]
    ) -> Response:
        fields = await console.form(request, signed)
        refedit.require_admin(signed)
        data = await run_in_threadpool(
            ref.script_preview, record_id, None, fields, console.lang_of(request)
        )
        page = console.render(request, signed, "reference_script_preview.html", data)
        page.status_code = 200 if data["publishable"] else 400
        return page

    @api.post(
        f"{API}/scripts/{{record_id}}/preview",
        openapi_extra={
            "security": API_SECURITY,
            **_form_body(
                {"script": "the script body as JSON text (title, points, objections ...)"}
            ),
        },
    )
    async def script_preview_api(
        request: Request, signed: ApiUser, record_id: Annotated[str, Path(pattern=_ID)]
    ) -> Response:
        """The script checked (every placeholder must be one the rules fill) and rendered in
        both languages with the rates in force today."""
        fields = await console.form(request, signed)
        refedit.require_admin(signed)
        body = refedit.script_from_json(fields.get("script", ""))
        data = await run_in_threadpool(
            ref.script_preview, record_id, body, fields, console.lang_of(request)
        )
        return console.json(data, 200 if data["publishable"] else 400)

    async def publish_script(request: Request, signed: Signed, record_id: str) -> tuple[int, int]:
        fields = await console.form(request, signed)
        _lang_code, translate = _lang(console, request)
        body = refedit.script_from_json(fields.get("script", ""))
        return await run_in_threadpool(
            lambda: refedit.publish_script(
                console.db,
                signed,
                record_id,
                body,
                _int(fields, "base_version"),
                today=ref.today(),
                translate=translate,
                address=client_address(request),
            )
        )

    @router.post("/reference/scripts/{record_id}/publish")
    async def script_publish_page(
        request: Request, signed: PageUser, record_id: Annotated[str, Path(pattern=_ID)]
    ) -> Response:
        await publish_script(request, signed, record_id)
        return console.redirect("/reference/scripts?done=script")

    @api.post(
        f"{API}/scripts/{{record_id}}/publish",
        openapi_extra={
            "security": API_SECURITY,
            **_form_body(
                {"script": "the script body as JSON text", "base_version": "the version previewed"}
            ),
        },
    )
    async def script_publish_api(
        request: Request, signed: ApiUser, record_id: Annotated[str, Path(pattern=_ID)]
    ) -> Response:
        """Publish a script as a new version of its ``ref.script`` (administrators only)."""
        version, change = await publish_script(request, signed, record_id)
        return console.json({"published": {"version": version, "change": change}})

    # --- targets -------------------------------------------------------------------------

    async def revise(request: Request, signed: Signed, commune: str) -> refedit.TargetRecord:
        fields = await console.form(request, signed)
        _lang_code, translate = _lang(console, request)
        return await run_in_threadpool(
            lambda: refedit.revise_target(
                console.db,
                signed,
                commune,
                fields,
                translate=translate,
                address=client_address(request),
            )
        )

    @router.post("/reference/targets/{commune}/revise")
    async def target_revise_page(
        request: Request, signed: PageUser, commune: Annotated[str, Path(pattern=_COMMUNE)]
    ) -> Response:
        await revise(request, signed, commune)
        return console.redirect(f"/reference/targets?done={commune}")

    @api.post(
        f"{API}/targets/{{commune}}/revise",
        openapi_extra={
            "security": API_SECURITY,
            **_form_body(
                {"from": "YYYY-MM-DD, the first day of the revised target"},
                {
                    "voluntary_new": "revised figure",
                    "household_health_new": "revised figure",
                    "events": "revised figure",
                    "note": "why (kept with the revision)",
                },
            ),
        },
    )
    async def target_revise_api(
        request: Request, signed: ApiUser, commune: Annotated[str, Path(pattern=_COMMUNE)]
    ) -> Response:
        """Add a revised target to a commune of the supervisor's scope (404 outside it; 403 for
        a viewer); the original figures stay, laptops of the commune pull the revision."""
        found = await revise(request, signed, commune)
        return console.json({"target": _target(found, ref.today())})


def _form_body(
    required: Mapping[str, str], optional: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The OpenAPI request body of a console action: a form with the session's CSRF token."""
    props: dict[str, Any] = {"csrf": {"type": "string", "description": "the session's CSRF token"}}
    props.update({k: {"type": "string", "description": v} for k, v in required.items()})
    props.update({k: {"type": "string", "description": v} for k, v in (optional or {}).items()})
    schema = {"type": "object", "required": ["csrf", *required], "properties": props}
    return {
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": schema}},
        }
    }
