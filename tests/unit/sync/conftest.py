"""Test doubles for the sync engine's unit tests.

``MemoryPort`` is a small, faithful in-memory implementation of ``SyncStorePort`` (the outbox
rules of docs/architecture.md, minus SQL). ``FakeCentral`` is a real HTTP server on
127.0.0.1:0 that speaks the wire contract over an in-memory store and can be scripted to fail
(5xx, 429, 401, stalls, a wrong ``total``, a skewed clock): the states the real server cannot
be asked to show on demand. End-to-end behaviour is tested against the real server in
tests/integration/sync.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from sync.domain.merge import overlay
from sync.protocol import (
    APPLIED,
    CONFLICT,
    DUPLICATE,
    KIND_ORDER,
    REJECTED,
    SETTLED,
    Change,
    Op,
    OpError,
    OpResult,
    PushRequest,
    decode_body,
    dump_json,
    gzip_bytes,
    iso_utc,
    new_id,
)

# -- the storage port double ------------------------------------------------------------------


@dataclass
class _Entry:
    op: Op
    seq: int
    in_flight: bool = False
    sent: bool = False  # once sent, the op is frozen: a resend must be byte-identical


@dataclass
class _Rec:
    kind: str
    body: dict[str, Any]
    version: int = 0
    deleted: bool = False


@dataclass
class MemoryPort:
    records: dict[str, _Rec] = field(default_factory=dict)
    outbox: list[_Entry] = field(default_factory=list)
    attention: list[tuple[Op, OpResult]] = field(default_factory=list)
    cursor: int = 0
    pulled_ids: set[str] = field(default_factory=set)
    calls: list[str] = field(default_factory=list)
    _seq: int = 0

    # what the app's use cases do
    def edit(self, kind: str, body: dict[str, Any], record_id: str | None = None) -> str:
        record_id = record_id or new_id()
        rec = self.records.setdefault(record_id, _Rec(kind, {}))
        rec.body = dict(body)
        for entry in self.outbox:
            if entry.op.record_id == record_id and not entry.sent:
                entry.op = replace(entry.op, body=dict(body))
                return record_id
        self._seq += 1
        op = Op(new_id(), kind, record_id, 0, iso_utc(datetime.now(UTC)), False, dict(body))
        self.outbox.append(_Entry(op, self._seq))
        return record_id

    def in_flight(self) -> int:
        return sum(e.in_flight for e in self.outbox)

    # SyncStorePort
    def pending_count(self) -> int:
        return len(self.outbox)

    def take_batch(self, limit: int) -> list[Op]:
        self.calls.append("take_batch")
        entries = sorted(self.outbox, key=lambda e: (KIND_ORDER[e.op.kind], e.seq))[:limit]
        for entry in entries:
            if not entry.sent:
                base = self.records[entry.op.record_id].version
                entry.op = replace(entry.op, base_version=base)
            entry.sent = True
            entry.in_flight = True
        return [e.op for e in entries]

    def settle(self, results: Sequence[tuple[Op, OpResult]]) -> None:
        self.calls.append("settle")
        for op, result in results:
            entry = next(e for e in self.outbox if e.op.op_id == op.op_id)
            self.outbox.remove(entry)
            if result.status in SETTLED:
                rec = self.records[op.record_id]
                rec.version = result.version
                newer = [e for e in self.outbox if e.op.record_id == op.record_id]
                if result.server is not None and not newer:
                    rec.body = dict(result.server)
                elif result.server is not None and not newer[0].sent:
                    # The waiting edit is rebased on the server's body (as the store does).
                    body, _ = overlay(op.body, newer[0].op.body, result.server)
                    newer[0].op = replace(newer[0].op, body=body)
                    rec.body = dict(body)
            else:
                self.attention.append((op, result))

    def release(self, ops: Sequence[Op]) -> None:
        self.calls.append("release")
        ids = {op.op_id for op in ops}
        for entry in self.outbox:
            if entry.op.op_id in ids:
                entry.in_flight = False

    def pull_cursor(self) -> int:
        return self.cursor

    def apply_pull_page(self, changes: Sequence[Change], cursor: int) -> None:
        for change in changes:
            self.pulled_ids.add(change.record_id)
            rec = self.records.get(change.record_id)
            if rec is None:
                self.records[change.record_id] = _Rec(
                    change.kind, dict(change.body), change.version, change.deleted
                )
            elif change.version > rec.version and not any(
                e.op.record_id == change.record_id for e in self.outbox
            ):
                rec.body, rec.version, rec.deleted = (
                    dict(change.body),
                    change.version,
                    change.deleted,
                )
        self.cursor = cursor

    def known_count(self) -> int:
        return len(self.pulled_ids)

    def reset_pull(self) -> None:
        self.calls.append("reset_pull")
        self.cursor = 0
        self.pulled_ids.clear()

    def finish_pull(self) -> None:
        self.calls.append("finish_pull")


# -- the server double ------------------------------------------------------------------------


@dataclass
class Scripted:
    """A canned answer for the next request: a status and JSON body, or a stall."""

    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    stall: bool = False
    raw: bytes | None = None


@dataclass
class FakeCentral:
    token: str = "good-token"
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen_ops: dict[str, tuple[str, OpResult]] = field(default_factory=dict)
    script: list[Scripted] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    skew: timedelta = timedelta(0)
    total_offset: int = 0  # a server that lies about ``total`` (or a laptop that lost pages)
    poison: str = "__poison__"  # a body key that makes the whole request a 400 bad_shape
    reject_field: str = "__reject__"  # a body key that makes its op rejected (invalid)
    seq: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    release_stalls: threading.Event = field(default_factory=threading.Event)
    base_url: str = ""

    @property
    def push_count(self) -> int:
        return sum(1 for m, p, _ in self.requests if m == "POST" and p.endswith("/push"))

    def answer(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> Scripted | tuple[int, Any]:
        with self.lock:
            self.requests.append((method, path, headers))
            if self.script:
                return self.script.pop(0)
            url = urlsplit(path)
            if url.path == "/api/v1/health":
                return 200, {"status": "ok", "protocol": 1, "server_time": self._now()}
            if headers.get("authorization") != f"Bearer {self.token}":
                return 401, {"error": {"code": "unauthorized", "message": "bad token"}}
            if url.path == "/api/v1/sync/push":
                payload = decode_body(body, headers.get("content-encoding"))
                request = PushRequest.from_wire(payload)
                if any(self.poison in op.body for op in request.ops):
                    return 400, {"error": {"code": "bad_shape", "message": "poisoned op"}}
                results = [self._apply(op).to_wire() for op in request.ops]
                return 200, {"results": results, "cursor": self.seq}
            if url.path == "/api/v1/sync/pull":
                query = parse_qs(url.query)
                return 200, self._pull(int(query["cursor"][0]), int(query["limit"][0]))
            return 404, {"error": {"code": "not_found", "message": url.path}}

    def _now(self) -> str:
        return iso_utc(datetime.now(UTC) + self.skew)

    def _apply(self, op: Op) -> OpResult:
        digest = op.content_hash()
        if op.op_id in self.seen_ops:
            old_digest, old = self.seen_ops[op.op_id]
            if old_digest == digest:
                return replace(old, status=DUPLICATE)
            return OpResult(op.op_id, REJECTED, 0, _err("op_reused"))
        if self.reject_field in op.body:
            result = OpResult(op.op_id, REJECTED, 0, _err("invalid", "reject_field"))
        else:
            rec = self.records.get(op.record_id)
            if rec is not None and rec["version"] != op.base_version:
                result = OpResult(op.op_id, CONFLICT, rec["version"], server=rec["body"])
            else:
                self.seq += 1
                version = (rec["version"] if rec else 0) + 1
                self.records[op.record_id] = {
                    "kind": op.kind,
                    "version": version,
                    "deleted": op.deleted,
                    "body": dict(op.body),
                    "seq": self.seq,
                }
                result = OpResult(op.op_id, APPLIED, version)
        self.seen_ops[op.op_id] = (digest, result)
        return result

    def remove_from_scope(self, record_id: str) -> None:
        """The record leaves the agent's scope: its next pull is a removal."""
        with self.lock:
            self.seq += 1
            self.records[record_id] = {**self.records[record_id], "removed": True, "seq": self.seq}

    def _pull(self, cursor: int, limit: int) -> dict[str, Any]:
        rows = sorted(
            ((rid, r) for rid, r in self.records.items() if r["seq"] > cursor),
            key=lambda item: item[1]["seq"],
        )
        page = rows[:limit]
        new_cursor = page[-1][1]["seq"] if page else cursor
        changes = [
            Change(
                r["seq"],
                r["kind"],
                rid,
                r["version"],
                r["deleted"],
                r["body"],
                removed=r.get("removed", False),
            ).to_wire()
            for rid, r in page
        ]
        # A record out of the agent's scope (``removed``) is not counted.
        total = sum(
            1
            for r in self.records.values()
            if r["seq"] <= new_cursor and not r.get("removed", False)
        )
        return {
            "changes": changes,
            "cursor": new_cursor,
            "has_more": len(rows) > limit,
            "total": total + self.total_offset,
            "server_time": self._now(),
        }


def _err(code: str, field_name: str | None = None) -> OpError:
    return OpError(code, code, field_name)


def _handler(central: FakeCentral) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            answer = central.answer(self.command, self.path, headers, body)
            extra: dict[str, str] = {}
            if isinstance(answer, Scripted):
                if answer.stall:
                    central.release_stalls.wait(10)
                    return
                status, payload, extra = answer.status, answer.body, answer.headers
                data = answer.raw if answer.raw is not None else dump_json(payload)
            else:
                status, payload = answer
                data = dump_json(payload)
            if "gzip" in headers.get("accept-encoding", ""):
                data = gzip_bytes(data)
                extra = {**extra, "Content-Encoding": "gzip"}
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in extra.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = _serve  # noqa: N815 (http.server's naming)
        do_POST = _serve  # noqa: N815

    return Handler


@pytest.fixture
def central() -> Iterator[FakeCentral]:
    fake = FakeCentral()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield fake
    finally:
        fake.release_stalls.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def scripted() -> type[Scripted]:
    return Scripted


@pytest.fixture
def port() -> MemoryPort:
    return MemoryPort()


@pytest.fixture
def new_port() -> type[MemoryPort]:
    return MemoryPort


@pytest.fixture
def household_body() -> Callable[..., dict[str, Any]]:
    def make(**extra: Any) -> dict[str, Any]:
        return {
            "commune_code": "31027",
            "address": "Ấp Xẻo Quao, xã U Minh Thượng",
            "head_name": "Nguyễn Văn Ánh",
            **extra,
        }

    return make
