"""An unexpected error shows a dialog that says what happened and where the report was written,
and the app keeps running (saved data is in the store; drafts autosave)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from agent_app.logs import write_crash_report

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashReporter(QObject):
    """Installed as ``sys.excepthook``; errors raised on any thread reach the dialog on the GUI
    thread through a queued signal."""

    reported = Signal(str, str)  # what happened, the report's path

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.dialogs: list[QMessageBox] = []
        self._previous: ExceptHook | None = None
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        if sys.excepthook == self.handle and self._previous is not None:
            sys.excepthook = self._previous

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        path = write_crash_report(self.data_dir, exc_type, exc, tb)
        what = f"{exc_type.__name__}: {exc}"[:500]
        self.reported.emit(what, str(path))

    @Slot(str, str)
    def _show(self, what: str, path: str) -> None:
        parent = QApplication.activeWindow()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setObjectName("crashDialog")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("Unexpected error"))
        box.setText(
            self.tr(
                "Something went wrong inside the app. What you saved is kept, and the form "
                "you were filling in is saved as a draft. You can go on working."
            )
        )
        box.setInformativeText(
            self.tr("What happened: %1\nA report was written to:\n%2\nSend it to support.")
            .replace("%1", what)
            .replace("%2", path)
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(lambda _code: self.dialogs.remove(box))
        self.dialogs.append(box)
        box.open()  # not exec(): the event loop and the app keep running
