"""The closed vocabularies of the sync contract (wire values), shared by records, rules and UI.

Wire values are English identifiers and never change; labels for people live beside them,
Vietnamese first.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

KINDS: Final = ("household", "person", "visit", "enrollment", "receipt", "event", "followup")

SEXES: Final = ("male", "female")

OUTCOMES: Final = ("enrolled", "interested", "refused", "not_home")

SCHEMES: Final = ("voluntary", "household_health")

SUPPORT_CATEGORIES: Final = ("poor", "near_poor", "ethnic_minority", "other")

# Payment method -> months covered by one payment; "advance" takes 1..60 months from the caller.
METHOD_MONTHS: Final = MappingProxyType(
    {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12, "advance": None}
)
METHODS: Final = tuple(METHOD_MONTHS)

MAX_ADVANCE_MONTHS: Final = 60

# Household health insurance is bought for 3, 6 or 12 months at a time.
HOUSEHOLD_PERIODS: Final = (3, 6, 12)

# Suggested relationships to the head of household (free text is accepted too).
RELATIONSHIPS: Final = (
    "head",
    "spouse",
    "child",
    "parent",
    "parent_in_law",
    "grandchild",
    "grandparent",
    "sibling",
    "child_in_law",
    "other_relative",
)

LABELS: Final = MappingProxyType(
    {
        "male": ("Nam", "Male"),
        "female": ("Nữ", "Female"),
        "enrolled": ("Đã tham gia", "Enrolled"),
        "interested": ("Quan tâm", "Interested"),
        "refused": ("Từ chối", "Refused"),
        "not_home": ("Vắng nhà", "Not home"),
        "voluntary": ("BHXH tự nguyện", "Voluntary social insurance"),
        "household_health": ("BHYT hộ gia đình", "Household health insurance"),
        "poor": ("Hộ nghèo", "Poor household"),
        "near_poor": ("Hộ cận nghèo", "Near-poor household"),
        "ethnic_minority": ("Người dân tộc thiểu số", "Ethnic minority"),
        "other": ("Đối tượng khác", "Other"),
        "monthly": ("Hằng tháng", "Monthly"),
        "quarterly": ("3 tháng một lần", "Every 3 months"),
        "half_yearly": ("6 tháng một lần", "Every 6 months"),
        "yearly": ("12 tháng một lần", "Every 12 months"),
        "advance": ("Đóng một lần cho nhiều năm về sau", "Lump sum in advance"),
        "head": ("Chủ hộ", "Head"),
        "spouse": ("Vợ/chồng", "Spouse"),
        "child": ("Con", "Child"),
        "parent": ("Bố/mẹ", "Parent"),
        "parent_in_law": ("Bố/mẹ vợ/chồng", "Parent-in-law"),
        "grandchild": ("Cháu", "Grandchild"),
        "grandparent": ("Ông/bà", "Grandparent"),
        "sibling": ("Anh/chị/em", "Sibling"),
        "child_in_law": ("Con dâu/con rể", "Child-in-law"),
        "other_relative": ("Người thân khác", "Other relative"),
    }
)


def label(value: str, lang: str = "vi") -> str:
    """Human label of a wire value; the value itself when it has none."""
    vi, en = LABELS.get(value, (value, value))
    return en if lang == "en" else vi
