"""Backup and restore use cases: back up the open profile now or once a day to the folder the
agent chose (a USB stick), keep the last N, and restore a backup on another laptop.

Qt-free and synchronous; the app runs :meth:`BackupService.backup_now` and ``restore`` on its
database thread. The chosen folder and how many backups to keep live in the app settings (per
profile), the last backup's time, file and size in the profile's own encrypted settings, so the
dialog can say when the last one was made even when the stick is not plugged in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Protocol

from agent_app import __version__
from agent_app.settings import BACKUPS, AppSettings
from agent_app.storage.backup import (
    SUFFIX,
    BackupError,
    BackupFile,
    Manifest,
    NewerBackup,
    list_backups,
    prune,
    read_manifest,
    restore_backup,
    set_aside,
    write_backup,
)
from agent_app.storage.store import Store

KEY_LAST_BACKUP: Final = "backup.last"

__all__ = [
    "SUFFIX",
    "BackupError",
    "BackupFile",
    "BackupService",
    "LastBackup",
    "Manifest",
    "NewerBackup",
    "read_manifest",
    "restore",
    "set_aside",
]


class _Workspace(Protocol):
    @property
    def store(self) -> Store: ...

    def setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class LastBackup:
    at: datetime
    path: Path
    size: int


def _utc_now() -> datetime:
    return datetime.now(UTC)


class BackupService:
    """Backups of one unlocked profile."""

    def __init__(
        self,
        workspace: _Workspace,
        settings: AppSettings,
        *,
        app_version: str = __version__,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.workspace = workspace
        self.settings = settings
        self.app_version = app_version
        self.now = now

    @property
    def _code(self) -> str:
        return self.workspace.store.profile.agent_code

    # -- settings --

    def folder(self) -> Path | None:
        """The chosen backup folder (it may be missing right now: a stick not plugged in)."""
        chosen = self.settings.folders.get(self._code, {}).get(BACKUPS)
        return Path(chosen) if chosen else None

    def set_folder(self, folder: Path) -> None:
        self.settings.remember_folder(self._code, BACKUPS, Path(folder))

    @property
    def keep(self) -> int:
        return self.settings.backup_keep

    def set_keep(self, keep: int) -> None:
        if not 1 <= keep <= 365:
            raise ValueError("keep between 1 and 365 backups")
        self.settings.backup_keep = keep
        self.settings.save()

    def last_backup(self) -> LastBackup | None:
        raw = self.workspace.setting(KEY_LAST_BACKUP)
        try:
            return LastBackup(
                datetime.fromisoformat(raw["at"]), Path(raw["path"]), int(raw["size"])
            )
        except (TypeError, KeyError, ValueError):
            return None

    # -- backing up --

    def backup_now(self, folder: Path | None = None) -> BackupFile:
        """Write a backup to ``folder`` (default: the chosen one), then keep only the newest
        ``keep`` there. :class:`BackupError` when no folder is chosen or it cannot be written."""
        target = Path(folder) if folder is not None else self.folder()
        if target is None:
            raise BackupError("choose a backup folder first")
        done = write_backup(
            self.workspace.store, target, app_version=self.app_version, now=self.now()
        )
        self.workspace.set_setting(
            KEY_LAST_BACKUP,
            {"at": done.manifest.created_at.isoformat(), "path": str(done.path), "size": done.size},
        )
        prune(target, self._code, self.keep)
        return done

    def daily_due(self) -> bool:
        """Whether the daily backup should run now: a folder is chosen and present, and no
        backup was made today (local date)."""
        folder = self.folder()
        if folder is None or not folder.is_dir():
            return False
        last = self.last_backup()
        if last is None:
            return True
        return last.at.astimezone().date() < self.now().astimezone().date()

    def backup_if_due(self) -> BackupFile | None:
        """The daily backup: made when :meth:`daily_due`, else None."""
        return self.backup_now() if self.daily_due() else None

    def backups(self) -> list[Path]:
        """This profile's backups in the chosen folder, oldest first."""
        folder = self.folder()
        return list_backups(folder, self._code) if folder is not None else []


def restore(data_dir: Path, path: Path, passphrase: str, *, replace: bool = False) -> Store:
    """Restore a backup on this laptop and open it (see
    :func:`agent_app.storage.backup.restore_backup`)."""
    return restore_backup(Path(data_dir), Path(path), passphrase, replace=replace)
