"""Receipts tied to their enrollment, live parents, household members, receipt numbers in one
normal form and reserved forever, and agent codes owned by the server: through real HTTP on
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import requests
from sqlalchemy import func, select

from sync.domain.rates import load_rates
from sync.domain.receipts import InvalidAgentCode
from sync.domain.rules import quote_household
from sync.protocol import new_id
from sync.server.admin import AgentCodeTaken, add_agent
from sync.server.db import receipt_numbers, records

REPORT = "/api/v1/reports/summary"


def _family(api, wire, members: int = 1):
    """A household with ``members`` persons on the server: (household id, person ids)."""
    hid = new_id()
    pids = [new_id() for _ in range(members)]
    ops = [wire.op("household", wire.household(), record_id=hid)]
    ops += [wire.op("person", wire.person(hid), record_id=pid) for pid in pids]
    assert {r["status"] for r in api.push(ops)} == {"applied"}
    return hid, pids


def _enrollment(api, wire, pid: str) -> str:
    eid = new_id()
    result = api.push_one(wire.op("enrollment", wire.voluntary(pid), record_id=eid))
    assert result["status"] == "applied", result
    return eid


def _health(hid: str, members: list[str], **extra) -> dict:
    total = quote_household(load_rates(), len(members) or 1, 12, date(2026, 3, 1)).total
    return {
        "scheme": "household_health",
        "household_id": hid,
        "member_ids": members,
        "months": 12,
        "paid_on": "2026-03-01",
        "amount": total,
        **extra,
    }


def _rejected(result, code: str, field: str) -> None:
    assert result["status"] == "rejected", result
    assert (result["error"]["code"], result["error"].get("field")) == (code, field), result
    assert result["error"]["message"]


def _summary(api) -> dict:
    response = api.session.get(api.base_url + REPORT, timeout=30)
    assert response.status_code == 200, response.text
    return dict(response.json()["totals"])


# -- defect 4: receipts tied to enrollments, live parents, members of the household ----------


def test_an_enrollment_has_one_live_receipt_and_the_summary_counts_it_once(api, wire):
    _, (pid,) = _family(api, wire)
    eid = _enrollment(api, wire, pid)
    first, second = new_id(), new_id()
    results = api.push(
        [
            wire.op("receipt", wire.receipt(eid, f"{api.code}-20260301-0001"), record_id=first),
            wire.op("receipt", wire.receipt(eid, f"{api.code}-20260301-0002"), record_id=second),
        ]
    )
    assert results[0]["status"] == "applied"
    _rejected(results[1], "invalid", "enrollment_id")
    # Sent again later (a second laptop, a resend), still refused.
    _rejected(
        api.push_one(wire.op("receipt", wire.receipt(eid, f"{api.code}-20260301-0003"))),
        "invalid",
        "enrollment_id",
    )
    totals = _summary(api)
    assert (totals["receipts"], totals["receipt_amount"]) == (1, 264_000)
    # Voiding the receipt (its author deletes it) frees the enrollment for a replacement, but
    # never its number.
    void = api.push_one(wire.op("receipt", {}, record_id=first, base_version=1, deleted=True))
    assert void["status"] == "applied"
    assert _summary(api)["receipts"] == 0
    _rejected(
        api.push_one(wire.op("receipt", wire.receipt(eid, f"{api.code}-20260301-0001"))),
        "duplicate_number",
        "number",
    )
    again = api.push_one(wire.op("receipt", wire.receipt(eid, f"{api.code}-20260301-0004")))
    assert again["status"] == "applied"
    assert _summary(api)["receipts"] == 1


def test_a_receipt_of_a_deleted_enrollment_is_refused(api, wire):
    _, (pid,) = _family(api, wire)
    eid = _enrollment(api, wire, pid)
    gone = api.push_one(wire.op("enrollment", {}, record_id=eid, base_version=1, deleted=True))
    assert gone["status"] == "applied"
    _rejected(
        api.push_one(wire.op("receipt", wire.receipt(eid, f"{api.code}-1"))),
        "deleted",
        "enrollment_id",
    )
    assert _summary(api)["receipts"] == 0


def test_children_of_a_deleted_household_are_refused(api, wire):
    hid, (pid,) = _family(api, wire)
    gone = api.push_one(wire.op("household", {}, record_id=hid, base_version=1, deleted=True))
    assert gone["status"] == "applied"
    visit = {"household_id": hid, "visited_on": "2026-03-01", "outcome": "not_home"}
    followup = {"household_id": hid, "due_on": "2026-03-05", "reason": "Gọi lại", "done": False}
    results = api.push(
        [
            wire.op("person", wire.person(hid)),
            wire.op("visit", visit),
            wire.op("enrollment", _health(hid, [pid])),
            wire.op("followup", followup),
        ]
    )
    for result in results:
        _rejected(result, "deleted", "household_id")
    # The person was not deleted, but their household was: nothing new hangs off it.
    _rejected(api.push_one(wire.op("enrollment", wire.voluntary(pid))), "deleted", "person_id")
    # Deleting the leftovers is still allowed (the laptop tidies up).
    tidy = api.push_one(wire.op("person", {}, record_id=pid, base_version=1, deleted=True))
    assert tidy["status"] == "applied"


def test_household_health_members_are_live_persons_of_that_household(api, wire):
    hid, (p1, p2) = _family(api, wire, members=2)
    other_hid, (stranger,) = _family(api, wire)
    gone = api.push_one(wire.op("person", {}, record_id=p2, base_version=1, deleted=True))
    assert gone["status"] == "applied"
    for members in ([p1, new_id()], [p1, stranger], [p1, other_hid], [p1, p2]):
        _rejected(
            api.push_one(wire.op("enrollment", _health(hid, members))), "invalid", "member_ids"
        )
    assert api.push_one(wire.op("enrollment", _health(hid, [p1])))["status"] == "applied"


# -- defect 5: one normal form, reserved forever, never a 500 ----------------------------------


def test_spellings_of_one_number_are_one_number(api, wire, server_db):
    _, (pid,) = _family(api, wire)
    base = f"{api.code}-20260301-0001"
    spellings = [
        base,
        base + " ",
        " " + base,
        base + "\u00a0",
        base + "\t",
        base.lower(),
        base.replace("-", " - "),
        base.replace("0001", "０００１"),  # full-width digits
    ]
    results = []
    for number in spellings:
        eid = _enrollment(api, wire, pid)
        results.append(api.push_one(wire.op("receipt", wire.receipt(eid, number))))
    assert results[0]["status"] == "applied"
    for result in results[1:]:
        _rejected(result, "duplicate_number", "number")
    with server_db.connect() as conn:
        stored = (
            conn.execute(
                select(records.c.body["number"].as_string()).where(records.c.kind == "receipt")
            )
            .scalars()
            .all()
        )
        reserved = conn.execute(select(receipt_numbers.c.number)).scalars().all()
    assert stored == [base]
    assert reserved == [base]


def test_a_deleted_receipt_keeps_its_number(api, wire):
    _, (pid,) = _family(api, wire)
    e1, e2 = _enrollment(api, wire, pid), _enrollment(api, wire, pid)
    rid = new_id()
    number = f"{api.code}-20260301-0009"
    assert api.push_one(wire.op("receipt", wire.receipt(e1, number), record_id=rid))["version"] == 1
    assert (
        api.push_one(wire.op("receipt", {}, record_id=rid, base_version=1, deleted=True))["status"]
        == "applied"
    )
    _rejected(
        api.push_one(wire.op("receipt", wire.receipt(e2, number + " "))),
        "duplicate_number",
        "number",
    )


@pytest.mark.parametrize(
    ("tail", "code"),
    [
        (" " * 5000 + "1", None),  # mostly spaces: fine once normalised
        ("1" * 300, "invalid"),  # too long
        ("Ấp-1", "invalid"),  # not ASCII
        ("1😀", "invalid"),
        ("1;DROP TABLE records", "invalid"),
        ("\u200b", "invalid"),  # an invisible character only
    ],
)
def test_no_number_answers_500(api, wire, tail, code):
    _, (pid,) = _family(api, wire)
    eid = _enrollment(api, wire, pid)
    result = api.push_one(wire.op("receipt", wire.receipt(eid, f"{api.code}-{tail}")))
    if code is None:
        assert result["status"] == "applied", result
    else:
        _rejected(result, code, "number")


# -- defect 6: the server owns agent codes ---------------------------------------------------


def test_a_number_without_the_senders_code_is_refused(api, wire, agent_token):
    other = agent_token()
    assert other.agent.code != api.code
    _, (pid,) = _family(api, wire)
    eid = _enrollment(api, wire, pid)
    for number in (
        "BD0001-20260301-0001",
        f"{other.agent.code}-20260301-0001",
        api.code,
        f"X{api.code}-1",
    ):
        result = api.push_one(wire.op("receipt", wire.receipt(eid, number)))
        _rejected(result, "invalid", "number")
        assert api.code in result["error"]["message"]
    ok = api.push_one(wire.op("receipt", wire.receipt(eid, f"{api.code.lower()}-20260301-0001")))
    assert ok["status"] == "applied"


def test_agent_codes_are_unique_checked_and_returned_at_registration(server, server_db):
    code = add_agent(
        server_db, username="mai", name="Trần Thị Mai", communes=["31027"], code="bd0001"
    )
    body = requests.post(
        server.url + "/api/v1/devices",
        json={"username": "mai", "enrollment_code": code, "device_name": "x"},
        timeout=30,
    ).json()
    assert body["agent"]["code"] == "BD0001"
    with pytest.raises(AgentCodeTaken, match=r"BD0001.*mai"):
        add_agent(server_db, username="lan", name="Lê Thị Lan", communes=["31027"], code="BD0001")
    # The same agent may be given its own code again.
    add_agent(server_db, username="mai", name="Trần Thị Mai", communes=["31027"], code="BD0001")
    for bad in ("CON", "nul", "COM1", "LPT9", "B", "BD-01", "BĐ01", "A" * 17):
        with pytest.raises(InvalidAgentCode):
            add_agent(server_db, username="lan", name="Lê Thị Lan", communes=["31027"], code=bad)
    # A made-up code steers clear of one given by hand.
    add_agent(server_db, username="x", name="Hồ Văn X", communes=["31027"], code="AG0003")
    add_agent(server_db, username="ag", name="Hồ Văn Ag", communes=["31027"])
    with server_db.connect() as conn:
        from sync.server.db import agents

        codes = conn.execute(select(agents.c.code)).scalars().all()
        assert len(codes) == len(set(codes))
        assert conn.execute(select(func.count()).select_from(agents)).scalar_one() == 3


def test_the_cli_refuses_a_taken_or_reserved_code(tmp_path, database_url):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    exe = shutil.which("agent-server", path=str(Path(sys.executable).parent))
    assert exe
    db = ["--database-url", database_url] if database_url else []

    def cli(username: str, code: str) -> subprocess.CompletedProcess:
        args = ["add-agent", "--username", username, "--name", "Trần Thị Mai", "--commune"]
        return subprocess.run(
            [exe, *args, "31027", "--code", code, "--data-dir", str(tmp_path), *db],
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert cli("mai", "BD0001").returncode == 0
    taken = cli("lan", "bd0001")
    assert taken.returncode == 2
    assert "BD0001 is already used by agent mai" in taken.stderr
    reserved = cli("lan", "con")
    assert reserved.returncode == 2
    assert "reserved device name on Windows" in reserved.stderr
