"""The engine against the real server (embedded, SQLite, 127.0.0.1:0) with the in-memory port:
a mixed day pushed once, merges and conflicts between two laptops, and the server's rejections
landing in the needs-attention list without blocking the queue."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from sync.client import SyncClient, SyncEngine
from sync.domain.rules import load_rates, quote_household
from sync.protocol import APPLIED, CONFLICT, MERGED, REJECTED
from sync.server.admin import add_agent, vn_today
from sync.server.embedded import EmbeddedServer

COMMUNE = "31027"
OTHER_COMMUNE = "31018"


@pytest.fixture
def real_server(tmp_path) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(tmp_path / "server") as server:
        yield server


@pytest.fixture
def device(real_server):
    """A registered device of a (new or existing) agent: ``device("mai", [COMMUNE])``."""

    def make(username: str, communes: list[str]) -> tuple[SyncClient, str]:
        code = add_agent(real_server.db, username=username, name="Trần Thị Mai", communes=communes)
        client = SyncClient(real_server.url, session=requests.Session())
        info = client.register(username, code, f"Laptop {username}")
        return client, info.agent.code or "AG"

    return make


def _day(port, agent_code: str, n: int, commune: str = COMMUNE) -> list[str]:
    """``n`` households with two members, a visit, a household-health enrollment at the
    rules' amount and its receipt: 6n records."""
    today = vn_today()
    rates = load_rates()
    ids = []
    for i in range(n):
        hh = port.edit(
            "household",
            {"commune_code": commune, "address": f"Ấp {i}", "head_name": "Nguyễn Văn Ánh"},
        )
        members = [
            port.edit(
                "person",
                {
                    "household_id": hh,
                    "full_name": name,
                    "date_of_birth": dob,
                    "sex": sex,
                    "relationship": rel,
                },
            )
            for name, dob, sex, rel in (
                ("Nguyễn Văn Ánh", "1980-03-04", "male", "head"),
                ("Lê Thị Hoa", "1982-07-09", "female", "spouse"),
            )
        ]
        visit = port.edit(
            "visit", {"household_id": hh, "visited_on": today.isoformat(), "outcome": "enrolled"}
        )
        quote = quote_household(rates, members=2, months=12, paid_on=today)
        enrollment = port.edit(
            "enrollment",
            {
                "scheme": "household_health",
                "household_id": hh,
                "member_ids": members,
                "months": 12,
                "paid_on": today.isoformat(),
                "amount": quote.total,
            },
        )
        receipt = port.edit(
            "receipt",
            {
                "number": f"{agent_code}-{today:%Y%m%d}-{i + 1:04d}",
                "enrollment_id": enrollment,
                "amount": quote.total,
                "issued_on": today.isoformat(),
            },
        )
        ids += [hh, *members, visit, enrollment, receipt]
    return ids


def _statuses(port) -> dict[str, Any]:
    return {op.record_id: (r.status, r.error.code if r.error else None) for op, r in port.attention}


def test_a_mixed_day_is_applied_in_order(device, port):
    client, code = device("mai", [COMMUNE])
    ids = _day(port, code, 5)
    report = SyncEngine(client, port, batch_size=7).run()
    assert report.ok, report.error
    assert report.pushed[APPLIED] == 30
    assert report.attention == 0
    # Everything comes back in the pull, with reference data besides.
    assert set(ids) <= port.pulled_ids
    again = SyncEngine(client, port).run()
    assert again.pushed_total == 0
    assert again.pulled == 0


def test_forbidden_commune_and_tampered_amount_do_not_block(device, port):
    client, code = device("mai", [COMMUNE])
    good = _day(port, code, 2)
    foreign = port.edit(
        "household", {"commune_code": OTHER_COMMUNE, "address": "Ấp 9", "head_name": "Lý Văn B"}
    )
    enrollment = next(op.record_id for e in port.outbox if (op := e.op).kind == "enrollment")
    body = dict(port.records[enrollment].body)
    body["amount"] -= 1000
    port.edit("enrollment", body, record_id=enrollment)
    report = SyncEngine(client, port).run()
    statuses = _statuses(port)
    assert statuses[foreign] == (REJECTED, "forbidden")
    assert statuses[enrollment] == (REJECTED, "amount_mismatch")
    assert report.attention >= 2
    # The rest of the day went through (the receipt of the tampered enrollment may not).
    applied = set(good) - set(statuses)
    assert report.pushed[APPLIED] == len(applied)
    assert len(applied) >= 10


def test_two_laptops_merge_different_fields_then_conflict_on_the_same(device, new_port):
    client_a, _ = device("mai", [COMMUNE])
    client_b, _ = device("lan", [COMMUNE])
    a, b = new_port(), new_port()
    hh = a.edit("household", {"commune_code": COMMUNE, "address": "Ấp 1", "head_name": "Võ Văn A"})
    SyncEngine(client_a, a).run()
    SyncEngine(client_b, b).run()
    assert b.records[hh].version == 1

    # Different fields: merged on the server, and both laptops end with both edits.
    a.edit("household", {**a.records[hh].body, "head_name": "Võ Văn Ân"}, record_id=hh)
    b.edit("household", {**b.records[hh].body, "address": "Ấp 2"}, record_id=hh)
    assert SyncEngine(client_a, a).run().pushed[APPLIED] == 1
    assert SyncEngine(client_b, b).run().pushed[MERGED] == 1
    SyncEngine(client_a, a).run()
    for port in (a, b):
        assert port.records[hh].body["head_name"] == "Võ Văn Ân"
        assert port.records[hh].body["address"] == "Ấp 2"
    assert a.records[hh].version == b.records[hh].version == 3

    # The same field: the second laptop gets a conflict with the server's value.
    a.edit("household", {**a.records[hh].body, "address": "Ấp Xẻo Đước"}, record_id=hh)
    b.edit("household", {**b.records[hh].body, "address": "Ấp Tràm Dơi"}, record_id=hh)
    SyncEngine(client_a, a).run()
    report = SyncEngine(client_b, b).run()
    assert report.pushed[CONFLICT] == 1
    op, result = b.attention[0]
    assert op.body["address"] == "Ấp Tràm Dơi"
    assert result.server is not None
    assert result.server["address"] == "Ấp Xẻo Đước"
    # The agent keeps their own value: a new op on the server's version goes through.
    b.attention.clear()
    b.records[hh].version = result.version
    b.edit("household", {**result.server, "address": "Ấp Tràm Dơi"}, record_id=hh)
    assert SyncEngine(client_b, b).run().pushed[APPLIED] == 1
    SyncEngine(client_a, a).run()
    assert a.records[hh].body["address"] == "Ấp Tràm Dơi"
