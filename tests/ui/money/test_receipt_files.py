"""Files and charts: receipt and day-report PDFs are offered in the profile's own folders, then in
the folder last chosen (remembered in the app settings); a PDF that could not be written is
never reported as saved; printing is offered only where a printer exists; the day report's
chart shows whole amounts the Vietnamese way. Real widgets, profile and worker threads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinterInfo
from pytestqt.qtbot import QtBot

from agent_app.services import Workspace
from agent_app.settings import AppSettings
from agent_app.ui.context import AppContext
from agent_app.ui.money.receipt import ReceiptDialog, default_receipt_dir
from agent_app.ui.sync.sync_panel import CloseDayDialog
from sync.domain.messages import format_vnd

TODAY = date(2026, 11, 21)
HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
PEOPLE = [
    {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1985-03-02", "sex": "male",
     "relationship": "head"},
    {"full_name": "Trần Thị Hoà", "date_of_birth": "1988-07-15", "sex": "female",
     "relationship": "spouse"},
]  # fmt: skip
VND = re.compile(r"^\d{1,3}(\.\d{3})* ₫$")


@pytest.fixture
def rctx(qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any) -> Iterator[AppContext]:
    def open_all() -> Workspace:
        return Workspace(profile_factory(data_dir, code="DL001"), today=lambda: TODAY)

    workspace = tasks.run_db(open_all).result(timeout=30)
    context = AppContext(workspace, tasks, lang="vi")
    context.settings = AppSettings.load(data_dir)
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def run_db(ctx: AppContext, fn: Any, *args: Any) -> Any:
    return ctx.tasks.run_db(fn, *args).result(timeout=30)


def enrolled(ctx: AppContext, *, receipted: bool = False) -> list[str]:
    """Two voluntary enrollments of today (and their receipts when ``receipted``)."""
    changed = run_db(ctx, ctx.workspace.households.register, HOUSEHOLD, PEOPLE)
    ids = []
    for person_id, income in zip(changed.ids[1:], (2_000_000, 5_000_000), strict=True):
        body = {"scheme": "voluntary", "person_id": person_id, "income": income,
                "support": "other", "method": "yearly"}  # fmt: skip
        enrollment_id = run_db(ctx, ctx.workspace.money.enroll_voluntary, body).primary
        if receipted:
            run_db(ctx, ctx.workspace.receipts.issue, enrollment_id)
        ids.append(enrollment_id)
    return ids


def receipt_dialog(qtbot: QtBot, ctx: AppContext, enrollment_id: str) -> ReceiptDialog:
    dialog = ReceiptDialog(ctx, enrollment_id)
    dialog.open_after_save = False  # no system viewer in a test
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.issued, timeout=10_000):
        dialog.show()
    return dialog


def test_receipts_go_to_the_profile_folder_then_to_the_last_one_chosen(
    qtbot: QtBot, rctx: AppContext, data_dir: Path, tmp_path: Path
) -> None:
    first, second = enrolled(rctx)
    profile = rctx.workspace.store.profile
    own = profile.path / "receipts"
    assert own == data_dir / "profiles" / "DL001" / "receipts"
    # The profile's folder exists before the dialog opens (else Qt falls back to the folder
    # the app was started from).
    assert default_receipt_dir(rctx) == own
    assert own.is_dir()
    dialog = receipt_dialog(qtbot, rctx, first)
    files = dialog.choose_pdf()
    assert files is not None
    assert Path(files.directory().absolutePath()) == own
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    with qtbot.waitSignal(dialog.pdf_saved, timeout=10_000) as saved:
        files.selectFile(str(elsewhere / "bien-lai.pdf"))
        files.accept()
    assert saved.args[0] == elsewhere / "bien-lai.pdf"
    assert (elsewhere / "bien-lai.pdf").stat().st_size > 0
    # Remembered in the settings object, and on disk for the next start.
    assert rctx.settings is not None
    assert rctx.settings.folder("DL001", "receipts") == elsewhere
    assert AppSettings.load(data_dir).folder("DL001", "receipts") == elsewhere
    files.close()
    again = receipt_dialog(qtbot, rctx, second)
    offered = again.choose_pdf()
    assert offered is not None
    assert Path(offered.directory().absolutePath()) == elsewhere
    offered.close()


def test_day_report_goes_to_the_profile_reports_folder(qtbot: QtBot, rctx: AppContext) -> None:
    enrolled(rctx, receipted=True)
    dialog = CloseDayDialog(rctx)
    dialog.open_after_save = False
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.report_ready, timeout=20_000):
        dialog.show()
    files = dialog.choose_pdf()
    assert files is not None
    reports = rctx.workspace.store.profile.path / "reports"
    assert Path(files.directory().absolutePath()) == reports
    assert reports.is_dir()
    assert Path.home() != reports
    files.close()


def test_a_pdf_that_cannot_be_written_is_not_reported_saved(
    qtbot: QtBot, rctx: AppContext, tmp_path: Path
) -> None:
    first, _ = enrolled(rctx)
    dialog = receipt_dialog(qtbot, rctx, first)
    held = tmp_path / "held.pdf"
    held.mkdir()  # stands for a file the system will not let us replace (open in a viewer)
    saved: list[object] = []
    dialog.pdf_saved.connect(saved.append)
    assert dialog.save_pdf(held) is None
    assert saved == []
    assert dialog.last_pdf is None
    with qtbot.waitSignal(dialog.pdf_failed, timeout=5_000) as failed:
        dialog.save_pdf(held)
    assert isinstance(failed.args[0], OSError)
    assert dialog.status.text().startswith("Not saved") or dialog.status.text().startswith(
        "Chưa lưu"
    )
    assert str(held) in dialog.status.text()
    assert not list(tmp_path.glob(".held.pdf.*"))  # no half-written file left behind
    # Writable again: saved and said so.
    assert dialog.save_pdf(tmp_path / "ok.pdf") == tmp_path / "ok.pdf"
    assert "ok.pdf" in dialog.status.text()

    close_day = CloseDayDialog(rctx)
    qtbot.addWidget(close_day)
    with qtbot.waitSignal(close_day.report_ready, timeout=20_000):
        close_day.show()
    assert close_day.save_pdf(held) is None
    assert close_day.last_pdf is None
    assert str(held) in close_day.status.text()


def test_print_is_offered_only_where_a_printer_exists(qtbot: QtBot, rctx: AppContext) -> None:
    first, _ = enrolled(rctx)
    dialog = receipt_dialog(qtbot, rctx, first)
    printers = QPrinterInfo.availablePrinters()
    assert dialog.print_button.isEnabled() == bool(printers)
    if not printers:  # offscreen, as in CI: disabled, and the tooltip says why
        tip = dialog.print_button.toolTip()
        assert "printer" in tip or "máy in" in tip
        assert dialog.choose_printer() is None
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)  # does nothing


def test_the_day_chart_shows_whole_amounts_in_vietnamese_format(
    qtbot: QtBot, rctx: AppContext
) -> None:
    from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis

    enrolled(rctx, receipted=True)
    dialog = CloseDayDialog(rctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.report_ready, timeout=20_000) as ready:
        dialog.show()
    total = ready.args[0].cash_total
    assert total > 1_000_000
    chart = dialog.chart_view.chart()
    (axis_y,) = chart.axes(Qt.Orientation.Vertical)
    assert isinstance(axis_y, QCategoryAxis)
    labels = axis_y.categoriesLabels()
    assert labels
    for text in labels:
        assert VND.match(text), text  # "2.000.000 ₫", never "2.0" or "5.465"
    top = int(labels[-1].removesuffix(" ₫").replace(".", ""))
    assert top >= total
    (axis_x,) = chart.axes(Qt.Orientation.Horizontal)
    assert isinstance(axis_x, QBarCategoryAxis)
    assert any(format_vnd(total) in c for c in axis_x.categories())
    for series in chart.series():
        assert not series.isLabelsVisible()  # no raw "5465000" above a bar
    assert "million" not in chart.title()
    assert "triệu" not in chart.title()
