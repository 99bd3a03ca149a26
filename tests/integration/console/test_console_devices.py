"""The Devices page: a real laptop syncs and shows up with its version and outbox; a
supervisor revokes it in Chromium; its next sync is refused with a sentence saying why, and
nothing unsent is lost."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from agent_app.services.sync_service import KEY_DEVICE_ID
from sync.client import AuthError, DeviceRevoked
from sync.server.activity import device_activity
from sync.server.console.tables import console_audit
from sync.server.db import devices
from sync.server.embedded import EmbeddedServer
from tests.integration.console.conftest import PASSWORD, MakeSupervisor, Web, heading

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
COMMUNE = "00004"  # Ba Đình, Hà Nội (province 01)


def _household(lap: Any) -> None:
    lap.ws.households.register(
        {"head_name": "Nguyễn Văn Ánh", "address": "12 Phố Huế", "commune_code": COMMUNE},
        [
            {
                "full_name": "Nguyễn Văn Ánh",
                "date_of_birth": "1980-03-04",
                "sex": "male",
                "relationship": "head",
            }
        ],
    )


def _activity_after_sync(server: EmbeddedServer) -> Any:
    """The device's activity row once the pull's note (written after its answer) is in."""
    deadline = time.monotonic() + 15
    while True:
        with server.db.connect() as conn:
            row = conn.execute(device_activity.select()).first()
        if (row is not None and row.last_pull_at is not None) or time.monotonic() > deadline:
            return row
        threading.Event().wait(0.05)


def _sign_in(browser: Any, url: str, username: str) -> None:
    browser.get(url + "/")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    heading(browser, "Tổng quan")


def test_a_revoked_laptop_is_told_why_and_keeps_its_data(
    console_server: EmbeddedServer, laptop: Any, make_supervisor: MakeSupervisor, browser: Any
) -> None:
    lap = laptop("mai", (COMMUNE,))
    _household(lap)
    assert lap.sync.sync().ok
    seen = _activity_after_sync(console_server)
    assert seen.app_version
    assert seen.outbox_pending == 0
    assert seen.ops_total >= 1
    supervisor = make_supervisor("province", provinces=["01"])
    _sign_in(browser, console_server.url, supervisor.username)
    browser.get(console_server.url + "/devices")
    heading(browser, "Thiết bị")
    row = browser.find_element(By.CSS_SELECTOR, "table.data tbody tr")
    assert "Laptop" in row.text
    assert "Đang hoạt động" in row.text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "console-devices.png"))
    row.find_element(By.CSS_SELECTOR, "button.danger").click()
    heading(browser, "Thiết bị")
    assert "Đã thu hồi thiết bị" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert "Đã thu hồi" in browser.find_element(By.CSS_SELECTOR, "table.data tbody tr").text

    _household(lap)  # captured after the revoke, not yet sent
    pending = lap.ws.pending_count()
    with pytest.raises(DeviceRevoked) as refused:
        lap.sync.sync()
    assert isinstance(refused.value, AuthError)
    assert "thu hồi quyền đồng bộ" in refused.value.message("vi")
    assert "Nothing unsent is lost" in refused.value.message("en")
    assert lap.ws.pending_count() == pending
    with console_server.db.connect() as conn:
        actions = [r.action for r in conn.execute(console_audit.select())]
        device = conn.execute(devices.select()).one()
    assert "revoke_device" in actions
    assert device.id == lap.ws.setting(KEY_DEVICE_ID)
    assert device.revoked_at is not None


def test_viewers_and_other_provinces_cannot_revoke(
    console_server: EmbeddedServer,
    laptop: Any,
    make_supervisor: MakeSupervisor,
    web: Any,
) -> None:
    lap = laptop("mai", (COMMUNE,))
    device_id = lap.ws.setting(KEY_DEVICE_ID)
    viewer: Web = web(make_supervisor("viewer"))
    assert [
        d["device_id"]
        for d in viewer.session.get(viewer.url + "/api/v1/reports/devices", timeout=30).json()[
            "devices"
        ]
    ] == [device_id]
    answer = viewer.session.post(
        viewer.url + f"/devices/{device_id}/revoke",
        data={"csrf": viewer.csrf("/devices")},
        timeout=30,
    )
    assert answer.status_code == 403
    other: Web = web(make_supervisor("province", provinces=["79"]))
    assert other.session.get(other.url + "/api/v1/reports/devices", timeout=30).json() == {
        "devices": []
    }
    answer = other.session.post(
        other.url + f"/devices/{device_id}/revoke",
        data={"csrf": other.csrf("/devices")},
        timeout=30,
    )
    assert answer.status_code == 404
    with console_server.db.connect() as conn:
        assert conn.execute(devices.select()).one().revoked_at is None
    assert lap.sync.sync().ok
