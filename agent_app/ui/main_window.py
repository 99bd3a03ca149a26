"""The main window: navigation between Today, Households, Events & targets, Needs attention,
Scripts and Calls,
the toolbar (new household, search, sync, close the day), the status bar with the sync widget
and the undo action, the language setting, and the window state kept between runs.

Only Today, the first page, is built with the window; every other page (and its modules) is
built on its first visit, through the navigation, a shortcut, or code reading ``window.calls``
and the like, so the first window shows sooner (see bench/README.md, cold start)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from agent_app.settings import AppSettings
from agent_app.ui.campaign.today import TodayPage
from agent_app.ui.context import AppContext
from agent_app.ui.sync.sync_panel import CloseDayDialog, SyncStatusWidget

if TYPE_CHECKING:
    from agent_app.services import Changed
    from agent_app.ui.campaign.renewals import CallsPage
    from agent_app.ui.campaign.scripts_page import ScriptsPage
    from agent_app.ui.events.events import EventsPage
    from agent_app.ui.household.household import HouseholdPage
    from agent_app.ui.household.households import HouseholdsPage
    from agent_app.ui.sync.attention import AttentionPage


class MainWindow(QMainWindow):
    """``lock_requested`` asks the app to lock now; ``dialog_opened`` reports every dialog the
    window opens (tests follow them; the app keeps nothing else)."""

    lock_requested = Signal()
    dialog_opened = Signal(object)
    PAGE_TODAY, PAGE_HOUSEHOLDS, PAGE_EVENTS, PAGE_ATTENTION, PAGE_SCRIPTS, PAGE_CALLS = range(6)
    PAGE_HOUSEHOLD = 6  # opened from a list, not from the navigation

    def __init__(
        self,
        ctx: AppContext,
        *,
        window_settings: QSettings | None = None,
        app_settings: AppSettings | None = None,
        communes: tuple[str, ...] | list[str] = (),
        agent: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self._window_settings = window_settings
        self._app_settings = app_settings
        title = self.tr("BHXH field agent")
        self.setWindowTitle(f"{title} — {agent}" if agent else title)

        self._communes = communes
        # A placeholder per page until the page is built (_page): the indexes stay PAGE_*.
        self.stack = QStackedWidget(objectName="pages")
        self._built: dict[int, QWidget] = {}
        for index in range(self.PAGE_HOUSEHOLD + 1):
            self.stack.addWidget(QWidget(objectName=f"pagePlaceholder{index}"))
        self.nav = QListWidget(objectName="navigation")
        for text in (
            self.tr("Today"),
            self.tr("Households"),
            self.tr("Events & targets"),
            self.tr("Needs attention"),
            self.tr("Scripts"),
            self.tr("Calls"),
        ):
            self.nav.addItem(text)
        self.nav.setFixedWidth(190)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px; }"
        )
        self.nav.currentRowChanged.connect(self.show_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_status_bar()
        # A bound method, not a lambda: Qt drops the connection when the window goes, so a
        # late failure from the workers never reaches a deleted window.
        ctx.tasks.failed.connect(self.show_failure)
        self.resize(1180, 760)
        self._restore_state()
        self.nav.setCurrentRow(self.PAGE_TODAY)

    # -- pages, each built on its first use -------------------------------------------------

    def is_built(self, index: int) -> bool:
        """Whether the page at ``index`` (PAGE_*) has been built yet."""
        return index in self._built

    def _page(self, index: int) -> Any:
        page = self._built.get(index)
        if page is None:
            page = self._build_page(index)
            self._built[index] = page
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return page

    def _build_page(self, index: int) -> QWidget:
        ctx = self.ctx
        page: Any
        if index == self.PAGE_TODAY:
            page = TodayPage(ctx)
            page.open_household.connect(self.open_household)
        elif index == self.PAGE_HOUSEHOLDS:
            from agent_app.ui.household.households import HouseholdsPage

            page = HouseholdsPage(ctx, self._communes)
            page.open_household.connect(self.open_household)
        elif index == self.PAGE_EVENTS:
            from agent_app.ui.events.events import EventsPage

            page = EventsPage(ctx)
        elif index == self.PAGE_ATTENTION:
            from agent_app.ui.sync.attention import AttentionPage

            page = AttentionPage(ctx)
        elif index == self.PAGE_SCRIPTS:
            from agent_app.ui.campaign.scripts_page import ScriptsPage

            page = ScriptsPage(ctx)
            page.dialog_opened.connect(self.dialog_opened)
        elif index == self.PAGE_CALLS:
            from agent_app.ui.campaign.renewals import CallsPage

            page = CallsPage(ctx)
            page.open_household.connect(self.open_household)
            page.dialog_opened.connect(self.dialog_opened)
        elif index == self.PAGE_HOUSEHOLD:
            from agent_app.ui.household.household import HouseholdPage

            page = HouseholdPage(ctx)
            page.back_requested.connect(self.back_to_list)
            page.undo_offered.connect(self.offer_undo)
            page.dialog_opened.connect(self.dialog_opened)
        else:
            raise IndexError(f"no page {index}")
        return page  # type: ignore[no-any-return]

    @property
    def today(self) -> TodayPage:
        return self._page(self.PAGE_TODAY)  # type: ignore[no-any-return]

    @property
    def households(self) -> HouseholdsPage:
        return self._page(self.PAGE_HOUSEHOLDS)  # type: ignore[no-any-return]

    @property
    def events(self) -> EventsPage:
        return self._page(self.PAGE_EVENTS)  # type: ignore[no-any-return]

    @property
    def attention(self) -> AttentionPage:
        return self._page(self.PAGE_ATTENTION)  # type: ignore[no-any-return]

    @property
    def scripts(self) -> ScriptsPage:
        return self._page(self.PAGE_SCRIPTS)  # type: ignore[no-any-return]

    @property
    def calls(self) -> CallsPage:
        return self._page(self.PAGE_CALLS)  # type: ignore[no-any-return]

    @property
    def household(self) -> HouseholdPage:
        return self._page(self.PAGE_HOUSEHOLD)  # type: ignore[no-any-return]

    # -- actions --------------------------------------------------------------------------

    def _action(
        self, text: str, name: str, slot: Callable[[], object], shortcut: Any = None
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # The toolbar's tooltip says the key: "Hộ mới (Ctrl+N)".
            native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({native})")
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.new_household_action = self._action(
            self.tr("&New household"), "newHouseholdAction", self.new_household,
            QKeySequence.StandardKey.New,
        )  # fmt: skip
        self.search_action = self._action(
            self.tr("&Search"), "searchAction", self.focus_search, QKeySequence.StandardKey.Find
        )
        self.sync_action = self._action(self.tr("S&ync now"), "syncAction", self.sync_now, "F5")
        self.close_day_action = self._action(
            self.tr("&Close the day"), "closeDayAction", self.close_day, "Ctrl+D"
        )
        self.export_action = self._action(
            self.tr("&Export lists for BHXH…"), "exportListsAction", self.export_lists
        )
        self.ledger_action = self._action(
            self.tr("&Receipt ledger"), "ledgerAction", self.open_ledger
        )
        self.backup_action = self._action(self.tr("&Backup…"), "backupAction", self.backup)
        self.lock_action = self._action(
            self.tr("&Lock now"), "lockAction", self.lock_requested.emit, "Ctrl+L"
        )
        quit_action = self._action(self.tr("&Quit"), "quitAction", self.close, "Ctrl+Q")
        toolbar = QToolBar(self.tr("Main toolbar"), objectName="mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.setIconSize(QSize(16, 16))
        for action in (
            self.new_household_action,
            self.search_action,
            self.sync_action,
            self.close_day_action,
        ):
            toolbar.addAction(action)
        self.addToolBar(toolbar)
        menu = self.menuBar().addMenu(self.tr("&File"))
        for action in (self.new_household_action, self.search_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.sync_action)
        menu.addAction(self.close_day_action)
        menu.addAction(self.export_action)
        menu.addAction(self.ledger_action)
        menu.addAction(self.backup_action)
        menu.addSeparator()
        menu.addAction(self.lock_action)
        menu.addAction(quit_action)
        self._build_campaign_menu()
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        language = settings_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("vi", "Tiếng Việt"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setObjectName(f"language_{code}")
            action.setChecked(code == self.ctx.lang)
            action.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            group.addAction(action)
            language.addAction(action)
            self.language_actions[code] = action
        settings_menu.addSeparator()
        self.settings_action = self._action(
            self.tr("&Preferences…"), "settingsAction", self.open_settings
        )
        settings_menu.addAction(self.settings_action)
        self.about_action = self._action(self.tr("&About…"), "aboutAction", self.open_about)
        settings_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.undo_button = QPushButton(self.tr("Undo"), objectName="undoButton")
        self.undo_button.hide()
        self._undo: Callable[[], None] | None = None
        self.undo_button.clicked.connect(self._run_undo)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(30_000)
        self._undo_timer.timeout.connect(self._clear_undo)
        bar.addWidget(self.undo_button)
        self.sync_widget = SyncStatusWidget(self.ctx)
        bar.addPermanentWidget(self.sync_widget)
        self.apply_settings()

    def show_page(self, index: int) -> None:
        self._page(index)
        self.stack.setCurrentIndex(index)
        if index < self.nav.count() and self.nav.currentRow() != index:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(index)
            self.nav.blockSignals(False)
        if index == self.PAGE_TODAY:
            self.today.reload()
        elif index == self.PAGE_HOUSEHOLDS:
            self.households.refresh()
        elif index == self.PAGE_EVENTS:
            self.events.reload()
        elif index == self.PAGE_ATTENTION:
            self.attention.refresh()
        elif index == self.PAGE_CALLS:
            self.calls.reload()

    def back_to_list(self) -> None:
        self.show_page(self.PAGE_HOUSEHOLDS)

    def show_failure(self, exc: BaseException) -> None:
        self.ctx.show_error(exc, self)

    def open_household(self, household_id: str) -> None:
        self.household.show_household(household_id)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self.PAGE_HOUSEHOLDS)
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.household)

    def focus_search(self) -> None:
        self.show_page(self.PAGE_HOUSEHOLDS)
        self.households.focus_search()

    def new_household(self) -> QDialog:
        from agent_app.ui.household.household_form import HouseholdDialog

        dialog = HouseholdDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._household_created)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def _household_created(self, changed: Changed) -> None:
        if changed.ids and "household" in changed.kinds:
            self.open_household(changed.primary)

    def sync_now(self) -> None:
        if self.ctx.sync_service is None:
            self.statusBar().showMessage(self.tr("No server is connected yet."), 5000)
            return
        self.sync_widget.sync_now()

    def close_day(self) -> QDialog:
        dialog = CloseDayDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_household.connect(self.open_household)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def export_lists(self) -> QDialog:
        from agent_app.ui.money.export_dialog import open_export_dialog

        dialog = open_export_dialog(self.ctx, self)
        self.dialog_opened.emit(dialog)
        return dialog

    def open_ledger(self) -> QDialog:
        from agent_app.ui.money.ledger import LedgerDialog

        dialog = LedgerDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def backup(self) -> QDialog:
        """The Backup dialog (ui.profile.backup_dialog): folder, back up now, last backup."""
        from agent_app.ui.profile.backup_dialog import BackupDialog

        settings = self._app_settings or self.ctx.settings
        if settings is None:  # a bare window (tests): preferences kept beside nothing
            settings = AppSettings(self.ctx.workspace.store.profile.path / "backup-settings.json")
        dialog = BackupDialog(self.ctx, settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.backed_up.connect(self.backup_made)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def open_settings(self) -> QDialog:
        from agent_app.ui.profile.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self._app_settings, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.apply_settings)
        dialog.saved.connect(self.sync_widget.check_online)  # a new address: look for it now
        dialog.saved.connect(self._show_chosen_language)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def open_about(self) -> QDialog:
        from agent_app.ui.profile.about_dialog import AboutDialog

        data_dir = self._app_settings.path.parent if self._app_settings is not None else None
        dialog = AboutDialog(self.ctx, data_dir, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def _build_campaign_menu(self) -> None:
        self.progress_action = self._action(
            self.tr("&Progress against the targets"), "progressAction", self.open_progress
        )
        self.events_summary_action = self._action(
            self.tr("&Events: totals and sign-ups"), "eventsSummaryAction", self.open_events_summary
        )
        campaign = self.menuBar().addMenu(self.tr("Campai&gn"))
        campaign.addAction(self.progress_action)
        campaign.addAction(self.events_summary_action)

    def open_progress(self) -> QDialog:
        from agent_app.ui.campaign.progress import ProgressDialog

        dialog = ProgressDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.show()
        return dialog

    def open_events_summary(self) -> QDialog:
        from agent_app.ui.events.events_summary import EventsSummaryDialog

        dialog = EventsSummaryDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.show()
        return dialog

    def _show_chosen_language(self) -> None:
        """The Language menu shows the language chosen for the next start, as after using it."""
        if self._app_settings is not None:
            action = self.language_actions.get(self._app_settings.language)
            if action is not None:
                action.setChecked(True)

    def apply_settings(self) -> None:
        """Automatic sync as the settings say (at start and after the Settings dialog)."""
        settings = self._app_settings
        if settings is not None:
            self.sync_widget.set_auto_sync(settings.auto_sync, settings.sync_interval_minutes)

    def backup_made(self, done: Any) -> None:
        self.statusBar().showMessage(
            self.tr("Backup written: %1").replace("%1", str(done.path)), 10_000
        )

    def backup_failed(self, exc: BaseException) -> None:
        self.statusBar().showMessage(
            self.tr("No backup was made: %1").replace("%1", str(exc)), 10_000
        )

    def set_language(self, lang: str) -> None:
        if self._app_settings is not None:
            self._app_settings.language = lang
            self._app_settings.save()
        box = QMessageBox(self)
        box.setObjectName("languageBox")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Language"))
        box.setText(self.tr("The new language takes effect the next time the app starts."))
        box.open()

    # -- undo -----------------------------------------------------------------------------

    def offer_undo(self, text: str, undo: Callable[[], None]) -> None:
        self._undo = undo
        self.statusBar().showMessage(text, 30_000)
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.show()
        self._undo_timer.start()

    def _run_undo(self) -> None:
        undo, self._undo = self._undo, None
        self._clear_undo()
        if undo is not None:
            undo()

    def _clear_undo(self) -> None:
        self.undo_button.hide()
        self.statusBar().clearMessage()

    # -- state ----------------------------------------------------------------------------

    def _restore_state(self) -> None:
        if self._window_settings is None:
            return
        geometry = self._window_settings.value("main/geometry")
        state = self._window_settings.value("main/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_state(self) -> None:
        if self._window_settings is None:
            return
        self._window_settings.setValue("main/geometry", self.saveGeometry())
        self._window_settings.setValue("main/state", self.saveState())
        self._window_settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.save_state()
        super().closeEvent(event)
