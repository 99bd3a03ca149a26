"""Backup files of a profile and restoring them: the storage side.

A backup (``<code>-YYYYMMDD-HHMM.bhxhbak``) is a zip holding three members:

- ``manifest.json``: format, app version, schema version, created_at, agent code, record
  counts per kind and the number of changes not yet sent to the server;
- ``profile.json``: the profile's own file (name, communes, server, and the scrypt salt and
  cost, which are not secret);
- ``agent.db``: a consistent copy of the SQLCipher database made with ``VACUUM INTO`` on the
  open connection, so it is encrypted with the same passphrase-derived key: nothing in the
  file is ever plaintext, and it opens with the passphrase the profile had when it was made.

The copy is written to a temporary file beside the target and renamed into place, so a full
stick or a pulled cable leaves no half file under the final name. Qt-free.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import sqlcipher3

from agent_app.storage.connection import KdfParams, check_key, connect, user_version
from agent_app.storage.errors import ProfileExists, StorageError, WrongPassphrase
from agent_app.storage.profiles import (
    DB_FILE,
    PROFILE_FILE,
    PROFILES_DIR,
    _profile_dir,
    open_profile,
)
from agent_app.storage.schema import LATEST
from agent_app.storage.store import Store

SUFFIX: Final = ".bhxhbak"
FORMAT: Final = 1
MANIFEST: Final = "manifest.json"
# Where a profile replaced by a restore is kept (outside profiles/, so it is not listed).
REPLACED_DIR: Final = "replaced-profiles"
_NAME = re.compile(r"^(?P<code>.+)-(?P<stamp>\d{8}-\d{4}(?:\d{2})?)" + re.escape(SUFFIX) + "$")


class BackupError(StorageError):
    """A backup could not be written or read (folder missing, file held open, damaged file)."""


class NewerBackup(BackupError):
    """The backup was made by a newer app (a schema this one does not know)."""


@dataclass(frozen=True, slots=True)
class Manifest:
    agent_code: str
    agent_name: str
    app_version: str
    schema_version: int
    created_at: datetime
    records: dict[str, int] = field(default_factory=dict)
    unsent: int = 0
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "agent_code": self.agent_code,
            "agent_name": self.agent_name,
            "app_version": self.app_version,
            "schema_version": self.schema_version,
            "created_at": self.created_at.isoformat(),
            "records": self.records,
            "unsent": self.unsent,
        }

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        try:
            return cls(
                agent_code=str(data["agent_code"]),
                agent_name=str(data.get("agent_name", "")),
                app_version=str(data.get("app_version", "")),
                schema_version=int(data["schema_version"]),
                created_at=datetime.fromisoformat(data["created_at"]),
                records={str(k): int(v) for k, v in dict(data.get("records", {})).items()},
                unsent=int(data.get("unsent", 0)),
                format=int(data.get("format", FORMAT)),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BackupError(f"the backup's manifest is damaged: {exc}") from None

    @property
    def total_records(self) -> int:
        return sum(self.records.values())


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    size: int
    manifest: Manifest
    seconds: float = 0.0


def backup_name(agent_code: str, when: datetime) -> str:
    return f"{agent_code}-{when:%Y%m%d-%H%M%S}{SUFFIX}"


def list_backups(folder: Path, agent_code: str) -> list[Path]:
    """The backup files of ``agent_code`` in ``folder``, oldest first (by the name's stamp)."""
    if not Path(folder).is_dir():
        return []
    found = []
    for path in Path(folder).iterdir():
        match = _NAME.match(path.name)
        if match and match["code"] == agent_code and path.is_file():
            found.append((match["stamp"].ljust(15, "0"), path))
    return [p for _, p in sorted(found)]


def _manifest(store: Store, app_version: str, now: datetime) -> Manifest:
    counts = {
        str(kind): int(n)
        for kind, n in store.all(
            "SELECT kind, count(*) FROM record WHERE deleted = 0 GROUP BY kind ORDER BY kind"
        )
    }
    unsent = int(store.one("SELECT count(*) FROM outbox WHERE state IN ('pending', 'inflight')")[0])
    profile = store.profile
    return Manifest(
        agent_code=profile.agent_code,
        agent_name=profile.agent_name,
        app_version=app_version,
        schema_version=user_version(store.conn),
        created_at=now,
        records=counts,
        unsent=unsent,
    )


def _fsync(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


def write_backup(
    store: Store, folder: Path, *, app_version: str, now: datetime | None = None
) -> BackupFile:
    """Write a backup of the open ``store`` into ``folder``; runs on the store's thread.

    Raises :class:`BackupError` when the folder is missing or not writable, the disk is full,
    or a file of that name is held open by another program (Windows): nothing is left behind
    under the final name then.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"the backup folder {folder} does not exist (is the USB stick in?)")
    when = now or datetime.now(UTC)
    started = datetime.now(UTC)
    profile = store.profile
    target = folder / backup_name(profile.agent_code, when)
    token = secrets.token_hex(4)
    db_copy = folder / f".{profile.agent_code}-{token}.db.tmp"
    tmp = folder / f".{profile.agent_code}-{token}{SUFFIX}.tmp"
    try:
        with store._lock:  # between transactions: VACUUM cannot run inside one
            manifest = _manifest(store, app_version, when)
            # Same connection, same key: the copy is encrypted exactly like the profile.
            store.execute("VACUUM INTO ?", (str(db_copy),))
        profile_json = (profile.path / PROFILE_FILE).read_bytes()
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest.to_json(), ensure_ascii=False, indent=2))
            zf.writestr(PROFILE_FILE, profile_json)
            # Encrypted pages do not compress: stored as they are.
            zf.write(db_copy, DB_FILE)
        _fsync(tmp)
        os.replace(tmp, target)
    except PermissionError as exc:
        raise BackupError(
            f"cannot write {target}: the file is open in another program or the folder is "
            f"read-only ({exc.strerror or exc})"
        ) from None
    except OSError as exc:
        raise BackupError(f"cannot write the backup in {folder}: {exc.strerror or exc}") from None
    except sqlcipher3.Error as exc:  # the disk filled up during the copy, ...
        raise BackupError(f"cannot write the backup in {folder}: {exc}") from None
    finally:
        for leftover in (db_copy, tmp):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return BackupFile(target, target.stat().st_size, manifest, seconds)


def prune(folder: Path, agent_code: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``agent_code`` in ``folder``; the removed."""
    if keep < 1:
        return []
    removed = []
    for path in list_backups(folder, agent_code)[:-keep]:
        with contextlib.suppress(OSError):  # held open elsewhere: tried again next time
            path.unlink()
            removed.append(path)
    return removed


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"no backup file {path}") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{path} is not a backup of this app ({exc})") from None
    names = set(zf.namelist())
    if not {MANIFEST, PROFILE_FILE, DB_FILE} <= names:
        zf.close()
        raise BackupError(f"{path} is not a backup of this app (members missing)")
    return zf


def read_manifest(path: Path) -> Manifest:
    """What a backup file holds, without the passphrase."""
    with _open_zip(Path(path)) as zf:
        try:
            return Manifest.from_json(json.loads(zf.read(MANIFEST)))
        except ValueError as exc:
            raise BackupError(f"the backup's manifest is damaged: {exc}") from None


def restore_backup(data_dir: Path, path: Path, passphrase: str, *, replace: bool = False) -> Store:
    """Restore a backup into ``data_dir`` and open it with ``passphrase``.

    The passphrase is the one the profile had when the backup was made. A wrong one raises
    :class:`WrongPassphrase`, a backup of a newer schema :class:`NewerBackup`, and an existing
    profile of the same code :class:`ProfileExists` unless ``replace``; in each case nothing is
    created or changed in ``data_dir``. With ``replace`` the old profile folder is moved to
    ``<data dir>/replaced-profiles/<code>-<time>/``, not deleted. The outbox (changes not yet
    sent) comes back with the rest.
    """
    data_dir = Path(data_dir)
    with _open_zip(Path(path)) as zf:
        try:
            manifest = Manifest.from_json(json.loads(zf.read(MANIFEST)))
            profile = json.loads(zf.read(PROFILE_FILE))
        except ValueError as exc:
            raise BackupError(f"the backup is damaged: {exc}") from None
        if manifest.schema_version > LATEST:
            raise NewerBackup(
                f"the backup has schema version {manifest.schema_version}, newer than this "
                f"app ({LATEST}): update the app first"
            )
        code = str(profile.get("agent_code", ""))
        final = _profile_dir(data_dir, code)
        params = KdfParams.from_json(profile.get("kdf"))
        key = params.derive(passphrase)
        root = data_dir / PROFILES_DIR
        made_root = not root.is_dir()
        root.mkdir(parents=True, exist_ok=True)
        # A dot folder: list_profiles skips it (no profile.json until it is whole).
        staging = root / f".restore-{secrets.token_hex(4)}"
        staging.mkdir()
        try:
            with zf.open(DB_FILE) as src, (staging / DB_FILE).open("wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
            conn = connect(staging / DB_FILE, key, create=False)
            try:
                if not check_key(conn):
                    raise WrongPassphrase(code)
                if user_version(conn) > LATEST:
                    raise NewerBackup(
                        f"the backup has schema version {user_version(conn)}, newer than "
                        f"this app ({LATEST}): update the app first"
                    )
            finally:
                conn.close()
            # Asked after the passphrase is known to be right: a wrong one is said first.
            if (final / PROFILE_FILE).exists() and not replace:
                raise ProfileExists(f"profile {code} already exists in {final}")
            (staging / PROFILE_FILE).write_bytes(zf.read(PROFILE_FILE))
            if final.exists():
                _move_aside(data_dir, final, code)
            os.replace(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            if made_root:
                with contextlib.suppress(OSError):
                    root.rmdir()  # only if empty
            raise
    return open_profile(data_dir, code, passphrase)


def set_aside(data_dir: Path, agent_code: str) -> Path:
    """Move a profile's folder out of the way (a forgotten passphrase): to
    ``<data dir>/replaced-profiles/<code>-<time>/``, untouched, so a passphrase remembered later
    still opens it. The profile is no longer listed; a new one of that code can be created."""
    folder = _profile_dir(Path(data_dir), agent_code)
    if not folder.is_dir():
        raise StorageError(f"no profile {agent_code} in {data_dir}")
    return _move_aside(Path(data_dir), folder, agent_code)


def _move_aside(data_dir: Path, folder: Path, code: str) -> Path:
    aside = data_dir / REPLACED_DIR
    aside.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = aside / f"{code}-{stamp}-{secrets.token_hex(2)}"
    os.replace(folder, target)
    return target
