"""The day balances: the money of an enrollment is taken today (the receipt's date), the month
cover starts is its own field, and Close the day names every record that does not match, opens
it, and takes the cash counted to show over / short. Real widgets, real encrypted profile, real
worker threads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QLabel
from pytestqt.qtbot import QtBot

from agent_app.services import Workspace
from agent_app.ui.context import AppContext
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.money.receipt import ReceiptDialog
from agent_app.ui.money.report_pdf import pdf_text
from agent_app.ui.sync.sync_panel import CloseDayDialog
from sync.protocol import new_id

TODAY = date(2026, 11, 21)
HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
PEOPLE = [
    {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1985-03-02", "sex": "male",
     "relationship": "head"},
    {"full_name": "Trần Thị Hoà", "date_of_birth": "1988-07-15", "sex": "female",
     "relationship": "spouse"},
    {"full_name": "Nguyễn Văn Đức", "date_of_birth": "2000-05-20", "sex": "male",
     "relationship": "child"},
]  # fmt: skip


@pytest.fixture
def dctx(qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any) -> Iterator[AppContext]:
    def open_all() -> Workspace:
        return Workspace(profile_factory(data_dir, code="DL001"), today=lambda: TODAY)

    workspace = tasks.run_db(open_all).result(timeout=30)
    context = AppContext(workspace, tasks, lang="vi")
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def run_db(ctx: AppContext, fn: Any, *args: Any) -> Any:
    return ctx.tasks.run_db(fn, *args).result(timeout=30)


def household(ctx: AppContext) -> tuple[str, list[str]]:
    changed = run_db(ctx, ctx.workspace.households.register, HOUSEHOLD, PEOPLE)
    household_id, *people = changed.ids
    return household_id, people


def voluntary(person_id: str, **changes: Any) -> dict[str, Any]:
    return {"scheme": "voluntary", "person_id": person_id, "income": 2_000_000,
            "support": "other", "method": "yearly", **changes}  # fmt: skip


def confirm_save(qtbot: QtBot, dialog: Any) -> None:
    """Press Save, and confirm the amount when the dialog asks."""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = getattr(dialog, "confirm_box", None)
    if box is not None and box.isVisible():
        qtbot.mouseClick(box.collect_button, Qt.MouseButton.LeftButton)


def test_money_is_taken_today_and_cover_starts_in_a_typed_month(
    qtbot: QtBot,
    dctx: AppContext,
    vi: Any,
) -> None:
    _, (person_id, *_rest) = household(dctx)
    dialog = VoluntaryEnrollmentDialog(dctx, person_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.person_loaded, timeout=10_000):
        dialog.show()
    # No date input for the payment: it is today, the receipt's date, and says so.
    assert dialog.findChildren(QDateEdit) == []
    assert isinstance(dialog.paid_on, QLabel)
    assert "21/11/2026" in dialog.paid_on.text()
    # The month cover starts is blank, its limits stated, and it must be answered.
    assert dialog.cover_from.text() == ""
    assert "11/2026" in dialog.when.cover_hint.text()
    assert "11/2027" in dialog.when.cover_hint.text()
    qtbot.keyClicks(dialog.income, "2000000")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.enrollment_id is None
    assert "Từ tháng: chưa nhập" in dialog.errors.message("cover_from")
    assert dialog.cover_from.hasFocus()
    # A month that is not one, or out of range, is refused beside the field, never moved.
    qtbot.keyClicks(dialog.cover_from, "13/2026")
    assert "không phải tháng/năm" in dialog.errors.message("cover_from")
    assert dialog.cover_from.text() == "13/2026"
    assert not dialog.save_button.isEnabled()
    dialog.cover_from.clear()
    qtbot.keyClicks(dialog.cover_from, "01/2030")
    assert "ngoài khoảng cho phép, từ 11/2026 đến 11/2027" in dialog.errors.message("cover_from")
    dialog.cover_from.clear()
    qtbot.keyClicks(dialog.cover_from, "12/2026")
    assert dialog.errors.message("cover_from") == ""
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        confirm_save(qtbot, dialog)
    body = run_db(dctx, dctx.workspace.records.get, saved.args[0], "enrollment").body
    assert body["paid_on"] == "2026-11-21"
    assert body["cover_from"] == "2026-12"
    # A new receipt tells every screen (Today, the timeline) that it exists.
    with qtbot.waitSignal(
        dctx.changed, timeout=10_000, check_params_cb=lambda c: "receipt" in c.kinds
    ):
        receipt = dialog.open_receipt()
        assert isinstance(receipt, ReceiptDialog)
    info = receipt.info
    assert info is not None
    assert info.issued_on == TODAY
    assert (info.period_from, info.period_to) == (date(2026, 12, 1), date(2027, 11, 30))
    # Today counts the sign-up and the money on the same day.
    summary = run_db(dctx, dctx.workspace.today.summary)
    assert (summary.sign_ups, summary.receipts, summary.money) == (1, 1, info.amount)
    report = run_db(dctx, dctx.workspace.today.day_report)
    assert report.balanced
    assert report.mismatches == ()


def test_close_the_day_names_each_mismatch_opens_it_and_counts_the_cash(
    qtbot: QtBot,
    dctx: AppContext,
    tmp_path: Path,
    vi: Any,
) -> None:
    household_id, (anh, hoa, duc) = household(dctx)
    ws = dctx.workspace
    # Balanced: enrolled and receipted today.
    ok = run_db(dctx, ws.money.enroll_voluntary, voluntary(anh)).primary
    ok_receipt = run_db(dctx, ws.receipts.issue, ok)
    # No receipt.
    missing = run_db(dctx, ws.money.enroll_voluntary, voluntary(hoa)).primary
    # An old version's trap: the payment dated tomorrow, the receipt today.
    later = (TODAY + timedelta(days=1)).isoformat()
    future = run_db(dctx, ws.money.enroll_voluntary, voluntary(duc, paid_on=later)).primary
    future_receipt = run_db(dctx, ws.receipts.issue, future)
    # A receipt whose amount is not what the enrollment charged.
    wrong = run_db(dctx, ws.money.enroll_voluntary, voluntary(duc, method="monthly")).primary

    def put_wrong_receipt() -> None:
        with ws.store.transaction():
            ws.records.put("receipt", new_id(), {
                "number": "DL001-20261121-0099", "enrollment_id": wrong, "amount": 100_000,
                "issued_on": TODAY.isoformat(), "months": 1,
            }, now=ws.now())  # fmt: skip

    run_db(dctx, put_wrong_receipt)

    dialog = CloseDayDialog(dctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.report_ready, timeout=20_000) as ready:
        dialog.show()
    report = ready.args[0]
    assert not report.balanced
    codes = {(m.code, m.enrollment_id) for m in report.mismatches}
    assert codes == {
        ("no_receipt", missing),
        ("dates_differ", future),
        ("amount_differs", wrong),
    }
    table = dialog.mismatch_table
    assert dialog.mismatch_box.isVisible()
    assert table.rowCount() == 3
    rows = [table.item(r, 0).text() for r in range(3)]
    assert any("Trần Thị Hoà" in r and "chưa có biên lai" in r for r in rows)
    assert any(future_receipt.number in r and "22/11/2026" in r and "21/11/2026" in r for r in rows)
    assert any("DL001-20261121-0099" in r and "100.000 ₫" in r for r in rows)
    assert "CHƯA KHỚP — xem các hồ sơ cần kiểm tra" in dialog.view.toPlainText()

    # The cash counted against the receipts, as a till does.
    expected = report.cash_total
    assert expected == ok_receipt.amount + future_receipt.amount + 100_000
    qtbot.keyClicks(dialog.counted, str(expected - 50_000))
    assert dialog.counted.text() == f"{expected - 50_000:,}".replace(",", ".")
    assert dialog.over_short.text().startswith("Thiếu 50.000 ₫")
    dialog.counted.clear()
    qtbot.keyClicks(dialog.counted, str(expected + 1_000))
    assert dialog.over_short.text().startswith("Thừa 1.000 ₫")
    text = " ".join(pdf_text(dialog.save_pdf(tmp_path / "day.pdf")).split())
    assert "Thừa 1.000 ₫" in text
    assert "Trần Thị Hoà" in text
    assert "chưa có biên lai" in text

    # Its button opens the record: here it issues the missing receipt, and the list follows.
    row = next(r for r in range(3) if "Trần Thị Hoà" in table.item(r, 0).text())
    button = table.cellWidget(row, 1).findChild(type(dialog.pdf_button), f"mismatchReceipt{row}")
    assert button.text() in ("Issue receipt…", "Lập biên lai…")
    with qtbot.waitSignal(dialog.report_ready, timeout=20_000) as again:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert isinstance(dialog.receipt_dialog, ReceiptDialog)
    assert {m.code for m in again.args[0].mismatches} == {"dates_differ", "amount_differs"}
    assert table.rowCount() == 2
    # "Open household" hands the household to the main window.
    with qtbot.waitSignal(dialog.open_household, timeout=5_000) as opened:
        qtbot.mouseClick(
            table.cellWidget(0, 1).findChild(type(dialog.pdf_button), "mismatchHousehold0"),
            Qt.MouseButton.LeftButton,
        )
    assert opened.args[0] == household_id
