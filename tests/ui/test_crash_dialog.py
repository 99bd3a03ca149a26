"""An unexpected error (a bug raised in a slot or on a worker thread) shows a dialog saying what
happened and where the report was written; the app keeps running; the log is in the data dir."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from agent_app.logs import LOG_FILE, close_logging, log_dir, setup_logging
from agent_app.ui.crash import CrashReporter


@pytest.fixture
def reporter(qapp: QApplication, tmp_path: Path):
    setup_logging(tmp_path)
    hook = CrashReporter(tmp_path)
    hook.install()
    yield hook
    hook.uninstall()
    for box in list(hook.dialogs):
        box.close()
    close_logging()


def _open_crash_dialog(qtbot: QtBot, reporter: CrashReporter) -> QMessageBox:
    qtbot.waitUntil(lambda: bool(reporter.dialogs), timeout=10_000)
    return reporter.dialogs[0]


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_slot_shows_where_the_report_is_and_the_app_goes_on(
    qtbot: QtBot, reporter: CrashReporter, tmp_path: Path
) -> None:
    def boom() -> None:
        raise ZeroDivisionError("chia cho số không")

    QTimer.singleShot(0, boom)
    box = _open_crash_dialog(qtbot, reporter)
    reports = sorted(log_dir(tmp_path).glob("crash-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text(encoding="utf-8")
    assert "ZeroDivisionError: chia cho số không" in text
    assert "boom" in text  # the traceback, not just the message
    assert str(reports[0]) in box.informativeText()
    assert "ZeroDivisionError" in box.informativeText()
    assert box.objectName() == "crashDialog"
    # The event loop still runs: a later timer fires.
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: fired == [True], timeout=5_000)
    log = (log_dir(tmp_path) / LOG_FILE).read_text(encoding="utf-8")
    assert "unexpected error" in log


@pytest.mark.qt_no_exception_capture
def test_an_error_on_a_worker_thread_reaches_the_dialog_on_the_gui_thread(
    qtbot: QtBot, reporter: CrashReporter, tmp_path: Path
) -> None:
    def work() -> None:
        try:
            raise RuntimeError("hỏng trên luồng phụ")
        except RuntimeError as exc:
            reporter.handle(type(exc), exc, exc.__traceback__)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    box = _open_crash_dialog(qtbot, reporter)
    assert box.thread() is QApplication.instance().thread()
    assert "hỏng trên luồng phụ" in box.informativeText()


def test_the_log_file_is_in_the_data_dir_and_utf8(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    try:
        logging.getLogger("agent_app.test").warning("đồng bộ xong: %d bản ghi", 3)
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert path == tmp_path / "logs" / LOG_FILE
        assert "đồng bộ xong: 3 bản ghi" in path.read_text(encoding="utf-8")
    finally:
        close_logging()
