"""The catalogue of error messages, Vietnamese first and English second, keyed by error code.

Templates are ``str.format`` strings; ``{label}`` is the field's human name in the same language
and any other placeholder comes from the error's parameters. Money placeholders are formatted
``1.234.000 ₫`` and dates ``dd/MM/yyyy`` before rendering.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# Human names of fields, (Vietnamese, English).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "cccd": ("Số CCCD", "ID number (CCCD)"),
    "phone": ("Số điện thoại", "Phone number"),
    "full_name": ("Họ và tên", "Full name"),
    "head_name": ("Tên chủ hộ", "Head of household"),
    "date_of_birth": ("Ngày sinh", "Date of birth"),
    "sex": ("Giới tính", "Sex"),
    "relationship": ("Quan hệ với chủ hộ", "Relationship to head"),
    "ethnicity": ("Dân tộc", "Ethnicity"),
    "bhxh_code": ("Mã số BHXH", "Social insurance code"),
    "household_id": ("Hộ gia đình", "Household"),
    "person_id": ("Người tham gia", "Participant"),
    "commune_code": ("Xã/phường", "Commune"),
    "province_code": ("Tỉnh/thành phố", "Province"),
    "address": ("Địa chỉ", "Address"),
    "visited_on": ("Ngày thăm", "Visit date"),
    "outcome": ("Kết quả", "Outcome"),
    "reason": ("Lý do", "Reason"),
    "follow_up_on": ("Ngày hẹn lại", "Follow-up date"),
    "script_id": ("Kịch bản tư vấn", "Script"),
    "event_id": ("Sự kiện", "Event"),
    "notes": ("Ghi chú", "Notes"),
    "scheme": ("Loại hình", "Scheme"),
    "paid_on": ("Ngày đóng", "Payment date"),
    "amount": ("Số tiền", "Amount"),
    "income": ("Mức thu nhập chọn đóng", "Chosen monthly income"),
    "support": ("Đối tượng hỗ trợ", "Support category"),
    "method": ("Phương thức đóng", "Payment method"),
    "months": ("Số tháng", "Months"),
    "members": ("Số thành viên", "Members"),
    "member_ids": ("Thành viên", "Members"),
    "number": ("Số biên lai", "Receipt number"),
    "enrollment_id": ("Hồ sơ tham gia", "Enrollment"),
    "issued_on": ("Ngày lập biên lai", "Receipt date"),
    "type": ("Loại sự kiện", "Event type"),
    "held_on": ("Ngày tổ chức", "Event date"),
    "attendees": ("Số người dự", "Attendees"),
    "leads": ("Số người quan tâm", "Leads"),
    "due_on": ("Ngày đến hạn", "Due date"),
    "done": ("Đã xong", "Done"),
    "months_contributed": ("Số tháng đã đóng", "Months contributed"),
    "average_income": ("Thu nhập bình quân", "Average income"),
    "supported_months_before": ("Số tháng đã được hỗ trợ", "Months already supported"),
    "village": ("Thôn/ấp/tổ dân phố", "Village"),
    "old_address": ("Địa chỉ cũ (trước 2025)", "Old address (before 2025)"),
    "confirmation_code": ("Mã xác nhận của BHXH", "BHXH confirmation code"),
    "voided": ("Đã hủy", "Voided"),
    "void_reason": ("Lý do hủy biên lai", "Reason for voiding"),
    "voided_on": ("Ngày hủy biên lai", "Date voided"),
    "enrollments": ("Số người tham gia", "Enrollments"),
    "on": ("Ngày tính", "Date"),
}

# code -> (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- generic field checks -----------------------------------------------------------
    "required": ("{label}: bắt buộc phải nhập.", "{label} is required."),
    "invalid": ("{label}: giá trị không hợp lệ.", "{label}: the value is not valid."),
    "wrong_type": (
        "{label}: phải là {expected}.",
        "{label} must be {expected_en}.",
    ),
    "too_long": (
        "{label}: dài quá {max_length} ký tự.",
        "{label} is longer than {max_length} characters.",
    ),
    "not_in_choices": (
        "{label}: phải là một trong {choices}.",
        "{label} must be one of {choices}.",
    ),
    "negative": ("{label}: không được âm.", "{label} must not be negative."),
    "invalid_date": (
        "{label}: ngày không hợp lệ (dạng dd/MM/yyyy).",
        "{label}: not a valid date (dd/MM/yyyy).",
    ),
    "date_in_future": (
        "{label}: không được sau ngày hôm nay ({today}).",
        "{label} cannot be after today ({today}).",
    ),
    "date_before": (
        "{label}: không được trước {other_label} ({other}).",
        "{label} cannot be before {other_label_en} ({other}).",
    ),
    "more_than_other": (
        "{label}: {value} nhiều hơn {other_label} ({other}).",
        "{label}: {value} is more than {other_label_en} ({other}).",
    ),
    "invalid_id": (
        "{label}: mã định danh không hợp lệ.",
        "{label}: not a valid record id.",
    ),
    # --- identifiers and people ----------------------------------------------------------
    "cccd_format": (
        "{label}: phải gồm đúng 12 chữ số.",
        "{label} must be exactly 12 digits.",
    ),
    "cccd_province": (
        "{label}: 3 số đầu ({prefix}) không phải mã tỉnh nơi đăng ký khai sinh.",
        "{label}: the first 3 digits ({prefix}) are not a province of birth registration.",
    ),
    "cccd_century": (
        "{label}: chữ số thứ 4 ({digit}) không ứng với thế kỷ sinh hợp lệ.",
        "{label}: the 4th digit ({digit}) is not a valid century/sex digit.",
    ),
    "cccd_sex_mismatch": (
        "{label}: chữ số thứ 4 cho biết giới tính {cccd_sex_vi}, không khớp giới tính đã nhập.",
        "{label}: the 4th digit says {cccd_sex_en}, which does not match the sex entered.",
    ),
    "cccd_birth_year_mismatch": (
        "{label}: số CCCD ứng với năm sinh {cccd_year}, không khớp ngày sinh ({year}).",
        "{label}: the number encodes birth year {cccd_year}, not {year} as entered.",
    ),
    "phone_format": (
        "{label}: phải là số di động 10 chữ số bắt đầu bằng 0 (ví dụ 0912 345 678).",
        "{label} must be a 10-digit mobile number starting with 0 (e.g. 0912 345 678).",
    ),
    "phone_not_mobile": (
        "{label}: đầu số {prefix} không phải đầu số di động Việt Nam.",
        "{label}: {prefix} is not a Vietnamese mobile prefix.",
    ),
    "name_empty": ("{label}: chưa nhập.", "{label} is empty."),
    "name_characters": (
        "{label}: chỉ được chứa chữ cái, dấu cách, dấu nháy và gạch nối.",
        "{label} may contain only letters, spaces, apostrophes and hyphens.",
    ),
    "too_young": (
        "Người tham gia BHXH tự nguyện phải đủ {min_age} tuổi (hiện {age} tuổi).",
        "Voluntary social insurance needs the person to be at least {min_age} (now {age}).",
    ),
    "paid_on_out_of_range": (
        "{label}: ngày {paid_on} nằm ngoài khoảng máy chủ chấp nhận ({earliest} – {latest}). "
        "Kiểm tra ngày đóng và ngày giờ của máy tính.",
        "{label}: {paid_on} is outside the dates the server accepts ({earliest} to {latest}). "
        "Check the payment date and the computer's date and time.",
    ),
    "unknown_commune": (
        "{label}: không có xã/phường mã {value}.",
        "{label}: there is no commune with code {value}.",
    ),
    "unknown_province": (
        "{label}: không có tỉnh/thành phố mã {value}.",
        "{label}: there is no province with code {value}.",
    ),
    "unknown_kind": (
        "Loại bản ghi không hợp lệ: {kind}.",
        "Unknown record kind: {kind}.",
    ),
    "parent_required": (
        "Phải gắn với một người hoặc một hộ gia đình.",
        "Needs a person or a household.",
    ),
    "duplicate_member": (
        "{label}: một người được chọn hai lần.",
        "{label}: the same person is listed twice.",
    ),
    "reason_required": (
        "{label}: cần ghi lý do khi người dân từ chối.",
        "{label}: a reason is needed when the person refuses.",
    ),
    "void_reason_required": (
        "{label}: cần ghi lý do khi hủy biên lai.",
        "{label}: say why the receipt is voided.",
    ),
    "confirmation_code_format": (
        "{label}: gồm {min_length} đến {max_length} chữ cái hoặc chữ số (có thể có - . /).",
        "{label}: {min_length} to {max_length} letters or digits (- . / allowed).",
    ),
    # --- contribution rules -------------------------------------------------------------
    "income_below_floor": (
        "{label}: {income} thấp hơn mức tối thiểu {floor} (chuẩn hộ nghèo nông thôn).",
        "{label}: {income} is below the floor of {floor} (the rural poverty line).",
    ),
    "income_above_ceiling": (
        "{label}: {income} cao hơn mức tối đa {ceiling} (20 lần lương cơ sở).",
        "{label}: {income} is above the ceiling of {ceiling} (20 times the base salary).",
    ),
    "invalid_income": (
        "{label}: phải là số tiền nguyên (đồng).",
        "{label} must be a whole number of đồng.",
    ),
    "unknown_support": (
        "{label}: không có đối tượng hỗ trợ \u201c{value}\u201d.",
        "{label}: there is no support category \u201c{value}\u201d.",
    ),
    "unknown_method": (
        "{label}: không có phương thức đóng \u201c{value}\u201d.",
        "{label}: there is no payment method \u201c{value}\u201d.",
    ),
    "months_out_of_range": (
        "{label}: {value} không hợp lệ; {allowed_vi}.",
        "{label}: {value} is not allowed; {allowed_en}.",
    ),
    "members_out_of_range": (
        "{label}: phải có ít nhất 1 thành viên.",
        "{label}: there must be at least one member.",
    ),
    "no_rates_for_date": (
        "Chưa có mức đóng áp dụng cho ngày {on} ({table}).",
        "No rates apply on {on} ({table}).",
    ),
    "invalid_rates": (
        "Tệp mức đóng không hợp lệ: {detail}.",
        "The rates file is not valid: {detail}.",
    ),
    "amount_mismatch": (
        "{label}: {amount} khác số tiền tính theo quy định {expected}.",
        "{label}: {amount} differs from the amount the rules give, {expected}.",
    ),
    # --- sync ---
    "device_revoked": (
        "Máy này đã bị cán bộ giám sát thu hồi quyền đồng bộ ({when}). Dữ liệu chưa gửi vẫn "
        "nằm nguyên trên máy. Hãy xin cán bộ giám sát mã đăng ký mới rồi kết nối lại trong "
        "Cài đặt.",
        "A supervisor revoked this laptop's right to sync ({when}). Nothing unsent is lost: it "
        "stays on this laptop. Ask your supervisor for a new enrollment code, then connect "
        "again in Settings.",
    ),
    # --- records (added) ---
    "not_positive": ("{label}: phải lớn hơn 0.", "{label} must be greater than 0."),
}


def format_vnd(amount: int) -> str:
    """``1234000`` -> ``"1.234.000 ₫"`` (Vietnamese grouping, integer đồng)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " ₫"


def format_date(d: date) -> str:
    """``date(2026, 11, 21)`` -> ``"21/11/2026"``."""
    return d.strftime("%d/%m/%Y")


# Parameters that hold money and are shown as ``1.234.000 ₫``.
MONEY_PARAMS = frozenset({"income", "floor", "ceiling", "amount", "expected"})


def _display(key: str, value: Any) -> Any:
    if key in MONEY_PARAMS and isinstance(value, int) and not isinstance(value, bool):
        return format_vnd(value)
    if isinstance(value, date):
        return format_date(value)
    return value


def field_label(field: str | None, lang: str) -> str:
    if field is None:
        return "Bản ghi" if lang == "vi" else "Record"
    vi, en = FIELD_LABELS.get(field, (field, field))
    return en if lang == "en" else vi


def render(code: str, field: str | None, params: Mapping[str, Any]) -> tuple[str, str]:
    """Both sentences for ``code``; an unknown code still gives a readable, honest sentence."""
    vi_t, en_t = MESSAGES.get(code, ("{label}: lỗi {code}.", "{label}: error {code}."))
    shown = {k: _display(k, v) for k, v in params.items()}
    out = []
    for lang, template in (("vi", vi_t), ("en", en_t)):
        values = {"code": code, **shown, "label": field_label(field, lang)}
        try:
            out.append(template.format(**values))
        except (KeyError, IndexError, ValueError):
            out.append(f"{field_label(field, lang)}: {code}")
    return out[0], out[1]
