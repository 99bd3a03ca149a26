"""Getting to the data: the first-run dialog that creates an agent profile, the unlock dialog
shown on every start (and after an idle lock), and the idle timer that locks the app.

Opening and creating a profile run on the database thread (the SQLCipher connection belongs to
it); the dialogs only wait for the result. A wrong passphrase touches nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_app.tasks import Tasks
from agent_app.ui.context import error_text
from agent_app.ui.forms import ERROR_STYLE
from sync.domain.admin_units import admin_units

MIN_PASSPHRASE = 8


def passphrase_strength(passphrase: str) -> int:
    """0 (too short) .. 4 (strong): length counts most, then the kinds of characters used."""
    if len(passphrase) < MIN_PASSPHRASE:
        return 0
    kinds = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    score = 1 + (len(passphrase) >= 12) + (len(passphrase) >= 16) + (kinds >= 3)
    return min(score, 4)


class CommunePicker(QWidget):
    """Search communes by name (diacritics optional) and collect the agent's communes."""

    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(objectName="communeSearch")
        self.search.setPlaceholderText(self.tr("Type a commune name, e.g. u minh thuong"))
        self.results = QListWidget(objectName="communeResults")
        self.chosen = QListWidget(objectName="communeChosen")
        self.results.setMaximumHeight(110)
        self.chosen.setMaximumHeight(80)
        add = QPushButton(self.tr("&Add"), objectName="communeAdd")
        remove = QPushButton(self.tr("Remove"), objectName="communeRemove")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Your communes:")))
        layout.addWidget(self.chosen)
        self.search.textChanged.connect(self._find)
        self.search.returnPressed.connect(self._add_current)
        self.results.itemActivated.connect(lambda _item: self._add_current())
        add.clicked.connect(self._add_current)
        remove.clicked.connect(self._remove_current)

    def codes(self) -> list[str]:
        return [
            str(self.chosen.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.chosen.count())
        ]

    def add_code(self, code: str) -> None:
        commune = admin_units().commune(code)
        if commune is None or code in self.codes():
            return
        province = admin_units().province(commune.province_code)
        text = f"{commune.name} — {province.name if province else ''} ({commune.code})"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, commune.code)
        self.chosen.addItem(item)
        self.selection_changed.emit()

    def _find(self, text: str) -> None:
        self.results.clear()
        units = admin_units()
        for commune in units.search(text, limit=30):
            province = units.province(commune.province_code)
            item = QListWidgetItem(f"{commune.name} — {province.name if province else ''}")
            item.setData(Qt.ItemDataRole.UserRole, commune.code)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _add_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.add_code(str(item.data(Qt.ItemDataRole.UserRole)))

    def _remove_current(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self.selection_changed.emit()


class FirstRunDialog(QDialog):
    """Create an agent profile: name, code, communes, passphrase twice (with a strength hint).

    ``created(store, server)`` carries the open store and, when the agent filled in the
    server box, ``{"server_url", "username", "enrollment_code"}`` (else None).
    """

    created = Signal(object, object)
    restore_requested = Signal()  # "Restore from a backup…" (agent_app.ui.backup_dialog)

    def __init__(
        self,
        tasks: Tasks,
        data_dir: Path,
        *,
        lang: str = "vi",
        server_url: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setWindowTitle(self.tr("New agent profile"))
        self._tasks = tasks
        self._data_dir = data_dir
        self._lang = lang
        intro = QLabel(
            self.tr(
                "Your data stays on this laptop, encrypted with your passphrase. "
                "Nobody can recover a forgotten passphrase: write it down somewhere safe."
            )
        )
        intro.setWordWrap(True)
        self.agent_name = QLineEdit(objectName="agentName")
        self.agent_code = QLineEdit(objectName="agentCode")
        self.agent_code.setPlaceholderText("BD0001")
        self.communes = CommunePicker()
        self.passphrase = QLineEdit(objectName="passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase2 = QLineEdit(objectName="passphrase2")
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel(objectName="strengthHint")
        form = QFormLayout()
        form.addRow(self.tr("Agent &name:"), self.agent_name)
        form.addRow(self.tr("Agent &code:"), self.agent_code)
        form.addRow(self.tr("Co&mmunes:"), self.communes)
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        form.addRow(self.tr("Passphrase a&gain:"), self.passphrase2)
        form.addRow("", self.strength)

        self.server_box = QGroupBox(self.tr("Connect to the central server (optional)"))
        self.server_box.setObjectName("serverBox")
        self.server_box.setCheckable(True)
        self.server_box.setChecked(False)
        self.server_url = QLineEdit(server_url or "", objectName="serverUrl")
        self.server_url.setPlaceholderText("https://bhxh.example.vn")
        self.username = QLineEdit(objectName="serverUsername")
        self.enrollment_code = QLineEdit(objectName="enrollmentCode")
        server_form = QFormLayout(self.server_box)
        server_form.addRow(self.tr("Server address:"), self.server_url)
        server_form.addRow(self.tr("User name:"), self.username)
        server_form.addRow(self.tr("Enrollment code:"), self.enrollment_code)

        self.error = QLabel(objectName="formError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            self.tr("C&reate profile"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("createProfile")
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        self.restore_button = self.buttons.addButton(
            self.tr("Restore from a &backup…"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.restore_button.setObjectName("restoreBackupButton")
        self.restore_button.clicked.connect(self.restore_requested)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.server_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for edit in (self.passphrase, self.passphrase2):
            edit.textChanged.connect(self._update_strength)
        self._update_strength()
        self.resize(560, 640)

    def _update_strength(self) -> None:
        score = passphrase_strength(self.passphrase.text())
        words = [
            self.tr("Too short: at least 8 characters."),
            self.tr("Weak: longer is better."),
            self.tr("Fair."),
            self.tr("Good."),
            self.tr("Strong."),
        ]
        text = words[score]
        if self.passphrase2.text() and self.passphrase2.text() != self.passphrase.text():
            text += " " + self.tr("The two passphrases differ.")
        self.strength.setText(text)

    def _problems(self) -> list[str]:
        problems = []
        if not self.agent_name.text().strip():
            problems.append(self.tr("Enter the agent's name."))
        if not self.agent_code.text().strip():
            problems.append(self.tr("Enter the agent code."))
        if not self.communes.codes():
            problems.append(self.tr("Choose at least one commune."))
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            problems.append(self.tr("The passphrase needs at least 8 characters."))
        elif self.passphrase.text() != self.passphrase2.text():
            problems.append(self.tr("The two passphrases differ."))
        if self.server_box.isChecked() and not (
            self.server_url.text().strip()
            and self.username.text().strip()
            and self.enrollment_code.text().strip()
        ):
            problems.append(self.tr("Fill in the server address, user name and enrollment code."))
        return problems

    def _create(self) -> None:
        problems = self._problems()
        if problems:
            self._show_error("\n".join(problems))
            return
        from agent_app.storage import create_profile

        self.create_button.setEnabled(False)
        self._tasks.run_db(
            create_profile,
            self._data_dir,
            agent_name=self.agent_name.text().strip(),
            agent_code=self.agent_code.text().strip().upper(),
            communes=self.communes.codes(),
            passphrase=self.passphrase.text(),
            server_url=self.server_url.text().strip() or None,
            on_done=self._created,
            on_error=self._failed,
        )

    def _created(self, store: Any) -> None:
        server = None
        if self.server_box.isChecked():
            server = {
                "server_url": self.server_url.text().strip(),
                "username": self.username.text().strip(),
                "enrollment_code": self.enrollment_code.text().strip(),
            }
        self.passphrase.clear()
        self.passphrase2.clear()
        self.created.emit(store, server)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self._show_error(error_text(exc, self._lang))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


Opener = Callable[[Path, str, str], Any]


class UnlockDialog(QDialog):
    """Choose a profile and type its passphrase. ``unlocked(store)`` carries the open store.

    With ``locked_profile`` (the idle lock) the profile cannot be changed and the dialog cannot
    be dismissed: the only way back to the data is the passphrase.
    """

    unlocked = Signal(object)
    new_profile_requested = Signal()
    restore_requested = Signal()  # "Restore from a backup…" (agent_app.ui.backup_dialog)
    profile_set_aside = Signal(object)  # a forgotten passphrase: the folder it was moved to

    def __init__(
        self,
        tasks: Tasks,
        data_dir: Path,
        profiles: Sequence[Any],
        *,
        last_profile: str | None = None,
        locked_profile: str | None = None,
        opener: Opener | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self._tasks = tasks
        self._data_dir = data_dir
        self._opener = opener
        self._locked = locked_profile is not None
        self.setWindowTitle(self.tr("Locked") if self._locked else self.tr("Unlock your profile"))
        heading = QLabel(
            self.tr("The app was locked after a period of inactivity.")
            if self._locked
            else self.tr("Choose your profile and enter your passphrase.")
        )
        heading.setWordWrap(True)
        self.profile = QComboBox(objectName="profileChoice")
        for info in profiles:
            self.profile.addItem(f"{info.agent_name} ({info.agent_code})", info.agent_code)
        wanted = locked_profile or last_profile
        if wanted is not None:
            index = self.profile.findData(wanted)
            if index >= 0:
                self.profile.setCurrentIndex(index)
        self.profile.setEnabled(not self._locked)
        self.passphrase = QLineEdit(objectName="unlockPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="unlockMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        form.addRow(self.tr("P&rofile:"), self.profile)
        form.addRow(self.tr("Pass&phrase:"), self.passphrase)
        self.unlock_button = QPushButton(self.tr("&Unlock"), objectName="unlockButton")
        self.unlock_button.setDefault(True)
        self.new_button = QPushButton(self.tr("&New profile…"), objectName="newProfileButton")
        self.new_button.setVisible(not self._locked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        recovery = self._recovery_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addLayout(recovery)
        self.unlock_button.clicked.connect(self._unlock)
        self.passphrase.returnPressed.connect(self._unlock)
        self.new_button.clicked.connect(self.new_profile_requested)
        self.passphrase.setFocus()
        self.resize(420, 200)

    def reject(self) -> None:
        if not self._locked:  # Esc must not reveal locked data
            super().reject()

    def _recovery_buttons(self) -> QHBoxLayout:
        """ "Restore from a backup…" and "Forgot the passphrase?" (agent_app.ui.backup_dialog)."""
        self.restore_button = QPushButton(
            self.tr("Restore from a &backup…"), objectName="restoreBackupButton"
        )
        self.restore_button.setVisible(not self._locked)
        self.restore_button.clicked.connect(self.restore_requested)
        self.forgot_button = QPushButton(
            self.tr("&Forgot the passphrase?"), objectName="forgotButton"
        )
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.show_forgot)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(self.forgot_button)
        return row

    def show_forgot(self) -> QDialog:
        from agent_app.ui.backup_dialog import ForgotPassphraseDialog

        code = self.profile.currentData()
        dialog = ForgotPassphraseDialog(
            self._data_dir,
            str(code) if code is not None else None,
            can_set_aside=not self._locked,  # the profile is open behind an idle lock
            parent=self,
        )
        dialog.set_aside_done.connect(self.profile_set_aside)
        self.forgot_dialog = dialog
        dialog.open()
        return dialog

    def _unlock(self) -> None:
        code = self.profile.currentData()
        if code is None or not self.unlock_button.isEnabled():
            return
        opener = self._opener
        if opener is None:
            from agent_app.storage import open_profile

            opener = open_profile
        self.unlock_button.setEnabled(False)
        self.message.hide()
        self._tasks.run_db(
            opener,
            self._data_dir,
            str(code),
            self.passphrase.text(),
            on_done=self._opened,
            on_error=self._failed,
        )

    def _opened(self, store: Any) -> None:
        self.passphrase.clear()
        self.unlock_button.setEnabled(True)
        self.unlocked.emit(store)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from agent_app.storage import WrongPassphrase

        self.unlock_button.setEnabled(True)
        if isinstance(exc, WrongPassphrase):
            text = self.tr("Wrong passphrase. Nothing was changed; please try again.")
        else:
            text = self.tr("The profile could not be opened: %1").replace("%1", str(exc))
        self.message.setText(text)
        self.message.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()


class IdleLock(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse input anywhere in the app.

    Installed as an event filter on the QApplication; ``minutes == 0`` turns it off.
    """

    idle = Signal()
    _ACTIVITY = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._paused = False
        self.set_interval_ms(minutes * 60_000)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        if ms > 0 and not self._paused:
            self._timer.start()
        else:
            self._timer.stop()

    def pause(self) -> None:
        """Stop counting (while the unlock dialog is up)."""
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        if self._timer.interval() > 0:
            self._timer.start()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in self._ACTIVITY and not self._paused and self._timer.interval() > 0:
            self._timer.start()  # restarts the countdown
        return False

    def _fire(self) -> None:
        self._paused = True
        self.idle.emit()
