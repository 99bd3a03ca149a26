"""Profiles on disk: encrypted at rest, a wrong passphrase touches nothing, migrations copy the
file aside first, and a closed store refuses further calls."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from agent_app.storage import (
    InvalidProfile,
    ProfileExists,
    StoreClosed,
    WrongPassphrase,
    list_profiles,
    open_profile,
    update_profile,
)
from agent_app.storage.connection import KdfParams, configure, connect, migrate, user_version
from agent_app.storage.schema import LATEST


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_the_file_is_unreadable_without_the_passphrase(make_store, tmp_path):
    store = make_store()
    with store.transaction():
        store.execute("INSERT INTO setting (key, value) VALUES ('secret', '\"Nguyễn Văn Ánh\"')")
    path = store.profile.path / "agent.db"
    store.close()
    raw = path.read_bytes()
    assert b"SQLite format 3" not in raw[:16]
    assert "Nguyễn".encode() not in raw
    plain = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()


def test_wrong_passphrase_raises_and_changes_no_byte(make_store, tmp_path, passphrase):
    store = make_store()
    folder = store.profile.path
    store.close()
    before = _digest(folder)
    with pytest.raises(WrongPassphrase, match="BD0001") as info:
        open_profile(tmp_path, "BD0001", passphrase + "x")
    assert "Mật khẩu không đúng" in str(info.value)
    assert _digest(folder) == before
    reopened = open_profile(tmp_path, "BD0001", passphrase)
    assert reopened.profile.agent_name == "Trần Thị Mai"
    reopened.close()


def test_profile_json_holds_no_secret_and_lists(make_store, tmp_path, passphrase):
    store = make_store()
    data = json.loads((store.profile.path / "profile.json").read_text(encoding="utf-8"))
    assert data["agent_name"] == "Trần Thị Mai"
    assert data["kdf"]["name"] == "scrypt"
    assert passphrase not in json.dumps(data, ensure_ascii=False)
    assert [p.agent_code for p in list_profiles(tmp_path)] == ["BD0001"]
    assert list_profiles(tmp_path / "nowhere") == []
    with pytest.raises(ProfileExists):
        make_store()
    with pytest.raises(InvalidProfile):
        make_store(code="../evil")


def test_pragmas_are_set(store):
    assert store.one("PRAGMA journal_mode")[0] == "wal"
    assert store.one("PRAGMA foreign_keys")[0] == 1
    assert store.one("PRAGMA synchronous")[0] == 1  # NORMAL
    assert user_version(store.conn) == LATEST


def test_migrating_an_older_database_backs_it_up_first(tmp_path, make_store, passphrase):
    store = make_store()
    folder = store.profile.path
    store.close()
    # Rebuild the database at schema version 1, as an older app left it.
    kdf = KdfParams.from_json(json.loads((folder / "profile.json").read_text())["kdf"])
    key = kdf.derive(passphrase)
    (folder / "agent.db").unlink()
    conn = connect(folder / "agent.db", key, create=True)
    configure(conn)
    migrate(conn, target=1)
    conn.execute("INSERT INTO meta (key, value) VALUES ('marker', 'v1')")
    conn.close()

    migrated = open_profile(tmp_path, "BD0001", passphrase)
    assert user_version(migrated.conn) == LATEST
    assert migrated.one("SELECT value FROM meta WHERE key = 'marker'")[0] == "v1"
    assert migrated.one("SELECT count(*) FROM draft")[0] == 0
    backup = migrated.backup_path
    assert backup is not None
    assert backup.parent == folder / "backups"
    migrated.close()
    old = connect(backup, key, create=False)
    assert user_version(old) == 1
    assert old.execute("SELECT value FROM meta WHERE key = 'marker'").fetchone()[0] == "v1"
    old.close()
    # A second open has nothing to migrate and takes no new backup.
    again = open_profile(tmp_path, "BD0001", passphrase)
    assert again.backup_path is None
    again.close()


def test_a_closed_store_fails_cleanly(store):
    store.close()
    store.close()
    with pytest.raises(StoreClosed):
        store.one("SELECT 1")
    with pytest.raises(StoreClosed), store.transaction():
        pass
    with pytest.raises(StoreClosed):
        store.db  # noqa: B018


def _inner_fails(store):
    with store.transaction():
        store.execute("INSERT INTO meta (key, value) VALUES ('b', '2')")
        raise RuntimeError("inner")


def test_nested_transactions_roll_back_only_the_inner_part(store):
    with store.transaction():
        store.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
        with pytest.raises(RuntimeError):
            _inner_fails(store)
    assert [r[0] for r in store.all("SELECT key FROM meta")] == ["a"]


def test_update_profile_rewrites_profile_json(store, tmp_path):
    info = update_profile(store, server_url="http://127.0.0.1:8765", communes=["31027"])
    assert info.server_url == "http://127.0.0.1:8765"
    assert store.profile.communes == ("31027",)
    assert list_profiles(tmp_path)[0].communes == ("31027",)
    with pytest.raises(InvalidProfile):
        update_profile(store, agent_code="X")


def test_migrating_to_v5_fills_in_each_households_last_visit(tmp_path, make_store, passphrase):
    store = make_store()
    folder = store.profile.path
    store.close()
    kdf = KdfParams.from_json(json.loads((folder / "profile.json").read_text())["kdf"])
    key = kdf.derive(passphrase)
    (folder / "agent.db").unlink()
    conn = connect(folder / "agent.db", key, create=True)
    configure(conn)
    migrate(conn, target=4)
    for record_id, kind, household_id, day in (
        ("h1", "household", "h1", None),
        ("h2", "household", "h2", None),
        ("v1", "visit", "h1", "2026-11-02"),
        ("v2", "visit", "h1", "2026-11-19"),
    ):
        conn.execute(
            "INSERT INTO record (id, kind, body, household_id, day, updated_at) "
            "VALUES (?, ?, '{}', ?, ?, '2026-11-21T00:00:00Z')",
            (record_id, kind, household_id, day),
        )
    conn.execute(
        "INSERT INTO household_index (id, commune_code, name_key) VALUES "
        "('h1', '31027', 'a'), ('h2', '31027', 'b')"
    )
    conn.close()

    migrated = open_profile(tmp_path, "BD0001", passphrase)
    assert migrated.backup_path is not None
    rows = migrated.all("SELECT id, last_visit_on FROM household_index ORDER BY id")
    assert [tuple(r) for r in rows] == [("h1", "2026-11-19"), ("h2", None)]
    migrated.close()
