"""The few preferences the app needs before a profile is unlocked (language, last profile, idle
lock), automatic sync, and the folders last chosen to save files in, kept in a small JSON file
in the data dir; Qt-free so the CLI can read it too.

Per-profile settings live inside the encrypted store (``Workspace.setting``); window geometry
lives in the window's own ``QSettings`` file beside this one.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

FILE_NAME: Final = "app-settings.json"
LANGUAGES: Final = ("vi", "en")
DEFAULT_IDLE_LOCK_MINUTES: Final = 10
# Automatic sync: what piled up offline is sent when the server answers again, and, while
# online, a sync every this many minutes (0: only on coming back online).
DEFAULT_SYNC_INTERVAL_MINUTES: Final = 15
MAX_SYNC_INTERVAL_MINUTES: Final = 24 * 60
DEFAULT_BACKUP_KEEP: Final = 7  # daily backups kept in the backup folder, per profile
BACKUPS: Final = "backups"  # the kind of folder (``folder(profile, BACKUPS)``) backups go to


@dataclass
class AppSettings:
    """Preferences read at start-up. Unknown or broken values fall back to the defaults."""

    path: Path = field(repr=False)
    language: str = "vi"
    last_profile: str | None = None
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES
    auto_sync: bool = True
    sync_interval_minutes: int = DEFAULT_SYNC_INTERVAL_MINUTES
    # Per profile (agent code), the folder last chosen per kind of file ("receipts", "reports").
    folders: dict[str, dict[str, str]] = field(default_factory=dict)
    # How many backups of a profile the backup folder keeps (older ones are deleted).
    backup_keep: int = DEFAULT_BACKUP_KEEP

    @classmethod
    def load(cls, data_dir: Path) -> AppSettings:
        path = Path(data_dir) / FILE_NAME
        settings = cls(path)
        try:
            raw: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # A missing or damaged file must never stop the app from starting.
            return settings
        if not isinstance(raw, dict):
            return settings
        if raw.get("language") in LANGUAGES:
            settings.language = raw["language"]
        last = raw.get("last_profile")
        if isinstance(last, str) and last:
            settings.last_profile = last
        minutes = raw.get("idle_lock_minutes")
        if isinstance(minutes, int) and not isinstance(minutes, bool) and 0 <= minutes <= 24 * 60:
            settings.idle_lock_minutes = minutes
        if isinstance(raw.get("auto_sync"), bool):
            settings.auto_sync = raw["auto_sync"]
        interval = raw.get("sync_interval_minutes")
        if (
            isinstance(interval, int)
            and not isinstance(interval, bool)
            and 0 <= interval <= MAX_SYNC_INTERVAL_MINUTES
        ):
            settings.sync_interval_minutes = interval
        keep = raw.get("backup_keep")
        if isinstance(keep, int) and not isinstance(keep, bool) and 1 <= keep <= 365:
            settings.backup_keep = keep
        folders = raw.get("folders")
        if isinstance(folders, dict):
            for profile, kinds in folders.items():
                if isinstance(profile, str) and isinstance(kinds, dict):
                    kept = {
                        k: v for k, v in kinds.items() if isinstance(k, str) and isinstance(v, str)
                    }
                    if kept:
                        settings.folders[profile] = kept
        return settings

    def folder(self, profile: str, kind: str) -> Path | None:
        """The folder last chosen for ``kind`` files of ``profile``, if it still exists."""
        chosen = self.folders.get(profile, {}).get(kind)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.is_dir() else None

    def remember_folder(self, profile: str, kind: str, folder: Path) -> None:
        """Remember ``folder`` for the next ``kind`` file of ``profile``, and save."""
        self.folders.setdefault(profile, {})[kind] = str(Path(folder))
        self.save()

    def set_folder(self, profile: str, kind: str, folder: Path | None) -> None:
        """Set (or, with None, forget) the folder for ``kind`` files of ``profile``; not saved."""
        kinds = self.folders.setdefault(profile, {})
        if folder is None:
            kinds.pop(kind, None)
        else:
            kinds[kind] = str(Path(folder))
        if not kinds:
            del self.folders[profile]

    def save(self) -> None:
        """Write atomically (temporary file + rename) so a crash leaves the old file whole."""
        if self.language not in LANGUAGES:
            raise ValueError(f"unknown language {self.language!r}")
        if not 0 <= self.sync_interval_minutes <= MAX_SYNC_INTERVAL_MINUTES:
            raise ValueError(f"sync interval {self.sync_interval_minutes} minutes is out of range")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = asdict(self)
        del data["path"]
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, self.path)
