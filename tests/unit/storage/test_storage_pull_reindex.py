"""A pull page rebuilds each household's list and search rows once, after all of its records
are in (a first sync of 50,000 records used to rebuild every household ~5 times), and the
rows come out the same: members searchable, last visit set, a removal inside the page clean."""

from __future__ import annotations

from typing import Any

from agent_app.storage import Store
from agent_app.storage.records import Records
from agent_app.storage.syncport import LocalSyncPort
from sync.protocol import Change, new_id

HOUSEHOLD = {"commune_code": "31027", "address": "Thôn 3", "head_name": "Nguyễn Văn Ánh"}


def _person(household_id: str, name: str) -> dict[str, Any]:
    return {
        "household_id": household_id,
        "full_name": name,
        "date_of_birth": "1980-04-02",
        "sex": "male",
        "relationship": "head",
    }


def test_a_pull_page_reindexes_each_household_once(store: Store, monkeypatch: Any) -> None:
    calls: list[str] = []
    real = Records._reindex_chunk  # every reindex, one household or many, goes through it

    def counted(self: Records, ids: list[str]) -> None:
        calls.extend(ids)
        real(self, ids)

    monkeypatch.setattr(Records, "_reindex_chunk", counted)
    port = LocalSyncPort(store)
    # A pull that does not start from scratch (one from the start builds the rows at its end).
    port.apply_pull_page([Change(1, "ref.script", "s1", 1, False, {"title": "Nông dân"})], 1)
    port.finish_pull()
    hid = new_id()
    people = [new_id() for _ in range(3)]
    names = ["Nguyễn Văn Ánh", "Lê Thị Hoà", "Trần Đức Minh"]
    changes = [
        Change(1, "household", hid, 1, False, HOUSEHOLD),
        *(
            Change(2 + n, "person", pid, 1, False, _person(hid, name))
            for n, (pid, name) in enumerate(zip(people, names, strict=True))
        ),
        Change(
            5,
            "visit",
            new_id(),
            1,
            False,
            {"household_id": hid, "visited_on": "2026-11-20", "outcome": "not_home"},
        ),
    ]
    port.apply_pull_page(changes, 5)
    assert calls == [hid]
    row = store.one("SELECT last_visit_on FROM household_index WHERE id = ?", (hid,))
    assert row[0] == "2026-11-20"
    hits = store.one("SELECT count(*) FROM household_fts WHERE household_fts MATCH 'minh'")
    assert hits[0] == 1


def test_a_household_removed_later_in_the_page_leaves_no_rows(store: Store) -> None:
    hid, pid = new_id(), new_id()
    LocalSyncPort(store).apply_pull_page(
        [
            Change(1, "household", hid, 1, False, HOUSEHOLD),
            Change(2, "person", pid, 1, False, _person(hid, "Trần Đức Minh")),
            Change(3, "household", hid, 1, True, {}, removed=True),
        ],
        3,
    )
    assert store.one("SELECT count(*) FROM household_index")[0] == 0
    assert store.one("SELECT count(*) FROM household_fts")[0] == 0
    assert store.one("SELECT count(*) FROM record")[0] == 0


def test_reindexing_a_household_never_walks_every_visit(store: Store) -> None:
    """Each query of a reindex goes through the household's own rows: with 10,000 households
    the (kind, day) index made each one read all visits (a recovered laptop's first sync took
    18 s instead of 11)."""
    hid = new_id()
    LocalSyncPort(store).apply_pull_page([Change(1, "household", hid, 1, False, HOUSEHOLD)], 1)
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        store.records.reindex_household(hid)
    finally:
        store.conn.set_trace_callback(None)
    selects = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    assert selects
    for sql in selects:
        plan = " ".join(str(row[3]) for row in store.all(f"EXPLAIN QUERY PLAN {sql}"))
        assert "record_kind_day" not in plan, (sql, plan)
