"""Campaign targets reach laptops as ``ref.target``: each commune's original figures, the
campaign's start and deadline, the revisions made during the year and the agents' own targets
(resources/reference/targets.json); a commune without its own entry gets the default."""

from __future__ import annotations


def test_targets_carry_deadline_revisions_and_agents(api, wire):
    targets = {
        c["body"]["commune_code"]: c["body"] for c in api.pull_all() if c["kind"] == "ref.target"
    }
    own = targets[wire.COMMUNE]  # 31027 has its own entry
    assert (own["voluntary_new"], own["household_health_new"], own["events"]) == (60, 250, 6)
    assert (own["start"], own["deadline"]) == ("2026-01-01", "2026-12-31")
    assert own["revisions"] == [
        {"from": "2026-07-01", "voluntary_new": 80, "household_health_new": 300,
         "note": "Mid-year review: raised after the May campaign month"}
    ]  # fmt: skip
    assert own["agents"]["BD0001"]["voluntary_new"] == 30
    default = targets[wire.OTHER_COMMUNE]
    assert (default["voluntary_new"], default["deadline"], default["revisions"]) == (
        50, "2026-12-31", [],
    )  # fmt: skip
