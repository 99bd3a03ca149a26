"""The Agents and Events pages over seeded demo work and a real laptop: the figures the pages
and their JSON twins show equal counts made directly in SQL, and a province supervisor sees
only their own province's agents and events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select

from sync.domain.admin_units import admin_units
from sync.server.console.scope import c_province
from sync.server.db import agents, records
from sync.server.embedded import EmbeddedServer
from sync.server.seed_national import seed_national
from tests.integration.console.conftest import PASSWORD, MakeSupervisor, heading
from tests.integration.console.test_console_devices import SCREENSHOTS, _activity_after_sync

DAY = date(2026, 11, 30)  # the server's date here: "this month" is November
FIRST, SECOND = (p.code for p in admin_units().provinces()[:2])


def _seed(server: EmbeddedServer) -> None:
    """A campaign month over the first two provinces' communes: an agent each, enrollments
    with receipts, visits and events."""
    seed_national(server.db, enrollments=1500, visits=1500, month=date(2026, 11, 1), provinces=2)


@pytest.fixture
def console_server(tmp_path: Path, database_url: str | None) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(
        tmp_path / "server", database_url=database_url, console=True, today=DAY
    ) as running:
        yield running


def _sql_counts(server: EmbeddedServer, today: date) -> tuple[Counter[str], Counter[str]]:
    """Sign-ups this month per agent username and per event id, counted from the records."""
    month = today.replace(day=1).isoformat()
    per_agent: Counter[str] = Counter()
    per_event: Counter[str] = Counter()
    with server.db.connect() as conn:
        names = dict(conn.execute(select(agents.c.id, agents.c.username)).all())
        rows = conn.execute(
            select(records.c.agent_id, records.c.body).where(
                records.c.kind == "enrollment", records.c.deleted.is_(False)
            )
        ).all()
    for agent_id, body in rows:
        people = 1 if body["scheme"] == "voluntary" else len(body.get("member_ids") or [1])
        if month <= body["paid_on"] <= today.isoformat():
            per_agent[names[agent_id]] += people
        if body.get("event_id"):
            per_event[body["event_id"]] += people
    return per_agent, per_event


def test_agents_and_events_match_sql(
    console_server: EmbeddedServer,
    make_supervisor: MakeSupervisor,
    laptop: Any,
    web: Any,
    browser: Any,
) -> None:
    today = DAY
    _seed(console_server)
    lap = laptop("mai2", ("31027",))
    assert lap.sync.sync().ok
    _activity_after_sync(console_server)
    per_agent, per_event = _sql_counts(console_server, today)
    assert sum(per_agent.values()) > 0
    assert per_event

    admin = web(make_supervisor("admin"))
    shown = admin.session.get(
        admin.url + "/api/v1/reports/agents", params={"limit": 500}, timeout=30
    ).json()
    assert shown["total"] == len(shown["agents"])
    by_name = {a["username"]: a for a in shown["agents"]}
    for username, count in per_agent.items():
        assert by_name[username]["month"]["signups"] == count
    assert by_name["mai2"]["last_sync_at"] is not None
    assert by_name["mai2"]["app_version"]
    assert by_name["mai2"]["pending_ops"] == 0
    events = admin.session.get(admin.url + "/api/v1/reports/events", timeout=30).json()
    assert {e["event_id"]: e["signups"] for e in events["events"] if e["signups"]} == dict(
        per_event
    )

    # The page in the browser shows the same month total for the demo agent.
    supervisor = make_supervisor("province", provinces=[FIRST])
    browser.get(console_server.url + "/")
    browser.find_element(By.ID, "username").send_keys(supervisor.username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    heading(browser, "Tổng quan")
    browser.get(console_server.url + "/agents")
    heading(browser, "Nhân viên thu")
    rows = [
        row
        for row in browser.find_elements(By.CSS_SELECTOR, "main > .wide > table.data > tbody > tr")
        if "days" not in (row.get_attribute("class") or "")
    ]
    shown_total = sum(
        int(row.find_elements(By.CSS_SELECTOR, "td.num")[3].text.replace(".", "")) for row in rows
    )
    # The page holds the first 50 agents of the province, by username.
    in_province = sorted(
        a["username"] for a in shown["agents"] if any(c_province(c) == FIRST for c in a["communes"])
    )
    first_page = in_province[:50]
    assert shown_total == sum(per_agent[name] for name in first_page)
    assert len(rows) == len(first_page)
    if len(in_province) > 50:
        assert "Trang 1/" in browser.find_element(By.CSS_SELECTOR, "nav.pager").text
    browser.save_screenshot(str(SCREENSHOTS / "console-agents.png"))
    browser.get(console_server.url + "/events")
    heading(browser, "Sự kiện")
    assert "Chưa có sự kiện nào" not in browser.page_source
    browser.save_screenshot(str(SCREENSHOTS / "console-events.png"))


def test_a_province_supervisor_sees_only_their_province(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Any
) -> None:
    _seed(console_server)
    hanoi = web(make_supervisor("province", provinces=["79"]))  # Hồ Chí Minh: not seeded
    assert (
        hanoi.session.get(hanoi.url + "/api/v1/reports/agents", timeout=30).json()["agents"] == []
    )
    assert hanoi.session.get(hanoi.url + "/api/v1/reports/events", timeout=30).json() == {
        "events": [],
        "by_type": [],
    }
    page = hanoi.session.get(hanoi.url + "/agents", timeout=30).text
    assert "Chưa có nhân viên thu nào" in page
    second = web(make_supervisor("province", provinces=[SECOND]))
    seen = second.session.get(second.url + "/api/v1/reports/agents", timeout=30).json()
    assert seen["agents"]
    assert all(c_province(c) == SECOND for a in seen["agents"] for c in a["communes"])
