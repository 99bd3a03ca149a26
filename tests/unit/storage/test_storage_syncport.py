"""The store as the sync engine sees it: batches parents first and in flight, settling per
status, release after a transient failure, and pull pages with reference data and tombstones."""

from __future__ import annotations

from datetime import UTC, datetime

from agent_app.storage.syncport import LocalSyncPort
from sync.protocol import Change, OpError, OpResult, new_id

HOUSEHOLD = {"commune_code": "31027", "address": "Thôn 3", "head_name": "Nguyễn Văn Ánh"}


def _person(household_id, name="Nguyễn Văn Ánh"):
    return {
        "household_id": household_id,
        "full_name": name,
        "date_of_birth": "1980-04-02",
        "sex": "male",
        "relationship": "head",
    }


def _save(store, kind, record_id, body, deleted=False):
    with store.transaction():
        store.records.put(kind, record_id, body, deleted=deleted, now=datetime.now(UTC))


def _household_with_member(store):
    hid, pid = new_id(), new_id()
    # The child is written first: the batch must still send the parent first.
    _save(store, "person", pid, _person(hid))
    _save(store, "household", hid, HOUSEHOLD)
    return hid, pid


def test_take_batch_sends_parents_first_and_marks_in_flight(store):
    hid, pid = _household_with_member(store)
    port = LocalSyncPort(store)
    assert port.pending_count() == 2
    ops = port.take_batch(10)
    assert [(op.kind, op.record_id) for op in ops] == [("household", hid), ("person", pid)]
    assert all(op.base_version == 0 for op in ops)
    assert [(e.state, e.sent) for e in store.outbox.entries()] == [("inflight", True)] * 2
    # In flight still counts as pending: it has not been settled.
    assert port.pending_count() == 2
    assert len(port.take_batch(1)) == 1


def test_release_puts_ops_back_and_a_resend_is_identical(store):
    _household_with_member(store)
    port = LocalSyncPort(store)
    first = port.take_batch(10)
    port.release(first)
    assert {e.state for e in store.outbox.entries()} == {"pending"}
    again = port.take_batch(10)
    assert [op.content_hash() for op in again] == [op.content_hash() for op in first]
    assert [op.op_id for op in again] == [op.op_id for op in first]


def test_an_edit_after_sending_gets_a_new_op(store):
    hid, _ = _household_with_member(store)
    port = LocalSyncPort(store)
    sent = port.take_batch(10)
    _save(store, "household", hid, {**HOUSEHOLD, "address": "Thôn 4"})
    assert len(store.outbox.entries(record_id=hid)) == 2
    # The newer op waits until the first settles, then carries the new version as its base.
    assert [op.record_id for op in port.take_batch(10)] == [hid, sent[1].record_id]
    port.settle([(op, OpResult(op.op_id, "applied", 1)) for op in sent])
    later = port.take_batch(10)
    assert len(later) == 1
    assert later[0].base_version == 1
    assert later[0].body["address"] == "Thôn 4"


def test_settle_per_status(store):
    ids = []
    for _ in range(5):
        hid = new_id()
        _save(store, "household", hid, HOUSEHOLD)
        ids.append(hid)
    port = LocalSyncPort(store)
    ops = port.take_batch(10)
    server_body = {**HOUSEHOLD, "village": "Ấp Tân Hòa"}
    results = [
        OpResult(ops[0].op_id, "applied", 1),
        OpResult(ops[1].op_id, "duplicate", 1),
        OpResult(ops[2].op_id, "merged", 3, server=server_body),
        OpResult(ops[3].op_id, "conflict", 2, server=server_body),
        OpResult(ops[4].op_id, "rejected", 0, error=OpError("forbidden", "no", "commune_code")),
    ]
    port.settle(list(zip(ops, results, strict=True)))
    versions = dict(store.all("SELECT id, version FROM record"))
    assert [versions[i] for i in ids[:3]] == [1, 1, 3]
    assert store.records.get(ids[2]).body["village"] == "Ấp Tân Hòa"
    left = [(e.record_id, e.state, e.status) for e in store.outbox.entries()]
    assert left == [(ids[3], "attention", "conflict"), (ids[4], "attention", "rejected")]
    assert store.outbox.counts() == {"conflict": 1, "rejected": 1}
    assert store.outbox.attention_count() == 2
    assert port.pending_count() == 0
    assert port.take_batch(10) == []


def test_a_newer_local_edit_is_rebased_on_the_merged_body(store):
    # Changed: the newer edit used to keep its own body and overwrite the other device's
    # fields on its push (issue 8, defect 1); now it is laid over the server's merged body.
    hid = new_id()
    _save(store, "household", hid, HOUSEHOLD)
    port = LocalSyncPort(store)
    [op] = port.take_batch(10)
    _save(store, "household", hid, {**HOUSEHOLD, "address": "Thôn 9"})
    port.settle([(op, OpResult(op.op_id, "merged", 2, server={**HOUSEHOLD, "village": "X"}))])
    record = store.records.get(hid)
    assert record.body == {**HOUSEHOLD, "address": "Thôn 9", "village": "X"}
    assert record.version == 2
    [pending] = port.take_batch(10)
    assert pending.body == record.body
    assert pending.base_version == 2


def test_apply_pull_page(store):
    port = LocalSyncPort(store)
    assert port.pull_cursor() == 0
    mine = new_id()
    _save(store, "household", mine, {**HOUSEHOLD, "head_name": "Lê Thị Hoà"})
    theirs, gone = new_id(), new_id()
    changes = [
        Change(1, "ref.script", "s1", 1, False, {"title": "Nông dân", "target_group": "farmer"}),
        Change(2, "household", theirs, 1, False, {**HOUSEHOLD, "head_name": "Phạm Văn Bình"}),
        Change(3, "household", gone, 1, False, {**HOUSEHOLD, "head_name": "Đỗ Thị Lan"}),
        Change(4, "household", mine, 5, False, {**HOUSEHOLD, "head_name": "Server Name"}),
    ]
    port.apply_pull_page(changes, 4)
    assert port.pull_cursor() == 4
    # A small first pull is indexed page by page (a big one at its end: test_storage_pull_batch).
    assert not port.index_rebuild_due()
    assert store.records.get(theirs).version == 1
    # Local changes are waiting: the local body and version stay.
    assert store.records.get(mine).body["head_name"] == "Lê Thị Hoà"
    assert store.records.get(mine).version == 0
    assert store.one("SELECT count(*) FROM reference WHERE kind = 'ref.script'")[0] == 1
    assert store.one("SELECT count(*) FROM household_fts WHERE household_fts MATCH 'lan'")[0] == 1

    port.apply_pull_page([Change(5, "household", gone, 2, True, {})], 5)
    assert store.records.find(gone).deleted
    assert store.one("SELECT count(*) FROM household_fts WHERE household_fts MATCH 'lan'")[0] == 0
    assert port.known_count() == 4  # tombstones included, each record once
    assert port.pull_cursor() == 5

    port.reset_pull()
    assert port.pull_cursor() == 0
    assert port.known_count() == 0
