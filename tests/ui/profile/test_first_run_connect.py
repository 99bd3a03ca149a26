"""The first run connects: server address, user name and enrollment code, a passphrase twice;
the laptop registers with the real embedded server, the profile comes from what the server
says, the first pull shows its progress, and the main window opens. A wrong code or a server
that is down says so beside the field concerned and creates nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from agent_app.app import AgentApp
from agent_app.services.sync_service import KEY_DEVICE_ID, KEY_SERVER_URL, KEY_TOKEN
from agent_app.settings import AppSettings
from agent_app.storage import list_profiles
from agent_app.ui.profile.profile_dialogs import FirstRunDialog
from sync.client import SyncClient
from sync.protocol import Op, iso_utc, new_id, utc_now
from sync.server.admin import add_agent
from sync.server.embedded import EmbeddedServer

PASSPHRASE = "ruong-lua-2026"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(tmp_path / "server") as running:
        yield running


def _agent(qapp: Any, data_dir: Path, tasks: Any, **kwargs: Any) -> AgentApp:
    agent = AgentApp(qapp, data_dir, tasks=tasks, **kwargs)
    agent.start()
    return agent


def _close(qtbot: Any, agent: AgentApp) -> None:
    qtbot.waitUntil(lambda: agent.tasks.pending == 0, timeout=20_000)
    agent.shutdown()
    agent.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _households_on_server(server: EmbeddedServer, username: str, count: int) -> None:
    """Records the agent made on another laptop: the first pull brings them back."""
    code = add_agent(server.db, username=username, name="Trần Thị Mai", communes=["31027"])
    client = SyncClient(server.url)
    client.register(username, code, "Máy cũ")
    ops = [
        Op(new_id(), "household", new_id(), 0, iso_utc(utc_now()), False,
           {"commune_code": "31027", "address": f"Ấp {i}", "head_name": f"Nguyễn Văn {name}"})
        for i, name in enumerate(["An", "Bình", "Cường", "Dũng", "Em"][:count])
    ]  # fmt: skip
    results = client.push(ops).results
    assert {r.status for r in results} == {"applied"}, results


def _fill(qtbot: Any, dialog: FirstRunDialog, url: str, user: str, code: str) -> None:
    qtbot.keyClicks(dialog.server_url, url)
    qtbot.keyClicks(dialog.username, user)
    qtbot.keyClicks(dialog.enrollment_code, code)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase2, PASSPHRASE)


def test_first_run_with_the_right_code_builds_the_profile_from_the_server(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any, server: EmbeddedServer
) -> None:
    _households_on_server(server, "mai", 3)
    code = add_agent(
        server.db, username="mai", name="Trần Thị Mai", communes=["31027", "31018"], code="BD0042"
    )
    agent = _agent(qapp, data_dir, tasks, lang="en")
    try:
        dialog = agent.dialog
        assert isinstance(dialog, FirstRunDialog)
        assert dialog.mode == FirstRunDialog.MODE_CONNECT  # connecting is the main path
        assert not dialog.agent_name.isVisible()  # nothing to retype
        _fill(qtbot, dialog, server.url, "mai", code)
        assert dialog.strength.text() == "Good."
        bar: list[tuple[int, int]] = []
        dialog.progress_shown.connect(lambda value, top: bar.append((value, top)))
        with qtbot.waitSignal(agent.window_shown, timeout=60_000) as shown:
            qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        window = shown.args[0]
        assert window.isVisible()
        assert window.windowTitle().endswith("Trần Thị Mai (BD0042)")
        [profile] = list_profiles(data_dir)
        assert (profile.agent_name, profile.agent_code) == ("Trần Thị Mai", "BD0042")
        assert sorted(profile.communes) == ["31018", "31027"]
        assert profile.server_code == "BD0042"
        assert profile.server_url == server.url
        assert any(top == 0 for _v, top in bar)  # a busy bar while the size is unknown...
        # ...then full, with the reference data and the three households received.
        assert bar[-1][0] == bar[-1][1] > 3
        ws = window.ctx.workspace
        settings = agent.tasks.run_db(
            lambda: [ws.setting(k) for k in (KEY_SERVER_URL, KEY_TOKEN, KEY_DEVICE_ID)]
        ).result(timeout=10)
        assert settings[0] == server.url
        assert all(settings)
        assert window.ctx.sync_service is not None  # connected: the status bar can sync
        found = agent.tasks.run_db(ws.households.search, "Nguyễn Văn").result(timeout=10)
        assert len(found) == 3
        assert AppSettings.load(data_dir).last_profile == "BD0042"
    finally:
        _close(qtbot, agent)


def test_a_wrong_code_is_named_beside_the_code_and_creates_nothing(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any, server: EmbeddedServer
) -> None:
    add_agent(server.db, username="mai", name="Trần Thị Mai", communes=["31027"])
    agent = _agent(qapp, data_dir, tasks)
    try:
        dialog = agent.dialog
        _fill(qtbot, dialog, server.url, "mai", "WRONG-CODE-1234")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.enrollment_code_error.isVisible, timeout=20_000)
        text = dialog.enrollment_code_error.text()
        assert "Mã sai hoặc đã được dùng" in text
        assert "người quản lý" in text
        assert not dialog.server_url_error.isVisible()
        assert dialog.create_button.isEnabled()
        assert not (data_dir / "profiles").exists()
        assert agent.window is None
    finally:
        _close(qtbot, agent)


def test_a_server_that_is_down_is_named_beside_the_address(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any, tmp_path: Path
) -> None:
    stopped = EmbeddedServer(tmp_path / "gone")
    url = stopped.start()
    stopped.stop()
    agent = _agent(qapp, data_dir, tasks, lang="en")
    try:
        dialog = agent.dialog
        _fill(qtbot, dialog, url, "mai", "ABCD-EFGH")
        qtbot.keyClick(dialog.passphrase2, Qt.Key.Key_Return)
        qtbot.waitUntil(dialog.server_url_error.isVisible, timeout=30_000)
        assert "check the address and the connection" in dialog.server_url_error.text()
        assert not dialog.enrollment_code_error.isVisible()
        assert not (data_dir / "profiles").exists()
    finally:
        _close(qtbot, agent)


def test_a_malformed_address_or_empty_fields_are_marked_before_any_request(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any
) -> None:
    agent = _agent(qapp, data_dir, tasks, lang="en")
    try:
        dialog = agent.dialog
        qtbot.keyClicks(dialog.server_url, "bhxh.example.vn")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert "https://" in dialog.server_url_error.text()
        assert dialog.server_url_error.isVisible()
        assert dialog.username_error.isVisible()
        assert dialog.enrollment_code_error.isVisible()
        assert "at least 8 characters" in dialog.error.text()
        assert tasks.pending == 0  # nothing was sent
        assert not (data_dir / "profiles").exists()
    finally:
        _close(qtbot, agent)


def test_a_first_pull_that_stops_leaves_a_ready_profile_that_syncs_later(
    qtbot: Any, data_dir: Path, tasks: Any, server: EmbeddedServer
) -> None:
    """Registered, then the server goes away before the first pull: the profile is there and
    connected, the dialog says the rest comes at the next sync, and the next sync brings it."""
    import threading

    _households_on_server(server, "mai", 2)
    code = add_agent(server.db, username="mai", name="Trần Thị Mai", communes=["31027"])
    dialog = FirstRunDialog(tasks, data_dir, lang="en", pull_attempts=1)
    qtbot.addWidget(dialog)
    dialog.show()
    created: list[Any] = []
    dialog.created.connect(lambda store, _server: created.append(store))
    hold = threading.Event()
    tasks.run_db(hold.wait, 30)  # the database thread waits while the server is stopped
    _fill(qtbot, dialog, server.url, "mai", code)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.PAGE_PROGRESS, timeout=20_000)
    assert "Trần Thị Mai" in dialog.connected_label.text()
    url = server.url
    server.stop()
    hold.set()
    qtbot.waitUntil(dialog.open_button.isVisible, timeout=30_000)
    assert "the rest comes at the next sync" in dialog.progress_note.text()
    assert [p.agent_name for p in list_profiles(data_dir)] == ["Trần Thị Mai"]
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    [store] = created
    from agent_app.services import Workspace
    from agent_app.services.sync_service import SyncService

    restarted = EmbeddedServer(server.data_dir, port=int(url.rsplit(":", 1)[1]))
    restarted.start()
    try:

        def sync_again() -> Any:
            workspace = Workspace(store)
            report = SyncService(workspace).sync()
            return report, workspace.households.search("Nguyễn Văn")

        report, found = tasks.run_db(sync_again).result(timeout=60)
        assert report.ok, report
        assert len(found) == 2
    finally:
        restarted.stop()
        tasks.run_db(store.close).result(timeout=10)


def test_a_second_profile_for_the_same_agent_is_refused_with_the_way_back(
    qtbot: Any, data_dir: Path, tasks: Any, server: EmbeddedServer, profile_factory: Any
) -> None:
    profile_factory(data_dir, code="BD0042").close()
    code = add_agent(
        server.db, username="mai", name="Trần Thị Mai", communes=["31027"], code="BD0042"
    )
    dialog = FirstRunDialog(tasks, data_dir, lang="en")
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, server.url, "mai", code)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=20_000)
    assert "already has a profile for this agent" in dialog.error.text()
    assert dialog.pages.currentIndex() == dialog.PAGE_FORM
    assert [p.agent_name for p in list_profiles(data_dir)] == ["Lê Thị Hoà"]
