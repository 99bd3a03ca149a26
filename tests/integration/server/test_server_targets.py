"""Campaign targets reach laptops as ``ref.target``: each commune's original figures, the
campaign's start and deadline, the revisions made during the year and the agents' own targets
(resources/reference/targets.json); a commune without its own entry gets the default. An
enrollment that names its outreach event keeps `event_id` through the server."""

from __future__ import annotations

from sync.protocol import new_id


def test_targets_carry_deadline_revisions_and_agents(api, wire):
    targets = {
        c["body"]["commune_code"]: c["body"] for c in api.pull_all() if c["kind"] == "ref.target"
    }
    own = targets[wire.COMMUNE]  # 31027 has its own entry
    assert (own["voluntary_new"], own["household_health_new"], own["events"]) == (60, 250, 6)
    assert (own["start"], own["deadline"]) == ("2026-01-01", "2026-12-31")
    assert own["revisions"] == [
        {"from": "2026-07-01", "voluntary_new": 80, "household_health_new": 300,
         "note": "Sơ kết 6 tháng: nâng chỉ tiêu sau tháng vận động"}
    ]  # fmt: skip
    assert own["agents"]["BD0001"]["voluntary_new"] == 30
    default = targets[wire.OTHER_COMMUNE]
    assert (default["voluntary_new"], default["deadline"], default["revisions"]) == (
        50, "2026-12-31", [],
    )  # fmt: skip


def test_an_enrollment_keeps_the_event_it_came_from(api, wire):
    household_id, person_id, event_id = (new_id() for _ in range(3))
    event = {"commune_code": wire.COMMUNE, "type": "livestream", "held_on": "2026-03-01",
             "attendees": 250, "leads": 9}  # fmt: skip
    results = api.push(
        [
            wire.op("household", wire.household(), record_id=household_id),
            wire.op("person", wire.person(household_id), record_id=person_id),
            wire.op("event", event, record_id=event_id),
            wire.op("enrollment", wire.voluntary(person_id, event_id=event_id)),
        ]
    )
    assert [r["status"] for r in results] == ["applied"] * 4, results
    pulled = {c["kind"]: c["body"] for c in api.pull_all() if c["kind"] in {"event", "enrollment"}}
    assert pulled["event"]["type"] == "livestream"
    assert pulled["enrollment"]["event_id"] == event_id
