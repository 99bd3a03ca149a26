"""The conflict queue: edits of a household or person that a laptop based on a stale version and
whose fields collided with the server's (ingest keeps them in ``conflicts``). The list shows the
open ones of the supervisor's scope (by the record's commune), oldest first; a conflict's page
shows the server's current body beside the laptop's proposal, field by field, with the version
both started from, and the supervisor chooses per field and resolves it, once.

A resolution is written the way ingest writes a change: the commune's lock, a new change number,
a new version of the record and its ``record_versions`` row, the body in its normal form and
valid; with it, in the same transaction, the conflict marked resolved, the decision in
``conflict_resolutions`` and the audit entry. The laptops pull the new version at their next
sync; the one whose op it was drops the op from its needs-attention list (``Change.resolves``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Final

from fastapi import Path, Request
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from sync.domain.admin_units import admin_units
from sync.domain.errors import ValidationFailed
from sync.domain.merge import changed_fields
from sync.domain.records import parse_record, validate_record
from sync.domain.vocab import label
from sync.protocol import iso_utc, utc_now
from sync.server.admin import vn_today
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
from sync.server.db import (
    Database,
    agents,
    begin_changes,
    conflicts,
    devices,
    finish_changes,
    lock_scope,
    record_versions,
    records,
)
from sync.server.resolutions import conflict_resolutions

API_LIST: Final = "/api/v1/reports/conflicts"
API_ONE: Final = "/api/v1/reports/conflicts/{conflict_id}"
API_RESOLVE: Final = "/api/v1/console/conflicts/{conflict_id}/resolve"
SERVER: Final = "server"
LAPTOP: Final = "laptop"
LIMIT: Final = 500
# A resolution may not move the record: that is the agent's change to make on the laptop.
_PINNED: Final = {"household": "commune_code", "person": "household_id"}
# Integer ids (PostgreSQL int4): larger would overflow the query, not merely find nothing.
ConflictId = Annotated[int, Path(ge=1, le=2**31 - 1)]

i18n.LABELS["action"]["resolve_conflict"] = N_("Conflict resolved")
i18n.LABELS.setdefault("kind", {}).update({"household": N_("Household"), "person": N_("Person")})
i18n.LABELS.setdefault("field", {}).update(
    {
        "commune_code": N_("Commune"),
        "address": N_("Address"),
        "head_name": N_("Head of household"),
        "village": N_("Village"),
        "old_address": N_("Old address"),
        "phone": N_("Phone"),
        "household_id": N_("Household"),
        "full_name": N_("Full name"),
        "date_of_birth": N_("Date of birth"),
        "sex": N_("Sex"),
        "relationship": N_("Relationship"),
        "cccd": N_("CCCD"),
        "ethnicity": N_("Ethnicity"),
        "bhxh_code": N_("BHXH code"),
    }
)

_PINNED_MESSAGE: Final = N_("Keep the server's value of {field}: a resolution cannot move it.")
_CHOOSE: Final = N_("Choose the server's or the laptop's value for the field {field}.")
_NOT_FOUND: Final = N_("There is no such conflict in your provinces or communes.")
_NOT_A_DELETION: Final = N_(
    "The laptop edited this record; it did not delete it: choose the fields to keep."
)


def _label(body: Mapping[str, Any]) -> str:
    return str(body.get("head_name") or body.get("full_name") or "")


def _commune_name(code: str | None) -> str:
    unit = admin_units().commune(code) if code else None
    return unit.name if unit is not None else (code or "")


def _normal(kind: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """The laptop's body as the server would store it (names, phones, CCCD normalised), so a
    different spelling of one value does not show as a difference."""
    try:
        return parse_record(kind, body, today=vn_today()).to_body()
    except ValidationFailed:
        return dict(body)


_WORDS: Final = frozenset({"sex", "relationship"})  # coded values shown in words


def _shown(lang: str) -> Callable[[str, Any], str]:
    def shown(field: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, str):
            return label(value, lang) if field in _WORDS else value
        return json.dumps(value, ensure_ascii=False)

    return shown


def open_conflicts(db: Database, signed: Signed) -> dict[str, Any]:
    """The open conflicts of the scope, oldest first (at most :data:`LIMIT`)."""
    scope = signed.scope
    q = (
        select(
            conflicts.c.id,
            conflicts.c.kind,
            conflicts.c.record_id,
            conflicts.c.fields,
            conflicts.c.created_at,
            conflicts.c.base_version,
            conflicts.c.server_version,
            conflicts.c.device_id,
            conflicts.c.deleted.label("laptop_deleted"),
            agents.c.username.label("agent_username"),
            agents.c.name.label("agent_name"),
            devices.c.name.label("device_name"),
            records.c.commune_code,
            records.c.province_code,
            records.c.version.label("current_version"),
            records.c.body,
        )
        .select_from(
            conflicts.join(records, records.c.record_id == conflicts.c.record_id)
            .outerjoin(agents, agents.c.id == conflicts.c.agent_id)
            .outerjoin(devices, devices.c.id == conflicts.c.device_id)
        )
        .where(
            conflicts.c.resolved_at.is_(None),
            scope.where(records.c.commune_code, records.c.province_code),
        )
        .order_by(conflicts.c.created_at, conflicts.c.id)
        .limit(LIMIT + 1)
    )
    with db.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
    items = [
        {
            "id": r["id"],
            "kind": r["kind"],
            "record_id": r["record_id"],
            "label": _label(r["body"]),
            "fields": list(r["fields"]),
            "laptop_deleted": bool(r["laptop_deleted"]),
            "created_at": r["created_at"],
            "agent": {"username": r["agent_username"], "name": r["agent_name"]},
            "device": {"id": r["device_id"], "name": r["device_name"]},
            "commune_code": r["commune_code"],
            "commune_name": _commune_name(r["commune_code"]),
            "base_version": r["base_version"],
            "server_version": r["server_version"],
            "current_version": r["current_version"],
        }
        for r in rows[:LIMIT]
    ]
    return {"conflicts": items, "more": len(rows) > LIMIT}


def _load(conn: Any, signed: Signed, conflict_id: int) -> dict[str, Any]:
    q = (
        select(
            conflicts,
            agents.c.username.label("agent_username"),
            agents.c.name.label("agent_name"),
            devices.c.name.label("device_name"),
            records.c.commune_code,
            records.c.province_code,
            records.c.version.label("current_version"),
            records.c.deleted.label("current_deleted"),
            records.c.body.label("current_body"),
            records.c.household_id.label("current_household"),
        )
        .select_from(
            conflicts.join(records, records.c.record_id == conflicts.c.record_id)
            .outerjoin(agents, agents.c.id == conflicts.c.agent_id)
            .outerjoin(devices, devices.c.id == conflicts.c.device_id)
        )
        .where(conflicts.c.id == conflict_id)
    )
    row = conn.execute(q).first()
    if row is None or not signed.scope.sees_commune(row.commune_code, row.province_code):
        raise ConsoleError(404, "not_found", _NOT_FOUND)
    return dict(row._mapping)


def _suggestion(differs: bool, laptop_changed: bool, server_changed: bool) -> str | None:
    """What merging would take: the side that changed the field since the base; None when
    both did (the supervisor must choose)."""
    if not differs:
        return None
    if laptop_changed and not server_changed:
        return LAPTOP
    if server_changed and not laptop_changed:
        return SERVER
    return None


def _detail(conn: Any, signed: Signed, conflict_id: int) -> dict[str, Any]:
    row = _load(conn, signed, conflict_id)
    base_row = conn.execute(
        select(record_versions.c.body).where(
            record_versions.c.record_id == row["record_id"],
            record_versions.c.version == row["base_version"],
        )
    ).first()
    base: dict[str, Any] = dict(base_row.body) if base_row is not None else {}
    server: dict[str, Any] = dict(row["current_body"])
    laptop = _normal(row["kind"], row["body"])
    fields = []
    for name in sorted(set(base) | set(server) | set(laptop)):
        s, lv, b = server.get(name), laptop.get(name), base.get(name)
        differs = s != lv
        fields.append(
            {
                "field": name,
                "base": b,
                "server": s,
                "laptop": lv,
                "differs": differs,
                "conflicting": name in row["fields"],
                "suggest": _suggestion(differs, lv != b, s != b),
                "pinned": _PINNED.get(row["kind"]) == name,
            }
        )
    resolution = conn.execute(
        select(conflict_resolutions).where(conflict_resolutions.c.conflict_id == conflict_id)
    ).first()
    return {
        "id": row["id"],
        "op_id": row["op_id"],
        "kind": row["kind"],
        "record_id": row["record_id"],
        "label": _label(server) or _label(laptop),
        "created_at": row["created_at"],
        "agent": {"username": row["agent_username"], "name": row["agent_name"]},
        "device": {"id": row["device_id"], "name": row["device_name"]},
        "commune_code": row["commune_code"],
        "commune_name": _commune_name(row["commune_code"]),
        "base_version": row["base_version"],
        "server_version": row["server_version"],
        "current_version": row["current_version"],
        "deleted": bool(row["current_deleted"]),
        "laptop_deleted": bool(row["deleted"]),
        "conflicting_fields": list(row["fields"]),
        "fields": fields,
        "resolved_at": row["resolved_at"],
        "resolution": None if resolution is None else dict(resolution._mapping),
    }


def conflict_detail(db: Database, signed: Signed, conflict_id: int) -> dict[str, Any]:
    with db.connect() as conn:
        return _detail(conn, signed, conflict_id)


def resolve(
    db: Database,
    signed: Signed,
    conflict_id: int,
    choices: Mapping[str, str],
    address: str,
    lang: str = "en",
    *,
    delete: bool = False,
) -> dict[str, Any]:
    """Write the chosen body as the record's next version and mark the conflict resolved, in
    one transaction; refused when it was resolved already (one decision per conflict).
    ``delete``: the laptop's op deleted the record and the supervisor confirms the deletion
    (the next version is a tombstone of the server's body); refused for an edit's conflict."""
    signed.require_change()
    translate = i18n.translator(lang)
    for name, side in choices.items():
        if side not in (SERVER, LAPTOP):
            message = translate(_CHOOSE)
            raise ConsoleError(400, "invalid", message.format(field=name))
    with db.connect() as conn:
        commune = _load(conn, signed, conflict_id)["commune_code"]
    now = iso_utc(utc_now())
    try:
        with db.begin() as conn:
            lock_scope(conn, [commune] if commune else [])
            seq = begin_changes(conn, block=1)
            detail = _detail(conn, signed, conflict_id)
            if detail["commune_code"] != commune:
                raise ConsoleError(
                    409, "moved", N_("The record moved to another commune meanwhile: reload.")
                )
            if detail["resolved_at"] is not None:
                raise ConsoleError(
                    409, "already_resolved", N_("This conflict has already been resolved.")
                )
            if detail["deleted"]:
                raise ConsoleError(
                    409, "deleted", N_("The record was deleted on the server since.")
                )
            current = {f["field"]: f["server"] for f in detail["fields"] if f["server"] is not None}
            if delete:
                if not detail["laptop_deleted"]:
                    raise ConsoleError(400, "invalid", translate(_NOT_A_DELETION))
                body, taken = current, {"outcome": "deleted"}
            else:
                body, taken = _chosen(detail, choices, translate)
                errors = validate_record(detail["kind"], body, today=vn_today())
                if errors:
                    raise ConsoleError(400, "invalid", errors[0].message(lang))
                body = parse_record(detail["kind"], body, today=vn_today()).to_body()
            version = int(detail["current_version"]) + 1
            number = seq.next()
            conn.execute(
                update(records)
                .where(records.c.record_id == detail["record_id"])
                .values(version=version, body=body, deleted=delete, seq=number, updated_at=now)
            )
            conn.execute(
                record_versions.insert().values(
                    record_id=detail["record_id"],
                    version=version,
                    body=body,
                    deleted=delete,
                    changed=[] if delete else sorted(changed_fields(current, body)),
                    op_id=None,
                    agent_id=None,
                    device_id=None,
                    created_at=now,
                )
            )
            done = conn.execute(
                update(conflicts)
                .where(conflicts.c.id == conflict_id, conflicts.c.resolved_at.is_(None))
                .values(resolved_at=now)
            )
            if done.rowcount != 1:
                raise ConsoleError(
                    409, "already_resolved", N_("This conflict has already been resolved.")
                )
            supervisor = signed.supervisor
            conn.execute(
                conflict_resolutions.insert().values(
                    conflict_id=conflict_id,
                    op_id=detail["op_id"],
                    record_id=detail["record_id"],
                    version=version,
                    seq=number,
                    supervisor_id=supervisor.id,
                    username=supervisor.username,
                    choices=taken,
                    resolved_at=now,
                )
            )
            audit.record(
                conn,
                username=supervisor.username,
                supervisor_id=supervisor.id,
                action="resolve_conflict",
                target=f"{detail['kind']} {detail['record_id']}",
                detail={"conflict": conflict_id, "version": version, **taken},
                address=address,
            )
            finish_changes(conn, seq)
    except IntegrityError:  # a second resolution raced this one (conflict_resolutions' key)
        raise ConsoleError(
            409, "already_resolved", N_("This conflict has already been resolved.")
        ) from None
    return {
        "id": conflict_id,
        "record_id": detail["record_id"],
        "version": version,
        "body": body,
        "deleted": delete,
    }


def _chosen(
    detail: Mapping[str, Any], choices: Mapping[str, str], translate: i18n.Translate
) -> tuple[dict[str, Any], dict[str, str]]:
    """The body the choices make: the server's current body with the laptop's value in each
    field chosen so; every differing field is chosen or has a suggestion."""
    body: dict[str, Any] = {}
    taken: dict[str, str] = {}
    for f in detail["fields"]:
        name = f["field"]
        side = SERVER
        if f["differs"]:
            picked = choices.get(name) or f["suggest"]
            if picked is None:
                raise ConsoleError(
                    400,
                    "missing_choice",
                    translate(_CHOOSE).format(field=name),
                )
            side = picked
            if side == LAPTOP and f["pinned"]:
                message = translate(_PINNED_MESSAGE)
                raise ConsoleError(400, "invalid", message.format(field=name))
            taken[name] = side
        value = f["laptop"] if side == LAPTOP else f["server"]
        if value is not None:
            body[name] = value
    return body, taken


def _choices(fields: Mapping[str, str]) -> dict[str, str]:
    return {k.removeprefix("choice."): v for k, v in fields.items() if k.startswith("choice.")}


def register(console: Console) -> None:
    router = console.router

    @router.get("/conflicts")
    async def conflicts_page(request: Request, signed: PageUser) -> Response:
        data = await run_in_threadpool(open_conflicts, console.db, signed)
        done = request.query_params.get("done")
        return console.render(request, signed, "conflicts.html", {**data, "done": done})

    @router.get("/conflicts/{conflict_id}")
    async def conflict_page(
        request: Request, signed: PageUser, conflict_id: ConflictId
    ) -> Response:
        data = await run_in_threadpool(conflict_detail, console.db, signed, conflict_id)
        shown = _shown(console.lang_of(request))
        context = {**data, "shown": shown, "can_change": signed.scope.can_change}
        return console.render(request, signed, "conflict.html", {"c": context})

    @router.post("/conflicts/{conflict_id}/resolve")
    async def resolve_form(request: Request, signed: PageUser, conflict_id: ConflictId) -> Response:
        fields = await console.form(request, signed)
        signed.require_change()
        await run_in_threadpool(
            resolve,
            console.db,
            signed,
            conflict_id,
            _choices(fields),
            client_address(request),
            console.lang_of(request),
            delete=fields.get("outcome") == "delete",
        )
        return console.redirect(f"/conflicts?done={conflict_id}")

    @console.api.get(
        API_LIST,
        summary="Open conflicts of the supervisor's scope, oldest first",
        openapi_extra={"security": API_SECURITY},
    )
    async def conflicts_api(signed: ApiUser) -> Response:
        return console.json(await run_in_threadpool(open_conflicts, console.db, signed))

    @console.api.get(
        API_ONE,
        summary="One conflict: base, server and laptop bodies field by field, its resolution",
        openapi_extra={"security": API_SECURITY},
    )
    async def conflict_api(signed: ApiUser, conflict_id: ConflictId) -> Response:
        data = await run_in_threadpool(conflict_detail, console.db, signed, conflict_id)
        return console.json(data)

    @console.api.post(
        API_RESOLVE,
        summary="Resolve a conflict field by field (once; 409 already_resolved after)",
        openapi_extra={
            "security": API_SECURITY,
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": {
                            "type": "object",
                            "required": ["csrf"],
                            "properties": {
                                "csrf": {"type": "string"},
                                "outcome": {
                                    "type": "string",
                                    "enum": ["delete"],
                                    "description": "the laptop deleted the record "
                                    "(laptop_deleted): confirm the deletion",
                                },
                            },
                            "additionalProperties": {"type": "string", "enum": [SERVER, LAPTOP]},
                            "description": "choice.<field> = server | laptop for each field "
                            "that differs (fields with a suggestion may be left out); or "
                            "outcome = delete for a deletion's conflict",
                        }
                    }
                },
            },
        },
    )
    async def resolve_api(request: Request, signed: ApiUser, conflict_id: ConflictId) -> Response:
        fields = await console.form(request, signed)
        signed.require_change()
        result = await run_in_threadpool(
            functools.partial(resolve, delete=fields.get("outcome") == "delete"),
            console.db,
            signed,
            conflict_id,
            _choices(fields),
            client_address(request),
        )
        return console.json(result)
