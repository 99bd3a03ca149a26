"""How stored records hang together beyond their bodies: the household each belongs to, the
one live receipt of an enrollment, the receipt numbers ever used, and the scope changes written
when a household moves commune or an agent's communes change (see docs/server.md, "Scope").

A record's commune is fixed when it is written; a household that moves takes its people,
visits, enrollments, receipts and follow-ups along (new commune, new sequence number, so the new
commune's agents pull them), and leaves a ``scope_changes`` row per record for the old commune
so its agents pull a removal. Changing an agent's communes writes rows for that agent alone:
removals for what it no longer sees, entries for what it now sees but pulled past already.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, bindparam, select, update

from sync.domain.admin_units import admin_units
from sync.domain.receipts import normalize_receipt_number
from sync.protocol import KINDS
from sync.server import tallies
from sync.server.db import agents, audit, receipt_numbers, records, scope_changes
from sync.server.refdata import SeqAllocator

_MOVE_CHILD: Final = (
    update(records)
    .where(records.c.record_id == bindparam("b_rid"))
    .values(
        commune_code=bindparam("b_commune"),
        province_code=bindparam("b_province"),
        seq=bindparam("b_seq"),
        updated_at=bindparam("b_now"),
    )
)


# What a moved record's tallies depend on (sync.server.tallies.contribution).
_STATE_COLUMNS: Final = (
    records.c.record_id,
    records.c.kind,
    records.c.body,
    records.c.deleted,
    records.c.commune_code,
    records.c.agent_id,
    records.c.live_receipt_of,
)


def _moved(stored: Any, commune: str) -> tallies.State:
    """A stored record's state once it has moved to ``commune``."""
    return tallies.State(
        stored.record_id,
        stored.kind,
        stored.body or {},
        bool(stored.deleted),
        commune,
        stored.agent_id,
        stored.live_receipt_of,
    )


@dataclass(frozen=True, slots=True)
class Move:
    """A household whose commune changed in a push; or, with ``person_id``, a person who moved
    from household ``household_id`` to ``new_household`` (their own enrollments, receipts and
    follow-ups go along; the household's visits and household-health enrollments stay)."""

    household_id: str
    old_commune: str
    new_commune: str
    person_id: str | None = None
    new_household: str | None = None


def dependents(rows: Iterable[tuple[str, str, Mapping[str, Any]]], person_id: str) -> set[str]:
    """Of a household's records (id, kind, body), those that belong to ``person_id`` alone:
    their voluntary enrollments, the receipts of those, follow-ups naming only them."""
    rows = list(rows)
    enrollments = {
        rid
        for rid, kind, body in rows
        if kind == "enrollment"
        and body.get("scheme") == "voluntary"
        and body.get("person_id") == person_id
    }
    followups = {
        rid
        for rid, kind, body in rows
        if kind == "followup"
        and body.get("person_id") == person_id
        and not body.get("household_id")
    }
    receipts = {
        rid
        for rid, kind, body in rows
        if kind == "receipt" and body.get("enrollment_id") in enrollments
    }
    return enrollments | followups | receipts


def apply_moves(conn: Connection, moves: Sequence[Move], seq: SeqAllocator, now: str) -> None:
    """Every record of each moved household takes the new commune (and province) with a new
    sequence number; the old commune gets a removal for each (the household included). The
    caller holds the sequence lock."""
    units = admin_units()
    for move in moves:
        if move.person_id is not None:
            _move_person(conn, move, seq, now)
            continue
        unit = units.commune(move.new_commune)
        province = unit.province_code if unit is not None else None
        rows = conn.execute(
            select(*_STATE_COLUMNS)
            .where(records.c.household_id == move.household_id)
            .order_by(records.c.seq)
        ).all()
        exits: list[dict[str, Any]] = []
        children: list[dict[str, Any]] = []
        counted: list[tuple[tallies.Stored, tallies.Stored]] = []
        for stored in rows:
            record_id, kind, commune = stored.record_id, stored.kind, stored.commune_code
            # Written after the move in the same batch: already in the new commune, never seen
            # in the old one.
            was_there = record_id == move.household_id or commune == move.old_commune
            if was_there:
                exits.append(_change_row(seq, record_id, kind, move.old_commune, None, True, now))
            if record_id != move.household_id and commune != move.new_commune:
                children.append(
                    {
                        "b_rid": record_id,
                        "b_commune": move.new_commune,
                        "b_province": province,
                        "b_seq": seq.next(),
                        "b_now": now,
                    }
                )
                counted.append((stored, _moved(stored, move.new_commune)))
        if children:
            conn.execute(_MOVE_CHILD, children)
        tallies.track(conn, counted)
        if exits:
            conn.execute(scope_changes.insert(), exits)


def _move_person(conn: Connection, move: Move, seq: SeqAllocator, now: str) -> None:
    assert move.person_id is not None
    unit = admin_units().commune(move.new_commune)
    province = unit.province_code if unit is not None else None
    found = conn.execute(
        select(*_STATE_COLUMNS)
        .where(records.c.household_id == move.household_id)
        .order_by(records.c.seq)
    ).all()
    mine = dependents(((r.record_id, r.kind, r.body or {}) for r in found), move.person_id)
    exits: list[dict[str, Any]] = []
    counted: list[tuple[tallies.Stored, tallies.Stored]] = []
    if move.old_commune != move.new_commune:
        exits.append(_change_row(seq, move.person_id, "person", move.old_commune, None, True, now))
    for r in found:
        if r.record_id not in mine:
            continue
        moved = r.commune_code != move.new_commune
        if moved and r.commune_code == move.old_commune:
            exits.append(_change_row(seq, r.record_id, r.kind, move.old_commune, None, True, now))
        values: dict[str, Any] = {"household_id": move.new_household}
        if moved:
            values.update(
                commune_code=move.new_commune,
                province_code=province,
                seq=seq.next(),
                updated_at=now,
            )
            counted.append((r, _moved(r, move.new_commune)))
        conn.execute(update(records).where(records.c.record_id == r.record_id).values(**values))
    tallies.track(conn, counted)
    if exits:
        conn.execute(scope_changes.insert(), exits)


def reassign(
    conn: Connection,
    agent_id: int,
    old: Collection[str],
    new: Collection[str],
    seq: SeqAllocator,
    now: str,
) -> int:
    """Scope changes for one agent whose communes go from ``old`` to ``new``: a removal for
    every record of a commune taken away, an entry for every record of a commune added (the
    agent's laptops may have pulled past them). Returns how many rows were written."""
    gone, added = set(old) - set(new), set(new) - set(old)
    if not gone and not added:
        return 0
    found = conn.execute(
        select(records.c.record_id, records.c.kind, records.c.commune_code)
        .where(records.c.commune_code.in_(sorted(gone | added)))
        .order_by(records.c.seq)
    ).all()
    rows = [
        _change_row(seq, rid, kind, commune, agent_id, commune in gone, now)
        for rid, kind, commune in found
    ]
    for start in range(0, len(rows), 1000):
        conn.execute(scope_changes.insert(), rows[start : start + 1000])
    return len(rows)


def _change_row(
    seq: SeqAllocator,
    record_id: str,
    kind: str,
    commune: str | None,
    agent_id: int | None,
    removed: bool,
    now: str,
) -> dict[str, Any]:
    return {
        "seq": seq.next(),
        "record_id": record_id,
        "kind": kind,
        "commune_code": commune,
        "agent_id": agent_id,
        "removed": removed,
        "created_at": now,
    }


# -- the v1 -> v2 migration ----------------------------------------------------------------


def household_of(
    record_id: str, by_id: Mapping[str, tuple[str, Mapping[str, Any]]], depth: int = 0
) -> str | None:
    """The household a stored record belongs to, following its parents (``by_id``: kind and
    body of every business record)."""
    found = by_id.get(record_id)
    if found is None or depth > 4:
        return None
    kind, body = found
    if kind == "household":
        return record_id
    if kind == "event":
        return None
    hid = body.get("household_id")
    if isinstance(hid, str) and hid:
        return hid
    for key in ("person_id", "enrollment_id"):
        parent = body.get(key)
        if isinstance(parent, str) and parent:
            return household_of(parent, by_id, depth + 1)
    return None


def stored_number(number: str) -> str:
    """A stored number's reserved form; numbers older than the normal form that it would refuse
    (too long, odd characters) are still reserved, in the same spirit."""
    try:
        return normalize_receipt_number(number)
    except ValueError:
        return "".join(unicodedata.normalize("NFKC", number).split()).upper()


def backfill(conn: Connection, now: str) -> None:
    """Fill the v2 columns and tables from the stored records: each record's household, the
    first live receipt of each enrollment (later ones are logged in ``audit`` as
    ``duplicate_receipt`` for review and no longer counted), every receipt number ever used
    (first come keeps it; later equal ones are logged ``duplicate_number``), and unique agent
    codes (a code used twice gets the agent's id appended, logged ``agent_code_renamed``)."""
    rows = conn.execute(
        select(records.c.record_id, records.c.kind, records.c.body, records.c.deleted)
        .where(records.c.kind.in_(KINDS))
        .order_by(records.c.seq)
    ).all()
    by_id = {r.record_id: (r.kind, r.body if isinstance(r.body, dict) else {}) for r in rows}
    notes: list[dict[str, Any]] = []
    live_taken: set[str] = set()
    numbers: dict[str, str] = {}
    updates: list[dict[str, Any]] = []
    for r in rows:
        body = by_id[r.record_id][1]
        live_of = None
        if r.kind == "receipt":
            number = body.get("number")
            if isinstance(number, str) and number.strip():
                key = stored_number(number)
                if key in numbers:
                    notes.append(_note(r.record_id, r.kind, "duplicate_number", now))
                else:
                    numbers[key] = r.record_id
            eid = body.get("enrollment_id")
            if not r.deleted and isinstance(eid, str) and eid:
                if eid in live_taken:
                    notes.append(_note(r.record_id, r.kind, "duplicate_receipt", now))
                else:
                    live_taken.add(eid)
                    live_of = eid
        updates.append(
            {"b_rid": r.record_id, "b_hid": household_of(r.record_id, by_id), "b_live": live_of}
        )
    if updates:
        conn.execute(
            update(records)
            .where(records.c.record_id == bindparam("b_rid"))
            .values(household_id=bindparam("b_hid"), live_receipt_of=bindparam("b_live")),
            updates,
        )
    reserved = [
        {"number": n, "record_id": rid, "agent_id": None, "created_at": now}
        for n, rid in numbers.items()
    ]
    if reserved:
        conn.execute(receipt_numbers.insert(), reserved)
    notes.extend(_unique_agent_codes(conn, now))
    if notes:
        conn.execute(audit.insert(), notes)


def _unique_agent_codes(conn: Connection, now: str) -> Iterable[dict[str, Any]]:
    used: set[str] = set()
    for agent_id, code in conn.execute(select(agents.c.id, agents.c.code).order_by(agents.c.id)):
        base = (code or "").strip().upper() or "AG"
        wanted, n = base, agent_id
        while wanted in used:
            wanted, n = f"{base}{n}", n + 1
        used.add(wanted)
        if wanted != code:
            conn.execute(update(agents).where(agents.c.id == agent_id).values(code=wanted))
            if wanted != (code or "").strip().upper():
                yield {**_note(None, None, "agent_code_renamed", now), "agent_id": agent_id}


def _note(record_id: str | None, kind: str | None, code: str, now: str) -> dict[str, Any]:
    return {
        "at": now,
        "agent_id": None,
        "device_id": None,
        "action": "migrate_v2",
        "op_id": None,
        "kind": kind,
        "record_id": record_id,
        "status": "noted",
        "code": code,
    }
