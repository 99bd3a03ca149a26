"""Getting to the data: the first run creates a profile and reaches the main window; unlocking
with a wrong passphrase says so and changes nothing; the idle lock hides everything until the
passphrase is typed again; the language follows --lang."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from agent_app.app import AgentApp
from agent_app.settings import AppSettings
from agent_app.ui.profile.profile_dialogs import FirstRunDialog, UnlockDialog, passphrase_strength


def _agent(qapp, data_dir, tasks, lang=None):
    agent = AgentApp(qapp, data_dir, lang=lang, tasks=tasks)
    agent.start()
    return agent


def _close(qtbot, agent):
    """The app's own orderly end: windows deleted, store closed, workers stopped."""
    qtbot.waitUntil(lambda: agent.tasks.pending == 0, timeout=10_000)
    agent.shutdown()
    assert (agent.window, agent.dialog, agent.store) == (None, None, None)
    agent.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_first_run_creates_a_profile_and_reaches_the_main_window(
    qtbot, qapp, data_dir, tasks, type_text
):
    agent = _agent(qapp, data_dir, tasks)
    try:
        dialog = agent.dialog
        assert isinstance(dialog, FirstRunDialog)
        # No server yet: the secondary path, a profile typed in by hand.
        qtbot.mouseClick(dialog.offline_button, Qt.MouseButton.LeftButton)
        type_text(dialog.agent_name, "Trần Thị Mai")
        qtbot.keyClicks(dialog.agent_code, "bd0007")
        type_text(dialog.communes.search, "u minh thượng")
        qtbot.waitUntil(lambda: dialog.communes.results.count() > 0)
        qtbot.mouseClick(
            dialog.findChild(type(dialog.create_button), "communeAdd"), Qt.MouseButton.LeftButton
        )
        assert dialog.communes.codes() == ["31027"]
        qtbot.keyClicks(dialog.passphrase, "ruong-lua-2026")
        qtbot.keyClicks(dialog.passphrase2, "ruong-lua-2026")
        assert "Tốt" in dialog.strength.text() or "Mạnh" in dialog.strength.text()
        with qtbot.waitSignal(agent.window_shown, timeout=20_000) as shown:
            qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        window = shown.args[0]
        assert window.isVisible()
        assert window.nav.item(0).text() == "Hôm nay"
        assert "Trần Thị Mai (BD0007)" in window.windowTitle()
        assert AppSettings.load(data_dir).last_profile == "BD0007"
    finally:
        _close(qtbot, agent)


def test_first_run_refuses_mismatched_passphrases_and_creates_nothing(qtbot, qapp, data_dir, tasks):
    agent = _agent(qapp, data_dir, tasks)
    try:
        dialog = agent.dialog
        qtbot.mouseClick(dialog.offline_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.agent_name, "Mai")
        qtbot.keyClicks(dialog.agent_code, "BD0008")
        dialog.communes.add_code("31027")
        qtbot.keyClicks(dialog.passphrase, "passphrase-one")
        qtbot.keyClicks(dialog.passphrase2, "passphrase-two")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert dialog.error.isVisible()
        assert "không khớp" in dialog.error.text()
        assert not (data_dir / "profiles").exists() or not any((data_dir / "profiles").iterdir())
    finally:
        _close(qtbot, agent)


def test_a_wrong_passphrase_says_so_and_touches_nothing(
    qtbot, qapp, data_dir, tasks, profile_factory
):
    profile_factory(data_dir).close()
    db_file = next(data_dir.rglob("agent.db"))
    before = db_file.read_bytes()
    agent = _agent(qapp, data_dir, tasks)
    try:
        dialog = agent.dialog
        assert isinstance(dialog, UnlockDialog)
        qtbot.keyClicks(dialog.passphrase, "not-the-passphrase")
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(dialog.message.isVisible, timeout=10_000)
        assert dialog.message.text() == "Sai mật khẩu. Không có gì bị thay đổi; vui lòng thử lại."
        assert agent.window is None
        assert db_file.read_bytes() == before
    finally:
        _close(qtbot, agent)


def test_the_idle_lock_hides_the_data_until_the_passphrase_is_typed(
    qtbot, qapp, data_dir, tasks, profile_factory, type_text
):
    profile_factory(data_dir).close()
    agent = _agent(qapp, data_dir, tasks)
    try:
        with qtbot.waitSignal(agent.window_shown, timeout=10_000):
            type_text(agent.dialog.passphrase, "mật-khẩu-thử-1")
            qtbot.keyClick(agent.dialog.passphrase, Qt.Key.Key_Return)
        window = agent.window
        window.show_page(window.PAGE_EVENTS)
        with qtbot.waitSignal(agent.locked, timeout=5_000):
            agent.idle.set_interval_ms(150)  # no input from here on
        assert not window.isVisible()
        lock = agent.dialog
        assert isinstance(lock, UnlockDialog)
        assert lock.isVisible()
        assert not lock.profile.isEnabled()
        lock.reject()  # Esc does not reveal anything
        assert lock.isVisible()
        qtbot.keyClicks(lock.passphrase, "wrong-one")
        qtbot.keyClick(lock.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lock.message.isVisible, timeout=10_000)
        assert not window.isVisible()
        with qtbot.waitSignal(agent.unlocked, timeout=10_000):
            lock.passphrase.clear()
            type_text(lock.passphrase, "mật-khẩu-thử-1")
            qtbot.keyClick(lock.passphrase, Qt.Key.Key_Return)
        assert window.isVisible()
        assert window.stack.currentWidget() is window.events  # resumes where the agent was
        assert agent.idle.active
    finally:
        _close(qtbot, agent)


def test_lang_en_shows_english(qtbot, qapp, data_dir, tasks, profile_factory):
    profile_factory(data_dir).close()
    agent = _agent(qapp, data_dir, tasks, lang="en")
    try:
        assert agent.dialog.windowTitle() == "Unlock your profile"
        with qtbot.waitSignal(agent.window_shown, timeout=10_000) as shown:
            agent.dialog.passphrase.setText("mật-khẩu-thử-1")
            qtbot.mouseClick(agent.dialog.unlock_button, Qt.MouseButton.LeftButton)
        window = shown.args[0]
        assert [window.nav.item(i).text() for i in range(4)] == [
            "Today",
            "Households",
            "Events & targets",
            "Needs attention",
        ]
        assert window.households.model.headers()[0] == "Head of household"
    finally:
        _close(qtbot, agent)
    assert QApplication.translate("MainWindow", "Today") == "Today"


def test_passphrase_strength_grows_with_length_and_variety():
    assert passphrase_strength("short") == 0
    assert passphrase_strength("abcdefgh") == 1
    assert passphrase_strength("Abcdefgh12!x") >= 3
    assert passphrase_strength("Ruộng-lúa-chín-vàng-2026") == 4
