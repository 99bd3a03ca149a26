"""Supervisors' accounts (owner of ``supervisors``): roles scoped to provinces or communes and
passwords hashed with Argon2id (argon2-cffi, its default parameters, rehashed on sign-in when
those change).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from sync.domain.admin_units import admin_units, check_commune_code
from sync.domain.errors import DomainError
from sync.protocol import iso_utc, utc_now
from sync.server.console import audit
from sync.server.console.scope import ADMIN, COMMUNE, PROVINCE, ROLES, VIEWER, Scope
from sync.server.console.tables import supervisors
from sync.server.db import Database

MIN_PASSWORD: Final = 12  # characters; a passphrase of a few words is the advice
MAX_PASSWORD: Final = 256  # hashing a megabyte of "password" is a way to burn the CPU
_HASHER: Final = PasswordHasher()
# Verified when the username is unknown, so a refusal takes as long either way.
_DUMMY_HASH: Final = _HASHER.hash("not a password of anyone's")


class AccountError(ValueError):
    """A refused account change; ``field`` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Supervisor:
    id: int
    username: str
    name: str
    role: str
    scope: Scope


def _scope_of(row: Any) -> Scope:
    if row.role == ADMIN or (row.role == VIEWER and not row.provinces and not row.communes):
        return Scope(row.role)
    return Scope(row.role, frozenset(row.provinces), frozenset(row.communes))


def _supervisor(row: Any) -> Supervisor:
    return Supervisor(row.id, row.username, row.name, row.role, _scope_of(row))


def normalize_username(username: str) -> str:
    return unicodedata.normalize("NFKC", username).strip().casefold()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError("password", f"the password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError("password", f"the password may have at most {MAX_PASSWORD} characters")


def _check_scope(role: str, provinces: Sequence[str], communes: Sequence[str]) -> None:
    if role not in ROLES:
        raise AccountError("role", f"the role must be one of {', '.join(ROLES)}, not {role!r}")
    units = admin_units()
    for code in provinces:
        if units.province(code) is None:
            raise AccountError("provinces", f"{code!r} is not a province code")
    for code in communes:
        try:
            check_commune_code(code, field="communes", units=units)
        except DomainError as exc:
            raise AccountError("communes", f"{code!r} is not a commune code") from exc
    if role == ADMIN and (provinces or communes):
        raise AccountError("role", "an administrator covers every province: name none")
    if role == PROVINCE and (not provinces or communes):
        raise AccountError("provinces", "a province supervisor needs provinces (and no communes)")
    if role == COMMUNE and not communes:
        raise AccountError("communes", "a commune supervisor needs communes")


def add_supervisor(
    db: Database,
    *,
    username: str,
    name: str,
    role: str,
    password: str,
    provinces: Sequence[str] = (),
    communes: Sequence[str] = (),
    by: Supervisor | None = None,
) -> Supervisor:
    """Create an account; ``by`` is the supervisor doing it (None: the command line)."""
    login = normalize_username(username)
    if not login or len(login) > 64 or not all(ch.isalnum() or ch in "._-" for ch in login):
        raise AccountError("username", "the username is 1-64 letters, digits, '.', '_' or '-'")
    if not name.strip() or len(name) > 200:
        raise AccountError("name", "the name is required (at most 200 characters)")
    check_password(password)
    province_codes = sorted({p.strip().zfill(2) for p in provinces if p.strip()})
    commune_codes = sorted({c.strip() for c in communes if c.strip()})
    _check_scope(role, province_codes, commune_codes)
    now = iso_utc(utc_now())
    try:
        with db.begin() as conn:
            inserted = conn.execute(
                supervisors.insert().values(
                    username=login,
                    name=name.strip(),
                    role=role,
                    provinces=province_codes,
                    communes=commune_codes,
                    password_hash=_HASHER.hash(password),
                    created_at=now,
                )
            ).inserted_primary_key
            new_id = int(inserted[0]) if inserted is not None else 0
            audit.record(
                conn,
                username=by.username if by else "(command line)",
                supervisor_id=by.id if by else None,
                action="add_supervisor",
                target=login,
                detail={"role": role, "provinces": province_codes, "communes": commune_codes},
            )
    except IntegrityError as exc:
        raise AccountError("username", f"the username {login!r} is taken") from exc
    found = get(db, new_id)
    assert found is not None
    return found


def get(db: Database, supervisor_id: int) -> Supervisor | None:
    with db.connect() as conn:
        row = conn.execute(
            select(supervisors).where(
                supervisors.c.id == supervisor_id, supervisors.c.disabled_at.is_(None)
            )
        ).first()
    return None if row is None else _supervisor(row)


def authenticate(db: Database, username: str, password: str) -> Supervisor | None:
    """The supervisor whose password this is, or None (unknown, disabled or wrong alike)."""
    login = normalize_username(username)
    if len(password) > MAX_PASSWORD:
        return None
    with db.connect() as conn:
        row = conn.execute(
            select(supervisors).where(
                supervisors.c.username == login, supervisors.c.disabled_at.is_(None)
            )
        ).first()
    try:
        _HASHER.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _HASHER.check_needs_rehash(row.password_hash):
        with db.begin() as conn:
            conn.execute(
                update(supervisors)
                .where(supervisors.c.id == row.id)
                .values(password_hash=_HASHER.hash(password))
            )
    return _supervisor(row)


def list_supervisors(db: Database) -> list[dict[str, Any]]:
    with db.connect() as conn:
        rows = conn.execute(select(supervisors).order_by(supervisors.c.username)).all()
    return [
        {
            "id": r.id,
            "username": r.username,
            "name": r.name,
            "role": r.role,
            "provinces": list(r.provinces),
            "communes": list(r.communes),
            "created_at": r.created_at,
            "disabled_at": r.disabled_at,
        }
        for r in rows
    ]
