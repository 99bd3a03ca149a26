"""A pull page writes its live records in one statement (``Records.store_synced_many``), and
what it stores is what storing them one at a time stored: the same record rows (household and
person looked up through a parent written earlier in the same page, or stored before it),
the same list and search rows; tombstones, removals, reference data and records with ops
waiting in the middle of a page keep the page's order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent_app.storage import Store
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


def _one_at_a_time(store: Store, changes: list[Change], cursor: int) -> None:
    """The page stored the way it was before the batch: one store_synced per record."""
    port = LocalSyncPort(store)
    records = store.records
    with store.transaction(), records.deferred_reindex():
        for c in changes:
            if c.removed:
                port._removed(c)
            elif c.kind in ("ref.admin_unit",):
                port._reference(c)
            elif c.deleted:
                found = records.find(c.record_id)
                if found is not None:
                    records.store_synced(
                        c.kind, c.record_id, found.body, version=c.version, deleted=True
                    )
            else:
                records.store_synced(c.kind, c.record_id, c.body, version=c.version)


def _state(store: Store) -> tuple[Any, ...]:
    return (
        store.all(
            "SELECT id, kind, body, version, deleted, household_id, person_id, parent_id, day, "
            "amount FROM record ORDER BY id"
        ),
        store.all(
            "SELECT i.id, i.commune_code, i.name_key, i.status, i.last_visit_on, f.terms "
            "FROM household_index i JOIN household_fts f ON f.rowid = i.rowid ORDER BY i.id"
        ),
        store.all("SELECT count(*) FROM household_fts"),
        store.all("SELECT kind, record_id, version, body FROM reference ORDER BY record_id"),
    )


def test_a_batched_page_stores_what_one_record_at_a_time_stored(
    make_store: Callable[..., Store], tmp_path: Any
) -> None:
    old_hid, old_pid, old_enrollment = new_id(), new_id(), new_id()
    earlier = [
        Change(1, "household", old_hid, 1, False, HOUSEHOLD),
        Change(2, "person", old_pid, 1, False, _person(old_hid, "Lê Thị Hoà")),
        Change(
            3,
            "enrollment",
            old_enrollment,
            1,
            False,
            {"person_id": old_pid, "scheme": "voluntary", "paid_on": "2026-11-02", "amount": 1},
        ),
    ]
    hid, pid, enrollment, gone = new_id(), new_id(), new_id(), new_id()
    page = [
        Change(10, "ref.admin_unit", "31027", 1, False, {"code": "31027", "name": "Xã A"}),
        Change(11, "household", hid, 1, False, HOUSEHOLD),
        Change(12, "person", pid, 1, False, _person(hid, "Trần Đức Minh")),
        # named only by its person, written earlier in this page
        Change(
            13,
            "enrollment",
            enrollment,
            1,
            False,
            {"person_id": pid, "scheme": "voluntary", "paid_on": "2026-11-20", "amount": 330000},
        ),
        # a receipt whose enrollment is in this page, another's stored before it
        Change(
            14,
            "receipt",
            new_id(),
            1,
            False,
            {"enrollment_id": enrollment, "issued_on": "2026-11-20", "amount": 330000},
        ),
        Change(
            15,
            "receipt",
            new_id(),
            1,
            False,
            {"enrollment_id": old_enrollment, "issued_on": "2026-11-21", "amount": 5},
        ),
        Change(
            16,
            "visit",
            gone,
            1,
            False,
            {"household_id": hid, "visited_on": "2026-11-19", "outcome": "interested"},
        ),
        Change(17, "visit", gone, 2, True, {}),  # its tombstone, in the same page
        Change(18, "ref.admin_unit", "31027", 2, False, {"code": "31027", "name": "Xã B"}),
        Change(19, "person", old_pid, 2, False, _person(hid, "Lê Thị Hoà")),  # moved house
        Change(
            20,
            "visit",
            new_id(),
            1,
            False,
            {"household_id": old_hid, "visited_on": "2026-11-22", "outcome": "refused"},
        ),
    ]
    batched, single = make_store(tmp_path / "a"), make_store(tmp_path / "b")
    for store in (batched, single):
        LocalSyncPort(store).apply_pull_page(earlier, 3)
        LocalSyncPort(store).finish_pull()  # the page below is one of a later pull
    LocalSyncPort(batched).apply_pull_page(page, 20)
    _one_at_a_time(single, page, 20)
    assert _state(batched) == _state(single)
    # and what that is: the receipts and the moved person found their households
    rows = dict(batched.all("SELECT id, household_id FROM record WHERE kind = 'receipt'"))
    assert sorted(rows.values()) == sorted([hid, old_hid])
    assert batched.one("SELECT deleted FROM record WHERE id = ?", (gone,))[0] == 1
    assert batched.one("SELECT body FROM reference")[0] == '{"code":"31027","name":"Xã B"}'
    hits = batched.all(
        "SELECT i.id FROM household_fts f JOIN household_index i ON i.rowid = f.rowid "
        "WHERE household_fts MATCH 'hoa'"
    )
    assert hits == [(hid,)]


def test_a_page_writes_its_records_in_a_few_statements(store: Store, monkeypatch: Any) -> None:
    """Not one INSERT per record: 200 households with a member each take a handful."""
    statements: list[str] = []
    conn = store.conn

    class Counting:
        def execute(self, sql: str, *args: Any) -> Any:
            statements.append(sql)
            return conn.execute(sql, *args)

        def __getattr__(self, name: str) -> Any:
            return getattr(conn, name)

    changes = []
    for n in range(200):
        hid = new_id()
        changes.append(Change(2 * n + 2, "household", hid, 1, False, HOUSEHOLD))
        changes.append(Change(2 * n + 3, "person", new_id(), 1, False, _person(hid, "Minh")))
    port = LocalSyncPort(store)
    # A page of a later pull: its households are reindexed with it (one pull from the start
    # builds the rows at its end).
    port.apply_pull_page([Change(1, "ref.script", "s1", 1, False, {"title": "Nông dân"})], 1)
    port.finish_pull()
    monkeypatch.setattr(store, "_conn", Counting())
    port.apply_pull_page(changes, 400)
    monkeypatch.undo()
    assert len(statements) < 20, statements[:30]
    assert store.one("SELECT count(*) FROM household_index")[0] == 200
    found = store.one("SELECT count(*) FROM household_fts WHERE household_fts MATCH 'minh'")
    assert found[0] == 200


def test_a_big_pull_from_the_start_builds_the_rows_at_its_end(
    make_store: Callable[..., Store], tmp_path: Any
) -> None:
    """The first page of a recovery is a full one: the list and search rows wait for
    finish_pull (marked due in the page's own transaction), then come out as page by page."""
    pages: list[list[Change]] = []
    seq = 2
    for _ in range(2):
        page = []
        for n in range(150):
            hid = new_id()
            seq += 2
            page.append(Change(seq - 1, "household", hid, 1, False, HOUSEHOLD))
            page.append(Change(seq, "person", new_id(), 1, False, _person(hid, f"Minh {n}")))
        pages.append(page)
    # The second page also brings a member of a household of the first.
    first = pages[0][0].record_id
    pages[1].append(Change(seq + 1, "person", new_id(), 1, False, _person(first, "Xuân")))
    later = make_store(tmp_path / "a")
    port = LocalSyncPort(later)
    port.apply_pull_page([Change(1, "ref.script", "s1", 1, False, {"title": "Nông dân"})], 1)
    assert not port.index_rebuild_due()  # a small first pull: indexed as it comes
    for number, page in enumerate(pages, 1):
        port.apply_pull_page(page, page[-1].seq)
        if number == 1:
            # A big page at cursor 0 on a fresh store: nothing indexed yet, the rebuild due.
            fresh = make_store(tmp_path / "c")
            LocalSyncPort(fresh).apply_pull_page(page, page[-1].seq)
            assert LocalSyncPort(fresh).index_rebuild_due()
            assert fresh.one("SELECT count(*) FROM household_index")[0] == 0
    store = make_store(tmp_path / "d")
    whole = LocalSyncPort(store)
    for page in pages:
        whole.apply_pull_page(page, page[-1].seq)
        assert whole.index_rebuild_due()
        assert store.one("SELECT count(*) FROM household_index")[0] == 0
    whole.finish_pull()
    assert not whole.index_rebuild_due()
    assert _state(store)[1:3] == _state(later)[1:3]
    assert store.one("SELECT count(*) FROM household_index")[0] == 300
    assert _state(store)[1] != []
