"""What every screen needs: the workspace, the background runner, the language, and one signal
that tells all screens what changed so each redraws only what concerns it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from agent_app.tasks import Tasks
from sync.domain.errors import DomainError, ValidationFailed


def error_text(exc: BaseException, lang: str) -> str:
    """A sentence for the user: the domain's own message in their language when there is one."""
    if isinstance(exc, ValidationFailed):
        return "\n".join(e.message(lang) for e in exc.errors)
    if isinstance(exc, DomainError):
        return exc.message(lang)
    message = getattr(exc, "message", None)
    if callable(message):
        try:
            return str(message(lang))
        except TypeError:
            pass
    if lang == "en":
        return f"Something went wrong: {exc}. Your saved data is safe; please try again."
    return f"Đã xảy ra lỗi: {exc}. Dữ liệu đã lưu vẫn an toàn; vui lòng thử lại."


class AppContext(QObject):
    """Shared by the main window and every page and dialog.

    ``workspace`` is an ``agent_app.services.Workspace`` (touched only on the database thread
    through :meth:`run_db`); ``sync_service`` may be None when the profile has no server yet.
    ``changed`` carries the ``Changed`` value a mutation returned.
    """

    changed = Signal(object)
    language_changed = Signal(str)

    def __init__(
        self,
        workspace: Any,
        tasks: Tasks,
        *,
        sync_service: Any = None,
        lang: str = "vi",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.tasks = tasks
        self.sync_service = sync_service
        self.lang = lang

    def run_db(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run ``fn`` on the database thread; errors without a handler are shown in a box."""
        self.tasks.run_db(
            fn, *args, on_done=on_done, on_error=on_error or self.show_error, **kwargs
        )

    def run_net(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> None:
        self.tasks.run_net(
            fn, *args, on_done=on_done, on_error=on_error or self.show_error, **kwargs
        )

    def notify(self, changed: Any) -> None:
        self.changed.emit(changed)

    def error_text(self, exc: BaseException) -> str:
        return error_text(exc, self.lang)

    def show_error(self, exc: BaseException, parent: QWidget | None = None) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Error" if self.lang == "en" else "Lỗi")
        box.setText(self.error_text(exc))
        box.setObjectName("errorBox")
        box.open()  # not exec(): tests and the rest of the window keep running
