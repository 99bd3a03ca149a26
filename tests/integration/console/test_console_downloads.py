"""The Downloads page: the D05-TS / D03-TS lists of a province or commune for a range of days
(.xlsx, the laptop's layouts) and every table as CSV, over HTTP (page and API), in a real
Chromium, on SQLite and PostgreSQL. The lists' rows are counted against SQL on a seeded
campaign month and compared cell by cell with what a real laptop exports for the same
enrollments; scope is 404 through page and API."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
import zipfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import func, select

from sync.domain.admin_units import admin_units
from sync.lists.bhxh_lists import HEADING_ROW, import_headers, print_headers
from sync.server.admin import vn_today
from sync.server.console.pages import downloads
from sync.server.console.pages.downloads import safe_cell
from sync.server.db import records
from sync.server.embedded import EmbeddedServer
from sync.server.seed_national import seed_national
from tests.integration.console.conftest import MakeSupervisor
from tests.integration.console.test_console_devices import SCREENSHOTS, _sign_in

FIRST, SECOND = (p.code for p in admin_units().provinces()[:2])
NOVEMBER = date(2026, 11, 1)
LAPTOP_COMMUNE = "00004"  # Ba Đình, Hà Nội


def _seed(server: EmbeddedServer) -> None:
    seed_national(server.db, enrollments=800, visits=300, month=NOVEMBER, provinces=2)


def _busiest_commune(server: EmbeddedServer, province: str) -> str:
    with server.db.connect() as conn:
        row = conn.execute(
            select(records.c.commune_code, func.count())
            .where(records.c.kind == "enrollment", records.c.province_code == province)
            .group_by(records.c.commune_code)
            .order_by(func.count().desc(), records.c.commune_code)
        ).first()
    assert row is not None
    return str(row[0])


def _sql_participants(
    server: EmbeddedServer, communes: set[str], scheme: str, first: date, last: date
) -> int:
    """Participants of live enrollments of ``scheme`` paid in the range, with a live receipt."""
    with server.db.connect() as conn:
        live = set(
            conn.execute(
                select(records.c.live_receipt_of).where(
                    records.c.kind == "receipt", records.c.live_receipt_of.is_not(None)
                )
            ).scalars()
        )
        rows = conn.execute(
            select(records.c.record_id, records.c.commune_code, records.c.body).where(
                records.c.kind == "enrollment", records.c.deleted.is_(False)
            )
        ).all()
    count = 0
    for rid, commune, body in rows:
        paid = first.isoformat() <= body["paid_on"] <= last.isoformat()
        if paid and commune in communes and body["scheme"] == scheme and rid in live:
            count += 1 if scheme == "voluntary" else len(body["member_ids"])
    return count


def _book(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_lists_of_a_commune_and_a_province_count_what_sql_counts(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Any
) -> None:
    _seed(console_server)
    commune = _busiest_commune(console_server, FIRST)
    first, last = NOVEMBER + timedelta(days=2), NOVEMBER + timedelta(days=20)
    admin = web(make_supervisor("admin"))
    span = {"from": first.isoformat(), "to": last.isoformat()}

    answer = admin.session.get(
        f"{admin.url}/api/v1/reports/lists/D05-TS.xlsx",
        params={"commune": commune, "layout": "import", **span},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    disposition = answer.headers["content-disposition"]
    name = f"D05-TS_{commune}-"
    assert disposition.startswith(f'attachment; filename="{name}')
    assert f"_{first:%Y%m%d}_{last:%Y%m%d}.xlsx" in disposition
    assert "filename*=UTF-8''" in disposition
    assert re.fullmatch(r"[ -~]*", disposition)  # ASCII only
    sheet = _book(answer.content)
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == import_headers("D05-TS")
    expected = _sql_participants(console_server, {commune}, "voluntary", first, last)
    assert expected > 0
    assert len(rows) - 1 == expected
    assert answer.headers["x-list-left-out"] == "0"
    # Every cell of the import layout is text, STT counting up.
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, expected + 1)]
    assert {c.data_type for row in sheet.iter_rows(min_row=2) for c in row} <= {"s", "n"}
    assert {r[20] for r in rows[1:]} == {commune}  # MaXa

    # D03-TS of the whole province, print layout, through the page's route.
    page = admin.session.get(
        f"{admin.url}/downloads/list",
        params={"list": "D03-TS", "layout": "print", "province": FIRST, **span},
        timeout=120,
    )
    assert page.status_code == 200, page.text[:500]
    sheet = _book(page.content)
    communes = {c.code for c in admin_units().communes_of(FIRST)}
    expected = _sql_participants(console_server, communes, "household_health", first, last)
    headings = [c.value for c in sheet[HEADING_ROW]][: len(print_headers("D03-TS"))]
    assert headings == print_headers("D03-TS")
    data = [
        r
        for r in sheet.iter_rows(min_row=HEADING_ROW + 2, values_only=True)
        if isinstance(r[0], int)
    ]
    assert len(data) == expected > 0
    assert page.headers["x-list-rows"] == str(expected)


def test_a_province_supervisor_cannot_download_another_province(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Any
) -> None:
    _seed(console_server)
    other = _busiest_commune(console_server, SECOND)
    mine = _busiest_commune(console_server, FIRST)
    supervisor = web(make_supervisor("province", provinces=[FIRST]))
    span = {"from": "2026-11-01", "to": "2026-11-30"}
    for params in ({"commune": other}, {"province": SECOND}):
        api = supervisor.session.get(
            f"{supervisor.url}/api/v1/reports/lists/D05-TS.xlsx", params={**params, **span}
        )
        assert api.status_code == 404, api.text
        assert api.json()["error"]["code"] == "not_found"
        page = supervisor.session.get(
            f"{supervisor.url}/downloads/list", params={"list": "D05-TS", **params, **span}
        )
        assert page.status_code == 404
        assert "xlsx" not in page.headers["content-type"]
        csv_api = supervisor.session.get(
            f"{supervisor.url}/api/v1/reports/tables/persons.csv", params=params
        )
        assert csv_api.status_code == 404
    ok = supervisor.session.get(
        f"{supervisor.url}/api/v1/reports/lists/D05-TS.xlsx", params={"commune": mine, **span}
    )
    assert ok.status_code == 200
    # The whole persons table holds their province only; the audit log is for administrators.
    answer = supervisor.session.get(f"{supervisor.url}/api/v1/reports/tables/persons.csv")
    table = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert table
    assert {r["province"] for r in table} == {FIRST}
    audit = supervisor.session.get(f"{supervisor.url}/api/v1/reports/tables/audit.csv")
    assert audit.status_code == 403


def test_a_refused_list_names_the_field(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, web: Any
) -> None:
    admin = web(make_supervisor("admin"))
    base = {"list": "D05-TS", "commune": LAPTOP_COMMUNE, "from": "2026-11-01", "to": "2026-11-30"}
    cases = [
        ({"from": ""}, "Từ"),
        ({"to": ""}, "Đến"),
        ({"to": "2028-01-01"}, "366"),
        ({"to": "2026-10-01"}, "Đến"),
        ({"commune": ""}, "Tỉnh hoặc xã"),
        ({"list": ""}, "Danh sách"),
    ]
    for change, named in cases:
        page = admin.session.get(f"{admin.url}/downloads/list", params={**base, **change})
        assert page.status_code == 400, (change, page.status_code)
        assert 'role="alert"' in page.text, change
        assert named in page.text, change
    api = admin.session.get(
        f"{admin.url}/api/v1/reports/lists/D05-TS.xlsx",
        params={"commune": LAPTOP_COMMUNE, "to": "2026-11-30"},
    )
    assert api.status_code == 400
    assert api.json()["error"]["message"].startswith("From")


def _laptop_work(lap: Any, today: str) -> None:
    ws = lap.ws
    changed = ws.households.register(
        {"commune_code": LAPTOP_COMMUNE, "address": "=1+2 Phố Huế", "head_name": "Nguyễn Văn Ánh"},
        [
            {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1979-02-03", "sex": "male",
             "relationship": "head", "cccd": "001079000123"},
            {"full_name": "Lý Thị Thu", "date_of_birth": "1981-08-09", "sex": "female",
             "relationship": "spouse", "cccd": "001181000456"},
        ],
    )  # fmt: skip
    household, people = changed.ids[0], list(changed.ids[1:])
    voluntary = ws.money.enroll_voluntary(
        {"person_id": people[0], "income": 2_000_000, "support": "other",
         "method": "monthly", "paid_on": today}
    ).primary  # fmt: skip
    ws.receipts.issue(str(voluntary))
    family = ws.money.enroll_household_health(
        {"household_id": household, "member_ids": people, "months": 12, "paid_on": today}
    ).primary  # fmt: skip
    ws.receipts.issue(str(family))


def _cells(sheet: Any, first_row: int, skip: set[int]) -> list[list[tuple[Any, str, str]]]:
    return [
        [(c.value, c.data_type, c.number_format) for n, c in enumerate(row) if n not in skip]
        for row in sheet.iter_rows(min_row=first_row)
        if row and row[0].value not in (None, "")
    ]


def test_the_console_writes_what_the_laptop_writes(
    console_server: EmbeddedServer,
    make_supervisor: MakeSupervisor,
    web: Any,
    laptop: Any,
    tmp_path: Path,
) -> None:
    today = vn_today()
    lap = laptop("mai", (LAPTOP_COMMUNE,))
    _laptop_work(lap, today.isoformat())
    assert lap.sync.sync().ok
    admin = web(make_supervisor("admin"))
    for form in ("D05-TS", "D03-TS"):
        for layout in ("import", "print"):
            mine = tmp_path / f"{form}-{layout}.xlsx"
            done = lap.ws.exports.export(form, today, today, mine, layout, LAPTOP_COMMUNE)
            assert done.written > 0
            assert done.left_out == 0
            answer = admin.session.get(
                f"{admin.url}/api/v1/reports/lists/{form}.xlsx",
                params={"commune": LAPTOP_COMMUNE, "layout": layout,
                        "from": today.isoformat(), "to": today.isoformat()},
            )  # fmt: skip
            assert answer.status_code == 200, answer.text
            theirs = _book(answer.content)
            ours = openpyxl.load_workbook(mine).active
            if layout == "import":
                # The collector code: the laptop's profile code; the server's agent code.
                skip = {import_headers(form).index("MaNhanvienThu")}
                assert _cells(theirs, 1, skip) == _cells(ours, 1, skip)
            else:
                heads = print_headers(form)
                skip = {heads.index("Mã nhân viên thu")} if form == "D03-TS" else set()
                # The rows and the totals row (the header block names the organisation and
                # the preparer, which the server leaves blank or fills with the supervisor).
                got = _cells(theirs, HEADING_ROW, skip)[: 2 + done.written + 1]
                want = _cells(ours, HEADING_ROW, skip)[: 2 + done.written + 1]
                assert got == want
                assert theirs.max_column == ours.max_column


def test_tables_as_csv_streamed_with_bom_and_no_formulas(
    console_server: EmbeddedServer,
    make_supervisor: MakeSupervisor,
    web: Any,
    laptop: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(downloads, "CHUNK", 100)  # the server runs in this process
    _seed(console_server)
    lap = laptop("mai", (LAPTOP_COMMUNE,))
    _laptop_work(lap, vn_today().isoformat())
    assert lap.sync.sync().ok
    admin = web(make_supervisor("admin"))
    with console_server.db.connect() as conn:
        counts = Counter(
            dict(
                conn.execute(
                    select(records.c.kind, func.count())
                    .where(records.c.province_code == FIRST)
                    .group_by(records.c.kind)
                ).all()
            )
        )
    tables = {"persons": "person", "households": "household", "receipts": "receipt",
              "enrollments": "enrollment", "visits": "visit", "events": "event"}  # fmt: skip
    for table, kind in tables.items():
        with admin.session.get(
            f"{admin.url}/api/v1/reports/tables/{table}.csv",
            params={"province": FIRST},
            stream=True,
        ) as answer:
            assert answer.status_code == 200
            assert answer.headers["transfer-encoding"] == "chunked"
            assert "content-length" not in answer.headers
            assert answer.headers["content-type"].startswith("text/csv")
            chunks = [c for c in answer.raw.stream(65536, decode_content=True) if c]
        body = b"".join(chunks)
        assert body.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows[0][:6] == ["record_id", "version", "commune", "province", "updated_at",
                               "deleted"]  # fmt: skip
        assert len(rows) - 1 == counts[kind], table
        if counts[kind] > 300:
            assert len(chunks) > 3  # written as it is read, a chunk per 100 rows here
    # The household's address starting with "=" arrives as text, not as a formula.
    answer = admin.session.get(
        f"{admin.url}/downloads/tables/households.csv", params={"commune": LAPTOP_COMMUNE}
    )
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    addresses = [r["address"] for r in rows]
    assert "'=1+2 Phố Huế" in addresses
    assert not any(a.startswith(("=", "+", "-", "@")) for a in addresses)
    for table in ("agents", "devices", "conflicts", "audit"):
        answer = admin.session.get(f"{admin.url}/api/v1/reports/tables/{table}.csv")
        assert answer.status_code == 200, table
        text = answer.content.decode("utf-8-sig")
        assert "hash" not in text.splitlines()[0]
    agents_csv = admin.session.get(f"{admin.url}/api/v1/reports/tables/agents.csv")
    assert "mai" in agents_csv.text
    assert safe_cell("-2") == "'-2"
    assert safe_cell("@x") == "'@x"
    assert safe_cell(5) == "5"


def test_the_downloads_are_in_the_openapi_schema(console_server: EmbeddedServer) -> None:
    import requests

    doc = requests.get(console_server.url + "/openapi.json", timeout=30).json()
    xlsx = doc["paths"]["/api/v1/reports/lists/{form}.xlsx"]["get"]
    content = xlsx["responses"]["200"]["content"]
    assert content[next(iter(content))]["schema"]["format"] == "binary"
    assert "spreadsheetml" in next(iter(content))
    table = doc["paths"]["/api/v1/reports/tables/{table}.csv"]["get"]
    assert table["responses"]["200"]["content"]["text/csv"]["schema"]["format"] == "binary"


def test_a_supervisor_downloads_a_list_in_chromium(
    console_server: EmbeddedServer,
    make_supervisor: MakeSupervisor,
    browser: Any,
    tmp_path: Path,
) -> None:
    _seed(console_server)
    commune = _busiest_commune(console_server, FIRST)
    supervisor = make_supervisor("province", provinces=[FIRST])
    folder = tmp_path / "downloads"
    folder.mkdir()
    browser.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
    )
    _sign_in(browser, console_server.url, supervisor.username)
    browser.get(console_server.url + "/downloads")
    # The keyboard only: the list, the layout, the commune code, the days.
    chooser = browser.find_element(By.ID, "list")
    chooser.send_keys("D05")
    chooser.send_keys(Keys.TAB, Keys.TAB, Keys.TAB, commune)  # layout, province, commune
    active = browser.switch_to.active_element
    active.send_keys(Keys.TAB, "2026-11-01", Keys.TAB, "2026-11-30")
    assert browser.find_element(By.ID, "to").get_attribute("value") == "2026-11-30"
    assert browser.find_element(By.ID, "commune").get_attribute("value") == commune
    browser.set_window_size(1366, 1250)  # the form and the CSV links in one picture
    browser.save_screenshot(str(SCREENSHOTS / "console-downloads.png"))
    browser.set_window_size(1366, 900)
    browser.find_element(By.ID, "to").send_keys(Keys.ENTER)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # Chrome reserves the final name at once and renames its .crdownload at the end.
        names = list(folder.iterdir())
        done = [p for p in names if p.suffix == ".xlsx" and zipfile.is_zipfile(p)]
        if done and not any(p.suffix == ".crdownload" for p in names):
            break
        threading.Event().wait(0.1)
    assert done, list(folder.iterdir())
    assert done[0].name.startswith(f"D05-TS_{commune}-")
    assert "_20261101_20261130" in done[0].name
    sheet = openpyxl.load_workbook(done[0]).active
    assert [c.value for c in sheet[HEADING_ROW]][:3] == ["STT", "Họ và tên", "Mã số BHXH"]
    # A blank day is refused on the page, naming the field.
    browser.get(console_server.url + f"/downloads/list?list=D05-TS&commune={commune}&from=&to=")
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]")
    assert "Từ" in alert.text
