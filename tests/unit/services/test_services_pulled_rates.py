"""The laptop quotes with the rates the server published (the pulled ``ref.rates``), and with
the bundled file before its first sync; every quote of the services layer, not only the
scripts."""

from __future__ import annotations

import copy

from agent_app.storage.syncport import LocalSyncPort
from sync.domain.rates import load_rates
from sync.protocol import Change
from tests.unit.services.conftest import HEAD, HOUSEHOLD


def _pull(ws, body, version=1):
    change = Change(version, "ref.rates", "rates-id", version, False, body)
    LocalSyncPort(ws.store).apply_pull_page([change], version)


def _person(ws):
    household = ws.households.register(HOUSEHOLD, [HEAD]).ids[0]
    return ws.households.get(household).members[0].id


def _floor(amount):
    body = copy.deepcopy(load_rates().to_dict())
    for entry in body["tables"]["rural_poverty_line"]:
        if entry["valid_from"] == "2022-01-01":
            entry["amount"] = amount
    body["version"] = f"floor-{amount}"
    return body


def test_quotes_follow_the_pulled_rates(ws):
    person = _person(ws)
    # Before the first sync: the bundled file (22 % of 2,000,000 less 40 % of 22 % of 1,500,000).
    assert ws.rates.version == load_rates().version
    assert ws.money.quote_voluntary(person, 2_000_000, "near_poor", "monthly").total == 308_000
    _pull(ws, _floor(1_800_000))
    assert ws.rates.version == "floor-1800000"
    assert ws.rates is ws.rates  # parsed once per pulled version
    assert ws.money.quote_voluntary(person, 2_000_000, "near_poor", "monthly").total == 281_600
    stored = ws.money.enroll_voluntary(
        {"person_id": person, "income": 2_000_000, "support": "near_poor", "method": "monthly"}
    ).primary
    assert ws.records.get(str(stored), "enrollment").body["amount"] == 281_600
    _pull(ws, _floor(1_600_000), version=2)
    assert (
        ws.money.quote_voluntary(person, 2_000_000, "near_poor", "monthly").total
        == 440_000 - 140_800
    )


def test_a_pulled_body_that_does_not_parse_leaves_the_bundled_rates(ws):
    _pull(ws, {"schema": 99})
    assert ws.rates.version == load_rates().version
