"""The sign-up tally of a laptop that receives other laptops' work by sync: after each pull it
equals a count over the records it holds, and the progress screen's figures follow (real
stores, sync engine and server, on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from agent_app.storage.campaign import CampaignReads
from agent_app.storage.tally import SignupTally
from sync.server.admin import vn_today

COMMUNE_A = "31027"
COMMUNE_B = "31018"


def _family(ws: Any, commune: str, head: str) -> tuple[str, list[str]]:
    changed = ws.households.register(
        {"commune_code": commune, "address": "Ấp Cây Gừa", "head_name": head},
        [
            {"full_name": head, "date_of_birth": "1979-02-03", "sex": "male",
             "relationship": "head"},
            {"full_name": "Lý Thị Thu", "date_of_birth": "1981-08-09", "sex": "female",
             "relationship": "spouse"},
        ],
    )  # fmt: skip
    return changed.ids[0], list(changed.ids[1:])


def _counts(lap: Any) -> dict[tuple[str, str], tuple[int, int]]:
    tally = SignupTally(lap.store)
    rows = tally.all()
    assert rows == tally.recount()
    return {(r.commune_code, r.scheme): (r.enrollments, r.people) for r in rows}


def test_pulled_enrollments_edits_voids_and_moves_keep_the_tally_equal_to_the_count(laptop):
    today = vn_today().isoformat()
    both = laptop("supervisor1", (COMMUNE_A, COMMUNE_B))
    only_a = laptop("agenta", (COMMUNE_A,))
    moving, moving_people = _family(both.ws, COMMUNE_A, "Huỳnh Văn Nghệ")
    _staying, staying_people = _family(both.ws, COMMUNE_A, "Phan Văn Út")
    voluntary = both.ws.money.enroll_voluntary(
        {"person_id": staying_people[0], "income": 1_500_000, "support": "other",
         "method": "monthly", "paid_on": today}
    ).primary  # fmt: skip
    both.ws.money.enroll_household_health(
        {"household_id": moving, "member_ids": moving_people, "months": 12, "paid_on": today}
    )  # fmt: skip
    receipt = both.ws.receipts.issue(str(voluntary))
    assert both.sync.sync().ok
    assert _counts(both) == {(COMMUNE_A, "voluntary"): (1, 1),
                             (COMMUNE_A, "household_health"): (1, 2)}  # fmt: skip

    # The other laptop pulls them: counted once, under the household's commune.
    report = only_a.sync.sync()
    assert report.ok, report.error
    assert _counts(only_a) == _counts(both)
    reads = CampaignReads(only_a.store)
    assert sum(s.people for s in reads.signups(today, today)) == 3

    # A voided receipt and a moved household reach it by the next pull.
    both.ws.receipts.void(receipt.id, "Ghi sai số biên lai")
    both.ws.households.save({"commune_code": COMMUNE_B}, moving)
    assert both.sync.sync().ok
    assert _counts(both) == {(COMMUNE_A, "voluntary"): (1, 1),
                             (COMMUNE_B, "household_health"): (1, 2)}  # fmt: skip
    report = only_a.sync.sync()
    assert report.ok, report.error
    assert report.count_mismatch is None
    # The moved household left this laptop with its payment; the other payment still counts.
    assert only_a.store.records.find(moving) is None
    assert _counts(only_a) == {(COMMUNE_A, "voluntary"): (1, 1)}
    assert sum(s.people for s in CampaignReads(only_a.store).signups(today, today)) == 1
