"""The duplicate queue: the same CCCD enrolled in one scheme by two different agents within 7
days (pairs found at ingest, :mod:`sync.server.duplicates`). Both enrollments side by side
(agents, dates, amounts, receipts); the supervisor decides "duplicate" or "not a duplicate",
once per pair, and the pair leaves the queue.

A pair is shown to a supervisor whose scope holds both enrollments (a pair across two provinces
is an administrator's). "Duplicate" is recorded and audited; it does not change the agents'
records: a receipt is the agent's own record (only its author may void it), so the page tells
the supervisor to have one of the two agents void their receipt and refund on the laptop.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import Request
from sqlalchemy import and_, false, select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from sync.domain.admin_units import admin_units
from sync.protocol import iso_utc, utc_now
from sync.server.console import audit, i18n
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
from sync.server.db import Database, agents, records
from sync.server.duplicates import (
    DECISIONS,
    DUPLICATE,
    WINDOW_DAYS,
    duplicate_decisions,
    duplicate_pairs,
    enrollment_cccd,
)

API_LIST: Final = "/api/v1/reports/duplicates"
API_DECIDE: Final = "/api/v1/console/duplicates/decide"
LIMIT: Final = 200

i18n.LABELS["action"]["decide_duplicate"] = N_("Duplicate pair decided")
i18n.LABELS.setdefault("decision", {}).update(
    {"duplicate": N_("Duplicate"), "not_duplicate": N_("Not a duplicate")}
)
i18n.LABELS.setdefault("scheme", {}).update(
    {
        "voluntary": N_("Voluntary social insurance"),
        "household_health": N_("Household health insurance"),
    }
)

_NOT_FOUND: Final = N_("There is no such pair in your provinces or communes.")


def _commune_name(code: str | None) -> str:
    unit = admin_units().commune(code) if code else None
    return unit.name if unit is not None else (code or "")


def _pairs(db: Database, signed: Signed, *, decided: bool, limit: int) -> list[dict[str, Any]]:
    """Pairs whose two enrollments are live and in the scope: undecided ones oldest first, or
    decided ones newest first."""
    scope = signed.scope
    first, second = records.alias("first_enrollment"), records.alias("second_enrollment")
    d = duplicate_decisions
    q = (
        select(
            duplicate_pairs,
            d.c.decision,
            d.c.username.label("decided_by"),
            d.c.decided_at,
            d.c.note,
        )
        .select_from(
            duplicate_pairs.join(first, first.c.record_id == duplicate_pairs.c.first_id)
            .join(second, second.c.record_id == duplicate_pairs.c.second_id)
            .outerjoin(
                d,
                and_(
                    d.c.first_id == duplicate_pairs.c.first_id,
                    d.c.second_id == duplicate_pairs.c.second_id,
                ),
            )
        )
        .where(
            first.c.deleted == false(),
            second.c.deleted == false(),
            scope.where(first.c.commune_code, first.c.province_code),
            scope.where(second.c.commune_code, second.c.province_code),
        )
        .limit(limit + 1)
    )
    if decided:
        q = q.where(d.c.first_id.is_not(None)).order_by(d.c.decided_at.desc())
    else:
        q = q.where(d.c.first_id.is_(None)).order_by(
            duplicate_pairs.c.found_at, duplicate_pairs.c.first_id
        )
    with db.connect() as conn:
        pairs = [dict(r._mapping) for r in conn.execute(q)]
        ids = sorted({p[k] for p in pairs for k in ("first_id", "second_id")})
        sides = _sides(
            conn,
            ids,
            {(p["first_id"], p["cccd"]) for p in pairs}
            | {(p["second_id"], p["cccd"]) for p in pairs},
        )
    out = []
    for p in pairs:
        p["first"] = sides.get((p["first_id"], p["cccd"]), {})
        p["second"] = sides.get((p["second_id"], p["cccd"]), {})
        out.append(p)
    return out


def _sides(conn: Any, ids: list[str], keys: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """Each enrollment of the pairs as the page shows it: agent, date, amount, commune, the
    person with that CCCD, the live receipt."""
    if not ids:
        return {}
    enrollments = {
        r.record_id: r
        for r in conn.execute(
            select(
                records.c.record_id,
                records.c.body,
                records.c.agent_id,
                records.c.commune_code,
                records.c.updated_at,
            ).where(records.c.record_id.in_(ids))
        )
    }
    receipts = {
        r.live_receipt_of: r.body
        for r in conn.execute(
            select(records.c.live_receipt_of, records.c.body).where(
                records.c.live_receipt_of.in_(ids)
            )
        )
    }
    people = {
        (r.enrollment_id, r.cccd): r.person_id
        for r in conn.execute(
            select(
                enrollment_cccd.c.enrollment_id, enrollment_cccd.c.cccd, enrollment_cccd.c.person_id
            ).where(enrollment_cccd.c.enrollment_id.in_(ids))
        )
    }
    person_ids = sorted(set(people.values()))
    names = {
        r.record_id: r.body.get("full_name")
        for r in conn.execute(
            select(records.c.record_id, records.c.body).where(records.c.record_id.in_(person_ids))
        )
    }
    agent_ids = sorted({e.agent_id for e in enrollments.values() if e.agent_id is not None})
    who = {
        a.id: {"username": a.username, "name": a.name, "code": a.code}
        for a in conn.execute(
            select(agents.c.id, agents.c.username, agents.c.name, agents.c.code).where(
                agents.c.id.in_(agent_ids)
            )
        )
    }
    out: dict[tuple[str, str], Any] = {}
    for enrollment_id, cccd in keys:
        e = enrollments.get(enrollment_id)
        if e is None:
            continue
        body = e.body
        receipt = receipts.get(enrollment_id)
        person_id = people.get((enrollment_id, cccd))
        out[(enrollment_id, cccd)] = {
            "enrollment_id": enrollment_id,
            "scheme": body.get("scheme"),
            "paid_on": body.get("paid_on"),
            "amount": body.get("amount"),
            "months": body.get("months"),
            "method": body.get("method"),
            "commune_code": e.commune_code,
            "commune_name": _commune_name(e.commune_code),
            "received_at": e.updated_at,
            "agent": who.get(e.agent_id, {"username": None, "name": None, "code": None}),
            "person": {"id": person_id, "full_name": names.get(person_id or "")},
            "receipt": None
            if receipt is None
            else {
                "number": receipt.get("number"),
                "amount": receipt.get("amount"),
                "issued_on": receipt.get("issued_on"),
            },
        }
    return out


def queue(db: Database, signed: Signed) -> dict[str, Any]:
    waiting = _pairs(db, signed, decided=False, limit=LIMIT)
    decided = _pairs(db, signed, decided=True, limit=50)
    return {
        "window_days": WINDOW_DAYS,
        "pairs": waiting[:LIMIT],
        "more": len(waiting) > LIMIT,
        "decided": decided[:50],
    }


def decide(
    db: Database, signed: Signed, fields: dict[str, str], address: str, lang: str
) -> dict[str, Any]:
    """One decision for a pair of the scope; a second one is refused."""
    signed.require_change()
    translate = i18n.translator(lang)
    first, second = fields.get("first", "")[:64], fields.get("second", "")[:64]
    decision = fields.get("decision", "")
    note = fields.get("note", "")[:500]
    if decision not in DECISIONS:
        raise ConsoleError(
            400,
            "invalid",
            translate("The field {field} must be duplicate or not_duplicate.").format(
                field="decision"
            ),
        )
    visible = {(p["first_id"], p["second_id"]) for p in _pairs_of(db, signed, first, second)}
    if (first, second) not in visible:
        raise ConsoleError(404, "not_found", _NOT_FOUND)
    supervisor = signed.supervisor
    now = iso_utc(utc_now())
    try:
        with db.begin() as conn:
            conn.execute(
                duplicate_decisions.insert().values(
                    first_id=first,
                    second_id=second,
                    decision=decision,
                    supervisor_id=supervisor.id,
                    username=supervisor.username,
                    decided_at=now,
                    note=note,
                )
            )
            audit.record(
                conn,
                username=supervisor.username,
                supervisor_id=supervisor.id,
                action="decide_duplicate",
                target=f"enrollments {first[:36]} {second[:36]}",
                detail={"decision": decision, **({"note": note} if note else {})},
                address=address,
            )
    except IntegrityError:
        raise ConsoleError(
            409, "already_decided", N_("This pair has already been decided.")
        ) from None
    return {"first": first, "second": second, "decision": decision, "decided_at": now}


def _pairs_of(db: Database, signed: Signed, first: str, second: str) -> list[dict[str, Any]]:
    """The pair (decided or not) when both its enrollments are live and in the scope."""
    scope = signed.scope
    a, b = records.alias("a"), records.alias("b")
    q = (
        select(duplicate_pairs.c.first_id, duplicate_pairs.c.second_id)
        .join(a, a.c.record_id == duplicate_pairs.c.first_id)
        .join(b, b.c.record_id == duplicate_pairs.c.second_id)
        .where(
            duplicate_pairs.c.first_id == first,
            duplicate_pairs.c.second_id == second,
            scope.where(a.c.commune_code, a.c.province_code),
            scope.where(b.c.commune_code, b.c.province_code),
        )
    )
    with db.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def register(console: Console) -> None:
    router = console.router

    @router.get("/duplicates")
    async def duplicates_page(request: Request, signed: PageUser) -> Response:
        data = await run_in_threadpool(queue, console.db, signed)
        done = request.query_params.get("done")
        context = {
            **data,
            "done": done if done in DECISIONS else None,
            "can_change": signed.scope.can_change,
            "DUPLICATE": DUPLICATE,
        }
        return console.render(request, signed, "duplicates.html", context)

    @router.post("/duplicates/decide")
    async def decide_form(request: Request, signed: PageUser) -> Response:
        fields = await console.form(request, signed)
        signed.require_change()
        result = await run_in_threadpool(
            decide, console.db, signed, fields, client_address(request), console.lang_of(request)
        )
        return console.redirect(f"/duplicates?done={result['decision']}")

    @console.api.get(
        API_LIST,
        summary="Pairs of one CCCD enrolled in one scheme by two agents within 7 days",
        openapi_extra={"security": API_SECURITY},
    )
    async def duplicates_api(signed: ApiUser) -> Response:
        return console.json(await run_in_threadpool(queue, console.db, signed))

    form_schema: dict[str, Any] = {
        "type": "object",
        "required": ["csrf", "first", "second", "decision"],
        "properties": {
            "csrf": {"type": "string"},
            "first": {"type": "string", "description": "the pair's first enrollment id"},
            "second": {"type": "string", "description": "the pair's second enrollment id"},
            "decision": {"type": "string", "enum": list(DECISIONS)},
            "note": {"type": "string", "maxLength": 500},
        },
    }

    @console.api.post(
        API_DECIDE,
        summary="Decide a pair: duplicate or not_duplicate (once; 409 already_decided after)",
        openapi_extra={
            "security": API_SECURITY,
            "requestBody": {
                "required": True,
                "content": {"application/x-www-form-urlencoded": {"schema": form_schema}},
            },
        },
    )
    async def decide_api(request: Request, signed: ApiUser) -> Response:
        fields = await console.form(request, signed)
        signed.require_change()
        result = await run_in_threadpool(
            decide, console.db, signed, fields, client_address(request), console.lang_of(request)
        )
        return console.json(result)
