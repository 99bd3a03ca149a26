"""End to end: real encrypted laptop stores (``LocalSyncPort``, ``Workspace``, ``SyncService``)
syncing with the real server on SQLite and PostgreSQL, some of it through a real TCP proxy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from agent_app.services import Workspace
from agent_app.services.sync_service import KEY_DEVICE_ID
from sync.client import AuthError, SyncClient
from sync.domain.rules import load_rates, quote_household
from sync.protocol import APPLIED, CONFLICT, DUPLICATE, MERGED, REJECTED, new_id, utc_now
from sync.server.admin import add_agent, revoke_device, vn_today

COMMUNE = "31027"
OTHER_COMMUNE = "31018"


def _household(ws: Workspace, commune: str = COMMUNE, **extra: Any) -> tuple[str, list[str]]:
    changed = ws.households.register(
        {"commune_code": commune, "address": "Ấp Xẻo Quao", "head_name": "Nguyễn Văn Ánh", **extra},
        [
            {
                "full_name": "Nguyễn Văn Ánh",
                "date_of_birth": "1980-03-04",
                "sex": "male",
                "relationship": "head",
            },
            {
                "full_name": "Lê Thị Hoa",
                "date_of_birth": "1982-07-09",
                "sex": "female",
                "relationship": "spouse",
            },
        ],
    )
    return changed.ids[0], list(changed.ids[1:])


def _enroll_and_receipt(lap: Any, household_id: str, members: list[str], n: int) -> list[str]:
    """A household-health enrollment at the rules' amount and its receipt, as the enrollment
    use case stores them."""
    today = vn_today()
    total = quote_household(load_rates(), members=len(members), months=12, paid_on=today).total
    enrollment_id, receipt_id = new_id(), new_id()
    with lap.store.transaction():
        lap.store.records.put(
            "enrollment",
            enrollment_id,
            {
                "scheme": "household_health",
                "household_id": household_id,
                "member_ids": members,
                "months": 12,
                "paid_on": today.isoformat(),
                "amount": total,
            },
        )
        lap.store.records.put(
            "receipt",
            receipt_id,
            {
                "number": f"{lap.code}-{today:%Y%m%d}-{n:04d}",
                "enrollment_id": enrollment_id,
                "amount": total,
                "issued_on": today.isoformat(),
            },
        )
    return [enrollment_id, receipt_id]


def _full_day(lap: Any, households: int) -> set[str]:
    ids: set[str] = set()
    for n in range(1, households + 1):
        hh, members = _household(lap.ws, address=f"Số {n}")
        visit = lap.ws.households.log_visit(
            {"household_id": hh, "visited_on": vn_today().isoformat(), "outcome": "enrolled"}
        )
        ids |= {hh, *members, *visit.ids, *_enroll_and_receipt(lap, hh, members, n)}
    return ids


def _server_ids(server, token: str) -> list[str]:
    client, cursor, ids = SyncClient(server.url, token), 0, []
    while True:
        page = client.pull(cursor, 2000)
        ids += [c.record_id for c in page.changes if not c.kind.startswith("ref.")]
        cursor = page.cursor
        if not page.has_more:
            return ids


def test_a_full_day_arrives_once_and_a_second_sync_sends_nothing(laptop, server):
    lap = laptop()
    ids = _full_day(lap, 4)
    assert lap.ws.pending_count() == len(ids)
    progress = []
    report = lap.sync.sync(progress.append)
    assert report.ok, report.error
    assert report.pushed[APPLIED] == len(ids)
    assert report.attention == 0
    assert lap.ws.pending_count() == 0
    assert progress[0].phase == "push"
    assert progress[-1].phase == "done"
    # A second laptop of the same agent sees each record exactly once.
    other = laptop()
    other.sync.sync()
    token = other.ws.setting("sync.token")
    pulled = _server_ids(server, token)
    assert sorted(pulled) == sorted(set(pulled))
    assert ids <= set(pulled)
    again = lap.sync.sync()
    assert again.pushed_total == 0
    assert again.pulled == 0


def test_a_response_lost_after_commit_is_settled_as_duplicate(laptop, server, proxy_to):
    proxy = proxy_to(server.url)
    lap = laptop(url=proxy.url)
    ids = _full_day(lap, 2)
    proxy.script.append("drop_response")
    report = lap.sync.sync()
    assert report.ok, report.error
    assert report.pushed[DUPLICATE] == len(ids)
    assert report.pushed[APPLIED] == 0
    assert len(lap.sleeps) == 1
    assert lap.ws.pending_count() == 0
    assert proxy.modes_used[:3] == ["forward", "drop_response", "forward"]  # register, push x2


def test_server_errors_and_timeouts_are_retried(laptop, server, proxy_to):
    proxy = proxy_to(server.url)
    lap = laptop(url=proxy.url, timeout=0.5)
    ids = _full_day(lap, 1)
    proxy.script += ["answer_500", "stall", "answer_500"]
    report = lap.sync.sync()
    assert report.ok, report.error
    assert report.pushed[APPLIED] == len(ids)
    assert len(lap.sleeps) == 3
    assert lap.sleeps == sorted(lap.sleeps)


def test_too_many_failures_leave_everything_queued(laptop, server, proxy_to):
    proxy = proxy_to(server.url)
    lap = laptop(url=proxy.url)
    ids = _full_day(lap, 1)
    proxy.script += ["answer_500"] * 5
    report = lap.sync.sync()
    assert report.offline
    assert lap.ws.pending_count() == len(ids)
    assert lap.outbox("inflight") == []
    assert lap.sync.sync().pushed[APPLIED] == len(ids)


def test_two_laptops_merge_then_conflict_then_resolve(laptop):
    a, b = laptop("mai"), laptop("lan")
    hh, _ = _household(a.ws)
    a.sync.sync()
    b.sync.sync()
    assert b.store.records.find(hh) is not None

    a.ws.households.save({"head_name": "Nguyễn Văn Ân"}, hh)
    b.ws.households.save({"address": "Ấp Tràm Dơi"}, hh)
    assert a.sync.sync().pushed[APPLIED] == 1
    assert b.sync.sync().pushed[MERGED] == 1
    a.sync.sync()
    for lap in (a, b):
        body = lap.store.records.get(hh).body
        assert (body["head_name"], body["address"]) == ("Nguyễn Văn Ân", "Ấp Tràm Dơi")

    a.ws.households.save({"address": "Ấp Xẻo Đước"}, hh)
    b.ws.households.save({"address": "Ấp Kênh Xáng"}, hh)
    a.sync.sync()
    report = b.sync.sync()
    assert report.pushed[CONFLICT] == 1
    assert report.attention == 1
    items = b.ws.attention.items()
    assert len(items) == 1
    item = items[0]
    assert item.status == CONFLICT
    assert item.record_id == hh
    assert item.body["address"] == "Ấp Kênh Xáng"
    assert item.server is not None
    assert item.server["address"] == "Ấp Xẻo Đước"
    b.ws.attention.resolve_conflict(item.op_id, {"address": "mine"})
    assert b.sync.sync().pushed[APPLIED] == 1
    a.sync.sync()
    assert a.store.records.get(hh).body["address"] == "Ấp Kênh Xáng"


def test_another_communes_record_is_forbidden_and_the_rest_goes_through(laptop, server):
    lap = laptop(communes=(COMMUNE, OTHER_COMMUNE))
    ids = _full_day(lap, 2)
    foreign, foreign_members = _household(lap.ws, OTHER_COMMUNE)
    # The supervisor moves the other commune to someone else before the laptop syncs.
    add_agent(server.db, username="mai", name="Trần Thị Mai", communes=[COMMUNE])
    report = lap.sync.sync()
    assert report.pushed[APPLIED] == len(ids)
    assert report.pushed[REJECTED] >= 1
    attention = {row[2]: row for row in lap.outbox("attention")}
    assert foreign in attention
    assert attention[foreign][4]["code"] == "forbidden"
    # Its members depend on it: they do not go through either, and nothing is pending.
    assert set(attention) <= {foreign, *foreign_members}
    assert lap.ws.pending_count() == 0


def test_a_tampered_amount_is_rejected(laptop):
    lap = laptop()
    hh, members = _household(lap.ws)
    enrollment_id, _receipt = _enroll_and_receipt(lap, hh, members, 1)
    # A laptop that writes its own amount (the store does not recompute it; the server does).
    body = lap.store.records.get(enrollment_id).body
    with lap.store.transaction():
        lap.store.records.put("enrollment", enrollment_id, {**body, "amount": body["amount"] * 10})
    lap.sync.sync()
    attention = {r[2]: r for r in lap.outbox("attention")}
    assert attention[enrollment_id][4]["code"] == "amount_mismatch"
    assert hh not in attention


def test_a_revoked_device_stops_with_auth_error_and_loses_nothing(laptop, server):
    lap = laptop()
    ids = _full_day(lap, 1)
    assert revoke_device(server.db, lap.ws.setting(KEY_DEVICE_ID))
    with pytest.raises(AuthError):
        lap.sync.sync()
    assert lap.ws.pending_count() == len(ids)
    assert lap.outbox("inflight") == []


def test_a_lost_pull_count_triggers_a_full_repull(laptop):
    lap = laptop()
    lap.sync.sync()
    known = lap.store.one("SELECT count(*) FROM pulled")[0]
    lap.store.execute("DELETE FROM pulled WHERE rowid IN (SELECT rowid FROM pulled LIMIT 3)")
    report = lap.sync.sync()
    assert report.repulled
    assert report.count_mismatch is None
    assert lap.store.one("SELECT count(*) FROM pulled")[0] == known


def test_a_new_commune_brings_its_older_records(laptop, server):
    other = laptop("lan", (OTHER_COMMUNE,))
    theirs, _ = _household(other.ws, OTHER_COMMUNE)
    other.sync.sync()
    lap = laptop("mai")
    lap.sync.sync()
    assert lap.store.records.find(theirs) is None
    # The supervisor gives Mai the other commune too: its records are older than her cursor.
    add_agent(server.db, username="mai", name="Trần Thị Mai", communes=[COMMUNE, OTHER_COMMUNE])
    report = lap.sync.sync()
    # The server sends them as scope entries: no failed count check, no re-pull.
    assert not report.repulled
    assert report.count_mismatch is None
    assert lap.store.records.find(theirs) is not None


def test_a_skewed_laptop_clock_is_warned(laptop):
    lap = laptop(clock=lambda: utc_now() - timedelta(minutes=12))
    report = lap.sync.sync()
    assert report.clock_warning
    assert report.skew_seconds == pytest.approx(12 * 60, abs=30)
