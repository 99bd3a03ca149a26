"""The desktop app's composition root: from the data dir to an unlocked profile, its workspace
and sync service, the main window, and the idle lock.

Everything that touches the profile's database (creating, opening, building the workspace)
runs on the single database thread of :class:`agent_app.tasks.Tasks`; the GUI thread only
waits for signals. Heavy imports happen when needed so the first window shows quickly.
"""

from __future__ import annotations

import contextlib
import logging
import platform
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from agent_app.settings import AppSettings
from agent_app.tasks import Tasks

if TYPE_CHECKING:
    from agent_app.services import Changed, Workspace
    from agent_app.services.demo_setup import DemoSession
    from agent_app.services.sync_service import SyncService
    from agent_app.storage import ProfileInfo, Store
    from agent_app.ui.context import AppContext
    from agent_app.ui.main_window import MainWindow
    from agent_app.ui.profile.profile_dialogs import IdleLock, UnlockDialog


log = logging.getLogger(__name__)

# What show_window imports (the main window with Today; the other pages load on first visit);
# keep in step with it.
WARM_UP: tuple[str, ...] = (
    "agent_app.ui.context",
    "agent_app.ui.main_window",
    "agent_app.ui.profile.profile_dialogs",
    "agent_app.ui.profile.backup_dialog",
)


def build_workspace(store: Store) -> tuple[Workspace, SyncService | None]:
    """The workspace of an open store and its sync service (None until a server is set up).
    Runs on the database thread: both read the store."""
    from agent_app.services import Workspace
    from agent_app.services.sync_service import SyncService

    workspace = Workspace(store)
    service = SyncService(workspace)
    return workspace, service if service.is_configured() else None


def verify_passphrase(data_dir: Path, agent_code: str, passphrase: str) -> bool:
    """Unlocking after an idle lock: prove the passphrase with a second, short-lived connection
    (the open one keeps serving the window behind the lock)."""
    from agent_app.storage import open_profile

    open_profile(data_dir, agent_code, passphrase).close()
    return True


class AgentApp(QObject):
    """One run of the app. ``window_shown(window)`` fires when the main window is up."""

    window_shown = Signal(object)
    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        app: QApplication,
        data_dir: Path,
        *,
        lang: str | None = None,
        server_url: str | None = None,
        tasks: Tasks | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.settings = AppSettings.load(self.data_dir)
        self.lang = lang or self.settings.language
        self.server_url = server_url
        self.tasks = tasks or Tasks()
        self.window_settings = QSettings(
            str(self.data_dir / "window.ini"), QSettings.Format.IniFormat
        )
        self.store: Store | None = None
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None
        self.idle: IdleLock | None = None
        self.on_close: list[Callable[[], None]] = []
        self._hidden: list[QWidget] = []
        self._translators: list[Any] = []
        self._shut_down = False

    # -- start ----------------------------------------------------------------------------

    def start(self) -> None:
        self.start_translations_only()
        from agent_app.storage import list_profiles

        profiles = list_profiles(self.data_dir)
        if profiles:
            self.show_unlock(profiles)
        else:
            self.show_first_run()
        # While the agent types the passphrase, once the dialog has been painted.
        QTimer.singleShot(300, self.warm_up)

    def start_translations_only(self) -> None:
        from agent_app.ui.i18n import install_translator

        self._translators = install_translator(self.app, self.lang)

    def warm_up(self) -> None:
        """Import the main window's modules now, on the GUI thread, while the database thread
        derives the key and opens the profile (scrypt and SQLite let go of the GIL): the
        window then only has to be built once the workspace is ready."""
        import importlib

        for name in WARM_UP:
            try:
                importlib.import_module(name)
            except ImportError:  # a module renamed: show_window imports what it needs anyway
                log.warning("warm-up: no module %s", name)

    def start_demo(self, session: DemoSession) -> None:
        """Show the window over a running demo session (its server stops when the app quits)."""
        self.store = session.store
        self.on_close.append(session.close)
        self.show_window(session.workspace, session.sync_service)
        # Where the embedded server listens: a second laptop or curl can be pointed at it.
        print(f"demo server: {session.server_url}", flush=True)

    def show_first_run(self) -> None:
        from agent_app.ui.profile.profile_dialogs import FirstRunDialog

        dialog = FirstRunDialog(
            self.tasks, self.data_dir, lang=self.lang, server_url=self.server_url
        )
        dialog.created.connect(self._profile_created)
        dialog.restore_requested.connect(self.show_restore)
        self._show_dialog(dialog)

    def show_unlock(self, profiles: list[ProfileInfo]) -> None:
        from agent_app.ui.profile.profile_dialogs import UnlockDialog

        dialog = UnlockDialog(
            self.tasks, self.data_dir, profiles, last_profile=self.settings.last_profile
        )
        dialog.unlocked.connect(self.open_store)
        dialog.new_profile_requested.connect(self._new_profile_from_unlock)
        dialog.restore_requested.connect(self.show_restore)
        dialog.profile_set_aside.connect(lambda _moved: self.back_to_start())
        self._show_dialog(dialog)

    # -- backup and recovery (agent_app.ui.profile.backup_dialog) ---------------------------------

    def show_restore(self) -> QWidget:
        """The Restore dialog in place of the first-run or unlock one; cancelling goes back."""
        from agent_app.ui.profile.backup_dialog import RestoreDialog

        dialog = RestoreDialog(self.tasks, self.data_dir, lang=self.lang)
        dialog.restored.connect(self.open_store)
        dialog.rejected.connect(lambda: self.back_to_start() if self.dialog is dialog else None)
        self._show_dialog(dialog)
        return dialog

    def back_to_start(self) -> None:
        """The unlock dialog over the profiles there are now, or first run when none is left."""
        from agent_app.storage import list_profiles

        profiles = list_profiles(self.data_dir)
        if profiles:
            self.show_unlock(profiles)
        else:
            self.show_first_run()

    def _show_dialog(self, dialog: QWidget) -> None:
        old, self.dialog = self.dialog, dialog
        dialog.show()
        if old is not None:
            old.close()
            old.deleteLater()

    def _new_profile_from_unlock(self) -> None:
        self.show_first_run()

    def _profile_created(self, store: Store, server: dict[str, str] | None) -> None:
        self.open_store(store, server=server)

    # -- unlocked -------------------------------------------------------------------------

    def open_store(self, store: Store, *, server: dict[str, str] | None = None) -> None:
        self.store = store
        self.settings.last_profile = store.profile.agent_code
        self.settings.save()
        self.tasks.run_db(
            build_workspace, store, on_done=lambda built: self._workspace_ready(built, server)
        )
        self.warm_up()  # while the workspace is built

    def _workspace_ready(
        self, built: tuple[Workspace, SyncService | None], server: dict[str, str] | None
    ) -> None:
        workspace, sync_service = built
        self.show_window(workspace, sync_service)
        if server is not None:
            self._connect(workspace, server)

    def show_window(
        self, workspace: Workspace, sync_service: SyncService | None = None
    ) -> MainWindow:
        from agent_app.ui.context import AppContext
        from agent_app.ui.main_window import MainWindow
        from agent_app.ui.profile.profile_dialogs import IdleLock

        self.ctx = AppContext(workspace, self.tasks, sync_service=sync_service, lang=self.lang)
        self.ctx.settings = self.settings  # where receipts and reports were last saved
        profile = workspace.store.profile
        window = MainWindow(
            self.ctx,
            window_settings=self.window_settings,
            app_settings=self.settings,
            communes=profile.communes,
            agent=f"{profile.agent_name} ({profile.agent_code})",
        )
        window.lock_requested.connect(self.lock)
        self.window = window
        self._start_daily_backup(window)
        window.show()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.idle = IdleLock(self.settings.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.window_shown.emit(window)
        return window

    def _start_daily_backup(self, window: MainWindow) -> None:
        # Once a day into the chosen folder while the app is open; said in the status bar.
        from agent_app.ui.profile.backup_dialog import DailyBackup

        if self.ctx is None:
            return
        daily = DailyBackup(self.ctx, self.settings, window)
        daily.done.connect(window.backup_made)
        daily.failed.connect(window.backup_failed)
        self.daily_backup = daily

    def _connect(self, workspace: Workspace, server: dict[str, str]) -> None:
        from agent_app.services.sync_service import SyncService

        # Registering waits on the network: the pool runs it, and the service writes the
        # token through the database thread it is bound to.
        service = SyncService(workspace, db_executor=self.tasks.db_executor)
        name = platform.node() or "laptop"

        def connected(_device: object) -> None:
            if self.ctx is not None:
                self.ctx.set_sync_service(service)

        def failed(exc: BaseException) -> None:
            if self.ctx is not None:
                self.ctx.show_error(exc, self.window)

        self.tasks.run_net(
            service.connect,
            server["server_url"],
            server["username"],
            server["enrollment_code"],
            name,
            on_done=connected,
            on_error=failed,
        )

    # -- idle lock ------------------------------------------------------------------------

    def lock(self) -> UnlockDialog | None:
        """Hide every window behind the unlock dialog; unlocking shows them again as they were."""
        if self.store is None or self.window is None or isinstance(self.dialog, QWidget):
            return None
        from agent_app.ui.profile.profile_dialogs import UnlockDialog

        if self.idle is not None:
            self.idle.pause()
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        profile = self.store.profile
        dialog = UnlockDialog(
            self.tasks,
            self.data_dir,
            [profile],
            locked_profile=profile.agent_code,
            opener=verify_passphrase,
        )
        dialog.unlocked.connect(lambda _ok: self._resume())
        self.dialog = dialog
        dialog.show()
        self.locked.emit()
        return dialog

    def _resume(self) -> None:
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        if self.idle is not None:
            self.idle.resume()
        self.unlocked.emit()

    # -- end ------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """End the run in order: windows closed and deleted (a closing form saves its draft),
        the workers drained, the store closed on its thread, the workers stopped, then the
        demo server and the translators. Nothing Qt is left for interpreter exit to collect.
        Safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        if self.idle is not None:
            self.idle.stop()
        if self.window is not None:
            self.window.save_state()
        for widget in (self.dialog, *self._hidden, self.window):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        self.dialog, self.window, self._hidden, self.ctx = None, None, [], None
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        store, self.store = self.store, None
        if store is not None:
            # Queued behind every draft the closing forms saved; waited for, so the file is
            # closed before the process or the test moves on.
            with contextlib.suppress(RuntimeError):  # workers already stopped by the caller
                self.tasks.run_db(store.close).result(timeout=30)
        self.tasks.shutdown(wait=True)
        for callback in self.on_close:
            callback()
        self.on_close = []
        from agent_app.ui.i18n import remove_translators

        remove_translators(self.app, self._translators)
        self._translators = []


def _application(argv: list[str]) -> QApplication:
    from agent_app.ui.qt_compat import protect_bools

    protect_bools()  # before any emit: PySide6 6.12.0 leaks a reference per emit
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv)
    app.setApplicationName("BHXH field agent")
    app.setOrganizationName("bhxh-field-agent")
    return app


def _quit_on_signals(app: QApplication) -> None:
    """Ctrl+C or a polite kill ends the run like closing the window: drafts saved, the store
    closed, the demo server stopped and its temporary folders removed."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.quit())
    # Python runs signal handlers only between its own bytecodes; while Qt's loop waits in C++
    # a light timer hands control back a few times a second.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def run(
    *,
    data_dir: Path | None = None,
    lang: str | None = None,
    server_url: str | None = None,
    demo: bool = False,
) -> int:
    """The interactive app; returns the exit code."""
    if data_dir is None:
        from agent_app.paths import default_data_dir

        data_dir = default_data_dir()
    app = _application(sys.argv[:1])
    _quit_on_signals(app)
    from agent_app.logs import setup_logging
    from agent_app.ui.crash import CrashReporter

    # The log and any crash report live in the data dir (the demo's too: its profile is
    # temporary, the report must outlive it).
    setup_logging(data_dir)
    reporter = CrashReporter(data_dir, app)
    reporter.install()
    if demo:
        from agent_app.services.demo_setup import start_demo

        ui_dir = tempfile.TemporaryDirectory(prefix="bhxh-demo-ui-")
        agent = AgentApp(app, Path(ui_dir.name), lang=lang)
        agent.on_close.append(ui_dir.cleanup)
        agent.start_translations_only()
        # The demo's store must belong to the database thread, so it is opened there.
        agent.tasks.run_db(start_demo, on_done=lambda session: agent.start_demo(session))
        agent.warm_up()  # while the demo server starts
    else:
        agent = AgentApp(app, data_dir, lang=lang, server_url=server_url)
        agent.start()
    code = app.exec()
    agent.shutdown()
    reporter.uninstall()
    return code


def first_window_test(started: float, data_dir: Path, *, lang: str | None = None) -> int:
    """Offscreen: start as an agent's double-click does over ``data_dir`` (the unlock dialog
    of its profiles, or the first-run one), print the time to that first window once it has
    been painted, exit 0 (1 when no window showed)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _application(sys.argv[:1])
    agent = AgentApp(app, data_dir, lang=lang)
    result = {"code": 1}

    def painted() -> None:
        dialog = agent.dialog
        if dialog is not None and dialog.isVisible():
            print(
                f"first window: {time.perf_counter() - started:.2f} s "
                f"(cpu {time.process_time():.2f} s, {type(dialog).__name__})",
                flush=True,
            )
            result["code"] = 0
        app.quit()

    agent.start()
    QTimer.singleShot(0, painted)  # after the show and paint events the loop handles first
    app.exec()
    agent.shutdown()
    return result["code"]


def smoke_test(started: float, *, lang: str | None = None) -> int:
    """Offscreen, on a throwaway profile: show the main window, save one household through
    the real stack, print the time to the first window, exit 0 (1 on any failure)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="bhxh-smoke-"))
    app = _application(sys.argv[:1])
    agent = AgentApp(app, folder, lang=lang)
    result = {"code": 1}

    def saved(changed: Changed) -> None:
        print(f"saved household {changed.primary}", flush=True)
        result["code"] = 0
        app.quit()

    def failed(exc: BaseException) -> None:
        print(f"smoke test failed: {exc!r}", file=sys.stderr, flush=True)
        app.quit()

    def shown(window: MainWindow) -> None:
        # CPU time beside the wall time: on a shared machine the wall time says little alone.
        print(
            f"first window: {time.perf_counter() - started:.2f} s "
            f"(cpu {time.process_time():.2f} s)",
            flush=True,
        )
        communes = window.ctx.workspace.store.profile.communes
        household = {"head_name": "Nguyễn Văn Ánh", "commune_code": communes[0], "address": "Ấp 1"}
        member = {
            "full_name": "Nguyễn Văn Ánh",
            "relationship": "head",
            "date_of_birth": "1975-04-02",
            "sex": "male",
        }
        agent.tasks.run_db(
            window.ctx.workspace.households.register,
            household,
            [member],
            on_done=saved,
            on_error=failed,
        )

    def create() -> Store:
        from agent_app.storage import create_profile

        return create_profile(
            folder,
            agent_name="Kiểm tra khởi động",
            agent_code="SMOKE1",
            communes=["31027"],
            passphrase="smoke-test-passphrase",
        )

    agent.window_shown.connect(shown)
    agent.start_translations_only()
    agent.tasks.run_db(create, on_done=agent.open_store, on_error=failed)
    agent.warm_up()  # while the profile is created (scrypt, the schema)
    QTimer.singleShot(60_000, lambda: failed(TimeoutError("no window within 60 s")))
    app.exec()
    agent.shutdown()
    shutil.rmtree(folder, ignore_errors=True)
    return result["code"]
