"""Targets with pace, possible duplicates, cash by note and sign-ups per event: the figures
worked by hand (244 over 30 days, day 15 -> 122 expected; 366 / 244 = 150 %)."""

from __future__ import annotations

from datetime import date

import pytest

from agent_app.services.cash import MAX_NOTES, NOTES, count_cash
from agent_app.services.duplicates import mark_not_duplicate, possible_duplicates
from agent_app.services.events_summary import events_summary
from agent_app.services.progress import format_count, pace, percent_of, progress, status_of
from agent_app.storage.syncport import LocalSyncPort
from sync.domain.errors import InvalidValue
from sync.protocol import Change

START, DEADLINE = date(2026, 5, 1), date(2026, 5, 30)  # 30 days


def test_pace_worked_by_hand() -> None:
    day15 = date(2026, 5, 15)
    p = pace(244, 100, START, DEADLINE, day15)
    assert (p.total_days, p.elapsed_days, p.days_left) == (30, 15, 16)
    assert p.expected == 122  # 244 × 15 / 30
    assert p.still_to_do == 144
    assert p.needed_per_day == 9  # ⌈144 / 16⌉
    assert p.percent == 41  # 100 / 244
    assert p.pace_percent == 82  # 100 / 122
    assert p.status == "amber"
    assert pace(244, 122, START, DEADLINE, day15).status == "green"
    assert pace(244, 97, START, DEADLINE, day15).status == "red"  # 97 / 122 < 80 %
    done = pace(244, 366, START, DEADLINE, DEADLINE)
    assert (done.percent, done.expected, done.needed_per_day, done.status) == (150, 244, 0, "green")
    late = pace(244, 200, START, DEADLINE, date(2026, 6, 2))
    assert (late.elapsed_days, late.days_left, late.needed_per_day) == (30, 0, None)
    early = pace(244, 0, START, DEADLINE, date(2026, 4, 20))
    assert (early.elapsed_days, early.expected, early.status) == (0, 0, "green")
    assert early.needed_per_day == 9  # 244 over the 30 days still to come
    assert percent_of(366, 244) == 150
    assert percent_of(1, 0) == 0
    assert status_of(80, 100) == "amber"
    assert status_of(79, 100) == "red"
    assert format_count(12345) == "12.345"


@pytest.fixture
def family_ids(ws, family):
    household, members = family
    changed = ws.households.register(household, members)
    return changed.ids[0], list(changed.ids[1:])


def _voluntary(ws, person_id, paid_on, **extra):
    changed = ws.money.enroll_voluntary(
        {"person_id": person_id, "income": 1_500_000, "support": "other", "method": "monthly",
         "paid_on": paid_on, **extra}
    )  # fmt: skip
    return changed.ids[0]


def _target(ws, body, seq=1):
    LocalSyncPort(ws.store).apply_pull_page(
        [Change(seq, "ref.target", f"t-{body['commune_code']}", 1, False, body)], seq
    )


def test_progress_counts_by_commune_scheme_and_agent_with_revisions(ws, family_ids):
    household_id, members = family_ids
    _voluntary(ws, members[0], "2026-11-03")
    _voluntary(ws, members[1], "2026-11-20")
    ws.money.enroll_household_health(
        {"household_id": household_id, "member_ids": [members[2]], "months": 12,
         "paid_on": "2026-11-20"}
    )  # fmt: skip
    _target(
        ws,
        {"commune_code": "31027", "campaign": "2026", "start": "2026-11-01",
         "deadline": "2026-11-30", "voluntary_new": 4, "household_health_new": 10, "events": 2,
         "revisions": [{"from": "2026-11-15", "voluntary_new": 6}],
         "agents": {"BD0001": {"voluntary_new": 3}, "XX9999": {"voluntary_new": 99}}},
    )  # fmt: skip
    report = progress(ws, on=date(2026, 11, 21))
    rows = {r.id: r for r in report.rows}
    commune = rows["commune:31027:voluntary_new"]
    assert (commune.original, commune.target, commune.achieved) == (4, 6, 2)
    assert commune.daily == {date(2026, 11, 3): 1, date(2026, 11, 20): 1}
    assert commune.pace.expected == 4  # 6 × 21 / 30 = 4.2
    assert commune.pace.needed_per_day == 1  # 4 still to do over 10 days
    assert commune.pace.status == "red"  # 2 of 4 expected
    assert commune.target_on(date(2026, 11, 14)) == 4
    health = rows["commune:31027:household_health_new"]
    assert (health.target, health.achieved) == (10, 1)
    agent = rows["agent:BD0001:voluntary_new"]
    assert (agent.target, agent.achieved, agent.pace.percent) == (3, 2, 67)
    assert "agent:XX9999:voluntary_new" not in rows
    scheme = rows["scheme:voluntary_new:voluntary_new"]
    assert (scheme.original, scheme.target, scheme.achieved) == (4, 6, 2)
    # The cumulative count and the expected line for the chart.
    assert commune.cumulative(date(2026, 11, 21))[-1] == (date(2026, 11, 21), 2)
    line = commune.expected_line()
    assert line[0] == (date(2026, 11, 1), 0)
    assert line[-1] == (date(2026, 11, 30), 6)
    assert [r.level for r in report.rows][:1] == ["agent"]


def test_the_targets_page_uses_the_revised_target(ws, family_ids):
    _target(
        ws,
        {"commune_code": "31027", "campaign": "2026", "voluntary_new": 4, "events": 2,
         "revisions": [{"from": "2026-11-15", "voluntary_new": 6},
                       {"from": "2026-12-01", "voluntary_new": 9}]},
    )  # fmt: skip
    plans = {t.metric: t.plan for t in ws.targets.all() if t.level == "commune"}
    assert plans == {"voluntary_new": 6, "events": 2}  # today is 21/11: the first revision


def test_possible_duplicate_in_a_household_enrollment(ws, family_ids):
    household_id, members = family_ids
    ws.money.enroll_household_health(
        {"household_id": household_id, "member_ids": [members[1]], "months": 12,
         "paid_on": "2026-11-20"}
    )  # fmt: skip
    found = possible_duplicates(ws, "household_health", household_id=household_id)
    assert [(d.cccd, d.for_person_id) for d in found] == [("089183654321", members[1])]


def test_progress_without_targets_is_empty(ws):
    assert progress(ws).rows == ()


def test_possible_duplicate_and_not_a_duplicate_remembered(ws, family_ids):
    _household_id, members = family_ids
    head = members[0]
    assert possible_duplicates(ws, "voluntary", [head]) == []
    earlier = _voluntary(ws, head, "2026-11-16")  # 5 days before today (21/11)
    found = possible_duplicates(ws, "voluntary", [head])
    assert [(d.enrollment_id, d.cccd, d.from_server, d.for_person_id) for d in found] == [
        (earlier, "091080123456", False, head)
    ]
    assert found[0].name == "Nguyễn Văn Ánh"
    assert found[0].paid_on == date(2026, 11, 16)
    # Another scheme, or a person without a CCCD: nothing to say.
    assert possible_duplicates(ws, "household_health", [head]) == []
    assert possible_duplicates(ws, "voluntary", [members[2]]) == []
    # More than 7 days ago is not recent.
    assert possible_duplicates(ws, "voluntary", [head], on=date(2026, 11, 24)) == []
    mark_not_duplicate(ws, [found[0].pair])
    assert possible_duplicates(ws, "voluntary", [head]) == []
    # The mark is stored on the laptop: a new workspace over the same store still knows it.
    assert ws.store.one("SELECT count(*) FROM not_duplicate")[0] == 1


def test_a_duplicate_received_from_the_server(ws, family_ids):
    household_id, members = family_ids
    # Another household, pulled: the same CCCD as our head, enrolled by another agent.
    other_household = "0190b000-0000-7000-8000-000000000001"
    other_person = "0190b000-0000-7000-8000-000000000002"
    enrollment = "0190b000-0000-7000-8000-000000000003"
    LocalSyncPort(ws.store).apply_pull_page(
        [
            Change(1, "household", other_household, 1, False,
                   {"commune_code": "31018", "address": "Ấp 3", "head_name": "Nguyễn Văn Ánh"}),
            Change(2, "person", other_person, 1, False,
                   {"household_id": other_household, "full_name": "Nguyễn Văn Ánh",
                    "date_of_birth": "1980-04-02", "sex": "male", "relationship": "head",
                    "cccd": "091080123456"}),
            Change(3, "enrollment", enrollment, 1, False,
                   {"scheme": "voluntary", "person_id": other_person, "paid_on": "2026-11-19",
                    "amount": 1_584_000, "income": 1_500_000, "support": "other",
                    "method": "monthly", "household_id": other_household, "months": 1}),
        ],
        3,
    )  # fmt: skip
    found = possible_duplicates(ws, "voluntary", [members[0]])
    assert [(d.enrollment_id, d.person_id, d.from_server) for d in found] == [
        (enrollment, other_person, True)
    ]
    assert household_id != other_household


def test_cash_by_note_sums_and_limits():
    count = count_cash({500_000: 3, 200_000: 1, 1_000: 7}, expected=1_710_000)
    assert count.total == 1_707_000
    assert count.difference == -3_000
    assert count.notes == 11
    assert [n for n, _ in count.counts] == list(NOTES)
    assert count_cash({}, expected=0).difference == 0
    assert count_cash({50_000: 2}, expected=90_000).difference == 10_000
    for bad in ({500_000: -1}, {1_000: MAX_NOTES + 1}, {3_000: 1}, {10_000: 1.5}):
        with pytest.raises(InvalidValue):
            count_cash(bad, expected=0)


def test_events_summary_counts_signups_per_event(ws, family_ids):
    household_id, members = family_ids
    event = ws.events.record(
        {"commune_code": "31027", "type": "livestream", "held_on": "2026-11-19",
         "attendees": 300, "leads": 12, "team": "Tổ 2"}
    ).ids[0]  # fmt: skip
    ws.events.record(
        {"commune_code": "31027", "type": "counselling", "held_on": "2026-11-10", "attendees": 40}
    )
    ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-20", "outcome": "interested",
         "event_id": event}
    )  # fmt: skip
    _voluntary(ws, members[0], "2026-11-20", event_id=event)
    ws.money.enroll_household_health(
        {"household_id": household_id, "member_ids": [members[2]], "months": 12,
         "paid_on": "2026-11-20", "event_id": event}
    )  # fmt: skip
    summary = events_summary(ws)
    first = summary.events[0]
    assert (first.id, first.type, first.team, first.visits) == (event, "livestream", "Tổ 2", 1)
    assert (first.enrollments, first.people) == (2, 2)
    by_type = {t.type: t for t in summary.by_type}
    assert (by_type["livestream"].events, by_type["livestream"].attendees) == (1, 300)
    assert by_type["livestream"].enrollments == 2
    assert by_type["counselling"].enrollments == 0
    assert by_type["launch"].events == 0
