"""The checks a row of a BHXH list must pass before it is written, and how a problem is told:
whose, which field, what is wrong (the domain's sentence) and what to do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from agent_app.services._common import as_day, text
from sync.domain.errors import DomainError, FieldError
from sync.domain.messages import field_label
from sync.domain.records import BHXH_CODE_LENGTH
from sync.domain.validators import normalize_cccd, normalize_name

# What to do about each kind of problem: (Vietnamese, English).
TODO: Final[Mapping[str, tuple[str, str]]] = {
    "fix_person": (
        "Sửa thông tin của người này (Hộ gia đình → thành viên) rồi xuất lại.",
        "Correct this person's details (Households → the member) and export again.",
    ),
    "add_id": (
        "Nhập số CCCD (12 chữ số) hoặc mã số BHXH (10 ký tự) của người này.",
        "Enter this person's CCCD (12 digits) or BHXH code (10 characters).",
    ),
    "fix_household": (
        "Sửa xã/phường và địa chỉ của hộ gia đình rồi xuất lại.",
        "Correct the household's commune and address and export again.",
    ),
    "issue_receipt": (
        "Lập biên lai cho lần đóng này (mở hộ gia đình → lần đóng → Biên lai).",
        "Issue the receipt of this payment (open the household → the payment → Receipt).",
    ),
    "fix_receipt": (
        "Số tiền trên biên lai khác số tiền đã đóng: kiểm tra lại biên lai.",
        "The receipt's amount differs from the payment: check the receipt.",
    ),
    "fix_amount": (
        "Số tiền đã lưu khác mức tính theo quy định: sửa lần đóng trong mục Cần xử lý.",
        "The stored amount is not what the rules give: correct the payment in Needs attention.",
    ),
    "set_code": (
        "Chưa có mã của phương thức đóng này cho phần mềm thu: hỏi cơ quan BHXH và bổ sung "
        "vào bảng mã (bhxh_codes.json).",
        "This payment method has no code for the collection software yet: ask the BHXH "
        "office and add it to the code table (bhxh_codes.json).",
    ),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing that blocks a row: whose, which field, what is wrong and what to do."""

    person_name: str
    person_id: str | None
    household_id: str | None
    enrollment_id: str
    field: str | None
    error: FieldError
    todo: str

    def field_name(self, lang: str = "vi") -> str:
        return field_label(self.field, lang) if self.field else ""

    def message(self, lang: str = "vi") -> str:
        vi, en = TODO[self.todo]
        return f"{self.error.message(lang)} {en if lang == 'en' else vi}"


class ExportBlocked(ValueError):
    """Some rows have problems and the agent did not choose to write the good rows only."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problems block the list; nothing was written")
        self.problems = tuple(problems)


# Problems the domain's catalogue has no sentence for: (code, field, Vietnamese, English).
_OWN: Final[Mapping[str, tuple[str, str, str]]] = {
    "no_receipt": ("number", "Số biên lai: chưa lập biên lai.", "Receipt number: no receipt yet."),
    "no_identity": (
        "cccd",
        "Số CCCD: chưa có số CCCD và cũng chưa có mã số BHXH.",
        "ID number (CCCD): neither a CCCD nor a BHXH code is recorded.",
    ),
    "no_code": (
        "method",
        "Phương thức đóng: chưa có mã trong bảng mã.",
        "Payment method: it has no code in the code table.",
    ),
    "no_person": ("person_id", "Người tham gia: không tìm thấy hồ sơ.", "Participant: no record."),
}


def own_error(code: str) -> FieldError:
    fld, vi, en = _OWN[code]
    return FieldError(code, fld, vi, en)


def person_problems(pbody: Mapping[str, Any]) -> list[tuple[str, FieldError, str]]:
    """(field, error, what to do) for each thing wrong with a participant's record: the name,
    the date of birth, a CCCD that does not check out (against the date of birth and sex), a
    BHXH code that is not 10 characters, or neither a CCCD nor a BHXH code."""
    found: list[tuple[str, FieldError, str]] = []
    try:
        normalize_name(str(pbody.get("full_name") or ""))
    except DomainError as exc:
        found.append(("full_name", exc.error, "fix_person"))
    born = as_day(pbody.get("date_of_birth"))
    if born is None:
        found.append(("date_of_birth", FieldError.make("required", "date_of_birth"), "fix_person"))
    cccd, bhxh = text(pbody, "cccd"), text(pbody, "bhxh_code")
    if cccd is not None:
        try:
            normalize_cccd(cccd, date_of_birth=born, sex=text(pbody, "sex"))
        except DomainError as exc:
            found.append(("cccd", exc.error, "fix_person"))
    if bhxh is not None and (
        len(bhxh) != BHXH_CODE_LENGTH or not (bhxh.isascii() and bhxh.isalnum())
    ):
        found.append(("bhxh_code", FieldError.make("invalid", "bhxh_code"), "fix_person"))
    if cccd is None and bhxh is None:
        found.append(("cccd", own_error("no_identity"), "add_id"))
    return found
