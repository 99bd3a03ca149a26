"""Argument checks and rounding shared by the money rules: integer đồng, real dates, and one
rounding rule (half up, once, at the end)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sync.domain.errors import RuleError

HUNDRED = Decimal(100)


def to_dong(value: Decimal) -> int:
    """Round an exact amount to whole đồng, half up (0.5 đồng goes up)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def as_date(value: object, field_name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RuleError("invalid_date", field_name)


def as_int(value: object, field_name: str, code: str = "invalid") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(code, field_name)
    return value
