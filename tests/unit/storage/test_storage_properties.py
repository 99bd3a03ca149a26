"""Properties of search folding and the outbox, over generated names and edit sequences."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_app.storage.search import search
from agent_app.storage.syncport import LocalSyncPort
from sync.domain.text import fold
from sync.protocol import OpResult, new_id

SYLLABLES = ["Nguyễn", "Trần", "Lê", "Đặng", "Văn", "Thị", "Ánh", "Hoà", "Hòa", "Đức", "Minh",
             "Phượng", "Thủy", "Thuỷ", "Ngọc", "Hồng"]  # fmt: skip
NAME = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(" ".join)
FAST = settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _put(store, kind, record_id, body, deleted=False):
    with store.transaction():
        store.records.put(kind, record_id, body, deleted=deleted, now=datetime.now(UTC))


@FAST
@given(name=NAME, cut=st.integers(min_value=2, max_value=40), upper=st.booleans())
def test_any_folded_prefix_of_a_name_finds_it(store, name, cut, upper):
    household_id = new_id()
    _put(store, "household", household_id,
         {"commune_code": "31027", "address": "Thôn 1", "head_name": name})  # fmt: skip
    typed = fold(name)[:cut].rstrip()
    query = typed.upper() if upper else typed
    found = {hit.id for hit in search(store, query, limit=10_000)}
    assert household_id in found


EDITS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=2), st.sampled_from(["edit", "sync", "take"])),
    min_size=1,
    max_size=25,
)


@FAST
@given(steps=EDITS)
def test_outbox_holds_at_most_one_unsent_op_per_record(store, steps):
    ids = [new_id() for _ in range(3)]
    port = LocalSyncPort(store)
    edits = dict.fromkeys(ids, 0)
    frozen: dict[str, dict] = {}
    for index, action in steps:
        record_id = ids[index]
        if action == "edit":
            edits[record_id] += 1
            _put(store, "household", record_id,
                 {"commune_code": "31027", "address": f"Số {edits[record_id]}",
                  "head_name": "Lê Văn Ánh"})  # fmt: skip
        elif action == "take":
            port.take_batch(2)
        else:
            ops = port.take_batch(100)
            port.settle([(op, OpResult(op.op_id, "applied", op.base_version + 1)) for op in ops])
        entries = store.outbox.entries()
        unsent = [e.record_id for e in entries if not e.sent]
        assert len(unsent) == len(set(unsent))
        # A sent op is never rewritten: its body is what it was when first taken.
        for entry in entries:
            if entry.sent:
                assert frozen.setdefault(entry.op_id, entry.body) == entry.body
    # Once everything is synced, every record's latest edit reached the server.
    for _ in range(5):
        ops = port.take_batch(100)
        port.settle([(op, OpResult(op.op_id, "applied", op.base_version + 1)) for op in ops])
    assert port.pending_count() == 0
    for record_id, n in edits.items():
        if n:
            assert store.records.get(record_id).body["address"] == f"Số {n}"
