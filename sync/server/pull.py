"""Pull: the records in an agent's scope changed after a cursor, paged by server sequence.

Scope is the agent's communes (every business record and the communes' targets) plus reference
data: the administrative units of the provinces those communes belong to, the rates and scripts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from sync.domain.admin_units import admin_units
from sync.protocol import (
    REF_ADMIN_UNIT,
    REF_RATES,
    REF_SCRIPT,
    Change,
    PullResponse,
    iso_utc,
    utc_now,
)
from sync.server.auth import Caller
from sync.server.db import Database, records


def provinces_of(communes: frozenset[str]) -> list[str]:
    units = admin_units()
    found = {u.province_code for c in communes if (u := units.commune(c)) is not None}
    return sorted(found)


def scope_filter(caller: Caller) -> ColumnElement[bool]:
    return or_(
        records.c.commune_code.in_(sorted(caller.communes)),
        and_(
            records.c.kind == REF_ADMIN_UNIT,
            records.c.province_code.in_(provinces_of(caller.communes)),
        ),
        records.c.kind.in_([REF_RATES, REF_SCRIPT]),
    )


def pull(db: Database, caller: Caller, cursor: int, limit: int) -> PullResponse:
    scope = scope_filter(caller)
    with db.connect() as conn:
        rows = conn.execute(
            select(
                records.c.seq,
                records.c.kind,
                records.c.record_id,
                records.c.version,
                records.c.deleted,
                records.c.body,
            )
            .where(records.c.seq > cursor, scope)
            .order_by(records.c.seq)
            .limit(limit + 1)
        ).all()
        has_more = len(rows) > limit
        rows = rows[:limit]
        new_cursor = int(rows[-1].seq) if rows else cursor
        total = conn.execute(
            select(func.count()).select_from(records).where(records.c.seq <= new_cursor, scope)
        ).scalar_one()
    changes: list[Change] = []
    for r in rows:
        body: dict[str, Any] = dict(r.body)
        changes.append(Change(int(r.seq), r.kind, r.record_id, r.version, bool(r.deleted), body))
    return PullResponse(tuple(changes), new_cursor, has_more, int(total), iso_utc(utc_now()))
