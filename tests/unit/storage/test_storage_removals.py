"""Scope removals in pulls (``Change.removed``): a record that left the agent's scope leaves the
laptop with its children, list and search rows and pull count, unless an op of ours waits for
it, in which case it goes once that op has left the needs-attention list. Hand-made pull pages
into the real store port."""

from __future__ import annotations

from datetime import UTC, datetime

from agent_app.services import Workspace
from agent_app.storage import search
from agent_app.storage.syncport import LocalSyncPort
from sync.protocol import Change, OpError, OpResult, new_id

HOUSEHOLD = {"commune_code": "31027", "address": "Thôn 3", "head_name": "Phạm Văn Bình"}


def _person(household_id: str, name: str) -> dict[str, object]:
    return {
        "household_id": household_id,
        "full_name": name,
        "date_of_birth": "1980-04-02",
        "sex": "male",
        "relationship": "head",
    }


def _pulled_household(port: LocalSyncPort, seq: int = 1) -> tuple[str, str, str]:
    """A household with a member and a visit, as a pull delivers them."""
    hid, pid, vid = new_id(), new_id(), new_id()
    visit = {"household_id": hid, "visited_on": "2026-11-20", "outcome": "interested"}
    port.apply_pull_page(
        [
            Change(seq, "household", hid, 1, False, HOUSEHOLD),
            Change(seq + 1, "person", pid, 1, False, _person(hid, "Phạm Văn Bình")),
            Change(seq + 2, "visit", vid, 1, False, visit),
        ],
        seq + 2,
    )
    port.finish_pull()  # as the engine does after a pull's last page
    return hid, pid, vid


def _removed(seq: int, kind: str, record_id: str) -> Change:
    return Change.from_wire(
        {
            "seq": seq,
            "kind": kind,
            "record_id": record_id,
            "version": 3,
            "deleted": True,
            "removed": True,
            "body": {},
        }
    )


def test_a_removed_household_leaves_with_its_children_and_is_no_longer_counted(store):
    port = LocalSyncPort(store)
    hid, pid, vid = _pulled_household(port)
    other, *_ = _pulled_household(port, seq=10)
    assert port.known_count() == 6
    assert [h.id for h in search.search(store, "binh")] != []
    port.apply_pull_page([_removed(20, "household", hid)], 20)
    for record_id in (hid, pid, vid):
        assert store.records.find(record_id) is None
    assert store.records.find(other) is not None
    assert [h.id for h in search.search(store, "binh")] == [other]
    assert search.count(store, "") == 1
    # The children's own removals follow; the count matches what the server still counts.
    port.apply_pull_page([_removed(21, "person", pid), _removed(22, "visit", vid)], 22)
    assert port.known_count() == 3
    assert port.pull_cursor() == 22


def test_a_removed_member_leaves_the_households_search_terms(store):
    port = LocalSyncPort(store)
    hid, pid, _ = _pulled_household(port)
    kid = new_id()
    port.apply_pull_page([Change(5, "person", kid, 1, False, _person(hid, "Phạm Thị Xuân"))], 5)
    assert [h.id for h in search.search(store, "xuan")] == [hid]
    port.apply_pull_page([_removed(6, "person", kid)], 6)
    assert search.search(store, "xuan") == []
    assert store.records.find(kid) is None
    assert store.records.get(pid).body["full_name"] == "Phạm Văn Bình"


def test_a_removed_record_with_an_op_waiting_stays_until_the_op_is_dismissed(store):
    port = LocalSyncPort(store)
    hid, pid, _ = _pulled_household(port)
    ws = Workspace(store)
    ws.households.save({"address": "Thôn 4"}, hid)
    [op] = port.take_batch(10)
    port.apply_pull_page([_removed(10, "household", hid)], 10)
    # Kept: the agent's change is still in flight, and nothing is counted for it any more.
    assert store.records.get(hid).body["address"] == "Thôn 4"
    assert port.known_count() == 2
    error = OpError("forbidden", "this record is outside your communes")
    port.settle([(op, OpResult(op.op_id, "rejected", 0, error=error))])
    [item] = ws.attention.items()
    assert store.records.get(hid) is not None
    ws.attention.dismiss(item.op_id)
    assert store.records.find(hid) is None
    assert store.records.find(pid) is None
    assert search.search(store, "binh") == []
    assert store.outbox.server_copy(hid) is None


def test_a_removal_of_an_unknown_record_changes_nothing(store):
    port = LocalSyncPort(store)
    port.apply_pull_page([_removed(1, "household", new_id())], 1)
    assert port.known_count() == 0
    assert port.pull_cursor() == 1
    assert store.records.of_kind("household", include_deleted=True) == []


def test_local_children_with_ops_stay_when_their_household_is_removed(store):
    port = LocalSyncPort(store)
    hid, pid, _ = _pulled_household(port)
    mine = new_id()
    with store.transaction():
        store.records.put("person", mine, _person(hid, "Phạm Thị Xuân"), now=datetime.now(UTC))
    port.apply_pull_page([_removed(10, "household", hid)], 10)
    assert store.records.find(hid) is None
    assert store.records.find(pid) is None
    # Not the member typed in on this laptop: its op still waits, for the server to refuse.
    assert store.records.get(mine).body["full_name"] == "Phạm Thị Xuân"
    assert store.outbox.pending_count() == 1
