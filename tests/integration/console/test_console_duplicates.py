"""The duplicate queue: the same CCCD enrolled in one scheme by two agents within 7 days makes
one pair, found at ingest; decided once, audited; beyond 7 days, by one agent, or in another
scheme, no pair. Scope and viewers through pages and API; the page in a real Chromium."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from sync.server.admin import vn_today
from sync.server.console.tables import console_audit
from sync.server.duplicates import duplicate_decisions, duplicate_pairs
from tests.integration.console.conftest import PASSWORD, heading
from tests.integration.console.queues_helpers import (
    CCCD,
    PROVINCE,
    enrol_household_health,
    op,
    pusher,
)

SCREENSHOT = Path(__file__).parents[3] / "docs" / "screenshots" / "console-duplicates.png"


def _pairs(web_session) -> list[dict]:
    answer = web_session.session.get(web_session.url + "/api/v1/reports/duplicates", timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["pairs"]


def test_two_agents_within_seven_days_make_one_pair_decided_once(
    console_server, make_supervisor, web
):
    today = vn_today()
    mai, lan = pusher(console_server, "mai"), pusher(console_server, "lan")
    first, first_no = enrol_household_health(mai, CCCD, today - timedelta(days=3))
    second, second_no = enrol_household_health(lan, CCCD, today)
    boss = web(make_supervisor("province", provinces=[PROVINCE]))
    pairs = _pairs(boss)
    assert len(pairs) == 1
    pair = pairs[0]
    assert {pair["first_id"], pair["second_id"]} == {first, second}
    sides = {
        pair["first"]["enrollment_id"]: pair["first"],
        pair["second"]["enrollment_id"]: pair["second"],
    }
    assert sides[first]["agent"]["username"] == "mai"
    assert sides[second]["receipt"]["number"] == second_no
    assert sides[first]["receipt"]["number"] == first_no
    assert sides[first]["person"]["full_name"] == "Lê Văn Tư"

    # A viewer sees it but cannot decide; another province sees nothing and cannot decide.
    viewer = web(make_supervisor("viewer", provinces=[PROVINCE]))
    assert len(_pairs(viewer)) == 1
    form = {"first": pair["first_id"], "second": pair["second_id"], "decision": "duplicate"}
    refused = viewer.session.post(
        viewer.url + "/duplicates/decide", data={**form, "csrf": viewer.csrf()}, timeout=30
    )
    assert refused.status_code == 403
    stranger = web(make_supervisor("province", provinces=["01"]))
    assert _pairs(stranger) == []
    assert CCCD not in stranger.session.get(stranger.url + "/duplicates", timeout=30).text
    hidden = stranger.session.post(
        stranger.url + "/api/v1/console/duplicates/decide",
        data={**form, "csrf": stranger.csrf()},
        timeout=30,
    )
    assert hidden.status_code == 404
    forged = boss.session.post(boss.url + "/duplicates/decide", data=form, timeout=30)
    assert forged.status_code == 403
    with console_server.db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(duplicate_decisions)).scalar() == 0

    decided = boss.session.post(
        boss.url + "/api/v1/console/duplicates/decide",
        data={**form, "note": "cùng một người", "csrf": boss.csrf()},
        timeout=30,
    )
    assert decided.status_code == 200, decided.text
    assert _pairs(boss) == []
    again = boss.session.post(
        boss.url + "/api/v1/console/duplicates/decide",
        data={**form, "decision": "not_duplicate", "csrf": boss.csrf()},
        timeout=30,
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_decided"
    queue = boss.session.get(boss.url + "/api/v1/reports/duplicates", timeout=30).json()
    assert [p["decision"] for p in queue["decided"]] == ["duplicate"]
    with console_server.db.connect() as conn:
        actions = conn.execute(
            select(console_audit.c.action, console_audit.c.detail).where(
                console_audit.c.action == "decide_duplicate"
            )
        ).all()
    assert [(a, d["decision"]) for a, d in actions] == [("decide_duplicate", "duplicate")]


def test_no_pair_beyond_seven_days_for_one_agent_or_across_schemes(console_server):
    today = vn_today()
    mai, lan = pusher(console_server, "mai"), pusher(console_server, "lan")
    enrol_household_health(mai, CCCD, today - timedelta(days=8))
    enrol_household_health(lan, CCCD, today)  # 8 days apart
    enrol_household_health(lan, "091080123457", today, receipt_no=2)
    enrol_household_health(
        lan, "091080123457", today - timedelta(days=1), receipt_no=3
    )  # same agent
    # The same CCCD in voluntary insurance (another scheme) by a third agent, the same day.
    hoa = pusher(console_server, "hoa")
    household = op(
        "household", {"commune_code": "31027", "address": "Ấp 2", "head_name": "Lê Văn Tư"}
    )
    person = op(
        "person",
        {
            "household_id": household.record_id,
            "full_name": "Lê Văn Tư",
            "date_of_birth": "1980-03-04",
            "sex": "male",
            "relationship": "head",
            "cccd": CCCD,
        },
    )
    from sync.domain.rules import load_rates, quote_voluntary

    quote = quote_voluntary(
        load_rates(), income=2_000_000, support="other", method="monthly", paid_on=today
    )
    enrollment = op(
        "enrollment",
        {
            "scheme": "voluntary",
            "person_id": person.record_id,
            "income": 2_000_000,
            "support": "other",
            "method": "monthly",
            "paid_on": today.isoformat(),
            "amount": quote.total,
        },
    )
    answer = hoa.push(household, person, enrollment)
    assert [r.status for r in answer.results] == ["applied"] * 3, answer
    with console_server.db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(duplicate_pairs)).scalar() == 0


def test_the_duplicate_page_in_chromium(console_server, make_supervisor, browser):
    from selenium.webdriver.common.by import By

    today = vn_today()
    mai, lan = pusher(console_server, "mai"), pusher(console_server, "lan")
    enrol_household_health(mai, CCCD, today - timedelta(days=2))
    enrol_household_health(lan, CCCD, today)
    boss = make_supervisor("province", provinces=[PROVINCE])
    browser.get(console_server.url + "/?next=/duplicates")
    browser.find_element(By.NAME, "username").send_keys(boss.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    heading(browser, "Trùng lặp")
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.pair")) == 1
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))
    browser.find_element(By.CSS_SELECTOR, "section.pair input[name=note]").send_keys(
        "Cùng một người"
    )
    browser.find_element(By.CSS_SELECTOR, "section.pair button[value=duplicate]").click()
    heading(browser, "Trùng lặp")
    assert browser.find_elements(By.CSS_SELECTOR, "section.pair") == []
    assert "Cùng một người" in browser.find_element(By.TAG_NAME, "table").text
