"""The one bridge between the GUI thread and background work.

Everything that touches the local database runs on a single worker thread (SQLite connections
stay on the thread that opened them, and writes never race); network work runs on a separate
small pool, so a slow server never delays a search. Results and errors come back to the GUI
thread through a queued signal. Tests pass :class:`InlineExecutor` to run work synchronously.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
Callback = Callable[[Any], None]


class InlineExecutor(Executor):
    """Runs each task at once on the caller's thread: deterministic tests, no threads."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller's on_error, like a thread would
            future.set_exception(exc)
        return future


class Tasks(QObject):
    """Run callables off the GUI thread; ``on_done(result)`` / ``on_error(exc)`` run on it.

    ``failed`` is emitted for errors nobody asked to handle, so the window can show them.
    ``busy_changed`` tells whether any task is running (for a busy cursor or a test's wait).
    """

    failed = Signal(object)
    busy_changed = Signal(bool)
    _finished = Signal(object, object, object)  # callback, value, is_error

    def __init__(
        self,
        db_executor: Executor | None = None,
        net_executor: Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db_executor or ThreadPoolExecutor(1, thread_name_prefix="db")
        self._net = net_executor or ThreadPoolExecutor(2, thread_name_prefix="net")
        self._lock = threading.Lock()
        self._pending = 0
        self._finished.connect(self._deliver)

    @property
    def db_executor(self) -> Executor:
        """The database thread's executor, for Qt-free code that must hop onto it
        (``SyncService.bind_db``)."""
        return self._db

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    def run_db(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        **kwargs: Any,
    ) -> Future[Any]:
        """Queue ``fn`` on the database thread (one task at a time, in order)."""
        return self._submit(self._db, fn, args, kwargs, on_done, on_error)

    def run_net(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        **kwargs: Any,
    ) -> Future[Any]:
        """Queue ``fn`` on the network pool."""
        return self._submit(self._net, fn, args, kwargs, on_done, on_error)

    def shutdown(self, wait: bool = True) -> None:
        for executor in (self._db, self._net):
            executor.shutdown(wait=wait, cancel_futures=not wait)

    # -- internals ------------------------------------------------------------------------

    def _submit(
        self,
        executor: Executor,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        on_done: Callback | None,
        on_error: Callback | None,
    ) -> Future[Any]:
        self._change_pending(+1)
        future = executor.submit(fn, *args, **kwargs)

        def finished(f: Future[Any]) -> None:
            # Runs on the worker thread: only emit, the slot runs on the GUI thread.
            exc = f.exception()
            if exc is not None:
                self._finished.emit(on_error, exc, True)
            else:
                self._finished.emit(on_done, f.result(), False)

        future.add_done_callback(finished)
        return future

    @Slot(object, object, object)
    def _deliver(self, callback: Callback | None, value: Any, is_error: bool) -> None:
        try:
            if callback is not None:
                callback(value)
            elif is_error:
                log.error("background task failed", exc_info=value)
                self.failed.emit(value)
        finally:
            self._change_pending(-1)

    def _change_pending(self, delta: int) -> None:
        with self._lock:
            before = self._pending
            self._pending += delta
            after = self._pending
        if (before == 0) != (after == 0):
            self.busy_changed.emit(after > 0)
