"""One path for an enrollment's money on the laptop: the quote the dialogs show, the amount the
enroll use case stores and the fix of a rejected enrollment all come from the same stored facts
(``Workspace.money.enrollment_facts``, i.e. ``sync.domain.enrollment``)."""

from __future__ import annotations

from datetime import date

import pytest

from sync.domain.enrollment import EnrollmentFacts, quote_with_facts
from sync.domain.errors import RuleError
from sync.domain.rules import quote_voluntary

NEAR_POOR = {"income": 2_000_000, "support": "near_poor", "method": "yearly"}
PAID = date(2026, 11, 21)


@pytest.fixture
def family_ids(ws, family):
    household, members = family
    changed = ws.households.register(household, members)
    return changed.ids[0], list(changed.ids[1:])


def _advance(ws, person_id, months):
    body = {
        "person_id": person_id,
        "income": 1_500_000,
        "support": "other",
        "method": "advance",
        "months": months,
        "paid_on": PAID.isoformat(),
    }
    return ws.money.enroll_voluntary(body).ids[0]


def test_the_facts_are_read_from_the_store(ws, family_ids):
    household_id, (head, *_) = family_ids
    assert ws.money.enrollment_facts(head) == EnrollmentFacts(
        date_of_birth=date(1980, 4, 2),
        commune_code="31027",
        province_code="91",
        special_zone=False,
        supported_months_before=0,
    )
    first = _advance(ws, head, 60)
    _advance(ws, head, 50)
    assert ws.money.enrollment_facts(head).supported_months_before == 110
    assert ws.money.enrollment_facts(head, exclude=first).supported_months_before == 50
    assert ws.money.enrollment_facts(household_id=household_id).province_code == "91"
    assert ws.money.enrollment_facts() == EnrollmentFacts()


def test_near_the_cap_the_dialogs_quote_is_what_the_service_stores(ws, family_ids):
    _, (head, *_) = family_ids
    _advance(ws, head, 60)
    _advance(ws, head, 50)  # 110 of the 120 supported months used
    # What the enrollment dialog computes: the rules with the facts it loaded from the store.
    facts = ws.money.enrollment_facts(head)
    live = quote_voluntary(ws.rates, paid_on=PAID, **NEAR_POOR, **facts.voluntary_kwargs())
    # 10 months at 440,000 - 132,000 = 308,000, then 2 at the full 440,000.
    assert live.total == 10 * 308_000 + 2 * 440_000 == 3_960_000
    assert ws.money.quote_voluntary(head, paid_on=PAID, **NEAR_POOR).total == live.total
    body = {"person_id": head, **NEAR_POOR, "paid_on": PAID.isoformat(), "amount": live.total}
    stored = ws.store.records.get(ws.money.enroll_voluntary(body).ids[0]).body
    assert stored["amount"] == 3_960_000
    # The quote without the months used (what the dialog showed before) is refused.
    blind = quote_voluntary(ws.rates, paid_on=PAID, **NEAR_POOR)
    assert blind.total == 3_696_000
    with pytest.raises(RuleError) as info:
        ws.money.enroll_voluntary({**body, "amount": blind.total})
    assert info.value.code == "amount_mismatch"


def test_a_body_cannot_bring_its_own_facts(ws, family_ids):
    _, (head, *_) = family_ids
    body = {
        "person_id": head,
        **NEAR_POOR,
        "paid_on": PAID.isoformat(),
        "special_zone": True,
        "supported_months_before": 120,
        "province_code": "79",
    }
    stored = ws.store.records.get(ws.money.enroll_voluntary(body).ids[0]).body
    assert stored["amount"] == 3_696_000
    assert not {"special_zone", "supported_months_before", "province_code"} & set(stored)


def test_a_fixed_enrollment_is_priced_from_the_same_facts_without_counting_itself(ws, family_ids):
    _, (head, *_) = family_ids
    first = _advance(ws, head, 60)
    second = _advance(ws, head, 60)
    body = dict(ws.store.records.get(second).body)
    # Corrected to a yearly payment: 60 months used by the other one, so still supported.
    fixed = ws.money.priced_enrollment({**body, **NEAR_POOR, "months": 12, "amount": 1}, second)
    assert fixed["amount"] == 3_696_000
    # As a new enrollment it would come after both: 120 used, the full 12 x 440,000.
    assert ws.money.priced_enrollment({**fixed, "amount": 1})["amount"] == 5_280_000
    facts = ws.money.enrollment_facts(head, exclude=second)
    assert quote_with_facts(ws.rates, fixed, facts).total == fixed["amount"]
    # Refused by the rules: left as it was, the save reports the field.
    assert ws.money.priced_enrollment({**fixed, "income": 1}, first)["amount"] == fixed["amount"]
