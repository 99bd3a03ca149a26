"""A recovery (a full pull from cursor 0) stores its pages without the household list and
search rows and builds them once at its end (``LocalSyncPort.finish_pull``). When the app is
killed part way, nothing is lost: opening the profile again builds the rows for what was
stored, and the resumed sync ends with every record and the same rows as a recovery that was
never cut short. Real server (SQLite and PostgreSQL), real encrypted stores, real engine."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.storage import KdfParams, Store, create_profile, open_profile
from agent_app.storage.syncport import LocalSyncPort
from agent_app.storage.tally import SignupTally
from sync.demo import DEMO_AGENT
from sync.protocol import Change
from sync.server.admin import new_code, seed_demo, vn_today
from sync.server.embedded import EmbeddedServer

PASSPHRASE = "a new passphrase"
KDF = KdfParams(secrets.token_bytes(16), n=2**10)


class Killed(BaseException):
    """The app killed: nothing more runs in it."""


class KilledAfter(LocalSyncPort):
    """Stores ``pages`` pages as the real port does, then the app is killed while the next
    one comes in: that page is not stored and nothing runs after it (no finish_pull)."""

    def __init__(self, store: Store, pages: int) -> None:
        super().__init__(store)
        self.pages = pages
        self.stored = 0

    def apply_pull_page(self, changes: Sequence[Change], cursor: int) -> None:
        if self.stored == self.pages:
            raise Killed
        super().apply_pull_page(changes, cursor)
        self.stored += 1

    def finish_pull(self) -> None:
        if self.stored < self.pages:
            super().finish_pull()


def _rows(store: Store) -> list[tuple[Any, ...]]:
    """The household list and search rows, by household (rowids aside)."""
    return store.all(
        "SELECT i.id, i.commune_code, i.name_key, i.status, i.last_visit_on, f.terms "
        "FROM household_index i JOIN household_fts f ON f.rowid = i.rowid ORDER BY i.id"
    )


def _counts(store: Store) -> tuple[int, int, int]:
    return (
        store.one("SELECT count(*) FROM record WHERE deleted = 0")[0],
        store.one("SELECT count(*) FROM household_index")[0],
        store.one("SELECT count(*) FROM household_fts")[0],
    )


def _new_laptop(server: EmbeddedServer, folder: Path, **kwargs: Any) -> tuple[Store, SyncService]:
    store = create_profile(
        folder,
        agent_name=DEMO_AGENT["name"],
        agent_code=DEMO_AGENT["code"],
        communes=DEMO_AGENT["communes"],
        passphrase=PASSPHRASE,
        kdf=KDF,
    )
    service = SyncService(Workspace(store, today=vn_today), **kwargs)
    code = new_code(server.db, username=DEMO_AGENT["username"])
    service.connect(server.url, DEMO_AGENT["username"], code, "Replacement laptop")
    return store, service


@pytest.fixture
def seeded(server: EmbeddedServer) -> EmbeddedServer:
    seed_demo(server.db, households=150)  # about 800 records: pages of 500 and more
    return server


def test_a_recovery_builds_the_rows_once_at_its_end(seeded: EmbeddedServer, tmp_path: Path) -> None:
    ports: list[LocalSyncPort] = []

    def port_factory(store: Store) -> LocalSyncPort:
        ports.append(LocalSyncPort(store))
        return ports[-1]

    store, service = _new_laptop(seeded, tmp_path / "laptop", port_factory=port_factory)
    try:
        report = service.sync()
        assert report.ok, report.error
        assert report.count_mismatch is None
        assert not ports[-1].index_rebuild_due()
        _, index, fts = _counts(store)
        assert index == fts == 150
        # The same rows as rebuilding them again from the records.
        built = _rows(store)
        with store.transaction():
            store.records.rebuild_index()
        assert _rows(store) == built
        assert len({row[3] for row in built}) > 1  # statuses from the visits and enrollments
        # The sign-up tally (kept by triggers on the list rows) came out right too.
        tally = SignupTally(store)
        assert tally.all() == tally.recount() != []
    finally:
        store.close()


def test_a_recovery_killed_part_way_resumes_and_ends_with_every_record_and_row(
    seeded: EmbeddedServer, tmp_path: Path
) -> None:
    whole, service = _new_laptop(seeded, tmp_path / "whole")
    try:
        assert service.sync().ok
        expected_records = _counts(whole)[0]
        expected_rows = _rows(whole)
    finally:
        whole.close()

    folder = tmp_path / "cut"
    store, service = _new_laptop(seeded, folder, port_factory=lambda s: KilledAfter(s, pages=1))
    with pytest.raises(Killed):
        service.sync()
    port = LocalSyncPort(store)
    assert port.pull_cursor() > 0
    assert port.index_rebuild_due()  # the first page is stored, its rows are not yet
    stored = _counts(store)[0]
    assert 0 < stored < expected_records
    store.close()

    # The app started again: opening the profile builds the rows for what is stored.
    store = open_profile(folder, DEMO_AGENT["code"], PASSPHRASE)
    try:
        port = LocalSyncPort(store)
        assert not port.index_rebuild_due()
        held = store.one("SELECT count(*) FROM record WHERE kind = 'household' AND deleted = 0")
        assert _counts(store)[1] == _counts(store)[2] == held[0] > 0
        report = SyncService(Workspace(store, today=vn_today)).sync()
        assert report.ok, report.error
        assert report.count_mismatch is None
        assert _counts(store)[0] == expected_records
        assert _rows(store) == expected_rows
        tally = SignupTally(store)
        assert tally.all() == tally.recount() != []
    finally:
        store.close()
