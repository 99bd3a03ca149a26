"""The sign-up tally (``agent_app.storage.tally``) equals a count over the records after every
kind of write: enrollments through the use cases, receipts issued and voided, edits, removals
and their undo, households that move commune, are removed or leave the agent's scope, pull
pages; and a random walk of all of these checks it after each step. Real encrypted store."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from agent_app.services.progress import progress
from agent_app.storage.campaign import CampaignReads
from agent_app.storage.syncport import LocalSyncPort
from agent_app.storage.tally import SignupTally, TallyRow
from sync.protocol import Change, new_id

NOV_1 = date(2026, 11, 1)
NOV_1_TEXT, NOV_30 = "2026-11-01", "2026-11-30"


def _tally(ws: Any) -> list[TallyRow]:
    tally = SignupTally(ws.store)
    rows = tally.all()
    assert rows == tally.recount()
    return rows


def _as_counts(rows: list[TallyRow]) -> dict[tuple[str, str, str], tuple[int, int]]:
    return {(r.day, r.commune_code, r.scheme): (r.enrollments, r.people) for r in rows}


def _enroll(ws: Any, person_id: str, paid_on: str) -> str:
    return str(
        ws.money.enroll_voluntary(
            {"person_id": person_id, "income": 1_500_000, "support": "other",
             "method": "monthly", "paid_on": paid_on}
        ).primary
    )  # fmt: skip


def test_the_use_cases_keep_the_tally_equal_to_the_records(ws, family):
    household, members = family
    ids = ws.households.register(household, members).ids
    household_id, head, spouse, child = ids
    assert _tally(ws) == []
    first = _enroll(ws, head, "2026-11-03")
    _enroll(ws, spouse, "2026-11-03")
    health = ws.money.enroll_household_health(
        {"household_id": household_id, "member_ids": [head, spouse, child], "months": 12,
         "paid_on": "2026-11-20"}
    ).primary  # fmt: skip
    assert _as_counts(_tally(ws)) == {
        ("2026-11-03", "31027", "voluntary"): (2, 2),
        ("2026-11-20", "31027", "household_health"): (1, 3),
    }
    # A receipt and its void change no sign-up; the tally still equals the count.
    receipt = ws.receipts.issue(first)
    ws.receipts.void(receipt.id, "Ghi sai số tiền")
    assert _as_counts(_tally(ws))[("2026-11-03", "31027", "voluntary")] == (2, 2)
    # An edit of the payment (another day, fewer members) moves its count.
    records = ws.store.records
    body = records.get(str(health), "enrollment").body
    with ws.store.transaction():
        records.put(
            "enrollment",
            str(health),
            {**body, "paid_on": "2026-11-21", "member_ids": [head, spouse]},
        )
    assert _as_counts(_tally(ws)) == {
        ("2026-11-03", "31027", "voluntary"): (2, 2),
        ("2026-11-21", "31027", "household_health"): (1, 2),
    }
    # Removed, then the removal undone before it was sent.
    enrollment = records.get(first, "enrollment")
    with ws.store.transaction():
        records.put("enrollment", first, enrollment.body, deleted=True)
    assert _as_counts(_tally(ws))[("2026-11-03", "31027", "voluntary")] == (1, 1)
    with ws.store.transaction():
        assert records.undelete("enrollment", first)
    assert _as_counts(_tally(ws))[("2026-11-03", "31027", "voluntary")] == (2, 2)
    # The household moves to another commune of the agent: its sign-ups go with it.
    ws.households.save({"commune_code": "31018"}, household_id)
    assert _as_counts(_tally(ws)) == {
        ("2026-11-03", "31018", "voluntary"): (2, 2),
        ("2026-11-21", "31018", "household_health"): (1, 2),
    }
    # The progress screen's figures come from the tally.
    reads = CampaignReads(ws.store)
    seen = {(s.commune_code, s.scheme, s.day, s.people) for s in reads.signups(NOV_1_TEXT, NOV_30)}
    assert seen == {
        ("31018", "voluntary", "2026-11-03", 2),
        ("31018", "household_health", "2026-11-21", 2),
    }
    assert reads.signups("2026-11-04", "2026-11-20") == []


def test_a_household_removed_or_out_of_scope_takes_its_sign_ups_away(ws, family):
    household, members = family
    ids = ws.households.register(household, members).ids
    household_id, head = ids[0], ids[1]
    _enroll(ws, head, "2026-11-05")
    # Another laptop's household and its payment, delivered by a pull (no op of ours waits).
    port = LocalSyncPort(ws.store)
    other, person, paid = new_id(), new_id(), new_id()
    port.apply_pull_page(
        [Change(1, "household", other, 1, False,
                {"commune_code": "31027", "address": "Ấp 2", "head_name": "Trần Văn Bảy"}),
         Change(2, "person", person, 1, False, {"household_id": other, "full_name": "Bảy"}),
         Change(3, "enrollment", paid, 1, False,
                {"scheme": "voluntary", "household_id": other, "person_id": person,
                 "paid_on": "2026-11-05", "amount": 330_000})],
        3,
    )  # fmt: skip
    assert _as_counts(_tally(ws)) == {("2026-11-05", "31027", "voluntary"): (2, 2)}
    records = ws.store.records
    with ws.store.transaction():
        records.put("household", household_id, records.get(household_id).body, deleted=True)
    assert _as_counts(_tally(ws)) == {("2026-11-05", "31027", "voluntary"): (1, 1)}
    with ws.store.transaction():
        records.undelete("household", household_id)
    assert _as_counts(_tally(ws)) == {("2026-11-05", "31027", "voluntary"): (2, 2)}
    # The other household leaves the agent's scope: dropped with its payment.
    port.apply_pull_page([Change(4, "household", other, 2, True, {}, removed=True)], 4)
    assert records.find(paid) is None
    assert _as_counts(_tally(ws)) == {("2026-11-05", "31027", "voluntary"): (1, 1)}
    # Dropping a household whose payment has an op waiting keeps the payment's row but not
    # its count (the household's list row goes, by cascade).
    with ws.store.transaction():
        records.drop(household_id)
    assert _tally(ws) == []


def test_a_pull_page_brings_households_and_enrollments_counted_once(ws):
    port = LocalSyncPort(ws.store)
    household, person = new_id(), new_id()
    enrollment = new_id()
    page = [
        Change(1, "household", household, 1, False,
               {"commune_code": "31024", "address": "Ấp 1", "head_name": "Lâm Văn Tư"}),
        Change(2, "person", person, 1, False,
               {"household_id": household, "full_name": "Lâm Văn Tư",
                "date_of_birth": "1970-01-01", "sex": "male", "relationship": "head"}),
        Change(3, "enrollment", enrollment, 1, False,
               {"scheme": "household_health", "household_id": household,
                "member_ids": [person], "months": 12, "paid_on": "2026-11-02",
                "amount": 1_366_200}),
    ]  # fmt: skip
    port.apply_pull_page(page, 3)
    assert _as_counts(_tally(ws)) == {("2026-11-02", "31024", "household_health"): (1, 1)}
    # The same page again (a resent page) counts nothing twice; a new version moves it.
    port.apply_pull_page(page, 3)
    assert _as_counts(_tally(ws)) == {("2026-11-02", "31024", "household_health"): (1, 1)}
    moved = Change(4, "enrollment", enrollment, 2, False, {**page[2].body, "paid_on": "2026-11-04"})
    port.apply_pull_page([moved], 4)
    assert _as_counts(_tally(ws)) == {("2026-11-04", "31024", "household_health"): (1, 1)}
    port.apply_pull_page([Change(5, "enrollment", enrollment, 3, True, {})], 5)
    assert _tally(ws) == []


def test_progress_reads_the_same_figures_as_a_count_over_the_records(ws, family):
    household, members = family
    ids = ws.households.register(household, members).ids
    _enroll(ws, ids[1], "2026-11-03")
    LocalSyncPort(ws.store).apply_pull_page(
        [Change(1, "ref.target", "t-31027", 1, False,
                {"commune_code": "31027", "campaign": "2026", "start": "2026-11-01",
                 "deadline": "2026-11-30", "voluntary_new": 4})],
        1,
    )  # fmt: skip
    row = {r.id: r for r in progress(ws, on=date(2026, 11, 21)).rows}["commune:31027:voluntary_new"]
    assert (row.achieved, row.daily) == (1, {date(2026, 11, 3): 1})


def test_a_random_walk_of_writes_keeps_the_tally_equal_to_the_count(ws):
    """Every write the store makes, in a random order, the tally checked after each."""
    rng = random.Random(20261121)
    records, store = ws.store.records, ws.store
    port = LocalSyncPort(store)
    communes = ("31027", "31018", "31024")
    households: list[str] = []
    people: dict[str, list[str]] = {}
    enrollments: list[str] = []
    seq = 0

    def body_for(household_id: str) -> dict[str, Any]:
        day = (NOV_1 + timedelta(days=rng.randrange(5))).isoformat()
        members = people[household_id]
        if rng.random() < 0.5:
            person = rng.choice(members)
            return {"scheme": "voluntary", "household_id": household_id,
                    "person_id": person, "paid_on": day, "amount": 330_000}  # fmt: skip
        chosen = members[: rng.randint(1, len(members))]
        return {"scheme": "household_health", "household_id": household_id,
                "member_ids": chosen, "paid_on": day, "amount": 1_000_000}  # fmt: skip

    for step in range(400):
        action = rng.choice(
            ["household", "household", "enroll", "enroll", "enroll", "edit", "delete",
             "undelete", "move", "remove_household", "drop", "pull", "pull_delete", "leave"]
        )  # fmt: skip
        if action == "household" or not households:
            hid = new_id()
            members = [new_id() for _ in range(rng.randint(1, 3))]
            with store.transaction():
                records.put("household", hid, {"commune_code": rng.choice(communes),
                            "address": "Ấp", "head_name": f"Hộ {step}"})  # fmt: skip
                for pid in members:
                    records.put("person", pid, {"household_id": hid, "full_name": "Người"})
            households.append(hid)
            people[hid] = members
        elif action == "enroll":
            eid = new_id()
            with store.transaction():
                records.put("enrollment", eid, body_for(rng.choice(households)))
            enrollments.append(eid)
        elif action in ("edit", "delete", "undelete") and enrollments:
            eid = rng.choice(enrollments)
            found = records.find(eid)
            if found is None:
                continue
            with store.transaction():
                if action == "edit":
                    hid = rng.choice(households)
                    records.put("enrollment", eid, body_for(hid) if hid in people else found.body)
                elif action == "delete":
                    records.put("enrollment", eid, found.body, deleted=True)
                else:
                    records.undelete("enrollment", eid)
        elif action == "move":
            hid = rng.choice(households)
            found = records.find(hid)
            if found is not None and not found.deleted:
                with store.transaction():
                    records.put("household", hid,
                                {**found.body, "commune_code": rng.choice(communes)})  # fmt: skip
        elif action == "remove_household":
            hid = rng.choice(households)
            found = records.find(hid)
            if found is not None:
                with store.transaction():
                    records.put("household", hid, found.body, deleted=not found.deleted)
        elif action == "drop":
            victim = rng.choice(households + enrollments)
            with store.transaction():
                records.drop(victim)
        elif action in ("pull", "pull_delete", "leave") and enrollments:
            eid = rng.choice(enrollments)
            hid = rng.choice(households)
            seq += 1
            if action == "pull" and hid in people:
                change = Change(seq, "enrollment", eid, 10 + seq, False, body_for(hid))
            elif action == "pull_delete":
                change = Change(seq, "enrollment", eid, 10 + seq, True, {})
            else:
                change = Change(seq, "household", hid, 10 + seq, True, {}, removed=True)
            port.apply_pull_page([change], seq)
        _tally(ws)
    assert sum(r.enrollments for r in SignupTally(store).all()) > 0
