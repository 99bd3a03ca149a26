"""Recover from server: a laptop is lost, the supervisor issues a new one-time enrollment code
(``agent-server new-code``), a new laptop creates a profile with a new passphrase, connects, and
its first sync brings back every record of the agent's communes; what the lost laptop never
sent is not there. Real server (SQLite and PostgreSQL), real encrypted stores, real engine."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import pytest

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import KdfParams, Store, create_profile
from sync.client import AuthError
from sync.server.admin import list_devices, new_code, vn_today
from sync.server.embedded import EmbeddedServer

from .conftest import COMMUNE
from .test_sync_laptops import _enroll_and_receipt, _household


def _records(store: Store) -> dict[str, tuple[str, int, dict[str, Any]]]:
    return {
        rid: (kind, version, json.loads(body))
        for rid, kind, version, body in store.all(
            "SELECT id, kind, version, body FROM record WHERE deleted = 0"
        )
    }


def test_new_laptop_recovers_the_agents_records_from_the_server(
    server: EmbeddedServer, laptop: Any, tmp_path: Path
) -> None:
    lost = laptop("mai")
    for n in range(3):
        household_id, members = _household(lost.ws)
        _enroll_and_receipt(lost, household_id, members, n + 1)
    report = lost.sync.sync()
    assert report.ok, report.error
    assert sum(report.pushed.values()) > 0
    synced = _records(lost.store)
    # Typed after the last sync, never sent: lost with the laptop.
    unsent_id, _ = _household(lost.ws)
    assert lost.store.outbox.pending_count() > 0

    code = new_code(server.db, username="mai")
    fresh = create_profile(
        tmp_path / "new-laptop",
        agent_name="Trần Thị Mai",
        agent_code="MAI01",
        communes=(COMMUNE,),
        passphrase="a brand new passphrase",
        kdf=KdfParams(secrets.token_bytes(16), n=2**10),
    )
    try:
        service = SyncService(Workspace(fresh, today=vn_today))
        device = service.connect(server.url, "mai", code, "New laptop")
        assert device.agent.code == lost.code
        assert fresh.profile.server_code == lost.code
        first = service.sync()
        assert first.ok, first.error
        recovered = _records(fresh)
        assert recovered == synced
        assert unsent_id not in recovered
        kinds = {kind for kind, _, _ in recovered.values()}
        assert {"household", "person", "enrollment", "receipt"} <= kinds
        # The code was one-time: a second laptop cannot use it again.
        with pytest.raises(AuthError):
            SyncService(Workspace(fresh)).connect(server.url, "mai", code, "Thief")
    finally:
        fresh.close()
    names = sorted(d.name for d in list_devices(server.db) if d.username == "mai")
    assert names == ["Laptop", "New laptop"]  # the lost one stays until revoked


def test_new_code_for_an_unknown_agent_is_refused(server: EmbeddedServer) -> None:
    with pytest.raises(ValueError, match="no agent ghost"):
        new_code(server.db, username="ghost")
