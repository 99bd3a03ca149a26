"""Amounts of money written out in Vietnamese words, as a receipt carries them beside the
figures ("Ba triệu sáu trăm chín mươi sáu nghìn đồng"). Qt-free so reports and tests share it."""

from __future__ import annotations

from typing import Final

_DIGITS: Final = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Scales of three digits each; past "tỷ" the reading repeats ("một nghìn tỷ").
_SCALES: Final = ("", "nghìn", "triệu")
_BILLION: Final = 1_000_000_000


def _three(n: int, *, full: bool) -> str:
    """Read 0 < n < 1000; ``full`` reads "không trăm" and "linh" for a group that follows
    a higher one (1.005 -> "một nghìn không trăm linh năm")."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones:
            if words:
                words.append("linh")
            words.append(_DIGITS[ones])
    elif tens == 1:
        # After "mười" a 5 is read "lăm"; after "mươi" also a 1 becomes "mốt".
        words.append("mười")
        if ones:
            words.append("lăm" if ones == 5 else _DIGITS[ones])
    else:
        words += [_DIGITS[tens], "mươi"]
        if ones == 1:
            words.append("mốt")
        elif ones == 5:
            words.append("lăm")
        elif ones:
            words.append(_DIGITS[ones])
    return " ".join(words)


def _below_billion(n: int, *, full: bool) -> list[str]:
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words.append(_three(group, full=full or bool(words)))
        if _SCALES[index]:
            words.append(_SCALES[index])
    return words


def _number_words(n: int, *, full: bool = False) -> list[str]:
    high, low = divmod(n, _BILLION)
    words: list[str] = []
    if high:
        words += _number_words(high, full=full)
        words.append("tỷ")
    if low:
        words += _below_billion(low, full=full or bool(words))
    return words


def number_in_words_vi(n: int) -> str:
    """A whole number read in Vietnamese, lower case:
    105300 -> "một trăm linh năm nghìn ba trăm"."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("a whole number of đồng is needed")
    if n < 0:
        raise ValueError("an amount of money cannot be negative")
    if n == 0:
        return _DIGITS[0]
    return " ".join(_number_words(n))


def amount_in_words_vi(amount: int) -> str:
    """An amount of đồng in words, capitalised, as written on receipts:
    3696000 -> "Ba triệu sáu trăm chín mươi sáu nghìn đồng"."""
    text = f"{number_in_words_vi(amount)} đồng"
    return text[0].upper() + text[1:]
