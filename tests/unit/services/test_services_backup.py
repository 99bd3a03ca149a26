"""Backups of a profile: encrypted, restorable elsewhere with the same records and outbox, a wrong
passphrase or a newer schema creates nothing, an existing profile is kept aside only when asked,
the daily backup runs once a day and keeps the newest N."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from agent_app.services import Workspace
from agent_app.services.backup import BackupError, BackupService, NewerBackup, restore
from agent_app.settings import AppSettings
from agent_app.storage import ProfileExists, Store, WrongPassphrase, list_profiles
from agent_app.storage.backup import REPLACED_DIR, list_backups, read_manifest

PASSPHRASE = "demo-demo"  # the ws_store fixture's


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def service(ws: Workspace, tmp_path: Path, stick: Path) -> BackupService:
    settings = AppSettings.load(tmp_path / "app")
    svc = BackupService(ws, settings, now=Clock(datetime(2026, 11, 21, 3, 0, tzinfo=UTC)))
    svc.set_folder(stick)
    return svc


def _snapshot(store: Store) -> dict[str, Any]:
    return {
        "records": store.all("SELECT id, kind, body, version, deleted FROM record ORDER BY id"),
        "outbox": store.all("SELECT op_id, kind, record_id, body, state FROM outbox ORDER BY seq"),
    }


def test_backup_is_encrypted_and_restores_records_and_outbox_elsewhere(
    ws: Workspace, service: BackupService, family: Any, tmp_path: Path
) -> None:
    ws.households.register(*family)
    before = _snapshot(ws.store)
    assert len(before["outbox"]) == 4  # household + 3 members, not yet sent

    done = service.backup_now()

    assert done.path.name.startswith("BD0001-20261121-")
    assert done.path.suffix == ".bhxhbak"
    assert done.manifest.records == {"household": 1, "person": 3}
    assert done.manifest.unsent == 4
    assert done.manifest.schema_version >= 6
    assert read_manifest(done.path) == done.manifest
    assert service.last_backup() is not None
    with zipfile.ZipFile(done.path) as zf:
        raw = zf.read("agent.db")
        assert json.loads(zf.read("profile.json"))["kdf"]["salt"]
    assert not raw.startswith(b"SQLite format 3")
    assert "Nguyễn Văn Ánh".encode() not in raw
    assert b"091080123456" not in raw
    # Opening the copy without the key fails.
    copy = tmp_path / "copy.db"
    copy.write_bytes(raw)
    plain = sqlcipher3.connect(str(copy))
    with pytest.raises(sqlcipher3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()

    other_laptop = tmp_path / "other"
    restored = restore(other_laptop, done.path, PASSPHRASE)
    try:
        assert _snapshot(restored) == before
        assert restored.outbox.pending_count() == 4
        assert restored.profile.agent_code == "BD0001"
        assert [p.agent_code for p in list_profiles(other_laptop)] == ["BD0001"]
    finally:
        restored.close()


def test_wrong_passphrase_creates_nothing(service: BackupService, tmp_path: Path) -> None:
    done = service.backup_now()
    other = tmp_path / "other"
    with pytest.raises(WrongPassphrase):
        restore(other, done.path, "not the passphrase")
    assert list_profiles(other) == []
    assert not (other / "profiles").exists()  # no staging folder left either


def test_existing_profile_is_kept_unless_replaced_then_set_aside(
    ws: Workspace, service: BackupService, family: Any, tmp_path: Path
) -> None:
    done = service.backup_now()  # an empty profile
    ws.households.register(*family)
    data_dir = ws.store.profile.path.parent.parent
    ws.store.close()

    with pytest.raises(WrongPassphrase):  # said before asking about the existing profile
        restore(data_dir, done.path, "not the passphrase", replace=False)
    with pytest.raises(ProfileExists):
        restore(data_dir, done.path, PASSPHRASE)
    assert [p.name for p in (data_dir / "profiles").iterdir()] == ["BD0001"]
    restored = restore(data_dir, done.path, PASSPHRASE, replace=True)
    try:
        assert restored.one("SELECT count(*) FROM record")[0] == 0
    finally:
        restored.close()
    aside = list((data_dir / REPLACED_DIR).iterdir())
    assert len(aside) == 1
    assert (aside[0] / "agent.db").is_file()
    assert [p.agent_code for p in list_profiles(data_dir)] == ["BD0001"]


def test_backup_of_a_newer_schema_is_refused(service: BackupService, tmp_path: Path) -> None:
    done = service.backup_now()
    newer = tmp_path / "newer.bhxhbak"
    with zipfile.ZipFile(done.path) as src, zipfile.ZipFile(newer, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["schema_version"] = 999
                data = json.dumps(manifest).encode()
            dst.writestr(item, data)
    other = tmp_path / "other"
    with pytest.raises(NewerBackup):
        restore(other, newer, PASSPHRASE)
    assert list_profiles(other) == []


def test_daily_backup_runs_once_a_day_and_keeps_the_newest_n(
    service: BackupService, stick: Path
) -> None:
    clock = service.now
    assert isinstance(clock, Clock)
    service.set_keep(3)
    made = []
    for _day in range(5):
        assert service.daily_due()
        made.append(service.backup_if_due())
        assert not service.daily_due()
        assert service.backup_if_due() is None
        clock.at += timedelta(days=1)
    kept = list_backups(stick, "BD0001")
    assert kept == [m.path for m in made[-3:] if m is not None]
    assert service.settings.backup_keep == 3
    assert AppSettings.load(service.settings.path.parent).backup_keep == 3


def test_no_daily_backup_without_the_stick(service: BackupService, stick: Path) -> None:
    stick.rmdir()
    assert not service.daily_due()
    with pytest.raises(BackupError, match="does not exist"):
        service.backup_now()


def test_not_a_backup_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bhxhbak"
    junk.write_bytes(b"not a zip")
    with pytest.raises(BackupError, match="not a backup"):
        restore(tmp_path / "other", junk, PASSPHRASE)


def test_unwritable_folder_is_reported_and_leaves_nothing(
    service: BackupService, stick: Path
) -> None:
    import os
    import shutil
    import subprocess

    # A folder nobody may write: read-only for a normal user; for root (CI), which ignores
    # permissions, the file system's immutable flag (chattr +i, Linux ext4 and others).
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions (Windows: see the held-open test below)")
    if root:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(stick)]).returncode:
            pytest.skip("running as root on a file system without chattr +i")
    else:
        stick.chmod(0o500)
    try:
        with pytest.raises(BackupError, match="cannot write"):
            service.backup_now()
        assert list(stick.iterdir()) == []
        assert service.last_backup() is None
    finally:
        if root:
            subprocess.run([str(shutil.which("chattr")), "-i", str(stick)], check=True)
        else:
            stick.chmod(0o700)


def test_a_file_held_open_on_windows_is_reported_not_claimed(
    service: BackupService, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to rename over a file another program holds open (a virus scanner, an
    Explorer preview): PermissionError. Emulated here; the backup must say so and leave
    nothing, and the dialog's "last backup" must not move."""
    import agent_app.storage.backup as storage_backup

    def held_open(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(storage_backup.os, "replace", held_open)
    with pytest.raises(BackupError, match="open in another program"):
        service.backup_now()
    assert list(stick.iterdir()) == []
    assert service.last_backup() is None
