"""What the queue tests share: agents pushing over the real sync API, and real laptops (encrypted
stores, Workspace, SyncService) connected to the console's server."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import requests

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import Store, create_profile
from agent_app.storage.connection import KdfParams
from agent_app.storage.syncport import LocalSyncPort
from sync.client import SyncClient
from sync.domain.rules import load_rates, quote_household
from sync.protocol import Op, PushResponse, new_id, utc_now
from sync.server.admin import add_agent, vn_today
from sync.server.embedded import EmbeddedServer

COMMUNE = "31027"  # Xã U Minh Thượng, An Giang (province 91)
PROVINCE = "91"
CCCD = "091080123456"


@dataclass
class Pusher:
    """An agent with a registered device, pushing ops through the real API."""

    url: str
    token: str
    code: str

    def push(self, *ops: Op) -> PushResponse:
        return SyncClient(self.url, self.token, session=requests.Session()).push(ops)


def pusher(server: EmbeddedServer, username: str, communes: list[str] | None = None) -> Pusher:
    enrollment = add_agent(
        server.db, username=username, name=f"Cán bộ {username}", communes=communes or [COMMUNE]
    )
    device = SyncClient(server.url, session=requests.Session()).register(
        username, enrollment, "Laptop"
    )
    return Pusher(server.url, device.token, device.agent.code or "")


def op(kind: str, body: dict[str, Any], record_id: str | None = None, base: int = 0) -> Op:
    return Op(new_id(), kind, record_id or new_id(), base, utc_now().isoformat(), False, body)


def enrol_household_health(
    agent: Pusher, cccd: str, paid_on: date, *, receipt_no: int = 1
) -> tuple[str, str]:
    """A household with one member carrying ``cccd``, enrolled in household health insurance
    on ``paid_on`` with its receipt: (enrollment id, receipt number)."""
    household = op(
        "household", {"commune_code": COMMUNE, "address": "Ấp 1", "head_name": "Lê Văn Tư"}
    )
    person = op(
        "person",
        {
            "household_id": household.record_id,
            "full_name": "Lê Văn Tư",
            "date_of_birth": "1980-03-04",
            "sex": "male",
            "relationship": "head",
            "cccd": cccd,
        },
    )
    total = quote_household(load_rates(), members=1, months=12, paid_on=paid_on).total
    enrollment = op(
        "enrollment",
        {
            "scheme": "household_health",
            "household_id": household.record_id,
            "member_ids": [person.record_id],
            "months": 12,
            "paid_on": paid_on.isoformat(),
            "amount": total,
        },
    )
    number = f"{agent.code}-{paid_on:%Y%m%d}-{receipt_no:04d}"
    receipt = op(
        "receipt",
        {
            "number": number,
            "enrollment_id": enrollment.record_id,
            "amount": total,
            "issued_on": paid_on.isoformat(),
        },
    )
    answer = agent.push(household, person, enrollment, receipt)
    assert [r.status for r in answer.results] == ["applied"] * 4, answer
    return enrollment.record_id, number


@dataclass
class Laptop:
    store: Store
    ws: Workspace
    sync: SyncService


def laptop_factory(
    server: EmbeddedServer, tmp_path: Path
) -> tuple[Callable[[str], Laptop], list[Store]]:
    stores: list[Store] = []
    count = iter(range(1, 100))

    def make(username: str) -> Laptop:
        enrollment = add_agent(
            server.db, username=username, name=f"Cán bộ {username}", communes=[COMMUNE]
        )
        store = create_profile(
            tmp_path / f"laptop{next(count)}",
            agent_name=f"Cán bộ {username}",
            agent_code=f"{username.upper()}01",
            communes=(COMMUNE,),
            passphrase="mật khẩu dài",
            kdf=KdfParams(secrets.token_bytes(16), n=2**10),
        )
        stores.append(store)
        ws = Workspace(store, today=vn_today)
        service = SyncService(
            ws,
            client_factory=lambda base, token: SyncClient(base, token, timeout=10.0),
            sleep=lambda seconds: None,
            port_factory=LocalSyncPort,
        )
        service.connect(server.url, username, enrollment, "Laptop")
        return Laptop(store, ws, service)

    return make, stores
