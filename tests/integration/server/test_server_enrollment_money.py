"""The server derives an enrollment's money from what it holds: the payment date near its own
date, the person's age, the commune's special zone, the months of State support already used.
What the body says about these (special_zone, supported_months_before, province_code) is not
trusted. Each test runs on SQLite and PostgreSQL through the real server; its date is
``wire.TODAY`` (1/3/2026)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from sync.domain.rules import load_rates, quote_household, quote_voluntary
from sync.protocol import new_id
from sync.server.db import records

RATES = load_rates()
PHU_QUOC = "31078"  # Đặc khu Phú Quốc, An Giang


def _enrollments(db) -> int:
    with db.connect() as conn:
        q = select(func.count()).select_from(records).where(records.c.kind == "enrollment")
        return int(conn.execute(q).scalar_one())


def _family(api, wire, commune=None, births=("1985-04-12",)):
    hid = new_id()
    pids = [new_id() for _ in births]
    ops = [wire.op("household", wire.household(commune or wire.COMMUNE), record_id=hid)]
    ops += [
        wire.op("person", wire.person(hid, date_of_birth=born), record_id=pid)
        for pid, born in zip(pids, births, strict=True)
    ]
    assert [r["status"] for r in api.push(ops)] == ["applied"] * len(ops)
    return hid, pids


def _advance(pid, months, used, paid_on):
    total = quote_voluntary(
        RATES,
        income=1_500_000,
        support="other",
        method="advance",
        months=months,
        paid_on=paid_on,
        supported_months_before=used,
    ).total
    return {
        "scheme": "voluntary",
        "person_id": pid,
        "income": 1_500_000,
        "support": "other",
        "method": "advance",
        "months": months,
        "paid_on": paid_on.isoformat(),
        "amount": total,
    }


def _rejected(result, code, field):
    assert result["status"] == "rejected", result
    assert (result["error"]["code"], result["error"].get("field")) == (code, field), result


def test_a_household_payment_dated_2016_is_refused_not_charged_at_2016_rates(api, wire, server_db):
    hid, members = _family(api, wire, births=("1980-01-01", "1982-02-02", "2010-03-03"))
    old_day = date(2016, 3, 1)
    cheap = quote_household(RATES, members=3, months=12, paid_on=old_day).total
    assert cheap == 1_428_300
    body = {
        "scheme": "household_health",
        "household_id": hid,
        "member_ids": members,
        "months": 12,
        "paid_on": old_day.isoformat(),
        "amount": cheap,
    }
    result = api.push_one(wire.op("enrollment", body))
    _rejected(result, "invalid", "paid_on")
    assert "Ngày đóng" in result["error"]["message"]
    assert "ngày giờ của máy tính" in result["error"]["message"]
    assert _enrollments(server_db) == 0
    today = {**body, "paid_on": wire.TODAY.isoformat(), "amount": 2_906_280}
    assert api.push_one(wire.op("enrollment", today))["status"] == "applied"


def test_paid_on_lies_from_45_days_back_to_1_day_ahead_of_the_servers_date(api, wire, server_db):
    _, (pid,) = _family(api, wire)
    for days in (-100, -46, 2, 3):
        day = wire.TODAY + timedelta(days=days)
        result = api.push_one(wire.op("enrollment", wire.voluntary(pid, paid_on=day.isoformat())))
        _rejected(result, "invalid", "paid_on")
        assert day.strftime("%d/%m/%Y") in result["error"]["message"]
    assert _enrollments(server_db) == 0
    for days in (-45, 0, 1):
        day = wire.TODAY + timedelta(days=days)
        result = api.push_one(wire.op("enrollment", wire.voluntary(pid, paid_on=day.isoformat())))
        assert result["status"] == "applied", (days, result)


def test_a_childs_voluntary_enrollment_is_refused(api, wire, server_db):
    _, (child,) = _family(api, wire, births=("2020-01-15",))  # six on 1/3/2026
    result = api.push_one(wire.op("enrollment", wire.voluntary(child)))
    _rejected(result, "invalid", "date_of_birth")
    assert "15 tuổi" in result["error"]["message"]
    assert _enrollments(server_db) == 0


def test_the_body_cannot_claim_a_special_zone(api, wire, server_db):
    _, (pid,) = _family(api, wire)  # Xã U Minh Thượng: no special zone
    lie = wire.voluntary(pid, amount=165_000, special_zone=True, province_code="79")
    result = api.push_one(wire.op("enrollment", lie))
    _rejected(result, "amount_mismatch", "amount")
    assert "264.000" in result["error"]["message"]
    assert _enrollments(server_db) == 0
    # The same body at the real amount is fine: the claim is ignored, not an error.
    honest = wire.voluntary(pid, special_zone=True, province_code="79")
    assert api.push_one(wire.op("enrollment", honest))["status"] == "applied"


def test_a_special_zone_gets_its_rate_from_the_servers_reference_data(agent_token, wire):
    api = wire.Api(*agent_token(communes=(PHU_QUOC,))[:2])
    _, (pid,) = _family(api, wire, commune=PHU_QUOC)
    # 330,000 - 50 % x 22 % x 1,500,000 = 165,000, without the body saying anything.
    result = api.push_one(wire.op("enrollment", wire.voluntary(pid, amount=165_000)))
    assert result["status"] == "applied", result
    denied = wire.voluntary(pid, amount=264_000, special_zone=False)
    _rejected(api.push_one(wire.op("enrollment", denied)), "amount_mismatch", "amount")


def test_support_stops_after_120_months_counted_from_the_servers_own_records(api, wire, server_db):
    _, (pid,) = _family(api, wire)
    day = wire.TODAY
    first, second = new_id(), new_id()

    def push(body, **kw):
        return api.push_one(wire.op("enrollment", body, **kw))

    # Two advance payments of 60 months, one batch each: 120 months of support used.
    assert push(_advance(pid, 60, 0, day), record_id=first)["status"] == "applied"
    # A correction of the first one does not count itself.
    fixed = push(_advance(pid, 60, 0, day), record_id=first, base_version=1)
    assert fixed["status"] == "applied", fixed
    assert push(_advance(pid, 60, 60, day), record_id=second)["status"] == "applied"
    # The laptop says no month was used: the server knows better and wants the full 330,000.
    result = push(wire.voluntary(pid, amount=264_000, supported_months_before=0))
    _rejected(result, "amount_mismatch", "amount")
    assert "330.000" in result["error"]["message"]
    full = push(wire.voluntary(pid, amount=330_000, supported_months_before=0))
    assert full["status"] == "applied"
    # Deleting one of the 60-month payments gives its months back: 61 used, still supported.
    gone = push({}, record_id=second, base_version=1, deleted=True)
    assert gone["status"] == "applied", gone
    _rejected(push(wire.voluntary(pid, amount=330_000)), "amount_mismatch", "amount")
    assert push(wire.voluntary(pid))["status"] == "applied"
    assert _enrollments(server_db) == 4


def test_months_written_earlier_in_the_same_batch_count(api, wire):
    _, (pid,) = _family(api, wire)
    day = wire.TODAY
    batch = [
        wire.op("enrollment", _advance(pid, 60, 0, day)),
        wire.op("enrollment", _advance(pid, 60, 60, day)),
        wire.op("enrollment", wire.voluntary(pid, amount=264_000)),  # as if none were used
        wire.op("enrollment", wire.voluntary(pid, amount=330_000)),
    ]
    results = api.push(batch)
    assert [r["status"] for r in results] == ["applied", "applied", "rejected", "applied"]
    assert results[2]["error"]["code"] == "amount_mismatch"


def test_a_client_claiming_used_months_does_not_pay_more_or_less(api, wire):
    _, (pid,) = _family(api, wire)
    claim = wire.voluntary(pid, amount=330_000, supported_months_before=120)
    _rejected(api.push_one(wire.op("enrollment", claim)), "amount_mismatch", "amount")
    assert api.push_one(wire.op("enrollment", {**claim, "amount": 264_000}))["status"] == "applied"
