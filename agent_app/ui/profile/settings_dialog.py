"""Settings: the server's address (per profile, kept in the encrypted store and profile.json),
the language, automatic sync and the folders receipts and reports are saved in (app-settings.json
through :class:`agent_app.settings.AppSettings`, the one settings object).

The language applies the next time the app starts (every window is built in one language);
automatic sync and the folders apply at once; a new server address applies from the next sync.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from agent_app.paths import RECEIPTS, REPORTS
from agent_app.settings import MAX_SYNC_INTERVAL_MINUTES, AppSettings
from agent_app.ui.context import AppContext
from agent_app.ui.widgets.forms import ERROR_STYLE

NOTE_STYLE = "color: #555;"
LANGUAGE_NAMES = (("vi", "Tiếng Việt"), ("en", "English"))


class SettingsDialog(QDialog):
    """``saved`` fires once everything is written (the window then applies automatic sync)."""

    saved = Signal()

    def __init__(
        self, ctx: AppContext, settings: AppSettings | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.ctx = ctx
        data_dir = Path(ctx.workspace.store.profile.path).parent.parent
        self.settings = settings if settings is not None else AppSettings.load(data_dir)
        self.profile_code = ctx.workspace.store.profile.agent_code
        self._old_url: str | None = ctx.workspace.store.profile.server_url
        self.confirm_box: QMessageBox | None = None

        # -- server --
        self.server_url = QLineEdit(self._old_url or "", objectName="settingsServerUrl")
        self.server_url.setPlaceholderText("https://bhxh.example.vn")
        self.server_error = QLabel(objectName="settingsServerError")
        self.server_error.setStyleSheet(ERROR_STYLE)
        self.server_error.setWordWrap(True)
        self.server_error.hide()
        connected = ctx.sync_service is not None
        self._connected = connected
        self.server_note = QLabel(objectName="settingsServerNote")
        self.server_note.setWordWrap(True)
        self.server_note.setStyleSheet(NOTE_STYLE)
        self.server_note.setText(
            self.tr(
                "This laptop is registered with this server. Change the address only when "
                "your supervisor says the same server has moved."
            )
            if connected
            else self.tr(
                "This profile is not connected to a server. To connect it, enter the address, "
                "your user name and the one-time enrollment code from your supervisor."
            )
        )
        self.server_url.textChanged.connect(lambda _t: self.server_error.hide())
        # Connecting a profile made offline (the first run's "Start without a server…").
        self.username = QLineEdit(objectName="settingsUsername")
        self.enrollment_code = QLineEdit(objectName="settingsEnrollmentCode")
        self.connect_button = QPushButton(
            self.tr("C&onnect this laptop"), objectName="settingsConnect"
        )
        self.connect_button.setAutoDefault(False)
        self.connect_button.clicked.connect(self.connect_laptop)

        # -- language --
        self.language = QComboBox(objectName="settingsLanguage")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(self.settings.language), 0))
        language_note = QLabel(self.tr("A new language applies the next time the app starts."))
        language_note.setWordWrap(True)
        language_note.setStyleSheet(NOTE_STYLE)

        # -- automatic sync --
        self.auto_sync = QCheckBox(self.tr("Sync a&utomatically"), objectName="settingsAutoSync")
        self.auto_sync.setChecked(self.settings.auto_sync)
        self.interval = QSpinBox(objectName="settingsSyncInterval")
        self.interval.setRange(0, MAX_SYNC_INTERVAL_MINUTES)
        self.interval.setSingleStep(5)
        self.interval.setSuffix(self.tr(" min"))
        self.interval.setSpecialValueText(self.tr("only when back online"))
        self.interval.setValue(self.settings.sync_interval_minutes)
        self.auto_sync.toggled.connect(self.interval.setEnabled)
        self.interval.setEnabled(self.auto_sync.isChecked())
        sync_note = QLabel(
            self.tr(
                "When the server answers again after being offline, what is waiting is sent "
                "at once; while online, a sync runs at this interval."
            )
        )
        sync_note.setWordWrap(True)
        sync_note.setStyleSheet(NOTE_STYLE)

        # -- folders --
        self.folder_edits: dict[str, QLineEdit] = {}
        folder_rows = []
        for kind, name, text in (
            (RECEIPTS, "settingsReceiptsFolder", self.tr("&Receipts folder:")),
            (REPORTS, "settingsReportsFolder", self.tr("Re&ports folder:")),
        ):
            chosen = self.settings.folder(self.profile_code, kind)
            edit = QLineEdit(str(chosen) if chosen else "", objectName=name)
            edit.setPlaceholderText(self.tr("the profile's own folder"))
            browse = QPushButton(self.tr("Choose…"), objectName=name + "Choose")
            browse.setAutoDefault(False)
            browse.clicked.connect(lambda _c=False, e=edit: self._choose_folder(e))
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(edit, 1)
            row_layout.addWidget(browse)
            self.folder_edits[kind] = edit
            folder_rows.append((text, row, edit))
        self.folder_error = QLabel(objectName="settingsFolderError")
        self.folder_error.setStyleSheet(ERROR_STYLE)
        self.folder_error.setWordWrap(True)
        self.folder_error.hide()

        form = QFormLayout()
        server_label = QLabel(self.tr("Server &address:"))
        server_label.setBuddy(self.server_url)
        server_box = QWidget()
        server_layout = QVBoxLayout(server_box)
        server_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.server_url, self.server_error, self.server_note):
            server_layout.addWidget(widget)
        form.addRow(server_label, server_box)
        self._connect_rows = []
        for text, edit in (
            (self.tr("User &name:"), self.username),
            (self.tr("Enrollment &code:"), self.enrollment_code),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
            self._connect_rows.append(edit)
        form.addRow("", self.connect_button)
        self._connect_rows.append(self.connect_button)
        self._form = form
        language_label = QLabel(self.tr("&Language:"))
        language_label.setBuddy(self.language)
        form.addRow(language_label, self.language)
        form.addRow("", language_note)
        form.addRow("", self.auto_sync)
        interval_label = QLabel(self.tr("Sync &every:"))
        interval_label.setBuddy(self.interval)
        form.addRow(interval_label, self.interval)
        form.addRow("", sync_note)
        for text, row, edit in folder_rows:
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.save_button = self.buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("settingsSave")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.folder_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self._show_connect_rows(not connected)
        if connected:
            # The store's address is the one the sync uses; profile.json's is a copy.
            from agent_app.services.sync_service import KEY_SERVER_URL

            ws = ctx.workspace
            self.save_button.setEnabled(False)  # until the address in use is known
            ctx.run_db(ws.setting, KEY_SERVER_URL, on_done=self._server_loaded)

    def _show_connect_rows(self, shown: bool) -> None:
        for widget in self._connect_rows:
            self._form.setRowVisible(widget, shown)

    def connect_laptop(self) -> None:
        """Register this laptop for a profile made offline; the sync service is live at once."""
        import platform

        from agent_app.services.onboarding import BadServerUrl, normalise_server_url
        from agent_app.services.sync_service import SyncService

        try:
            url = normalise_server_url(self.server_url.text())
        except BadServerUrl:
            self._server_problem(
                self.tr(
                    "Enter a web address starting with https:// or http://, "
                    "e.g. https://bhxh.example.vn"
                )
            )
            return
        if not self.username.text().strip() or not self.enrollment_code.text().strip():
            self._server_problem(self.tr("Enter your user name and the enrollment code."))
            return
        service = SyncService(self.ctx.workspace, db_executor=self.ctx.tasks.db_executor)
        self.connect_button.setEnabled(False)
        self.server_error.hide()
        self.ctx.run_net(
            service.connect,
            url,
            self.username.text(),
            self.enrollment_code.text(),
            platform.node() or "laptop",
            on_done=lambda _device: self._connected_now(service, url),
            on_error=self._connect_failed,
        )

    def _server_problem(self, text: str) -> None:
        self.server_error.setText(text)
        self.server_error.show()

    def _connected_now(self, service: Any, url: str) -> None:
        from agent_app.storage import update_profile

        self._connected = True
        self._old_url = url
        self.connect_button.setEnabled(True)
        self._show_connect_rows(False)
        self.server_note.setText(
            self.tr("Connected. The first sync brings your records and the reference data.")
        )
        self.ctx.run_db(update_profile, self.ctx.workspace.store, server_url=url)
        self.ctx.set_sync_service(service)

    def _connect_failed(self, exc: BaseException) -> None:
        from sync.client import AuthError, TransientError

        self.connect_button.setEnabled(True)
        if isinstance(exc, AuthError):
            text = self.tr(
                "The code is wrong or was already used; ask your supervisor for a new one. "
                "Check the user name too."
            )
        elif isinstance(exc, TransientError) and exc.status is None:
            text = self.tr(
                "No server answers at this address: check the address and the connection."
            )
        else:
            text = self.ctx.error_text(exc)
        self._server_problem(text)

    def _server_loaded(self, url: Any) -> None:
        self.save_button.setEnabled(True)
        if isinstance(url, str) and url:
            self._old_url = url
            if not self.server_url.isModified():
                self.server_url.setText(url)

    def _choose_folder(self, edit: QLineEdit) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), edit.text())
        if chosen:
            edit.setText(chosen)

    # -- saving --

    def save(self) -> None:
        """Check, confirm a new server address, then write and apply."""
        from agent_app.services.onboarding import BadServerUrl, normalise_server_url

        self.server_error.hide()
        self.folder_error.hide()
        new_url: str | None = None
        if self._connected:
            try:
                clean = normalise_server_url(self.server_url.text())
            except BadServerUrl:
                self.server_error.setText(
                    self.tr(
                        "Enter a web address starting with https:// or http://, "
                        "e.g. https://bhxh.example.vn"
                    )
                )
                self.server_error.show()
                self.server_url.setFocus()
                return
            if clean != (self._old_url or "").rstrip("/"):
                new_url = clean
        for edit in self.folder_edits.values():
            text = edit.text().strip()
            if text and not Path(text).expanduser().is_dir():
                self.folder_error.setText(
                    self.tr("The folder %1 does not exist.").replace("%1", text)
                )
                self.folder_error.show()
                edit.setFocus()
                return
        if new_url is None:
            self._write(None)
            return
        box = QMessageBox(self)
        box.setObjectName("confirmServerBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Change the server address?"))
        box.setText(
            self.tr(
                "This laptop is registered with the server at %1. Use %2 from now on?\n"
                "Only the same server at a new address knows this laptop; another server will "
                "refuse to sync until the laptop is registered there."
            )
            .replace("%1", self._old_url or "")
            .replace("%2", new_url)
        )
        yes = box.addButton(self.tr("&Change"), QMessageBox.ButtonRole.AcceptRole)
        yes.setObjectName("confirmServerYes")
        no = box.addButton(self.tr("Keep the old address"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.buttonClicked.connect(
            lambda button: self._write(new_url) if button is yes else self.server_url.setFocus()
        )
        self.confirm_box = box
        box.open()

    def _write(self, new_url: str | None) -> None:
        settings = self.settings
        settings.language = str(self.language.currentData())
        settings.auto_sync = self.auto_sync.isChecked()
        settings.sync_interval_minutes = self.interval.value()
        for kind, edit in self.folder_edits.items():
            text = edit.text().strip()
            settings.set_folder(self.profile_code, kind, Path(text).expanduser() if text else None)
        settings.save()
        if new_url is None:
            self._done()
            return
        from agent_app.services.onboarding import change_server_url

        self.save_button.setEnabled(False)
        self.ctx.run_db(
            change_server_url,
            self.ctx.workspace,
            new_url,
            on_done=lambda _url: self._done(),
            on_error=self._write_failed,
        )

    def _write_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.server_error.setText(self.ctx.error_text(exc))
        self.server_error.show()

    def _done(self) -> None:
        self.saved.emit()
        self.accept()
