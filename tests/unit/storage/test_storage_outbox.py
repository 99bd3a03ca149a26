"""The outbox repository on its own: the server's copy of records with ops waiting, what a
settled, dismissed or rebased op leaves behind, and the counts every screen reads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent_app.storage.syncport import LocalSyncPort
from sync.protocol import Change, OpError, OpResult, new_id

HOUSEHOLD = {"commune_code": "31027", "address": "Thôn 3", "head_name": "Nguyễn Văn Ánh"}


def _save(store, record_id, body, deleted=False):
    with store.transaction():
        store.records.put("household", record_id, body, deleted=deleted, now=datetime.now(UTC))


def _pulled(store, version=1, body=HOUSEHOLD):
    hid = new_id()
    LocalSyncPort(store).apply_pull_page([Change(1, "household", hid, version, False, body)], 1)
    return hid


def test_the_server_state_is_kept_before_the_first_local_edit_only(store):
    hid = _pulled(store)
    _save(store, hid, {**HOUSEHOLD, "address": "Thôn 4"})
    _save(store, hid, {**HOUSEHOLD, "address": "Thôn 5"})
    copy = store.outbox.server_copy(hid)
    assert copy is not None
    assert (copy.version, copy.body) == (1, HOUSEHOLD)
    # A record the server never had has no server state.
    new = new_id()
    _save(store, new, HOUSEHOLD)
    assert store.outbox.server_copy(new) is None


def test_a_server_copy_is_replaced_by_newer_ones_only(store):
    hid = _pulled(store)
    _save(store, hid, {**HOUSEHOLD, "address": "Thôn 4"})
    outbox = store.outbox
    with store.transaction():
        outbox.keep_server_copy("household", hid, 5, False, {**HOUSEHOLD, "village": "Năm"})
        outbox.keep_server_copy("household", hid, 3, False, {**HOUSEHOLD, "village": "Ba"})
        outbox.keep_server_copy("household", hid, 6, True, {})  # a tombstone keeps the body
    copy = outbox.server_copy(hid)
    assert copy is not None
    assert (copy.version, copy.deleted, copy.body["village"]) == (6, True, "Năm")


def test_a_pull_newer_than_the_settled_op_wins_once_the_outbox_is_empty(store):
    hid = _pulled(store)
    port = LocalSyncPort(store)
    _save(store, hid, {**HOUSEHOLD, "address": "Thôn 4"})
    [op] = port.take_batch(10)
    port.release([op])  # the answer was lost; a pull runs before the resend
    newer = {**HOUSEHOLD, "address": "Thôn 4", "village": "Tân Hòa"}
    port.apply_pull_page([Change(7, "household", hid, 3, False, newer)], 7)
    assert store.records.get(hid).body["address"] == "Thôn 4"  # ours, still waiting
    [again] = port.take_batch(10)
    port.settle([(again, OpResult(again.op_id, "duplicate", 2))])
    record = store.records.get(hid)
    assert (record.version, record.body) == (3, newer)
    assert store.outbox.server_copy(hid) is None
    assert not store.outbox.has_ops(hid)


def test_a_duplicate_with_the_merged_body_rebases_the_waiting_op(store):
    hid = _pulled(store)
    port = LocalSyncPort(store)
    _save(store, hid, {**HOUSEHOLD, "head_name": "Nguyễn Văn Ân"})
    [op] = port.take_batch(10)
    _save(store, hid, {**HOUSEHOLD, "head_name": "Nguyễn Văn Ân", "village": "Một"})
    server = {**HOUSEHOLD, "head_name": "Nguyễn Văn Ân", "address": "Ấp Tràm Dơi"}
    port.settle([(op, OpResult(op.op_id, "duplicate", 3, server=server))])
    [pending] = port.take_batch(10)
    assert pending.body == {**server, "village": "Một"}
    assert pending.base_version == 3
    record = store.records.get(hid)
    assert (record.body, record.version) == (pending.body, 3)
    # The rebased op is not sent yet, so an edit still rewrites it in place.
    port.release([pending])
    assert store.outbox.entry(pending.op_id).base_version == 3


def test_a_sent_op_is_never_rebased(store):
    hid = _pulled(store)
    _save(store, hid, {**HOUSEHOLD, "address": "Thôn 4"})
    [op] = LocalSyncPort(store).take_batch(10)
    entry = store.outbox.entry(op.op_id)
    copy = store.outbox.server_copy(hid)
    with pytest.raises(ValueError, match="frozen"), store.transaction():
        store.outbox.rebase(entry, HOUSEHOLD, copy)


def test_counts_agree_with_the_entries(store):
    port = LocalSyncPort(store)
    ids = [new_id() for _ in range(4)]
    for hid in ids:
        _save(store, hid, HOUSEHOLD)
    ops = port.take_batch(2)
    port.settle(
        [
            (ops[0], OpResult(ops[0].op_id, "conflict", 2, server=HOUSEHOLD)),
            (ops[1], OpResult(ops[1].op_id, "rejected", 0, error=OpError("invalid", "x"))),
        ]
    )
    outbox = store.outbox
    assert outbox.pending_count() == 2
    assert outbox.attention_count() == 2
    assert outbox.counts() == {"pending": 2, "conflict": 1, "rejected": 1}
    assert outbox.record_ids() == set(ids)
    assert {e.status for e in outbox.entries("attention")} == {"conflict", "rejected"}
    assert outbox.households_with_ops(ids[:1]) == {ids[0]}
    assert outbox.attention_entry(ops[0].op_id) is not None
    assert outbox.attention_entry(outbox.entries("pending")[0].op_id) is None


def test_an_undone_removal_leaves_no_stale_server_copy_behind(store):
    hid = _pulled(store)
    _save(store, hid, HOUSEHOLD, deleted=True)
    with store.transaction():
        assert store.records.undelete("household", hid)
    assert not store.outbox.has_ops(hid)
    newer = {**HOUSEHOLD, "village": "Tân Hòa"}
    LocalSyncPort(store).apply_pull_page([Change(2, "household", hid, 2, False, newer)], 2)
    _save(store, hid, {**newer, "address": "Thôn 4"})
    copy = store.outbox.server_copy(hid)
    assert copy is not None
    assert (copy.version, copy.body) == (2, newer)
