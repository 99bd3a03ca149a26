"""The Qt-free half of the first run and of Settings: server addresses are checked before any
request, registration against the real embedded server writes nothing, the profile comes from
the server's answer, and the automatic-sync settings survive a damaged file."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent_app.services import Workspace
from agent_app.services.onboarding import (
    BadServerUrl,
    change_server_url,
    create_connected_profile,
    normalise_server_url,
    register_device,
)
from agent_app.services.sync_service import KEY_SERVER_URL, KEY_TOKEN, SyncService
from agent_app.settings import DEFAULT_SYNC_INTERVAL_MINUTES, AppSettings
from agent_app.storage import KdfParams, list_profiles
from agent_app.storage.syncport import LocalSyncPort
from sync.client import AuthError, SyncClient, SyncEngine, TransientError
from sync.server.admin import add_agent
from sync.server.embedded import EmbeddedServer


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(tmp_path / "server") as running:
        yield running


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("https://bhxh.example.vn", "https://bhxh.example.vn"),
        ("  http://127.0.0.1:8000/ ", "http://127.0.0.1:8000"),
        ("https://bhxh.example.vn/sync/", "https://bhxh.example.vn/sync"),
    ],
)
def test_good_server_addresses_are_normalised(text: str, clean: str) -> None:
    assert normalise_server_url(text) == clean


@pytest.mark.parametrize(
    "text",
    ["", "bhxh.example.vn", "ftp://bhxh.example.vn", "https://", "http://host:99999",
     "https://bhxh.example.vn/?x=1", "https://bhxh example.vn", "https://host#top"],
)  # fmt: skip
def test_bad_server_addresses_are_refused(text: str) -> None:
    with pytest.raises(BadServerUrl):
        normalise_server_url(text)


def test_registering_writes_nothing_and_the_profile_comes_from_the_answer(
    tmp_path: Path, server: EmbeddedServer
) -> None:
    code = add_agent(
        server.db, username="mai", name="Trần Thị Mai", communes=["31027"], code="AG77"
    )
    with pytest.raises(AuthError):
        register_device(server.url, "mai", "NOT-THE-CODE", "Máy thử")
    device = register_device(server.url + "/", "mai", code, "Máy thử")
    with pytest.raises(AuthError):  # one time only
        register_device(server.url, "mai", code, "Máy thử")
    data_dir = tmp_path / "data"
    assert not data_dir.exists()
    store = create_connected_profile(
        data_dir,
        device,
        server_url=server.url,
        device_name="Máy thử",
        passphrase="ruong-lua-2026",
        kdf=KdfParams(secrets.token_bytes(16), n=2**10),
    )
    try:
        [info] = list_profiles(data_dir)
        assert (info.agent_name, info.agent_code, info.communes) == (
            "Trần Thị Mai", "AG77", ("31027",),
        )  # fmt: skip
        assert info.server_code == "AG77"
        workspace = Workspace(store)
        assert workspace.setting(KEY_TOKEN) == device.token
        service = SyncService(workspace)
        assert service.is_configured()
        assert service.sync().ok
        moved = server.url.replace("127.0.0.1", "localhost")
        assert change_server_url(workspace, moved + "/") == moved
        assert workspace.setting(KEY_SERVER_URL) == moved
        assert list_profiles(data_dir)[0].server_url == moved
        assert service.sync().ok  # the same server under another name
    finally:
        store.close()


def test_an_unreachable_server_is_a_transient_error(tmp_path: Path) -> None:
    gone = EmbeddedServer(tmp_path / "gone")
    url = gone.start()
    gone.stop()
    with pytest.raises(TransientError) as caught:
        register_device(url, "mai", "ABCD", "Máy thử")
    assert caught.value.status is None


def test_automatic_sync_settings_round_trip_and_fall_back(tmp_path: Path) -> None:
    settings = AppSettings.load(tmp_path)
    assert settings.auto_sync is True
    assert settings.sync_interval_minutes == DEFAULT_SYNC_INTERVAL_MINUTES
    settings.auto_sync = False
    settings.sync_interval_minutes = 45
    settings.set_folder("AG77", "receipts", tmp_path)
    settings.save()
    again = AppSettings.load(tmp_path)
    assert (again.auto_sync, again.sync_interval_minutes) == (False, 45)
    assert again.folder("AG77", "receipts") == tmp_path
    again.set_folder("AG77", "receipts", None)
    assert again.folders == {}
    raw = json.loads((tmp_path / "app-settings.json").read_text(encoding="utf-8"))
    raw.update(auto_sync="yes", sync_interval_minutes=-5)
    (tmp_path / "app-settings.json").write_text(json.dumps(raw), encoding="utf-8")
    damaged = AppSettings.load(tmp_path)
    assert damaged.auto_sync is True
    assert damaged.sync_interval_minutes == DEFAULT_SYNC_INTERVAL_MINUTES


class _Pulls(SyncClient):
    """The real client, recording each pull's cursor; ``cut_after`` pages, the network goes."""

    def __init__(self, base_url: str, token: str, cut_after: int | None = None) -> None:
        super().__init__(base_url, token)
        self.cursors: list[int] = []
        self.cut_after = cut_after

    def pull(self, cursor: int, limit: int) -> Any:
        self.cursors.append(cursor)
        if self.cut_after is not None and len(self.cursors) > self.cut_after:
            raise TransientError("the network went away")
        return super().pull(cursor, limit)


def test_a_first_pull_cut_short_resumes_from_its_cursor(
    tmp_path: Path, server: EmbeddedServer
) -> None:
    """The first download stops after two pages: the next sync asks from where it stopped,
    not from 0, and ends with everything (no full re-pull)."""
    code = add_agent(server.db, username="mai", name="Trần Thị Mai", communes=["31027"])
    device = register_device(server.url, "mai", code, "Máy thử")
    store = create_connected_profile(
        tmp_path / "data",
        device,
        server_url=server.url,
        device_name="Máy thử",
        passphrase="ruong-lua-2026",
        kdf=KdfParams(secrets.token_bytes(16), n=2**10),
    )
    try:
        port = LocalSyncPort(store)
        cut = _Pulls(server.url, device.token, cut_after=2)
        first = SyncEngine(cut, port, pull_limit=10, max_attempts=1, sleep=lambda _s: None).run()
        assert first.offline
        assert first.pulled == 20
        stopped_at = port.pull_cursor()
        assert stopped_at > 0
        again = _Pulls(server.url, device.token)
        second = SyncEngine(again, port, pull_limit=10, sleep=lambda _s: None).run()
        assert second.ok, second
        assert again.cursors[0] == stopped_at  # resumed, not restarted
        assert not second.repulled
        assert second.pulled > 0
        assert port.known_count() == first.pulled + second.pulled
    finally:
        store.close()
