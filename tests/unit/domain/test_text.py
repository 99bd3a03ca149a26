import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.domain.text import clean_text, fold, nfc

# "Nguyễn" typed with a decomposed input method: base letters plus combining marks.
NGUYEN_NFD = unicodedata.normalize("NFD", "Nguyễn")


def test_nfc_composes_decomposed_input() -> None:
    assert NGUYEN_NFD != "Nguyễn"
    assert nfc(NGUYEN_NFD) == "Nguyễn"
    assert len(nfc(NGUYEN_NFD)) == 6


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Nguyễn   Văn  Ánh ", "Nguyễn Văn Ánh"),
        ("Lò\tVăn\nPáo", "Lò Văn Páo"),
        ("H'Hen\u00a0Niê", "H'Hen Niê"),
        (NGUYEN_NFD + "  Thị", "Nguyễn Thị"),
        ("   ", ""),
        ("", ""),
        ("ĐẶNG", "ĐẶNG"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn Ánh", "nguyen van anh"),
        ("Đặng Thị Ngọc Ánh", "dang thi ngoc anh"),
        ("ĐẶNG", "dang"),
        ("đường", "duong"),
        ("Xã U Minh Thượng", "xa u minh thuong"),
        ("  Trần   Thị\tHoà ", "tran thi hoa"),
        ("Y Moan Ênuôl", "y moan enuol"),
        ("H'Hen Niê", "h'hen nie"),
        ("Phường Ba Đình", "phuong ba dinh"),
        ("Ưng Hoàng Phúc", "ung hoang phuc"),
        (NGUYEN_NFD, "nguyen"),
        ("", ""),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà", "Hòa"),  # old and new tone placement
        ("Thuỷ", "Thủy"),
        ("Khánh Hoà", "KHÁNH HÒA"),
        ("Thanh Hoá", "thanh hóa"),
        ("Nguyễn", NGUYEN_NFD),
    ],
)
def test_fold_makes_spelling_variants_equal(a: str, b: str) -> None:
    assert a != b
    assert fold(a) == fold(b)


@given(st.text())
@settings(database=None)
def test_fold_is_idempotent_and_mark_free(s: str) -> None:
    key = fold(s)
    assert fold(key) == key
    assert not any(unicodedata.category(ch) == "Mn" for ch in key)
    assert "đ" not in key
    assert key == key.strip()
    assert "  " not in key


@given(st.text())
@settings(database=None)
def test_clean_text_is_idempotent_and_nfc(s: str) -> None:
    cleaned = clean_text(s)
    assert clean_text(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
