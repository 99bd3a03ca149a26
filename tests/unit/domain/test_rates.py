"""The bundled rates file: complete from 2016 to today without gaps, honest about status, and
every malformed file refused with ``invalid_rates`` rather than a crash or a wrong number."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta

import pytest

from sync.domain.rates import REQUIRED_TABLES, Rates, load_rates
from sync.domain.rules import RuleError

RATES = load_rates()
START = date(2016, 1, 1)


@pytest.mark.parametrize("table", [*REQUIRED_TABLES, "pension", "retirement_age", "benefits"])
def test_required_tables_have_no_gaps_from_their_start_to_the_future(table):
    entries = RATES.entries(table)
    assert entries
    for before, after in itertools.pairwise(entries):
        assert before.valid_to is not None
        assert after.valid_from == before.valid_to + timedelta(days=1), (table, before, after)
    assert entries[-1].valid_to is None, f"{table} must say what applies until further notice"


@pytest.mark.parametrize("table", list(REQUIRED_TABLES))
def test_required_tables_cover_2016_to_today(table):
    assert RATES.entries(table)[0].valid_from <= START
    RATES.at(table, START)
    RATES.at(table, date.today())


def test_every_entry_has_a_legal_basis_and_a_known_status():
    for entry in RATES:
        assert entry.legal_basis.strip()
        assert entry.status in {"in_force", "announced", "verify"}


def test_announced_and_unconfirmed_values_are_marked():
    assert RATES.at("base_salary", date(2026, 7, 1)).status == "announced"
    assert RATES.at("base_salary", date(2026, 7, 1)).amount() == 2_530_000
    assert RATES.at("rural_poverty_line", date(2027, 1, 1)).status == "verify"
    assert RATES.at("base_salary", date(2024, 7, 1)).status == "in_force"


def test_round_trip_through_dict_keeps_every_value():
    again = Rates.from_dict(RATES.to_dict())
    assert [e.to_dict() for e in again] == [e.to_dict() for e in RATES]
    assert again.version == RATES.version


def _mutated(change) -> dict:
    data = json.loads(json.dumps(RATES.to_dict()))
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (lambda d: d.update(schema=2), "schema"),
        (lambda d: d.update(tables=[]), "tables"),
        (lambda d: d["tables"].pop("base_salary"), "base_salary"),
        (lambda d: d["tables"]["voluntary"][0].pop("support_pct"), "support_pct"),
        (lambda d: d["tables"]["base_salary"][0].update(status="maybe"), "status"),
        (lambda d: d["tables"]["base_salary"][0].update(legal_basis=""), "legal_basis"),
        (lambda d: d["tables"]["base_salary"][0].update(valid_from="2016-13-01"), "not a date"),
        (lambda d: d["tables"]["base_salary"][0].update(valid_to="2010-01-01"), "ends before"),
        (lambda d: d["tables"]["base_salary"][2].update(valid_from="2017-01-01"), "overlap"),
        (lambda d: d["tables"]["voluntary"][-1].update(contribution_rate=0.22), "decimal string"),
        (lambda d: d["tables"]["voluntary"][-1].update(contribution_rate="abc"), "decimal string"),
        (lambda d: d["tables"]["base_salary"][-1].update(amount=2530000.5), "whole number"),
        (lambda d: d["tables"]["base_salary"][-1].update(amount=-1), "whole number"),
        (lambda d: d["tables"]["voluntary"][-1]["support_pct"].update(poor="50"), "whole numbers"),
        (lambda d: d["tables"]["household_health"][-1].update(periods=[]), "non-empty list"),
        (lambda d: d["tables"]["pension"][0]["male"].update(steps=[[15]]), "base_pct"),
        (lambda d: d["tables"]["benefits"][0].pop("social_pension"), "lacks social_pension"),
    ],
)
def test_malformed_rates_are_refused(change, detail):
    with pytest.raises(RuleError) as info:
        Rates.from_dict(_mutated(change))
    assert info.value.code == "invalid_rates"
    assert detail in info.value.message_en


def test_unreadable_and_non_json_files(tmp_path):
    with pytest.raises(RuleError) as info:
        load_rates(tmp_path / "missing.json")
    assert info.value.code == "invalid_rates"
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rates(broken)
    assert info.value.code == "invalid_rates"
    assert "line 1" in info.value.message_en
