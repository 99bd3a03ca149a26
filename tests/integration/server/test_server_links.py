"""A visit or follow-up names a live person of its own household (and of the agent's communes),
and records are stored in their normal form, the laptop told of it in the result: through real
HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

from sync.domain.records import parse_record
from sync.protocol import new_id


def _family(api, wire, commune: str | None = None):
    hid, pid = new_id(), new_id()
    results = api.push(
        [
            wire.op("household", wire.household(commune or wire.COMMUNE), record_id=hid),
            wire.op("person", wire.person(hid), record_id=pid),
        ]
    )
    assert [r["status"] for r in results] == ["applied", "applied"], results
    return hid, pid


def _rejected(result, code: str, field: str) -> None:
    assert result["status"] == "rejected", result
    assert (result["error"]["code"], result["error"].get("field")) == (code, field), result


def _visit(hid: str, pid: str) -> dict:
    return {
        "household_id": hid,
        "person_id": pid,
        "visited_on": "2026-03-01",
        "outcome": "interested",
    }


def _followup(pid: str, hid: str | None = None) -> dict:
    body = {"person_id": pid, "due_on": "2026-03-05", "reason": "Gọi lại", "done": False}
    return {**body, "household_id": hid} if hid else body


def test_a_visit_or_followup_names_a_person_of_its_own_household(api, wire, agent_token):
    hid, pid = _family(api, wire)
    other_hid, neighbour = _family(api, wire)
    stranger_api = wire.Api(*agent_token(communes=(wire.FOREIGN_COMMUNE,))[:2])
    _, stranger = _family(stranger_api, wire, wire.FOREIGN_COMMUNE)
    assert api.push_one(wire.op("visit", _visit(hid, pid)))["status"] == "applied"
    _rejected(api.push_one(wire.op("visit", _visit(hid, neighbour))), "invalid", "person_id")
    _rejected(api.push_one(wire.op("visit", _visit(hid, stranger))), "forbidden", "person_id")
    _rejected(api.push_one(wire.op("visit", _visit(hid, new_id()))), "missing_parent", "person_id")
    _rejected(api.push_one(wire.op("visit", _visit(hid, other_hid))), "missing_parent", "person_id")
    assert api.push_one(wire.op("followup", _followup(pid, hid)))["status"] == "applied"
    assert api.push_one(wire.op("followup", _followup(neighbour)))["status"] == "applied"
    _rejected(api.push_one(wire.op("followup", _followup(neighbour, hid))), "invalid", "person_id")
    _rejected(api.push_one(wire.op("followup", _followup(stranger))), "forbidden", "person_id")
    _rejected(api.push_one(wire.op("followup", _followup(stranger, hid))), "forbidden", "person_id")
    gone = api.push_one(wire.op("person", {}, record_id=neighbour, base_version=1, deleted=True))
    assert gone["status"] == "applied"
    _rejected(api.push_one(wire.op("visit", _visit(other_hid, neighbour))), "deleted", "person_id")
    _rejected(api.push_one(wire.op("followup", _followup(neighbour))), "deleted", "person_id")


def test_records_are_stored_in_their_normal_form(api, wire):
    hid = new_id()
    raw_household = wire.household(head_name="  nguyễn   văn  ánh ", phone="091 234 5678")
    raw_person = wire.person(hid, full_name="TRẦN\tthị  hoà", phone="+84 912-345-678", cccd="")
    results = api.push(
        [
            wire.op("household", raw_household, record_id=hid),
            wire.op("person", raw_person),
        ]
    )
    expected = [
        parse_record("household", raw_household).to_body(),
        parse_record("person", raw_person).to_body(),
    ]
    assert expected[0] != raw_household
    assert expected[1] != raw_person
    for result, body in zip(results, expected, strict=True):
        assert result["status"] == "applied", result
        assert result["server"] == body  # the laptop learns the stored form at once
    pulled = {c["record_id"]: c["body"] for c in api.pull_all()}
    assert pulled[hid] == expected[0]
    assert "cccd" not in expected[1]
    # A body already in its normal form gets no server copy back.
    clean = api.push_one(wire.op("household", expected[0], record_id=hid, base_version=1))
    assert clean["status"] == "applied"
    assert "server" not in clean
