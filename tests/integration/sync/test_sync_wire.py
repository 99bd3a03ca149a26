"""The client against the real server, some of it through a real TCP proxy: exactly-once
storage when batches are resent or responses lost, and typed errors for what the server says."""

from __future__ import annotations

import pytest
import requests

from sync.client import AuthError, SyncClient, TransientError
from sync.protocol import APPLIED, DUPLICATE, Op, iso_utc, new_id, utc_now
from sync.server.admin import add_agent, revoke_device

COMMUNE = "31027"


def _household(**extra: object) -> Op:
    body = {
        "commune_code": COMMUNE,
        "address": "Ấp Xẻo Quao, xã U Minh Thượng",
        "head_name": "Nguyễn Văn Ánh",
        **extra,
    }
    return Op(new_id(), "household", new_id(), 0, iso_utc(utc_now()), False, body)


def _pull_all(client: SyncClient, kind: str = "household") -> list[str]:
    cursor, ids = 0, []
    while True:
        page = client.pull(cursor, 500)
        ids += [c.record_id for c in page.changes if c.kind == kind]
        cursor = page.cursor
        if not page.has_more:
            return ids


@pytest.fixture
def agent(enroll):
    return enroll("mai", [COMMUNE])


@pytest.fixture
def client(server, agent):
    return SyncClient(server.url, agent.token, session=requests.Session())


def test_a_batch_sent_twice_is_stored_once(client):
    ops = [_household(address=f"Số {i}") for i in range(5)]
    first = client.push(ops)
    assert [r.status for r in first.results] == [APPLIED] * 5
    second = client.push(ops)
    assert [r.status for r in second.results] == [DUPLICATE] * 5
    assert [r.version for r in second.results] == [r.version for r in first.results]
    assert sorted(_pull_all(client)) == sorted(op.record_id for op in ops)


def test_a_response_lost_after_commit_is_resent_as_duplicate(server, agent, client, proxy_to):
    proxy = proxy_to(server.url)
    proxy.script.append("drop_response")
    via_proxy = SyncClient(proxy.url, agent.token, session=requests.Session(), timeout=10)
    ops = [_household(address=f"Số {i}") for i in range(3)]
    with pytest.raises(TransientError):
        via_proxy.push(ops)
    # The server committed although the laptop never heard back.
    assert sorted(_pull_all(client)) == sorted(op.record_id for op in ops)
    again = via_proxy.push(ops)
    assert [r.status for r in again.results] == [DUPLICATE] * 3
    assert len(_pull_all(client)) == 3
    assert proxy.modes_used == ["drop_response", "forward"]


def test_a_proxy_500_and_a_stall_are_transient(server, agent, proxy_to):
    proxy = proxy_to(server.url)
    proxy.script += ["answer_500", "stall"]
    via_proxy = SyncClient(proxy.url, agent.token, session=requests.Session(), timeout=0.5)
    with pytest.raises(TransientError) as info:
        via_proxy.pull(0, 10)
    assert info.value.status == 500
    with pytest.raises(TransientError, match="in time"):
        via_proxy.pull(0, 10)
    assert via_proxy.pull(0, 10).cursor >= 0


def test_a_revoked_device_gets_auth_error(server, agent, client):
    client.push([_household()])
    assert revoke_device(server.db, agent.device_id)
    with pytest.raises(AuthError):
        client.push([_household()])
    with pytest.raises(AuthError):
        client.pull(0, 10)


def test_a_used_enrollment_code_is_refused(server):
    code = add_agent(server.db, username="lan", name="Lê Thị Lan", communes=[COMMUNE])
    SyncClient(server.url).register("lan", code, "Laptop 1")
    with pytest.raises(AuthError):
        SyncClient(server.url).register("lan", code, "Laptop 2")


def test_pull_gives_server_time_and_total(client):
    client.push([_household() for _ in range(3)])
    page = client.pull(0, 2000)
    assert page.server_time is not None
    assert page.total == len(page.changes)
    assert not page.has_more
