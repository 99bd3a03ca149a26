"""A visit or an enrollment closes the follow-ups it answers, in its own transaction, so the
closing (``done: true``) is queued for the server with the record that answered it."""

from __future__ import annotations

import json


def _followup_ops(ws, followup_id):
    return [
        json.loads(body)
        for (body,) in ws.store.all(
            "SELECT body FROM outbox WHERE record_id = ? ORDER BY seq", (followup_id,)
        )
    ]


def _schedule(ws, household_id, due="2026-11-21", visited="2026-11-14", **extra):
    changed = ws.households.log_visit(
        {"household_id": household_id, "visited_on": visited, "outcome": "interested",
         "follow_up_on": due, "notes": "Quay lại sau vụ lúa", **extra}
    )  # fmt: skip
    return changed.ids[-1]


def test_a_visit_closes_the_households_open_followup(ws, family):
    household, members = family
    household_id = ws.households.register(household, members).ids[0]
    followup_id = _schedule(ws, household_id)
    assert [f.id for f in ws.today.summary().followups_due] == [followup_id]

    changed = ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-21", "outcome": "not_home"}
    )
    assert followup_id in changed.ids
    assert "followup" in changed.kinds
    assert ws.today.summary().followups_due == ()
    stored = ws.records.get(followup_id, "followup").body
    assert stored["done"] is True
    assert stored["closed_by"] == changed.primary
    # The closing is an op for the server, not a local flag.
    assert _followup_ops(ws, followup_id)[-1]["done"] is True


def test_a_visit_that_schedules_again_keeps_only_the_new_followup(ws, family):
    household, members = family
    household_id = ws.households.register(household, members).ids[0]
    old = _schedule(ws, household_id)
    new = _schedule(ws, household_id, due="2026-11-28", visited="2026-11-21")
    assert ws.records.get(old, "followup").body["done"] is True
    assert ws.records.get(new, "followup").body["done"] is False


def test_a_followup_about_someone_else_stays_open(ws, family):
    household, members = family
    ids = ws.households.register(household, members).ids
    household_id, head, spouse = ids[0], ids[1], ids[2]
    about_spouse = _schedule(ws, household_id, person_id=spouse)
    ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-21", "outcome": "interested",
         "person_id": head}
    )  # fmt: skip
    assert ws.records.get(about_spouse, "followup").body["done"] is False
    ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-21", "outcome": "interested",
         "person_id": spouse}
    )  # fmt: skip
    assert ws.records.get(about_spouse, "followup").body["done"] is True


def test_a_visit_logged_after_the_fact_does_not_close_a_later_followup(ws, family):
    household, members = family
    household_id = ws.households.register(household, members).ids[0]
    followup_id = _schedule(ws, household_id, due="2026-11-28", visited="2026-11-21")
    ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-10", "outcome": "not_home"}
    )
    assert ws.records.get(followup_id, "followup").body["done"] is False


def test_enrolling_closes_the_followup(ws, family):
    household, members = family
    ids = ws.households.register(household, members).ids
    household_id, head = ids[0], ids[1]
    voluntary_followup = _schedule(ws, household_id)
    changed = ws.money.enroll_voluntary(
        {"person_id": head, "income": 1_500_000, "support": "other", "method": "monthly"}
    )
    assert voluntary_followup in changed.ids
    assert "followup" in changed.kinds
    assert ws.records.get(voluntary_followup, "followup").body["done"] is True
    assert _followup_ops(ws, voluntary_followup)[-1]["closed_by"] == changed.primary

    health_followup = _schedule(ws, household_id, visited="2026-11-21")
    changed = ws.money.enroll_household_health(
        {"household_id": household_id, "member_ids": list(ids[1:]), "months": 12}
    )
    assert health_followup in changed.ids
    assert ws.today.summary().followups_due == ()
