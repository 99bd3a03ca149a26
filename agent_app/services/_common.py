"""Helpers the use-case modules share: validation with every error at once, month arithmetic,
and reading wire values back out of stored bodies."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from sync.domain.amounts import as_date
from sync.domain.errors import FieldError, RuleError, ValidationFailed
from sync.domain.messages import field_label
from sync.domain.records import Record, parse_record
from sync.domain.vocab import METHOD_MONTHS


def parse(kind: str, body: Mapping[str, Any], today: date) -> Record:
    return parse_record(kind, dict(body), today=today)


def tagged(errors: Iterable[FieldError], **tags: Any) -> list[FieldError]:
    """The errors with extra params (e.g. which member of a household form they belong to)."""
    return [
        FieldError(e.code, e.field, e.message_vi, e.message_en, {**e.params, **tags})
        for e in errors
    ]


# Codes the use cases add to the domain's catalogue (sync.domain.messages is not ours to edit).
MESSAGES: dict[str, tuple[str, str]] = {
    "not_found": ("{label}: không tìm thấy hồ sơ.", "{label}: no such record."),
    "duplicate": (
        "{label}: đã có trong hồ sơ khác.",
        "{label}: already on another record.",
    ),
    "not_member": (
        "{label}: người này không thuộc hộ gia đình.",
        "{label}: this person is not in the household.",
    ),
    "already_receipted": (
        "{label}: đã lập biên lai cho hồ sơ này.",
        "{label}: a receipt was already issued for it.",
    ),
    "already_voided": (
        "Biên lai này đã bị hủy trước đó.",
        "This receipt was already voided.",
    ),
    "not_in_scope": (
        "{label}: không thuộc địa bàn được giao.",
        "{label}: outside your assigned communes.",
    ),
    "not_in_attention": (
        "Thay đổi này không còn chờ xử lý.",
        "This change no longer needs attention.",
    ),
    "invalid_month": (
        "Từ tháng: phải là tháng/năm dạng YYYY-MM, ví dụ 2026-12.",
        "From month: it must be a month as YYYY-MM, e.g. 2026-12.",
    ),
}


def error(code: str, field: str | None = None, **params: Any) -> FieldError:
    if code not in MESSAGES:
        return FieldError.make(code, field, **params)
    vi, en = MESSAGES[code]
    return FieldError(
        code,
        field,
        vi.format(label=field_label(field, "vi")),
        en.format(label=field_label(field, "en")),
        dict(params),
    )


def fail(code: str, field: str | None = None, **params: Any) -> ValidationFailed:
    return ValidationFailed([error(code, field, **params)])


def as_day(value: object) -> date | None:
    """A date from a body value (date or ISO text), or None when it is not one."""
    try:
        return as_date(value, "date")
    except RuleError:
        return None


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def enrollment_months(body: Mapping[str, Any]) -> int:
    months = body.get("months")
    if isinstance(months, int) and not isinstance(months, bool) and months > 0:
        return months
    period = METHOD_MONTHS.get(str(body.get("method")))
    return period or 1


def cover_start(body: Mapping[str, Any]) -> date | None:
    """The first day of ``cover_from`` ("YYYY-MM", the month cover starts), if it has one."""
    value = body.get("cover_from")
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        try:
            return date(int(value[:4]), int(value[5:]), 1)
        except ValueError:
            return None
    return None


def check_cover_from(body: Mapping[str, Any]) -> None:
    """``cover_from``, when present, must be a month ("YYYY-MM"); raises ``ValidationFailed``."""
    if "cover_from" in body and cover_start(body) is None:
        raise fail("invalid_month", "cover_from", value=body.get("cover_from"))


def paid_period(body: Mapping[str, Any]) -> tuple[date, date] | None:
    """(first day, last day) an enrollment pays for, for its months: from the first day of
    ``cover_from`` when the enrollment says when cover starts, else from ``paid_on``."""
    start = cover_start(body) or as_day(body.get("paid_on"))
    if start is None:
        return None
    return start, add_months(start, enrollment_months(body)) - timedelta(days=1)


def text(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) and value else None


def integer(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
