"""Every check of a rates file at its edge: the first and last day an entry covers, entries that
touch but do not overlap, each field kind's smallest good and bad value, and what the loaded
tables say about themselves. Found missing by mutation testing (``python3 dev.py mutate``)."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sync.domain.rates import RateEntry, Rates, load_rates
from sync.domain.rules import RuleError

RATES = load_rates()


def data_with(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(RATES.to_dict())
    change(data)
    return data


def refused(data: object) -> str:
    """The detail of the ``invalid_rates`` error that loading ``data`` raises."""
    with pytest.raises(RuleError) as exc:
        Rates.from_dict(data)
    assert (exc.value.code, exc.value.field) == ("invalid_rates", None)
    detail = exc.value.params["detail"]
    assert isinstance(detail, str)
    return detail


def entry(**over: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "valid_from": "2020-01-01",
        "valid_to": None,
        "status": "in_force",
        "legal_basis": "Nghị định (thử)",
        "amount": 1_000,
    }
    out.update(over)
    return out


def with_base_salary(*entries: dict[str, Any]) -> dict[str, Any]:
    return data_with(lambda d: d["tables"].update(base_salary=list(entries)))


# --- dates an entry covers --------------------------------------------------------------------


def test_an_entry_covers_its_first_and_last_day_and_no_other():
    e = RATES.at("base_salary", date(2024, 7, 1))
    assert (e.valid_from, e.valid_to) == (date(2024, 7, 1), date(2026, 6, 30))
    assert e.covers(date(2024, 7, 1))
    assert e.covers(date(2026, 6, 30))
    assert not e.covers(date(2024, 6, 30))
    assert not e.covers(date(2026, 7, 1))
    assert RATES.at("base_salary", date(2026, 6, 30)).amount() == 2_340_000
    assert RATES.at("base_salary", date(2026, 7, 1)).amount() == 2_530_000
    assert RATES.at("base_salary", date(2024, 6, 30)).amount() == 1_800_000


def test_an_open_entry_covers_every_later_day():
    e = RATES.at("base_salary", date(2026, 7, 1))
    assert e.valid_to is None
    assert e.covers(date(2099, 12, 31))
    assert not e.covers(date(2026, 6, 30))


def test_no_entry_on_a_date_names_the_table_and_the_date(assert_invalid):
    with pytest.raises(RuleError) as exc:
        RATES.at("base_salary", date(2015, 4, 30))
    assert_invalid(exc, "no_rates_for_date", "paid_on", on=date(2015, 4, 30), table="base_salary")
    with pytest.raises(RuleError) as exc:
        RATES.at("no_such_table", date(2020, 1, 1))
    assert_invalid(exc, "no_rates_for_date", "paid_on", on=date(2020, 1, 1), table="no_such_table")


def test_find_is_at_for_optional_tables():
    assert RATES.find("base_salary", date(2020, 1, 1)) is RATES.at("base_salary", date(2020, 1, 1))
    assert RATES.find("base_salary", date(2015, 4, 30)) is None
    assert RATES.find("local_support", date(2026, 3, 1)) is None
    assert RATES.find("no_such_table", date(2026, 3, 1)) is None


# --- overlap ----------------------------------------------------------------------------------


def test_an_entry_ending_the_day_the_next_begins_overlaps():
    # valid_to is inclusive: both entries would cover 2021-01-01, so the file is refused rather
    # than the older rate being used on the changeover day.
    data = with_base_salary(
        entry(valid_from="2020-01-01", valid_to="2021-01-01", amount=1_000),
        entry(valid_from="2021-01-01", amount=2_000),
    )
    assert refused(data) == "base_salary entries from 2020-01-01 and 2021-01-01 overlap"


def test_an_entry_ending_the_day_before_the_next_begins_is_fine():
    data = with_base_salary(
        entry(valid_from="2021-01-01", amount=2_000),
        entry(valid_from="2020-01-01", valid_to="2020-12-31", amount=1_000),
    )
    rates = Rates.from_dict(data)
    # entries are kept in date order whatever the file's order
    assert [e.amount() for e in rates.entries("base_salary")] == [1_000, 2_000]
    assert rates.at("base_salary", date(2020, 12, 31)).amount() == 1_000
    assert rates.at("base_salary", date(2021, 1, 1)).amount() == 2_000


def test_an_open_entry_followed_by_another_overlaps():
    data = with_base_salary(entry(valid_from="2020-01-01"), entry(valid_from="2030-01-01"))
    assert refused(data) == "base_salary entries from 2020-01-01 and 2030-01-01 overlap"


def test_only_entries_of_one_province_may_not_overlap():
    def provinces(d):
        d["tables"]["local_support"] = [
            {**entry(province_code="01", support_pct={"poor": 5}), "amount": 0},
            {**entry(province_code="79", support_pct={"poor": 5}), "amount": 0},
        ]

    rates = Rates.from_dict(data_with(provinces))
    assert len(rates.entries("local_support")) == 2

    def same_province(d):
        provinces(d)
        d["tables"]["local_support"][1]["province_code"] = "01"
        d["tables"]["local_support"][1]["valid_from"] = "2025-01-01"

    assert refused(data_with(same_province)) == (
        "local_support entries from 2020-01-01 and 2025-01-01 overlap"
    )


def test_a_one_day_entry_is_fine_but_one_ending_before_it_starts_is_not():
    one_day = with_base_salary(
        entry(valid_from="2020-01-01", valid_to="2020-01-01", amount=1_000),
        entry(valid_from="2020-01-02", amount=2_000),
    )
    assert Rates.from_dict(one_day).at("base_salary", date(2020, 1, 1)).amount() == 1_000
    backwards = with_base_salary(entry(valid_from="2020-01-02", valid_to="2020-01-01"))
    assert refused(backwards) == "base_salary entry from 2020-01-02 ends before it starts"


# --- entry fields -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "detail"),
    [
        ({"valid_from": 20200101}, "base_salary.valid_from must be a YYYY-MM-DD string"),
        ({"valid_from": None}, "base_salary.valid_from must be a YYYY-MM-DD string"),
        ({"valid_from": "2020-02-30"}, "base_salary.valid_from is not a date: '2020-02-30'"),
        ({"valid_to": "2021-13-01"}, "base_salary.valid_to is not a date: '2021-13-01'"),
        ({"valid_to": 2021}, "base_salary.valid_to must be a YYYY-MM-DD string"),
        ({"status": "draft"}, "base_salary entry from 2020-01-01 has status 'draft'"),
        ({"status": None}, "base_salary entry from 2020-01-01 has status None"),
        ({"legal_basis": "   "}, "base_salary entry from 2020-01-01 has no legal_basis"),
        ({"legal_basis": 7}, "base_salary entry from 2020-01-01 has no legal_basis"),
        ({"amount": -1}, "base_salary.amount from 2020-01-01 must be a whole number, not negative"),
        (
            {"amount": True},
            "base_salary.amount from 2020-01-01 must be a whole number, not negative",
        ),
        (
            {"amount": 1.0},
            "base_salary.amount from 2020-01-01 must be a whole number, not negative",
        ),
    ],
)
def test_each_bad_entry_field_is_named(over, detail):
    assert refused(with_base_salary(entry(**over))) == detail


def test_a_missing_field_is_named():
    data = with_base_salary({k: v for k, v in entry().items() if k != "amount"})
    assert refused(data) == "base_salary from 2020-01-01 lacks amount"


def test_an_entry_must_be_an_object():
    assert refused(with_base_salary(["2020-01-01"])) == "an entry of base_salary is not an object"  # type: ignore[arg-type]


@pytest.mark.parametrize("status", ["in_force", "announced", "verify"])
def test_each_status_loads_and_only_in_force_is_final(status):
    rates = Rates.from_dict(with_base_salary(entry(status=status)))
    e = rates.entries("base_salary")[0]
    assert e.status == status
    assert e.provisional is (status != "in_force")


def test_an_entry_keeps_its_values_apart_from_its_dates_status_and_basis():
    rates = Rates.from_dict(with_base_salary(entry(valid_to="2030-12-31", note="x")))
    e = rates.entries("base_salary")[0]
    assert e == RateEntry(
        table="base_salary",
        valid_from=date(2020, 1, 1),
        valid_to=date(2030, 12, 31),
        status="in_force",
        legal_basis="Nghị định (thử)",
        data={"amount": 1_000, "note": "x"},
    )
    assert e.to_dict() == entry(valid_to="2030-12-31", note="x")
    assert e.amount() == 1_000
    assert e.amount("amount") == 1_000


# --- field kinds ------------------------------------------------------------------------------


def set_field(table: str, key: str, value: object) -> dict[str, Any]:
    return data_with(lambda d: d["tables"][table][-1].update({key: value}))


def drop_field(table: str, key: str) -> dict[str, Any]:
    return data_with(lambda d: d["tables"][table][-1].pop(key))


@pytest.mark.parametrize("value", ["0", "0.22", "1", "-0"])
def test_decimal_strings_that_load(value):
    rates = Rates.from_dict(set_field("voluntary", "contribution_rate", value))
    assert rates.entries("voluntary")[-1].decimal("contribution_rate") == Decimal(value)


@pytest.mark.parametrize("value", ["-0.22", "-1", "NaN", "Infinity", "-Infinity", "abc", "", 0.22])
def test_negative_and_non_finite_rates_are_refused(value):
    detail = refused(set_field("voluntary", "contribution_rate", value))
    assert (
        detail
        == 'voluntary.contribution_rate from 2025-07-01 must be a decimal string such as "0.22"'
    )


def test_an_exact_rate_stays_exact():
    e = RATES.at("voluntary", date(2026, 3, 1))
    assert e.decimal("contribution_rate") == Decimal("0.22")
    assert isinstance(e.decimal("contribution_rate"), Decimal)


@pytest.mark.parametrize("value", [0, 1, 60])
def test_whole_numbers_from_zero_load(value):
    rates = Rates.from_dict(set_field("voluntary", "max_advance_months", value))
    assert rates.entries("voluntary")[-1].data["max_advance_months"] == value


def test_an_optional_field_may_be_absent_but_when_present_is_checked():
    assert (
        "special_zone_pct"
        not in Rates.from_dict(drop_field("voluntary", "special_zone_pct"))
        .entries("voluntary")[-1]
        .data
    )
    assert refused(set_field("voluntary", "special_zone_pct", -5)) == (
        "voluntary.special_zone_pct from 2025-07-01 must be a whole number, not negative"
    )
    assert refused(set_field("pension", "lump_sum_months_per_extra_year", "-0.5")) == (
        "pension.lump_sum_months_per_extra_year from 2025-07-01 must be "
        'a decimal string such as "0.22"'
    )
    assert Rates.from_dict(drop_field("pension", "lump_sum_months_per_extra_year"))


def test_a_required_field_may_not_be_absent():
    assert refused(drop_field("voluntary", "max_support_months")) == (
        "voluntary from 2025-07-01 lacks max_support_months"
    )


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("support_pct", {"poor": -1}, "an object of whole numbers"),
        ("support_pct", [50], "an object of whole numbers"),
        ("support_pct", {"poor": True}, "an object of whole numbers"),
    ],
)
def test_int_maps(key, value, expected):
    assert refused(set_field("voluntary", key, value)).endswith(f"must be {expected}")


def test_an_empty_int_map_loads():
    assert Rates.from_dict(set_field("voluntary", "support_pct", {}))


@pytest.mark.parametrize(
    ("value", "ok"),
    [([3], True), ([0, 12], True), ([], False), ([3, -6], False), ((3,), False), ([True], False)],
)
def test_int_lists(value, ok):
    data = set_field("household_health", "periods", value)
    if ok:
        assert Rates.from_dict(data)
    else:
        assert refused(data).endswith("must be a non-empty list of whole numbers")


@pytest.mark.parametrize(
    ("plan", "ok"),
    [
        ({"base_pct": 45, "steps": []}, True),
        ({"base_pct": 0, "steps": [[15, 2], [0, 0]]}, True),
        ({"base_pct": -1, "steps": []}, False),
        ({"steps": []}, False),
        ({"base_pct": 45}, False),
        ({"base_pct": 45, "steps": {"15": 2}}, False),
        ({"base_pct": 45, "steps": [[15]]}, False),
        ({"base_pct": 45, "steps": [[15, 2, 3]]}, False),
        ({"base_pct": 45, "steps": [(15, 2)]}, False),
        ({"base_pct": 45, "steps": [[15, -2]]}, False),
        ({"base_pct": 45, "steps": [[-15, 2]]}, False),
        ([45, [[15, 2]]], False),
    ],
)
def test_pension_plans(plan, ok):
    data = set_field("pension", "female", plan)
    if ok:
        assert Rates.from_dict(data).entries("pension")[-1].data["female"] == plan
    else:
        assert refused(data).endswith(
            'must be an object {"base_pct": n, "steps": [[years, pct], ...]}'
        )


@pytest.mark.parametrize(("value", "ok"), [("01", True), ("", False), ("  ", False), (1, False)])
def test_non_empty_strings(value, ok):
    def local(d):
        d["tables"]["local_support"] = [
            {**entry(province_code=value, support_pct={"poor": 5}), "amount": 0}
        ]

    if ok:
        assert Rates.from_dict(data_with(local))
    else:
        assert refused(data_with(local)).endswith("must be a non-empty string")


def test_tables_the_rules_do_not_know_load_unchecked():
    rates = Rates.from_dict(data_with(lambda d: d["tables"].update(extra=[entry(amount="x")])))
    assert rates.entries("extra")[0].data == {"amount": "x"}
    assert "extra" in rates.tables


# --- the file's shape -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ([], "the top level must be an object"),
        ("rates", "the top level must be an object"),
        ({"tables": {}}, "unsupported schema None"),
        ({"schema": "1", "tables": {}}, "unsupported schema '1'"),
        ({"schema": 1}, "'tables' must be an object"),
        ({"schema": 1, "tables": [1]}, "'tables' must be an object"),
        ({"schema": 1, "tables": {"base_salary": {}}}, "table base_salary must be a list"),
    ],
)
def test_the_top_level_shape(data, detail):
    assert refused(data) == detail


@pytest.mark.parametrize(
    "table",
    ["base_salary", "rural_poverty_line", "voluntary", "advance_discount", "household_health"],
)
def test_each_required_table_must_have_an_entry(table):
    assert refused(data_with(lambda d: d["tables"].update({table: []}))) == (
        f"table {table} is missing or empty"
    )
    assert refused(data_with(lambda d: d["tables"].pop(table))) == (
        f"table {table} is missing or empty"
    )


def test_optional_tables_may_be_absent():
    rates = Rates.from_dict(
        data_with(lambda d: [d["tables"].pop(t) for t in ("pension", "benefits", "local_support")])
    )
    assert rates.entries("pension") == ()
    assert "pension" not in rates.tables


@pytest.mark.parametrize(("version", "shown"), [("v7", "v7"), (7, "7"), ("", "unversioned")])
def test_the_version_is_kept_as_text(version, shown):
    rates = Rates.from_dict(data_with(lambda d: d.update(version=version)), source="here")
    assert rates.version == shown
    assert rates.source == "here"
    assert repr(rates) == f"Rates(version={shown!r}, source='here')"
    missing = Rates.from_dict(data_with(lambda d: d.pop("version")))
    assert (missing.version, missing.source) == ("unversioned", "<dict>")


def test_loaded_rates_describe_themselves():
    bundled = json.loads(Path(RATES.source).read_text(encoding="utf-8"))
    assert RATES.version == bundled["version"]
    assert RATES.tables == tuple(bundled["tables"])
    everything = list(RATES)
    assert everything == [e for t in RATES.tables for e in RATES.entries(t)]
    assert everything[0].table == RATES.tables[0]
    assert RATES.entries("no_such_table") == ()
    out = RATES.to_dict()
    assert (out["schema"], out["version"], out["currency"]) == (1, bundled["version"], "VND")
    assert list(out["tables"]) == list(RATES.tables)
    latest = RATES.entries("base_salary")[-1]
    assert out["tables"]["base_salary"][-1] == {
        "valid_from": latest.valid_from.isoformat(),
        "valid_to": None,
        "status": latest.status,
        "legal_basis": latest.legal_basis,
        "amount": latest.amount(),
    }
    assert out["tables"]["base_salary"][0]["valid_to"] == "2016-04-30"


# --- files ------------------------------------------------------------------------------------


def test_the_bundled_rates_are_read_once():
    assert load_rates() is load_rates()
    assert load_rates(None) is RATES
    assert RATES.source.endswith("rates.json")


def test_a_file_loads_from_a_path_or_a_string(tmp_path: Path):
    path = tmp_path / "rates.json"
    path.write_text(json.dumps(RATES.to_dict()), encoding="utf-8")
    for where in (path, str(path)):
        rates = load_rates(where)
        assert rates.source == str(path)
        assert [e.to_dict() for e in rates] == [e.to_dict() for e in RATES]


def test_a_file_that_cannot_be_read_or_parsed_says_why(tmp_path: Path):
    missing = tmp_path / "missing.json"
    with pytest.raises(RuleError) as exc:
        load_rates(missing)
    assert exc.value.params["detail"] == f"cannot read {missing}: No such file or directory"
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": 1,\n  oops}', encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rates(broken)
    assert exc.value.params["detail"] == (
        "broken.json is not JSON (line 2: Expecting property name enclosed in double quotes)"
    )
    vietnamese = tmp_path / "vi.json"
    vietnamese.write_text(json.dumps(RATES.to_dict(), ensure_ascii=False), encoding="utf-8")
    assert load_rates(vietnamese).at("base_salary", date(2026, 7, 1)).legal_basis.startswith("Mức")


def test_fields_after_an_absent_optional_one_are_still_checked():
    def change(d):
        latest = d["tables"]["voluntary"][-1]
        del latest["special_zone_pct"]  # optional, and listed before the two below
        latest["max_advance_months"] = -1

    assert refused(data_with(change)) == (
        "voluntary.max_advance_months from 2025-07-01 must be a whole number, not negative"
    )
