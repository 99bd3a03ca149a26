"""The Calls page through real widgets: a renewal with its price at today's rates, marking a
call with a note, renewing into a pre-filled enrollment, the message to copy, and overdue
follow-ups standing out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from agent_app.ui.campaign.renewals import LAPSED_COLOUR, CallModel, CallOutcomeDialog, CallsPage
from agent_app.ui.campaign.today import OVERDUE_COLOUR
from agent_app.ui.enroll.enroll_health import HouseholdHealthDialog
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from sync.domain.messages import format_vnd
from sync.domain.rules import quote_voluntary

HOUSEHOLD = {
    "commune_code": "31027",
    "address": "Ấp Minh Hoà",
    "head_name": "Nguyễn Văn Ánh",
    "phone": "0912345678",
}
HEAD = {
    "full_name": "Nguyễn Văn Ánh",
    "date_of_birth": "1985-03-02",
    "sex": "male",
    "relationship": "head",
    "phone": "0987654321",
}


def _monthly_participant(ctx, db):
    ws = ctx.workspace
    changed = db(ws.households.register, HOUSEHOLD, [HEAD])
    household_id, person_id = changed.ids[0], changed.ids[1]
    # Paid monthly today: the paid period ends within 30 days.
    db(
        ws.money.enroll_voluntary,
        {"person_id": person_id, "income": 2_000_000, "support": "near_poor", "method": "monthly"},
    )
    return household_id, person_id


def _page(qtbot, ctx):
    page = CallsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    return page


def test_a_renewal_shows_phone_and_todays_price_and_a_message(qtbot, ctx, db):
    _monthly_participant(ctx, db)
    page = _page(qtbot, ctx)
    [item] = page.rows()
    expected = quote_voluntary(
        ctx.workspace.rates, 2_000_000, "near_poor", "monthly", ctx.workspace.current_day()
    ).total
    assert item.amount == expected
    cells = page.texts(0)
    assert cells[CallModel.NAME] == "Nguyễn Văn Ánh"
    assert cells[CallModel.PHONE] == "0987654321"
    assert format_vnd(expected) in cells[CallModel.AMOUNT]
    message = page.message.toPlainText()
    assert "Nguyễn Văn Ánh" in message
    assert format_vnd(expected) in message
    assert "VssID" in message
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == message


def test_mark_contacted_with_a_note(qtbot, ctx, db, type_text):
    _monthly_participant(ctx, db)
    page = _page(qtbot, ctx)
    item = page.rows()[0]
    with qtbot.waitSignal(page.dialog_opened, timeout=5_000) as opened:
        qtbot.mouseClick(page.call_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, CallOutcomeDialog)
    qtbot.mouseClick(dialog.buttons["contacted"], Qt.MouseButton.LeftButton)
    type_text(dialog.note, "Hẹn tuần sau đóng")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [after] = page.rows()
    assert after.id == item.id
    assert after.last_call is not None
    assert (after.last_call.outcome, after.last_call.note) == ("contacted", "Hẹn tuần sau đóng")
    assert "Hẹn tuần sau đóng" in page.texts(0)[CallModel.LAST]
    # Stored as a follow-up record, queued for the server.
    stored = [
        r.body
        for r in db(ctx.workspace.records.of_kind, "followup")
        if r.body.get("call_for") == item.id
    ]
    assert [(b["call_outcome"], b["call_note"], b["done"]) for b in stored] == [
        ("contacted", "Hẹn tuần sau đóng", True)
    ]


def test_renew_opens_the_enrollment_prefilled_and_marks_it_renewed(qtbot, ctx, db):
    _, person_id = _monthly_participant(ctx, db)
    page = _page(qtbot, ctx)
    item = page.rows()[0]
    with qtbot.waitSignal(page.dialog_opened, timeout=5_000) as opened:
        qtbot.mouseClick(page.renew_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, VoluntaryEnrollmentDialog)
    assert dialog.person_id == person_id
    qtbot.waitUntil(lambda: dialog.income.value() == 2_000_000, timeout=10_000)
    assert dialog.support.currentData() == "near_poor"
    assert dialog.method.currentData() == "monthly"
    assert dialog.cover_from.iso() == item.prefill["cover_from"]
    qtbot.waitUntil(lambda: dialog.quote is not None, timeout=5_000)
    assert dialog.quote.total == item.amount
    # The agent still confirms: nothing is stored until Save and the confirmation.
    assert len(db(ctx.workspace.records.of_kind, "enrollment")) == 1
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5_000)
    dialog.save()
    qtbot.waitUntil(lambda: getattr(dialog, "confirm_box", None) is not None, timeout=5_000)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.confirm_box.collect_button, Qt.MouseButton.LeftButton)
    assert len(db(ctx.workspace.records.of_kind, "enrollment")) == 2
    qtbot.waitUntil(
        lambda: any(
            r.body.get("call_outcome") == "renewed"
            for r in db(ctx.workspace.records.of_kind, "followup")
        ),
        timeout=10_000,
    )
    # Paid for the next month too: the person leaves the list.
    qtbot.waitUntil(lambda: page.rows() == [], timeout=10_000)
    dialog.reject()


def test_renew_a_household_card_opens_the_health_form_prefilled(qtbot, ctx, db):
    ws = ctx.workspace
    changed = db(ws.households.register, HOUSEHOLD, [HEAD])
    household_id, person_id = changed.ids[0], changed.ids[1]
    month = ws.current_day().strftime("%Y-%m")
    db(
        ws.money.enroll_household_health,
        {"household_id": household_id, "member_ids": [person_id], "months": 3,
         "cover_from": month},
    )  # fmt: skip
    page = CallsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    # A 3-month card from this month ends within 30 days only near the quarter's end: look
    # 70 days ahead through the service's own clock instead.
    items = db(ws.renewals.call_list, ws.current_day() + timedelta(days=70))
    assert [i.scheme for i in items] == ["household_health"]
    page._loaded(items)
    with qtbot.waitSignal(page.dialog_opened, timeout=5_000) as opened:
        qtbot.mouseClick(page.renew_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, HouseholdHealthDialog)
    qtbot.waitUntil(lambda: dialog.model.selected_ids() == [person_id], timeout=10_000)
    assert dialog.months() == 3
    dialog.reject()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overdue_followups_stand_out(qtbot, ctx, db, lang):
    ws = ctx.workspace
    household_id = db(ws.households.register, HOUSEHOLD, [HEAD]).ids[0]
    today = ws.current_day()
    db(
        ws.households.log_visit,
        {"household_id": household_id, "visited_on": (today - timedelta(days=5)).isoformat(),
         "outcome": "interested", "follow_up_on": (today - timedelta(days=2)).isoformat()},
    )  # fmt: skip
    ctx.lang = lang
    page = _page(qtbot, ctx)
    [item] = page.rows()
    assert item.overdue_days == 2
    index = page.proxy.index(0, CallModel.DUE)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == OVERDUE_COLOUR
    assert "2" in index.data()
    assert page.message.toPlainText() == ""  # a follow-up has no renewal message
    assert not page.renew_button.isEnabled()


@pytest.fixture
def vi(qapp):
    from agent_app.ui.i18n import install_translator, remove_translators

    translators = install_translator(qapp, "vi")
    yield
    remove_translators(qapp, translators)


def test_the_renewal_message_is_vietnamese_in_the_vietnamese_ui(qtbot, ctx, db, vi):
    _monthly_participant(ctx, db)
    page = _page(qtbot, ctx)
    [item] = page.rows()
    message = page.message.toPlainText()
    assert message.startswith("Kính gửi Nguyễn Văn Ánh, BHXH tự nguyện của anh/chị")
    assert f"số tiền cần đóng là {format_vnd(item.amount)}" in message
    assert "Lê Thị Hoà" in message  # the collection agent of the profile
    assert page.texts(0)[CallModel.DUE].startswith("đã đóng đến")


def test_a_lapsed_renewal_is_greyed_not_red(qtbot, ctx, db):
    _monthly_participant(ctx, db)
    page = _page(qtbot, ctx)
    assert len(page.rows()) == 1
    with qtbot.waitSignal(page.dialog_opened, timeout=5_000) as opened:
        page.record_call("lapsed")
    dialog = opened.args[0]
    assert dialog.outcome() == "lapsed"
    assert not dialog.next_on.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    index = page.proxy.index(0, CallModel.NAME)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == LAPSED_COLOUR
    assert page.rows()[0].last_call.outcome == "lapsed"
