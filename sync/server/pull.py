"""Pull: the records in an agent's scope changed after a cursor, paged by server sequence.

Scope is the agent's communes (every business record and the communes' targets) plus reference
data: the administrative units of the provinces those communes belong to, the rates and scripts.
Records that left or entered the agent's sight without changing themselves (a household moved,
a commune unassigned or assigned) come from ``scope_changes`` (sync.server.links), merged in by
sequence: a removal is ``{"deleted": true, "removed": true}``.

A page holds at most ``limit`` changes and about :data:`MAX_PULL_PAGE_BYTES` of JSON (always at
least one change), and no stored body can make a page fail: one that cannot be encoded is sent
as an empty body rather than taking every page of its commune down with it.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Final

from sqlalchemy import ColumnElement, Text, and_, cast, func, not_, or_, select

from sync.domain.admin_units import admin_units
from sync.protocol import (
    REF_ADMIN_UNIT,
    REF_RATES,
    REF_SCRIPT,
    Change,
    ProtocolError,
    PullResponse,
    iso_utc,
    utc_now,
)
from sync.server import jsonio
from sync.server.auth import Caller
from sync.server.db import Database, records, scope_changes

MAX_PULL_PAGE_BYTES: Final = 2 * 1024 * 1024
# A stored body nested deeper than this is not sent (see _safe_body); new ones stop at 32.
MAX_PULL_BODY_DEPTH: Final = 1024  # orjson reads no deeper; jsonio.dumps writes any depth
# What a change costs on the page besides its body (seq, kind, ids, version, flags).
_CHANGE_OVERHEAD: Final = 160

# 19 digits or more may not fit in 64 bits (a false match in a string only costs speed).
_LONG_INTEGER: Final = re.compile(rb"\d{19}")

log = logging.getLogger(__name__)


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


def _scope_change_filter(caller: Caller) -> ColumnElement[bool]:
    """The scope changes meant for this agent that still hold: a removal while the record is
    out of sight, an entry while it is in sight (a record that moved back is sent anyway)."""
    communes = sorted(caller.communes)
    in_sight = records.c.commune_code.in_(communes)
    return and_(
        or_(
            scope_changes.c.agent_id == caller.agent_id,
            and_(scope_changes.c.agent_id.is_(None), scope_changes.c.commune_code.in_(communes)),
        ),
        or_(
            and_(
                scope_changes.c.removed.is_(True),
                or_(records.c.commune_code.is_(None), not_(in_sight)),
            ),
            and_(scope_changes.c.removed.is_(False), in_sight),
        ),
    )


def _depth_within(value: Any, limit: int) -> bool:
    """Whether ``value`` nests at most ``limit`` levels (iterative: no recursion to overflow)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            items: Any = item.values()
        elif isinstance(item, list):
            items = item
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in items)
    return True


def _safe_body(record_id: str, stored: str | bytes | None) -> tuple[dict[str, Any], int]:
    """The body to send, decoded from its stored JSON text, and its size; an empty body when it
    cannot be decoded or would be too deep to encode again (the text is read as text, so the
    database driver never decodes it: a deeply nested body would overflow its decoder)."""
    raw = stored.encode() if isinstance(stored, str) else stored or b""
    body: Any = None
    try:
        # orjson reads an integer past 64 bits as a float; the standard library keeps it exact.
        body = json.loads(raw) if _LONG_INTEGER.search(raw) else jsonio.parse_stored(raw)
    except (ProtocolError, ValueError, RecursionError):
        body = None
    if isinstance(body, dict) and _depth_within(body, MAX_PULL_BODY_DEPTH):
        return body, len(raw)
    log.warning("record %s has a body that cannot be sent; pulled as an empty body", record_id)
    return {}, 2


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
                cast(records.c.body, Text).label("body"),
            )
            .where(records.c.seq > cursor, scope)
            .order_by(records.c.seq)
            .limit(limit + 1)
        ).all()
        moved = conn.execute(
            select(
                scope_changes.c.seq,
                scope_changes.c.kind,
                scope_changes.c.record_id,
                records.c.version,
                records.c.deleted,
                cast(records.c.body, Text).label("body"),
                scope_changes.c.removed,
            )
            .join(records, records.c.record_id == scope_changes.c.record_id)
            .where(scope_changes.c.seq > cursor, _scope_change_filter(caller))
            .order_by(scope_changes.c.seq)
            .limit(limit + 1)
        ).all()
        merged = sorted(
            [(int(r.seq), r, False) for r in rows]
            + [(int(m.seq), m, bool(m.removed)) for m in moved],
            key=lambda item: item[0],
        )
        changes: list[Change] = []
        size = 0
        has_more = False
        for seq, r, removed in merged:
            if len(changes) >= limit:
                has_more = True
                break
            body: dict[str, Any]
            if removed:
                body, cost = {}, 2
            else:
                body, cost = _safe_body(r.record_id, r.body)
            cost += _CHANGE_OVERHEAD
            if changes and size + cost > MAX_PULL_PAGE_BYTES:
                has_more = True
                break
            size += cost
            changes.append(
                Change(
                    seq,
                    r.kind,
                    r.record_id,
                    int(r.version),
                    bool(r.deleted) or removed,
                    body,
                    removed=removed,
                )
            )
        new_cursor = changes[-1].seq if changes else cursor
        total = conn.execute(
            select(func.count()).select_from(records).where(records.c.seq <= new_cursor, scope)
        ).scalar_one()
    return PullResponse(tuple(changes), new_cursor, has_more, int(total), iso_utc(utc_now()))
