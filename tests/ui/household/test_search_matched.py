"""A household found by someone other than its head says who: "nguyen van" lists the Trần
family because of its son Nguyễn Văn Ánh, and the row says so."""

from __future__ import annotations

from agent_app.ui.household.households import HouseholdsModel, HouseholdsPage

TRAN = {"head_name": "Trần Văn Bình", "commune_code": "31027", "address": "Số 7, Ấp 2",
        "village": "Ấp Tân Hòa"}  # fmt: skip
TRAN_MEMBERS = [
    {"full_name": "Trần Văn Bình", "relationship": "head", "date_of_birth": "1970-01-02",
     "sex": "male"},
    {"full_name": "Nguyễn Văn Ánh", "relationship": "child", "date_of_birth": "2001-05-06",
     "sex": "male", "phone": "0912345678"},
]  # fmt: skip
NGUYEN = {"head_name": "Nguyễn Văn Cường", "commune_code": "31027", "address": "Ấp 5"}


def _search(qtbot, page, text):
    page.search.clear()
    with qtbot.waitSignal(page.matches_applied, timeout=5000):
        qtbot.keyClicks(page.search, text)
    return {
        page.model.index(r, HouseholdsModel.HEAD).data(): page.model.index(
            r, HouseholdsModel.MATCHED
        ).data()
        for r in range(page.model.rowCount())
    }


def test_a_household_found_by_a_member_names_the_member(qtbot, ctx, db, vi):
    db(ctx.workspace.households.register, TRAN, TRAN_MEMBERS)
    db(ctx.workspace.households.register, NGUYEN, [])
    page = HouseholdsPage(ctx, ["31027"])
    qtbot.addWidget(page)
    page.show()
    found = _search(qtbot, page, "nguyen van")
    assert found == {"Nguyễn Văn Cường": "", "Trần Văn Bình": "Nguyễn Văn Ánh (con)"}
    assert page.model.headers()[HouseholdsModel.MATCHED] == "Tìm thấy qua"

    # By a member's phone, by the village: the row says which.
    assert _search(qtbot, page, "0912345")["Trần Văn Bình"] == (
        "SĐT 0912345678 — Nguyễn Văn Ánh (con)"
    )
    assert _search(qtbot, page, "tan hoa")["Trần Văn Bình"] == "Thôn/ấp: Ấp Tân Hòa"
    # Found by the head's own name: nothing more to say.
    assert _search(qtbot, page, "tran van") == {"Trần Văn Bình": ""}


def test_words_spread_over_the_head_and_a_member_name_the_member(qtbot, ctx, db, vi):
    toan = {**TRAN, "head_name": "Bùi Văn Toàn"}
    members = [
        {"full_name": "Bùi Văn Toàn", "relationship": "head", "date_of_birth": "1970-01-02",
         "sex": "male"},
        {"full_name": "Bùi Thị Ánh", "relationship": "child", "date_of_birth": "2001-05-06",
         "sex": "female"},
    ]  # fmt: skip
    db(ctx.workspace.households.register, toan, members)
    page = HouseholdsPage(ctx, ["31027"])
    qtbot.addWidget(page)
    page.show()
    # "van" is in the head's name, "anh" in his daughter's: she is why, not he.
    assert _search(qtbot, page, "van anh") == {"Bùi Văn Toàn": "Bùi Thị Ánh (con)"}
