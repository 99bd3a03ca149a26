"""The conflict queue end to end: two real laptops (encrypted stores, sync engine) edit the same
household field offline and sync: a conflict. The supervisor resolves it in a real Chromium,
field by field; after their next sync both laptops hold the chosen values and the conflict is
gone from the needs-attention list. Viewers, other provinces and forged forms change nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sync.protocol import CONFLICT
from sync.server.console.tables import console_audit
from sync.server.db import conflicts, records
from tests.integration.console.conftest import PASSWORD, heading
from tests.integration.console.queues_helpers import COMMUNE, PROVINCE, laptop_factory

SCREENSHOT = Path(__file__).parents[3] / "docs" / "screenshots" / "console-conflict.png"


@pytest.fixture
def laptops(console_server, tmp_path):
    make, stores = laptop_factory(console_server, tmp_path)
    yield make
    for store in stores:
        store.close()


def _conflict(laptops) -> tuple[Any, Any, str]:
    """Laptop ``a`` and ``b`` share a household; both change its address offline, ``b`` also
    its village; ``a`` syncs first, so ``b``'s edit is a conflict on the address."""
    a, b = laptops("mai"), laptops("lan")
    changed = a.ws.households.register(
        {"commune_code": COMMUNE, "address": "Ấp Xẻo Quao", "head_name": "Nguyễn Văn Ánh"},
        [
            {
                "full_name": "Nguyễn Văn Ánh",
                "date_of_birth": "1980-03-04",
                "sex": "male",
                "relationship": "head",
            }
        ],
    )
    hh = changed.ids[0]
    a.sync.sync()
    b.sync.sync()
    a.ws.households.save({"address": "Ấp Xẻo Đước"}, hh)
    b.ws.households.save({"address": "Ấp Kênh Xáng", "village": "Ấp 3"}, hh)
    a.sync.sync()
    report = b.sync.sync()
    assert report.pushed[CONFLICT] == 1
    return a, b, hh


def _open(db) -> list[Any]:
    with db.connect() as conn:
        return conn.execute(select(conflicts).where(conflicts.c.resolved_at.is_(None))).all()


def _body(db, record_id: str) -> dict[str, Any]:
    with db.connect() as conn:
        return dict(
            conn.execute(
                select(records.c.body).where(records.c.record_id == record_id)
            ).scalar_one()
        )


def test_resolved_in_the_browser_reaches_both_laptops(
    console_server, make_supervisor, browser, laptops, web
):
    from selenium.webdriver.common.by import By

    a, b, hh = _conflict(laptops)
    [conflict] = _open(console_server.db)
    boss = make_supervisor("province", provinces=[PROVINCE])
    browser.get(console_server.url + "/?next=/conflicts")
    browser.find_element(By.NAME, "username").send_keys(boss.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    heading(browser, "Xung đột")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")
    assert len(rows) == 1
    assert "Nguyễn Văn Ánh" in rows[0].text
    rows[0].find_element(By.CSS_SELECTOR, "a.button").click()
    heading(browser, "Xung đột: Hộ gia đình Nguyễn Văn Ánh")
    changed = browser.find_elements(By.CSS_SELECTOR, "table.compare tr.changed")
    assert len(changed) == 2  # the address (both changed) and the village (the laptop's only)
    village = browser.find_element(By.CSS_SELECTOR, "input[name='choice.village'][value=laptop]")
    assert village.is_selected()  # as merging would take it
    browser.find_element(By.CSS_SELECTOR, "input[name='choice.address'][value=laptop]").click()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))
    browser.find_element(By.CSS_SELECTOR, "form.resolve button[type=submit]").click()
    heading(browser, "Xung đột")
    assert browser.find_elements(By.CSS_SELECTOR, "p.notice")
    assert _open(console_server.db) == []
    stored = _body(console_server.db, hh)
    assert (stored["address"], stored["village"]) == ("Ấp Kênh Xáng", "Ấp 3")

    # The next sync brings the chosen values to both laptops; b's conflict has left its list.
    assert b.ws.attention.items() != []
    b.sync.sync()
    a.sync.sync()
    assert b.ws.attention.items() == []
    assert b.store.outbox.pending_count() == 0
    for lap in (a, b):
        body = lap.store.records.get(hh).body
        assert (body["address"], body["village"]) == ("Ấp Kênh Xáng", "Ấp 3")
    assert b.store.records.get(hh).version == a.store.records.get(hh).version

    # One decision: a second resolution is refused, over the API too.
    session = web(boss)
    again = session.session.post(
        f"{session.url}/api/v1/console/conflicts/{conflict.id}/resolve",
        data={"csrf": session.csrf(), "choice.address": "server"},
        timeout=30,
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_resolved"
    detail = session.session.get(
        f"{session.url}/api/v1/reports/conflicts/{conflict.id}", timeout=30
    ).json()
    assert detail["resolution"]["choices"] == {"address": "laptop", "village": "laptop"}
    with console_server.db.connect() as conn:
        [entry] = conn.execute(
            select(console_audit).where(console_audit.c.action == "resolve_conflict")
        ).all()
    assert entry.username == boss.username
    assert entry.detail["conflict"] == conflict.id


def test_viewer_other_province_and_forged_form_change_nothing(
    console_server, make_supervisor, laptops, web
):
    _a, _b, hh = _conflict(laptops)
    [conflict] = _open(console_server.db)
    before = _body(console_server.db, hh)
    page = f"/conflicts/{conflict.id}"
    form = {"choice.address": "laptop"}

    boss = web(make_supervisor("province", provinces=[PROVINCE]))
    listed = boss.session.get(boss.url + "/api/v1/reports/conflicts", timeout=30).json()
    assert [c["id"] for c in listed["conflicts"]] == [conflict.id]
    item = listed["conflicts"][0]
    assert item["agent"]["username"] == "lan"
    assert item["fields"] == ["address"]
    detail = boss.session.get(boss.url + "/api/v1/reports" + page, timeout=30).json()
    by_field = {f["field"]: f for f in detail["fields"]}
    assert by_field["address"]["server"] == "Ấp Xẻo Đước"
    assert by_field["address"]["laptop"] == "Ấp Kênh Xáng"
    assert by_field["address"]["base"] == "Ấp Xẻo Quao"
    assert by_field["address"]["suggest"] is None
    missing = boss.session.post(
        boss.url + f"/api/v1/console{page}/resolve", data={"csrf": boss.csrf()}, timeout=30
    )
    assert missing.status_code == 400
    assert "address" in missing.json()["error"]["message"]

    viewer = web(make_supervisor("viewer", provinces=[PROVINCE]))
    assert viewer.session.get(viewer.url + page, timeout=30).status_code == 200
    for path in (page + "/resolve", f"/api/v1/console{page}/resolve"):
        refused = viewer.session.post(
            viewer.url + path, data={**form, "csrf": viewer.csrf()}, timeout=30
        )
        assert refused.status_code == 403, path

    stranger = web(make_supervisor("province", provinces=["01"]))
    assert stranger.session.get(stranger.url + page, timeout=30).status_code == 404
    assert (
        stranger.session.get(stranger.url + "/api/v1/reports" + page, timeout=30).status_code == 404
    )
    assert (
        stranger.session.get(stranger.url + "/api/v1/reports/conflicts", timeout=30).json()[
            "conflicts"
        ]
        == []
    )
    assert (
        "Nguyễn Văn Ánh" not in stranger.session.get(stranger.url + "/conflicts", timeout=30).text
    )
    hidden = stranger.session.post(
        stranger.url + page + "/resolve", data={**form, "csrf": stranger.csrf()}, timeout=30
    )
    assert hidden.status_code == 404

    forged = boss.session.post(boss.url + page + "/resolve", data=form, timeout=30)
    assert forged.status_code == 403
    foreign = boss.session.post(
        boss.url + page + "/resolve",
        data={**form, "csrf": boss.csrf()},
        headers={"Origin": "http://evil.example"},
        timeout=30,
    )
    assert foreign.status_code == 403

    assert [c.id for c in _open(console_server.db)] == [conflict.id]
    assert _body(console_server.db, hh) == before
    with console_server.db.connect() as conn:
        assert (
            conn.execute(
                select(console_audit).where(console_audit.c.action == "resolve_conflict")
            ).all()
            == []
        )
