"""A household that moves commune takes its records along; agents who lose sight of records
(household moved away, commune unassigned) pull a removal for each, agents who gain sight pull
them in full, and the pull's ``total`` stays what a laptop holds. Pulled with the real client
(``sync.client.SyncClient``) on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from sync.client import SyncClient
from sync.protocol import new_id
from sync.server.admin import set_communes

A, B = "31027", "31018"  # two communes of An Giang


@dataclass
class Laptop:
    """What a laptop holds after applying pulled pages: removals drop the record."""

    client: SyncClient
    cursor: int = 0
    held: dict[str, tuple[str, int, bool]] = field(default_factory=dict)
    total: int | None = None

    def sync(self, limit: int = 7) -> list:
        """Pull until caught up: the last page has a total (none while changes of the scope
        wait past the pull horizon, behind a transaction still running), and it must match."""
        seen = []
        for _ in range(10_000):
            page = self.client.pull(self.cursor, limit)
            for change in page.changes:
                seen.append(change)
                if change.removed:
                    assert change.deleted
                    self.held.pop(change.record_id, None)
                else:
                    self.held[change.record_id] = (change.kind, change.version, change.deleted)
            assert page.cursor >= self.cursor
            self.cursor, self.total = page.cursor, page.total
            if not page.has_more and self.total is not None:
                assert self.total == len(self.held), "the count check would fail"
                return seen
        raise AssertionError("the pull never caught up")

    def business(self) -> set[str]:
        return {rid for rid, (kind, _, _) in self.held.items() if not kind.startswith("ref.")}


def _agent(agent_token, wire, communes, username):
    session = agent_token(communes=communes, username=username)
    api = wire.Api(session.base_url, session.token, session.agent.code or "")
    return api, Laptop(SyncClient(session.base_url, session.token))


def _family(api, wire, commune: str):
    """A household in ``commune`` with a person, a visit, an enrollment, its receipt and a
    follow-up: (household id, every record id)."""
    hid, pid, vid, eid, rid, fid = (new_id() for _ in range(6))
    results = api.push(
        [
            wire.op("household", wire.household(commune), record_id=hid),
            wire.op("person", wire.person(hid), record_id=pid),
            wire.op(
                "visit",
                {"household_id": hid, "visited_on": "2026-03-01", "outcome": "interested"},
                record_id=vid,
            ),
            wire.op("enrollment", wire.voluntary(pid), record_id=eid),
            wire.op("receipt", wire.receipt(eid, f"{api.code}-20260301-{rid[-8:]}"), record_id=rid),
            wire.op(
                "followup",
                {"person_id": pid, "due_on": "2026-03-09", "reason": "Nhắc đóng", "done": False},
                record_id=fid,
            ),
        ]
    )
    assert [r["status"] for r in results] == ["applied"] * 6, results
    return hid, {hid, pid, vid, eid, rid, fid}


def test_a_moved_household_takes_its_records_to_the_new_communes_agents(agent_token, wire):
    mover, mover_lap = _agent(agent_token, wire, (A, B), "mover")
    _, old_lap = _agent(agent_token, wire, (A,), "oldside")
    new_api, new_lap = _agent(agent_token, wire, (B,), "newside")
    hid, family = _family(mover, wire, A)
    for lap in (mover_lap, old_lap, new_lap):
        lap.sync()
    assert family <= old_lap.business()
    assert not family & new_lap.business()
    pid = next(r for r in family if old_lap.held[r][0] == "person")

    # The move, with a visit written just before it and a person just after, in one batch.
    early_visit, late_person = new_id(), new_id()
    results = mover.push(
        [
            wire.op(
                "visit",
                {"household_id": hid, "visited_on": "2026-03-02", "outcome": "not_home"},
                record_id=early_visit,
            ),
            wire.op("household", wire.household(B), record_id=hid, base_version=1),
            wire.op("person", wire.person(hid, full_name="Lê Văn Tám"), record_id=late_person),
        ]
    )
    assert [r["status"] for r in results] == ["applied"] * 3, results
    family |= {early_visit, late_person}

    removed = {c.record_id for c in old_lap.sync() if c.removed}
    assert removed == family - {late_person}  # the late person never was in A
    assert not family & old_lap.business()
    pulled = {c.record_id: c for c in new_lap.sync()}
    assert family <= set(pulled)
    assert not any(c.removed for c in pulled.values())
    assert pulled[pid].body["full_name"] == "Trần Thị Hoà"  # the whole body, not a stub
    # The mover sees both communes: nothing removed, everything held once.
    assert not any(c.removed for c in mover_lap.sync())
    assert family <= mover_lap.business()

    # The new commune's agent may edit the person; the old commune's may not.
    edit = new_api.push_one(
        wire.op("person", wire.person(hid, phone="0912345678"), record_id=pid, base_version=1)
    )
    assert edit["status"] == "applied", edit
    old_api = wire.Api(old_lap.client.base_url, old_lap.client.token or "")
    refused = old_api.push_one(
        wire.op("person", wire.person(hid, phone="0987654321"), record_id=pid, base_version=2)
    )
    assert refused["error"]["code"] == "forbidden"
    # A laptop of the old side starting afresh never sees the family at all.
    fresh = Laptop(SyncClient(old_lap.client.base_url, old_lap.client.token))
    fresh.sync()
    assert not family & fresh.business()
    # Moving back: the old side gets it all again, the new side drops it.
    back = mover.push_one(wire.op("household", wire.household(A), record_id=hid, base_version=2))
    assert back["status"] == "applied", back
    old_lap.sync()
    new_lap.sync()
    assert family <= old_lap.business()
    assert not family & new_lap.business()


def test_an_unassigned_commune_is_removed_and_an_assigned_one_arrives(agent_token, wire, server_db):
    writer, _ = _agent(agent_token, wire, (A, B), "writer")
    _, lap = _agent(agent_token, wire, (A,), "agent")
    _, in_a = _family(writer, wire, A)
    _, in_b = _family(writer, wire, B)
    lap.sync()
    assert in_a <= lap.business()
    assert not in_b & lap.business()

    set_communes(server_db, username="agent", communes=[B])
    seen = lap.sync()
    assert {c.record_id for c in seen if c.removed} >= in_a
    assert in_b <= lap.business()
    assert not in_a & lap.business()
    # Its targets follow too: only commune B's is held.
    targets = [r for r, (kind, _, _) in lap.held.items() if kind == "ref.target"]
    assert len(targets) == 1

    set_communes(server_db, username="agent", communes=[A, B])
    lap.sync()
    assert in_a | in_b <= lap.business()


def test_a_person_who_moves_household_takes_their_own_records_along(agent_token, wire):
    mover, _ = _agent(agent_token, wire, (A, B), "mover")
    _, old_lap = _agent(agent_token, wire, (A,), "oldside")
    _, new_lap = _agent(agent_token, wire, (B,), "newside")
    _, family = _family(mover, wire, A)
    new_hid = new_id()
    assert (
        mover.push_one(wire.op("household", wire.household(B), record_id=new_hid))["status"]
        == "applied"
    )
    old_lap.sync()
    new_lap.sync()
    kinds = {rid: old_lap.held[rid][0] for rid in family}
    pid = next(rid for rid, kind in kinds.items() if kind == "person")
    theirs = {rid for rid, kind in kinds.items() if kind in ("person", "enrollment", "receipt")}
    theirs |= {rid for rid, kind in kinds.items() if kind == "followup"}  # names only them
    stays = family - theirs  # the household and its visit

    moved = mover.push_one(wire.op("person", wire.person(new_hid), record_id=pid, base_version=1))
    assert moved["status"] == "applied", moved
    assert {c.record_id for c in old_lap.sync() if c.removed} == theirs
    assert stays <= old_lap.business()
    assert not theirs & old_lap.business()
    new_lap.sync()
    assert theirs <= new_lap.business()
    assert not stays & new_lap.business()
