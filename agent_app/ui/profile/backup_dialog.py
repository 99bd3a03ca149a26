"""Backup and recovery on screen: the Backup dialog of the main window (choose a folder, back
up now, how many to keep, when the last one was made), the daily backup timer, the Restore
dialog reached from the first-run and unlock screens, and what a forgotten passphrase costs.

Backing up and restoring run on the database thread; the dialogs wait for signals.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
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

from agent_app.services.backup import (
    SUFFIX,
    BackupError,
    BackupFile,
    BackupService,
    LastBackup,
    Manifest,
    NewerBackup,
    read_manifest,
    restore,
    set_aside,
)
from agent_app.settings import AppSettings
from agent_app.tasks import Tasks
from agent_app.ui.context import AppContext, error_text
from agent_app.ui.i18n import format_count
from agent_app.ui.widgets.forms import ERROR_STYLE

OK_STYLE = "color: #1b5e20;"
# The daily backup is looked at a minute after the window opens, then every 30 minutes (a
# stick plugged in later in the day still gets one).
DAILY_FIRST_MS = 60_000
DAILY_EVERY_MS = 30 * 60_000


def _when(at: datetime) -> str:
    return at.astimezone().strftime("%d/%m/%Y %H:%M")


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


class BackupDialog(QDialog):
    """``backed_up(BackupFile)`` after a backup is written; ``failed(exc)`` when it was not."""

    backed_up = Signal(object)
    failed = Signal(object)

    def __init__(
        self, ctx: AppContext, settings: AppSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("Backup"))
        self.ctx = ctx
        self.service = BackupService(ctx.workspace, settings)
        intro = QLabel(
            self.tr(
                "A backup is one file with all of this profile's data, encrypted with your "
                "passphrase: keep the passphrase, you need it to restore. Choose a folder on a "
                "USB stick; while the app is open a backup is made there once a day."
            )
        )
        intro.setWordWrap(True)
        self.folder_label = QLabel(objectName="backupFolder")
        self.folder_label.setWordWrap(True)
        choose = QPushButton(self.tr("&Choose folder…"), objectName="chooseBackupFolder")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(choose)
        self.keep = QSpinBox(objectName="backupKeep")
        self.keep.setRange(1, 365)
        self.keep.setValue(self.service.keep)
        self.keep.setSuffix(self.tr(" backups"))
        self.last_label = QLabel(objectName="lastBackup")
        self.last_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Folder:"), folder_row)
        form.addRow(self.tr("Keep the last:"), self.keep)
        form.addRow(self.tr("Last backup:"), self.last_label)
        self.status = QLabel(objectName="backupStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        restore_note = QLabel(
            self.tr(
                "To restore on another laptop: start the app there and choose "
                "“Restore from a backup…”."
            )
        )
        restore_note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.backup_button = self.buttons.addButton(
            self.tr("&Back up now"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.backup_button.setObjectName("backupNow")
        self.buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.back_up_now)
        choose.clicked.connect(self._choose)
        self.keep.valueChanged.connect(self.service.set_keep)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(restore_note)
        layout.addWidget(self.buttons)
        self._show_folder()
        self.last_label.setText("…")
        ctx.run_db(self.service.last_backup, on_done=self._show_last)
        self.resize(560, 320)

    def _show_folder(self) -> None:
        folder = self.service.folder()
        if folder is None:
            self.folder_label.setText(self.tr("No folder chosen yet."))
        elif folder.is_dir():
            self.folder_label.setText(str(folder))
        else:
            self.folder_label.setText(
                self.tr("%1 (not found now: is the USB stick plugged in?)").replace(
                    "%1", str(folder)
                )
            )
        self.backup_button.setEnabled(folder is not None)

    def _show_last(self, last: LastBackup | None) -> None:
        if not shiboken6.isValid(self):  # closed before the answer came
            return
        if last is None:
            self.last_label.setText(self.tr("No backup yet."))
        else:
            self.last_label.setText(
                self.tr("%1, %2 (%3)")
                .replace("%1", _when(last.at))
                .replace("%2", last.path.name)
                .replace("%3", _size(last.size))
            )

    def _choose(self) -> None:
        start = self.service.folder()
        dialog = QFileDialog(self, self.tr("Choose the backup folder"))
        dialog.setObjectName("backupFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if start is not None and start.is_dir():
            dialog.setDirectory(str(start))
        dialog.fileSelected.connect(lambda chosen: self.set_folder(Path(chosen)))
        dialog.open()

    def set_folder(self, folder: Path) -> None:
        self.service.set_folder(folder)
        self._show_folder()

    def back_up_now(self) -> None:
        if not self.backup_button.isEnabled():
            return
        self.backup_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Backing up…"))
        self.status.show()
        self.ctx.run_db(self.service.backup_now, on_done=self._done, on_error=self._failed)

    def _done(self, done: BackupFile) -> None:
        if not shiboken6.isValid(self):
            return
        self.backup_button.setEnabled(True)
        self.status.setStyleSheet(OK_STYLE)
        text = self.tr("Backup written: %1 (%2, %3 records).")
        text = (
            text.replace("%1", str(done.path))
            .replace("%2", _size(done.size))
            .replace("%3", format_count(done.manifest.total_records))
        )
        if done.manifest.unsent:
            text += " " + self.tr("It includes %1 changes not yet synced.").replace(
                "%1", str(done.manifest.unsent)
            )
        self.status.setText(text)
        self._show_last(LastBackup(done.manifest.created_at, done.path, done.size))
        self.backed_up.emit(done)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.backup_button.setEnabled(True)
        self.status.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, BackupError):
            text = self.tr("No backup was made: %1").replace("%1", str(exc))
        else:
            text = self.ctx.error_text(exc)
        self.status.setText(text)
        self.failed.emit(exc)


class DailyBackup(QObject):
    """While the app is open: once a day, a backup into the chosen folder if it is there.
    ``done(BackupFile)`` or ``failed(exc)``; nothing happens without a folder."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        settings: AppSettings,
        parent: QObject | None = None,
        *,
        first_ms: int = DAILY_FIRST_MS,
        every_ms: int = DAILY_EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = BackupService(ctx.workspace, settings)
        self._running = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(every_ms)
        QTimer.singleShot(first_ms, self, self.check)

    def check(self) -> None:
        if self._running:
            return
        self._running = True
        self.ctx.run_db(self.service.backup_if_due, on_done=self._done, on_error=self._failed)

    def _done(self, done: BackupFile | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        if done is not None:
            self.done.emit(done)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        self.failed.emit(exc)


class RestoreDialog(QDialog):
    """Restore a backup file on this laptop. ``restored(store)`` carries the open store."""

    restored = Signal(object)

    def __init__(
        self,
        tasks: Tasks,
        data_dir: Path,
        *,
        lang: str = "vi",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from a backup"))
        self._tasks = tasks
        self._data_dir = Path(data_dir)
        self._lang = lang
        self.manifest: Manifest | None = None
        self.replace_box: QMessageBox | None = None
        intro = QLabel(
            self.tr(
                "Choose a backup file (%1) and enter the passphrase the profile had when the "
                "backup was made."
            ).replace("%1", f"*{SUFFIX}")
        )
        intro.setWordWrap(True)
        self.file = QLineEdit(objectName="restoreFile")
        browse = QPushButton(self.tr("&Browse…"), objectName="restoreBrowse")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.summary = QLabel(objectName="restoreSummary")
        self.summary.setWordWrap(True)
        self.passphrase = QLineEdit(objectName="restorePassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Backup file:"), file_row)
        form.addRow("", self.summary)
        form.addRow(self.tr("Pass&phrase:"), self.passphrase)
        self.message = QLabel(objectName="restoreMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.restore_button = self.buttons.addButton(
            self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setDefault(True)
        self.buttons.accepted.connect(self.start_restore)
        self.buttons.rejected.connect(self.reject)
        browse.clicked.connect(self._browse)
        self.file.textChanged.connect(self._read)
        self.passphrase.returnPressed.connect(self.start_restore)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._read("")
        self.resize(560, 260)

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a backup file"))
        dialog.setObjectName("restoreFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Backups (%1)").replace("%1", f"*{SUFFIX}"))
        dialog.fileSelected.connect(self.file.setText)
        dialog.open()

    def _read(self, text: str) -> None:
        self.manifest = None
        self.restore_button.setEnabled(False)
        if not text.strip():
            self.summary.setText("")
            return
        try:
            manifest = read_manifest(Path(text.strip()))
        except BackupError:
            self.summary.setText(self.tr("This is not a backup file of this app."))
            return
        self.manifest = manifest
        text = (
            self.tr("Backup of %1 (%2), made %3: %4 records.")
            .replace("%1", manifest.agent_name)
            .replace("%2", manifest.agent_code)
            .replace("%3", _when(manifest.created_at))
            .replace("%4", format_count(manifest.total_records))
        )
        if manifest.unsent:
            text += " " + self.tr(
                "%1 changes were not yet synced when it was made: they come back with it and "
                "are sent at the next sync."
            ).replace("%1", str(manifest.unsent))
        self.summary.setText(text)
        self.restore_button.setEnabled(True)

    def start_restore(self, *, replace: bool = False) -> None:
        if self.manifest is None or not self.restore_button.isEnabled():
            return
        self.restore_button.setEnabled(False)
        self.message.hide()
        self._tasks.run_db(
            restore,
            self._data_dir,
            Path(self.file.text().strip()),
            self.passphrase.text(),
            replace=replace,
            on_done=self._restored,
            on_error=self._failed,
        )

    def _restored(self, store: Any) -> None:
        if not shiboken6.isValid(self):  # the screen went away meanwhile: nobody will use it
            self._tasks.run_db(store.close)
            return
        self.passphrase.clear()
        self.restored.emit(store)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from agent_app.storage import ProfileExists, WrongPassphrase

        if not shiboken6.isValid(self):
            return
        self.restore_button.setEnabled(True)
        if isinstance(exc, ProfileExists):
            self._ask_replace()
            return
        if isinstance(exc, WrongPassphrase):
            text = self.tr(
                "Wrong passphrase: enter the one the profile had when the backup was made. "
                "Nothing was created or changed."
            )
        elif isinstance(exc, NewerBackup):
            text = self.tr(
                "This backup was made by a newer version of the app: update the app, then "
                "restore it. Nothing was changed."
            )
        elif isinstance(exc, BackupError):
            text = self.tr("The backup could not be restored: %1").replace("%1", str(exc))
        else:
            text = error_text(exc, self._lang)
        self.message.setText(text)
        self.message.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _ask_replace(self) -> None:
        code = self.manifest.agent_code if self.manifest else ""
        box = QMessageBox(self)
        box.setObjectName("restoreReplaceBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Replace the profile?"))
        box.setText(
            self.tr(
                "A profile %1 already exists on this laptop. Replace it with the backup? The "
                "current one is not deleted: it is kept aside in the folder %2."
            )
            .replace("%1", code)
            .replace("%2", str(self._data_dir / "replaced-profiles"))
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(
            lambda result: (
                self.start_restore(replace=True)
                if result == QMessageBox.StandardButton.Yes
                else None
            )
        )
        self.replace_box = box
        box.open()


class ForgotPassphraseDialog(QDialog):
    """What a forgotten passphrase costs, and the way back. With ``can_set_aside`` (the unlock
    screen, nothing open) a button moves the profile aside so a new one can be created;
    ``set_aside_done(path)`` then fires."""

    set_aside_done = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        agent_code: str | None,
        *,
        can_set_aside: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("forgotDialog")
        self.setWindowTitle(self.tr("Forgot the passphrase?"))
        self._data_dir = Path(data_dir)
        self._code = agent_code
        text = QLabel(
            self.tr(
                "<p>Nobody can recover or reset the passphrase: the data on this laptop is "
                "encrypted with it.</p>"
                "<p><b>What is lost:</b> the changes not yet synced on this laptop. They cannot "
                "be read without the passphrase (how many there are is not known either).</p>"
                "<p><b>The way back:</b></p><ol>"
                "<li>If you have a backup whose passphrase you remember, choose “Restore from a "
                "backup…”.</li>"
                "<li>Otherwise ask your supervisor for a new enrollment code, create a new "
                "profile with a new passphrase and connect it to the server: the first sync "
                "brings back every record the server has for your communes.</li></ol>"
                "<p>“Set this profile aside” moves the old profile out of the list without "
                "deleting it, so it still opens if you remember the passphrase later.</p>"
            ),
            objectName="forgotText",
        )
        text.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.buttons.rejected.connect(self.reject)
        self.set_aside_button = self.buttons.addButton(
            self.tr("&Set this profile aside and start again"),
            QDialogButtonBox.ButtonRole.DestructiveRole,
        )
        self.set_aside_button.setObjectName("forgotSetAside")
        self.set_aside_button.setVisible(can_set_aside and agent_code is not None)
        self.set_aside_button.clicked.connect(self._set_aside)
        self.message = QLabel(objectName="forgotMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if not can_set_aside:
            locked = QLabel(
                self.tr(
                    "The profile is open behind the lock: to set it aside, quit the app and "
                    "choose “Forgot the passphrase?” on the next start."
                ),
                objectName="forgotLocked",
            )
            locked.setWordWrap(True)
            layout.addWidget(locked)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, 340)

    def _set_aside(self) -> None:
        if self._code is None:
            return
        from agent_app.storage import StorageError

        try:
            moved = set_aside(self._data_dir, self._code)
        except (OSError, StorageError) as exc:  # a file held open elsewhere (Windows), ...
            self.message.setText(
                self.tr("The profile could not be moved: %1").replace("%1", str(exc))
            )
            self.message.show()
            return
        self.set_aside_done.emit(moved)
        self.accept()
