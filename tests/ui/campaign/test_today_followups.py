"""Today's follow-ups through the real page: a visit logged on the household page takes the
follow-up off the list; overdue ones come first and say so in words as well as in colour; the
list shows village and phone, sorts by village on a header click, and never scrolls sideways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from agent_app.ui.campaign.today import DueModel, TodayPage
from agent_app.ui.household.household import HouseholdPage
from agent_app.ui.i18n import install_translator, remove_translators

HEAD = {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1985-03-02", "sex": "male",
        "relationship": "head"}  # fmt: skip


def _household(db, ctx, name, village, phone):
    body = {"commune_code": "31027", "address": "Số 4", "head_name": name, "village": village,
            "phone": phone}  # fmt: skip
    return db(ctx.workspace.households.register, body, [{**HEAD, "full_name": name}]).ids[0]


def _followup(db, ctx, household_id, due, notes="Hẹn quay lại khi con trai đi làm về"):
    today = ctx.workspace.current_day()
    visit = {"household_id": household_id, "visited_on": (today - timedelta(days=10)).isoformat(),
             "outcome": "interested", "follow_up_on": due.isoformat(), "notes": notes}  # fmt: skip
    return db(ctx.workspace.households.log_visit, visit).ids[-1]


def _today(qtbot, ctx):
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    return page


@pytest.fixture
def vietnamese(qapp):
    translators = install_translator(qapp, "vi")
    yield
    remove_translators(qapp, translators)


def test_a_visit_on_the_household_page_takes_the_followup_off_today(qtbot, ctx, db):
    today = ctx.workspace.current_day()
    household_id = _household(db, ctx, "Trần Văn Bình", "Ấp Tân Hòa", "0912345678")
    _followup(db, ctx, household_id, today)
    page = _today(qtbot, ctx)
    assert [r.household_id for r in page.followups.rows()] == [household_id]

    household = HouseholdPage(ctx)
    qtbot.addWidget(household)
    with qtbot.waitSignal(household.loaded, timeout=10_000):
        household.show_household(household_id)
    dialog = household.log_visit()
    dialog.outcome_buttons["not_home"].click()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.save_button.click()
    assert page.followups.rows() == []
    assert page.followups.empty.isVisibleTo(page)
    # The closing is stored as the follow-up's own change, for the server.
    open_ = db(ctx.workspace.records.of_kind, "followup", household_id=household_id)
    assert [f.body["done"] for f in open_] == [True]


def test_overdue_followups_come_first_and_say_so(qtbot, ctx, db, vietnamese):
    today = ctx.workspace.current_day()
    on_time = _household(db, ctx, "Lê Thị Hoa", "Ấp Minh Hoà", "0987000111")
    late = _household(db, ctx, "Phạm Văn Cường", "Ấp Tân Hòa", "0912000222")
    _followup(db, ctx, on_time, today)
    _followup(db, ctx, late, today - timedelta(days=3))
    page = _today(qtbot, ctx)
    table = page.followups
    assert [r.household_id for r in table.rows()] == [late, on_time]
    due, name, village, phone, reason = table.texts(0)
    assert due.endswith("quá hạn 3 ngày")
    assert (name, village, phone) == ("Phạm Văn Cường", "Ấp Tân Hòa", "0912000222")
    assert reason == "Hẹn quay lại khi con trai đi làm về"
    assert "quá hạn" not in table.texts(1)[0]
    colour = Qt.ItemDataRole.ForegroundRole
    assert table.proxy.index(0, DueModel.NAME).data(colour) is not None
    assert table.proxy.index(1, DueModel.NAME).data(colour) is None


def test_the_list_sorts_by_village_on_a_header_click(qtbot, ctx, db):
    today = ctx.workspace.current_day()
    for name, village in (("A Văn Một", "Ấp Tân Hòa"), ("B Văn Hai", "Ấp Đông"),
                          ("C Văn Ba", "Ấp Bình Minh")):  # fmt: skip
        _followup(db, ctx, _household(db, ctx, name, village, None), today)
    page = _today(qtbot, ctx)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    view = page.followups.view
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(DueModel.VILLAGE) + header.sectionSize(DueModel.VILLAGE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    villages = [page.followups.texts(r)[DueModel.VILLAGE] for r in range(3)]
    # Vietnamese order: "Đ" after "D", not after "Z".
    assert villages == ["Ấp Bình Minh", "Ấp Đông", "Ấp Tân Hòa"]


def test_long_lines_are_cut_with_a_tooltip_not_scrolled(qtbot, ctx, db):
    today = ctx.workspace.current_day()
    words = "Hẹn quay lại sau khi cả nhà bàn bạc xong, con gái đi làm ở Bình Dương về ăn Tết " * 3
    household_id = _household(db, ctx, "Nguyễn Thị Ngọc Bích", "Ấp Tân Hòa", "0912345678")
    _followup(db, ctx, household_id, today, notes=words.strip())
    page = _today(qtbot, ctx)
    page.resize(760, 560)
    page.show()
    qtbot.waitExposed(page)
    view = page.followups.view
    qtbot.waitUntil(lambda: view.viewport().width() > 0)
    assert not view.horizontalScrollBar().isVisible()
    assert view.horizontalHeader().length() <= view.viewport().width()
    tooltip = page.followups.proxy.index(0, DueModel.WHAT).data(Qt.ItemDataRole.ToolTipRole)
    assert words.strip() in tooltip
    assert "0912345678" in tooltip
