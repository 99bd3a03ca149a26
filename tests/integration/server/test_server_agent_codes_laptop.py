"""Two agents who typed the same code (``BD0001``) into their laptop profiles print different
receipt numbers: the laptop numbers receipts with the code the server handed out at
registration, and both days sync without a ``duplicate_number``. Real encrypted profiles, the
real sync service and the real server, on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
from pathlib import Path

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import create_profile, open_profile
from agent_app.storage.connection import KdfParams
from sync.client import SyncClient
from sync.domain.rules import load_rates, quote_household
from sync.protocol import new_id
from sync.server.admin import add_agent, vn_today

COMMUNE = "31027"
PASSPHRASE = "mật khẩu dài"


def _laptop(server, data_dir: Path, username: str):
    enrollment = add_agent(server.db, username=username, name="Trần Thị Mai", communes=[COMMUNE])
    store = create_profile(
        data_dir,
        agent_name="Trần Thị Mai",
        agent_code="BD0001",  # what both agents typed
        communes=[COMMUNE],
        passphrase=PASSPHRASE,
        kdf=KdfParams(secrets.token_bytes(16), n=2**10),
    )
    # The laptop's date is the server's (fixed by the suite's server fixture, else Vietnam's).
    ws = Workspace(store, today=lambda: server.today or vn_today())
    service = SyncService(ws, client_factory=lambda base, token: SyncClient(base, token))
    device = service.connect(server.url, username, enrollment, "Laptop")
    return store, ws, service, device.agent.code


def _enroll(store, ws) -> str:
    changed = ws.households.register(
        {"commune_code": COMMUNE, "address": "Ấp Xẻo Quao", "head_name": "Nguyễn Văn Ánh"},
        [
            {
                "full_name": "Nguyễn Văn Ánh",
                "date_of_birth": "1980-03-04",
                "sex": "male",
                "relationship": "head",
            }
        ],
    )
    hid, members = changed.ids[0], list(changed.ids[1:])
    today = ws.current_day()
    total = quote_household(load_rates(), members=1, months=12, paid_on=today).total
    eid = new_id()
    with store.transaction():
        store.records.put(
            "enrollment",
            eid,
            {
                "scheme": "household_health",
                "household_id": hid,
                "member_ids": members,
                "months": 12,
                "paid_on": today.isoformat(),
                "amount": total,
            },
        )
    return eid


def test_two_agents_with_one_typed_code_print_different_numbers(server, tmp_path):
    laptops = [_laptop(server, tmp_path / name, name) for name in ("mai", "lan")]
    codes = [code for *_, code in laptops]
    assert len(set(codes)) == 2
    numbers = []
    for store, ws, service, code in laptops:
        assert store.profile.agent_code == "BD0001"
        assert store.profile.server_code == code
        receipt = ws.receipts.issue(_enroll(store, ws))
        assert receipt.number.startswith(f"{code}-{ws.current_day():%Y}-")
        assert receipt.agent_code == code  # the collector code printed on the receipt
        numbers.append(receipt.number)
        report = service.sync()
        assert report.ok, report
        assert not store.all("SELECT op_id FROM outbox WHERE state = 'attention'")
    assert numbers[0] != numbers[1]
    # The server's code stays in the profile: it is still used after the laptop is reopened.
    store = laptops[0][0]
    folder = store.profile.path
    store.close()
    reopened = open_profile(folder.parent.parent, "BD0001", PASSPHRASE)
    try:
        assert reopened.profile.server_code == codes[0]
        assert reopened.profile.receipt_code == codes[0]
    finally:
        reopened.close()
    laptops[1][0].close()
