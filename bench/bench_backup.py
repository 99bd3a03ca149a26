"""Benchmark of backup and recovery.

1. Recovery from server: the embedded server holds an agent with 10,000 households and their
   members and activity (``seed_demo``, about 45,000 records); the supervisor issues a new
   enrollment code (``new_code``), a new laptop creates a profile, connects through
   ``SyncService`` and its first sync (the real engine over loopback HTTP) brings everything
   back. Target < 15 s.
2. Backup and restore of a 100,000-household profile (``bulk_import``): time and size of the
   backup file (``VACUUM INTO`` under the same key, zipped), then the restore on "another
   laptop" (scrypt, copy out of the zip, key check, open).

Prints figures; asserts only that the data came back whole.

    .venv/bin/python bench/bench_backup.py [--households 10000] [--profile-households 100000]
                                           [--database-url URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from agent_app import __version__
from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import create_profile
from agent_app.storage.backup import restore_backup, write_backup
from sync.demo import DEMO_AGENT, demo_households
from sync.server.admin import new_code, seed_demo, vn_today
from sync.server.embedded import EmbeddedServer

PASSPHRASE = "bench-passphrase"


def _records(store: object) -> int:
    return int(store.one("SELECT count(*) FROM record WHERE deleted = 0")[0])  # type: ignore[attr-defined]


def recovery(base: Path, households: int, database_url: str | None) -> None:
    with EmbeddedServer(base / "server", database_url=database_url) as server:
        t0 = time.perf_counter()
        seed_demo(server.db, households=households)
        print(f"server seeded with {households:,} households: {time.perf_counter() - t0:.1f} s")
        code = new_code(server.db, username=DEMO_AGENT["username"])
        t0 = time.perf_counter()
        store = create_profile(
            base / "new-laptop",
            agent_name=DEMO_AGENT["name"],
            agent_code=DEMO_AGENT["code"],
            communes=DEMO_AGENT["communes"],
            passphrase=PASSPHRASE,
        )
        service = SyncService(Workspace(store, today=vn_today))
        service.connect(server.url, DEMO_AGENT["username"], code, "Replacement laptop")
        connected = time.perf_counter() - t0
        t1 = time.perf_counter()
        report = service.sync()
        pulled = time.perf_counter() - t1
        assert report.ok, report.error
        records = _records(store)
        by_kind = dict(
            store.all("SELECT kind, count(*) FROM record WHERE deleted = 0 GROUP BY kind")
        )
        total = time.perf_counter() - t0
        print(
            f"recovery from server: {records:,} records "
            f"({', '.join(f'{k} {v:,}' for k, v in sorted(by_kind.items()))}), "
            f"{report.pulled:,} changes pulled with reference data"
        )
        print(
            f"  profile + connect {connected:.2f} s, first sync {pulled:.2f} s, "
            f"total {total:.2f} s (target < 15 s)"
        )
        store.close()


def backup_restore(base: Path, households: int) -> None:
    store = create_profile(
        base / "laptop-a",
        agent_name=DEMO_AGENT["name"],
        agent_code=DEMO_AGENT["code"],
        communes=DEMO_AGENT["communes"],
        passphrase=PASSPHRASE,
    )
    made = demo_households(households, DEMO_AGENT["communes"], today=vn_today())
    t0 = time.perf_counter()
    with store.transaction():
        store.records.bulk_import((h.id, h.body, h.members) for h in made)
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    records = _records(store)
    db_size = (store.profile.path / "agent.db").stat().st_size
    print(
        f"profile of {households:,} households ({records:,} records) loaded in "
        f"{time.perf_counter() - t0:.1f} s; agent.db {db_size / 1e6:.0f} MB"
    )
    stick = base / "usb"
    stick.mkdir()
    for run in (1, 2):
        t0 = time.perf_counter()
        done = write_backup(
            store, stick, app_version=__version__, now=datetime.now(UTC).replace(second=run)
        )
        print(
            f"backup {run}: {time.perf_counter() - t0:.2f} s, {done.path.name} "
            f"{done.size / 1e6:.0f} MB"
        )
    store.close()
    for run in (1, 2):
        t0 = time.perf_counter()
        restored = restore_backup(base / f"laptop-b{run}", done.path, PASSPHRASE)
        seconds = time.perf_counter() - t0
        again = _records(restored)
        restored.close()
        assert again == records, (again, records)
        print(f"restore {run} on another laptop: {seconds:.2f} s, {again:,} records back")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--profile-households", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp:
        base = Path(tmp)
        recovery(base / "recovery", args.households, args.database_url)
        backup_restore(base / "backup", args.profile_households)


if __name__ == "__main__":
    main()
