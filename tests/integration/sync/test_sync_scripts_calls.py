"""Scripts and call outcomes across the real server (SQLite and PostgreSQL): a rates change on
the server changes the scripts' numbers on every laptop at its next sync, and a call outcome
recorded on one laptop reaches the agent's other laptop with its fields kept."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import Store, create_profile
from agent_app.storage.connection import KdfParams
from sync.protocol import REF_RATES, iso_utc, utc_now
from sync.server.admin import add_agent, vn_today
from sync.server.db import lock_seq, store_seq
from sync.server.refdata import RefRecord, SeqAllocator, put_references, rates_record

COMMUNE = "31027"
MARCH_2026 = date(2026, 3, 1)  # the numbers are checked on a fixed date of the 2026 rates


@pytest.fixture
def laptops(server, tmp_path: Path) -> Iterator[list[tuple[Workspace, SyncService]]]:
    stores: list[Store] = []
    pair = []
    for n in range(2):
        code = add_agent(server.db, username="mai", name="Trần Thị Mai", communes=[COMMUNE])
        store = create_profile(
            tmp_path / f"laptop{n}", agent_name="Trần Thị Mai", agent_code="MAI01",
            communes=[COMMUNE], passphrase="mật khẩu dài",
            kdf=KdfParams(secrets.token_bytes(16), n=2**10),
        )  # fmt: skip
        stores.append(store)
        ws = Workspace(store, today=vn_today)
        service = SyncService(ws, sleep=lambda _s: None)
        service.connect(server.url, "mai", code, f"Laptop {n}")
        pair.append((ws, service))
    yield pair
    for store in stores:
        store.close()


def _farmers_first_point(ws: Workspace) -> str:
    farmers = next(s for s in ws.scripts.rendered(on=MARCH_2026) if s.group == "farmers")
    return farmers.points[0]


def test_a_rates_change_on_the_server_changes_every_laptops_scripts(server, laptops):
    for ws, sync in laptops:
        assert sync.sync().ok
        assert "264.000 đ" in _farmers_first_point(ws)
    # An administrator corrects the 2022-2026 poverty line on the server (the ref.rates record).
    record = rates_record()
    body = copy.deepcopy(record.body)
    for entry in body["tables"]["rural_poverty_line"]:
        if entry["valid_from"] == "2022-01-01":
            entry["amount"] = 2_000_000
    body["version"] = "2026-corrected"
    with server.db.begin() as conn:
        seq = SeqAllocator(lock_seq(conn))
        assert put_references(
            conn, [RefRecord(REF_RATES, record.record_id, body)], seq, iso_utc(utc_now())
        )
        store_seq(conn, seq.value)
    for ws, sync in laptops:
        assert sync.sync().ok
        assert ws.scripts.live_rates().version == "2026-corrected"
        # 22 % of 2,000,000 less 20 % support: 352,000 a month.
        assert "352.000 đ" in _farmers_first_point(ws)


def test_a_call_outcome_reaches_the_other_laptop(laptops):
    (ws, sync), (other_ws, other_sync) = laptops
    household_id = ws.households.register(
        {"commune_code": COMMUNE, "address": "Ấp Xẻo Quao", "head_name": "Nguyễn Văn Ánh",
         "phone": "0912345678"},
        [{"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1980-03-04", "sex": "male",
          "relationship": "head"}],
    ).ids[0]  # fmt: skip
    person_id = ws.households.get(household_id).members[0].id
    enrollment = ws.money.enroll_voluntary(
        {"person_id": person_id, "income": 1_500_000, "support": "other", "method": "monthly"}
    ).primary
    [item] = ws.renewals.call_list()
    assert (item.kind, item.id) == ("renewal", enrollment)
    call = ws.renewals.record_call(
        "renewal", str(enrollment), "promised", "Sẽ đóng cuối tháng"
    ).primary
    report = sync.sync()
    assert report.ok, report.error
    assert report.attention == 0
    assert other_sync.sync().ok
    stored = other_ws.records.get(str(call), "followup").body
    assert (stored["call_outcome"], stored["call_note"], stored["call_for"]) == (
        "promised",
        "Sẽ đóng cuối tháng",
        enrollment,
    )
    [other_item] = other_ws.renewals.call_list()
    assert other_item.last_call is not None
    assert other_item.last_call.outcome == "promised"
