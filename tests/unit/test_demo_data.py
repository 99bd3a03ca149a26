"""The demo data: households and a few weeks of work among them that the server would accept
as pushed — every body valid, every amount the rules' amount, parents first, the same for the
same seed."""

from __future__ import annotations

from datetime import date

import pytest

from sync.demo import DEMO_AGENT, demo_activity, demo_households
from sync.domain.records import parse_record
from sync.domain.rules import check_enrollment_amount, load_rates

TODAY = date(2026, 11, 21)


@pytest.fixture(scope="module")
def demo():
    households = demo_households(300, DEMO_AGENT["communes"], today=TODAY)
    return households, demo_activity(households, today=TODAY)


def test_every_record_parses_and_every_amount_is_the_rules_amount(demo):
    households, activity = demo
    rates = load_rates()
    for h in households:
        parse_record("household", h.body, today=TODAY)
        for _, body in h.members:
            parse_record("person", body, today=TODAY)
    for record in activity:
        parse_record(record.kind, record.body, today=TODAY)
        if record.kind == "enrollment":
            check_enrollment_amount(rates, record.body)


def test_parents_come_first_and_every_reference_resolves(demo):
    households, activity = demo
    known = {h.id for h in households} | {pid for h in households for pid, _ in h.members}
    amounts = {}
    for record in activity:
        body = record.body
        for key in ("household_id", "person_id", "enrollment_id"):
            if key in body:
                assert body[key] in known, f"{record.kind} refers to an unknown {key}"
        for member in body.get("member_ids", []):
            assert member in known
        if record.kind == "enrollment":
            amounts[record.id] = body["amount"]
        if record.kind == "receipt":
            assert body["amount"] == amounts[body["enrollment_id"]]
        known.add(record.id)
        assert record.commune_code in DEMO_AGENT["communes"]


def test_there_is_something_for_each_screen(demo):
    _, activity = demo
    kinds = {r.kind for r in activity}
    assert kinds == {"visit", "followup", "enrollment", "receipt", "event"}
    due = [r for r in activity if r.kind == "followup" and r.body["due_on"] <= TODAY.isoformat()]
    assert due, "no follow-up is due for Today"
    numbers = [r.body["number"] for r in activity if r.kind == "receipt"]
    assert len(numbers) == len(set(numbers))
    assert all(n.startswith(DEMO_AGENT["code"] + "-") for n in numbers)
    dates = [v for r in activity for k, v in r.body.items() if k in ("visited_on", "paid_on")]
    assert max(dates) <= TODAY.isoformat()


def test_the_same_seed_gives_the_same_records(demo):
    households, activity = demo
    again = demo_activity(households, today=TODAY)
    assert [(r.id, r.body) for r in again] == [(r.id, r.body) for r in activity]
    other = demo_activity(households, today=TODAY, seed=1)
    assert [r.id for r in other] != [r.id for r in activity]
