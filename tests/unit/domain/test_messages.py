"""Every error code the domain raises has a sentence in both languages, and money and dates in
messages are shown the Vietnamese way."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest

from sync.domain.errors import FieldError, RuleError
from sync.domain.messages import FIELD_LABELS, MESSAGES, format_date, format_vnd, render

SYNC = Path(__file__).resolve().parents[3] / "sync"
# Call sites that name an error code as their first string argument.
RAISE_SITE = re.compile(
    r"""(?:RuleError|InvalidValue|DomainError|FieldError\.make|\bfail|_unknown|_months_error)\(\s*"([a-z_]+)\"""",
)


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SYNC.rglob("*.py"):
        found.update(RAISE_SITE.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_scan_finds_the_codes_it_should():
    codes = _codes_in_source()
    assert {"income_below_floor", "cccd_format", "reason_required", "parent_required"} <= codes


def test_every_code_raised_has_a_message():
    missing = sorted(_codes_in_source() - MESSAGES.keys())
    assert missing == []


def test_every_message_has_its_own_vietnamese_and_english():
    for code, (vi, en) in MESSAGES.items():
        assert vi.strip(), code
        assert en.strip(), code
        assert vi != en, code


def test_templates_only_use_parameters_in_both_languages_consistently():
    for code, (vi, en) in MESSAGES.items():
        fields_vi = {f for _, f, _, _ in string.Formatter().parse(vi) if f}
        fields_en = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        # English may name an _en variant of a Vietnamese parameter and vice versa.
        norm = lambda names: {n.removesuffix("_en").removesuffix("_vi") for n in names}  # noqa: E731
        assert norm(fields_vi) == norm(fields_en), code


def test_field_labels_are_distinct_per_language():
    for name, (vi, en) in FIELD_LABELS.items():
        assert vi.strip(), name
        assert vi != en, name


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(0, "0 ₫"), (264_000, "264.000 ₫"), (16_639_278, "16.639.278 ₫"), (-5_000, "-5.000 ₫")],
)
def test_money_is_shown_with_dots_and_the_dong_sign(amount, shown):
    assert format_vnd(amount) == shown


def test_dates_are_shown_day_first():
    assert format_date(date(2026, 3, 1)) == "01/03/2026"


def test_rendered_messages_format_money_and_name_the_field():
    err = RuleError("income_above_ceiling", "income", income=60_000_000, ceiling=50_600_000)
    assert err.message("vi") == (
        "Mức thu nhập chọn đóng: 60.000.000 ₫ cao hơn mức tối đa 50.600.000 ₫ (20 lần lương cơ sở)."
    )
    assert err.message("en").startswith("Chosen monthly income: 60.000.000 ₫ is above")


def test_an_unknown_code_still_reads_as_a_sentence():
    vi, en = render("some_new_code", "phone", {})
    assert vi == "Số điện thoại: lỗi some_new_code."
    assert en == "Phone number: error some_new_code."


def test_field_error_wire_shape():
    e = FieldError.make("required", "full_name")
    assert e.to_dict() == {"code": "required", "field": "full_name", "message": e.message_vi}
    assert FieldError.make("parent_required").to_dict("en") == {
        "code": "parent_required",
        "message": "Needs a person or a household.",
    }
