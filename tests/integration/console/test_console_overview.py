"""The overview, province and commune pages on a seeded campaign month (two provinces), on
SQLite and PostgreSQL: the figures the page shows in a real Chromium and its JSON twin answer
equal sign-ups counted straight from ``records`` in SQL; a province supervisor cannot reach
another province through pages or the API; the period switch and the English switch work."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from selenium.webdriver.common.by import By
from sqlalchemy import text

from sync.domain.admin_units import admin_units
from sync.server.console.accounts import add_supervisor
from sync.server.embedded import EmbeddedServer
from sync.server.seed_national import seed_national
from tests.integration.console.conftest import PASSWORD, MakeSupervisor, heading

TODAY = date(2026, 5, 20)
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
UNITS = admin_units()
P1, P2 = (p.code for p in UNITS.provinces()[:2])


@pytest.fixture
def console_server(tmp_path: Path, database_url: str | None) -> Iterator[EmbeddedServer]:
    """The console over a campaign month of the first two provinces, on 20 May."""
    with EmbeddedServer(
        tmp_path / "server", database_url=database_url, console=True, today=TODAY
    ) as running:
        seed_national(running.db, enrollments=4_000, visits=500, provinces=2)
        yield running


@pytest.fixture
def national_server(tmp_path: Path, database_url: str | None) -> Iterator[EmbeddedServer]:
    """Every province and commune, with a hundredth of the national month's enrollments."""
    with EmbeddedServer(
        tmp_path / "national", database_url=database_url, console=True, today=TODAY
    ) as running:
        seed_national(running.db, enrollments=10_000, visits=1_000)
        yield running


def signups_in_sql(server: EmbeddedServer, lo: str, hi: str, by: str) -> dict[str, int]:
    """Sign-ups (one per voluntary enrollment, the members of a household one) per province
    or commune between two days, counted from the live enrollments in ``records``."""
    with server.db.connect() as conn:
        if conn.dialect.name == "postgresql":
            scheme, paid, members = (
                "body->>'scheme'",
                "body->>'paid_on'",
                "json_array_length(body->'member_ids')",
            )
        else:
            scheme, paid, members = (
                "json_extract(body, '$.scheme')",
                "json_extract(body, '$.paid_on')",
                "json_array_length(body, '$.member_ids')",
            )
        sql = (
            f"SELECT {by}, sum(CASE WHEN {scheme} = 'voluntary' THEN 1 "
            f"ELSE COALESCE(NULLIF({members}, 0), 1) END) FROM records "
            f"WHERE kind = 'enrollment' AND NOT deleted AND {paid} BETWEEN :lo AND :hi "
            f"GROUP BY {by}"
        )
        return {str(k): int(n) for k, n in conn.execute(text(sql), {"lo": lo, "hi": hi})}


def sign_in_browser(browser: Any, url: str, username: str) -> None:
    browser.get(url + "/")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    heading(browser, "Tổng quan")


def table_column(browser: Any, column: str) -> dict[str, int]:
    """{row code: figure} of a column of the rows table, as the browser shows it."""
    out = {}
    for row in browser.find_elements(By.CSS_SELECTOR, "table#rows tbody tr[data-code]"):
        cell = row.find_element(By.CSS_SELECTOR, f"td.{column}")
        out[row.get_attribute("data-code")] = int(cell.text.replace(".", "").replace(",", ""))
    return out


def test_overview_figures_equal_sql_counts_in_chromium_and_json(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Any, browser: Any
) -> None:
    admin = make_supervisor("admin")
    url = console_server.url
    sign_in_browser(browser, url, admin.username)
    month = signups_in_sql(console_server, "2026-05-01", TODAY.isoformat(), "province_code")
    today = signups_in_sql(console_server, TODAY.isoformat(), TODAY.isoformat(), "province_code")
    week = signups_in_sql(console_server, "2026-05-18", TODAY.isoformat(), "province_code")
    assert set(month) == {P1, P2}
    assert all(n > 0 for n in month.values())
    assert table_column(browser, "month") == month
    assert table_column(browser, "today") == today
    assert table_column(browser, "week") == week
    card = browser.find_element(By.ID, "card-signups").text
    assert int(card.replace(".", "")) == sum(month.values())  # this month by default
    # The bars carry the same figures, in the order of the table (worst first).
    bars = browser.find_elements(By.CSS_SELECTOR, "svg rect.bar")
    rows = browser.find_elements(By.CSS_SELECTOR, "table#rows tbody tr")
    codes = [r.get_attribute("data-code") for r in rows]
    assert [int(b.get_attribute("data-value")) for b in bars] == [month[c] for c in codes]
    # The period switch: today's figures on the cards.
    browser.find_element(By.CSS_SELECTOR, "nav.periods a[href$='period=today']").click()
    heading(browser, "Tổng quan")
    assert browser.current_url.endswith("?period=today")
    assert int(browser.find_element(By.ID, "card-signups").text.replace(".", "")) == sum(
        today.values()
    )
    # The JSON twin answers the same figures.
    session = web(admin).session
    data = session.get(url + "/api/v1/reports/overview", timeout=30).json()
    assert data["period"] == "month"
    assert {r["code"]: r["month"] for r in data["rows"]} == month
    assert {r["code"]: r["today"] for r in data["rows"]} == today
    assert data["totals"]["month"]["signups"] == sum(month.values())
    # A province page: its communes, equal to SQL per commune.
    per_commune = signups_in_sql(console_server, "2026-05-01", TODAY.isoformat(), "commune_code")
    browser.find_element(By.CSS_SELECTOR, f"table#rows a[href^='/provinces/{P1}']").click()
    heading(browser, UNITS.province(P1).name)  # type: ignore[union-attr]
    shown = table_column(browser, "month")
    mine = {c.code for c in UNITS.communes_of(P1)}
    assert shown == {c: per_commune.get(c, 0) for c in mine}
    body = session.get(url + f"/api/v1/reports/provinces/{P1}", timeout=30).json()
    assert {r["code"]: r["month"] for r in body["rows"]} == shown


def test_pages_and_screenshots(national_server: EmbeddedServer, browser: Any) -> None:
    admin = add_supervisor(
        national_server.db, username="quantri", name="Lê Thị Mai", role="admin", password=PASSWORD
    )
    url = national_server.url
    sign_in_browser(browser, url, admin.username)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1366, 2200)
    browser.get(url + "/overview")
    heading(browser, "Tổng quan")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table#rows tbody tr[data-code]")) == 34
    browser.save_screenshot(str(SCREENSHOTS / "console-overview.png"))
    browser.get(url + f"/provinces/{P1}")
    heading(browser, UNITS.province(P1).name)  # type: ignore[union-attr]
    first = browser.find_element(By.CSS_SELECTOR, "table#rows tbody tr[data-code] a")
    commune = first.get_attribute("href").split("/communes/")[1].split("?")[0]
    browser.save_screenshot(str(SCREENSHOTS / "console-province.png"))
    first.click()
    heading(browser, UNITS.commune(commune).name)  # type: ignore[union-attr]
    rows = browser.find_elements(By.CSS_SELECTOR, "table#rows tbody tr[data-code]")
    assert rows  # the commune's agent
    browser.save_screenshot(str(SCREENSHOTS / "console-commune.png"))
    browser.set_window_size(1366, 900)
    # English: the same page, in English.
    browser.find_element(By.CSS_SELECTOR, "a[hreflang=en]").click()
    heading(browser, UNITS.commune(commune).name)  # type: ignore[union-attr]
    assert browser.find_element(By.CSS_SELECTOR, "nav.periods a.current").text == "This month"
    browser.get(url + "/overview")
    heading(browser, "Overview")
    assert "Day by day" in browser.page_source
    browser.find_element(By.CSS_SELECTOR, "a[hreflang=vi]").click()
    heading(browser, "Tổng quan")


def test_a_province_supervisor_sees_only_their_province(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Any, browser: Any
) -> None:
    chief = make_supervisor("province", provinces=[P1])
    session: requests.Session = web(chief).session
    url = console_server.url
    other_commune = UNITS.communes_of(P2)[0].code
    own_commune = UNITS.communes_of(P1)[0].code
    for path in (f"/provinces/{P2}", f"/communes/{other_commune}", "/provinces/99"):
        page = session.get(url + path, timeout=30)
        assert page.status_code == 404, path
        assert "Không có trang này" in page.text or "There is no such page." in page.text
        answer = session.get(url + "/api/v1/reports" + path, timeout=30)
        assert answer.status_code == 404, path
        assert answer.json()["error"]["code"] == "not_found"
    for path in (f"/provinces/{P1}", f"/communes/{own_commune}", "/overview"):
        assert session.get(url + path, timeout=30).status_code == 200, path
    data = session.get(url + "/api/v1/reports/overview", timeout=30).json()
    assert [r["code"] for r in data["rows"]] == [P1]
    month = signups_in_sql(console_server, "2026-05-01", TODAY.isoformat(), "province_code")
    assert data["totals"]["month"]["signups"] == month[P1]
    # In the browser: one province row, and the other province's page is refused.
    sign_in_browser(browser, url, chief.username)
    assert list(table_column(browser, "month")) == [P1]
    browser.get(url + f"/provinces/{P2}")
    heading(browser, "Không thực hiện được")


def test_a_commune_supervisor_sees_only_their_commune(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Any
) -> None:
    own, other = (c.code for c in UNITS.communes_of(P1)[:2])
    chief = make_supervisor("commune", communes=[own])
    session = web(chief).session
    url = console_server.url
    assert session.get(url + f"/communes/{other}", timeout=30).status_code == 404
    assert session.get(url + f"/api/v1/reports/communes/{other}", timeout=30).status_code == 404
    body = session.get(url + f"/api/v1/reports/provinces/{P1}", timeout=30).json()
    assert [r["code"] for r in body["rows"]] == [own]
    per_commune = signups_in_sql(console_server, "2026-05-01", TODAY.isoformat(), "commune_code")
    assert body["totals"]["month"]["signups"] == per_commune.get(own, 0)
    assert session.get(url + f"/communes/{own}", timeout=30).status_code == 200


def test_bad_addresses_are_refused_by_name_and_the_schema_is_published(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Any
) -> None:
    session = web(make_supervisor("viewer")).session
    url = console_server.url
    page = session.get(url + "/overview?period=year", timeout=30)
    assert page.status_code == 400
    assert "period" in page.text
    answer = session.get(url + "/api/v1/reports/overview?period=year", timeout=30)
    assert answer.status_code == 400
    assert "period" in answer.json()["error"]["message"]
    assert requests.get(url + "/api/v1/reports/overview", timeout=30).status_code == 401
    schema = requests.get(url + "/openapi.json", timeout=30).json()
    for path in ("overview", "provinces/{code}", "communes/{code}"):
        op = schema["paths"][f"/api/v1/reports/{path}"]["get"]
        assert op["security"] == [{"console": []}]
        ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ReportModel")
    assert "rows" in schema["components"]["schemas"]["ReportModel"]["properties"]
