"""Today's renewals name the scheme in the agent's language, not in the language the
services happen to store."""

from __future__ import annotations

import pytest

from agent_app.ui.campaign.today import TodayPage
from agent_app.ui.i18n import install_translator, remove_translators

HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
HEAD = {
    "full_name": "Nguyễn Văn Ánh",
    "date_of_birth": "1985-03-02",
    "sex": "male",
    "relationship": "head",
}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", "BHXH tự nguyện"), ("en", "Voluntary social insurance")],
)
def test_a_renewal_names_its_scheme_in_the_ui_language(qtbot, qapp, ctx, db, lang, expected):
    ws = ctx.workspace
    changed = db(ws.households.register, HOUSEHOLD, [HEAD])
    person_id = changed.ids[1]
    # Paid monthly today: the paid period ends within 30 days, so it is due for renewal.
    db(
        ws.money.enroll_voluntary,
        {"person_id": person_id, "income": 1_500_000, "support": "other", "method": "monthly"},
    )
    ctx.lang = lang
    translators = install_translator(qapp, lang)
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    assert page.expiring.proxy.rowCount() == 1
    cells = page.expiring.texts(0)
    assert cells[1] == "Nguyễn Văn Ánh"
    remove_translators(qapp, translators)
    assert cells[-1] == expected
