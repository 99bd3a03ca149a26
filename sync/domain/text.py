"""Text normalisation for Vietnamese: NFC for storage and display, a folded key for search.

Names are stored as typed (NFC, with diacritics); ``fold`` gives the key that lets "hoa" find
"Hoà", "Hòa" and "HÒA" alike.
"""

from __future__ import annotations

import re
import unicodedata

# U+0300-U+036F, Combining Diacritical Marks: every Vietnamese tone and vowel mark after NFD
# (all of the block is category Mn). Removed by one regex; only what is left beyond ASCII is
# looked at character by character.
_COMMON_MARKS = re.compile("[\u0300-\u036f]+")


def nfc(s: str) -> str:
    """``s`` in Unicode NFC, the one form we store (input methods send both NFC and NFD)."""
    return unicodedata.normalize("NFC", s)


def clean_text(s: str) -> str:
    """NFC, every run of whitespace (tabs, newlines, no-break spaces) made one space, stripped."""
    return " ".join(nfc(s).split())


def fold(s: str) -> str:
    """The search key: no diacritics, đ -> d, lower case, single spaces.

    ``"Nguyễn Văn Ánh"`` -> ``"nguyen van anh"``. Dropping every mark after NFD makes the old
    ("Hoà") and new ("Hòa") tone placements equal without a table of spellings.
    """
    # đ is a letter with a stroke, not a letter plus a mark, so NFD leaves it alone.
    bare = _COMMON_MARKS.sub("", unicodedata.normalize("NFD", s)).replace("Đ", "d")
    if not bare.replace("đ", "d").isascii():
        bare = "".join(ch for ch in bare if unicodedata.category(ch) != "Mn")
    folded = bare.casefold().replace("đ", "d")
    return " ".join(folded.split())
