"""Agent profiles in the data dir: ``profiles/<agent_code>/`` with ``profile.json`` (not secret)
and ``agent.db`` (SQLCipher). Creating, listing and unlocking them."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from agent_app.storage.connection import (
    KdfParams,
    backup_before_migrating,
    check_key,
    configure,
    connect,
    migrate,
)
from agent_app.storage.errors import (
    ProfileExists,
    ProfileNotFound,
    StorageError,
    WrongPassphrase,
)
from agent_app.storage.store import ProfileInfo, Store
from sync.domain.admin_units import check_commune_code

PROFILES_DIR: Final = "profiles"
PROFILE_FILE: Final = "profile.json"
DB_FILE: Final = "agent.db"
_AGENT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")


class InvalidProfile(StorageError, ValueError):
    """Profile details that cannot be used (an agent code unfit for a folder name, ...)."""


def _profile_dir(data_dir: Path, agent_code: str) -> Path:
    if not _AGENT_CODE.fullmatch(agent_code):
        raise InvalidProfile(
            f"agent code {agent_code!r}: use 1-32 letters, digits, '-' or '_' (e.g. BD0001)"
        )
    return Path(data_dir) / PROFILES_DIR / agent_code


def _info(folder: Path, data: dict[str, Any]) -> ProfileInfo:
    return ProfileInfo(
        agent_name=str(data["agent_name"]),
        agent_code=str(data["agent_code"]),
        communes=tuple(str(c) for c in data["communes"]),
        created_at=datetime.fromisoformat(data["created_at"]),
        path=folder,
        server_url=data.get("server_url"),
        server_code=data.get("server_code") or None,
    )


def _read_profile(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / PROFILE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileNotFound(f"no profile in {folder}") from None
    except (OSError, ValueError) as exc:
        raise StorageError(f"cannot read {folder / PROFILE_FILE}: {exc}") from None
    if not isinstance(data, dict):
        raise StorageError(f"{folder / PROFILE_FILE} is not a JSON object")
    return data


def _write_json(path: Path, data: dict[str, Any]) -> None:
    # Write then rename: a crash leaves either the old file or the new one, never half.
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def list_profiles(data_dir: Path) -> list[ProfileInfo]:
    """Every readable profile in ``data_dir``, by agent code."""
    root = Path(data_dir) / PROFILES_DIR
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if not (folder / PROFILE_FILE).is_file():
            continue
        try:
            found.append(_info(folder, _read_profile(folder)))
        except (StorageError, KeyError, TypeError, ValueError):
            continue  # a damaged profile.json should not hide the others
    return found


def create_profile(
    data_dir: Path,
    *,
    agent_name: str,
    agent_code: str,
    communes: Sequence[str],
    passphrase: str,
    server_url: str | None = None,
    kdf: KdfParams | None = None,
) -> Store:
    """Create the profile folder, its encrypted database and ``profile.json``; the open store.

    ``kdf`` (an extension) lets tests use a cheaper scrypt cost; the default is a fresh salt
    with the standard cost.
    """
    folder = _profile_dir(data_dir, agent_code)
    if (folder / PROFILE_FILE).exists():
        raise ProfileExists(f"profile {agent_code} already exists in {folder}")
    if not agent_name.strip():
        raise InvalidProfile("the agent's name is empty")
    if len(passphrase) < 4:
        raise InvalidProfile("the passphrase must have at least 4 characters")
    codes = tuple(check_commune_code(c) for c in communes)
    params = kdf if kdf is not None else KdfParams.fresh()
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / DB_FILE
    # No profile.json means an interrupted creation: its database cannot be opened anyway
    # (the salt was never written), so it is cleared rather than kept.
    for leftover in (
        db_path,
        db_path.with_name(DB_FILE + "-wal"),
        db_path.with_name(DB_FILE + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    key = params.derive(passphrase)
    conn = connect(db_path, key, create=True)
    try:
        configure(conn)
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    created = datetime.now(UTC)
    data = {
        "format": 1,
        "agent_name": agent_name.strip(),
        "agent_code": agent_code,
        "communes": list(codes),
        "server_url": server_url,
        "created_at": created.isoformat(),
        "kdf": params.to_json(),
    }
    _write_json(folder / PROFILE_FILE, data)
    return Store(conn, _info(folder, data))


def open_profile(data_dir: Path, agent_code: str, passphrase: str) -> Store:
    """Unlock a profile. A wrong passphrase raises :class:`WrongPassphrase` and touches nothing;
    a database of an older schema is copied to ``backups/`` and then migrated."""
    folder = _profile_dir(data_dir, agent_code)
    data = _read_profile(folder)
    params = KdfParams.from_json(data.get("kdf"))
    db_path = folder / DB_FILE
    if not db_path.is_file():
        raise StorageError(f"profile {agent_code} has no database ({db_path} is missing)")
    key = params.derive(passphrase)
    conn = connect(db_path, key, create=False)
    if not check_key(conn):
        conn.close()
        raise WrongPassphrase(agent_code)
    try:
        conn, backup = backup_before_migrating(conn, db_path, key)
        configure(conn)
        migrate(conn)
        info = _info(folder, data)
    except BaseException:
        conn.close()
        raise
    store = Store(conn, info, backup=backup)
    # A full pull cut short (the app killed mid-recovery) left the household list and search
    # rows to its end: they are built now rather than waiting for the next sync.
    from agent_app.storage.syncport import LocalSyncPort

    LocalSyncPort(store).finish_pull()
    return store


def update_profile(store: Store, **changes: Any) -> ProfileInfo:
    """Rewrite ``profile.json`` fields (``agent_name``, ``communes``, ``server_url``,
    ``server_code``: the agent code the server handed out at registration)."""
    allowed = {"agent_name", "communes", "server_url", "server_code"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidProfile(f"cannot change {sorted(unknown)}")
    folder = store.profile.path
    data = _read_profile(folder)
    if "communes" in changes:
        changes["communes"] = [check_commune_code(c) for c in changes["communes"]]
    data.update(changes)
    _write_json(folder / PROFILE_FILE, data)
    info = _info(folder, data)
    store._replace_profile(info)
    return info
