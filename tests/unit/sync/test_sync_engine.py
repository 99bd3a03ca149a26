"""The sync engine over the in-memory port and a scriptable HTTP server: push, settle, retry,
pull, the count check and the clock-skew warning."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
import requests

from sync.client import (
    BACKOFF_JITTER,
    BACKOFF_MAX,
    PHASE_DONE,
    PHASE_PULL,
    PHASE_PUSH,
    AuthError,
    SyncClient,
    SyncEngine,
    SyncProgress,
)
from sync.protocol import APPLIED, CONFLICT, DUPLICATE, REJECTED


class Sleeps(list[float]):
    """The injected ``sleep``: records each backoff delay instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def engine_for(central, sleeps):
    def make(port, *, token=None, **kwargs):
        client = SyncClient(central.base_url, token or central.token, session=requests.Session())
        kwargs.setdefault("rng", random.Random(7))
        return SyncEngine(client, port, sleep=sleeps, **kwargs)

    return make


def test_a_day_is_pushed_once_and_pulled_back(central, port, engine_for, household_body):
    ids = [port.edit("household", household_body(address=f"Số {i}")) for i in range(7)]
    report = engine_for(port).run()
    assert report.ok
    assert report.pushed[APPLIED] == 7
    assert report.pulled == 7
    assert port.pending_count() == 0
    assert {rid: port.records[rid].version for rid in ids} == dict.fromkeys(ids, 1)
    assert sorted(central.records) == sorted(ids)

    again = engine_for(port).run()
    assert again.pushed_total == 0
    assert again.pulled == 0
    assert central.push_count == 1  # the second run took an empty batch and sent nothing


def test_batches_respect_batch_size_and_progress_is_reported(
    central, port, engine_for, household_body
):
    for i in range(12):
        port.edit("household", household_body(address=f"Số {i}"))
    seen: list[SyncProgress] = []
    report = engine_for(port, batch_size=5, pull_limit=4).run(seen.append)
    assert report.pushed[APPLIED] == 12
    assert central.push_count == 3  # 5 + 5 + 2
    push = [(p.done, p.total) for p in seen if p.phase == PHASE_PUSH]
    assert push == [(0, 12), (5, 12), (10, 12), (12, 12)]
    pull = [p.done for p in seen if p.phase == PHASE_PULL]
    assert pull == sorted(pull)
    assert pull[-1] == 12
    assert seen[-1] == SyncProgress(PHASE_DONE, 1, 1)


def test_parents_are_sent_before_children(central, port, engine_for, household_body):
    hh = household_body()
    person_id = port.edit(
        "person",
        {
            "household_id": "x",
            "full_name": "Lê Thị Hoa",
            "date_of_birth": "1990-01-02",
            "sex": "female",
            "relationship": "spouse",
        },
    )
    household_id = port.edit("household", hh)
    engine_for(port).run()
    assert central.records[household_id]["seq"] < central.records[person_id]["seq"]


def test_transient_failures_are_retried_with_growing_backoff(
    central, port, engine_for, household_body, scripted, sleeps
):
    port.edit("household", household_body())
    central.script += [scripted(status=500), scripted(status=503), scripted(status=502)]
    report = engine_for(port).run()
    assert report.ok
    assert report.pushed[APPLIED] == 1
    assert len(sleeps) == 3
    for attempt, delay in enumerate(sleeps):
        base = 2.0**attempt
        assert base <= delay <= base + BACKOFF_JITTER
    assert port.calls[:6] == ["take_batch", "release"] * 3  # released before each wait


def test_retry_after_is_honoured(central, port, engine_for, household_body, scripted, sleeps):
    port.edit("household", household_body())
    central.script.append(scripted(status=429, body={}, headers={"Retry-After": "30"}))
    assert engine_for(port).run().ok
    assert sleeps == [30.0]


def test_backoff_is_capped(central, port, engine_for, household_body, scripted, sleeps):
    port.edit("household", household_body())
    central.script += [scripted(status=500) for _ in range(9)]
    assert engine_for(port, max_attempts=10).run().ok
    assert max(sleeps) <= BACKOFF_MAX + BACKOFF_JITTER
    assert sleeps[-1] >= BACKOFF_MAX


def test_giving_up_reports_offline_and_keeps_every_op(
    central, port, engine_for, household_body, scripted, sleeps
):
    for _ in range(3):
        port.edit("household", household_body())
    central.script += [scripted(status=500) for _ in range(3)]
    report = engine_for(port, max_attempts=3).run()
    assert report.offline
    assert not report.ok
    assert "500" in (report.error or "")
    assert len(sleeps) == 2
    assert report.pending == 3
    assert port.in_flight() == 0
    assert central.records == {}
    # Back online: everything goes through.
    assert engine_for(port).run().pushed[APPLIED] == 3


def test_a_stalled_server_is_retried_then_reported_offline(
    central, port, household_body, scripted, sleeps
):
    port.edit("household", household_body())
    central.script += [scripted(stall=True), scripted(stall=True)]
    client = SyncClient(central.base_url, central.token, timeout=0.2)
    report = SyncEngine(client, port, sleep=sleeps, max_attempts=2).run()
    assert report.offline
    assert port.pending_count() == 1
    assert port.in_flight() == 0


def test_ops_in_flight_after_a_crash_are_resent_as_duplicates(
    central, port, engine_for, household_body
):
    record_id = port.edit("household", household_body())
    ops = port.take_batch(10)
    # The server got them, then the laptop died before settling.
    SyncClient(central.base_url, central.token).push(ops)
    assert port.in_flight() == 1
    report = engine_for(port).run()
    assert report.pushed == {APPLIED: 0, DUPLICATE: 1, "merged": 0, CONFLICT: 0, REJECTED: 0}
    assert port.pending_count() == 0
    assert port.records[record_id].version == 1
    assert len(central.records) == 1


def test_rejected_and_conflict_go_to_attention_and_do_not_block(
    central, port, engine_for, household_body
):
    shared = port.edit("household", household_body())
    engine_for(port).run()
    # Someone else changed the shared household on the server meanwhile.
    central.records[shared]["version"] = 2
    port.edit("household", household_body(head_name="Trần Văn Bình"), record_id=shared)
    port.edit("household", household_body(__reject__=True))
    good = [port.edit("household", household_body(address=f"Số {i}")) for i in range(3)]
    report = engine_for(port).run()
    assert report.pushed[APPLIED] == 3
    assert report.pushed[CONFLICT] == 1
    assert report.pushed[REJECTED] == 1
    assert report.attention == 2
    assert port.pending_count() == 0
    assert {r.status for _, r in port.attention} == {CONFLICT, REJECTED}
    conflict = next(r for _, r in port.attention if r.status == CONFLICT)
    assert conflict.server is not None
    assert conflict.server["head_name"] == "Nguyễn Văn Ánh"
    assert all(g in central.records for g in good)


def test_a_poisoned_op_is_isolated_by_splitting_the_batch(
    central, port, engine_for, household_body
):
    good = [port.edit("household", household_body(address=f"Số {i}")) for i in range(7)]
    bad = port.edit("household", household_body(__poison__=True))
    good += [port.edit("household", household_body(address=f"Nhà {i}")) for i in range(4)]
    report = engine_for(port).run()
    assert report.pushed[APPLIED] == 11
    assert report.pushed[REJECTED] == 1
    assert [op.record_id for op, _ in port.attention] == [bad]
    assert port.attention[0][1].error is not None
    assert port.attention[0][1].error.code == "bad_shape"
    assert sorted(central.records) == sorted(good)


def test_a_revoked_token_raises_auth_error_and_loses_nothing(
    central, port, engine_for, household_body
):
    port.edit("household", household_body())
    with pytest.raises(AuthError):
        engine_for(port, token="revoked").run()
    assert port.pending_count() == 1
    assert port.in_flight() == 0


def test_a_count_mismatch_triggers_one_full_repull(central, port, engine_for, household_body):
    for i in range(4):
        port.edit("household", household_body(address=f"Số {i}"))
    engine_for(port).run()
    # The laptop lost a record it had pulled (say a restored backup): the count check sees it.
    port.pulled_ids.pop()
    report = engine_for(port).run()
    assert report.repulled
    assert report.count_mismatch is None
    assert port.calls.count("reset_pull") == 1
    assert port.known_count() == 4


def test_a_persistent_mismatch_is_reported_not_looped(central, port, engine_for, household_body):
    port.edit("household", household_body())
    central.total_offset = 5
    report = engine_for(port).run()
    assert report.repulled
    assert report.count_mismatch == (6, 1)
    assert port.calls.count("reset_pull") == 1


@pytest.mark.parametrize(
    ("skew_minutes", "warned"), [(0, False), (4, False), (6, True), (-9, True)]
)
def test_clock_skew_is_measured_and_warned(central, port, engine_for, skew_minutes, warned):
    central.skew = timedelta(minutes=skew_minutes)
    report = engine_for(port).run()
    assert report.skew_seconds == pytest.approx(skew_minutes * 60, abs=5)
    assert report.clock_warning is warned


def test_engine_checks_its_settings(central, port):
    client = SyncClient(central.base_url, central.token)
    with pytest.raises(ValueError, match="batch_size"):
        SyncEngine(client, port, batch_size=501)
    with pytest.raises(ValueError, match="max_attempts"):
        SyncEngine(client, port, max_attempts=0)


def test_the_store_finishes_each_pull_also_one_that_failed(
    central, port, engine_for, household_body
):
    """finish_pull after the last page (the laptop builds the search rows a full pull put
    off), and after a pull that failed part way (rows for what was stored)."""
    port.edit("household", household_body())
    assert engine_for(port).run().ok
    assert port.calls.count("finish_pull") == 1

    class Broken(type(port)):  # type: ignore[misc]
        def apply_pull_page(self, changes, cursor):
            raise OSError("disk full")

    broken = Broken()
    with pytest.raises(OSError, match="disk full"):
        engine_for(broken).run()
    assert broken.calls.count("finish_pull") == 1
