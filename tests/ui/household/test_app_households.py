"""The households list and the household page: search-as-you-type without diacritics on the
database thread, stale answers dropped, Enter opens the household, the last visit shown, sorting
in the model, member removal undone."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from agent_app.services import HouseholdRow
from agent_app.ui.household.household import HouseholdPage
from agent_app.ui.household.households import SORT_ROLE, HouseholdsModel, HouseholdsPage
from agent_app.ui.main_window import MainWindow

HEAD = {"head_name": "Nguyễn Văn Ánh", "commune_code": "31027", "address": "Số 4, Ấp Tân Hòa"}
MEMBERS = [
    {"full_name": "Nguyễn Văn Ánh", "relationship": "head", "date_of_birth": "1968-03-02",
     "sex": "male"},
    {"full_name": "Đặng Thị Hoà", "relationship": "spouse", "date_of_birth": "1971-09-12",
     "sex": "female"},
]  # fmt: skip


def _seed(db, ctx):
    changed = db(ctx.workspace.households.register, HEAD, MEMBERS)
    other = {"head_name": "Lê Văn Minh", "commune_code": "31018", "address": "Thôn 2"}
    db(ctx.workspace.households.register, other, [])
    return changed.ids[0]


def test_search_ignores_diacritics_and_drops_stale_answers(qtbot, ctx, db):
    household_id = _seed(db, ctx)
    page = HouseholdsPage(ctx, ["31027", "31018"])
    qtbot.addWidget(page)
    page.show()
    # "nguyen van anh" typed without marks; only the newest request may fill the model.
    with qtbot.waitSignal(page.results_applied, timeout=5000) as applied:
        qtbot.keyClicks(page.search, "nguyen van anh")
    assert applied.args[0] == page.latest_request
    assert page.model.rowCount() == 1
    assert page.model.index(0, HouseholdsModel.HEAD).data() == "Nguyễn Văn Ánh"
    assert page.model.index(0, HouseholdsModel.MEMBERS).data() == "2"

    stale = page.refresh()
    newest = page.refresh()
    page.search.blockSignals(True)
    with qtbot.waitSignal(page.results_applied, timeout=5000) as applied:
        pass
    assert applied.args[0] == newest != stale

    with qtbot.waitSignal(page.open_household, timeout=5000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args[0] == household_id


def test_filters_by_commune_and_status(qtbot, ctx, db):
    _seed(db, ctx)
    page = HouseholdsPage(ctx, ["31027", "31018"])
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.results_applied, timeout=5000):
        page.refresh()
    assert page.model.rowCount() == 2
    with qtbot.waitSignal(page.results_applied, timeout=5000):
        page.commune.setCurrentIndex(page.commune.findData("31018"))
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == ["Lê Văn Minh"]
    with qtbot.waitSignal(page.results_applied, timeout=5000):
        page.status.setCurrentIndex(page.status.findData("enrolled"))
    assert page.model.rowCount() == 0


def _row(name, count, last_visit=None, status="new"):
    return HouseholdRow(
        id=name, head_name=name, commune_code="31027", commune_name="Xã U Minh Thượng",
        village=None, address="Ấp 1", phone=None, member_count=count, status=status,
        version=0, pending=False, last_visit_on=last_visit,
    )  # fmt: skip


def test_model_sorts_on_raw_values(qapp, vi):
    model = HouseholdsModel("vi")
    model.set_rows([_row("Bùi", 10, date(2026, 11, 2)), _row("Đặng", 9), _row("An", 3)])
    assert model.index(0, HouseholdsModel.MEMBERS).data(SORT_ROLE) == 10
    assert model.index(0, HouseholdsModel.STATUS).data() == "Chưa thăm"
    assert model.index(0, HouseholdsModel.LAST_VISIT).data() == "02/11/2026"
    assert model.headers()[HouseholdsModel.COMMUNE] == "Xã, phường"
    names = lambda: [model.index(r, 0).data() for r in range(model.rowCount())]  # noqa: E731
    model.sort(HouseholdsModel.MEMBERS, Qt.SortOrder.AscendingOrder)
    assert names() == ["An", "Đặng", "Bùi"]
    # Names sort folded, so "Đ" sits with "D", not after "Z".
    model.sort(HouseholdsModel.HEAD, Qt.SortOrder.DescendingOrder)
    assert names() == ["Đặng", "Bùi", "An"]
    # A new answer keeps the chosen order.
    model.set_rows([_row("Cao", 1), _row("Âu", 2)])
    assert names() == ["Cao", "Âu"]
    model.sort(HouseholdsModel.LAST_VISIT, Qt.SortOrder.DescendingOrder)
    model.set_rows([_row("Cao", 1), _row("Âu", 2, date(2026, 1, 1))])
    assert names() == ["Âu", "Cao"]


def test_the_list_shows_each_households_last_visit(qtbot, ctx, db, vi):
    household_id = _seed(db, ctx)
    db(
        ctx.workspace.households.log_visit,
        {"household_id": household_id, "visited_on": "2026-01-03", "outcome": "not_home"},
    )
    page = HouseholdsPage(ctx, ["31027"])
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.results_applied, timeout=5000):
        page.refresh()
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).id == household_id)
    assert page.model.index(row, HouseholdsModel.LAST_VISIT).data() == "03/01/2026"
    assert page.model.index(row, HouseholdsModel.STATUS).data() == "Vắng nhà"


def test_removing_a_member_can_be_undone_from_the_status_bar(qtbot, ctx, db):
    household_id = _seed(db, ctx)
    window = MainWindow(ctx, communes=["31027"])
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.household.loaded, timeout=5000):
        window.open_household(household_id)
    page: HouseholdPage = window.household
    assert page.members.rowCount() == 2
    page.select_member(db(ctx.workspace.households.get, household_id).members[1].id)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(page.buttons["remove_member"], Qt.MouseButton.LeftButton)
    assert page.members.rowCount() == 1
    assert window.undo_button.isVisible()
    assert "Đặng Thị Hoà" in window.statusBar().currentMessage()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert page.members.rowCount() == 2
    assert not window.undo_button.isVisible()
    names = {m.full_name for m in db(ctx.workspace.households.get, household_id).members}
    assert names == {"Nguyễn Văn Ánh", "Đặng Thị Hoà"}
