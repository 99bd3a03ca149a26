"""The household page shows each scheme's own period for a member: a voluntary payment five
years ahead does not hide that her household health insurance card ends next year."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from agent_app.services.coverage import cover_period
from agent_app.ui.household.household import HouseholdPage, MembersModel
from sync.domain.messages import format_date

HOUSEHOLD = {"commune_code": "31027", "address": "Số 4, Ấp Tân Hòa", "head_name": "Lê Thị Hoa"}
HEAD = {"full_name": "Lê Thị Hoa", "date_of_birth": "1980-05-02", "sex": "female",
        "relationship": "head"}  # fmt: skip


def _cells(page, column):
    view = page.members_view
    return [view.model().index(r, column).data() for r in range(view.model().rowCount())]


def test_a_member_in_both_schemes_shows_each_period(qtbot, ctx, db):
    ws = ctx.workspace
    household_id, person_id = db(ws.households.register, HOUSEHOLD, [HEAD]).ids[:2]
    voluntary = db(
        ws.money.enroll_voluntary,
        {"person_id": person_id, "income": 1_500_000, "support": "other", "method": "advance",
         "months": 60},
    ).primary  # fmt: skip
    health = db(
        ws.money.enroll_household_health,
        {"household_id": household_id, "member_ids": [person_id], "months": 12,
         "cover_from": "2027-01"},
    ).primary  # fmt: skip
    page = HouseholdPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_household(household_id)

    today = ws.current_day()
    paid = cover_period(db(ws.records.get, voluntary).body)
    assert paid is not None
    assert paid[0] == today
    assert paid[1] > date(today.year + 4, 1, 1)
    assert _cells(page, MembersModel.VOLUNTARY) == [
        f"{format_date(paid[0])} – {format_date(paid[1])}"
    ]
    # The card runs from the "from month" it was bought for, 12 months: not to 2031.
    assert _cells(page, MembersModel.HEALTH) == ["01/01/2027 – 31/12/2027"]
    header = [
        page.members_view.model().headerData(c, Qt.Orientation.Horizontal)
        for c in (MembersModel.VOLUNTARY, MembersModel.HEALTH)
    ]
    assert all(header)
    tooltip = (
        page.members_view.model().index(0, MembersModel.HEALTH).data(Qt.ItemDataRole.ToolTipRole)
    )
    assert "01/01/2027" in tooltip
    assert "31/12/2027" in tooltip
    assert db(ws.records.get, health).body["cover_from"] == "2027-01"


def test_a_member_in_one_scheme_leaves_the_other_blank(qtbot, ctx, db):
    ws = ctx.workspace
    household_id, person_id = db(ws.households.register, HOUSEHOLD, [HEAD]).ids[:2]
    db(ws.money.enroll_household_health,
       {"household_id": household_id, "member_ids": [person_id], "months": 6})  # fmt: skip
    page = HouseholdPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_household(household_id)
    today = ws.current_day()
    assert _cells(page, MembersModel.VOLUNTARY) == [""]
    (health,) = _cells(page, MembersModel.HEALTH)
    assert health.startswith(format_date(today))
    assert not health.endswith(format_date(today + timedelta(days=1)))
