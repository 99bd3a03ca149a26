"""Scope removals through the real engine into a real store: the pulled household and its
member leave the laptop and the count check still matches the server's ``total``, so no full
re-pull runs."""

from __future__ import annotations

import secrets

import requests

from agent_app.services import Workspace
from agent_app.storage import create_profile
from agent_app.storage.connection import KdfParams
from agent_app.storage.syncport import LocalSyncPort
from sync.client import SyncClient, SyncEngine

COMMUNE = "31027"


def test_removed_records_leave_the_laptop_without_a_repull(central, tmp_path):
    store = create_profile(
        tmp_path / "p",
        agent_name="Trần Thị Mai",
        agent_code="BD0001",
        communes=(COMMUNE,),
        passphrase="mật khẩu dài",
        kdf=KdfParams(secrets.token_bytes(16), n=2**10),
    )
    try:
        ws = Workspace(store)
        changed = ws.households.register(
            {"commune_code": COMMUNE, "address": "Ấp 1", "head_name": "Phạm Văn Bình"},
            [
                {
                    "full_name": "Phạm Văn Bình",
                    "date_of_birth": "1980-03-04",
                    "sex": "male",
                    "relationship": "head",
                }
            ],
        )
        hh, person = changed.ids
        port = LocalSyncPort(store)
        client = SyncClient(central.base_url, central.token, session=requests.Session())
        first = SyncEngine(client, port, sleep=lambda _s: None).run()
        assert first.ok, first.error
        assert port.known_count() == 2
        # The household moves to another commune: both records leave this agent's scope.
        central.remove_from_scope(hh)
        central.remove_from_scope(person)
        report = SyncEngine(client, port, sleep=lambda _s: None).run()
        assert report.ok, report.error
        assert not report.repulled
        assert report.count_mismatch is None
        assert store.records.find(hh) is None
        assert store.records.find(person) is None
        assert ws.households.search("binh") == []
        assert port.known_count() == 0
    finally:
        store.close()
