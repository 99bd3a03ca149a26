"""SQLite write transactions take the write lock when they begin: one that reads, then writes
(device registration, the console's forms, the devices' activity) waits its turn behind
another writer instead of being refused at its first write with "database is locked" (which
answered 500 to a laptop registering while another synced)."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select, update

from sync.server.admin import add_agent, open_database
from sync.server.db import agents


def test_a_transaction_that_reads_first_then_writes_is_not_refused(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    try:
        add_agent(db, username="mai", name="Trần Thị Mai", communes=["31027"])
        reading = threading.Event()
        other_done = threading.Event()
        failures: list[BaseException] = []

        def other_writer() -> None:
            reading.wait(30)
            try:
                with db.begin() as conn:
                    conn.execute(update(agents).values(name="Người khác"))
            except BaseException as exc:  # reported below, in the test's own thread
                failures.append(exc)
            other_done.set()

        thread = threading.Thread(target=other_writer)
        thread.start()
        with db.begin() as conn:
            conn.execute(select(agents.c.name)).all()
            reading.set()
            # The other writer must wait for this transaction, not slip in before our write.
            assert not other_done.wait(0.5)
            conn.execute(update(agents).values(name="Trần Thị Mai (sửa)"))
        thread.join(30)
        assert other_done.is_set()
        assert failures == []
        with db.connect() as conn:
            assert conn.execute(select(agents.c.name)).scalar_one() == "Người khác"
    finally:
        db.dispose()
