"""The D05-TS / D03-TS lists: a seeded month exported and read back with openpyxl (rows, the
columns in DOMAIN.md's order, text cells, totals), and rows that must not be written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from agent_app.services.exports import ExportBlocked
from sync.lists.bhxh_lists import (
    D03,
    D05,
    TOTAL_LABEL,
    import_headers,
    print_headers,
)

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)

D05_IMPORT = [
    "STT", "HoTen", "MasoBHXH", "Loai", "PA", "MucTien", "Tuthang", "Sothang", "Tyle",
    "TyleNSNN", "TienHotro", "TyleNSDP", "TienNSDP", "TyleHotroKhac", "TienHotroKhac",
    "TienTudong", "Tongtien", "TenTinh", "MaTinh", "TenXa", "MaXa", "DiaChi", "Ghichu",
    "Phuongthuc", "SoCCCD", "SoBienLai", "NgayBienLai", "MaNhanvienThu", "MaHoGiaDinh",
    "NgaySinh", "GioiTinh", "QuocTich", "DanToc",
]  # fmt: skip
D03_IMPORT = [*D05_IMPORT, "NguoiThamGiaThu", "MucHuong", "TuNgay", "MaVungSS"]

OTHER_HOUSEHOLD = {
    "commune_code": "31027",
    "address": "Số 3, Ấp Kênh Tư, Xã U Minh Thượng",
    "head_name": "Phạm Văn Bình",
}
BINH = {
    "full_name": "Phạm Văn Bình",
    "date_of_birth": "1990-05-01",
    "sex": "male",
    "relationship": "head",
    "cccd": "089090000111",
}
LAN = {
    "full_name": "Đỗ Thị Lan",
    "date_of_birth": "1992-07-08",
    "sex": "female",
    "relationship": "spouse",
    "bhxh_code": "8912345678",
}


@pytest.fixture
def month(ws, family):
    """November 2026: two voluntary payments with receipts (household A's head, yearly from
    December; household B's head, monthly), household B's health insurance for two members
    with a receipt, household A's for its three members with a receipt (its child has no
    CCCD and no BHXH code)."""
    household, members = family
    a = ws.households.register(household, members)
    a_id, (a_head, a_spouse, a_child) = a.ids[0], a.ids[1:]
    b = ws.households.register(OTHER_HOUSEHOLD, [BINH, LAN])
    b_id, (b_head, b_spouse) = b.ids[0], b.ids[1:]
    vol_a = ws.money.enroll_voluntary(
        {"person_id": a_head, "income": 2_000_000, "support": "near_poor", "method": "yearly",
         "paid_on": "2026-11-21", "cover_from": "2026-12"}
    ).ids[0]  # fmt: skip
    vol_b = ws.money.enroll_voluntary(
        {"person_id": b_head, "income": 1_500_000, "support": "other", "method": "monthly",
         "paid_on": "2026-11-05"}
    ).ids[0]  # fmt: skip
    hh_b = ws.money.enroll_household_health(
        {"household_id": b_id, "member_ids": [b_head, b_spouse], "months": 12,
         "paid_on": "2026-11-10"}
    ).ids[0]  # fmt: skip
    hh_a = ws.money.enroll_household_health(
        {"household_id": a_id, "member_ids": [a_head, a_spouse, a_child], "months": 12,
         "paid_on": "2026-11-12"}
    ).ids[0]  # fmt: skip
    receipts = {e: ws.receipts.issue(e).number for e in (vol_a, vol_b, hh_b, hh_a)}
    return {"vol_a": vol_a, "vol_b": vol_b, "hh_b": hh_b, "hh_a": hh_a, "receipts": receipts,
            "a_child": a_child, "b_spouse": b_spouse, "b_head": b_head}  # fmt: skip


def rows_of(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_d05_import_layout_has_the_columns_in_order_and_text_cells(ws, month, tmp_path):
    plan = ws.exports.plan(D05, NOV_1, NOV_30)
    assert plan.problems == ()
    assert import_headers(D05) == D05_IMPORT
    out = ws.exports.write(plan, tmp_path / "d05.xlsx", "import")
    assert out.written == 2
    sheet = load_workbook(out.path).active
    table = [[c for c in row] for row in sheet.iter_rows()]
    assert [c.value for c in table[0]] == D05_IMPORT
    assert len(table) == 3
    for row in table:
        for c in row:
            assert c.number_format == "@"
            assert c.value is None or isinstance(c.value, str)
    by_name = {
        r[1].value: dict(zip(D05_IMPORT, [c.value for c in r], strict=True)) for r in table[1:]
    }
    binh = by_name["Phạm Văn Bình"]  # paid first (5 November), so first after the commune sort
    assert binh["STT"] == "1"
    assert binh["MucTien"] == "1500000"
    assert (binh["TyleNSNN"], binh["TienHotro"], binh["TienTudong"]) == ("20", "66000", "264000")
    assert binh["Tongtien"] == "330000"
    assert (binh["Tuthang"], binh["Sothang"], binh["Phuongthuc"]) == ("11/2026", "1", "1")
    anh = by_name["Nguyễn Văn Ánh"]
    assert anh["PA"] == "TM"
    assert anh["Loai"] == "Hộ cận nghèo"
    assert (anh["MucTien"], anh["Tyle"], anh["TyleNSNN"]) == ("2000000", "22", "40")
    # DOMAIN.md: near-poor, 2,000,000, 12 months, paid 21/11/2026 -> 3,696,000.
    assert (anh["TienHotro"], anh["TienTudong"], anh["Tongtien"]) == (
        "1584000",
        "3696000",
        "5280000",
    )
    assert (anh["Tuthang"], anh["Sothang"], anh["Phuongthuc"]) == ("12/2026", "12", "12")
    assert anh["SoCCCD"] == "091080123456"  # leading zero kept: a text cell
    assert anh["SoBienLai"] == month["receipts"][month["vol_a"]]
    assert anh["NgayBienLai"] == "21/11/2026"
    assert (anh["MaXa"], anh["MaTinh"], anh["MaNhanvienThu"]) == ("31027", "91", "BD0001")
    assert anh["NgaySinh"] == "02/04/1980"
    assert anh["GioiTinh"] == "Nam"


def test_d05_print_layout_has_the_header_block_columns_and_totals(ws, month, tmp_path):
    ws.exports.set_organisation({"name": "Bưu điện xã U Minh Thượng", "code": "BD0001"})
    out = ws.exports.export(D05, NOV_1, NOV_30, tmp_path / "d05-print.xlsx", "print")
    table = rows_of(out.path)
    labels = {r[0]: r[1] for r in table if r and isinstance(r[0], str) and r[0].endswith(":")}
    assert labels["Tên tổ chức dịch vụ thu:"] == "Bưu điện xã U Minh Thượng"
    assert labels["Mã đơn vị:"] == "BD0001"
    assert labels["Mã số thuế:"] is None  # not known: left blank, never invented
    assert labels["Mức lương cơ sở:"] == 2_530_000
    assert "Hộ cận nghèo 40 %" in labels["Tỷ lệ NSNN hỗ trợ:"]
    head = next(i for i, r in enumerate(table) if r[0] == "STT")
    assert table[head][: len(print_headers(D05))] == print_headers(D05)
    body = table[head + 2 : head + 4]
    assert [r[1] for r in body] == ["Phạm Văn Bình", "Nguyễn Văn Ánh"]
    total = table[head + 4]
    assert total[1] == f"{TOTAL_LABEL}: 2 người"
    columns = print_headers(D05)
    assert total[columns.index("Người tham gia đóng")] == 264_000 + 3_696_000
    assert total[columns.index("NSNN hỗ trợ: số tiền")] == 66_000 + 1_584_000
    assert total[columns.index("Tổng số tiền đóng")] == 330_000 + 5_280_000


def test_a_blocking_row_is_listed_and_nothing_is_written(ws, month, tmp_path):
    plan = ws.exports.plan(D03, NOV_1, NOV_30)
    assert [(p.person_name, p.field) for p in plan.problems] == [("Nguyễn Đức Minh", "cccd")]
    problem = plan.problems[0]
    assert problem.enrollment_id == month["hh_a"]
    assert "CCCD" in problem.message("vi")
    assert "BHXH" in problem.message("en")
    target = tmp_path / "d03.xlsx"
    with pytest.raises(ExportBlocked):
        ws.exports.write(plan, target, "import")
    assert not target.exists()
    # The agent may choose to write the good rows only: household A's three are left out.
    out = ws.exports.write(plan, target, "import", good_rows_only=True)
    assert (out.written, out.left_out) == (2, 3)
    table = rows_of(target)
    assert table[0] == D03_IMPORT
    rows = [dict(zip(D03_IMPORT, r, strict=True)) for r in table[1:]]
    assert [r["HoTen"] for r in rows] == ["Phạm Văn Bình", "Đỗ Thị Lan"]
    assert [r["NguoiThamGiaThu"] for r in rows] == ["1", "2"]
    # Base salary 2,530,000 from 1/7/2026 (announced): 4.5 % = 113,850; the 2nd pays 70 %.
    assert [r["TienTudong"] for r in rows] == ["1366200", "956340"]
    assert [r["Tyle"] for r in rows] == ["4.5", "3.15"]
    assert rows[1]["SoCCCD"] is None
    assert rows[1]["MasoBHXH"] == "8912345678"
    assert rows[0]["TuNgay"] == "10/11/2026"
    assert rows[0]["SoBienLai"] == month["receipts"][month["hh_b"]]
    assert rows[0]["Ghichu"] == "tạm tính"  # the 2026 base salary is only announced


def test_missing_receipt_and_wrong_amount_block_the_row(ws, family, tmp_path):
    household, members = family
    ids = ws.households.register(household, members).ids
    enrollment = ws.money.enroll_voluntary(
        {"person_id": ids[1], "income": 1_500_000, "support": "other", "method": "monthly",
         "paid_on": "2026-11-02"}
    ).ids[0]  # fmt: skip
    plan = ws.exports.plan(D05, NOV_1, NOV_30, "31027")
    assert [(p.field, p.todo) for p in plan.problems] == [("number", "issue_receipt")]
    ws.receipts.issue(enrollment)
    # A stored amount the rules do not give (e.g. an old laptop's): blocked, never rewritten.
    record = ws.store.records.get(enrollment)
    with ws.store.transaction():
        ws.store.records.store_synced(
            "enrollment", enrollment, {**record.body, "amount": 260_000}, version=1
        )
    plan = ws.exports.plan(D05, NOV_1, NOV_30, "31027")
    assert {p.todo for p in plan.problems} == {"fix_amount", "fix_receipt"}
    assert plan.rows == ()


def test_commune_and_dates_select_the_rows(ws, month):
    assert len(ws.exports.plan(D05, NOV_1, NOV_30, "31027").rows) == 2
    assert ws.exports.plan(D05, NOV_1, NOV_30, "31018").rows == ()
    assert len(ws.exports.plan(D05, date(2026, 11, 6), NOV_30).rows) == 1
    assert {r.pa for r in ws.exports.plan(D05, NOV_1, NOV_30).rows} == {"TM"}
    # The second payment of a person in the scheme is ON (continuing).
    again = ws.money.enroll_voluntary(
        {"person_id": month["b_head"], "income": 1_500_000, "support": "other",
         "method": "monthly", "paid_on": "2026-11-20", "cover_from": "2026-12"}
    ).ids[0]  # fmt: skip
    ws.receipts.issue(again)
    pa = {r.enrollment_id: r.pa for r in ws.exports.plan(D05, NOV_1, NOV_30).rows}
    assert (pa[month["vol_b"]], pa[again]) == ("TM", "ON")


def test_d03_print_layout_totals_the_members_and_leaves_unknowns_blank(ws, month, tmp_path):
    plan = ws.exports.plan(D03, NOV_1, NOV_30, "31027")
    out = ws.exports.write(plan, tmp_path / "d03-print.xlsx", "print", good_rows_only=True)
    sheet = load_workbook(out.path).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    head = next(i for i, r in enumerate(table) if r[0] == "STT")
    columns = print_headers(D03)
    assert table[head][: len(columns)] == columns
    assert {"Số CCCD", "Mã nhân viên thu"} <= set(columns)  # added by Decision 490
    body = table[head + 2 : head + 4]
    assert [r[columns.index("Người thứ")] for r in body] == [1, 2]
    assert [r[columns.index("Mức đóng 1 tháng")] for r in body] == [113_850, 79_695]
    total = table[head + 4]
    assert total[columns.index("Số tiền đóng")] == 1_366_200 + 956_340
    # The organisation is not known: its cells are left visibly blank (filled, empty).
    name_cell = sheet.cell(row=1, column=2)
    assert name_cell.value is None
    assert name_cell.fill.fgColor.rgb == "FFFFF2CC"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == f"${head + 1}:${head + 2}"


def test_a_lump_sum_ahead_waits_for_its_code_and_a_voided_receipt_does_not_count(
    ws, family, tmp_path
):
    household, members = family
    ids = ws.households.register({**household, "address": "Số 1 <Ấp> & \x07Tân Hòa"}, members)
    head, spouse = ids.ids[1], ids.ids[2]
    ahead = ws.money.enroll_voluntary(
        {"person_id": head, "income": 1_500_000, "support": "other", "method": "advance",
         "months": 24, "paid_on": "2026-11-03"}
    ).primary  # fmt: skip
    ws.receipts.issue(ahead)
    monthly = ws.money.enroll_voluntary(
        {"person_id": spouse, "income": 1_500_000, "support": "other", "method": "monthly",
         "paid_on": "2026-11-04"}
    ).primary  # fmt: skip
    receipt = ws.receipts.issue(monthly)
    plan = ws.exports.plan(D05, NOV_1, NOV_30)
    assert [(p.enrollment_id, p.todo) for p in plan.problems] == [(ahead, "set_code")]
    # The address's markup characters are kept, the control character dropped.
    out = ws.exports.write(plan, tmp_path / "d05.xlsx", "import", good_rows_only=True)
    row = dict(zip(D05_IMPORT, rows_of(out.path)[1], strict=True))
    assert row["DiaChi"] == "Số 1 <Ấp> & Tân Hòa"
    # A voided receipt keeps its number but no longer proves the payment.
    stored = ws.store.records.get(receipt.id)
    with ws.store.transaction():
        ws.store.records.store_synced(
            "receipt", receipt.id, {**stored.body, "voided": True}, version=1
        )
    plan = ws.exports.plan(D05, NOV_1, NOV_30)
    assert {(p.enrollment_id, p.todo) for p in plan.problems} == {
        (ahead, "set_code"),
        (monthly, "issue_receipt"),
    }


def test_export_reports_progress_through_the_check_and_the_write(ws, month, tmp_path):
    seen: list[tuple[int, int]] = []
    out = ws.exports.export(
        D05,
        NOV_1,
        NOV_30,
        tmp_path / "d05.xlsx",
        "import",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert out.written == 2
    assert seen == [(2, 4), (4, 4)]
