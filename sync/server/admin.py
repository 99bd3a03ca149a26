"""Administration: what the ``agent-server`` subcommands call, usable from Python too. Each
function works on the same database as a running server (its own short transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from sync.domain.admin_units import check_commune_code
from sync.domain.receipts import WINDOWS_RESERVED, check_agent_code
from sync.protocol import iso_utc, new_id, utc_now
from sync.server import links, tallies
from sync.server.auth import hash_secret, new_enrollment_code, normalize_code
from sync.server.db import (
    Database,
    agents,
    begin_changes,
    devices,
    finish_changes,
    lock_references,
    lock_scope,
    migrate,
    open_engine,
    receipt_numbers,
    record_versions,
    records,
)
from sync.server.refdata import global_references, put_references, target_record

# Vietnam is UTC+7 all year; "today" for validation is the local date there.
VN_OFFSET = timedelta(hours=7)


def vn_today() -> date:
    return (utc_now() + VN_OFFSET).date()


def open_database(data_dir: Path, database_url: str | None = None) -> Database:
    """Open (creating or migrating) the server's database and refresh the reference data."""
    db = open_engine(Path(data_dir), database_url)
    now = iso_utc(utc_now())
    migrate(db, now)
    with db.begin() as conn:
        lock_references(conn)
        seq = begin_changes(conn)
        if put_references(conn, global_references(), seq, now):
            finish_changes(conn, seq)
    return db


class AgentCodeTaken(ValueError):
    """The agent code asked for belongs to another agent."""


def _agent_code(conn: Connection, username: str, agent_id: int) -> str:
    """A code for an agent who was given none: up to 4 letters of the username and the id,
    made unique (someone may have been given that very code by hand)."""
    letters = "".join(ch for ch in username.upper() if ch.isascii() and ch.isalnum())[:4]
    base = letters if len(letters) >= 2 else "AG"
    n = agent_id
    while True:
        code = f"{base}{n:04d}"[:16]
        taken = conn.execute(select(agents.c.id).where(agents.c.code == code)).first()
        if taken is None and code not in WINDOWS_RESERVED:
            return code
        n += 1


def _check_code_free(conn: Connection, code: str, username: str) -> None:
    other = conn.execute(
        select(agents.c.username).where(agents.c.code == code, agents.c.username != username)
    ).first()
    if other is not None:
        raise AgentCodeTaken(f"agent code {code} is already used by agent {other.username}")


def add_agent(
    db: Database,
    *,
    username: str,
    name: str,
    communes: Sequence[str],
    code: str | None = None,
) -> str:
    """Create an agent (or update an existing one) and return a fresh one-time enrollment code.

    Adding an existing username replaces its name, communes (and code, if given) and issues a
    new code: that is how an agent enrolls a replacement laptop. Unknown communes raise
    ``sync.domain.errors.InvalidValue``; an empty username, name or commune list ``ValueError``.

    ``code`` is the agent code, the prefix of every receipt number the agent prints: unique
    among agents (:class:`AgentCodeTaken`), 2-16 letters or digits and not a reserved Windows
    name (``sync.domain.receipts.InvalidAgentCode``); without one the server makes one up.
    Communes taken away from an existing agent reach its laptops as removals at their next
    pull; communes added are sent in full (``sync.server.links.reassign``).
    """
    username = username.strip()
    name = name.strip()
    if not username or not name:
        raise ValueError("username and name must not be empty")
    if not communes:
        raise ValueError("an agent needs at least one commune")
    codes = sorted({check_commune_code(c) for c in communes})
    code = check_agent_code(code) if code else None
    enrollment = new_enrollment_code()
    now = iso_utc(utc_now())
    try:
        with db.begin() as conn:
            _put_agent(conn, username, name, codes, code, enrollment, now)
    except IntegrityError as exc:
        if "code" not in str(exc.orig):
            raise
        # Two administrators giving one code at once: the unique index decides.
        raise AgentCodeTaken(f"agent code {code} is already used by another agent") from None
    return enrollment


def _put_agent(
    conn: Connection,
    username: str,
    name: str,
    codes: list[str],
    code: str | None,
    enrollment: str,
    now: str,
) -> None:
    # First, so that SQLite takes its write lock before reading (db.lock_seq); on PostgreSQL an
    # administrator's change then waits for the pushes of the communes it touches.
    seq = begin_changes(conn)
    found = conn.execute(
        select(agents.c.id, agents.c.communes).where(agents.c.username == username)
    ).first()
    lock_scope(conn, {*codes, *(found.communes if found is not None else ())})
    if code:
        _check_code_free(conn, code, username)
    values: dict[str, Any] = {
        "name": name,
        "communes": codes,
        "enrollment_hash": hash_secret(normalize_code(enrollment)),
    }
    if found is None:
        # A placeholder unique to this username until the real code is known.
        inserted = conn.execute(
            agents.insert().values(
                username=username, code=code or f"~{new_id()}", created_at=now, **values
            )
        ).inserted_primary_key
        assert inserted is not None
        agent_id = int(inserted[0])
        code = code or _agent_code(conn, username, agent_id)
        conn.execute(update(agents).where(agents.c.id == agent_id).values(code=code))
    else:
        if code:
            values["code"] = code
        conn.execute(update(agents).where(agents.c.id == found.id).values(**values))
        links.reassign(conn, found.id, list(found.communes), codes, seq, now)
    # Targets only for communes that have none yet: an administrator may have edited them.
    existing = set(
        conn.execute(
            select(records.c.commune_code).where(
                records.c.kind == "ref.target", records.c.commune_code.in_(codes)
            )
        ).scalars()
    )
    put_references(conn, [target_record(c) for c in codes if c not in existing], seq, now)
    finish_changes(conn, seq)


def new_code(db: Database, *, username: str) -> str:
    """A fresh one-time enrollment code for an existing agent, changing nothing else (name,
    communes, agent code and devices stay): how a replacement laptop is enrolled. Any code
    issued before and not yet used stops working. Unknown username: ``ValueError``."""
    enrollment = new_enrollment_code()
    with db.begin() as conn:
        done = conn.execute(
            update(agents)
            .where(agents.c.username == username.strip())
            .values(enrollment_hash=hash_secret(normalize_code(enrollment)))
        )
    if done.rowcount != 1:
        raise ValueError(f"no agent {username}")
    return enrollment


def set_communes(db: Database, *, username: str, communes: Sequence[str]) -> None:
    """Change an agent's communes, keeping its devices and enrollment code as they are. The
    records of a commune taken away reach the agent's laptops as removals at their next pull;
    those of a commune added are sent in full. Unknown username: ``ValueError``."""
    if not communes:
        raise ValueError("an agent needs at least one commune")
    codes = sorted({check_commune_code(c) for c in communes})
    now = iso_utc(utc_now())
    with db.begin() as conn:
        seq = begin_changes(conn)
        found = conn.execute(
            select(agents.c.id, agents.c.communes).where(agents.c.username == username.strip())
        ).first()
        if found is None:
            raise ValueError(f"no agent {username}")
        lock_scope(conn, {*codes, *found.communes})
        conn.execute(update(agents).where(agents.c.id == found.id).values(communes=codes))
        links.reassign(conn, found.id, list(found.communes), codes, seq, now)
        existing = set(
            conn.execute(
                select(records.c.commune_code).where(
                    records.c.kind == "ref.target", records.c.commune_code.in_(codes)
                )
            ).scalars()
        )
        put_references(conn, [target_record(c) for c in codes if c not in existing], seq, now)
        finish_changes(conn, seq)


def revoke_device(db: Database, device_id: str) -> bool:
    """Revoke a device's token; False when no such active device exists."""
    with db.begin() as conn:
        done = conn.execute(
            update(devices)
            .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=iso_utc(utc_now()))
        )
    return done.rowcount == 1


@dataclass(frozen=True, slots=True)
class DeviceRow:
    device_id: str
    username: str
    name: str
    created_at: str
    revoked_at: str | None


def list_devices(db: Database) -> list[DeviceRow]:
    with db.connect() as conn:
        rows = conn.execute(
            select(
                devices.c.id,
                agents.c.username,
                devices.c.name,
                devices.c.created_at,
                devices.c.revoked_at,
            )
            .join(agents, agents.c.id == devices.c.agent_id)
            .order_by(devices.c.created_at)
        )
        return [DeviceRow(*row) for row in rows]


def seed_demo(db: Database, *, households: int = 200, today: date | None = None) -> str:
    """Reference data, the demo agent, ``households`` demo households with their members, and
    a few weeks of the agent's work among them (visits, follow-ups, enrollments with receipts,
    events: ``sync.demo.demo_activity``), so Today and the reports have something to show.

    Records already there are left alone, so seeding twice adds nothing. Returns the demo
    agent's (fresh) enrollment code.
    """
    from sync.demo import DEMO_AGENT, demo_activity, demo_households  # only the demo needs it

    code = add_agent(
        db,
        username=DEMO_AGENT["username"],
        name=DEMO_AGENT["name"],
        communes=DEMO_AGENT["communes"],
        code=DEMO_AGENT["code"],
    )
    day = today or vn_today()
    generated = demo_households(households, DEMO_AGENT["communes"], seed=0, today=day)
    now = iso_utc(utc_now())
    with db.begin() as conn:
        lock_scope(conn, DEMO_AGENT["communes"])
        seq = begin_changes(conn)
        agent_id = conn.execute(
            select(agents.c.id).where(agents.c.username == DEMO_AGENT["username"])
        ).scalar_one()
        wanted: list[tuple[str, str, dict[str, Any], str]] = []
        for h in generated:
            commune = h.body["commune_code"]
            wanted.append(("household", h.id, h.body, commune))
            wanted.extend(("person", pid, body, commune) for pid, body in h.members)
        wanted.extend(
            (r.kind, r.id, r.body, r.commune_code) for r in demo_activity(generated, today=day)
        )
        present: set[str] = set()
        ids = [w[1] for w in wanted]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            present.update(
                conn.execute(
                    select(records.c.record_id).where(records.c.record_id.in_(chunk))
                ).scalars()
            )
        rows, versions, numbers = [], [], []
        by_id = {rid: (kind, body) for kind, rid, body, _ in wanted}
        for kind, rid, body, commune in wanted:
            if rid in present:
                continue
            if kind == "receipt":
                numbers.append(
                    {
                        "number": links.stored_number(body["number"]),
                        "record_id": rid,
                        "agent_id": agent_id,
                        "created_at": now,
                    }
                )
            rows.append(
                {
                    "record_id": rid,
                    "kind": kind,
                    "version": 1,
                    "deleted": False,
                    "body": body,
                    "commune_code": commune,
                    "province_code": None,
                    "agent_id": agent_id,
                    "receipt_number": body["number"] if kind == "receipt" else None,
                    "seq": seq.next(),
                    "updated_at": now,
                    "household_id": links.household_of(rid, by_id),
                    "live_receipt_of": body["enrollment_id"] if kind == "receipt" else None,
                }
            )
            versions.append(
                {
                    "record_id": rid,
                    "version": 1,
                    "body": body,
                    "deleted": False,
                    "changed": sorted(body),
                    "op_id": None,
                    "agent_id": agent_id,
                    "device_id": None,
                    "created_at": now,
                }
            )
        if rows:
            conn.execute(records.insert(), rows)
            conn.execute(record_versions.insert(), versions)
            tallies.track(conn, [(None, tallies.state_of(row)) for row in rows])
        if numbers:
            conn.execute(receipt_numbers.insert(), numbers)
        finish_changes(conn, seq)
    return code
