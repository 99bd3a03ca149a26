"""The reference data page: rates published in the console become the rates of the server's
checks and of the laptops' quotes after a sync; a publication never rewrites rates stored
enrollments used; only administrators publish rates and scripts; supervisors revise the targets
of their own communes, which laptops then pull. Real server (SQLite and PostgreSQL), real
laptop stores and sync engine, and a real Chromium for the editing."""

from __future__ import annotations

import copy
import json
import secrets
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import Store, create_profile
from agent_app.storage.connection import KdfParams
from sync.domain.errors import RuleError
from sync.domain.rates import load_rates
from sync.domain.rules import quote_voluntary
from sync.protocol import PUSH_PATH, REF_TARGET, new_id
from sync.server.admin import add_agent, open_database, vn_today
from sync.server.console.tables import console_audit
from sync.server.db import records
from sync.server.embedded import EmbeddedServer
from sync.server.published_rates import PublishedRates
from sync.server.refdata import RATES_ID, ref_id
from tests.integration.console.conftest import PASSWORD, MakeSupervisor, Web, heading

COMMUNE = "31027"  # An Giang (province 91)
HANOI_COMMUNE = "00004"  # Hà Nội (province 01)
API = "/api/v1/console/reference"


class Laptop:
    def __init__(self, ws: Workspace, sync: SyncService, store: Store) -> None:
        self.ws, self.sync, self.store = ws, sync, store

    def synced(self) -> None:
        report = self.sync.sync()
        assert report.ok, report.error
        assert report.attention == 0

    def person(self) -> str:
        household = self.ws.households.register(
            {"commune_code": COMMUNE, "address": "Ấp Xẻo Quao", "head_name": "Nguyễn Văn Ánh",
             "phone": "0912345678"},
            [{"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1980-03-04", "sex": "male",
              "relationship": "head"}],
        ).ids[0]  # fmt: skip
        return str(self.ws.households.get(str(household)).members[0].id)


@pytest.fixture
def laptop(console_server: EmbeddedServer, tmp_path: Path) -> Iterator[Laptop]:
    code = add_agent(console_server.db, username="mai", name="Trần Thị Mai", communes=[COMMUNE])
    store = create_profile(
        tmp_path / "laptop", agent_name="Trần Thị Mai", agent_code="MAI01", communes=[COMMUNE],
        passphrase="mật khẩu dài", kdf=KdfParams(secrets.token_bytes(16), n=2**10),
    )  # fmt: skip
    ws = Workspace(store, today=vn_today)
    sync = SyncService(ws, sleep=lambda _s: None)
    sync.connect(console_server.url, "mai", code, "Laptop 1")
    yield Laptop(ws, sync, store)
    store.close()


def _rates_version(server: EmbeddedServer) -> int:
    with server.db.connect() as conn:
        return int(
            conn.execute(
                select(records.c.version).where(records.c.record_id == RATES_ID)
            ).scalar_one()
        )


def _rates_body(server: EmbeddedServer) -> dict[str, Any]:
    with server.db.connect() as conn:
        body = conn.execute(
            select(records.c.body).where(records.c.record_id == RATES_ID)
        ).scalar_one()
    return {k: v for k, v in dict(body).items() if k != "published"}


def _post(web: Web, path: str, data: dict[str, str]) -> requests.Response:
    return web.session.post(
        web.url + path, data={"csrf": web.csrf("/reference"), **data}, timeout=60,
        allow_redirects=False,
    )  # fmt: skip


def _with_poverty_line(body: dict[str, Any], starts: date, amount: int) -> dict[str, Any]:
    """``body`` with a rural poverty line of ``amount`` from ``starts`` (the period in force
    then ends the day before)."""
    body = copy.deepcopy(body)
    entries = body["tables"]["rural_poverty_line"]
    for entry in entries:
        first = date.fromisoformat(entry["valid_from"])
        last = date.fromisoformat(entry["valid_to"]) if entry["valid_to"] else None
        if first < starts and (last is None or last >= starts):
            entry["valid_to"] = (starts - timedelta(days=1)).isoformat()
            ends = last.isoformat() if last else None
    entries.append({"valid_from": starts.isoformat(), "valid_to": ends, "status": "in_force",
                    "legal_basis": "Thử nghiệm", "amount": amount})  # fmt: skip
    entries.sort(key=lambda e: e["valid_from"])
    return body


def _raw_push(server: EmbeddedServer, laptop: Laptop, body: dict[str, Any]) -> dict[str, Any]:
    token = laptop.ws.setting("sync.token")
    op = {"op_id": new_id(), "kind": "enrollment", "record_id": new_id(), "base_version": 0,
          "device_time": "2026-12-01T08:00:00.000Z", "deleted": False, "body": body}  # fmt: skip
    answer = requests.post(
        server.url + PUSH_PATH, json={"ops": [op]}, headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    return dict(answer.json()["results"][0])


def test_publishing_new_rates_in_chromium_changes_a_laptops_quote(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, browser: Any, laptop: Laptop
) -> None:
    today = vn_today()
    laptop.synced()
    person = laptop.person()
    before = laptop.ws.money.quote_voluntary(person, 2_000_000, "near_poor", "monthly").total
    bundled = quote_voluntary(load_rates(), 2_000_000, "near_poor", "monthly", today).total
    assert before == bundled
    floor = load_rates().at("rural_poverty_line", today).amount() + 300_000

    admin = make_supervisor("admin")
    browser.get(console_server.url + "/?next=/reference")
    browser.find_element(By.ID, "username").send_keys(admin.username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    heading(browser, "Dữ liệu tham chiếu")
    browser.find_element(By.LINK_TEXT, "Sửa bảng mức đóng").click()
    heading(browser, "Sửa bảng mức đóng")
    form = browser.find_element(By.ID, "new-period")
    Select(form.find_element(By.NAME, "table")).select_by_value("rural_poverty_line")
    day_field = form.find_element(By.NAME, "valid_from")
    assert day_field.get_attribute("value") == today.isoformat()
    form.find_element(By.NAME, "legal_basis").send_keys("Quyết định thử nghiệm 1/2026")
    form.find_element(By.NAME, "values").send_keys(json.dumps({"amount": floor}))
    form.find_element(By.CSS_SELECTOR, "button.primary").click()
    heading(browser, "Xem trước bảng mức đóng")
    changes = browser.find_element(By.ID, "changes").text
    assert "Thêm" in changes
    assert "Sửa" in changes
    samples = browser.find_element(By.ID, "samples").text
    assert "264.000 ₫" in samples  # a worked example of DOMAIN.md (1/3/2026) does not move
    browser.save_screenshot("docs/screenshots/console-reference-preview.png")
    browser.find_element(By.CSS_SELECTOR, "#publish button.primary").click()
    heading(browser, "Dữ liệu tham chiếu")
    assert "đã được công bố" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert _rates_version(console_server) == 2
    browser.save_screenshot("docs/screenshots/console-reference.png")

    # The laptop quotes with the rates it pulled: the support is 40 % of 22 % of the new floor.
    laptop.synced()
    after = laptop.ws.money.quote_voluntary(person, 2_000_000, "near_poor", "monthly").total
    assert after == 440_000 - round(floor * 22 * 40 / 10_000)
    assert after != before
    # The server checks with the published rates: the new amount is accepted, the old refused.
    body = {"scheme": "voluntary", "person_id": person, "income": 2_000_000,
            "support": "near_poor", "method": "monthly", "paid_on": today.isoformat()}  # fmt: skip
    old = _raw_push(console_server, laptop, {**body, "amount": before})
    assert (old["status"], old["error"]["code"]) == ("rejected", "amount_mismatch")
    laptop.ws.money.enroll_voluntary({k: v for k, v in body.items() if k != "scheme"})
    laptop.synced()
    with console_server.db.connect() as conn:
        amounts = [
            r.body["amount"]
            for r in conn.execute(select(records).where(records.c.kind == "enrollment"))
        ]
        actions = [r.action for r in conn.execute(select(console_audit))]
    assert amounts == [after]
    assert "publish_rates" in actions


def test_a_publish_that_rewrites_a_period_enrollments_used_is_refused(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Callable[[Any], Web],
    laptop: Laptop,
) -> None:  # fmt: skip
    today = vn_today()
    laptop.synced()
    person = laptop.person()
    laptop.ws.money.enroll_voluntary(
        {"person_id": person, "income": 2_000_000, "support": "near_poor", "method": "monthly"}
    )
    laptop.synced()
    admin = web(make_supervisor("admin"))
    current = _rates_body(console_server)
    in_force = load_rates().at("rural_poverty_line", today)
    # A new period from today would change the values this morning's enrollment was paid with.
    proposed = json.dumps(_with_poverty_line(current, today, 1_800_000), ensure_ascii=False)
    preview = _post(admin, f"{API}/rates/preview", {"rates": proposed})
    assert preview.status_code == 200
    [refused] = preview.json()["refused"]
    assert (refused["table"], refused["valid_from"], refused["enrollments"]) == (
        "rural_poverty_line", in_force.valid_from.isoformat(), 1,
    )  # fmt: skip
    answer = _post(admin, f"{API}/rates/publish", {"rates": proposed, "base_version": "1"})
    assert answer.status_code == 409
    message = answer.json()["error"]["message"]
    assert answer.json()["error"]["code"] == "rates_in_use"
    assert in_force.valid_from.isoformat() in message
    assert "1 " in message
    assert _rates_version(console_server) == 1
    # The page says the same, and offers no publish button.
    page = _post(admin, "/reference/rates/preview", {"rates": proposed})
    assert in_force.valid_from.isoformat() in page.text
    assert 'id="publish"' not in page.text
    # From tomorrow nothing stored is touched: published.
    later = json.dumps(_with_poverty_line(current, today + timedelta(days=1), 1_800_000))
    done = _post(admin, f"{API}/rates/publish", {"rates": later, "base_version": "1"})
    assert done.status_code == 200, done.text
    assert done.json()["published"]["record_version"] == 2


def test_invalid_rates_are_refused_with_the_rules_message(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Callable[[Any], Web],
    tmp_path: Path,
) -> None:  # fmt: skip
    admin = web(make_supervisor("admin"))
    body = _rates_body(console_server)
    body["tables"]["base_salary"][-1]["amount"] = "nhiều"
    text = json.dumps(body, ensure_ascii=False)
    answer = _post(admin, f"{API}/rates/publish", {"rates": text, "base_version": "1"})
    assert answer.status_code == 400
    message = answer.json()["error"]["message"]
    assert "base_salary.amount" in message
    # The very check of agent-server check-rates.
    path = tmp_path / "rates.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=r"base_salary\.amount") as raised:
        load_rates(path)
    assert raised.value.message("vi") == message
    preview = _post(admin, "/reference/rates/preview", {"rates": text})
    assert preview.status_code == 400
    assert "base_salary.amount" in preview.text
    bad_json = _post(admin, f"{API}/rates/preview", {"rates": "{"})
    assert bad_json.status_code == 400
    assert "not JSON" in bad_json.json()["error"]["message"]
    assert _rates_version(console_server) == 1


@pytest.mark.parametrize("role", ["viewer", "province"])
def test_only_an_administrator_publishes_rates(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Callable[[Any], Web],
    role: str,
) -> None:  # fmt: skip
    someone = web(make_supervisor(role, provinces=["91"]))
    body = _with_poverty_line(
        _rates_body(console_server), vn_today() + timedelta(days=30), 1_900_000
    )
    text = json.dumps(body)
    for path in (f"{API}/rates/publish", "/reference/rates/publish"):
        answer = _post(someone, path, {"rates": text, "base_version": "1"})
        assert answer.status_code == 403, path
    assert _post(someone, f"{API}/rates/preview", {"rates": text}).status_code == 403
    assert someone.session.get(someone.url + "/reference/rates/edit", timeout=30).status_code == 403
    assert _rates_version(console_server) == 1
    # They read the rates, though.
    report = someone.session.get(someone.url + "/api/v1/reports/reference", timeout=30).json()
    assert report["rates"]["record_version"] == 1
    assert report["may"]["publish"] is False


def test_a_province_supervisor_revises_targets_of_their_communes_and_the_laptop_pulls_them(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Callable[[Any], Web],
    browser: Any, laptop: Laptop,
) -> None:  # fmt: skip
    laptop.synced()
    add_agent(console_server.db, username="lan", name="Lê Thị Lan", communes=[HANOI_COMMUNE])
    supervisor = make_supervisor("province", provinces=["91"])
    browser.get(console_server.url + "/?next=/reference/targets")
    browser.find_element(By.ID, "username").send_keys(supervisor.username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    heading(browser, "Dữ liệu tham chiếu")
    assert HANOI_COMMUNE not in browser.find_element(By.TAG_NAME, "main").text
    form = browser.find_element(
        By.CSS_SELECTOR, f"form[action='/reference/targets/{COMMUNE}/revise']"
    )
    starts = vn_today().isoformat()
    field = form.find_element(By.NAME, "voluntary_new")
    field.send_keys("95")
    form.find_element(By.NAME, "note").send_keys("Sơ kết quý IV")
    browser.execute_script(
        "arguments[0].value = arguments[1]", form.find_element(By.NAME, "from"), starts
    )
    form.find_element(By.CSS_SELECTOR, "button.primary").click()
    heading(browser, "Dữ liệu tham chiếu")
    assert "Sơ kết quý IV" in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot("docs/screenshots/console-reference-targets.png")

    # Another province's commune is out of reach (404), and a viewer changes nothing (403).
    http = web(supervisor)
    other = _post(
        http, f"{API}/targets/{HANOI_COMMUNE}/revise", {"from": starts, "voluntary_new": "1"}
    )
    assert other.status_code == 404
    viewer = web(make_supervisor("viewer", provinces=["91"]))
    refused = _post(
        viewer, f"{API}/targets/{COMMUNE}/revise", {"from": starts, "voluntary_new": "1"}
    )
    assert refused.status_code == 403
    bad = _post(http, f"{API}/targets/{COMMUNE}/revise", {"from": starts, "voluntary_new": "nhiều"})
    assert bad.status_code == 400
    assert "voluntary_new" in bad.json()["error"]["message"]
    with console_server.db.connect() as conn:
        hanoi = conn.execute(
            select(records.c.body).where(records.c.record_id == ref_id(REF_TARGET, HANOI_COMMUNE))
        ).scalar_one()
    assert not any(r.get("voluntary_new") == 1 for r in hanoi.get("revisions", []))

    laptop.synced()
    [raw] = laptop.store.all(
        "SELECT body FROM reference WHERE kind = ? AND record_id = ?",
        (REF_TARGET, ref_id(REF_TARGET, COMMUNE)),
    )
    body = json.loads(raw[0])
    assert body["voluntary_new"] == 60  # the original stays
    revised = [r for r in body["revisions"] if r["from"] == starts]
    assert revised
    assert revised[0]["voluntary_new"] == 95
    assert revised[0]["note"] == "Sơ kết quý IV"


def test_a_script_is_checked_previewed_and_published_to_the_laptops(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Callable[[Any], Web],
    laptop: Laptop,
) -> None:  # fmt: skip
    laptop.synced()
    admin = web(make_supervisor("admin"))
    report = admin.session.get(admin.url + "/api/v1/reports/reference", timeout=30).json()
    farmers = next(s for s in report["scripts"] if s["group"] == "farmers")
    page = admin.session.get(admin.url + f"/reference/scripts/{farmers['id']}", timeout=30)
    assert page.status_code == 200
    assert "{floor_payment.other}" in page.text
    with console_server.db.connect() as conn:
        body = dict(
            conn.execute(
                select(records.c.body).where(records.c.record_id == farmers["id"])
            ).scalar_one()
        )
    wrong = {**body, "points": ["Chỉ {gia_re_nhat} một tháng."]}
    answer = _post(admin, f"{API}/scripts/{farmers['id']}/preview", {"script": json.dumps(wrong)})
    assert answer.status_code == 400
    assert "{gia_re_nhat}" in answer.json()["errors"][0]
    refused = _post(admin, f"{API}/scripts/{farmers['id']}/publish",
                    {"script": json.dumps(wrong), "base_version": "1"})  # fmt: skip
    assert refused.status_code == 400
    good = {**body, "points": ["Mới: chỉ từ {floor_payment.other} mỗi tháng.", *body["points"][1:]]}
    preview = _post(admin, f"/reference/scripts/{farmers['id']}/preview", {
        "title": body["title"], "points": "\n".join(good["points"]),
        "points_en": "\n".join(body["points_en"]),
    })  # fmt: skip
    assert preview.status_code == 200, preview.text
    assert "Mới: chỉ từ 264.000 đ mỗi tháng." in preview.text
    viewer = web(make_supervisor("viewer"))
    assert _post(viewer, f"{API}/scripts/{farmers['id']}/publish",
                 {"script": json.dumps(good), "base_version": "1"}).status_code == 403  # fmt: skip
    done = _post(admin, f"{API}/scripts/{farmers['id']}/publish",
                 {"script": json.dumps(good), "base_version": "1"})  # fmt: skip
    assert done.status_code == 200, done.text
    laptop.synced()
    shown = next(s for s in laptop.ws.scripts.rendered() if s.group == "farmers")
    assert shown.points[0] == "Mới: chỉ từ 264.000 đ mỗi tháng."


def test_published_rates_survive_a_restart_and_reach_every_process(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Callable[[Any], Web],
) -> None:  # fmt: skip
    admin = web(make_supervisor("admin"))
    # A second process over the same database (as with serve --workers) has its own reader.
    other = PublishedRates(console_server.db, load_rates())
    assert other.current().version == load_rates().version
    body = _with_poverty_line(
        _rates_body(console_server), vn_today() + timedelta(days=10), 1_700_000
    )
    body["version"] = "2026-12-thử"
    done = _post(admin, f"{API}/rates/publish", {"rates": json.dumps(body), "base_version": "1"})
    assert done.status_code == 200, done.text
    assert other.current().version == "2026-12-thử"
    # Opening the database again (a server restart) puts the bundled files back only where
    # nothing was published.
    again = open_database(console_server.data_dir, console_server.database_url)
    try:
        assert PublishedRates(again, load_rates()).current().version == "2026-12-thử"
    finally:
        again.dispose()
    # Publishing twice from the same preview: the second is refused as stale.
    stale = _post(admin, f"{API}/rates/publish", {"rates": json.dumps(body), "base_version": "1"})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale"


def test_the_reference_api_is_in_the_openapi_schema(console_server: EmbeddedServer) -> None:
    doc = requests.get(console_server.url + "/openapi.json", timeout=30).json()
    assert doc["paths"]["/api/v1/reports/reference"]["get"]["security"] == [{"console": []}]
    for path in ("rates/preview", "rates/publish", "scripts/{record_id}/preview",
                 "scripts/{record_id}/publish", "targets/{commune}/revise"):  # fmt: skip
        action = doc["paths"][f"{API}/{path}"]["post"]
        form = action["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
        assert "csrf" in form["required"], path


def _type(browser: Any, element_id: str, text: str) -> None:
    """Type ``text`` into a field of the page now shown, again if the page was still being
    replaced (Chromium then answers that the node left the document)."""

    def typed(driver: Any) -> bool:
        field = driver.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(text)
        return bool(field.get_attribute("value") == text)

    WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(typed)


def test_an_administrator_edits_a_script_in_chromium(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, browser: Any
) -> None:
    admin = make_supervisor("admin")
    browser.get(console_server.url + "/?next=/reference/scripts")
    browser.find_element(By.ID, "username").send_keys(admin.username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    heading(browser, "Dữ liệu tham chiếu")
    browser.find_element(By.LINK_TEXT, "Sửa").click()
    heading(browser, "Sửa kịch bản")
    edit = browser.current_url
    _type(browser, "points", "Chỉ {floor_payment.other} một tháng, {gia_re}.")
    browser.find_element(By.CSS_SELECTOR, "#script-form button.primary").click()
    heading(browser, "Xem trước kịch bản")
    assert "{gia_re}" in browser.find_element(By.ID, "script-errors").text
    assert not browser.find_elements(By.ID, "publish")
    browser.get(edit)
    heading(browser, "Sửa kịch bản")
    _type(browser, "points", "Chỉ {floor_payment.other} một tháng.")
    browser.find_element(By.CSS_SELECTOR, "#script-form button.primary").click()
    heading(browser, "Xem trước kịch bản")
    assert "Chỉ 264.000 đ một tháng." in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.CSS_SELECTOR, "#publish button.primary").click()
    heading(browser, "Dữ liệu tham chiếu")
    assert "Kịch bản đã được công bố" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    with console_server.db.connect() as conn:
        published = [
            r.body["points"]
            for r in conn.execute(select(records).where(records.c.kind == "ref.script"))
            if "published" in r.body
        ]
    assert published == [["Chỉ {floor_payment.other} một tháng."]]
