"""Issue 8 on the laptop's side, end to end: real encrypted stores, the real sync engine and the
real server on SQLite and PostgreSQL. Two laptops editing different fields of one household
keep both changes when a save is made while a push is on the wire or after a lost answer
(defect 1); a record whose op needed attention holds the server's current state once the op is
dismissed or resolved (defect 8); one op the server cannot even parse goes to needs attention
instead of blocking the queue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from agent_app.storage.syncport import LocalSyncPort
from sync.client import SyncClient
from sync.protocol import APPLIED, CONFLICT, DUPLICATE, MERGED, REJECTED, Op, OpResult, new_id

COMMUNE = "31027"
HEAD = "Nguyễn Văn Ánh"


class SavingPort:
    """The laptop's real sync port, with the agent saving something at one moment of the push:
    when the server's answer has arrived but is not settled yet (``on_settle``), or when a push
    failed and its ops go back to the queue (``on_release``). Each hook runs once."""

    def __init__(
        self,
        inner: LocalSyncPort,
        *,
        on_settle: Callable[[], None] | None = None,
        on_release: Callable[[], None] | None = None,
    ) -> None:
        self.inner = inner
        self.on_settle = on_settle
        self.on_release = on_release

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def settle(self, results: Sequence[tuple[Op, OpResult]]) -> None:
        hook, self.on_settle = self.on_settle, None
        if hook is not None:
            hook()
        self.inner.settle(results)

    def release(self, ops: Sequence[Op]) -> None:
        self.inner.release(ops)
        hook, self.on_release = self.on_release, None
        if hook is not None:
            hook()


def _household(lap) -> str:
    changed = lap.ws.households.register(
        {"commune_code": COMMUNE, "address": "Ấp Xẻo Quao", "head_name": HEAD},
        [{"full_name": HEAD, "date_of_birth": "1980-03-04", "sex": "male", "relationship": "head"}],
    )
    return changed.ids[0]


def _on_server(server, lap, record_id: str) -> tuple[int, bool, dict[str, Any]]:
    """(version, deleted, body) of the record as the server hands it out now."""
    client, cursor, found = SyncClient(server.url, lap.ws.setting("sync.token")), 0, None
    while True:
        page = client.pull(cursor, 2000)
        for change in page.changes:
            if change.record_id == record_id:
                found = (change.version, change.deleted, dict(change.body))
        cursor = page.cursor
        if not page.has_more:
            assert found is not None
            return found


def _two_laptops_on_one_household(laptop, **a_options: Any):
    holder: dict[str, Any] = {}
    a = laptop("mai", port=lambda inner: holder.setdefault("port", SavingPort(inner)), **a_options)
    b = laptop("lan")
    hh = _household(a)
    assert a.sync.sync().ok
    assert b.sync.sync().ok
    # The other laptop changes the address first.
    b.ws.households.save({"address": "Ấp Tràm Dơi"}, hh)
    assert b.sync.sync().pushed[APPLIED] == 1
    return a, b, hh, holder


def _both_changes_everywhere(server, a, b, hh: str) -> None:
    assert a.sync.sync().ok
    assert b.sync.sync().ok
    expected = {"head_name": "Nguyễn Văn Ân", "address": "Ấp Tràm Dơi", "village": "Ấp Một"}
    version, deleted, body = _on_server(server, a, hh)
    assert not deleted
    assert {k: body.get(k) for k in expected} == expected
    for lap in (a, b):
        record = lap.store.records.get(hh)
        assert {k: record.body.get(k) for k in expected} == expected
        assert record.version == version
        assert lap.ws.pending_count() == 0
        assert lap.ws.attention.items() == []


def test_a_save_while_the_push_is_on_the_wire_keeps_the_other_laptops_fields(laptop, server):
    a, b, hh, holder = _two_laptops_on_one_household(laptop)
    a.ws.households.save({"head_name": "Nguyễn Văn Ân"}, hh)
    # The server merges the push (its base is stale); before its answer is settled, the agent
    # saves the household again: that newer op must go out on the server's merged body.
    holder["port"].on_settle = lambda: a.ws.households.save({"village": "Ấp Một"}, hh)
    report = a.sync.sync()
    assert report.ok, report.error
    assert report.pushed[MERGED] == 1
    assert report.pushed[APPLIED] == 1  # the newer op, rebased on the merged body
    _both_changes_everywhere(server, a, b, hh)


def test_a_save_after_a_lost_answer_keeps_the_other_laptops_fields(laptop, server, proxy_to):
    proxy = proxy_to(server.url)
    a, b, hh, holder = _two_laptops_on_one_household(laptop, url=proxy.url)
    a.ws.households.save({"head_name": "Nguyễn Văn Ân"}, hh)
    # The server merges and commits, the answer never arrives; while the laptop waits to
    # retry, the agent saves again. The resend comes back duplicate with the merged body.
    proxy.script.append("drop_response")
    holder["port"].on_release = lambda: a.ws.households.save({"village": "Ấp Một"}, hh)
    report = a.sync.sync()
    assert report.ok, report.error
    assert "drop_response" in proxy.modes_used
    assert report.pushed[DUPLICATE] == 1
    assert report.pushed[APPLIED] == 1
    _both_changes_everywhere(server, a, b, hh)


def test_a_dismissed_change_leaves_the_server_deletion_on_the_laptop(laptop, server):
    a, b = laptop("mai"), laptop("lan")
    hh = _household(a)
    a.sync.sync()
    b.sync.sync()
    # The other laptop deletes the household; this one edits it meanwhile.
    with b.store.transaction():
        b.store.records.put("household", hh, b.store.records.get(hh).body, deleted=True)
    assert b.sync.sync().pushed[APPLIED] == 1
    a.ws.households.save({"address": "Ấp Kênh Xáng"}, hh)
    report = a.sync.sync()
    assert report.pushed[REJECTED] == 1
    [item] = a.ws.attention.items()
    assert item.code == "deleted"
    assert not a.store.records.get(hh).deleted  # the agent's edit is still shown
    a.ws.attention.dismiss(item.op_id)
    assert a.store.records.find(hh).deleted
    assert a.ws.households.search("nguyen van anh") == []
    again = a.sync.sync()
    assert again.ok
    assert again.count_mismatch is None
    assert a.store.records.find(hh).deleted


def test_a_dismissed_conflict_takes_the_servers_latest_state(laptop, server):
    a, b = laptop("mai"), laptop("lan")
    hh = _household(a)
    a.sync.sync()
    b.sync.sync()
    b.ws.households.save({"address": "Ấp Xẻo Đước"}, hh)
    b.sync.sync()
    a.ws.households.save({"address": "Ấp Kênh Xáng"}, hh)
    assert a.sync.sync().pushed[CONFLICT] == 1
    # The server moves on while the conflict waits: a later pull cannot overwrite the record.
    b.ws.households.save({"village": "Ấp Một"}, hh)
    b.sync.sync()
    a.sync.sync()
    [item] = a.ws.attention.items()
    a.ws.attention.dismiss(item.op_id)
    version = _on_server(server, a, hh)[0]
    record = a.store.records.get(hh)
    assert record.version == version
    assert (record.body["address"], record.body.get("village")) == ("Ấp Xẻo Đước", "Ấp Một")
    assert a.sync.sync().pushed_total == 0


def test_a_resolved_conflict_is_rebased_on_the_servers_latest_state(laptop, server):
    a, b = laptop("mai"), laptop("lan")
    hh = _household(a)
    a.sync.sync()
    b.sync.sync()
    b.ws.households.save({"address": "Ấp Xẻo Đước"}, hh)
    b.sync.sync()
    a.ws.households.save({"address": "Ấp Kênh Xáng"}, hh)
    assert a.sync.sync().pushed[CONFLICT] == 1
    b.ws.households.save({"village": "Ấp Một"}, hh)
    b.sync.sync()
    a.sync.sync()
    [item] = a.ws.attention.items()
    a.ws.attention.resolve_conflict(item.op_id, {"address": "mine"})
    # Rebased at once: the laptop shows the other laptop's later change with the resolution.
    record = a.store.records.get(hh)
    assert (record.body["address"], record.body.get("village")) == ("Ấp Kênh Xáng", "Ấp Một")
    assert a.sync.sync().pushed[APPLIED] == 1
    b.sync.sync()
    _, _, body = _on_server(server, a, hh)
    for seen in (body, a.store.records.get(hh).body, b.store.records.get(hh).body):
        assert (seen["address"], seen.get("village")) == ("Ấp Kênh Xáng", "Ấp Một")


def test_a_dismissed_rejection_goes_back_to_the_servers_body(laptop, server):
    a = laptop("mai")
    hh = _household(a)
    a.sync.sync()
    before = a.store.records.get(hh)
    # A change the server refuses (a head name it finds invalid), written past the forms.
    with a.store.transaction():
        a.store.records.put("household", hh, {**before.body, "head_name": ""})
    assert a.sync.sync().pushed[REJECTED] == 1
    [item] = a.ws.attention.items()
    a.ws.attention.dismiss(item.op_id)
    record = a.store.records.get(hh)
    assert record.body == before.body
    assert record.version == before.version == _on_server(server, a, hh)[0]


def test_an_op_the_server_cannot_parse_goes_to_attention_and_the_rest_moves(laptop, server):
    a = laptop("mai")
    ids = [_household(a) for _ in range(3)]
    poison = []
    # NaN is not JSON; an integer past any double is refused by the server's parser too.
    for value in (float("nan"), 10**400):
        record_id = new_id()
        body = {"commune_code": COMMUNE, "address": "Ấp 9", "head_name": "Lý Văn B", "x": value}
        with a.store.transaction():
            a.store.records.put("household", record_id, body)
        poison.append(record_id)
    report = a.sync.sync()
    assert report.ok, report.error
    attention = {item.record_id: item for item in a.ws.attention.items()}
    assert set(attention) == set(poison)
    assert {item.code for item in attention.values()} == {"bad_json"}
    assert report.pushed[APPLIED] == 6  # three households with their heads
    assert a.ws.pending_count() == 0
    for record_id in ids:
        assert _on_server(server, a, record_id)[0] == 1
