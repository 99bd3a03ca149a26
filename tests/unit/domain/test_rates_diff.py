"""What a new rates file changes, and which of its changes would rewrite the rates stored
enrollments were paid with (sync.domain.rates_diff)."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from sync.domain.rates import Rates, load_rates, rates_from_record
from sync.domain.rates_diff import period_changes, rewrites, sample_quotes

BUNDLED = load_rates()
CATEGORIES = ("poor", "near_poor", "ethnic_minority", "other")
PAID = {date(2026, 3, 1): 4, date(2026, 11, 20): 1}


def _edited(change) -> Rates:  # type: ignore[no-untyped-def]
    body = copy.deepcopy(BUNDLED.to_dict())
    change(body["tables"])
    return rates_from_record(body)


def _new_floor_from(day: str, amount: int):  # type: ignore[no-untyped-def]
    def change(tables) -> None:  # type: ignore[no-untyped-def]
        lines = tables["rural_poverty_line"]
        for entry in lines:
            if entry["valid_from"] == "2022-01-01":
                entry["valid_to"] = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        lines.append({"valid_from": day, "valid_to": "2026-12-31", "status": "in_force",
                      "legal_basis": "thử", "amount": amount})  # fmt: skip

    return change


def test_a_new_period_after_every_payment_rewrites_nothing() -> None:
    new = _edited(_new_floor_from("2026-12-01", 1_800_000))
    assert rewrites(BUNDLED, new, PAID) == []
    kinds = [(c.table, c.change, c.fields) for c in period_changes(BUNDLED, new)]
    assert kinds == [
        ("rural_poverty_line", "changed", ("valid_to",)),
        ("rural_poverty_line", "added", ()),
    ]


def test_a_new_period_over_a_payment_names_the_period_it_rewrites() -> None:
    new = _edited(_new_floor_from("2026-11-01", 1_800_000))
    [found] = rewrites(BUNDLED, new, PAID)
    assert (found.table, found.valid_from, found.enrollments) == (
        "rural_poverty_line", date(2022, 1, 1), 1,
    )  # fmt: skip
    assert (found.first, found.last, found.published) == (
        date(2026, 11, 20), date(2026, 11, 20), True,
    )  # fmt: skip


def test_a_changed_value_counts_every_enrollment_of_its_period() -> None:
    def change(tables) -> None:  # type: ignore[no-untyped-def]
        tables["voluntary"][-1]["support_pct"]["other"] = 25

    [found] = rewrites(BUNDLED, _edited(change), PAID)
    assert (found.table, found.valid_from, found.enrollments) == ("voluntary", date(2025, 7, 1), 5)


def test_confirming_a_status_moves_no_money_and_is_allowed() -> None:
    def change(tables) -> None:  # type: ignore[no-untyped-def]
        tables["advance_discount"][0]["status"] = "in_force"
        tables["advance_discount"][0]["legal_basis"] = "Công bố của BHXH"

    new = _edited(change)
    assert rewrites(BUNDLED, new, PAID) == []
    [changed] = period_changes(BUNDLED, new)
    assert changed.fields == ("status", "legal_basis")


def test_a_backdated_local_support_is_a_rewrite_of_the_new_period() -> None:
    def change(tables) -> None:  # type: ignore[no-untyped-def]
        tables["local_support"].append({"valid_from": "2026-01-01", "valid_to": None,
            "status": "in_force", "legal_basis": "NQ HĐND", "province_code": "91",
            "support_pct": dict.fromkeys(CATEGORIES, 10)})  # fmt: skip

    [found] = rewrites(BUNDLED, _edited(change), PAID)
    assert (found.table, found.province_code, found.published, found.enrollments) == (
        "local_support", "91", False, 5,
    )  # fmt: skip


def test_sample_quotes_hold_the_worked_examples_and_show_the_new_floor() -> None:
    new = _edited(_new_floor_from("2026-12-01", 1_800_000))
    samples = {(s.case, s.on): s for s in sample_quotes(BUNDLED, new, [date(2026, 12, 1)])}
    assert samples[("near_poor_2m_yearly", date(2026, 11, 21))].before == 3_696_000
    assert samples[("near_poor_2m_yearly", date(2024, 11, 21))].after == 4_290_000
    assert samples[("poor_floor_monthly", date(2026, 3, 1))].after == 165_000
    assert samples[("household_3_12", date(2025, 11, 1))].after == 2_906_280
    cheapest = samples[("other_floor_monthly", date(2026, 12, 1))]
    assert (cheapest.before, cheapest.after, cheapest.difference) == (264_000, 316_800, 52_800)
    assert cheapest.changed
