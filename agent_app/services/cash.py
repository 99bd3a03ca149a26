"""The day's cash counted by note, against the receipts' total: the figures of the remittance
slip (bảng kê nộp tiền). Qt-free; integer đồng.

Each count is a whole number of notes, never negative, at most :data:`MAX_NOTES` of one
denomination (a bundle is 100 notes; a day's collection never comes near 10,000 of one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from sync.domain.errors import InvalidValue

# The notes in circulation an agent takes, largest first (đồng).
NOTES: Final = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000)
MAX_NOTES: Final = 9_999


@dataclass(frozen=True, slots=True)
class CashCount:
    counts: tuple[tuple[int, int], ...]  # (note, how many), every note, largest first
    expected: int  # the receipts' total

    @property
    def total(self) -> int:
        return sum(note * n for note, n in self.counts)

    @property
    def difference(self) -> int:
        """Counted − the receipts' total: positive over, negative short."""
        return self.total - self.expected

    @property
    def notes(self) -> int:
        return sum(n for _, n in self.counts)


def count_cash(counts: Mapping[int, int], expected: int) -> CashCount:
    """The count of each note (missing ones are 0); ``InvalidValue`` names a bad count."""
    out = []
    for note in NOTES:
        n = counts.get(note, 0)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0 or n > MAX_NOTES:
            raise InvalidValue("invalid", f"note_{note}")
        out.append((note, n))
    unknown = set(counts) - set(NOTES)
    if unknown:
        raise InvalidValue("invalid", f"note_{min(unknown)}")
    return CashCount(tuple(out), expected)
