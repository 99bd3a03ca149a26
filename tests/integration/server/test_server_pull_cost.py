"""What a pull page costs the server (issue 12: a full pull of 10,000 changes under 1 s).

- A scope's page statements are built once and reused with the cursor, horizon and page size
  as parameters; the pages are those of the statements built with the values.
- A page's resolved conflicts are looked up with the page's ids as one parameter (not 500
  expanded ones), on both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.domain.rates import load_rates
from sync.protocol import Op, new_id
from sync.server import pull as pull_module
from sync.server.admin import open_database, vn_today
from sync.server.auth import Caller
from sync.server.db import Database, records
from sync.server.ingest import Ingest
from sync.server.pull import page_query, pull
from sync.server.resolutions import conflict_resolutions

COMMUNE = "31027"


@pytest.fixture
def db(tmp_path: Path, database_url: str | None) -> Iterator[Database]:
    opened = open_database(tmp_path / "server", database_url)
    try:
        yield opened
    finally:
        opened.dispose()


def _households(n: int) -> list[Op]:
    body = {"commune_code": COMMUNE, "address": "Ấp Tân Hòa", "head_name": "Nguyễn Văn Ánh"}
    return [Op(new_id(), "household", new_id(), 0, "", False, dict(body)) for _ in range(n)]


def test_pages_reuse_their_scope_statements_and_match_fresh_ones(db: Database) -> None:
    caller = Caller(1, "device-1", "an", frozenset({COMMUNE}))
    Ingest(db, load_rates(), vn_today).push(caller, _households(30))
    pull_module._page_statements.cache_clear()
    seen: list[int] = []
    cursor, more = 0, True
    while more:
        page = pull(db, caller, cursor, 7)
        seen.extend(c.seq for c in page.changes)
        cursor, more = page.cursor, page.has_more
    info = pull_module._page_statements.cache_info()
    # Built once per scope; on PostgreSQL the last page's total also reads the scope past the
    # horizon, with the unbounded variant (built once too).
    assert info.misses == (1 if db.is_sqlite else 2)
    assert info.hits >= 4
    with db.connect() as conn:
        fresh = [int(r.seq) for r in conn.execute(page_query(caller, 0, None, 10_000))]
    assert seen == fresh  # every record of the scope, reference data included, in order
    assert len(seen) == len(set(seen))
    assert len(seen) > 30


def test_resolved_conflicts_are_marked_on_the_page(db: Database) -> None:
    caller = Caller(1, "device-1", "an", frozenset({COMMUNE}))
    ops = _households(3)
    Ingest(db, load_rates(), vn_today).push(caller, ops)
    with db.begin() as conn:
        seq = conn.execute(records.select().where(records.c.record_id == ops[1].record_id)).one()
        conn.execute(
            conflict_resolutions.insert().values(
                conflict_id=1,
                op_id="op-resolved",
                record_id=ops[1].record_id,
                version=1,
                seq=seq.seq,
                supervisor_id=None,
                username="sup",
                choices={},
                resolved_at="2026-12-01T00:00:00Z",
            )
        )
    page = pull(db, caller, 0, 500)
    marked = {c.record_id: c.resolves for c in page.changes if c.resolves}
    assert marked == {ops[1].record_id: ("op-resolved",)}
