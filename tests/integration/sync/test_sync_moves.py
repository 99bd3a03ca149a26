"""A household moving between communes, end to end with real laptops: the old commune's laptop
drops the household and its members' personal data, the new commune's laptop receives them and
may edit them, and every count check still passes (real store, sync engine and server)."""

from __future__ import annotations

from typing import Any

COMMUNE_A = "31027"
COMMUNE_B = "31018"
HEAD = "Huỳnh Văn Nghệ"


def _household(ws: Any) -> tuple[str, list[str]]:
    changed = ws.households.register(
        {"commune_code": COMMUNE_A, "address": "Ấp Cây Gừa", "head_name": HEAD},
        [
            {"full_name": HEAD, "date_of_birth": "1979-02-03", "sex": "male",
             "relationship": "head", "cccd": "089079001234", "phone": "0912345678"},
            {"full_name": "Lý Thị Thu", "date_of_birth": "1981-08-09", "sex": "female",
             "relationship": "spouse"},
        ],
    )  # fmt: skip
    return changed.ids[0], list(changed.ids[1:])


def _holds(lap: Any, record_id: str) -> bool:
    found = lap.store.records.find(record_id)
    return found is not None and not found.deleted


def test_a_moved_household_leaves_the_old_commune_and_reaches_the_new_one(laptop):
    both = laptop("supervisor1", (COMMUNE_A, COMMUNE_B))  # sees both communes: does the move
    only_a = laptop("agenta", (COMMUNE_A,))
    only_b = laptop("agentb", (COMMUNE_B,))
    household_id, members = _household(both.ws)
    assert both.sync.sync().ok
    assert only_a.sync.sync().ok
    assert only_b.sync.sync().ok
    assert all(_holds(only_a, rid) for rid in (household_id, *members))
    assert not any(_holds(only_b, rid) for rid in (household_id, *members))

    both.ws.households.save({"commune_code": COMMUNE_B}, household_id)
    assert both.sync.sync().ok

    report_a = only_a.sync.sync()
    assert report_a.ok, report_a.error
    assert report_a.count_mismatch is None
    # The old commune's laptop no longer holds the members' personal data (CCCD, phone).
    assert not any(_holds(only_a, rid) for rid in (household_id, *members))
    assert only_a.store.records.find(members[0]) is None

    report_b = only_b.sync.sync()
    assert report_b.ok, report_b.error
    assert report_b.count_mismatch is None
    assert all(_holds(only_b, rid) for rid in (household_id, *members))
    assert only_b.store.records.get(members[0]).body["cccd"] == "089079001234"

    # The new commune's agent may now edit the members; the server takes it.
    only_b.ws.households.save_member({"phone": "0987654321"}, members[0])
    report = only_b.sync.sync()
    assert report.ok, report.error
    assert report.attention == 0
    assert report.pushed["applied"] == 1
