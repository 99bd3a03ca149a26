"""The export dialog: it checks the rows of the chosen list as soon as it opens, names the person
and field of each blocking problem, keeps Save disabled until nothing blocks or the agent
chooses to write the good rows only, and saves the .xlsx in the profile's exports folder on
the database thread. Real widgets, profile and worker threads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from agent_app.services import Workspace
from agent_app.settings import AppSettings
from agent_app.ui.context import AppContext
from agent_app.ui.money.export_dialog import ExportDialog
from sync.lists.bhxh_lists import D03, IMPORT, import_headers

TODAY = date(2026, 11, 21)
HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
PEOPLE = [
    {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1980-04-02", "sex": "male",
     "relationship": "head", "cccd": "091080123456"},
    {"full_name": "Nguyễn Đức Minh", "date_of_birth": "2008-01-20", "sex": "male",
     "relationship": "child"},
]  # fmt: skip


@pytest.fixture
def ectx(qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any) -> Iterator[AppContext]:
    def open_all() -> Workspace:
        return Workspace(profile_factory(data_dir, code="DL001"), today=lambda: TODAY)

    workspace = tasks.run_db(open_all).result(timeout=30)
    context = AppContext(workspace, tasks, lang="vi")
    context.settings = AppSettings.load(data_dir)
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def seed(ctx: AppContext) -> None:
    """Two voluntary payments with receipts this month; the child has no CCCD nor BHXH code."""

    def run() -> None:
        ws = ctx.workspace
        ids = ws.households.register(HOUSEHOLD, PEOPLE).ids
        for person_id in ids[1:]:
            body = {"person_id": person_id, "income": 1_500_000, "support": "other",
                    "method": "monthly"}  # fmt: skip
            ws.receipts.issue(ws.money.enroll_voluntary(body).primary)

    ctx.tasks.run_db(run).result(timeout=30)


def test_blocking_rows_are_listed_and_save_waits_for_the_agents_choice(
    qtbot: QtBot, ectx: AppContext, tmp_path: Path
) -> None:
    seed(ectx)
    dialog = ExportDialog(ectx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    model = dialog.problems_model
    assert model.rowCount() == 1
    assert model.item(0, 0).text() == "Nguyễn Đức Minh"
    assert model.item(0, 1).text() == "Số CCCD"
    assert "mã số BHXH" in model.item(0, 2).text()
    assert not dialog.save_button.isEnabled()
    assert dialog.good_only.isEnabled()
    qtbot.mouseClick(dialog.good_only, Qt.MouseButton.LeftButton)
    assert dialog.save_button.isEnabled()

    # Saved in the profile's exports folder by default.
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData(IMPORT))
    target = dialog.default_path()
    assert target.parent == ectx.workspace.store.profile.path / "exports"
    assert target.name == "D05-TS_all_20261101-20261121_import.xlsx"
    with qtbot.waitSignal(dialog.saved, timeout=20_000) as saved:
        dialog.save_to(target)
    result = saved.args[0]
    assert (result.written, result.left_out) == (1, 1)
    sheet = load_workbook(target).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(table) == 2
    assert table[1][1] == "Nguyễn Văn Ánh"
    assert "1" in dialog.status.text()
    assert str(target) in dialog.status.text()
    assert dialog.progress.isHidden()


def test_nothing_blocks_then_save_is_offered_and_another_form_is_checked_again(
    qtbot: QtBot, ectx: AppContext
) -> None:
    seed(ectx)
    dialog = ExportDialog(ectx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    # Another list is checked again at once: no household health payment this month.
    with qtbot.waitSignal(dialog.checked, timeout=10_000) as checked:
        dialog.form_combo.setCurrentIndex(dialog.form_combo.findData(D03))
    plan = checked.args[0]
    assert plan.form == D03
    assert plan.rows == ()
    assert not dialog.save_button.isEnabled()
    assert dialog.problems_model.rowCount() == 0
    # A range that ends before it starts is refused without a check.
    dialog.from_edit.set_value(date(2026, 11, 30))
    assert "after" in dialog.summary.text() or "sau" in dialog.summary.text()
    assert not dialog.save_button.isEnabled()


def test_the_file_dialog_opens_in_the_exports_folder(qtbot: QtBot, ectx: AppContext) -> None:
    seed(ectx)
    dialog = ExportDialog(ectx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    files = dialog.choose_file()
    assert files is not None
    assert Path(files.directory().absolutePath()) == ectx.workspace.store.profile.path / "exports"
    assert files.defaultSuffix() == "xlsx"
    files.reject()


def test_the_import_headers_are_the_documented_ones() -> None:
    assert import_headers(D03)[-4:] == ["NguoiThamGiaThu", "MucHuong", "TuNgay", "MaVungSS"]


def test_the_main_window_opens_it_from_the_file_menu(qtbot: QtBot, ectx: AppContext) -> None:
    from agent_app.ui.main_window import MainWindow

    window = MainWindow(ectx, communes=["31027"])
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.dialog_opened, timeout=5_000) as opened:
        window.export_action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    dialog.close()


def test_the_organisation_typed_is_printed_and_kept_for_next_time(
    qtbot: QtBot, ectx: AppContext, tmp_path: Path, type_text: Any
) -> None:
    seed(ectx)
    dialog = ExportDialog(ectx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    type_text(dialog.org_edits["name"], "Bưu điện xã U Minh Thượng")
    dialog.good_only.setChecked(True)
    target = tmp_path / "d05-print.xlsx"
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save_to(target)
    sheet = load_workbook(target).active
    assert sheet.cell(row=1, column=2).value == "Bưu điện xã U Minh Thượng"
    assert sheet.cell(row=3, column=2).value is None  # the tax code: not known, left blank
    again = ExportDialog(ectx)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.org_edits["name"].text() != "", timeout=10_000)
    assert again.org_edits["name"].text() == "Bưu điện xã U Minh Thượng"
    assert again.org_edits["tax_code"].text() == ""
