"""Signed-in browsers (owner of ``console_sessions``).

The cookie carries a random token; the table keeps its sha256, the supervisor, the session's
CSRF token (synchroniser-token pattern: every form carries it, compared in constant time), and
two ends: an idle one (``IDLE``) moved on by each request and an absolute one (``LIFETIME``).
Stored in the database, so every ``serve --workers`` process knows every session.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import delete, select, update

from sync.protocol import iso_utc, utc_now
from sync.server.console.tables import console_sessions
from sync.server.db import Database

IDLE: Final = timedelta(minutes=30)
LIFETIME: Final = timedelta(hours=12)
# last_seen is written at most this often, not on every page.
_TOUCH_EVERY: Final = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Session:
    supervisor_id: int
    csrf_token: str
    token_hash: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def start(db: Database, supervisor_id: int) -> tuple[str, Session]:
    """A new session: the cookie's token and the session. Expired rows are swept here."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    session = Session(supervisor_id, secrets.token_urlsafe(32), _hash(token))
    with db.begin() as conn:
        conn.execute(
            delete(console_sessions).where(
                (console_sessions.c.expires_at < iso_utc(now))
                | (console_sessions.c.last_seen_at < iso_utc(now - IDLE))
            )
        )
        conn.execute(
            console_sessions.insert().values(
                token_hash=session.token_hash,
                supervisor_id=supervisor_id,
                csrf_token=session.csrf_token,
                created_at=iso_utc(now),
                last_seen_at=iso_utc(now),
                expires_at=iso_utc(now + LIFETIME),
            )
        )
    return token, session


def load(db: Database, token: str | None) -> Session | None:
    """The live session of a cookie's token, its idle end moved on; None when there is none
    or it has ended (an ended one is deleted)."""
    if not token or len(token) > 128:
        return None
    digest = _hash(token)
    now = utc_now()
    with db.connect() as conn:
        row = conn.execute(
            select(console_sessions).where(console_sessions.c.token_hash == digest)
        ).first()
    if row is None:
        return None
    seen = _parse(row.last_seen_at)
    if _parse(row.expires_at) <= now or seen + IDLE <= now:
        end(db, token)
        return None
    if now - seen >= _TOUCH_EVERY:
        with db.begin() as conn:
            conn.execute(
                update(console_sessions)
                .where(console_sessions.c.token_hash == digest)
                .values(last_seen_at=iso_utc(now))
            )
    return Session(row.supervisor_id, row.csrf_token, digest)


def end(db: Database, token: str) -> None:
    with db.begin() as conn:
        conn.execute(delete(console_sessions).where(console_sessions.c.token_hash == _hash(token)))


def end_all(db: Database, supervisor_id: int) -> None:
    """Sign a supervisor out everywhere (a disabled account, a changed password)."""
    with db.begin() as conn:
        conn.execute(
            delete(console_sessions).where(console_sessions.c.supervisor_id == supervisor_id)
        )
