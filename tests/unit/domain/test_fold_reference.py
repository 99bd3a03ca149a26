"""``fold`` strips the common combining marks with one regex (it runs for every household a
pull page stores); it must give exactly what the plain definition gives, for any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.domain.text import fold


def reference_fold(s: str) -> str:
    """The definition: NFD, every Mn mark dropped, casefold, đ -> d, single spaces."""
    decomposed = unicodedata.normalize("NFD", s)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.casefold().replace("đ", "d").split())


VIETNAMESE = "ĐđÀÁẠẢÃàáạảãĂẰẮẶẲẴăằắặẳẵÂẦẤẬẨẪâầấậẩẫêềếệểễôồốộổỗơờớợởỡưừứựửữỳýỵỷỹ \u0301\u0323"


def test_the_combining_block_is_all_marks() -> None:
    assert all(unicodedata.category(chr(c)) == "Mn" for c in range(0x300, 0x370))


@settings(max_examples=3000)
@given(st.text(alphabet=st.sampled_from(VIETNAMESE) | st.characters(), max_size=40))
def test_fold_matches_its_definition(text: str) -> None:
    assert fold(text) == reference_fold(text)


def test_fold_examples() -> None:
    assert fold("Nguyễn Văn Ánh") == "nguyen van anh"
    assert fold("  ĐẶNG   thị\tHoà ") == "dang thi hoa"
    assert fold("İstanbul") == reference_fold("İstanbul")  # casefold makes a mark: kept
    assert fold("Ǆ ﬃ ß") == reference_fold("Ǆ ﬃ ß")
