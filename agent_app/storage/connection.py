"""Opening the encrypted database: the scrypt key, SQLCipher's raw-key pragma, the connection
pragmas, and the migrations with a copy of the file taken before any of them runs."""

from __future__ import annotations

import hashlib
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import sqlcipher3

from agent_app.storage.errors import StorageError
from agent_app.storage.schema import LATEST, MIGRATIONS

# scrypt cost: about 0.1 s on a field laptop, 32 MiB of memory; stored per profile so it can
# be raised later without locking anyone out.
SCRYPT_N: Final = 2**15
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
KEY_BYTES: Final = 32


@dataclass(frozen=True, slots=True)
class KdfParams:
    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @classmethod
    def fresh(cls) -> KdfParams:
        return cls(secrets.token_bytes(16))

    def to_json(self) -> dict[str, Any]:
        return {"name": "scrypt", "salt": self.salt.hex(), "n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        try:
            if data["name"] != "scrypt":
                raise StorageError(f"unknown key derivation {data['name']!r}")
            return cls(bytes.fromhex(data["salt"]), int(data["n"]), int(data["r"]), int(data["p"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise StorageError(f"profile.json has no usable key parameters: {exc}") from None

    def derive(self, passphrase: str) -> bytes:
        memory = 128 * self.r * self.n * 2 + 1024 * 1024
        return hashlib.scrypt(
            passphrase.encode("utf-8"),
            salt=self.salt,
            n=self.n,
            r=self.r,
            p=self.p,
            maxmem=memory,
            dklen=KEY_BYTES,
        )


def connect(path: Path, key: bytes, *, create: bool) -> Any:
    """A SQLCipher connection keyed with the raw ``key`` (no PBKDF2 on top of scrypt).

    Without ``create`` the file must exist (``mode=rw``), so a wrong path never leaves an
    empty database behind. The key is not checked here; see :func:`check_key`.
    """
    mode = "rwc" if create else "rw"
    conn = sqlcipher3.connect(
        f"file:{path}?mode={mode}",
        uri=True,
        isolation_level=None,  # transactions are ours: BEGIN IMMEDIATE in Store.transaction
        check_same_thread=False,  # opened on one thread, used by the single database worker
    )
    # A wrong key is an expected event (WrongPassphrase), not something to log to stderr.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def check_key(conn: Any) -> bool:
    """Whether the key opens the file: reading the schema fails with a wrong one."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        return False
    return True


def configure(conn: Any) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL in WAL mode: a power cut may lose the last commits' durability but never corrupts;
    # a killed process loses nothing committed.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA temp_store = MEMORY")


def user_version(conn: Any) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Any, target: int = LATEST) -> None:
    """Apply the migrations after the database's ``user_version`` up to ``target``."""
    current = user_version(conn)
    if current > LATEST:
        raise StorageError(
            f"the database has schema version {current}, newer than this app ({LATEST}): "
            "update the app"
        )
    for number in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[number - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def backup_before_migrating(conn: Any, path: Path, key: bytes) -> tuple[Any, Path | None]:
    """Copy the file aside (closed, WAL folded in) when migrations are due; a fresh connection.

    Returns the connection to go on with and the backup's path (None when nothing is due).
    """
    current = user_version(conn)
    if current == 0 or current >= LATEST:
        return conn, None
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    backups = path.parent / "backups"
    backups.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"{path.stem}-v{current}-{stamp}{path.suffix}"
    shutil.copy2(path, target)
    return connect(path, key, create=False), target
