"""The console's audit log: who changed what, when and from where (owner of ``console_audit``).

Write the entry in the same transaction as the change it describes, so neither is kept without
the other.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from sync.protocol import iso_utc, utc_now
from sync.server.console.tables import console_audit
from sync.server.db import Database


def record(
    conn: Connection,
    *,
    username: str,
    action: str,
    supervisor_id: int | None = None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    address: str | None = None,
) -> None:
    conn.execute(
        console_audit.insert().values(
            at=iso_utc(utc_now()),
            supervisor_id=supervisor_id,
            username=username[:64],
            action=action,
            target=None if target is None else target[:200],
            detail=detail or {},
            address=None if address is None else address[:64],
        )
    )


def recent(
    db: Database,
    *,
    limit: int = 200,
    before_id: int | None = None,
    supervisor_id: int | None = None,
) -> list[dict[str, Any]]:
    """The newest entries first, ``limit`` of them, older than ``before_id`` when given, only
    one supervisor's when ``supervisor_id`` is given."""
    query = select(console_audit).order_by(console_audit.c.id.desc()).limit(limit)
    if supervisor_id is not None:
        query = query.where(console_audit.c.supervisor_id == supervisor_id)
    if before_id is not None:
        query = query.where(console_audit.c.id < before_id)
    with db.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
