"""What every screen needs: the workspace, the background runner, the language, and one signal
that tells all screens what changed so each redraws only what concerns it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from agent_app.services import Workspace
from agent_app.tasks import Tasks
from agent_app.ui.i18n import translate
from agent_app.ui.operations import Changes, run_mutation

if TYPE_CHECKING:
    from agent_app.services.sync_service import SyncService
    from agent_app.settings import AppSettings
from sync.client import DeviceRevoked
from sync.domain.errors import DomainError, ValidationFailed


def error_text(exc: BaseException, lang: str) -> str:
    """A sentence for the user: the domain's own message in their language when there is one."""
    if isinstance(exc, ValidationFailed):
        return "\n".join(e.message(lang) for e in exc.errors)
    if isinstance(exc, DomainError | DeviceRevoked):
        return exc.message(lang)
    return translate(
        "AppContext", "Something went wrong: %1. Your saved data is safe; please try again."
    ).replace("%1", str(exc))


class AppContext(QObject):
    """Shared by the main window and every page and dialog.

    ``workspace`` is touched only on the database thread through :meth:`run_db` (its
    ``current_day()`` clock and ``store.profile`` excepted: neither reads the database);
    ``sync_service`` is None while the profile has no server.
    ``changed`` carries the ``Changed`` value a mutation returned; it is emitted by
    :meth:`mutate` alone.
    """

    changed = Signal(object)
    language_changed = Signal(str)
    sync_service_changed = Signal()
    # The app's preferences (the folders last chosen to save in); None in a bare context.
    settings: AppSettings | None = None

    def __init__(
        self,
        workspace: Workspace,
        tasks: Tasks,
        *,
        sync_service: SyncService | None = None,
        lang: str = "vi",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.tasks = tasks
        self.lang = lang
        self.sync_service: SyncService | None = None
        self.set_sync_service(sync_service)

    def set_sync_service(self, service: SyncService | None) -> None:
        """Use ``service`` from now on (None: no server). Its store access is bound to the
        database thread, since the sync itself runs on the network pool."""
        if service is not None:
            service.bind_db(self.tasks.db_executor)
        self.sync_service = service
        self.sync_service_changed.emit()

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

    def mutate(
        self,
        fn: Callable[..., Any],
        *args: Any,
        changes: Changes = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
        network: bool = False,
        **kwargs: Any,
    ) -> None:
        """Run a mutation: see :func:`agent_app.ui.operations.run_mutation` (``changed`` is
        emitted by the runner; no screen notifies by hand after a call)."""
        run_mutation(
            self, fn, *args, changes=changes, on_done=on_done, on_error=on_error,
            parent=parent, network=network, **kwargs,
        )  # fmt: skip

    def error_text(self, exc: BaseException) -> str:
        return error_text(exc, self.lang)

    def show_error(self, exc: BaseException, parent: QWidget | None = None) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("AppContext", "Error"))
        box.setText(self.error_text(exc))
        box.setObjectName("errorBox")
        box.open()  # not exec(): tests and the rest of the window keep running
