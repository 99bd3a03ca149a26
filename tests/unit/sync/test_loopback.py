"""Loopback traffic never goes through a proxy: a dead proxy in the environment (as a Windows
system proxy would be, one that does not exempt 127.0.0.1) must not stop the embedded server
from starting nor the laptop's client from reaching a local server."""

from __future__ import annotations

import socket

import pytest

from sync.client import SyncClient
from sync.loopback import is_loopback, session_for
from sync.server.embedded import EmbeddedServer


@pytest.fixture
def dead_proxy(monkeypatch: pytest.MonkeyPatch) -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"http://127.0.0.1:{port}"
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    return url


def test_the_embedded_server_and_the_client_bypass_a_proxy_on_loopback(tmp_path, dead_proxy):
    with EmbeddedServer(tmp_path) as server:
        health = SyncClient(server.url).health(timeout=10)
    assert health.status == "ok"


def test_other_addresses_keep_the_environments_proxy(dead_proxy):
    assert session_for("https://bhxh.example.vn").trust_env
    assert not session_for("http://127.0.0.1:8765").trust_env


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8765", True),
        ("http://127.8.9.1", True),
        ("http://[::1]:80/x", True),
        ("http://localhost:1", True),
        ("http://LOCALHOST", True),
        ("http://10.0.0.1", False),
        ("https://bhxh.example.vn", False),
        ("http://localhost.example.vn", False),
        ("not a url", False),
    ],
)
def test_is_loopback(url, loopback):
    assert is_loopback(url) is loopback
