"""Benchmark of a day-end sync: 5,000 mixed records pushed from one encrypted laptop store to the
embedded server over loopback, then pulled by a second, fresh profile.

Prints wall times and the bytes on the wire per record (request and response bodies as sent,
i.e. gzip-compressed; HTTP headers counted apart). Asserts nothing.

    .venv/bin/python bench/bench_sync.py [--records 5000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from agent_app.storage import create_profile
from agent_app.storage.syncport import LocalSyncPort
from sync.client import PHASE_PULL, SyncClient, SyncEngine, SyncProgress
from sync.demo import demo_households
from sync.domain.rules import load_rates, quote_household
from sync.protocol import new_id
from sync.server.admin import add_agent, vn_today
from sync.server.embedded import EmbeddedServer

COMMUNES = ["31027", "31018"]
PASSPHRASE = "bench-passphrase"


class CountingAdapter(HTTPAdapter):
    """Counts body bytes as they cross the socket: the gzip request body as sent and the
    response as received before decompression (``raw.tell()``), plus header bytes apart."""

    def __init__(self) -> None:
        super().__init__()
        self.body_up = self.body_down = self.headers = self.requests = 0
        self.seconds = 0.0  # waiting for the server: network plus its work

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        start = time.perf_counter()
        response = super().send(request, **kwargs)
        _ = response.content  # read it all so the wire count is complete
        self.seconds += time.perf_counter() - start
        self.requests += 1
        body = request.body
        self.body_up += len(body) if isinstance(body, bytes | str) else 0
        self.body_down += response.raw.tell()
        self.headers += _header_bytes(request.headers) + _header_bytes(response.headers)
        return response


def _header_bytes(headers: Mapping[str, Any]) -> int:
    return sum(len(k) + len(str(v)) + 4 for k, v in headers.items()) + 20


def _session() -> tuple[requests.Session, CountingAdapter]:
    session = requests.Session()
    adapter = CountingAdapter()
    session.mount("http://", adapter)
    return session, adapter


def _mixed_day(
    count: int, agent_code: str, today: date
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Households with their members, a visit, a household-health enrollment at the rules'
    amount and its receipt each, until ``count`` records."""
    rates = load_rates()
    day = today.isoformat()
    made = 0
    for n, household in enumerate(demo_households(count, COMMUNES, seed=1, today=today)):
        members = [pid for pid, _ in household.members]
        quote = quote_household(rates, members=len(members), months=12, paid_on=today)
        enrollment_id = new_id()
        visit = {"household_id": household.id, "visited_on": day, "outcome": "enrolled"}
        enrollment = {
            "scheme": "household_health",
            "household_id": household.id,
            "member_ids": members,
            "months": 12,
            "paid_on": day,
            "amount": quote.total,
        }
        receipt = {
            "number": f"{agent_code}-{today:%Y%m%d}-{n + 1:04d}",
            "enrollment_id": enrollment_id,
            "amount": quote.total,
            "issued_on": day,
        }
        group = [
            ("household", household.id, household.body),
            *(("person", pid, body) for pid, body in household.members),
            ("visit", new_id(), visit),
            ("enrollment", enrollment_id, enrollment),
            ("receipt", new_id(), receipt),
        ]
        for item in group:
            if made == count:
                return
            made += 1
            yield item


def _register(server: EmbeddedServer, username: str) -> tuple[str, str]:
    code = add_agent(server.db, username=username, name="Trần Thị Mai", communes=COMMUNES)
    device = SyncClient(server.url).register(username, code, "Bench laptop")
    return device.token, device.agent.code or "BENCH"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    today = vn_today()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        base = Path(tmp)
        with EmbeddedServer(base / "server", database_url=args.database_url) as server:
            token, agent_code = _register(server, "bench")
            laptop = create_profile(
                base / "laptop1",
                agent_name="Trần Thị Mai",
                agent_code=agent_code,
                communes=COMMUNES,
                passphrase=PASSPHRASE,
            )
            t0 = time.perf_counter()
            kinds: dict[str, int] = {}
            with laptop.transaction():
                for kind, record_id, body in _mixed_day(args.records, agent_code, today):
                    laptop.records.put(kind, record_id, body)
                    kinds[kind] = kinds.get(kind, 0) + 1
            create_s = time.perf_counter() - t0
            records = sum(kinds.values())
            print(f"records: {records} ({', '.join(f'{k} {v}' for k, v in kinds.items())})")
            print(f"create in the encrypted store: {create_s:.2f} s")

            session, counter = _session()
            client = SyncClient(server.url, token, session=session)
            marks: dict[str, float] = {}
            start = time.perf_counter()

            def progress(p: SyncProgress) -> None:
                if p.phase == PHASE_PULL and "t" not in marks:
                    marks["t"] = time.perf_counter() - start
                    marks["up"], marks["down"] = counter.body_up, counter.body_down
                    marks["headers"], marks["requests"] = counter.headers, counter.requests
                    marks["server"] = counter.seconds

            report = SyncEngine(client, LocalSyncPort(laptop)).run(progress)
            total_s = time.perf_counter() - start
            assert report.ok, report.error
            push_s = marks["t"]
            push_bytes = marks["up"] + marks["down"]
            print(
                f"push: {push_s:.2f} s, {report.pushed} in {int(marks['requests'])} requests; "
                f"{marks['up'] / records:.0f} B/record up, {marks['down'] / records:.0f} "
                f"B/record down, {push_bytes / records:.0f} B/record both ways "
                f"(+{marks['headers'] / records:.1f} B/record of headers)"
            )
            print(
                f"  of which waiting for the server {marks['server']:.2f} s, "
                f"laptop side (outbox, gzip, settle) {push_s - marks['server']:.2f} s"
            )
            print(
                f"  then the same laptop pulls its day back: {total_s - push_s:.2f} s, "
                f"{report.pulled} changes"
            )
            laptop.close()

            token2, _ = _register(server, "bench")
            fresh = create_profile(
                base / "laptop2",
                agent_name="Trần Thị Mai",
                agent_code=agent_code,
                communes=COMMUNES,
                passphrase=PASSPHRASE,
            )
            session2, counter2 = _session()
            client2 = SyncClient(server.url, token2, session=session2)
            start = time.perf_counter()
            report2 = SyncEngine(client2, LocalSyncPort(fresh)).run()
            pull_s = time.perf_counter() - start
            assert report2.ok, report2.error
            pull_bytes = counter2.body_up + counter2.body_down
            print(
                f"pull by a fresh profile: {pull_s:.2f} s, {report2.pulled} changes "
                f"(records + reference data) in {counter2.requests} requests; "
                f"{pull_bytes / records:.0f} B/record, "
                f"{pull_bytes / max(report2.pulled, 1):.0f} B/change; "
                f"waiting for the server {counter2.seconds:.2f} s"
            )
            fresh.close()


if __name__ == "__main__":
    main()
