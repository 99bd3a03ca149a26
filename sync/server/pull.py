"""Pull: the records in an agent's scope changed after a cursor, paged by server sequence.

Scope is the agent's communes (every business record and the communes' targets) plus reference
data: the administrative units of the provinces those communes belong to, the rates and scripts.
Records that left or entered the agent's sight without changing themselves (a household moved,
a commune unassigned or assigned) come from ``scope_changes`` (sync.server.links), merged in by
sequence: a removal is ``{"deleted": true, "removed": true}``.

Each part of the scope is read on its own index, in sequence order, and the parts merged by
sequence (``page_query``): a commune's records on (commune_code, seq), an administrative unit
province on (kind, province_code, seq), the rates and scripts on the same index by kind. A pull
therefore costs what the agent's own data costs, however many records other agents hold. The
``total`` is counted the same way, and only on the last page (or when asked: ``count``). On
PostgreSQL a pull never goes past the safe horizon (``db.safe_horizon``): changes numbered
beyond it may still be uncommitted, and the next pull returns them.

A page holds at most ``limit`` changes and about :data:`MAX_PULL_PAGE_BYTES` of JSON (always at
least one change), and no stored body can make a page fail: one that cannot be encoded is sent
as an empty body rather than taking every page of its commune down with it.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import re
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Connection,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    cast,
    func,
    not_,
    or_,
    select,
    union_all,
)

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
from sync.server import jsonio, resolutions
from sync.server.auth import Caller
from sync.server.db import Database, prune_floors, records, safe_horizon, scope_changes

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
    if isinstance(body, dict) and (
        # Each level opens with a bracket, so a text with few brackets cannot nest deeper:
        # only the rare body with many is walked.
        raw.count(b"{") + raw.count(b"[") <= MAX_PULL_BODY_DEPTH
        or _depth_within(body, MAX_PULL_BODY_DEPTH)
    ):
        return body, len(raw)
    log.warning("record %s has a body that cannot be sent; pulled as an empty body", record_id)
    return {}, 2


# A sequence number or page size given as a value, or as a parameter of a kept statement.
_Number = int | BindParameter[int]


def _seq_window(column: Any, cursor: _Number, horizon: _Number | None) -> list[ColumnElement[bool]]:
    out = [column > cursor]
    if horizon is not None:
        out.append(column <= horizon)
    return out


def _record_branches(caller: Caller) -> list[tuple[ColumnElement[bool], tuple[Any, ...]]]:
    """The scope as disjoint parts, each one index range (see the module's docstring), with
    the order to read it in. A commune's part is read in the order of its index (commune_code,
    seq) and stops at the limit. Reference parts are a few hundred rows at most: they are
    sorted after their (kind, province_code, seq) range is read, never read by walking the
    global seq index (which a planner misled by statistics might otherwise choose)."""
    late = (records.c.seq + 0,)  # an expression no index provides
    parts: list[tuple[ColumnElement[bool], tuple[Any, ...]]] = [
        (records.c.commune_code == code, (records.c.commune_code, records.c.seq))
        for code in sorted(caller.communes)
    ]
    parts.extend(
        (and_(records.c.kind == REF_ADMIN_UNIT, records.c.province_code == province), late)
        for province in provinces_of(caller.communes)
    )
    parts.extend((records.c.kind == kind, late) for kind in (REF_RATES, REF_SCRIPT))
    return parts


def _merged(branches: list[Select[Any]], n: _Number) -> Select[Any]:
    """The first ``n`` sequence numbers of the union of ``branches`` (each ordered and limited
    to ``n`` itself, so each stops early on its index)."""
    parts = [select(b.limit(n).subquery().c.seq) for b in branches]
    union = union_all(*parts).subquery("scope_seqs")
    return select(union.c.seq).order_by(union.c.seq).limit(n)


def page_query(caller: Caller, cursor: _Number, horizon: _Number | None, n: _Number) -> Select[Any]:
    """The first ``n`` records of the caller's scope after ``cursor`` (up to ``horizon``)."""
    branches = [
        select(records.c.seq)
        .where(part, *_seq_window(records.c.seq, cursor, horizon))
        .order_by(*order)
        for part, order in _record_branches(caller)
    ]
    wanted = _merged(branches, n).subquery("page")
    return (
        select(
            records.c.seq,
            records.c.kind,
            records.c.record_id,
            records.c.version,
            records.c.deleted,
            cast(records.c.body, Text).label("body"),
        )
        .join(wanted, wanted.c.seq == records.c.seq)
        .order_by(records.c.seq)
    )


def moves_query(
    caller: Caller, cursor: _Number, horizon: _Number | None, n: _Number
) -> Select[Any]:
    """The first ``n`` scope changes meant for the caller after ``cursor``."""
    communes = sorted(caller.communes)
    whose: list[ColumnElement[bool]] = [scope_changes.c.agent_id == caller.agent_id]
    whose.extend(
        and_(scope_changes.c.agent_id.is_(None), scope_changes.c.commune_code == code)
        for code in communes
    )
    sight = _scope_change_filter(caller)
    branches = [
        select(scope_changes.c.seq)
        .join(records, records.c.record_id == scope_changes.c.record_id)
        .where(part, sight, *_seq_window(scope_changes.c.seq, cursor, horizon))
        .order_by(scope_changes.c.seq)
        for part in whose
    ]
    wanted = _merged(branches, n).subquery("moved")
    return (
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
        .join(wanted, wanted.c.seq == scope_changes.c.seq)
        .order_by(scope_changes.c.seq)
    )


def count_query(caller: Caller, upto: int) -> Select[Any]:
    """How many records of the caller's scope have a sequence number up to ``upto``: one count
    per part of the scope, each over its index range."""
    counts = [
        select(func.count().label("n")).select_from(records).where(part, records.c.seq <= upto)
        for part, _ in _record_branches(caller)
    ]
    union = union_all(*counts).subquery("counts")
    return select(func.coalesce(func.sum(union.c.n), 0))


_CURSOR: Final = bindparam("cursor", type_=BigInteger)
_HORIZON: Final = bindparam("horizon", type_=BigInteger)
_LIMIT: Final = bindparam("n", type_=Integer)


@functools.lru_cache(maxsize=4096)
def _page_statements(
    communes: frozenset[str], agent_id: int, bounded: bool
) -> tuple[Select[Any], Select[Any]]:
    """:func:`page_query` and :func:`moves_query` of one scope, built once with the cursor, the
    horizon and the page size as parameters: building them anew took a fifth of a pull page's
    CPU on the server (SQLAlchemy then finds the compiled form in its cache)."""
    caller = Caller(agent_id, "", "", communes)
    horizon = _HORIZON if bounded else None
    return (
        page_query(caller, _CURSOR, horizon, _LIMIT),
        moves_query(caller, _CURSOR, horizon, _LIMIT),
    )


def _total(conn: Connection, caller: Caller, upto: int, bounded: bool) -> int | None:
    """The count check's ``total`` up to ``upto``, or None when the scope holds changes past
    it that this pull could not send yet (numbered beyond the safe horizon while an older
    transaction ran). Records changed or moved out past the horizon are held by the laptop
    but not counted here, so a total then would not match what a complete laptop holds and
    would send it to pull everything again. Count and check are one statement: one snapshot.
    """
    counted = count_query(caller, upto).scalar_subquery()
    if not bounded:  # SQLite: no horizon, a pull sends everything committed
        return int(conn.execute(select(counted)).scalar_one())
    page, moves = _page_statements(caller.communes, caller.agent_id, False)
    past = {"cursor": upto, "n": 1}
    row = conn.execute(
        select(counted, page.exists(), moves.exists()),
        past,
    ).one()
    return None if row[1] or row[2] else int(row[0])


_prune_tick = itertools.count(1)
_PRUNE_EVERY: Final = 64  # pulls of this process between two prunings of the floor samples


def pull(
    db: Database, caller: Caller, cursor: int, limit: int, count: bool | None = None
) -> PullResponse:
    """A page of the caller's changes after ``cursor``. ``total`` is counted on the last page
    (``has_more`` false: what the laptop compares after a full pull), on every page when
    ``count`` is true, never when it is false."""
    with db.connect() as conn:
        horizon = safe_horizon(conn)
        page, moves = _page_statements(caller.communes, caller.agent_id, horizon.seq is not None)
        params = {"cursor": cursor, "horizon": horizon.seq, "n": limit + 1}
        rows = conn.execute(page, params).all()
        moved = conn.execute(moves, params).all()
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
        changes = resolutions.mark(conn, changes, cursor)
        total: int | None = None
        if count or (count is None and not has_more):
            total = _total(conn, caller, new_cursor, horizon.seq is not None)
    if horizon.floor_xid is not None and next(_prune_tick) % _PRUNE_EVERY == 0:
        with db.begin() as conn:
            prune_floors(conn, horizon.floor_xid)
    return PullResponse(tuple(changes), new_cursor, has_more, total, iso_utc(utc_now()))
