"""The D05-TS (voluntary social insurance) and D03-TS (household health insurance) lists as
.xlsx: the official print layout (Decision 490/QĐ-BHXH: header block, the form's columns,
totals) and the import layout of a collection software (coded columns, every cell text).

Qt-free and store-free: :mod:`agent_app.services.exports` (the laptop) and
:mod:`sync.server.console.lists` (the console) gather the rows; this module only lays them out,
streaming (rows may be any iterable: a province's rows are never all in memory). Codes come
from ``resources/reference/bhxh_codes.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from sync.lists.xlsx import (
    BLANK,
    BOLD,
    BOX,
    BOX_BOLD,
    CENTER,
    DATE,
    DEFAULT,
    HEAD,
    MONEY,
    MONEY_BOLD,
    MONTH,
    TEXT,
    TITLE,
    Cell,
    Sheet,
    column_letter,
    write_xlsx,
)

D05: Final = "D05-TS"
D03: Final = "D03-TS"
FORMS: Final = (D05, D03)
SCHEME_OF_FORM: Final = {D05: "voluntary", D03: "household_health"}
PRINT: Final = "print"
IMPORT: Final = "import"
LAYOUTS: Final = (PRINT, IMPORT)

Progress = Callable[[int, int], None]


@cache
def bhxh_codes() -> dict[str, Any]:
    """The code tables of ``resources/reference/bhxh_codes.json``."""
    ref = resources.files("resources") / "reference" / "bhxh_codes.json"
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


def code_of(table: str, key: str) -> str | None:
    """The code of ``key`` in a table of the codes file; None when it has none."""
    entry = bhxh_codes().get(table, {}).get(key)
    if isinstance(entry, dict):
        code = entry.get("code")
        return str(code) if code is not None else None
    return None


@dataclass(frozen=True, slots=True)
class ListHeader:
    """The header block of a printed list. ``None``: the laptop does not know the value (the
    cell is left visibly blank)."""

    form: str
    org_name: str | None
    org_code: str | None
    org_tax_code: str | None
    org_address: str | None
    participant_type: str
    funding_source: str
    base_salary: int | None
    support_pct: str  # e.g. "Hộ nghèo 50 %; Hộ cận nghèo 40 %; …"
    date_from: date
    date_to: date
    communes: str  # the communes' names
    agent_name: str
    agent_code: str
    made_on: date


@dataclass(frozen=True, slots=True)
class ListRow:
    """One participant of a list, every value already decided (money from the rules)."""

    person_id: str
    enrollment_id: str
    full_name: str
    bhxh_code: str | None
    cccd: str | None
    date_of_birth: date | None
    sex: str | None  # the sex code of the codes file ("Nam" / "Nữ")
    ethnicity: str | None
    nationality: str | None
    province_code: str
    province_name: str
    commune_code: str
    commune_name: str
    address: str
    household_code: str | None
    participant_type: str | None  # Loai: the support category's code (D05) or GD (D03)
    pa: str  # TM / ON
    method_code: str | None
    method_label: str
    income: int  # D05: the chosen income; D03: the base salary the amount is computed on
    from_month: date  # first day of the month cover starts (Tuthang)
    months: int
    rate_pct: str  # "22" (D05) or the member's share of the base salary, "4.5", "3.15", …
    state_pct: int
    state_amount: int
    local_pct: int
    local_amount: int
    other_pct: int
    other_amount: int
    own_amount: int  # what the person paid (the receipt)
    total: int  # own + State + local + other support
    receipt_number: str | None
    receipt_date: date | None
    collector_code: str
    note: str
    # household health insurance only
    member_order: int | None = None
    monthly_amount: int | None = None
    benefit_level: str | None = None
    card_from: date | None = None
    living_area: str | None = None


# -- formatting ----------------------------------------------------------------------------


def dmy(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def month_year(value: date | None) -> str:
    return value.strftime("%m/%Y") if value is not None else ""


def _s(value: object) -> str:
    return "" if value is None else str(value)


# -- the import layout: (column, value) in the order of DOMAIN.md ---------------------------

_D05_IMPORT: Final[tuple[tuple[str, Callable[[int, ListRow], str]], ...]] = (
    ("STT", lambda i, r: str(i)),
    ("HoTen", lambda i, r: r.full_name),
    ("MasoBHXH", lambda i, r: _s(r.bhxh_code)),
    ("Loai", lambda i, r: _s(r.participant_type)),
    ("PA", lambda i, r: r.pa),
    ("MucTien", lambda i, r: str(r.income)),
    ("Tuthang", lambda i, r: month_year(r.from_month)),
    ("Sothang", lambda i, r: str(r.months)),
    ("Tyle", lambda i, r: r.rate_pct),
    ("TyleNSNN", lambda i, r: str(r.state_pct)),
    ("TienHotro", lambda i, r: str(r.state_amount)),
    ("TyleNSDP", lambda i, r: str(r.local_pct)),
    ("TienNSDP", lambda i, r: str(r.local_amount)),
    ("TyleHotroKhac", lambda i, r: str(r.other_pct)),
    ("TienHotroKhac", lambda i, r: str(r.other_amount)),
    ("TienTudong", lambda i, r: str(r.own_amount)),
    ("Tongtien", lambda i, r: str(r.total)),
    ("TenTinh", lambda i, r: r.province_name),
    ("MaTinh", lambda i, r: r.province_code),
    ("TenXa", lambda i, r: r.commune_name),
    ("MaXa", lambda i, r: r.commune_code),
    ("DiaChi", lambda i, r: r.address),
    ("Ghichu", lambda i, r: r.note),
    ("Phuongthuc", lambda i, r: _s(r.method_code)),
    ("SoCCCD", lambda i, r: _s(r.cccd)),
    ("SoBienLai", lambda i, r: _s(r.receipt_number)),
    ("NgayBienLai", lambda i, r: dmy(r.receipt_date)),
    ("MaNhanvienThu", lambda i, r: r.collector_code),
    ("MaHoGiaDinh", lambda i, r: _s(r.household_code)),
    ("NgaySinh", lambda i, r: dmy(r.date_of_birth)),
    ("GioiTinh", lambda i, r: _s(r.sex)),
    ("QuocTich", lambda i, r: _s(r.nationality)),
    ("DanToc", lambda i, r: _s(r.ethnicity)),
)
_D03_EXTRA: Final[tuple[tuple[str, Callable[[int, ListRow], str]], ...]] = (
    ("NguoiThamGiaThu", lambda i, r: _s(r.member_order)),
    ("MucHuong", lambda i, r: _s(r.benefit_level)),
    ("TuNgay", lambda i, r: dmy(r.card_from)),
    ("MaVungSS", lambda i, r: _s(r.living_area)),
)
IMPORT_COLUMNS: Final = {D05: _D05_IMPORT, D03: _D05_IMPORT + _D03_EXTRA}


def import_headers(form: str) -> list[str]:
    return [name for name, _ in IMPORT_COLUMNS[form]]


def import_values(form: str, index: int, row: ListRow) -> list[str]:
    return [value(index, row) for _, value in IMPORT_COLUMNS[form]]


# -- the print layout: the form's columns, Vietnamese as printed ----------------------------

# Dates are date cells (shown dd/mm/yyyy, "Từ tháng" mm/yyyy), money and counts numbers, the
# rest (CCCD and BHXH codes with their leading zeros included) text.
Value = str | int | date | None
_D05_PRINT: Final[tuple[tuple[str, float, Callable[[int, ListRow], Value]], ...]] = (
    ("STT", 5, lambda i, r: i),
    ("Họ và tên", 24, lambda i, r: r.full_name),
    ("Mã số BHXH", 13, lambda i, r: r.bhxh_code),
    ("Số CCCD", 14, lambda i, r: r.cccd),
    ("Ngày sinh", 11, lambda i, r: r.date_of_birth),
    ("Giới tính", 7, lambda i, r: r.sex),
    ("Địa chỉ", 30, lambda i, r: r.address),
    ("Mức thu nhập tháng đóng", 13, lambda i, r: r.income),
    ("Phương thức đóng", 12, lambda i, r: r.method_label),
    ("Từ tháng", 9, lambda i, r: r.from_month),
    ("Số tháng", 7, lambda i, r: r.months),
    ("Tổng số tiền đóng", 13, lambda i, r: r.total),
    ("NSNN hỗ trợ: tỷ lệ (%)", 8, lambda i, r: r.state_pct),
    ("NSNN hỗ trợ: số tiền", 12, lambda i, r: r.state_amount),
    ("NSĐP hỗ trợ: tỷ lệ (%)", 8, lambda i, r: r.local_pct),
    ("NSĐP hỗ trợ: số tiền", 12, lambda i, r: r.local_amount),
    ("Hỗ trợ khác", 10, lambda i, r: r.other_amount),
    ("Người tham gia đóng", 13, lambda i, r: r.own_amount),
    ("Phương án", 7, lambda i, r: r.pa),
    ("Số biên lai", 20, lambda i, r: r.receipt_number),
    ("Ngày biên lai", 11, lambda i, r: r.receipt_date),
    ("Ghi chú", 16, lambda i, r: r.note),
)
_D03_PRINT: Final[tuple[tuple[str, float, Callable[[int, ListRow], Value]], ...]] = (
    ("STT", 5, lambda i, r: i),
    ("Họ và tên", 24, lambda i, r: r.full_name),
    ("Mã số BHXH", 13, lambda i, r: r.bhxh_code),
    ("Số CCCD", 14, lambda i, r: r.cccd),
    ("Ngày sinh", 11, lambda i, r: r.date_of_birth),
    ("Giới tính", 7, lambda i, r: r.sex),
    ("Mã hộ gia đình", 12, lambda i, r: r.household_code),
    ("Người thứ", 7, lambda i, r: r.member_order),
    ("Địa chỉ", 30, lambda i, r: r.address),
    ("Phương án", 7, lambda i, r: r.pa),
    ("Từ ngày", 11, lambda i, r: r.card_from),
    ("Số tháng", 7, lambda i, r: r.months),
    ("Mức đóng 1 tháng", 12, lambda i, r: r.monthly_amount),
    ("Số tiền đóng", 13, lambda i, r: r.own_amount),
    ("Số biên lai", 20, lambda i, r: r.receipt_number),
    ("Ngày biên lai", 11, lambda i, r: r.receipt_date),
    ("Mã nhân viên thu", 12, lambda i, r: r.collector_code),
    ("Ghi chú", 16, lambda i, r: r.note),
)
PRINT_COLUMNS: Final = {D05: _D05_PRINT, D03: _D03_PRINT}
# Columns summed on the totals row.
TOTALLED: Final = {
    D05: (
        "Tổng số tiền đóng",
        "NSNN hỗ trợ: số tiền",
        "NSĐP hỗ trợ: số tiền",
        "Hỗ trợ khác",
        "Người tham gia đóng",
    ),
    D03: ("Số tiền đóng",),
}
MONEY_COLUMNS: Final = frozenset(
    {
        "Mức thu nhập tháng đóng",
        "Tổng số tiền đóng",
        "NSNN hỗ trợ: số tiền",
        "NSĐP hỗ trợ: số tiền",
        "Hỗ trợ khác",
        "Người tham gia đóng",
        "Mức đóng 1 tháng",
        "Số tiền đóng",
    }
)
DATE_COLUMNS: Final = frozenset({"Ngày sinh", "Ngày biên lai", "Từ ngày"})
MONTH_COLUMNS: Final = frozenset({"Từ tháng"})
TITLES: Final = {
    D05: "DANH SÁCH NGƯỜI THAM GIA BHXH TỰ NGUYỆN",
    D03: "DANH SÁCH NGƯỜI CHỈ THAM GIA BẢO HIỂM Y TẾ",
}
TOTAL_LABEL: Final = "Tổng cộng"
HEADING_ROW: Final = 15  # the row of the column headings in the print layout


def print_headers(form: str) -> list[str]:
    return [name for name, _, _ in PRINT_COLUMNS[form]]


def totals(form: str, rows: Sequence[ListRow]) -> dict[str, int]:
    """The sums of the totalled columns of the print layout."""
    columns = {name: value for name, _, value in PRINT_COLUMNS[form]}
    out = {}
    for name in TOTALLED[form]:
        values = (columns[name](0, r) for r in rows)
        out[name] = sum(v for v in values if isinstance(v, int))
    return out


def _print_style(column: str) -> int:
    if column in MONEY_COLUMNS:
        return MONEY
    if column in DATE_COLUMNS:
        return DATE
    if column in MONTH_COLUMNS:
        return MONTH
    return BOX


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done == total or done % 500 == 0):
        progress(done, total)


def _count(rows: Iterable[ListRow], expected: int | None) -> int:
    """How many rows progress counts up to: a sequence's length, else ``expected`` (0: none)."""
    if isinstance(rows, Sequence):
        return len(rows)
    return expected or 0


def write_import(
    path: Path,
    form: str,
    rows: Iterable[ListRow],
    *,
    progress: Progress | None = None,
    expected: int | None = None,
) -> Path:
    """The import layout: a header row of column codes, then one row per participant, every
    cell a text cell (``@``) holding a string, so leading zeros and long numbers survive."""
    total = _count(rows, expected)

    def cells() -> Iterator[list[Cell]]:
        yield [(h, TEXT) for h in import_headers(form)]
        for index, row in enumerate(rows, start=1):
            yield [(v, TEXT) for v in import_values(form, index, row)]
            _tick(progress, index, total)

    return write_xlsx(path, Sheet(form, freeze_row=2), cells())


def write_print(
    path: Path,
    header: ListHeader,
    rows: Iterable[ListRow],
    *,
    progress: Progress | None = None,
    expected: int | None = None,
) -> Path:
    """The print layout of Decision 490: the header block (collection organisation, participant
    type, funding source, base salary, support percentage, period), the form's columns in
    order, one row per participant, the totals row and the signature block; A4 landscape,
    the column headings repeated on every page. ``rows`` is read once (the totals are summed
    as the rows go by), so an iterator keeps memory bounded."""
    total = _count(rows, expected)
    form = header.form
    columns = PRINT_COLUMNS[form]
    width = len(columns)
    last = column_letter(width)
    sheet = Sheet(
        form,
        widths=[w for _, w, _ in columns],
        merges=[f"A6:{last}6", f"A7:{last}7"],  # the title and the period, centred
        landscape=True,
        print_title_rows=(HEADING_ROW, HEADING_ROW + 1),
    )

    def labelled(label: str, value: str | int | None) -> list[Cell]:
        shown = (value, BLANK) if value in (None, "") else (value, BOLD)
        return [(label, DEFAULT), shown]

    def cells() -> Iterator[list[Cell]]:
        right = width - 4  # the form's name, top right
        gap: list[Cell] = [(None, DEFAULT)] * (right - 2)
        yield [*labelled("Tên tổ chức dịch vụ thu:", header.org_name), *gap, (f"Mẫu {form}", BOLD)]
        yield [
            *labelled("Mã đơn vị:", header.org_code),
            *gap,
            ("(Ban hành kèm theo Quyết định số 490/QĐ-BHXH)", DEFAULT),
        ]
        yield labelled("Mã số thuế:", header.org_tax_code)
        yield labelled("Địa chỉ:", header.org_address)
        yield []
        yield [(TITLES[form], TITLE)]
        yield [(f"Từ ngày {dmy(header.date_from)} đến ngày {dmy(header.date_to)}", CENTER)]
        yield []
        yield labelled("Xã/phường:", header.communes)
        yield labelled("Loại đối tượng:", header.participant_type)
        yield labelled("Nguồn đóng:", header.funding_source)
        yield labelled("Mức lương cơ sở:", header.base_salary)
        yield labelled("Tỷ lệ NSNN hỗ trợ:", header.support_pct)
        yield []
        yield [(name, HEAD) for name, _, _ in columns]
        # The column numbers of the form (A, B, 1, 2, …) under the headings.
        yield [(n, HEAD) for n in ("A", "B", *(str(k) for k in range(1, width - 1)))]
        styles = [_print_style(name) for name, _, _ in columns]
        summed = {name: value for name, _, value in columns if name in TOTALLED[form]}
        sums = dict.fromkeys(TOTALLED[form], 0)
        written = 0
        for index, row in enumerate(rows, start=1):
            yield [
                (value(index, row), style)
                for (_, _, value), style in zip(columns, styles, strict=True)
            ]
            for name, value in summed.items():
                got = value(index, row)
                sums[name] += got if isinstance(got, int) else 0
            written = index
            _tick(progress, index, total)
        total_row: list[Cell] = []
        for n, (name, _, _) in enumerate(columns):
            if n == 1:
                total_row.append((f"{TOTAL_LABEL}: {written} người", BOX_BOLD))
            elif name in sums:
                total_row.append((sums[name], MONEY_BOLD))
            else:
                total_row.append((None, BOX))
        yield total_row
        yield []
        made = header.made_on
        signed = f"Ngày {made.day:02d} tháng {made.month:02d} năm {made.year}"
        yield [
            (None, DEFAULT),
            ("Người lập biểu", BOLD),
            *gap[1:],
            (None, DEFAULT),
            (signed, DEFAULT),
        ]
        yield [(None, DEFAULT), ("(Ký, ghi rõ họ tên)", DEFAULT)]
        yield []
        yield [(None, DEFAULT), (header.agent_name, BOLD)]
        yield [(None, DEFAULT), (f"Mã nhân viên thu: {header.agent_code}", DEFAULT)]

    return write_xlsx(path, sheet, cells())
