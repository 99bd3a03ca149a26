"""Enrollments, receipts, Today, the day report, targets and the attention list: amounts come
from the rules (DOMAIN.md's worked examples hold to the đồng)."""

from __future__ import annotations

from datetime import date

import pytest

from agent_app.storage.syncport import LocalSyncPort
from sync.domain.errors import RuleError, ValidationFailed
from sync.protocol import Change, OpError, OpResult


@pytest.fixture
def family_ids(ws, family):
    household, members = family
    changed = ws.households.register(household, members)
    return changed.ids[0], list(changed.ids[1:])


def test_voluntary_worked_example(ws, family_ids):
    household_id, (head, *_) = family_ids
    quote = ws.money.quote_voluntary(
        head, 2_000_000, "near_poor", "yearly", paid_on=date(2026, 11, 21)
    )
    assert quote.monthly_payable == 308_000
    assert quote.total == 3_696_000
    changed = ws.money.enroll_voluntary(
        {"person_id": head, "income": 2_000_000, "support": "near_poor", "method": "yearly",
         "paid_on": "2026-11-21"}
    )  # fmt: skip
    enrollment = ws.store.records.get(changed.ids[0]).body
    assert enrollment["amount"] == 3_696_000
    assert enrollment["months"] == 12
    assert ws.households.get(household_id).status == "enrolled"
    assert next(m for m in ws.households.get(household_id).members if m.id == head).insurance == (
        "voluntary"
    )


def test_a_wrong_amount_is_refused_and_nothing_stored(ws, family_ids):
    _, (head, *_) = family_ids
    with pytest.raises(RuleError) as info:
        ws.money.enroll_voluntary(
            {"person_id": head, "income": 1_500_000, "support": "other", "method": "monthly",
             "paid_on": "2026-03-01", "amount": 260_000}
        )  # fmt: skip
    assert info.value.code == "amount_mismatch"
    with pytest.raises(RuleError) as below:
        ws.money.enroll_voluntary(
            {"person_id": head, "income": 1_000_000, "support": "other", "method": "monthly"}
        )
    assert below.value.code == "income_below_floor"
    assert ws.store.one("SELECT count(*) FROM record WHERE kind = 'enrollment'")[0] == 0


def test_household_health_worked_example_and_covered_members(ws, family_ids):
    household_id, members = family_ids
    quote = ws.money.quote_household_health(household_id, members, 12, paid_on=date(2025, 11, 1))
    assert quote.monthly_by_member == [105_300, 73_710, 63_180]
    assert quote.total == 2_906_280
    ws.households.save_member({"covered_elsewhere": True}, members[2])
    assert ws.money.quote_household_health(household_id, members, 12).members == 2
    changed = ws.money.enroll_household_health(
        {"household_id": household_id, "member_ids": members, "months": 12,
         "paid_on": "2025-11-01"}
    )  # fmt: skip
    body = ws.store.records.get(changed.ids[0]).body
    assert body["member_ids"] == members[:2]
    assert body["amount"] == (105_300 + 73_710) * 12
    insurance = {m.id: m.insurance for m in ws.households.get(household_id).members}
    assert insurance == {
        members[0]: "household_health",
        members[1]: "household_health",
        members[2]: "covered_elsewhere",
    }
    with pytest.raises(ValidationFailed):
        ws.money.enroll_household_health(
            {"household_id": household_id, "member_ids": ["0" * 8 + "-0000-7000-8000-" + "0" * 12],
             "months": 12}
        )  # fmt: skip


def _enroll(ws, person_id, paid_on="2026-11-21"):
    changed = ws.money.enroll_voluntary(
        {"person_id": person_id, "income": 1_500_000, "support": "other", "method": "monthly",
         "paid_on": paid_on}
    )  # fmt: skip
    return changed.ids[0]


def test_receipt_numbers_count_per_year(ws, family_ids):
    _, members = family_ids
    first = ws.receipts.issue(_enroll(ws, members[0]))
    second = ws.receipts.issue(_enroll(ws, members[1]))
    assert first.number == "BD0001-2026-000001"
    assert second.number == "BD0001-2026-000002"
    assert first.amount == 264_000
    assert first.payer_name == "Nguyễn Văn Ánh"
    assert first.agent_name == "Trần Thị Mai"
    assert ws.receipts.get(first.id) == first
    with pytest.raises(ValidationFailed) as info:
        ws.receipts.issue(first.enrollment_id)
    assert info.value.errors[0].code == "already_receipted"


def test_today_and_day_report(ws, family_ids):
    household_id, members = family_ids
    ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-21", "outcome": "interested",
         "follow_up_on": "2026-11-21"}
    )  # fmt: skip
    assert [f.kind for f in ws.today.summary().followups_due] == ["followup"]
    receipted = _enroll(ws, members[0])
    ws.receipts.issue(receipted)
    unpaid = _enroll(ws, members[1], paid_on="2026-11-21")
    summary = ws.today.summary()
    assert summary.visits == 1
    assert summary.sign_ups == 2
    assert summary.money == 264_000
    assert summary.receipts == 1
    # Enrolling answered the follow-up: it is no longer due.
    assert summary.followups_due == ()
    # Monthly payments made today end within 30 days: both come up for renewal.
    assert len(summary.renewals_due) == 2
    assert summary.pending == ws.pending_count()
    report = ws.today.day_report()
    assert report.cash_total == 264_000
    assert report.enrollments_total == 528_000
    assert report.unreceipted == (unpaid,)
    assert not report.balanced
    ws.receipts.issue(unpaid)
    assert ws.today.day_report().balanced
    assert ws.today.day_report(date(2026, 11, 20)).receipts == ()


def test_events_scripts_and_targets(ws, family_ids):
    _, members = family_ids
    ws.events.record({"commune_code": "31027", "type": "counselling", "held_on": "2026-11-20",
                     "attendees": 40, "leads": 12})  # fmt: skip
    with pytest.raises(ValidationFailed):
        ws.events.record({"commune_code": "01001", "type": "launch", "held_on": "2026-11-20",
                         "attendees": 5})  # fmt: skip
    _enroll(ws, members[0])
    port = LocalSyncPort(ws.store)
    port.apply_pull_page(
        [
            Change(1, "ref.script", "s1", 1, False,
                   {"id": "s1", "group": "farmers", "title": "Kịch bản tư vấn: Nông dân"}),
            Change(2, "ref.target", "t1", 1, False,
                   {"commune_code": "31027", "campaign": "2026", "voluntary_new": 60,
                    "household_health_new": 250, "events": 6}),
        ],
        2,
    )  # fmt: skip
    assert [(e.type, e.attendees) for e in ws.events.all()] == [("counselling", 40)]
    assert [s.title for s in ws.scripts.all()] == ["Kịch bản tư vấn: Nông dân"]
    targets = {(t.level, t.metric): t for t in ws.targets.all()}
    voluntary = targets[("commune", "voluntary_new")]
    assert (voluntary.plan, voluntary.achieved) == (60, 1)
    assert targets[("commune", "events")].achieved == 1
    assert targets[("province", "voluntary_new")].plan == 60


def test_attention_resolve_resend_dismiss(ws, family_ids):
    household_id, members = family_ids
    port = LocalSyncPort(ws.store)
    ops = {op.record_id: op for op in port.take_batch(10)}
    server = {**ws.store.records.get(household_id).body, "address": "Số 99, Ấp Tân Hòa",
              "village": "Ấp Mới"}  # fmt: skip
    port.settle(
        [
            (ops[household_id], OpResult(ops[household_id].op_id, "conflict", 4, server=server)),
            (ops[members[0]], OpResult(ops[members[0]].op_id, "rejected", 0,
                                       error=OpError("invalid", "bad phone", "phone"))),
            (ops[members[1]], OpResult(ops[members[1]].op_id, "conflict", 2,
                                       server={**ops[members[1]].body, "ethnicity": "Khmer"})),
        ]
    )  # fmt: skip
    items = {i.record_id: i for i in ws.attention.items()}
    assert items[household_id].conflicting_fields == ("address", "village")
    assert items[members[0]].field == "phone"
    assert ws.today.summary().attention == 3

    ws.attention.resolve_conflict(items[household_id].op_id, {"address": "server"})
    body = ws.store.records.get(household_id).body
    assert body["address"] == "Số 99, Ấp Tân Hòa"
    assert body["village"] == "Ấp Tân Hòa"  # mine
    [requeued] = [op for op in port.take_batch(10) if op.record_id == household_id]
    assert requeued.base_version == 4

    ws.attention.resend_fixed(
        items[members[0]].op_id, {**items[members[0]].body, "phone": "0987654321"}
    )
    ws.attention.dismiss(items[members[1]].op_id)
    assert ws.store.records.get(members[1]).body["ethnicity"] == "Khmer"
    assert ws.attention.items() == []
    with pytest.raises(ValidationFailed):
        ws.attention.dismiss(items[members[1]].op_id)
