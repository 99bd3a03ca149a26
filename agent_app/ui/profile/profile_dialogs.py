"""Getting to the data: the first-run dialog that creates an agent profile, the unlock dialog
shown on every start (and after an idle lock), and the idle timer that locks the app.

Opening and creating a profile run on the database thread (the SQLCipher connection belongs to
it); the dialogs only wait for the result. A wrong passphrase touches nothing.
"""

from __future__ import annotations

import platform
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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agent_app.tasks import Tasks
from agent_app.ui.context import error_text
from agent_app.ui.i18n import format_count
from agent_app.ui.widgets.forms import ERROR_STYLE
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


class _ProgressRelay(QObject):
    """Carries the sync engine's progress from the network thread to the GUI thread."""

    progress = Signal(object)


def _field_with_message(edit: QWidget, message: QLabel) -> QWidget:
    """A field with its own error line right under it (where the agent is looking)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(edit)
    layout.addWidget(message)
    message.setStyleSheet(ERROR_STYLE)
    message.setWordWrap(True)
    message.hide()
    return box


class FirstRunDialog(QDialog):
    """The first run. Main path: server address, user name and one-time enrollment code, a
    passphrase twice → the laptop is registered (network pool), the profile is created from
    what the server says (agent name, code, communes), the first pull runs with a progress bar,
    then ``created`` fires. Secondary path ("Start without a server…"): an offline profile
    from a typed name, code and communes.

    ``created(store, server)`` carries the open store and, for the offline path, None (the
    connected path has already registered: nothing is left to do but open the window).

    More secondary buttons (a restore, for instance) go into ``secondary_buttons``, the row
    left of Cancel, with :meth:`add_secondary_button`.
    """

    created = Signal(object, object)
    progress_shown = Signal(int, int)  # the bar's value and maximum (0: busy), after each step
    MODE_CONNECT, MODE_OFFLINE = 0, 1
    PAGE_FORM, PAGE_PROGRESS = 0, 1
    restore_requested = Signal()  # "Restore from a backup…" (agent_app.ui.profile.backup_dialog)

    def __init__(
        self,
        tasks: Tasks,
        data_dir: Path,
        *,
        lang: str = "vi",
        server_url: str | None = None,
        device_name: str | None = None,
        pull_attempts: int = 5,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self._pull_attempts = pull_attempts  # tries per page of the first pull before stopping
        self.setWindowTitle(self.tr("New agent profile"))
        self._tasks = tasks
        self._data_dir = data_dir
        self._lang = lang
        self._device_name = device_name or platform.node() or "laptop"
        self._store: Any = None
        self._busy = False
        intro = QLabel(
            self.tr(
                "Your data stays on this laptop, encrypted with your passphrase. "
                "Nobody can recover a forgotten passphrase: write it down somewhere safe."
            )
        )
        intro.setWordWrap(True)

        # -- connect (the main path) --
        self.connect_intro = QLabel(
            self.tr(
                "Your supervisor gave you a user name and a one-time enrollment code. "
                "Your name, agent code and communes come from the server."
            )
        )
        self.connect_intro.setWordWrap(True)
        self.server_url = QLineEdit(server_url or "", objectName="serverUrl")
        self.server_url.setPlaceholderText("https://bhxh.example.vn")
        self.server_url_error = QLabel(objectName="serverUrlError")
        self.username = QLineEdit(objectName="serverUsername")
        self.username_error = QLabel(objectName="usernameError")
        self.enrollment_code = QLineEdit(objectName="enrollmentCode")
        self.enrollment_code.setPlaceholderText("ABCD-EFGH-JKLM")
        self.enrollment_code_error = QLabel(objectName="enrollmentCodeError")
        connect_page = QWidget(objectName="connectPage")
        connect_layout = QVBoxLayout(connect_page)
        connect_layout.setContentsMargins(0, 0, 0, 0)
        connect_layout.addWidget(self.connect_intro)
        connect_form = QFormLayout()
        connect_form.addRow(
            self.tr("Server &address:"), _field_with_message(self.server_url, self.server_url_error)
        )
        connect_form.addRow(
            self.tr("&User name:"), _field_with_message(self.username, self.username_error)
        )
        connect_form.addRow(
            self.tr("&Enrollment code:"),
            _field_with_message(self.enrollment_code, self.enrollment_code_error),
        )
        self._buddy(connect_form)
        connect_layout.addLayout(connect_form)
        connect_layout.addStretch(1)

        # -- offline profile (the secondary path) --
        self.agent_name = QLineEdit(objectName="agentName")
        self.agent_code = QLineEdit(objectName="agentCode")
        self.agent_code.setPlaceholderText("BD0001")
        self.communes = CommunePicker()
        offline_page = QWidget(objectName="offlinePage")
        offline_form = QFormLayout(offline_page)
        offline_form.setContentsMargins(0, 0, 0, 0)
        offline_form.addRow(self.tr("Agent &name:"), self.agent_name)
        offline_form.addRow(self.tr("Agent &code:"), self.agent_code)
        offline_form.addRow(self.tr("Co&mmunes:"), self.communes)
        self._buddy(offline_form)

        self.modes = QStackedWidget(objectName="firstRunModes")
        self.modes.addWidget(connect_page)
        self.modes.addWidget(offline_page)

        # -- the passphrase, on both paths --
        self.passphrase = QLineEdit(objectName="passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase2 = QLineEdit(objectName="passphrase2")
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel(objectName="strengthHint")
        passphrase_form = QFormLayout()
        passphrase_form.addRow(self.tr("&Passphrase:"), self.passphrase)
        passphrase_form.addRow(self.tr("Passphrase a&gain:"), self.passphrase2)
        passphrase_form.addRow("", self.strength)
        self._buddy(passphrase_form)

        form_page = QWidget(objectName="firstRunForm")
        form_layout = QVBoxLayout(form_page)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(intro)
        form_layout.addWidget(self.modes)
        form_layout.addLayout(passphrase_form)
        form_layout.addStretch(1)

        # -- the first pull --
        progress_page = QWidget(objectName="firstRunProgressPage")
        progress_layout = QVBoxLayout(progress_page)
        self.connected_label = QLabel(objectName="firstRunConnected")
        self.connected_label.setWordWrap(True)
        self.connected_label.setStyleSheet("font-size: 12pt;")
        self.status = QLabel(objectName="firstRunStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(objectName="firstRunProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(True)
        self.progress_note = QLabel(objectName="firstRunNote")
        self.progress_note.setWordWrap(True)
        self.progress_note.hide()
        progress_layout.addStretch(1)
        progress_layout.addWidget(self.connected_label)
        progress_layout.addWidget(self.status)
        progress_layout.addWidget(self.progress)
        progress_layout.addWidget(self.progress_note)
        progress_layout.addStretch(2)

        self.pages = QStackedWidget(objectName="firstRunPages")
        self.pages.addWidget(form_page)
        self.pages.addWidget(progress_page)

        self.error = QLabel(objectName="formError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        # -- buttons: secondary ones on the left, Cancel and the main action on the right --
        self.offline_button = QPushButton(objectName="offlineModeButton")
        self.offline_button.setAutoDefault(False)
        self.offline_button.clicked.connect(self.toggle_mode)
        self.open_button = QPushButton(self.tr("&Open the app"), objectName="openAppButton")
        self.open_button.hide()
        self.open_button.clicked.connect(self._finish)
        self.secondary_buttons = QHBoxLayout()
        self.secondary_buttons.addWidget(self.offline_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.create_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createProfile")
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        self.restore_button = QPushButton(
            self.tr("Restore from a &backup…"), objectName="restoreBackupButton"
        )
        self.restore_button.clicked.connect(self.restore_requested)
        self.secondary_buttons.addWidget(self.restore_button)
        button_row = QHBoxLayout()
        button_row.addLayout(self.secondary_buttons)
        button_row.addStretch(1)
        button_row.addWidget(self.open_button)
        button_row.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(button_row)
        for edit in (self.passphrase, self.passphrase2):
            edit.textChanged.connect(self._update_strength)
        # Enter in a field presses the main action (the dialog's default button is not reliable
        # once the pages switch); _create ignores a second press while busy.
        for edit in (
            self.server_url, self.username, self.enrollment_code, self.agent_name,
            self.agent_code, self.passphrase, self.passphrase2,
        ):  # fmt: skip
            edit.returnPressed.connect(self._create)
        self.server_url.textChanged.connect(lambda _t: self.server_url_error.hide())
        self.username.textChanged.connect(lambda _t: self.username_error.hide())
        self.enrollment_code.textChanged.connect(lambda _t: self.enrollment_code_error.hide())
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._on_progress)
        self._update_strength()
        self.set_mode(self.MODE_CONNECT)
        self.resize(560, 520)

    @staticmethod
    def _buddy(form: QFormLayout) -> None:
        """Each label's access key moves to its field (the field sits in a box with its
        error line, which QFormLayout does not look into)."""
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None:
                continue
            label_widget, field_widget = label.widget(), field.widget()
            if not isinstance(label_widget, QLabel) or field_widget is None:
                continue
            target = field_widget
            if not isinstance(field_widget, QLineEdit):
                edit = field_widget.findChild(QLineEdit)
                target = edit if edit is not None else field_widget
            label_widget.setBuddy(target)

    # -- mode --

    @property
    def mode(self) -> int:
        return self.modes.currentIndex()

    def add_secondary_button(self, button: QPushButton) -> None:
        """Another way in (restore from a backup, ...): a button beside "Start without a
        server…"."""
        button.setAutoDefault(False)
        self.secondary_buttons.addWidget(button)

    def toggle_mode(self) -> None:
        self.set_mode(self.MODE_OFFLINE if self.mode == self.MODE_CONNECT else self.MODE_CONNECT)

    def set_mode(self, mode: int) -> None:
        self.modes.setCurrentIndex(mode)
        # Only the page shown takes room (a stack is as tall as its tallest page otherwise).
        for index in range(self.modes.count()):
            policy = QSizePolicy.Policy.Preferred if index == mode else QSizePolicy.Policy.Ignored
            self.modes.widget(index).setSizePolicy(policy, policy)
        self.modes.adjustSize()
        self.error.hide()
        if mode == self.MODE_CONNECT:
            self.create_button.setText(self.tr("C&onnect"))
            self.offline_button.setText(self.tr("Start &without a server…"))
            self.server_url.setFocus()
        else:
            self.create_button.setText(self.tr("C&reate profile"))
            self.offline_button.setText(self.tr("Connect to a &server instead"))
            self.agent_name.setFocus()

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

    # -- checks --

    def _passphrase_problems(self) -> list[str]:
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            return [self.tr("The passphrase needs at least 8 characters.")]
        if self.passphrase.text() != self.passphrase2.text():
            return [self.tr("The two passphrases differ.")]
        return []

    def _problems(self) -> list[str]:
        problems = []
        if not self.agent_name.text().strip():
            problems.append(self.tr("Enter the agent's name."))
        if not self.agent_code.text().strip():
            problems.append(self.tr("Enter the agent code."))
        if not self.communes.codes():
            problems.append(self.tr("Choose at least one commune."))
        return problems + self._passphrase_problems()

    def _connect_problems(self) -> bool:
        """Marks each empty or malformed field beside it; True when something is wrong."""
        from agent_app.services.onboarding import BadServerUrl, normalise_server_url

        wrong = False
        try:
            normalise_server_url(self.server_url.text())
        except BadServerUrl:
            self._mark(
                self.server_url_error,
                self.tr(
                    "Enter the server's address as your supervisor gave it, starting with "
                    "https:// or http://, e.g. https://bhxh.example.vn"
                ),
            )
            wrong = True
        if not self.username.text().strip():
            self._mark(self.username_error, self.tr("Enter your user name."))
            wrong = True
        if not self.enrollment_code.text().strip():
            self._mark(self.enrollment_code_error, self.tr("Enter the enrollment code."))
            wrong = True
        problems = self._passphrase_problems()
        if problems:
            self._show_error("\n".join(problems))
            wrong = True
        return wrong

    def _mark(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()

    # -- the two paths --

    def _create(self) -> None:
        if self._busy:
            return
        self.error.hide()
        if self.mode == self.MODE_CONNECT:
            self._register()
            return
        problems = self._problems()
        if problems:
            self._show_error("\n".join(problems))
            return
        from agent_app.storage import create_profile

        self._set_busy(True)
        self._tasks.run_db(
            create_profile,
            self._data_dir,
            agent_name=self.agent_name.text().strip(),
            agent_code=self.agent_code.text().strip().upper(),
            communes=self.communes.codes(),
            passphrase=self.passphrase.text(),
            on_done=self._created_offline,
            on_error=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.create_button.setEnabled(not busy)
        self.offline_button.setEnabled(not busy)
        for i in range(self.secondary_buttons.count()):
            widget = self.secondary_buttons.itemAt(i).widget()
            if widget is not None:
                widget.setEnabled(not busy)

    def _created_offline(self, store: Any) -> None:
        self.passphrase.clear()
        self.passphrase2.clear()
        self._set_busy(False)
        self.created.emit(store, None)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(error_text(exc, self._lang))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # connect: register (network) → create the profile (database) → first pull (network)

    def _register(self) -> None:
        for label in (self.server_url_error, self.username_error, self.enrollment_code_error):
            label.hide()
        if self._connect_problems():
            return
        from agent_app.services.onboarding import register_device

        self._set_busy(True)
        self.create_button.setText(self.tr("Connecting…"))
        self._tasks.run_net(
            register_device,
            self.server_url.text(),
            self.username.text(),
            self.enrollment_code.text(),
            self._device_name,
            on_done=self._registered,
            on_error=self._register_failed,
        )

    def _register_failed(self, exc: BaseException) -> None:
        from agent_app.services.onboarding import BadServerUrl
        from sync.client import AuthError, RequestRejected, TransientError

        self._set_busy(False)
        self.set_mode(self.MODE_CONNECT)
        if isinstance(exc, AuthError):
            self._mark(
                self.enrollment_code_error,
                self.tr(
                    "The code is wrong or was already used; ask your supervisor for a new one. "
                    "Check the user name too."
                ),
            )
            self.enrollment_code.selectAll()
            self.enrollment_code.setFocus()
        elif isinstance(exc, TransientError) and exc.status == 429:
            self._mark(
                self.enrollment_code_error,
                self.tr("Too many attempts from this laptop; wait a minute and try again."),
            )
        elif isinstance(exc, TransientError) and exc.status is not None:
            self._mark(
                self.server_url_error,
                self.tr(
                    "The server answered with an error (%1); try again in a few minutes."
                ).replace("%1", str(exc.status)),
            )
        elif isinstance(exc, TransientError):
            self._mark(
                self.server_url_error,
                self.tr("No server answers at this address: check the address and the connection."),
            )
            self.server_url.setFocus()
        elif isinstance(exc, BadServerUrl):
            self._mark(
                self.server_url_error,
                self.tr("This address does not look like a server's, e.g. https://bhxh.example.vn"),
            )
        elif isinstance(exc, RequestRejected) and exc.field == "username":
            self._mark(self.username_error, str(exc))
        elif isinstance(exc, RequestRejected) and exc.code == "protocol":
            self._mark(
                self.server_url_error,
                self.tr(
                    "The server at this address is not a BHXH sync server, or too new: %1"
                ).replace("%1", str(exc)),
            )
        else:
            self._show_error(error_text(exc, self._lang))

    def _registered(self, device: Any) -> None:
        from agent_app.services.onboarding import create_connected_profile

        self.show_progress_page(device.agent.name, device.agent.code or device.agent.username)
        self.status.setText(self.tr("Creating your encrypted profile…"))
        passphrase = self.passphrase.text()
        url = self.server_url.text()  # read here: widgets belong to the GUI thread
        self.passphrase.clear()
        self.passphrase2.clear()

        def create() -> tuple[Any, Any]:
            from agent_app.services import Workspace

            store = create_connected_profile(
                self._data_dir,
                device,
                server_url=url,
                device_name=self._device_name,
                passphrase=passphrase,
            )
            return store, Workspace(store)

        self._tasks.run_db(create, on_done=self._profile_ready, on_error=self._create_failed)

    def show_progress_page(self, name: str, code: str) -> None:
        """Step two: who the server says the agent is, and the first download's bar."""
        self.pages.setCurrentIndex(self.PAGE_PROGRESS)
        self.connected_label.setText(
            self.tr("Connected as %1 (%2).").replace("%1", name).replace("%2", code)
        )
        self.progress.setRange(0, 0)
        self.create_button.hide()
        self.offline_button.hide()
        self.cancel_button.setEnabled(False)

    def _create_failed(self, exc: BaseException) -> None:
        self.pages.setCurrentIndex(self.PAGE_FORM)
        self.create_button.show()
        self.offline_button.show()
        self.cancel_button.setEnabled(True)
        self._set_busy(False)
        self.set_mode(self.MODE_CONNECT)
        from agent_app.storage import ProfileExists

        if isinstance(exc, ProfileExists):
            self._show_error(
                self.tr(
                    "This laptop already has a profile for this agent: cancel, then unlock it "
                    "with its passphrase."
                )
            )
            return
        self._show_error(
            self.tr("The profile could not be created: %1").replace(
                "%1", error_text(exc, self._lang)
            )
        )

    def _profile_ready(self, built: tuple[Any, Any]) -> None:
        from agent_app.services.sync_service import SyncService

        store, workspace = built
        self._store = store  # the profile exists: the way out is to open it
        self.status.setText(self.tr("Downloading reference data and your records…"))
        # Built here, not on the database thread: the service asks that thread for its id.
        service = SyncService(
            workspace, db_executor=self._tasks.db_executor, max_attempts=self._pull_attempts
        )
        relay = self._relay
        self._tasks.run_net(
            lambda: service.sync(relay.progress.emit),
            on_done=self._pulled,
            on_error=self._pull_failed,
        )

    def _on_progress(self, progress: Any) -> None:
        total, done, phase = progress.total, progress.done, progress.phase
        if phase == "done":
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)  # a busy bar until the size is known
        if phase == "pull":
            self.progress.setFormat(self.tr("Received %v of %m"))
            count = format_count(done)
            self.status.setText(
                self.tr("Downloading reference data and your records: %1 received so far.").replace(
                    "%1", count
                )
            )
        elif phase == "push":
            self.progress.setFormat(self.tr("Sent %v of %m"))
        self.progress_shown.emit(self.progress.value(), self.progress.maximum())

    def _pulled(self, report: Any) -> None:
        if report.ok:
            self._finish()
            return
        self._stopped(report.error or "")

    def _pull_failed(self, exc: BaseException) -> None:
        self._stopped(error_text(exc, self._lang))

    def _stopped(self, why: str) -> None:
        """The profile is there and registered; what did not arrive comes at the next sync
        (the pull cursor is kept page by page, so it resumes, not restarts)."""
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.progress_note.setStyleSheet(ERROR_STYLE)
        self.progress_note.setText(
            self.tr(
                "The first download stopped: %1\nYour profile is ready and what arrived is "
                "kept; the rest comes at the next sync."
            ).replace("%1", why)
        )
        self.progress_note.show()
        self.open_button.show()
        self.open_button.setDefault(True)
        self.open_button.setFocus()

    def reject(self) -> None:
        if self.pages.currentIndex() == self.PAGE_PROGRESS:
            return  # the profile exists (or is being made): the way on is to open it
        super().reject()

    def _finish(self) -> None:
        store, self._store = self._store, None
        if store is None:
            return
        self._busy = False
        self.created.emit(store, None)
        self.accept()


Opener = Callable[[Path, str, str], Any]


class UnlockDialog(QDialog):
    """Choose a profile and type its passphrase. ``unlocked(store)`` carries the open store.

    With ``locked_profile`` (the idle lock) the profile cannot be changed and the dialog cannot
    be dismissed: the only way back to the data is the passphrase.
    """

    unlocked = Signal(object)
    new_profile_requested = Signal()
    restore_requested = Signal()  # "Restore from a backup…" (agent_app.ui.profile.backup_dialog)
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
        """ "Restore from a backup…" and "Forgot the passphrase?" (ui.profile.backup_dialog)."""
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
        from agent_app.ui.profile.backup_dialog import ForgotPassphraseDialog

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
