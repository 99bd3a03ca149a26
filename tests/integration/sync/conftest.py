"""Fixtures of the end-to-end sync tests (agents with their devices and real encrypted laptop
stores are in tests/integration/conftest.py, shared with the console's tests): a real TCP
proxy on 127.0.0.1:0 that can drop a response after the server committed, answer 500 or
stall, and counts the bytes that cross it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

COMMUNE = "31027"
PASSPHRASE = "mật khẩu dài"

FORWARD = "forward"
DROP_RESPONSE = "drop_response"  # forward, let the server commit, never answer the client
ANSWER_500 = "answer_500"  # answer 500 without forwarding
STALL = "stall"  # read the request and say nothing until the test ends


def _read_head(sock: socket.socket, buffer: bytes) -> tuple[bytes, bytes] | None:
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    return head, rest


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def _close_head(head: bytes) -> bytes:
    """The same head with ``Connection: close``: one request per connection keeps the
    proxy's script aligned with requests, whatever the client's keep-alive does."""
    lines = [
        line
        for line in head.split(b"\r\n")
        if line.partition(b":")[0].strip().lower() not in (b"connection", b"keep-alive")
    ]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n"


def _read_message(sock: socket.socket) -> bytes | None:
    found = _read_head(sock, b"")
    if found is None:
        return None
    head, rest = found
    length = _content_length(head)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return _close_head(head) + rest[:length]


@dataclass
class TcpProxy:
    upstream: tuple[str, int]
    script: list[str] = field(default_factory=list)
    modes_used: list[str] = field(default_factory=list)
    bytes_up: int = 0
    bytes_down: int = 0
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    _listener: socket.socket | None = None

    def start(self) -> str:
        listener = socket.create_server(("127.0.0.1", 0))
        self._listener = listener
        self.url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()
        return self.url

    def stop(self) -> None:
        self.release.set()
        if self._listener is not None:
            self._listener.close()

    def _accept(self) -> None:
        assert self._listener is not None
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            request = _read_message(conn)
            if request is None:
                return
            with self.lock:
                mode = self.script.pop(0) if self.script else FORWARD
                self.modes_used.append(mode)
                self.bytes_up += len(request)
            if mode == STALL:
                self.release.wait(30)
                return
            if mode == ANSWER_500:
                body = b'{"error":{"code":"proxy","message":"upstream down"}}'
                conn.sendall(
                    b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                    + body
                )
                return
            with socket.create_connection(self.upstream, timeout=30) as up:
                up.sendall(request)
                response = _read_message(up)
            if response is None or mode == DROP_RESPONSE:
                return  # the server has committed; the client sees the connection close
            with self.lock:
                self.bytes_down += len(response)
            conn.sendall(response)


@pytest.fixture
def proxy_to() -> Iterator[Callable[[str], TcpProxy]]:
    proxies: list[TcpProxy] = []

    def make(base_url: str) -> TcpProxy:
        host, _, port = base_url.removeprefix("http://").partition(":")
        proxy = TcpProxy((host, int(port)))
        proxy.start()
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        proxy.stop()
