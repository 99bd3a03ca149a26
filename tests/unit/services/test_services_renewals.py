"""The renewal and follow-up call list, checked against hand-worked cases: who is on it (paid
period ending within 30 days or ended up to 90 days ago), the next period, what the next
payment costs at today's rates, and the call outcomes stored as follow-ups."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest

from agent_app.services import Workspace
from agent_app.storage import Store
from sync.domain.errors import ValidationFailed
from sync.domain.rates import Rates, load_rates
from tests.unit.services.conftest import CHILD, HEAD, HOUSEHOLD, SPOUSE


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2025, 12, 15))


@pytest.fixture
def cws(ws_store: Store, clock: Clock) -> Workspace:
    return Workspace(ws_store, today=clock, now=lambda: datetime(2026, 1, 1, 3, tzinfo=UTC))


def _household(ws: Workspace) -> tuple[str, list[str]]:
    ids = ws.households.register(HOUSEHOLD, [HEAD, SPOUSE, CHILD]).ids
    return ids[0], list(ids[1:4])


def _voluntary(ws: Workspace, person_id: str, cover_from: str, **extra: object) -> str:
    body = {"person_id": person_id, "income": 2_000_000, "support": "near_poor",
            "method": "yearly", "cover_from": cover_from, **extra}  # fmt: skip
    return str(ws.money.enroll_voluntary(body).primary)


def test_a_voluntary_period_ending_within_30_days_is_due_at_todays_rates(cws, clock):
    _, (head, _, _) = _household(cws)
    # Paid 15/12/2025 for December 2025 to November 2026.
    enrollment = _voluntary(cws, head, "2025-12")
    clock.day = date(2026, 11, 21)
    [item] = cws.renewals.call_list()
    assert (item.kind, item.id, item.person_id, item.name) == (
        "renewal",
        enrollment,
        head,
        "Nguyễn Văn Ánh",
    )
    assert item.phone == "0912345678"
    assert (item.paid_until, item.due_on, item.overdue_days) == (
        date(2026, 11, 30),
        date(2026, 12, 1),
        0,
    )
    # DOMAIN.md: near-poor, TN 2,000,000, 12 months, paid 21/11/2026 -> 3,696,000.
    assert (item.amount, item.months) == (3_696_000, 12)
    assert (item.next_from, item.next_to) == (date(2026, 12, 1), date(2027, 11, 30))
    assert item.prefill == {
        "scheme": "voluntary",
        "person_id": head,
        "income": 2_000_000,
        "support": "near_poor",
        "method": "yearly",
        "cover_from": "2026-12",
    }


def test_the_window_is_30_days_ahead_and_90_back(cws, clock):
    _, (head, _, _) = _household(cws)
    _voluntary(cws, head, "2025-12")  # ends 30/11/2026
    clock.day = date(2026, 10, 30)
    assert cws.renewals.call_list() == []  # its end is 31 days ahead: not yet
    clock.day = date(2026, 10, 31)
    assert [i.paid_until for i in cws.renewals.call_list()] == [date(2026, 11, 30)]
    clock.day = date(2027, 2, 28)  # 90 days after 30/11/2026
    [item] = cws.renewals.call_list()
    assert (item.overdue_days, item.ended) == (89, True)
    clock.day = date(2027, 3, 1)
    assert cws.renewals.call_list() == []


def test_a_renewal_already_paid_takes_the_person_off_the_list(cws, clock):
    _, (head, _, _) = _household(cws)
    _voluntary(cws, head, "2025-12")
    clock.day = date(2026, 11, 21)
    assert len(cws.renewals.call_list()) == 1
    _voluntary(cws, head, "2026-12")
    assert cws.renewals.call_list() == []


def test_a_lapsed_household_card_restarts_this_month_at_todays_base_salary(cws, clock):
    household_id, members = _household(cws)
    clock.day = date(2025, 8, 20)
    cws.money.enroll_household_health(
        {"household_id": household_id, "member_ids": members, "months": 12,
         "cover_from": "2025-09"}
    )  # fmt: skip
    clock.day = date(2026, 11, 21)  # the card ended 31/08/2026, 82 days ago
    [item] = cws.renewals.call_list()
    assert (item.scheme, item.household_id, item.paid_until) == (
        "household_health",
        household_id,
        date(2026, 8, 31),
    )
    assert item.overdue_days == 81
    assert (item.next_from, item.next_to) == (date(2026, 11, 1), date(2027, 10, 31))
    # Base salary 2,530,000 from 1/7/2026: 113,850 + 79,695 + 68,310 = 261,855 a month.
    assert item.amount == 261_855 * 12
    assert item.prefill["member_ids"] == members
    assert item.prefill["cover_from"] == "2026-11"


def test_household_renewal_at_the_2024_base_salary_is_2906280(cws, clock):
    household_id, members = _household(cws)
    clock.day = date(2025, 6, 20)
    cws.money.enroll_household_health(
        {"household_id": household_id, "member_ids": members, "months": 12,
         "cover_from": "2025-07"}
    )  # fmt: skip
    clock.day = date(2026, 6, 10)
    [item] = cws.renewals.call_list()
    assert item.paid_until == date(2026, 6, 30)
    assert item.amount == 2_906_280  # 105,300 + 73,710 + 63,180, 12 months


def test_amounts_follow_the_rates_the_workspace_has(ws_store, clock):
    ws = Workspace(ws_store, today=clock, now=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    _, (head, _, _) = _household(ws)
    _voluntary(ws, head, "2025-12")
    data = copy.deepcopy(load_rates().to_dict())
    for entry in data["tables"]["voluntary"]:
        if entry["valid_from"] == "2025-07-01":
            entry["support_pct"]["near_poor"] = 50
    changed = Workspace(
        ws_store,
        rates=Rates.from_dict(data),
        today=lambda: date(2026, 11, 21),
        now=lambda: datetime(2026, 11, 21, tzinfo=UTC),
    )
    # 440,000 - 50 % of 330,000 = 275,000 a month.
    assert [i.amount for i in changed.renewals.call_list()] == [275_000 * 12]


def test_income_below_a_new_floor_is_reported_not_priced(cws, clock):
    _, (head, _, _) = _household(cws)
    _voluntary(cws, head, "2026-01", income=1_500_000)  # 01/2026 to 12/2026
    clock.day = date(2027, 1, 10)  # the floor becomes 2,200,000 on 1/1/2027
    [item] = cws.renewals.call_list()
    assert item.amount is None
    assert item.problem is not None
    assert item.problem.code == "income_below_floor"


def test_followups_due_or_overdue_are_listed_and_overdue_ones_say_so(cws, clock):
    household_id, _ = _household(cws)
    clock.day = date(2026, 11, 10)
    cws.households.log_visit({"household_id": household_id, "visited_on": "2026-11-10",
                   "outcome": "interested", "follow_up_on": "2026-11-18"})  # fmt: skip
    # Another household's visit: a visit to the same one would answer the first follow-up.
    other = cws.households.register({**HOUSEHOLD, "head_name": "Trần Văn Bình"}, []).primary
    cws.households.log_visit({"household_id": other, "visited_on": "2026-11-10",
                   "outcome": "interested", "follow_up_on": "2026-11-25"})  # fmt: skip
    clock.day = date(2026, 11, 21)
    [item] = cws.renewals.call_list()
    assert (item.kind, item.due_on, item.overdue_days, item.overdue) == (
        "followup",
        date(2026, 11, 18),
        3,
        True,
    )
    assert item.phone == "0912345678"


def test_a_promise_is_stored_and_comes_back_as_a_followup(cws, clock):
    _, (head, _, _) = _household(cws)
    enrollment = _voluntary(cws, head, "2025-12")
    clock.day = date(2026, 11, 21)
    changed = cws.renewals.record_call("renewal", enrollment, "promised", "  Sẽ đóng sau   vụ lúa ")
    [item] = cws.renewals.call_list()
    assert item.last_call is not None
    assert (item.last_call.outcome, item.last_call.note, item.last_call.next_on) == (
        "promised",
        "Sẽ đóng sau vụ lúa",
        date(2026, 11, 28),
    )
    call = cws.records.get(str(changed.primary), "followup").body
    assert call["done"] is False
    assert call["reason"] == "Gia hạn BHXH tự nguyện: đã hứa đóng — Sẽ đóng sau vụ lúa"
    assert (call["call_for"], call["person_id"], call["scheme"]) == (enrollment, head, "voluntary")
    # The promised day: the follow-up is on the list beside the renewal.
    clock.day = date(2026, 11, 28)
    kinds = sorted(i.kind for i in cws.renewals.call_list())
    assert kinds == ["followup", "renewal"]
    # The call is in the outbox like any record, so it reaches the server.
    assert cws.store.outbox.has_ops(str(changed.primary))


def test_calling_about_a_followup_closes_it(cws, clock):
    household_id, _ = _household(cws)
    clock.day = date(2026, 11, 10)
    cws.households.log_visit({"household_id": household_id, "visited_on": "2026-11-10",
                   "outcome": "interested", "follow_up_on": "2026-11-18"})  # fmt: skip
    clock.day = date(2026, 11, 21)
    [item] = cws.renewals.call_list()
    changed = cws.renewals.record_call("followup", item.id, "contacted", "Đã gọi, chưa quyết")
    assert cws.renewals.call_list() == []
    closed = cws.records.get(item.id, "followup").body
    assert (closed["done"], closed["closed_by"]) == (True, changed.primary)


def test_lapsed_and_renewed_are_done_and_unknown_outcomes_refused(cws, clock):
    _, (head, _, _) = _household(cws)
    enrollment = _voluntary(cws, head, "2025-12")
    clock.day = date(2026, 11, 21)
    cws.renewals.record_call("renewal", enrollment, "lapsed", "Chuyển đi nơi khác")
    [item] = cws.renewals.call_list()
    assert item.last_call is not None
    assert (item.last_call.outcome, item.last_call.next_on) == ("lapsed", None)
    with pytest.raises(ValidationFailed) as exc:
        cws.renewals.record_call("renewal", enrollment, "maybe")
    assert exc.value.errors[0].code == "not_in_choices"
