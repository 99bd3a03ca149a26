"""A full day at the doors, through the real widgets, worker threads and encrypted store:
register a household of three, find it without diacritics, log a visit, enroll one member in
voluntary insurance and the household in health insurance, issue both receipts, and see
Today's totals."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from agent_app.ui.main_window import MainWindow
from sync.domain.messages import format_vnd


def _add_member(qtbot, type_text, dialog, name, relationship, born, sex):
    editor = dialog.editor
    editor.full_name.clear()
    type_text(editor.full_name, name)
    editor.relationship.setCurrentIndex(editor.relationship.findData(relationship))
    editor.date_of_birth.set_value(born)
    editor.sex.setCurrentIndex(editor.sex.findData(sex))
    qtbot.mouseClick(
        dialog.findChild(type(dialog.save_button), "addToList"), Qt.MouseButton.LeftButton
    )


def _save_and_confirm(qtbot, dialog):
    """Save an enrollment: the Save button, then "Collect … ₫?" confirmed."""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = getattr(dialog, "confirm_box", None)
    if box is not None and box.isVisible():
        qtbot.mouseClick(box.collect_button, Qt.MouseButton.LeftButton)


def test_a_full_day(qtbot, ctx, db, type_text, vi):
    window = MainWindow(ctx, communes=["31027", "31018"])
    qtbot.addWidget(window)  # closed and deleted at teardown, before the workers stop
    window.show()
    _day(qtbot, ctx, db, type_text, window)


def _day(qtbot, ctx, db, type_text, window):

    # 1. A new household with three members (Ctrl+N).
    opened = []
    window.dialog_opened.connect(opened.append)
    assert window.new_household_action.shortcut().toString() == "Ctrl+N"
    window.new_household_action.trigger()
    dialog = opened[-1]
    type_text(dialog.head_name, "Trần Văn Bình")
    dialog.commune.setCurrentIndex(dialog.commune.findData("31027"))  # two communes: none assumed
    type_text(dialog.village, "Ấp Tân Hòa")
    type_text(dialog.address, "Số 7, đường Đê Bao")
    assert dialog.editor.full_name.text() == "Trần Văn Bình"  # the head, filled in
    _add_member(qtbot, type_text, dialog, "Trần Văn Bình", "head", date(1975, 4, 2), "male")
    _add_member(qtbot, type_text, dialog, "Lê Thị Hoà", "spouse", date(1978, 8, 9), "female")
    _add_member(qtbot, type_text, dialog, "Trần Minh Khoa", "child", date(2012, 1, 20), "male")
    assert dialog.member_list.count() == 3
    with qtbot.waitSignal(window.household.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    page = window.household
    assert page.title.text() == "Trần Văn Bình"
    assert page.members.rowCount() == 3

    # 2. Search it without diacritics and open it with Enter.
    assert window.search_action.shortcut().toString() == "Ctrl+F"
    window.search_action.trigger()
    assert window.households.search.hasFocus() or not window.isActiveWindow()
    assert window.stack.currentWidget() is window.households
    with qtbot.waitSignal(window.households.results_applied, timeout=10_000):
        qtbot.keyClicks(window.households.search, "tran van binh")
    assert window.households.model.rowCount() == 1
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(window.households.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is page

    # 3. Log a visit: they enroll today.
    visit = page.log_visit()
    visit.set_outcome("enrolled")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(visit.save_button, Qt.MouseButton.LeftButton)
    assert any("Lần thăm" in page.timeline.item(i).text() for i in range(page.timeline.count()))

    # 4. Voluntary insurance for the head, and its receipt.
    head_id = next(m.id for m in page.member_rows() if m.relationship == "head")
    page.select_member(head_id)
    voluntary = page.enroll_voluntary()
    assert voluntary is not None, "the voluntary enrollment dialog is missing"
    qtbot.waitUntil(lambda: voluntary.income.isEnabled(), timeout=10_000)
    voluntary.income.clear()
    qtbot.keyClicks(voluntary.income, "2000000")
    qtbot.waitUntil(voluntary.save_button.isEnabled, timeout=10_000)  # the person is loaded
    qtbot.keyClicks(voluntary.cover_from, f"{date.today():%m/%Y}")  # cover starts this month
    with qtbot.waitSignal(voluntary.saved, timeout=10_000):
        _save_and_confirm(qtbot, voluntary)
    receipt = voluntary.open_receipt()
    with qtbot.waitSignal(receipt.issued, timeout=10_000) as first:
        pass
    receipt.close()
    voluntary.close()

    # 5. Household health insurance for the family, and its receipt.
    health = page.enroll_health()
    assert health is not None, "the household health dialog is missing"
    qtbot.waitUntil(lambda: health.save_button.isEnabled(), timeout=10_000)
    qtbot.keyClicks(health.cover_from, f"{date.today():%m/%Y}")
    with qtbot.waitSignal(health.saved, timeout=10_000):
        _save_and_confirm(qtbot, health)
    receipt = health.open_receipt()
    with qtbot.waitSignal(receipt.issued, timeout=10_000) as second:
        pass
    receipt.close()
    health.close()
    amounts = [first.args[0].amount, second.args[0].amount]
    assert all(a > 0 for a in amounts)

    # 6. Today: one visit, two sign-ups, the money of both receipts.
    with qtbot.waitSignal(window.today.loaded, timeout=10_000):
        window.show_page(window.PAGE_TODAY)
    qtbot.waitUntil(lambda: window.today.signups.value.text() == "2", timeout=10_000)
    assert window.today.visits.value.text() == "1"
    assert window.today.money.value.text() == format_vnd(sum(amounts))
    summary = db(ctx.workspace.today.summary)
    assert (summary.visits, summary.sign_ups, summary.money) == (1, 2, sum(amounts))
