"""The console's own tables, on the server's metadata (``create_all`` makes them in a database
of any schema version, so they need no migration step of their own).

Owners: :mod:`sync.server.console.accounts` (``supervisors``), :mod:`.sessions`
(``console_sessions``), :mod:`.audit` (``console_audit``).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Index, Integer, String, Table

from sync.server.db import metadata

supervisors = Table(
    "supervisors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),  # scope.ROLES
    Column("provinces", JSON, nullable=False),  # province codes; [] with communes, or admin
    Column("communes", JSON, nullable=False),
    Column("password_hash", String(200), nullable=False),  # argon2id, PHC string
    Column("created_at", String(32), nullable=False),
    Column("disabled_at", String(32), nullable=True),
)

# One row per signed-in browser; the cookie holds a random token, the table its sha256.
console_sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("supervisor_id", Integer, nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("last_seen_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),  # absolute end; idle end from last_seen
)

# Every change a supervisor makes (and every sign-in, refused or not), newest last.
console_audit = Table(
    "console_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("supervisor_id", Integer, nullable=True),
    Column("username", String(64), nullable=False),
    Column("action", String(48), nullable=False),
    Column("target", String(200), nullable=True),
    Column("detail", JSON, nullable=False),
    Column("address", String(64), nullable=True),
    Index("ix_console_audit_at", "at"),
)
