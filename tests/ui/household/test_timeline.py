"""Looking back at a household's records through the real page: every timeline entry opens its
own detail (a visit read-only with its reason and notes, an enrollment with its receipt, a
receipt in the receipt dialog), a receipt issued from the page shows in the timeline at once,
and Today and the status bar show one pending count, the outbox's."""

from __future__ import annotations

from PySide6.QtCore import Qt

from agent_app.services.sync_service import SyncService
from agent_app.ui.household.household import HouseholdPage
from agent_app.ui.household.record_detail import (
    EnrollmentDetailDialog,
    FollowupDetailDialog,
    VisitDetailDialog,
)
from agent_app.ui.main_window import MainWindow
from agent_app.ui.money.receipt import ReceiptDialog

HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh",
             "village": "Ấp Minh Hoà", "phone": "0912345678"}  # fmt: skip
HEAD = {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1985-03-02", "sex": "male",
        "relationship": "head"}  # fmt: skip
REASON = "Không đủ khả năng đóng: chờ bán xong lúa"
NOTES = "Vợ anh ấy muốn nghe thêm về lương hưu"


def _seed(db, ctx):
    ws = ctx.workspace
    household_id, person_id = db(ws.households.register, HOUSEHOLD, [HEAD]).ids[:2]
    today = ws.current_day().isoformat()
    db(ws.households.log_visit, {"household_id": household_id, "visited_on": today,
                                 "outcome": "refused", "person_id": person_id, "reason": REASON,
                                 "notes": NOTES, "follow_up_on": today})  # fmt: skip
    enrollment_id = db(
        ws.money.enroll_voluntary,
        {"person_id": person_id, "income": 1_500_000, "support": "other", "method": "monthly"},
    ).primary
    return household_id, enrollment_id


def _page(qtbot, ctx, household_id):
    page = HouseholdPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_household(household_id)
    return page


def _row_of(page, kind):
    for i in range(page.timeline.count()):
        if page.timeline.item(i).data(Qt.ItemDataRole.UserRole).kind == kind:
            return i
    raise AssertionError(f"no {kind} in the timeline")


def _double_click(qtbot, page, row):
    item = page.timeline.item(row)
    page.timeline.scrollToItem(item)
    rect = page.timeline.visualItemRect(item)
    viewport = page.timeline.viewport()
    # As a hand does it: a first click, then the double click (which Qt's item views only
    # honour on the index the press landed on).
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())


def test_double_clicking_a_visit_shows_that_visit(qtbot, ctx, db, vi):
    household_id, _ = _seed(db, ctx)
    page = _page(qtbot, ctx, household_id)
    with qtbot.waitSignal(page.dialog_opened, timeout=5000) as opened:
        _double_click(qtbot, page, _row_of(page, "visit"))
    dialog = opened.args[0]
    assert isinstance(dialog, VisitDetailDialog)
    # The listed reason and the person's own words, as the visit form took them apart.
    assert dialog.values["reason"] == "Không đủ khả năng đóng"
    assert dialog.values["words"] == "chờ bán xong lúa"
    assert dialog.values["notes"] == NOTES
    assert dialog.values["person_id"] == "Nguyễn Văn Ánh"
    assert dialog.values["outcome"] in ("Từ chối", "Refused")
    dialog.close_button.click()


def test_enter_on_each_entry_opens_its_own_record(qtbot, ctx, db):
    household_id, enrollment_id = _seed(db, ctx)
    page = _page(qtbot, ctx, household_id)

    def activate(kind):
        page.timeline.setCurrentRow(_row_of(page, kind))
        page.timeline.setFocus()
        with qtbot.waitSignal(page.dialog_opened, timeout=5000) as opened:
            qtbot.keyClick(page.timeline, Qt.Key.Key_Return)
        return opened.args[0]

    followup = activate("followup")
    assert isinstance(followup, FollowupDetailDialog)
    assert followup.values["reason"] == NOTES
    followup.reject()

    enrollment = activate("enrollment")
    assert isinstance(enrollment, EnrollmentDetailDialog)
    assert enrollment.values["amount"].endswith("₫")
    # No receipt yet: the dialog says so and offers to issue it, it does not issue one itself.
    assert "receipt" in enrollment.values
    assert db(ctx.workspace.records.of_kind, "receipt") == []

    # Issuing the receipt from there puts it in the timeline without reopening the household.
    with qtbot.waitSignal(page.dialog_opened, timeout=5000) as opened:
        enrollment.receipt_button.click()
    receipt = opened.args[0]
    assert isinstance(receipt, ReceiptDialog)
    qtbot.waitUntil(
        lambda: any(
            page.timeline.item(i).data(Qt.ItemDataRole.UserRole).kind == "receipt"
            for i in range(page.timeline.count())
        ),
        timeout=10_000,
    )
    receipt.reject()

    again = activate("receipt")
    assert isinstance(again, ReceiptDialog)
    assert again.enrollment_id == enrollment_id
    with qtbot.waitSignal(again.issued, timeout=10_000):
        pass
    assert len(db(ctx.workspace.records.of_kind, "receipt")) == 1
    again.reject()


def test_today_and_the_status_bar_show_one_pending_count(qtbot, ctx, db):
    household_id, _ = _seed(db, ctx)
    ctx.set_sync_service(SyncService(ctx.workspace))  # no server: counts are local
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.household.loaded, timeout=10_000):
        window.open_household(household_id)

    page = window.household
    with qtbot.waitSignal(page.dialog_opened, timeout=5000) as opened:
        page.timeline.setCurrentRow(_row_of(page, "enrollment"))
        page.print_receipt()
    receipt = opened.args[0]
    with qtbot.waitSignal(receipt.issued, timeout=10_000):
        pass
    outbox = db(ctx.workspace.pending_count)

    def agree():
        return window.today.pending == window.sync_widget.pending == outbox

    qtbot.waitUntil(agree, timeout=10_000)
    assert str(outbox) in window.today.sync_status.text()
    assert str(outbox) in window.sync_widget.pending_label.text()
    # Today's money counts the new receipt without being reopened.
    assert window.today.summary is not None
    assert window.today.summary.receipts == 1
    receipt.reject()


def test_a_refusal_reads_in_the_users_language_with_the_words_as_said(qtbot, ctx, db):
    household_id, _ = _seed(db, ctx)
    ctx.lang = "en"
    page = _page(qtbot, ctx, household_id)
    line = page.timeline.item(_row_of(page, "visit")).text()
    assert line.endswith("Refused — Cannot afford it: chờ bán xong lúa")
