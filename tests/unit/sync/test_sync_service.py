"""SyncService over the in-memory port and the scriptable server: what connect keeps, how a
cycle is reported and remembered, and that a refused registration stores nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agent_app.services.sync_service import (
    KEY_DEVICE_ID,
    KEY_SERVER_URL,
    KEY_TOKEN,
    NotConfigured,
    SyncService,
)
from sync.client import AuthError
from sync.protocol import APPLIED, new_id


class SettingsWorkspace:
    """The settings and day report of a Workspace, in memory; ``store`` is the port itself."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.settings: dict[str, Any] = {}
        self.today = self  # the day's part: ``today.day_report``
        self.rates = None  # re-read after each sync (the published rates a pull brought)

    def setting(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.settings[key] = value

    def day_report(self, on: date | None = None) -> dict[str, Any]:
        return {"on": on, "pending": self.store.pending_count()}


@pytest.fixture
def service(port):
    return SyncService(SettingsWorkspace(port), port_factory=lambda store: store, sleep=[].append)


def _device(central, scripted, token="good-token"):
    answer = {
        "device_id": new_id(),
        "token": token,
        "agent": {"username": "mai", "name": "Trần Thị Mai", "communes": ["31027"]},
    }
    central.script.append(scripted(status=201, body=answer))
    return answer


def test_connect_keeps_url_token_and_device(central, scripted, service):
    answer = _device(central, scripted)
    assert not service.is_configured()
    device = service.connect(central.base_url + "/", " mai ", "ABCD", "Laptop xã")
    assert device.agent.name == "Trần Thị Mai"
    settings = service.workspace.settings
    assert settings[KEY_SERVER_URL] == central.base_url
    assert settings[KEY_TOKEN] == "good-token"
    assert settings[KEY_DEVICE_ID] == answer["device_id"]
    assert service.is_configured()


def test_a_refused_registration_stores_nothing(central, scripted, service):
    body = {"error": {"code": "unauthorized", "message": "wrong code"}}
    central.script.append(scripted(status=401, body=body))
    with pytest.raises(AuthError):
        service.connect(central.base_url, "mai", "WRONG", "Laptop")
    assert service.workspace.settings == {}


def test_a_bad_address_is_refused_before_any_request(central, service):
    with pytest.raises(ValueError, match="http"):
        service.connect("ftp://example", "mai", "ABCD", "Laptop")
    assert central.requests == []


def test_sync_before_connect_is_not_configured(service):
    with pytest.raises(NotConfigured):
        service.sync()


def test_check_online(central, scripted, service):
    assert not service.check_online()  # no server known yet
    _device(central, scripted)
    service.connect(central.base_url, "mai", "ABCD", "Laptop")
    assert service.check_online()
    central.script.append(scripted(status=503))
    assert not service.check_online()


def test_sync_reports_and_remembers(central, scripted, service, port, household_body):
    _device(central, scripted)
    service.connect(central.base_url, "mai", "ABCD", "Laptop")
    port.edit("household", household_body())
    seen = []
    report = service.sync(seen.append)
    assert report.pushed[APPLIED] == 1
    assert seen
    assert service.last_report() is report
    # A new service over the same profile (the app restarted) still knows the last report.
    again = SyncService(service.workspace, port_factory=lambda store: store)
    remembered = again.last_report()
    assert remembered is not None
    assert remembered.pushed == report.pushed
    assert remembered.started_at == report.started_at.replace(
        microsecond=report.started_at.microsecond // 1000 * 1000
    )


def test_close_day_syncs_then_reports(central, scripted, service, port, household_body):
    _device(central, scripted)
    service.connect(central.base_url, "mai", "ABCD", "Laptop")
    port.edit("household", household_body())
    report, day = service.close_day(date(2026, 11, 21))
    assert report.pushed[APPLIED] == 1
    assert day == {"on": date(2026, 11, 21), "pending": 0}


def test_offline_close_day_still_reports(central, scripted, port, household_body):
    service = SyncService(
        SettingsWorkspace(port), port_factory=lambda s: s, sleep=[].append, max_attempts=2
    )
    _device(central, scripted)
    service.connect(central.base_url, "mai", "ABCD", "Laptop")
    port.edit("household", household_body())
    central.script += [scripted(status=500), scripted(status=500)]
    report, day = service.close_day()
    assert report.offline
    assert day["pending"] == 1
