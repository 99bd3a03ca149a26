"""About: the app's name and version, its licence (GPL-3.0-or-later, the full text on demand),
and where things are: the data dir, the log file, the server and the last sync."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_app.paths import resource_path
from agent_app.ui.context import AppContext
from sync import __version__

LICENCE_ID: Final = "GPL-3.0-or-later"
LICENCE_URL: Final = "https://www.gnu.org/licenses/gpl-3.0.html"


def licence_path() -> Path:
    """LICENSE beside ``resources/``: the checkout's root, or the bundle's (build.spec copies
    it to the top of the PyInstaller folder, where ``resources/`` also lands)."""
    return resource_path().parent / "LICENSE"


def licence_text() -> str:
    try:
        return licence_path().read_text(encoding="utf-8")
    except OSError:
        return f"GNU General Public License v3.0 or later ({LICENCE_ID})\n{LICENCE_URL}\n"


def _local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%H:%M %d/%m/%Y")


class AboutDialog(QDialog):
    """``loaded`` fires once the server address and the last sync are read from the store."""

    loaded = Signal()

    def __init__(
        self, ctx: AppContext, data_dir: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About"))
        self.ctx = ctx
        from agent_app.logs import LOG_FILE, log_dir

        if data_dir is None:
            data_dir = Path(ctx.workspace.store.profile.path).parent.parent
        title = QLabel(self.tr("BHXH field agent"), objectName="aboutTitle")
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.version = QLabel(__version__, objectName="aboutVersion")
        self.licence = QLabel(
            self.tr("GNU General Public License, version 3 or later (%1)").replace(
                "%1", LICENCE_ID
            ),
            objectName="aboutLicence",
        )
        self.licence.setWordWrap(True)
        self.data_dir = self._path_label(str(data_dir), "aboutDataDir")
        self.log_file = self._path_label(str(log_dir(data_dir) / LOG_FILE), "aboutLogFile")
        self.server = self._path_label("…", "aboutServer")
        self.last_sync = QLabel("…", objectName="aboutLastSync")
        form = QFormLayout()
        form.addRow(self.tr("Version:"), self.version)
        form.addRow(self.tr("Licence:"), self.licence)
        form.addRow(self.tr("Data folder:"), self.data_dir)
        form.addRow(self.tr("Log file:"), self.log_file)
        form.addRow(self.tr("Server:"), self.server)
        form.addRow(self.tr("Last sync:"), self.last_sync)

        self.licence_view = QPlainTextEdit(objectName="licenceText")
        self.licence_view.setReadOnly(True)
        self.licence_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.licence_view.hide()
        self.licence_button = QPushButton(self.tr("Show the &licence"), objectName="showLicence")
        self.licence_button.setCheckable(True)
        self.licence_button.setAutoDefault(False)
        self.licence_button.toggled.connect(self.show_licence)
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("&Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("aboutClose")
        buttons.addButton(self.licence_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.licence_view, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)
        self.adjustSize()
        self._load()

    @staticmethod
    def _path_label(text: str, name: str) -> QLabel:
        label = QLabel(text, objectName=name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _load(self) -> None:
        from agent_app.services.sync_service import KEY_SERVER_URL

        ws = self.ctx.workspace
        self.ctx.run_db(
            lambda: (ws.setting(KEY_SERVER_URL), ws.last_sync()),
            on_done=self._loaded,
            on_error=lambda _e: self._loaded((None, None)),
        )

    def _loaded(self, values: tuple[Any, datetime | None]) -> None:
        url, last = values
        self.server.setText(
            url if isinstance(url, str) and url else self.tr("not connected to a server")
        )
        self.last_sync.setText(_local_time(last) if last else self.tr("never"))
        self.loaded.emit()

    def show_licence(self, shown: bool = True) -> None:
        if shown and not self.licence_view.toPlainText():
            self.licence_view.setPlainText(licence_text())
        self.licence_view.setVisible(shown)
        self.licence_button.setText(
            self.tr("Hide the &licence") if shown else self.tr("Show the &licence")
        )
        if shown and self.height() < 600:
            self.resize(self.width(), 640)
