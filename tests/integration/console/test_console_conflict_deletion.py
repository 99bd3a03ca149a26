"""A conflict whose laptop op was a deletion: laptop ``b`` removes a member that laptop ``a``
renamed first. The queue and the conflict page say the laptop deleted it (not an edit the
supervisor would undo unknowingly); the supervisor confirms the deletion in a real Chromium, or
keeps the record; both laptops follow at their next sync. A deletion cannot be forced onto an
edit's conflict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sync.protocol import CONFLICT
from sync.server.db import conflicts, records
from tests.integration.console.conftest import PASSWORD, heading
from tests.integration.console.queues_helpers import COMMUNE, PROVINCE, laptop_factory

SCREENSHOT = Path(__file__).parents[3] / "docs" / "screenshots" / "console-conflict-deletion.png"


@pytest.fixture
def laptops(console_server, tmp_path):
    make, stores = laptop_factory(console_server, tmp_path)
    yield make
    for store in stores:
        store.close()


def _deletion_conflict(laptops) -> tuple[Any, Any, str]:
    a, b = laptops("mai"), laptops("lan")
    changed = a.ws.households.register(
        {"commune_code": COMMUNE, "address": "Ấp Xẻo Quao", "head_name": "Nguyễn Văn Ánh"},
        [
            {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1980-03-04", "sex": "male",
             "relationship": "head"},
            {"full_name": "Trần Thị Bé", "date_of_birth": "2010-05-06", "sex": "female",
             "relationship": "child"},
        ],
    )  # fmt: skip
    child = changed.ids[2]
    a.sync.sync()
    b.sync.sync()
    a.ws.households.save_member({"full_name": "Trần Thị Bé Ba"}, child)
    b.ws.households.remove_member(child)
    a.sync.sync()
    report = b.sync.sync()
    assert report.pushed[CONFLICT] == 1
    return a, b, child


def _record(db, record_id: str) -> Any:
    with db.connect() as conn:
        return conn.execute(select(records).where(records.c.record_id == record_id)).one()


def test_a_deletion_is_shown_as_one_and_confirmed_in_the_browser(
    console_server, make_supervisor, browser, laptops
):
    from selenium.webdriver.common.by import By

    a, b, child = _deletion_conflict(laptops)
    with console_server.db.connect() as conn:
        [stored] = conn.execute(select(conflicts)).all()
    assert stored.deleted is True
    before = _record(console_server.db, child)
    boss = make_supervisor("province", provinces=[PROVINCE])
    browser.get(console_server.url + "/?next=/conflicts")
    browser.find_element(By.NAME, "username").send_keys(boss.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    heading(browser, "Xung đột")
    [row] = browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")
    assert "đã xóa trên máy tính" in row.text
    row.find_element(By.CSS_SELECTOR, "a.button").click()
    heading(browser, "Xung đột: Nhân khẩu Trần Thị Bé Ba")
    alert = browser.find_element(By.ID, "laptop-deleted")
    assert "Máy tính đã xóa hồ sơ này" in alert.text
    assert "Máy tính đã xóa phiên bản 1" in browser.find_element(By.CSS_SELECTOR, "p.hint").text
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))
    browser.find_element(By.CSS_SELECTOR, "a[hreflang=en]").click()
    heading(browser, "Conflict: Person Trần Thị Bé Ba")
    assert "The laptop deleted this record" in browser.find_element(By.ID, "laptop-deleted").text
    assert "Female" in browser.find_element(By.CSS_SELECTOR, "table.compare").text
    browser.save_screenshot(str(SCREENSHOT.with_name("console-conflict-deletion-en.png")))
    browser.find_element(By.CSS_SELECTOR, "a[hreflang=vi]").click()
    heading(browser, "Xung đột: Nhân khẩu Trần Thị Bé Ba")
    browser.find_element(By.CSS_SELECTOR, "button[name=outcome][value=delete]").click()
    heading(browser, "Xung đột")
    assert browser.find_elements(By.CSS_SELECTOR, "p.notice")
    after = _record(console_server.db, child)
    assert (after.deleted, after.version) == (True, before.version + 1)
    assert after.body == before.body  # a tombstone of the server's record

    b.sync.sync()
    a.sync.sync()
    assert b.ws.attention.items() == []
    assert b.store.outbox.pending_count() == 0
    for lap in (a, b):
        kept = lap.store.records.find(child)
        assert kept is not None
        assert (kept.deleted, kept.version) == (True, after.version)


def test_keeping_the_record_brings_it_back_and_an_edit_cannot_be_deleted(
    console_server, make_supervisor, laptops, web
):
    a, b, child = _deletion_conflict(laptops)
    with console_server.db.connect() as conn:
        [conflict] = conn.execute(select(conflicts)).all()
    session = web(make_supervisor("province", provinces=[PROVINCE]))
    listed = session.session.get(f"{session.url}/api/v1/reports/conflicts", timeout=30).json()
    assert [c["laptop_deleted"] for c in listed["conflicts"]] == [True]
    kept = session.session.post(
        f"{session.url}/api/v1/console/conflicts/{conflict.id}/resolve",
        data={"csrf": session.csrf()},
        timeout=30,
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["deleted"] is False
    stored = _record(console_server.db, child)
    assert stored.deleted is False
    assert stored.body["full_name"] == "Trần Thị Bé Ba"
    b.sync.sync()
    assert b.ws.attention.items() == []
    back = b.store.records.get(child)
    assert (back.deleted, back.body["full_name"]) == (False, "Trần Thị Bé Ba")

    # An edit's conflict: "delete" is refused, naming what to do instead; nothing changes.
    a.ws.households.save_member({"full_name": "Trần Bé Ba"}, child)
    b.ws.households.save_member({"full_name": "Trần Thị Ba"}, child)
    a.sync.sync()
    assert b.sync.sync().pushed[CONFLICT] == 1
    with console_server.db.connect() as conn:
        edit = conn.execute(select(conflicts).where(conflicts.c.resolved_at.is_(None))).one()
    assert edit.deleted is False
    refused = session.session.post(
        f"{session.url}/api/v1/console/conflicts/{edit.id}/resolve",
        data={"csrf": session.csrf(), "outcome": "delete"},
        timeout=30,
    )
    assert refused.status_code == 400
    assert "did not delete it" in refused.json()["error"]["message"]
    assert _record(console_server.db, child).deleted is False
