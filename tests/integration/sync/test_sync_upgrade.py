"""An app older than the server's minimum client version is told to update before it syncs
(HTTP 426 ``upgrade_required``), keeps every unsent change, and sends them once updated."""

from __future__ import annotations

import requests

from sync import __version__
from sync.protocol import CLIENT_VERSION_HEADER, HEALTH_PATH, PULL_PATH, UPGRADE_REQUIRED

COMMUNE = "31027"
HEAD = "Đặng Văn Lâm"


def _household(lap) -> str:
    changed = lap.ws.households.register(
        {"commune_code": COMMUNE, "address": "Ấp Kênh Xáng", "head_name": HEAD},
        [{"full_name": HEAD, "date_of_birth": "1979-05-06", "sex": "male", "relationship": "head"}],
    )
    return changed.ids[0]


def test_an_old_app_is_told_to_update_and_keeps_its_unsent_data(laptop, server):
    lap = laptop()
    household_id = _household(lap)
    pending = lap.ws.pending_count()
    assert pending == 2
    server.app.state.min_client = "99.0"

    report = lap.sync.sync()
    assert report.error_code == UPGRADE_REQUIRED
    assert not report.offline  # not "try again later": the agent must act
    assert lap.ws.pending_count() == pending  # nothing lost, nothing stuck in flight
    assert lap.store.outbox.entries("inflight") == []
    with server.db.connect() as conn:
        stored = conn.exec_driver_sql(
            "SELECT count(*) FROM records WHERE record_id = ?"
            if server.db.is_sqlite
            else "SELECT count(*) FROM records WHERE record_id = %s",
            (household_id,),
        ).scalar_one()
    assert stored == 0

    server.app.state.min_client = __version__  # the laptop was updated (or the floor lowered)
    report = lap.sync.sync()
    assert report.ok, report.error
    assert lap.ws.pending_count() == 0
    assert report.pushed["applied"] == pending


def test_health_states_the_versions_and_callers_naming_none_are_served(server, agent_token):
    server.app.state.min_client = "99.0"
    health = requests.get(server.url + HEALTH_PATH, timeout=10).json()
    assert health["min_client"] == "99.0"
    assert health["latest_client"] == __version__
    session = agent_token()
    # A script or an outside test that names no version keeps working (the contract).
    plain = requests.get(server.url + PULL_PATH, headers=session.headers, timeout=10)
    assert plain.status_code == 200
    old = requests.get(
        server.url + PULL_PATH,
        headers={**session.headers, CLIENT_VERSION_HEADER: "0.0.1"},
        timeout=10,
    )
    assert old.status_code == 426
    assert old.json()["error"]["code"] == UPGRADE_REQUIRED
