import unicodedata
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.domain.errors import InvalidValue
from sync.domain.validators import (
    CCCD_PROVINCE_CODES,
    CCCD_PROVINCE_NAMES,
    CccdInfo,
    age_on,
    cccd_info,
    check_not_future,
    check_voluntary_age,
    normalize_cccd,
    normalize_name,
    normalize_phone,
    normalize_sex,
    parse_date,
)
from sync.domain.vocab import SEXES

# --- CCCD ---------------------------------------------------------------------------------


def test_cccd_province_table_has_the_63_pre_2025_provinces() -> None:
    assert len(CCCD_PROVINCE_CODES) == 63
    assert set(CCCD_PROVINCE_NAMES) == CCCD_PROVINCE_CODES
    assert all(len(c) == 3 and c.isdigit() for c in CCCD_PROVINCE_CODES)
    assert CCCD_PROVINCE_NAMES["001"] == "Hà Nội"
    assert CCCD_PROVINCE_NAMES["079"] == "TP Hồ Chí Minh"
    assert CCCD_PROVINCE_NAMES["096"] == "Cà Mau"
    assert {"000", "003", "097", "063", "099"}.isdisjoint(CCCD_PROVINCE_CODES)


@pytest.mark.parametrize(
    ("value", "dob", "sex", "expected"),
    [
        ("001090012345", date(1990, 5, 17), "male", "001090012345"),  # man, Hà Nội, 1990
        ("079303001234", date(2003, 2, 1), "female", "079303001234"),  # woman, HCMC, 2003
        ("001 090 012 345", date(1990, 5, 17), "male", "001090012345"),
        ("079.303.001.234", None, None, "079303001234"),
        ("096185000123", date(1985, 12, 31), "nữ", "096185000123"),
        ("038200000001", date(2000, 1, 1), "Nam", "038200000001"),
        ("046099123456", date(1999, 7, 7), None, "046099123456"),
        ("089312654321", None, "female", "089312654321"),
        ("017000000001", date(1900, 1, 1), "male", "017000000001"),
    ],
)
def test_normalize_cccd_accepts(
    value: str, dob: date | None, sex: str | None, expected: str
) -> None:
    assert normalize_cccd(value, date_of_birth=dob, sex=sex) == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "code", "params"),
    [
        ("00109001234", {}, "cccd_format", {}),  # 11 digits
        ("0010900123456", {}, "cccd_format", {}),  # 13 digits
        ("00109001234A", {}, "cccd_format", {}),
        ("CCCD00109001", {}, "cccd_format", {}),
        ("001-090-012-345", {}, "cccd_format", {}),
        ("", {}, "cccd_format", {}),
        ("００１０９００１２３４５", {}, "cccd_format", {}),  # full-width digits
        (1090012345, {}, "cccd_format", {}),
        ("097090012345", {}, "cccd_province", {"prefix": "097"}),
        ("000090012345", {}, "cccd_province", {"prefix": "000"}),
        ("003090012345", {}, "cccd_province", {"prefix": "003"}),
        ("063090012345", {}, "cccd_province", {"prefix": "063"}),
        ("001490012345", {}, "cccd_century", {"digit": "4"}),
        ("001990012345", {}, "cccd_century", {"digit": "9"}),
        (
            "001090012345",
            {"sex": "female"},
            "cccd_sex_mismatch",
            {"cccd_sex_vi": "nam", "cccd_sex_en": "male"},
        ),
        (
            "079303001234",
            {"sex": "male", "date_of_birth": date(2003, 2, 1)},
            "cccd_sex_mismatch",
            {"cccd_sex_vi": "nữ", "cccd_sex_en": "female"},
        ),
        (
            "001090012345",
            {"date_of_birth": date(1991, 5, 17)},
            "cccd_birth_year_mismatch",
            {"cccd_year": 1990, "year": 1991},
        ),
        (  # born 1990 but the 4th digit says 2000s
            "001290012345",
            {"date_of_birth": date(1990, 5, 17)},
            "cccd_birth_year_mismatch",
            {"cccd_year": 2090, "year": 1990},
        ),
        (
            "079103001234",
            {"date_of_birth": date(2003, 2, 1)},
            "cccd_birth_year_mismatch",
            {"cccd_year": 1903, "year": 2003},
        ),
        (
            "001400012345",
            {"date_of_birth": date(2000, 1, 1)},
            "cccd_birth_year_mismatch",
            {"cccd_year": 2100, "year": 2000},
        ),
    ],
)
def test_normalize_cccd_rejects(
    value: Any, kwargs: dict[str, Any], code: str, params: dict[str, Any], assert_invalid
) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_cccd(value, **kwargs)
    assert_invalid(exc, code, "cccd", **params)


def test_normalize_cccd_reports_the_given_field(assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_cccd("12345", field="head_cccd")
    assert_invalid(exc, "cccd_format", "head_cccd")


def test_normalize_cccd_rejects_an_unknown_sex_on_the_sex_field(assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_cccd("001090012345", sex="x")
    assert_invalid(exc, "not_in_choices", "sex", choices="male, female")


@pytest.mark.parametrize(
    ("value", "info", "birth_year", "province_name"),
    [
        ("001090012345", CccdInfo("001", "male", 90, 1900), 1990, "Hà Nội"),
        ("079303001234", CccdInfo("079", "female", 3, 2000), 2003, "TP Hồ Chí Minh"),
        ("096 185 000 123", CccdInfo("096", "female", 85, 1900), 1985, "Cà Mau"),
    ],
)
def test_cccd_info(value: str, info: CccdInfo, birth_year: int, province_name: str) -> None:
    assert cccd_info(value) == info
    assert info.birth_year == birth_year
    assert info.province_name == province_name


def test_cccd_info_raises_like_normalize(assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        cccd_info("097090012345")
    assert_invalid(exc, "cccd_province", "cccd", prefix="097")


def _build_cccd(province: str, dob: date, sex: str, serial: int) -> str:
    digit = (dob.year // 100 - 19) * 2 + (sex == "female")
    return f"{province}{digit}{dob.year % 100:02d}{serial:06d}"


@given(
    province=st.sampled_from(sorted(CCCD_PROVINCE_CODES)),
    dob=st.dates(date(1900, 1, 1), date(2099, 12, 31)),
    sex=st.sampled_from(SEXES),
    serial=st.integers(0, 999_999),
)
@settings(database=None)
def test_any_well_formed_cccd_validates_and_round_trips(
    province: str, dob: date, sex: str, serial: int
) -> None:
    value = _build_cccd(province, dob, sex, serial)
    assert normalize_cccd(value, date_of_birth=dob, sex=sex) == value
    info = cccd_info(value)
    assert info == CccdInfo(province, sex, dob.year % 100, dob.year // 100 * 100)
    assert info.birth_year == dob.year


@given(
    dob=st.dates(date(1900, 1, 1), date(2099, 12, 31)),
    entered=st.dates(date(1900, 1, 1), date(2099, 12, 31)),
)
@settings(database=None)
def test_any_other_birth_year_is_a_mismatch(dob: date, entered: date, assert_invalid) -> None:
    value = _build_cccd("001", dob, "male", 1)
    if entered.year == dob.year:
        assert normalize_cccd(value, date_of_birth=entered) == value
        return
    with pytest.raises(InvalidValue) as exc:
        normalize_cccd(value, date_of_birth=entered)
    assert_invalid(exc, "cccd_birth_year_mismatch", "cccd", cccd_year=dob.year, year=entered.year)


# --- phone --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0987.654.321", "0987654321"),
        ("0354 123 456", "0354123456"),  # Viettel 03x
        ("(+84) 91-234-5678", "0912345678"),
        ("+84 0912 345 678", "0912345678"),  # trunk 0 written after the country code
        ("0084 912 345 678", "0912345678"),
        ("\t0912 345 678 ", "0912345678"),
        ("0562345678", "0562345678"),
        ("0121012345", "0121012345"),
    ],
)
def test_normalize_phone_accepts(value: str, expected: str) -> None:
    assert normalize_phone(value) == expected


# What phonenumbers (the authority here) says about each current mobile prefix: most are open
# blocks, a few only in part (052[238], 0559, 089[6-9], 099 without 0992).
@pytest.mark.parametrize(
    "number",
    [
        *(f"03{d}1234567" for d in "23456789"),
        "0522345678",
        "0523456789",
        "0528123456",
        "0559123456",
        "0561234567",
        "0581234567",
        "0591234567",
        *(f"07{d}1234567" for d in "06789"),
        *(f"08{d}1234567" for d in "12345678"),
        "0896123456",
        "0899123456",
        *(f"09{d}1234567" for d in "01234678"),
        "0991234567",
        "0993123456",
    ],
)
def test_current_mobile_prefixes_are_accepted(number: str) -> None:
    assert normalize_phone(number) == number


@pytest.mark.parametrize(
    ("value", "code", "params"),
    [
        ("091234567", "phone_format", {}),  # 9 digits
        ("09123456789", "phone_format", {}),  # 11 digits
        ("912345678", "phone_format", {}),  # no leading 0
        ("+84 91234567", "phone_format", {}),
        ("0912-345-67x", "phone_format", {}),
        ("abc", "phone_format", {}),
        ("", "phone_format", {}),
        ("+1 650 253 0000", "phone_format", {}),  # not Vietnamese
        ("0012345678", "phone_format", {}),  # 00 is the international prefix
        ("01234567890", "phone_format", {}),  # old 11-digit mobile, renumbered in 2018
        ("０９１２３４５６７８", "phone_format", {}),  # full-width digits
        (912345678, "phone_format", {}),
        ("0241234567", "phone_not_mobile", {"prefix": "024"}),
        ("024 3825 1234", "phone_not_mobile", {"prefix": "024"}),  # Hà Nội landline
        ("0236 3822 123", "phone_not_mobile", {"prefix": "023"}),  # Đà Nẵng landline
        ("028 3829 1234", "phone_not_mobile", {"prefix": "028"}),  # HCMC landline
        ("0123456789", "phone_not_mobile", {"prefix": "0123"}),
        ("0501234567", "phone_not_mobile", {"prefix": "050"}),
        ("0601234567", "phone_not_mobile", {"prefix": "060"}),
        ("0801234567", "phone_not_mobile", {"prefix": "080"}),
        ("0711234567", "phone_not_mobile", {"prefix": "071"}),
        ("0521234567", "phone_not_mobile", {"prefix": "0521"}),
        ("0551234567", "phone_not_mobile", {"prefix": "0551"}),
        ("0891234567", "phone_not_mobile", {"prefix": "0891"}),
        ("0992345678", "phone_not_mobile", {"prefix": "0992"}),
        ("0121412345", "phone_not_mobile", {"prefix": "01214"}),
        ("0672123456", "phone_not_mobile", {"prefix": "067"}),  # VoIP
    ],
)
def test_normalize_phone_rejects(
    value: Any, code: str, params: dict[str, Any], assert_invalid
) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_phone(value)
    assert_invalid(exc, code, "phone", **params)


def test_normalize_phone_reports_the_given_field(assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_phone("0241234567", field="contact_phone")
    assert_invalid(exc, "phone_not_mobile", "contact_phone", prefix="024")


@given(
    prefix=st.sampled_from(["032", "039", "070", "079", "081", "088", "090", "098"]),
    subscriber=st.integers(0, 9_999_999),
    style=st.sampled_from(["{n}", "+84{r}", "84{r}", "+84 {r}", "{a}.{b}.{c}", "{a} {b} {c}"]),
)
@settings(database=None)
def test_every_spelling_of_a_mobile_number_normalises_the_same(
    prefix: str, subscriber: int, style: str
) -> None:
    number = f"{prefix}{subscriber:07d}"
    typed = style.format(n=number, r=number[1:], a=number[:4], b=number[4:7], c=number[7:])
    assert normalize_phone(typed) == number


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguyễn Văn Ánh", "Nguyễn Văn Ánh"),
        ("H'Hen Niê", "H'Hen Niê"),
        ("H’Hen Niê", "H’Hen Niê"),
        ("Y Moan Ênuôl", "Y Moan Ênuôl"),
        ("Lò Văn Páo", "Lò Văn Páo"),
        ("Sùng A Dế", "Sùng A Dế"),
        ("Đinh Thị Mỹ-Linh", "Đinh Thị Mỹ-Linh"),
        ("Trần Văn B.", "Trần Văn B."),
        ("  trần   thị\thoà ", "trần thị hoà"),  # case kept, spaces collapsed
        (unicodedata.normalize("NFD", "Nguyễn Thị Ngọc Ánh"), "Nguyễn Thị Ngọc Ánh"),
        ("A" * 100, "A" * 100),
    ],
)
def test_normalize_name_accepts(value: str, expected: str) -> None:
    name = normalize_name(value)
    assert name == expected
    assert unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize(
    ("value", "kwargs", "code", "params"),
    [
        ("", {}, "name_empty", {}),
        ("   \t ", {}, "name_empty", {}),
        (None, {}, "name_empty", {}),
        ("A" * 101, {}, "too_long", {"max_length": 100}),
        ("Nguyễn Văn Ánh", {"max_length": 10}, "too_long", {"max_length": 10}),
        ("Nguyễn Văn 2", {}, "name_characters", {}),
        ("Trần_Hưng", {}, "name_characters", {}),
        ("Lê@Văn", {}, "name_characters", {}),
        ("Ánh 😀", {}, "name_characters", {}),
        ("Lê Văn (Tèo)", {}, "name_characters", {}),
        ("'-.", {}, "name_characters", {}),  # no letter at all
    ],
)
def test_normalize_name_rejects(
    value: Any, kwargs: dict[str, Any], code: str, params: dict[str, Any], assert_invalid
) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_name(value, **kwargs)
    assert_invalid(exc, code, "full_name", **params)


def test_normalize_name_reports_the_given_field(assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_name(" ", field="head_name")
    assert_invalid(exc, "name_empty", "head_name")


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 2, 28), date(2025, 2, 28)),
        (datetime(2025, 2, 28, 13, 5), date(2025, 2, 28)),
        ("2025-02-28", date(2025, 2, 28)),
        ("28/02/2025", date(2025, 2, 28)),
        ("1/3/2025", date(2025, 3, 1)),
        (" 29/02/2024 ", date(2024, 2, 29)),
        ("2024-02-29", date(2024, 2, 29)),
        ("31/12/1950", date(1950, 12, 31)),
    ],
)
def test_parse_date_accepts(value: object, expected: date) -> None:
    parsed = parse_date(value, field="date_of_birth")
    assert parsed == expected
    assert type(parsed) is date


@pytest.mark.parametrize(
    "value",
    [
        "31/02/2025",
        "29/02/2025",
        "00/01/2025",
        "2025-13-01",
        "2025-2-28",
        "28-02-2025",
        "28/02/25",
        "2025/02/28",
        "28.02.2025",
        "hôm nay",
        "",
        "٢٨/٠٢/٢٠٢٥",  # Arabic-Indic digits
        None,
        20250228,
        1.5,
    ],
)
def test_parse_date_rejects(value: object, assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_date(value, field="paid_on")
    assert_invalid(exc, "invalid_date", "paid_on")


@pytest.mark.parametrize("d", [date(2026, 3, 1), date(2026, 2, 28), date(1990, 1, 1)])
def test_check_not_future_accepts_today_and_before(d: date) -> None:
    assert check_not_future(d, today=date(2026, 3, 1), field="visited_on") == d


@pytest.mark.parametrize("d", [date(2026, 3, 2), date(2027, 1, 1)])
def test_check_not_future_rejects(d: date, assert_invalid) -> None:
    today = date(2026, 3, 1)
    with pytest.raises(InvalidValue) as exc:
        check_not_future(d, today=today, field="visited_on")
    assert_invalid(exc, "date_in_future", "visited_on", today=today)
    assert "01/03/2026" in exc.value.message_vi


@pytest.mark.parametrize(
    ("dob", "on", "age"),
    [
        (date(2000, 5, 10), date(2015, 5, 9), 14),
        (date(2000, 5, 10), date(2015, 5, 10), 15),
        (date(1990, 12, 31), date(2026, 1, 1), 35),
        (date(2004, 2, 29), date(2019, 2, 28), 14),  # non-leap year: not yet
        (date(2004, 2, 29), date(2019, 3, 1), 15),  # ... a year older on 1 March
        (date(2004, 2, 29), date(2020, 2, 28), 15),
        (date(2004, 2, 29), date(2020, 2, 29), 16),
        (date(2026, 3, 1), date(2026, 3, 1), 0),
    ],
)
def test_age_on(dob: date, on: date, age: int) -> None:
    assert age_on(dob, on) == age


@pytest.mark.parametrize(
    ("dob", "on", "min_age"),
    [
        (date(2011, 3, 1), date(2026, 3, 1), 15),  # 15th birthday
        (date(1960, 1, 1), date(2026, 3, 1), 15),
        (date(2008, 3, 1), date(2026, 3, 1), 18),
    ],
)
def test_check_voluntary_age_accepts(dob: date, on: date, min_age: int) -> None:
    check_voluntary_age(dob, on, min_age=min_age)


@pytest.mark.parametrize(
    ("dob", "on", "min_age", "age"),
    [
        (date(2011, 3, 2), date(2026, 3, 1), 15, 14),  # the day before the 15th birthday
        (date(2020, 1, 1), date(2026, 3, 1), 15, 6),
        (date(2008, 3, 2), date(2026, 3, 1), 18, 17),
    ],
)
def test_check_voluntary_age_rejects(
    dob: date, on: date, min_age: int, age: int, assert_invalid
) -> None:
    with pytest.raises(InvalidValue) as exc:
        check_voluntary_age(dob, on, min_age=min_age)
    assert_invalid(exc, "too_young", "date_of_birth", min_age=min_age, age=age)


# --- sex ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("male", "male"),
        ("MALE", "male"),
        ("nam", "male"),
        (" Nam ", "male"),
        ("female", "female"),
        ("Female", "female"),
        ("nữ", "female"),
        ("NỮ", "female"),
        (unicodedata.normalize("NFD", "Nữ"), "female"),
        ("nu", "female"),
    ],
)
def test_normalize_sex_accepts(value: str, expected: str) -> None:
    assert normalize_sex(value) == expected


@pytest.mark.parametrize("value", ["", "m", "f", "other", "nử", "nam giới", None, 1, True])
def test_normalize_sex_rejects(value: object, assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        normalize_sex(value)
    assert_invalid(exc, "not_in_choices", "sex", choices="male, female")
