"""Amounts in Vietnamese words, as printed on receipts."""

from __future__ import annotations

import pytest

from agent_app.services.words import amount_in_words_vi, number_in_words_vi


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1_000, "Một nghìn đồng"),
        (1_005, "Một nghìn không trăm linh năm đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (105_300, "Một trăm linh năm nghìn ba trăm đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (3_696_000, "Ba triệu sáu trăm chín mươi sáu nghìn đồng"),
        (2_906_280, "Hai triệu chín trăm linh sáu nghìn hai trăm tám mươi đồng"),
        (
            16_639_278,
            "Mười sáu triệu sáu trăm ba mươi chín nghìn hai trăm bảy mươi tám đồng",
        ),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_000_000_001, "Một tỷ không trăm linh một đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
    ],
)
def test_amounts_read_as_on_a_receipt(amount: int, words: str) -> None:
    assert amount_in_words_vi(amount) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (10, "mười"),  # a lone ten is "mười", not "một mươi"
        (11, "mười một"),  # "mốt" only after "mươi"
        (15, "mười lăm"),  # 'lăm' after mười
        (25, "hai mươi lăm"),  # 'lăm' after mươi
        (31, "ba mươi mốt"),  # 'mốt' after mươi
        (105, "một trăm linh năm"),  # 'linh' for an empty tens place; 5 stays "năm"
        (110, "một trăm mười"),
        (2_015, "hai nghìn không trăm mười lăm"),  # an inner group reads its hundreds
        (20, "hai mươi"),
        (24, "hai mươi bốn"),
    ],
)
def test_reading_rules(n: int, words: str) -> None:
    assert number_in_words_vi(n) == words


def test_negative_and_non_integer_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        amount_in_words_vi(-1)
    with pytest.raises(TypeError):
        amount_in_words_vi(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        amount_in_words_vi(True)
