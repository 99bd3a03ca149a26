"""A follow-up closed by a visit reaches the server as its own change: another laptop of the
same agent no longer has it to do (real encrypted stores and the real server, SQLite and
PostgreSQL)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import Store, create_profile
from agent_app.storage.connection import KdfParams
from sync.protocol import APPLIED
from sync.server.admin import add_agent, vn_today

COMMUNE = "31027"


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


def test_a_visit_closes_the_followup_on_the_server_too(laptops):
    (ws, sync), (other_ws, other_sync) = laptops
    today = vn_today().isoformat()
    household_id = ws.households.register(
        {"commune_code": COMMUNE, "address": "Ấp Xẻo Quao", "head_name": "Nguyễn Văn Ánh"},
        [{"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1980-03-04", "sex": "male",
          "relationship": "head"}],
    ).ids[0]  # fmt: skip
    followup_id = ws.households.log_visit(
        {"household_id": household_id, "visited_on": today, "outcome": "interested",
         "follow_up_on": today}
    ).ids[-1]  # fmt: skip
    assert sync.sync().ok
    assert other_sync.sync().ok
    assert [f.id for f in other_ws.today.summary().followups_due] == [followup_id]

    visit = ws.households.log_visit(
        {"household_id": household_id, "visited_on": today, "outcome": "enrolled"}
    )
    report = sync.sync()
    assert report.ok, report.error
    assert report.pushed[APPLIED] == 2  # the visit and the follow-up's closing
    assert report.attention == 0
    assert other_sync.sync().ok
    closed = other_ws.records.get(followup_id, "followup").body
    assert closed["done"] is True
    assert closed["closed_by"] == visit.primary
    assert other_ws.today.summary().followups_due == ()
