"""Each scheme's covered period: from ``cover_from`` when given, else from the payment; a
renewal paid before the old period ran out extends it, one after a gap starts anew."""

from __future__ import annotations

from datetime import date

from agent_app.services.coverage import cover_period, person_periods, scheme_period


def test_cover_from_sets_the_first_month_and_paid_on_is_the_fallback():
    body = {"scheme": "household_health", "paid_on": "2026-11-21", "months": 12}
    assert cover_period(body) == (date(2026, 11, 21), date(2027, 11, 20))
    assert cover_period({**body, "cover_from": "2026-12"}) == (
        date(2026, 12, 1),
        date(2027, 11, 30),
    )


def test_back_to_back_periods_join_and_a_gap_starts_a_new_one():
    first = (date(2025, 1, 1), date(2025, 12, 31))
    renewal = (date(2026, 1, 1), date(2026, 6, 30))
    assert scheme_period([renewal, first]) == (date(2025, 1, 1), date(2026, 6, 30))
    after_gap = (date(2026, 9, 1), date(2026, 11, 30))
    assert scheme_period([first, renewal, after_gap]) == after_gap


def test_each_scheme_keeps_its_own_period(ws, family):
    household, members = family
    ids = ws.households.register(household, members).ids
    household_id, head = ids[0], ids[1]
    ws.money.enroll_voluntary(
        {"person_id": head, "income": 1_500_000, "support": "other", "method": "advance",
         "months": 60}
    )  # fmt: skip
    ws.money.enroll_household_health(
        {"household_id": household_id, "member_ids": [head], "months": 12}
    )
    row = ws.households.member(head)
    assert row.insurance == "both"
    assert row.voluntary_period == (date(2026, 11, 21), date(2031, 11, 20))
    assert row.health_period == (date(2026, 11, 21), date(2027, 11, 20))
    assert row.paid_until == date(2031, 11, 20)
    assert person_periods(ids[2], []) == {}
