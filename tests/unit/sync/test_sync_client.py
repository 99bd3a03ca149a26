"""The HTTP client: what it puts on the wire and how it types every failure."""

from __future__ import annotations

import socket

import pytest
import requests

from sync.client import AuthError, RequestRejected, SyncClient, TransientError
from sync.protocol import APPLIED, Op, gunzip_bytes, iso_utc, new_id, utc_now


def _op(body: dict[str, object]) -> Op:
    return Op(new_id(), "household", new_id(), 0, iso_utc(utc_now()), False, body)


def _client(central, **kwargs) -> SyncClient:
    return SyncClient(central.base_url, central.token, session=requests.Session(), **kwargs)


def test_health_reads_the_server_clock(central):
    health = _client(central).health()
    assert health.status == "ok"
    assert health.protocol == 1
    assert health.server_time.endswith("Z")


def test_another_protocol_version_is_refused(central, scripted):
    body = {"status": "ok", "protocol": 2, "server_time": "2026-11-21T00:00:00Z"}
    central.script.append(scripted(status=200, body=body))
    with pytest.raises(RequestRejected) as info:
        _client(central).health()
    assert info.value.code == "protocol"


def test_push_sends_gzip_and_accepts_gzip(central, household_body):
    body = household_body()
    response = _client(central).push([_op(body)])
    assert [r.status for r in response.results] == [APPLIED]
    method, path, headers = central.requests[-1]
    assert (method, path) == ("POST", "/api/v1/sync/push")
    assert headers["content-encoding"] == "gzip"
    assert "gzip" in headers["accept-encoding"]
    assert headers["authorization"] == f"Bearer {central.token}"
    stored = next(iter(central.records.values()))
    assert stored["body"]["head_name"] == "Nguyễn Văn Ánh"  # UTF-8 survives the round trip


def test_a_gzip_body_is_what_the_server_decodes(central, household_body):
    # The body on the wire really is gzip (not just labelled so): decode it independently.
    captured: list[bytes] = []
    session = requests.Session()
    session.hooks["response"].append(lambda r, *a, **k: captured.append(r.request.body))
    SyncClient(central.base_url, central.token, session=session).push([_op(household_body())])
    assert gunzip_bytes(captured[0]).startswith(b'{"ops":[')


def test_pull_pages_by_cursor(central, household_body):
    client = _client(central)
    client.push([_op(household_body()) for _ in range(3)])
    first = client.pull(0, 2)
    assert [c.seq for c in first.changes] == [1, 2]
    assert first.has_more
    second = client.pull(first.cursor, 2)
    assert [c.seq for c in second.changes] == [3]
    assert not second.has_more
    assert second.total == 3


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_transient(central, status, scripted):
    central.script.append(scripted(status=status, body={"error": {"code": "boom", "message": "x"}}))
    with pytest.raises(TransientError) as info:
        _client(central).pull(0, 10)
    assert info.value.status == status


def test_429_is_transient_and_carries_retry_after(central, scripted):
    central.script.append(scripted(status=429, body={}, headers={"Retry-After": "7"}))
    with pytest.raises(TransientError) as info:
        _client(central).pull(0, 10)
    assert info.value.retry_after == 7.0


@pytest.mark.parametrize("status", [401, 403])
def test_401_and_403_are_auth_errors(central, status, scripted):
    body = {"error": {"code": "unauthorized", "message": "revoked"}}
    central.script.append(scripted(status=status, body=body))
    with pytest.raises(AuthError) as info:
        _client(central).pull(0, 10)
    assert (info.value.status, info.value.code) == (status, "unauthorized")


def test_a_wrong_token_is_an_auth_error(central):
    with pytest.raises(AuthError):
        SyncClient(central.base_url, "wrong").pull(0, 10)


def test_no_token_is_an_auth_error_without_a_request(central):
    with pytest.raises(AuthError):
        SyncClient(central.base_url).pull(0, 10)
    assert central.requests == []


def test_other_4xx_are_rejections_with_the_servers_code(central, scripted):
    body = {"error": {"code": "too_large", "message": "at most 500 ops", "field": "ops"}}
    central.script.append(scripted(status=413, body=body))
    with pytest.raises(RequestRejected) as info:
        _client(central).push([])
    assert (info.value.code, info.value.status, info.value.field) == ("too_large", 413, "ops")


def test_a_4xx_without_json_still_has_a_code(central, scripted):
    central.script.append(scripted(status=404, raw=b"<html>nope</html>"))
    with pytest.raises(RequestRejected) as info:
        _client(central).pull(0, 10)
    assert info.value.code == "http_404"


def test_a_non_json_200_is_transient(central, scripted):
    # A captive portal's login page answers 200 with HTML.
    central.script.append(scripted(status=200, raw=b"<html>login</html>"))
    with pytest.raises(TransientError):
        _client(central).pull(0, 10)


def test_a_malformed_200_is_transient(central, scripted):
    central.script.append(scripted(status=200, body={"changes": "nope"}))
    with pytest.raises(TransientError, match="wrong shape"):
        _client(central).pull(0, 10)


def test_connection_refused_is_transient():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The socket is closed and nothing listens on the port any more.
    with pytest.raises(TransientError):
        SyncClient(f"http://127.0.0.1:{port}", "t", timeout=2).pull(0, 10)


def test_a_stalled_server_times_out_as_transient(central, scripted):
    central.script.append(scripted(stall=True))
    with pytest.raises(TransientError, match="in time"):
        _client(central, timeout=0.3).pull(0, 10)


def test_register_keeps_the_token(central, scripted):
    answer = {
        "device_id": new_id(),
        "token": "fresh",
        "agent": {"username": "mai", "name": "Trần Thị Mai", "communes": ["31027"]},
    }
    central.script.append(scripted(status=201, body=answer))
    client = SyncClient(central.base_url)
    device = client.register("mai", "ABCD-1234", "Laptop xã")
    assert client.token == "fresh"
    assert device.agent.communes == ("31027",)
    method, path, headers = central.requests[-1]
    assert (method, path) == ("POST", "/api/v1/devices")
    assert "authorization" not in headers
