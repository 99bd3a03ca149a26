"""Agents' secrets: one-time enrollment codes and device tokens, both random and stored only as
sha256 hashes; registering a device consumes the code, and a revoked token stops working at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select, update

from sync.protocol import AgentInfo, DeviceResponse, iso_utc, new_id, utc_now
from sync.server.db import Database, agents, devices

# No 0/O or 1/I: codes are read aloud and typed by hand.
_CODE_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_LENGTH: Final = 12


class Unauthorized(Exception):
    """A bad, used or revoked secret; the message reveals nothing about which, except to the
    holder of a once-valid device token revoked since (``revoked_at``): that laptop is told
    why, so its agent knows what to do."""

    def __init__(self, revoked_at: str | None = None) -> None:
        super().__init__("not authorized")
        self.revoked_at = revoked_at


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_enrollment_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: the agent and device behind a valid token."""

    agent_id: int
    device_id: str
    username: str
    communes: frozenset[str]
    # The agent's code on the server: every receipt number the agent sends starts with it.
    code: str = ""


def register_device(
    db: Database, username: str, enrollment_code: str, device_name: str
) -> DeviceResponse:
    """Consume ``enrollment_code`` and issue a device token; :class:`Unauthorized` otherwise."""
    code_hash = hash_secret(normalize_code(enrollment_code))
    now = iso_utc(utc_now())
    token = new_token()
    device_id = new_id()
    with db.begin() as conn:
        row = conn.execute(
            select(agents.c.id, agents.c.name, agents.c.code, agents.c.communes).where(
                agents.c.username == username
            )
        ).first()
        stored = None
        if row is not None:
            stored = conn.execute(
                select(agents.c.enrollment_hash).where(agents.c.id == row.id)
            ).scalar_one()
        if row is None or stored is None or not hmac.compare_digest(stored, code_hash):
            raise Unauthorized()
        # Consume the code only if nobody consumed it in the meantime.
        taken = conn.execute(
            update(agents)
            .where(agents.c.id == row.id, agents.c.enrollment_hash == code_hash)
            .values(enrollment_hash=None)
        )
        if taken.rowcount != 1:
            raise Unauthorized()
        conn.execute(
            devices.insert().values(
                id=device_id,
                agent_id=row.id,
                name=device_name,
                token_hash=hash_secret(token),
                created_at=now,
                revoked_at=None,
            )
        )
    agent = AgentInfo(username, row.name, tuple(row.communes), row.code)
    return DeviceResponse(device_id, token, agent)


def authenticate(db: Database, authorization: str | None) -> Caller:
    """The caller behind an ``Authorization: Bearer <token>`` header."""
    if not authorization:
        raise Unauthorized()
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise Unauthorized()
    with db.connect() as conn:
        row = conn.execute(
            select(
                devices.c.id,
                devices.c.agent_id,
                devices.c.revoked_at,
                agents.c.username,
                agents.c.communes,
                agents.c.code,
            )
            .join(agents, agents.c.id == devices.c.agent_id)
            .where(devices.c.token_hash == hash_secret(token))
        ).first()
    if row is None:
        raise Unauthorized()
    if row.revoked_at is not None:
        raise Unauthorized(revoked_at=row.revoked_at)
    return Caller(row.agent_id, row.id, row.username, frozenset(row.communes), row.code or "")
