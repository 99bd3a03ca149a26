"""Settings and About, opened from the main window's menus: a change is written to
app-settings.json (and the profile for the server address) and applied; a new server address
is confirmed first; About shows the version, the licence text and where things are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agent_app.services import Workspace
from agent_app.services.sync_service import KEY_SERVER_URL, SyncService
from agent_app.settings import AppSettings
from agent_app.storage import list_profiles
from agent_app.ui.context import AppContext
from agent_app.ui.main_window import MainWindow
from agent_app.ui.profile.about_dialog import AboutDialog, licence_path
from agent_app.ui.profile.settings_dialog import SettingsDialog
from sync import __version__
from sync.server.admin import add_agent
from sync.server.embedded import EmbeddedServer


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(tmp_path / "server") as running:
        yield running


@pytest.fixture
def connected(
    qtbot: Any, data_dir: Path, tasks: Any, profile_factory: Any, server: EmbeddedServer
) -> Iterator[AppContext]:
    code = add_agent(server.db, username="mai", name="Lê Thị Hoà", communes=["31027"])

    def open_all() -> tuple[Workspace, SyncService]:
        workspace = Workspace(profile_factory(data_dir))
        service = SyncService(workspace, sleep=lambda _s: None, max_attempts=1)
        service.connect(server.url, "mai", code, "Máy thử")
        return workspace, service

    workspace, service = tasks.run_db(open_all).result(timeout=30)
    ctx = AppContext(workspace, tasks, sync_service=service, lang="en")
    yield ctx
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=20_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def _window(qtbot: Any, ctx: AppContext, data_dir: Path) -> MainWindow:
    settings = AppSettings.load(data_dir)
    window = MainWindow(ctx, app_settings=settings)
    qtbot.addWidget(window)
    window.show()
    # The first online check is answered before the test goes on (and before the window goes).
    qtbot.waitUntil(lambda: window.sync_widget.online is not None, timeout=20_000)
    return window


def _open(qtbot: Any, window: MainWindow, action: Any) -> Any:
    with qtbot.waitSignal(window.dialog_opened, timeout=5_000) as opened:
        action.trigger()
    return opened.args[0]


def test_settings_are_saved_and_automatic_sync_applied_at_once(
    qtbot: Any, connected: AppContext, data_dir: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, connected, data_dir)
    qtbot.waitUntil(lambda: window.sync_widget.online is True, timeout=20_000)
    assert window.sync_widget.auto_timer.isActive()  # the default: every 15 minutes online
    assert window.sync_widget.auto_timer.interval() == 15 * 60_000
    dialog = _open(qtbot, window, window.settings_action)
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5_000)
    receipts = tmp_path / "usb" / "receipts"
    receipts.mkdir(parents=True)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.interval.clear()
    qtbot.keyClicks(dialog.interval, "30")
    qtbot.keyClicks(dialog.folder_edits["receipts"], str(receipts))
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = AppSettings.load(data_dir)
    assert saved.language == "en"
    assert saved.sync_interval_minutes == 30
    assert saved.auto_sync is True
    assert saved.folder("AG0001", "receipts") == receipts
    assert window.sync_widget.auto_timer.interval() == 30 * 60_000
    # Off: no timer, and coming back online no longer syncs by itself.
    dialog = _open(qtbot, window, window.settings_action)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5_000)
    dialog.language.setCurrentIndex(dialog.language.findData("vi"))
    dialog.auto_sync.setFocus()
    qtbot.keyClick(dialog.auto_sync, Qt.Key.Key_Space)
    assert not dialog.interval.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert AppSettings.load(data_dir).auto_sync is False
    assert AppSettings.load(data_dir).language == "vi"
    assert window.language_actions["vi"].isChecked()  # the menu shows the choice too
    assert not window.sync_widget.auto_timer.isActive()
    assert window.sync_widget.auto_sync is False
    qtbot.waitUntil(lambda: connected.tasks.pending == 0, timeout=20_000)  # the re-check


def test_a_new_server_address_is_checked_then_confirmed(
    qtbot: Any, connected: AppContext, data_dir: Path, server: EmbeddedServer
) -> None:
    window = _window(qtbot, connected, data_dir)
    dialog = _open(qtbot, window, window.settings_action)
    qtbot.waitUntil(lambda: dialog.server_url.text() == server.url, timeout=5_000)
    dialog.server_url.selectAll()
    qtbot.keyClicks(dialog.server_url, "ftp://elsewhere")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.server_error.isVisible()
    assert "https://" in dialog.server_error.text()
    assert dialog.confirm_box is None
    moved = server.url.replace("127.0.0.1", "localhost") + "/"
    dialog.server_url.selectAll()
    qtbot.keyClicks(dialog.server_url, moved)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None
    assert server.url in box.text()  # says which server the laptop is registered with
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(box.findChild(type(dialog.save_button), "confirmServerYes"),
                         Qt.MouseButton.LeftButton)  # fmt: skip
    clean = moved.rstrip("/")
    ws = connected.workspace
    stored = connected.tasks.run_db(ws.setting, KEY_SERVER_URL).result(timeout=10)
    assert stored == clean
    assert list_profiles(data_dir)[0].server_url == clean
    assert connected.sync_service is not None
    assert connected.sync_service.server_url() == clean  # the next sync goes there
    report = connected.tasks.run_net(connected.sync_service.sync).result(timeout=60)
    assert report.ok  # the same server at its new address still knows this laptop
    qtbot.waitUntil(lambda: connected.tasks.pending == 0, timeout=20_000)


def test_about_shows_version_licence_and_where_things_are(
    qtbot: Any, connected: AppContext, data_dir: Path, server: EmbeddedServer
) -> None:
    window = _window(qtbot, connected, data_dir)
    with qtbot.waitSignal(window.dialog_opened, timeout=5_000) as opened:
        window.about_action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, AboutDialog)
    qtbot.waitUntil(lambda: dialog.server.text() == server.url, timeout=5_000)
    assert dialog.version.text() == __version__
    assert "GPL-3.0-or-later" in dialog.licence.text()
    assert dialog.data_dir.text() == str(data_dir)
    assert dialog.log_file.text() == str(data_dir / "logs" / "agent-app.log")
    assert dialog.last_sync.text() == "never"
    assert not dialog.licence_view.isVisible()
    qtbot.mouseClick(dialog.licence_button, Qt.MouseButton.LeftButton)
    assert dialog.licence_view.isVisible()
    assert "GNU GENERAL PUBLIC LICENSE" in dialog.licence_view.toPlainText()
    assert "Version 3, 29 June 2007" in dialog.licence_view.toPlainText()
    dialog.reject()


def test_the_licence_is_found_in_a_checkout_and_where_the_bundle_puts_it(
    monkeypatch: Any, tmp_path: Path
) -> None:
    assert licence_path().is_file()  # the checkout's root
    spec = (Path(__file__).parents[3] / "build.spec").read_text(encoding="utf-8")
    assert 'datas += [(str(ROOT / "LICENSE"), ".")]' in spec
    # A PyInstaller bundle: resources/ and LICENSE both at the top of sys._MEIPASS.
    (tmp_path / "resources").mkdir()
    (tmp_path / "LICENSE").write_text("GPL text", encoding="utf-8")
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert licence_path() == tmp_path / "LICENSE"


def test_a_profile_made_offline_is_connected_from_the_settings(
    qtbot: Any, ctx: AppContext, data_dir: Path, server: EmbeddedServer
) -> None:
    code = add_agent(server.db, username="hoa", name="Lê Thị Hoà", communes=["31027"], code="HH01")
    ctx.lang = "en"
    window = MainWindow(ctx, app_settings=AppSettings.load(data_dir))
    qtbot.addWidget(window)
    window.show()
    assert window.sync_widget.state_label.text() == "Not connected to a server"
    dialog = _open(qtbot, window, window.settings_action)
    assert dialog.connect_button.isVisible()
    qtbot.keyClicks(dialog.server_url, server.url)
    qtbot.keyClicks(dialog.username, "hoa")
    qtbot.keyClicks(dialog.enrollment_code, "WRONG")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.server_error.isVisible, timeout=20_000)
    assert "the code is wrong or was already used" in dialog.server_error.text().lower()
    assert ctx.sync_service is None
    dialog.enrollment_code.clear()
    qtbot.keyClicks(dialog.enrollment_code, code)
    with qtbot.waitSignal(ctx.sync_service_changed, timeout=20_000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert not dialog.connect_button.isVisible()
    qtbot.waitUntil(lambda: window.sync_widget.online is True, timeout=20_000)
    qtbot.waitUntil(lambda: list_profiles(data_dir)[0].server_url == server.url, timeout=5_000)
    assert list_profiles(data_dir)[0].server_code == "HH01"
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert QApplication.activeModalWidget() is None  # same address: nothing to confirm
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=20_000)


def test_with_automatic_sync_off_coming_back_online_does_not_sync(
    qtbot: Any, connected: AppContext, data_dir: Path, server: EmbeddedServer
) -> None:
    settings = AppSettings.load(data_dir)
    settings.auto_sync = False
    settings.save()
    url = server.url
    server.stop()
    window = MainWindow(connected, app_settings=AppSettings.load(data_dir))
    qtbot.addWidget(window)
    widget = window.sync_widget
    qtbot.waitUntil(lambda: widget.online is False, timeout=20_000)
    restarted = EmbeddedServer(server.data_dir, port=int(url.rsplit(":", 1)[1]))
    restarted.start()
    try:
        started: list[bool] = []
        widget.sync_started.connect(lambda: started.append(True))
        with qtbot.waitSignal(widget.online_changed, timeout=20_000):
            widget.timer.timeout.emit()  # the 30-second look for the server
        assert widget.online is True
        qtbot.waitUntil(lambda: connected.tasks.pending == 0, timeout=20_000)
        assert started == []  # found again, but nothing sent until asked
        assert not widget.auto_timer.isActive()
    finally:
        restarted.stop()
