"""The .xlsx files of the hand-written writer (``sync.lists.xlsx``) are valid workbooks:
opened with openpyxl, every cell has the value, the type (numbers as numbers, dates as dates,
CCCD and codes as text with their leading zeros) and the number format it was written with,
and each sheet the layout it asks for (merges, widths, frozen rows, print titles, A4
landscape). Both layouts of both lists are checked cell by cell over a seeded month."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from sync.lists import xlsx
from sync.lists.bhxh_lists import (
    D03,
    D05,
    DATE_COLUMNS,
    HEADING_ROW,
    MONEY_COLUMNS,
    MONTH_COLUMNS,
    PRINT_COLUMNS,
    TITLES,
    TOTAL_LABEL,
    TOTALLED,
    import_headers,
    import_values,
)

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)


def _well_formed(path: Path) -> list[str]:
    """Every part of the package parses as XML and the zip's checksums hold."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = z.namelist()
        for name in names:
            ElementTree.fromstring(z.read(name))
    return names


def test_every_kind_of_cell_reads_back_with_its_value_type_and_format(tmp_path):
    rows: list[list[xlsx.Cell]] = [
        [("091080123456", xlsx.TEXT), ("0000000001", xlsx.TEXT),
         ("12345678901234567890", xlsx.TEXT)],
        [("Nguyễn Thị Ánh Tuyết", xlsx.BOX), ("a < b & c > \"d\" 'e'", xlsx.DEFAULT),
         ("  hai khoảng trắng  ", xlsx.TEXT)],
        [("chuông\x07\x00 bỏ", xlsx.DEFAULT), ("dòng 1\ndòng 2\ttab", xlsx.DEFAULT),
         ("", xlsx.BOX)],
        [(0, xlsx.MONEY), (-1_366_200, xlsx.MONEY), (9_007_199_254_740_991, xlsx.MONEY_BOLD)],
        [(date(2026, 11, 21), xlsx.DATE), (date(1900, 3, 1), xlsx.DATE),
         (date(2026, 12, 1), xlsx.MONTH)],
        [(None, xlsx.BLANK), ("Tiêu đề", xlsx.TITLE), ("Cột", xlsx.HEAD)],
        [(datetime(2026, 1, 2, 15, 30), xlsx.DATE), (7, xlsx.BOX), ("giữa", xlsx.CENTER)],
        [(str(n), xlsx.TEXT) for n in range(1, 31)],  # past column Z
    ]  # fmt: skip
    sheet = xlsx.Sheet(
        "D05-TS",
        widths=[12.5, 30, 7],
        merges=["D6:F6", "D7:F7"],
        landscape=True,
        print_title_rows=(4, 5),
        freeze_row=2,
    )
    path = xlsx.write_xlsx(tmp_path / "cells.xlsx", sheet, rows)
    assert "xl/worksheets/sheet1.xml" in _well_formed(path)
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed
    ws = load_workbook(path).active
    assert ws.title == "D05-TS"
    (a1, b1, c1) = ws[1][:3]
    assert (a1.value, b1.value, c1.value) == ("091080123456", "0000000001", "12345678901234567890")
    assert {c.data_type for c in (a1, b1, c1)} == {"s"}
    assert {c.number_format for c in (a1, b1, c1)} == {"@"}
    row2 = [c.value for c in ws[2][:3]]
    assert row2 == ["Nguyễn Thị Ánh Tuyết", "a < b & c > \"d\" 'e'", "  hai khoảng trắng  "]
    row3 = ws[3]
    assert row3[0].value == "chuông bỏ"  # characters XML cannot hold are dropped
    assert row3[1].value == "dòng 1\ndòng 2\ttab"
    assert row3[2].value is None
    assert row3[2].border.left.style == "thin"
    money = ws[4][:3]
    assert [c.value for c in money] == [0, -1_366_200, 9_007_199_254_740_991]
    assert {c.data_type for c in money} == {"n"}
    assert {c.number_format for c in money} == {"#,##0"}
    assert money[2].font.b
    assert not money[0].font.b
    days = ws[5][:3]
    assert [c.value for c in days] == [
        datetime(2026, 11, 21),
        datetime(1900, 3, 1),
        datetime(2026, 12, 1),
    ]
    assert all(c.is_date for c in days)
    assert [c.number_format for c in days] == ["dd/mm/yyyy", "dd/mm/yyyy", "mm/yyyy"]
    blank, title, head = ws[6][:3]
    assert blank.value is None
    assert blank.fill.fgColor.rgb == "FFFFF2CC"
    assert blank.border.bottom.style == "thin"
    assert (title.font.b, title.font.sz, title.alignment.horizontal) == (True, 14, "center")
    assert head.alignment.wrap_text
    assert head.font.b
    assert head.border.top.style == "thin"
    when, seven, middle = ws[7][:3]
    assert when.value == datetime(2026, 1, 2)
    assert when.is_date
    assert (seven.value, seven.data_type, seven.number_format) == (7, "n", "General")
    assert middle.alignment.horizontal == "center"
    assert [c.value for c in ws[8]] == [str(n) for n in range(1, 31)]
    assert ws.cell(row=8, column=30).coordinate == "AD8"
    assert {c.font.name for row in ws.iter_rows() for c in row if c.value is not None} == {
        "Times New Roman"
    }
    # The sheet's layout.
    assert ws.max_row == 8
    assert sorted(str(m) for m in ws.merged_cells.ranges) == ["D6:F6", "D7:F7"]
    assert [ws.column_dimensions[c].width for c in "ABC"] == [12.5, 30, 7]
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$4:$5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_a_failed_write_leaves_the_last_good_file(tmp_path):
    target = tmp_path / "d05.xlsx"
    xlsx.write_xlsx(target, xlsx.Sheet("D05-TS"), [[("cũ", xlsx.TEXT)]])

    def rows() -> Any:
        yield [("mới", xlsx.TEXT)]
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        xlsx.write_xlsx(target, xlsx.Sheet("D05-TS"), rows())
    assert load_workbook(target).active["A1"].value == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d05.xlsx"]


# -- the lists, over a seeded month ----------------------------------------------------------

SECOND = {"commune_code": "31018", "address": "Số 3, Ấp Kênh Tư", "head_name": "Phạm Văn Bình"}
BINH = {"full_name": "Phạm Văn Bình", "date_of_birth": "1990-05-01", "sex": "male",
        "relationship": "head", "cccd": "089090000111"}  # fmt: skip
LAN = {"full_name": "Đỗ Thị Lan", "date_of_birth": "1992-07-08", "sex": "female",
       "relationship": "spouse", "bhxh_code": "0912345678"}  # fmt: skip


@pytest.fixture
def month(ws, family):
    """November 2026 in two communes: two voluntary payments (one yearly from December), a
    household health payment for two members, every one with its receipt."""
    household, members = family
    a_ids = ws.households.register(household, members[:2]).ids
    b_ids = ws.households.register(SECOND, [BINH, LAN]).ids
    payments = [
        ws.money.enroll_voluntary(
            {"person_id": a_ids[1], "income": 2_000_000, "support": "near_poor",
             "method": "yearly", "paid_on": "2026-11-21", "cover_from": "2026-12"}
        ).primary,
        ws.money.enroll_voluntary(
            {"person_id": b_ids[1], "income": 1_500_000, "support": "other",
             "method": "monthly", "paid_on": "2026-11-05"}
        ).primary,
        ws.money.enroll_household_health(
            {"household_id": b_ids[0], "member_ids": [b_ids[1], b_ids[2]], "months": 12,
             "paid_on": "2026-11-10"}
        ).primary,
    ]  # fmt: skip
    for payment in payments:
        ws.receipts.issue(str(payment))
    ws.exports.set_organisation({"name": "Bưu điện xã U Minh Thượng", "code": "BD0001"})
    return payments


def _expected(value: Any) -> Any:
    """How openpyxl gives back what the layout wrote."""
    if value == "":
        return None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


@pytest.mark.parametrize("form", [D05, D03])
def test_the_import_layout_is_text_in_every_cell(ws, month, tmp_path, form):
    plan = ws.exports.plan(form, NOV_1, NOV_30)
    assert plan.problems == ()
    assert len(plan.rows) == 2
    out = ws.exports.write(plan, tmp_path / f"{form}-import.xlsx", "import")
    _well_formed(out.path)
    sheet = load_workbook(out.path).active
    assert sheet.title == form
    assert sheet.freeze_panes == "A2"
    headers = import_headers(form)
    assert (sheet.max_row, sheet.max_column) == (len(plan.rows) + 1, len(headers))
    expected = [headers] + [import_values(form, i, r) for i, r in enumerate(plan.rows, start=1)]
    for written, wanted in zip(sheet.iter_rows(), expected, strict=True):
        assert [c.value for c in written] == [_expected(v) for v in wanted]
        for cell in written:
            assert cell.number_format == "@", cell.coordinate
            assert cell.value is None or cell.data_type == "s", cell.coordinate
    table = [dict(zip(headers, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    if form == D05:
        assert [r["SoCCCD"] for r in table] == ["089090000111", "091080123456"]
        assert [r["NgayBienLai"] for r in table] == ["21/11/2026", "21/11/2026"]  # issued today
        assert table[1]["Tongtien"] == "5280000"
    else:
        assert [r["MasoBHXH"] for r in table] == [None, "0912345678"]  # leading zero kept
        assert [r["NguoiThamGiaThu"] for r in table] == ["1", "2"]
        assert [r["MaXa"] for r in table] == ["31018", "31018"]


@pytest.mark.parametrize("form", [D05, D03])
def test_the_print_layout_has_numbers_dates_and_text_in_the_form_s_places(
    ws, month, tmp_path, form
):
    plan = ws.exports.plan(form, NOV_1, NOV_30)
    out = ws.exports.write(plan, tmp_path / f"{form}-print.xlsx", "print")
    _well_formed(out.path)
    sheet = load_workbook(out.path).active
    columns = PRINT_COLUMNS[form]
    names = [name for name, _, _ in columns]
    width = len(columns)
    last = xlsx.column_letter(width)
    # The header block.
    assert sheet["A1"].value == "Tên tổ chức dịch vụ thu:"
    assert sheet["B1"].value == "Bưu điện xã U Minh Thượng"
    assert sheet.cell(row=1, column=width - 3).value == f"Mẫu {form}"
    assert (sheet["A3"].value, sheet["B3"].value) == ("Mã số thuế:", None)  # not known
    assert sheet["B3"].fill.fgColor.rgb == "FFFFF2CC"
    assert sheet["A6"].value == TITLES[form]
    assert sheet["A7"].value == "Từ ngày 01/11/2026 đến ngày 30/11/2026"
    assert (sheet["A12"].value, sheet["B12"].value) == ("Mức lương cơ sở:", 2_530_000)
    assert sorted(str(m) for m in sheet.merged_cells.ranges) == [f"A6:{last}6", f"A7:{last}7"]
    # Headings, the form's column numbers, then one row per participant.
    assert [c.value for c in sheet[HEADING_ROW]] == names
    assert [c.value for c in sheet[HEADING_ROW + 1]] == [
        "A", "B", *(str(k) for k in range(1, width - 1))
    ]  # fmt: skip
    assert sheet.print_title_rows == f"${HEADING_ROW}:${HEADING_ROW + 1}"
    assert [sheet.column_dimensions[xlsx.column_letter(n + 1)].width for n in range(width)] == [
        w for _, w, _ in columns
    ]
    first = HEADING_ROW + 2
    for i, row in enumerate(plan.rows, start=1):
        written = sheet[first + i - 1]
        assert len(written) == width
        for cell, (name, _, value) in zip(written, columns, strict=True):
            wanted = value(i, row)
            assert cell.value == _expected(wanted), (cell.coordinate, name)
            assert cell.border.left.style == "thin"
            if name in MONEY_COLUMNS:
                assert (cell.data_type, cell.number_format) == ("n", "#,##0"), name
            elif name in DATE_COLUMNS or name in MONTH_COLUMNS:
                assert wanted is None or cell.is_date, name
                assert cell.number_format == ("mm/yyyy" if name in MONTH_COLUMNS else "dd/mm/yyyy")
            elif isinstance(wanted, int):
                assert cell.data_type == "n", name
            elif wanted:
                assert cell.data_type == "s", name
    body = {name: [sheet.cell(row=first + k, column=n + 1).value for k in range(2)]
            for n, name in enumerate(names)}  # fmt: skip
    if form == D05:
        assert body["Số CCCD"] == ["089090000111", "091080123456"]
        assert body["Ngày sinh"] == [datetime(1990, 5, 1), datetime(1980, 4, 2)]
        assert body["Từ tháng"] == [datetime(2026, 11, 1), datetime(2026, 12, 1)]
        assert body["Tổng số tiền đóng"] == [330_000, 5_280_000]
        assert body["NSNN hỗ trợ: tỷ lệ (%)"] == [20, 40]
    else:
        assert body["Mã số BHXH"] == [None, "0912345678"]
        assert body["Từ ngày"] == [datetime(2026, 11, 10)] * 2
        assert body["Mức đóng 1 tháng"] == [113_850, 79_695]
    # The totals row and the signature block.
    total = sheet[first + len(plan.rows)]
    assert total[1].value == f"{TOTAL_LABEL}: 2 người"
    for n, name in enumerate(names):
        if name in TOTALLED[form]:
            column = [c for c in body[name] if c is not None]
            assert (total[n].value, total[n].number_format) == (sum(column), "#,##0")
            assert total[n].font.b
    signed = first + len(plan.rows) + 2
    assert sheet.cell(row=signed, column=2).value == "Người lập biểu"
    assert sheet.cell(row=signed, column=width - 3).value == "Ngày 21 tháng 11 năm 2026"
    assert sheet.cell(row=signed + 3, column=2).value == "Trần Thị Mai"
    assert sheet.cell(row=signed + 4, column=2).value == "Mã nhân viên thu: BD0001"
    assert sheet.max_row == signed + 4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9


@pytest.mark.parametrize("form", [D05, D03])
def test_rows_from_an_iterator_write_the_same_file_as_a_tuple(ws, month, tmp_path, form):
    """The console hands the writers an iterator (one commune read at a time): read once, the
    totals summed as the rows go by, the file is the laptop's cell for cell."""
    from sync.lists.bhxh_lists import write_import, write_print

    plan = ws.exports.plan(form, NOV_1, NOV_30)
    assert len(plan.rows) > 1
    for write, args in ((write_print, (plan.header,)), (write_import, (form,))):
        listed = write(tmp_path / "tuple.xlsx", *args, plan.rows)
        streamed = write(tmp_path / "iterator.xlsx", *args, iter(plan.rows))
        a, b = load_workbook(listed).active, load_workbook(streamed).active
        cells = [[(c.value, c.data_type, c.number_format) for c in r] for r in a.iter_rows()]
        assert cells == [
            [(c.value, c.data_type, c.number_format) for c in r] for r in b.iter_rows()
        ]
