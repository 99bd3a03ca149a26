"""The validators at their edges: defaults, the shortest and longest accepted values, and the
inputs the earlier tests left to chance. Found missing by mutation testing
(``python3 dev.py mutate``)."""

from __future__ import annotations

from datetime import date

import pytest

from sync.domain.errors import InvalidValue
from sync.domain.validators import (
    cccd_info,
    check_voluntary_age,
    normalize_cccd,
    normalize_name,
    normalize_phone,
)


def test_voluntary_age_defaults_to_fifteen_on_the_date_field(assert_invalid):
    check_voluntary_age(date(2011, 3, 1), date(2026, 3, 1))  # fifteen today
    with pytest.raises(InvalidValue) as exc:
        check_voluntary_age(date(2011, 3, 2), date(2026, 3, 1))
    assert_invalid(exc, "too_young", "date_of_birth", min_age=15, age=14)


@pytest.mark.parametrize(("digit", "year"), [("0", 1900), ("1", 1901), ("2", 2000), ("3", 2001)])
def test_the_twentieth_and_twenty_first_centuries_are_accepted(digit, year):
    number = f"001{digit}{year % 100:02d}012345"
    assert normalize_cccd(number) == number
    assert cccd_info(number).birth_year == year


@pytest.mark.parametrize("digit", ["4", "5", "6", "7", "8", "9"])
def test_a_century_after_2099_is_refused_without_a_birth_date(assert_invalid, digit):
    with pytest.raises(InvalidValue) as exc:
        normalize_cccd(f"001{digit}00012345")
    assert_invalid(exc, "cccd_century", "cccd", digit=digit)


@pytest.mark.parametrize("value", ["0", "+84", "0084", "84", "+", "00"])
def test_a_lone_trunk_or_country_code_is_not_a_number(assert_invalid, value):
    with pytest.raises(InvalidValue) as exc:
        normalize_phone(value)
    assert_invalid(exc, "phone_format", "phone")


def test_two_digits_are_not_a_number(assert_invalid):
    with pytest.raises(InvalidValue) as exc:
        normalize_phone("09", field="contact")
    assert_invalid(exc, "phone_format", "contact")


def test_a_ten_digit_number_that_is_not_mobile_says_so_on_its_field(assert_invalid):
    with pytest.raises(InvalidValue) as exc:
        normalize_phone("0241234567", field="contact")
    assert_invalid(exc, "phone_not_mobile", "contact", prefix="024")


def test_an_eleven_digit_landline_says_it_is_not_mobile(assert_invalid):
    with pytest.raises(InvalidValue) as exc:
        normalize_phone("02438251234")
    assert_invalid(exc, "phone_not_mobile", "phone", prefix="024")


def test_a_name_may_hold_combining_marks_that_have_no_precomposed_letter():
    # "q" with an acute accent has no precomposed form, so NFC keeps the mark (category Mn).
    assert normalize_name("Lê Q\u0301uang") == "Lê Q\u0301uang"


@pytest.mark.parametrize("value", ["Lê 2", "Lê_Văn", "Lê ☺", "Lê\u200bVăn"])
def test_a_name_refuses_digits_symbols_and_format_characters(assert_invalid, value):
    with pytest.raises(InvalidValue) as exc:
        normalize_name(value)
    assert_invalid(exc, "name_characters", "full_name")
