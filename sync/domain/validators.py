"""Validators for what a field agent types: CCCD numbers, mobile phones, names, dates and sex.

Each returns the normalised value or raises :class:`~sync.domain.errors.InvalidValue` with a
catalogue code and the field at fault, so the UI can put the sentence next to the right box.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from types import MappingProxyType
from typing import Final

import phonenumbers
from phonenumbers import PhoneNumberType

from sync.domain.errors import InvalidValue
from sync.domain.text import clean_text, nfc

# The 63 pre-2025 provinces, by the code of the place of birth registration that opens a CCCD
# number (Circular 07/2016/TT-BCA, amended by 59/2021/TT-BCA). The 2025 merger into 34 provinces
# did not renumber existing cards, so these stay the reference for the first three digits.
CCCD_PROVINCE_NAMES: Final = MappingProxyType(
    {
        "001": "Hà Nội",
        "002": "Hà Giang",
        "004": "Cao Bằng",
        "006": "Bắc Kạn",
        "008": "Tuyên Quang",
        "010": "Lào Cai",
        "011": "Điện Biên",
        "012": "Lai Châu",
        "014": "Sơn La",
        "015": "Yên Bái",
        "017": "Hoà Bình",
        "019": "Thái Nguyên",
        "020": "Lạng Sơn",
        "022": "Quảng Ninh",
        "024": "Bắc Giang",
        "025": "Phú Thọ",
        "026": "Vĩnh Phúc",
        "027": "Bắc Ninh",
        "030": "Hải Dương",
        "031": "Hải Phòng",
        "033": "Hưng Yên",
        "034": "Thái Bình",
        "035": "Hà Nam",
        "036": "Nam Định",
        "037": "Ninh Bình",
        "038": "Thanh Hoá",
        "040": "Nghệ An",
        "042": "Hà Tĩnh",
        "044": "Quảng Bình",
        "045": "Quảng Trị",
        "046": "Thừa Thiên Huế",
        "048": "Đà Nẵng",
        "049": "Quảng Nam",
        "051": "Quảng Ngãi",
        "052": "Bình Định",
        "054": "Phú Yên",
        "056": "Khánh Hoà",
        "058": "Ninh Thuận",
        "060": "Bình Thuận",
        "062": "Kon Tum",
        "064": "Gia Lai",
        "066": "Đắk Lắk",
        "067": "Đắk Nông",
        "068": "Lâm Đồng",
        "070": "Bình Phước",
        "072": "Tây Ninh",
        "074": "Bình Dương",
        "075": "Đồng Nai",
        "077": "Bà Rịa - Vũng Tàu",
        "079": "TP Hồ Chí Minh",
        "080": "Long An",
        "082": "Tiền Giang",
        "083": "Bến Tre",
        "084": "Trà Vinh",
        "086": "Vĩnh Long",
        "087": "Đồng Tháp",
        "089": "An Giang",
        "091": "Kiên Giang",
        "092": "Cần Thơ",
        "093": "Hậu Giang",
        "094": "Sóc Trăng",
        "095": "Bạc Liêu",
        "096": "Cà Mau",
    }
)
CCCD_PROVINCE_CODES: Final = frozenset(CCCD_PROVINCE_NAMES)

SEX_CHOICES: Final = "male, female"
_SEX_WORDS: Final = MappingProxyType(
    {"male": "male", "nam": "male", "female": "female", "nữ": "female", "nu": "female"}
)
_SEX_VI: Final = MappingProxyType({"male": "nam", "female": "nữ"})

_CCCD_SEPARATORS = re.compile(r"[\s.]")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DISPLAY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_NAME_PUNCTUATION = frozenset(" '’-.")
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


def _text(value: object, code: str, field: str) -> str:
    # Values also arrive from the wire and spreadsheets, where a number may come as an int.
    if not isinstance(value, str):
        raise InvalidValue(code, field)
    return value


def _is_ascii_digits(s: str) -> bool:
    # str.isdigit alone accepts Arabic-Indic and full-width digits.
    return s.isascii() and s.isdigit()


# --- CCCD ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CccdInfo:
    """What a CCCD number says about its holder."""

    province_code: str
    sex: str
    birth_year_suffix: int
    century_start: int

    @property
    def birth_year(self) -> int:
        return self.century_start + self.birth_year_suffix

    @property
    def province_name(self) -> str:
        return CCCD_PROVINCE_NAMES[self.province_code]


def _decode(digits: str) -> CccdInfo:
    century_digit = int(digits[3])
    return CccdInfo(
        province_code=digits[:3],
        sex="male" if century_digit % 2 == 0 else "female",
        birth_year_suffix=int(digits[4:6]),
        century_start=1900 + (century_digit // 2) * 100,
    )


def normalize_cccd(
    value: str,
    *,
    date_of_birth: date | None = None,
    sex: str | None = None,
    field: str = "cccd",
) -> str:
    """The 12-digit CCCD number, checked against the date of birth and sex when given."""
    digits = _CCCD_SEPARATORS.sub("", _text(value, "cccd_format", field))
    if len(digits) != 12 or not _is_ascii_digits(digits):
        raise InvalidValue("cccd_format", field)
    if digits[:3] not in CCCD_PROVINCE_CODES:
        raise InvalidValue("cccd_province", field, prefix=digits[:3])
    info = _decode(digits)
    if date_of_birth is not None:
        # Compares the full year, so a wrong century digit is caught here too.
        if info.birth_year != date_of_birth.year:
            raise InvalidValue(
                "cccd_birth_year_mismatch",
                field,
                cccd_year=info.birth_year,
                year=date_of_birth.year,
            )
    elif info.century_start >= 2100:
        # The scheme reserves digits up to the 2300s, but nobody alive was born after 2099.
        raise InvalidValue("cccd_century", field, digit=digits[3])
    if sex is not None and normalize_sex(sex) != info.sex:
        raise InvalidValue(
            "cccd_sex_mismatch", field, cccd_sex_vi=_SEX_VI[info.sex], cccd_sex_en=info.sex
        )
    return digits


def cccd_info(value: str) -> CccdInfo:
    """Decode a CCCD number (normalised and checked first, so it raises like ``normalize_cccd``)."""
    return _decode(normalize_cccd(value))


# --- phone --------------------------------------------------------------------------------


def _national_phone(raw: str) -> str | None:
    """``raw`` as a national number starting with 0, or None when it is not Vietnamese."""
    if raw.startswith(("+", "00")):
        rest = raw.removeprefix("+").removeprefix("00")
        if not rest.startswith("84"):
            return None
        rest = rest[2:]
        # "+84 0912 ..." is a common way of writing it; the trunk 0 is not dialled after +84.
        national = rest if rest.startswith("0") else "0" + rest
    elif raw.startswith("84") and len(raw) == 11:
        national = "0" + raw[2:]
    elif raw.startswith("0"):
        national = raw
    else:
        return None
    # A lone trunk 0 (from "0", "+84" or "0084") is no number at all.
    return national if _is_ascii_digits(national) and national != "0" else None


def _vn_number(national: str) -> phonenumbers.PhoneNumber:
    # Built directly rather than parsed so "00..." is never read as an international prefix.
    return phonenumbers.PhoneNumber(country_code=84, national_number=int(national[1:]))


def _is_mobile(national: str) -> bool:
    number = _vn_number(national)
    return (
        phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in _MOBILE_TYPES
    )


@cache
def _mobile_head(head: str) -> bool:
    """Whether some mobile number starts with ``head`` (3 to 5 digits, with the leading 0).

    phonenumbers tells the mobile ranges apart by at most the first five digits (e.g. 0121[0-3],
    089[6-9]); past that any digit goes, so padding with zeros stands for the whole block.
    """
    if len(head) >= 5:
        return _is_mobile(head.ljust(10, "0"))
    return any(_mobile_head(head + d) for d in "0123456789")


def _non_mobile_prefix(national: str) -> str | None:
    """The shortest start of ``national`` (3 digits or more) that no mobile number has."""
    for n in (3, 4, 5):
        if not _mobile_head(national[:n]):
            return national[:n]
    return None


def normalize_phone(value: str, *, field: str = "phone") -> str:
    """A Vietnamese mobile number as 10 digits ``0xxxxxxxxx`` (from 0..., 84... or +84...)."""
    raw = _PHONE_SEPARATORS.sub("", _text(value, "phone_format", field))
    national = _national_phone(raw)
    if national is None:
        raise InvalidValue("phone_format", field)
    if len(national) == 10 and _is_mobile(national):
        return national
    # Landlines have 11 digits; saying "not a mobile" helps more than "wrong length".
    if len(national) == 10 or phonenumbers.is_valid_number(_vn_number(national)):
        prefix = _non_mobile_prefix(national)
        if prefix is not None:
            raise InvalidValue("phone_not_mobile", field, prefix=prefix)
    raise InvalidValue("phone_format", field)


# --- names --------------------------------------------------------------------------------


def _name_char_ok(ch: str) -> bool:
    return ch in _NAME_PUNCTUATION or unicodedata.category(ch)[0] in ("L", "M")


def normalize_name(value: str, *, field: str = "full_name", max_length: int = 100) -> str:
    """A person's name as typed (case kept), in NFC with single spaces."""
    name = clean_text(_text(value, "name_empty", field))
    if not name:
        raise InvalidValue("name_empty", field)
    if len(name) > max_length:
        raise InvalidValue("too_long", field, max_length=max_length)
    if not all(_name_char_ok(ch) for ch in name) or not any(ch.isalpha() for ch in name):
        raise InvalidValue("name_characters", field)
    return name


# --- dates --------------------------------------------------------------------------------


def parse_date(value: object, *, field: str) -> date:
    """A date from a ``date``/``datetime``, ISO ``YYYY-MM-DD`` or displayed ``dd/MM/yyyy``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if m := _ISO_DATE.fullmatch(text):
            year, month, day = m.groups()
        elif m := _DISPLAY_DATE.fullmatch(text):
            day, month, year = m.groups()
        else:
            raise InvalidValue("invalid_date", field)
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise InvalidValue("invalid_date", field)


def check_not_future(d: date, *, today: date, field: str) -> date:
    """``d`` unchanged, unless it is after ``today`` (passed in: the clock is the caller's)."""
    if d > today:
        raise InvalidValue("date_in_future", field, today=today)
    return d


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on ``on``; someone born on 29 February ages on 1 March in other years."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def check_voluntary_age(
    date_of_birth: date, on: date, *, field: str = "date_of_birth", min_age: int = 15
) -> None:
    """Voluntary social insurance is open to people aged ``min_age`` (15) or more."""
    age = age_on(date_of_birth, on)
    if age < min_age:
        raise InvalidValue("too_young", field, min_age=min_age, age=age)


# --- sex ----------------------------------------------------------------------------------


def normalize_sex(value: object, *, field: str = "sex") -> str:
    """``"male"`` or ``"female"`` from the wire value or Vietnamese "nam"/"nữ", in any case."""
    if isinstance(value, str):
        found = _SEX_WORDS.get(nfc(value).strip().casefold())
        if found is not None:
            return found
    raise InvalidValue("not_in_choices", field, choices=SEX_CHOICES)
