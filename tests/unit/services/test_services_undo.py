"""Undoing a member's removal in each state the removal can be in (never synced, synced with
the tombstone unsent, tombstone sent), and the households list's last visit date, kept in step
by local visits and by pulled ones."""

from __future__ import annotations

from datetime import date

import pytest

from agent_app.services import Workspace
from agent_app.storage.syncport import LocalSyncPort
from sync.domain.errors import ValidationFailed
from sync.protocol import Change, OpResult, new_id


def _ops(ws: Workspace, record_id: str) -> list[tuple[int, int, str]]:
    """(deleted, sent, state) of the record's ops, oldest first."""
    return [
        (int(e.deleted), int(e.sent), e.state) for e in ws.store.outbox.entries(record_id=record_id)
    ]


def _sync_all(ws: Workspace) -> None:
    """Settle every pending op as applied, as a server would (version 1)."""
    port = LocalSyncPort(ws.store)
    ops = port.take_batch(1000)
    port.settle([(op, OpResult(op.op_id, "applied", 1)) for op in ops])


def _names(ws: Workspace, household_id: str) -> set[str]:
    return {m.full_name for m in ws.households.get(household_id).members}


def test_undo_before_any_sync_brings_the_same_record_back(ws, family):
    household, members = family
    changed = ws.households.register(household, members[:2])
    household_id, _head, spouse = changed.ids
    ws.households.remove_member(spouse)
    assert _ops(ws, spouse) == []  # created and removed unsent: nothing to tell the server
    restored = ws.households.restore_member(spouse)
    assert restored.ids == (spouse, household_id)
    assert _names(ws, household_id) == {"Nguyễn Văn Ánh", "Lê Thị Hoà"}
    assert _ops(ws, spouse) == [(0, 0, "pending")]  # created again, once
    assert ws.households.search("le thi hoa")[0].id == household_id


def test_undo_of_an_unsent_removal_of_a_synced_member_drops_the_tombstone(ws, family):
    household, members = family
    household_id, _head, spouse = ws.households.register(household, members[:2]).ids
    _sync_all(ws)
    ws.households.remove_member(spouse)
    assert _ops(ws, spouse) == [(1, 0, "pending")]
    ws.households.restore_member(spouse)
    assert _ops(ws, spouse) == []  # the server never hears of the removal
    assert ws.households.member(spouse).version == 1
    assert "Lê Thị Hoà" in _names(ws, household_id)
    assert ws.pending_count() == 0


def test_undo_keeps_an_unsent_edit_the_removal_overwrote(ws, family):
    household, members = family
    _household_id, _head, spouse = ws.households.register(household, members[:2]).ids
    _sync_all(ws)
    ws.households.save_member({"phone": "0987654321"}, spouse)
    ws.households.remove_member(spouse)
    ws.households.restore_member(spouse)
    assert _ops(ws, spouse) == [(0, 0, "pending")]
    [entry] = ws.store.outbox.entries(record_id=spouse)
    assert entry.body["phone"] == "0987654321"
    assert ws.households.member(spouse).phone == "0987654321"


def test_undo_after_the_removal_was_sent_makes_a_new_record(ws, family):
    household, members = family
    household_id, _head, spouse = ws.households.register(household, members[:2]).ids
    _sync_all(ws)
    ws.households.remove_member(spouse)
    _sync_all(ws)  # the tombstone reached the server, which refuses changes to it from now on
    restored = ws.households.restore_member(spouse)
    new_person = restored.ids[0]
    assert new_person != spouse
    assert restored.ids[1] == household_id
    assert ws.households.member(new_person).cccd == members[1]["cccd"]
    assert _names(ws, household_id) == {"Nguyễn Văn Ánh", "Lê Thị Hoà"}
    assert _ops(ws, new_person) == [(0, 0, "pending")]
    assert _ops(ws, spouse) == []


def test_restoring_an_unknown_person_is_a_typed_error(ws):
    with pytest.raises(ValidationFailed) as info:
        ws.households.restore_member(new_id())
    assert info.value.errors[0].code == "not_found"


def test_last_visit_date_follows_local_and_pulled_visits(ws, family):
    household, members = family
    household_id = ws.households.register(household, members[:1]).ids[0]
    assert ws.households.search("")[0].last_visit_on is None
    ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-18", "outcome": "not_home"}
    )
    assert ws.households.search("")[0].last_visit_on == date(2026, 11, 18)
    ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-20", "outcome": "interested"}
    )
    ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-19", "outcome": "not_home"}
    )
    row = ws.households.search("nguyen")[0]
    assert row.last_visit_on == date(2026, 11, 20)  # the newest, not the last typed in
    # A visit another agent logged arrives in a pull.
    pulled = Change(
        seq=1,
        kind="visit",
        record_id=new_id(),
        version=1,
        deleted=False,
        body={"household_id": household_id, "visited_on": "2026-11-21", "outcome": "interested"},
    )
    LocalSyncPort(ws.store).apply_pull_page([pulled], 1)
    assert ws.households.search("")[0].last_visit_on == date(2026, 11, 21)
