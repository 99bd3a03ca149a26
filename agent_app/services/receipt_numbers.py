"""The shape of the numbers this laptop gives receipts: ``<agent code>-<year>-<sequence>``
(``BD0001-2026-000123``), the sequence restarting each year as receipt software does. The agent
code comes first, so the server can check the number is the sender's."""

from __future__ import annotations

from typing import Final

RECEIPT_SEQUENCE_DIGITS: Final = 6


def receipt_year_prefix(agent_code: str, year: int) -> str:
    """What every number of ``agent_code`` in ``year`` starts with (``BD0001-2026-``)."""
    return f"{agent_code.strip().upper()}-{year:04d}-"
