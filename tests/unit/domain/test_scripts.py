"""Scripts with live numbers: every placeholder of the published scripts fills from the rates,
the numbers are DOMAIN.md's hand-worked cases, and they follow the rates file, not the text."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from importlib import resources

import pytest

from sync.domain.rates import Rates, load_rates
from sync.domain.rules import RuleError
from sync.domain.scripts import (
    ScriptError,
    figure,
    fill,
    format_money,
    placeholders,
    render_script,
    script_placeholders,
    unknown_placeholders,
)

RATES = load_rates()
SCRIPTS = json.loads(
    (resources.files("resources") / "reference" / "scripts.json").read_text(encoding="utf-8")
)["scripts"]
GROUPS = {
    "farmers",
    "small_traders",
    "informal_workers",
    "women",
    "youth",
    "older_people",
    "supported_households",
}
MARCH_2026 = date(2026, 3, 1)


def _rates_with(**changes: int) -> Rates:
    """The bundled rates with the 2022-2026 poverty line and the 2024 base salary replaced."""
    data = copy.deepcopy(RATES.to_dict())
    for entry in data["tables"]["rural_poverty_line"]:
        if entry["valid_from"] == "2022-01-01" and "floor" in changes:
            entry["amount"] = changes["floor"]
    for entry in data["tables"]["base_salary"]:
        if entry["valid_from"] == "2024-07-01" and "base" in changes:
            entry["amount"] = changes["base"]
    data["version"] = "test-changed"
    return Rates.from_dict(data)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("floor_payment.other", 264_000),  # 330,000 - 66,000
        ("floor_payment.poor", 165_000),  # 330,000 - 165,000
        ("floor_payment.near_poor", 198_000),
        ("floor_payment.ethnic_minority", 231_000),
        ("support.poor", 165_000),
        ("floor_gross", 330_000),
        ("pay.half_yearly.other", 6 * 264_000),
        ("pay.yearly.other", 12 * 264_000),
        ("pay.yearly.near_poor.2000000", 3_696_000),  # 440,000 - 132,000 = 308,000 x 12
        ("advance.60.near_poor.2000000", 16_639_278),
        ("household.1", 105_300),
        ("household.2", 73_710),
        ("household.3", 63_180),
        ("household.4", 52_650),
        ("household.5", 42_120),
        ("household_total.3.12", 2_906_280),
        ("household_total.5.12", 4_043_520),
        ("maternity_allowance", 2_000_000),
        ("social_pension", 500_000),
        ("pension.female.15", 675_000),  # 45 % of 1,500,000
        ("pension.male.15", 600_000),  # 40 %
        ("pension.male.20", 675_000),  # 45 %
        ("pension.female.20", 825_000),  # 55 %
        ("ceiling", 46_800_000),
    ],
)
def test_figures_are_the_hand_worked_cases(key, expected):
    assert figure(RATES, MARCH_2026, key).value == expected


def test_small_figures_and_percentages():
    assert [figure(RATES, MARCH_2026, f"support_pct.{c}").value for c in
            ("poor", "near_poor", "ethnic_minority", "other")] == [50, 40, 30, 20]  # fmt: skip
    assert figure(RATES, MARCH_2026, "pension_pct.female.20").value == 55
    assert figure(RATES, MARCH_2026, "household_pct.2").value == 70
    assert figure(RATES, MARCH_2026, "contribution_pct").value == 22
    assert fill("{date}", RATES, MARCH_2026) == "01/03/2026"


def test_decree_134_rates_apply_before_july_2025():
    # Same case paid 21/11/2024: 25 % support, 357,500 a month, 4,290,000 for the year.
    assert figure(RATES, date(2024, 11, 21), "pay.yearly.near_poor.2000000").value == 4_290_000


def test_money_is_written_in_the_language_of_the_text():
    assert fill("Chỉ từ {floor_payment.other} mỗi tháng", RATES, MARCH_2026) == (
        "Chỉ từ 264.000 đ mỗi tháng"
    )
    assert fill("From {floor_payment.other} a month", RATES, MARCH_2026, "en") == (
        "From 264,000 đ a month"
    )
    assert format_money(2_906_280) == "2.906.280 đ"
    assert fill("{{literal}} {floor}", RATES, MARCH_2026) == "{literal} 1.500.000 đ"


@pytest.mark.parametrize(
    "key",
    ["floor_payment", "floor_payment.rich", "pay.weekly.other", "pension.other.15", "nonsense",
     "household.0", "pay.yearly.other.lots", "pension.female.x"],
)  # fmt: skip
def test_an_unknown_placeholder_is_an_error_never_shown_raw(key):
    with pytest.raises(ScriptError) as exc:
        fill(f"Chỉ từ {{{key}}}", RATES, MARCH_2026)
    assert exc.value.code == "unknown_placeholder"


def test_a_lone_brace_is_an_error():
    with pytest.raises(ScriptError) as exc:
        placeholders("Chỉ từ {floor_payment.other mỗi tháng")
    assert exc.value.code == "unbalanced_brace"


def test_an_income_below_the_floor_is_the_rules_refusal():
    with pytest.raises(RuleError) as exc:
        figure(RATES, MARCH_2026, "pay.yearly.other.1000000")
    assert exc.value.code == "income_below_floor"


def test_every_group_has_a_script_with_points_objections_and_figures():
    assert {s["group"] for s in SCRIPTS} == GROUPS
    for script in SCRIPTS:
        for lang in ("vi", "en"):
            rendered = render_script(script, RATES, MARCH_2026, lang)
            assert rendered.title
            assert len(rendered.points) >= 4
            assert rendered.objections
            assert rendered.figures
            assert rendered.group_label


@pytest.mark.parametrize(
    "on", [date(2025, 7, 1), date(2025, 12, 1), MARCH_2026, date(2026, 11, 21), date(2027, 3, 1)]
)
def test_every_placeholder_of_the_published_scripts_fills(on):
    for script in SCRIPTS:
        assert script_placeholders(script), script["group"]
        assert unknown_placeholders(script, RATES, on) == [], script["group"]
        for lang in ("vi", "en"):
            text = render_script(script, RATES, on, lang).as_text()
            assert "{" not in text
            assert "}" not in text


def test_no_number_from_the_rates_is_typed_into_the_scripts():
    """A money amount in the text is a placeholder's job: no "264.000" or "1,500,000" typed."""
    typed = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
    for script in SCRIPTS:
        raw = json.dumps(script, ensure_ascii=False)
        assert typed.findall(raw) == [], script["group"]


def test_a_rates_change_changes_the_numbers():
    changed = _rates_with(floor=2_000_000, base=2_500_000)
    farmers = next(s for s in SCRIPTS if s["group"] == "farmers")
    before = render_script(farmers, RATES, MARCH_2026)
    after = render_script(farmers, changed, MARCH_2026)
    assert "264.000 đ" in before.points[0]
    # 22 % of 2,000,000 = 440,000, less 20 % of it = 352,000.
    assert "352.000 đ" in after.points[0]
    assert "264.000" not in after.points[0]
    assert after.rates_version == "test-changed"
    assert figure(changed, MARCH_2026, "household.1").value == 112_500  # 4.5 % of 2,500,000


def test_a_new_rate_period_changes_the_numbers_by_date():
    # From 1/7/2026 the (announced) base salary is 2,530,000: the ladder moves and says so.
    july = figure(RATES, date(2026, 7, 1), "household.1")
    assert (july.value, july.provisional) == (113_850, True)
    assert figure(RATES, date(2026, 6, 30), "household.1").provisional is False


def test_search_is_folded():
    women = next(s for s in SCRIPTS if s["group"] == "women")
    rendered = render_script(women, RATES, MARCH_2026)
    assert rendered.matches("thai san")
    assert rendered.matches("PHỤ NỮ")
    assert rendered.matches("2.000.000")
    assert not rendered.matches("thu hoach")


def test_an_old_shape_script_still_renders():
    old = {"id": "s1", "group": "farmers", "title": "Kịch bản tư vấn: Nông dân"}
    rendered = render_script(old, RATES, MARCH_2026, "en")
    assert (rendered.title, rendered.points, rendered.objections) == (
        "Kịch bản tư vấn: Nông dân",
        (),
        (),
    )
