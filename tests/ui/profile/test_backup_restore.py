"""Backup and recovery on screen: the Backup dialog writes an encrypted backup to the chosen
folder and says when the last one was made; the unlock and first-run screens restore a backup
(a wrong passphrase creates nothing, an existing profile is replaced only when the agent says
yes) and open it with its unsent changes; "Forgot the passphrase?" says what it costs and sets
the profile aside. Real widgets, real workers, real encrypted profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QMessageBox

from agent_app.app import AgentApp
from agent_app.services import Workspace
from agent_app.settings import AppSettings
from agent_app.storage import list_profiles
from agent_app.storage.backup import REPLACED_DIR, list_backups, write_backup
from agent_app.ui.main_window import MainWindow
from agent_app.ui.profile.backup_dialog import BackupDialog, ForgotPassphraseDialog, RestoreDialog
from agent_app.ui.profile.profile_dialogs import FirstRunDialog, UnlockDialog

from ..conftest import PASSPHRASE, make_profile

HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Xẻo Quao", "head_name": "Nguyễn Văn Ánh"}
HEAD = {
    "full_name": "Nguyễn Văn Ánh",
    "date_of_birth": "1980-03-04",
    "sex": "male",
    "relationship": "head",
}


def _agent(qapp: Any, data_dir: Path, tasks: Any) -> AgentApp:
    agent = AgentApp(qapp, data_dir, tasks=tasks)
    agent.start()
    return agent


def _close(qtbot: Any, agent: AgentApp) -> None:
    qtbot.waitUntil(lambda: agent.tasks.pending == 0, timeout=10_000)
    agent.shutdown()
    agent.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _backup_of_another_laptop(tmp_path: Path, code: str = "AG0001") -> Path:
    """A profile with one household (2 ops not yet sent), backed up to a stick, closed."""
    store = make_profile(tmp_path / "laptop-a", code=code)
    try:
        Workspace(store).households.register(HOUSEHOLD, [HEAD])
        stick = tmp_path / "usb"
        stick.mkdir(exist_ok=True)
        return write_backup(store, stick, app_version="test").path
    finally:
        store.close()


def test_backup_dialog_writes_to_the_chosen_folder_and_says_when(
    qtbot: Any, ctx: Any, tmp_path: Path
) -> None:
    settings = AppSettings.load(tmp_path / "app")
    dialog = BackupDialog(ctx, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.last_label.text() == "No backup yet.")
    assert dialog.folder_label.text() == "No folder chosen yet."
    assert not dialog.backup_button.isEnabled()
    stick = tmp_path / "usb"
    stick.mkdir()
    dialog.set_folder(stick)
    assert dialog.folder_label.text() == str(stick)
    with qtbot.waitSignal(dialog.backed_up, timeout=20_000) as made:
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    done = made.args[0]
    assert list_backups(stick, "AG0001") == [done.path]
    assert dialog.status.text().startswith(f"Backup written: {done.path}")
    assert done.path.name in dialog.last_label.text()
    assert settings.folders["AG0001"]["backups"] == str(stick)
    # Opened again later, with the stick pulled out: the last backup is still known.
    done.path.unlink()
    stick.rmdir()
    again = BackupDialog(ctx, AppSettings.load(tmp_path / "app"))
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: done.path.name in again.last_label.text())
    assert "is the USB stick plugged in?" in again.folder_label.text()
    with qtbot.waitSignal(again.failed, timeout=10_000):
        qtbot.mouseClick(again.backup_button, Qt.MouseButton.LeftButton)
    assert again.status.text().startswith("No backup was made: the backup folder")


def test_main_window_opens_the_backup_dialog(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    window = MainWindow(ctx, app_settings=AppSettings.load(tmp_path / "app"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.backup_action.trigger()
    assert isinstance(opened.args[0], BackupDialog)
    opened.args[0].close()  # deleted before its last-backup answer arrives: nothing breaks
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10_000)


def test_daily_backup_runs_once_when_a_folder_is_chosen(
    qtbot: Any, ctx: Any, tmp_path: Path
) -> None:
    from agent_app.ui.profile.backup_dialog import DailyBackup

    settings = AppSettings.load(tmp_path / "app")
    stick = tmp_path / "usb"
    stick.mkdir()
    settings.remember_folder("AG0001", "backups", stick)
    daily = DailyBackup(ctx, settings, first_ms=0, every_ms=3_600_000)
    with qtbot.waitSignal(daily.done, timeout=20_000) as made:
        pass
    assert list_backups(stick, "AG0001") == [made.args[0].path]
    daily.check()  # later the same day: nothing more
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10_000)
    assert len(list_backups(stick, "AG0001")) == 1
    daily.timer.stop()


def test_restore_from_the_unlock_screen_on_another_laptop(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any, tmp_path: Path, type_text: Any
) -> None:
    backup = _backup_of_another_laptop(tmp_path)
    make_profile(data_dir, code="OTHER1").close()  # this laptop already has someone's profile
    agent = _agent(qapp, data_dir, tasks)
    try:
        unlock = agent.dialog
        assert isinstance(unlock, UnlockDialog)
        assert unlock.restore_button.text() == "Khôi &phục từ bản sao lưu…"
        qtbot.mouseClick(unlock.restore_button, Qt.MouseButton.LeftButton)
        dialog = agent.dialog
        assert isinstance(dialog, RestoreDialog)
        dialog.file.setText(str(backup))
        assert "(AG0001)" in dialog.summary.text()
        assert "Có 2 thay đổi chưa đồng bộ" in dialog.summary.text()
        qtbot.keyClicks(dialog.passphrase, "not-the-passphrase")
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.message.isVisible, timeout=10_000)
        assert dialog.message.text().startswith("Sai mật khẩu")
        assert [p.agent_code for p in list_profiles(data_dir)] == ["OTHER1"]
        dialog.passphrase.clear()
        type_text(dialog.passphrase, PASSPHRASE)
        with qtbot.waitSignal(agent.window_shown, timeout=20_000) as shown:
            qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert "(AG0001)" in shown.args[0].windowTitle()
        store = agent.store
        assert store is not None
        assert tasks.run_db(store.outbox.pending_count).result(timeout=10) == 2
        assert sorted(p.agent_code for p in list_profiles(data_dir)) == ["AG0001", "OTHER1"]
    finally:
        _close(qtbot, agent)


def test_restore_replaces_an_existing_profile_only_when_confirmed(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any, tmp_path: Path, type_text: Any
) -> None:
    backup = _backup_of_another_laptop(tmp_path)
    make_profile(data_dir, code="AG0001").close()  # the same agent's older, empty profile
    before = (data_dir / "profiles" / "AG0001" / "agent.db").read_bytes()
    agent = _agent(qapp, data_dir, tasks)
    try:
        agent.dialog.restore_button.click()
        dialog = agent.dialog
        assert isinstance(dialog, RestoreDialog)
        dialog.file.setText(str(backup))
        type_text(dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.replace_box is not None, timeout=10_000)
        box = dialog.replace_box
        assert "AG0001" in box.text()
        box.button(QMessageBox.StandardButton.No).click()
        assert (data_dir / "profiles" / "AG0001" / "agent.db").read_bytes() == before
        assert not (data_dir / REPLACED_DIR).exists()
        dialog.replace_box = None
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.replace_box is not None, timeout=10_000)
        with qtbot.waitSignal(agent.window_shown, timeout=20_000):
            dialog.replace_box.button(QMessageBox.StandardButton.Yes).click()
        aside = list((data_dir / REPLACED_DIR).iterdir())
        assert len(aside) == 1
        assert (aside[0] / "agent.db").read_bytes() == before
    finally:
        _close(qtbot, agent)


def test_first_run_offers_restore_and_cancelling_comes_back(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any
) -> None:
    agent = _agent(qapp, data_dir, tasks)
    try:
        first = agent.dialog
        assert isinstance(first, FirstRunDialog)
        qtbot.mouseClick(first.restore_button, Qt.MouseButton.LeftButton)
        restore = agent.dialog
        assert isinstance(restore, RestoreDialog)
        assert not restore.restore_button.isEnabled()  # no file chosen yet
        restore.reject()
        assert isinstance(agent.dialog, FirstRunDialog)
    finally:
        _close(qtbot, agent)


def test_forgot_passphrase_says_what_is_lost_and_sets_the_profile_aside(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any
) -> None:
    make_profile(data_dir).close()
    agent = _agent(qapp, data_dir, tasks)
    try:
        unlock = agent.dialog
        assert isinstance(unlock, UnlockDialog)
        qtbot.mouseClick(unlock.forgot_button, Qt.MouseButton.LeftButton)
        forgot = unlock.forgot_dialog
        assert isinstance(forgot, ForgotPassphraseDialog)
        text = forgot.findChild(type(unlock.message), "forgotText").text()
        assert "các thay đổi chưa đồng bộ trên máy này" in text
        assert "mã đăng ký thiết bị mới" in text
        qtbot.mouseClick(forgot.set_aside_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(agent.dialog, FirstRunDialog))
        assert list_profiles(data_dir) == []
        aside = list((data_dir / REPLACED_DIR).iterdir())
        assert len(aside) == 1
        assert (aside[0] / "agent.db").is_file()
    finally:
        _close(qtbot, agent)


def test_forgot_at_the_idle_lock_explains_without_setting_aside(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any, type_text: Any
) -> None:
    make_profile(data_dir).close()
    agent = _agent(qapp, data_dir, tasks)
    try:
        with qtbot.waitSignal(agent.window_shown, timeout=10_000):
            type_text(agent.dialog.passphrase, PASSPHRASE)
            qtbot.keyClick(agent.dialog.passphrase, Qt.Key.Key_Return)
        lock = agent.lock()
        assert lock is not None
        assert not lock.restore_button.isVisible()
        qtbot.mouseClick(lock.forgot_button, Qt.MouseButton.LeftButton)
        forgot = lock.forgot_dialog
        assert not forgot.set_aside_button.isVisible()
        note = forgot.findChild(type(lock.message), "forgotLocked")
        assert "thoát ứng dụng" in note.text()
        forgot.reject()
        assert [p.agent_code for p in list_profiles(data_dir)] == ["AG0001"]
    finally:
        _close(qtbot, agent)


def test_a_new_laptop_restores_from_the_first_run_screen(
    qtbot: Any, qapp: Any, data_dir: Path, tasks: Any, tmp_path: Path, type_text: Any
) -> None:
    backup = _backup_of_another_laptop(tmp_path)
    agent = _agent(qapp, data_dir, tasks)
    try:
        assert isinstance(agent.dialog, FirstRunDialog)
        qtbot.mouseClick(agent.dialog.restore_button, Qt.MouseButton.LeftButton)
        dialog = agent.dialog
        assert isinstance(dialog, RestoreDialog)
        dialog.file.setText(str(backup))
        type_text(dialog.passphrase, PASSPHRASE)
        with qtbot.waitSignal(agent.window_shown, timeout=20_000):
            qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        assert [p.agent_code for p in list_profiles(data_dir)] == ["AG0001"]
        assert AppSettings.load(data_dir).last_profile == "AG0001"
        store = agent.store
        assert store is not None
        count = tasks.run_db(store.one, "SELECT count(*) FROM record WHERE kind = 'household'")
        assert count.result(timeout=10)[0] == 1
    finally:
        _close(qtbot, agent)
