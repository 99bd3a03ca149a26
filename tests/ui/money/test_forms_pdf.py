"""The printed receipt and day report: written to PDF and read back with QtPdf."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from agent_app.services import DayReport, ReceiptInfo, ReceiptLine
from agent_app.ui.money.report_pdf import (
    day_report_html,
    pdf_text,
    print_day_report_pdf,
    print_receipt_pdf,
    receipt_html,
    scheme_totals,
)

RECEIPT = ReceiptInfo(
    id="r1",
    number="DL001-20261121-0001",
    issued_on=date(2026, 11, 21),
    amount=3_696_000,
    months=12,
    enrollment_id="e1",
    scheme="voluntary",
    payer_name="Nguyễn Văn Ánh",
    person_names=("Nguyễn Văn Ánh",),
    household_id="h1",
    address="Ấp 3",
    commune_name="Xã U Minh Thượng",
    agent_name="Trần Thị Mai",
    agent_code="DL001",
    paid_on=date(2026, 11, 21),
    period_from=date(2026, 11, 21),
    period_to=date(2027, 11, 20),
)
AGENT = ("Trần Thị Mai", "DL001")


def _report(**changes: object) -> DayReport:
    fields: dict[str, object] = {
        "on": date(2026, 11, 21),
        "receipts": (
            ReceiptLine("r1", RECEIPT.number, 3_696_000, "Nguyễn Văn Ánh", "voluntary", True),
            ReceiptLine("r2", "X2", 2_906_280, "Lê Thị Hoà", "household_health", False),
        ),
        "cash_total": 6_602_280,
        "enrollments_total": 6_602_280,
        "unreceipted": (),
        "visits": 4,
        "pending": 3,
        "rejected": 1,
        "conflicts": 0,
    }
    fields.update(changes)
    return DayReport(**fields)  # type: ignore[arg-type]


def test_receipt_pdf_carries_number_amount_and_words(qtbot: QtBot, tmp_path: Path, vi: Any) -> None:
    path = print_receipt_pdf(RECEIPT, tmp_path / "out" / "receipt.pdf", payer_cccd="079090001234")
    # Lines wrap in the PDF's narrow columns; compare with whitespace folded.
    text = " ".join(pdf_text(path).split())
    for expected in (
        "BIÊN LAI THU TIỀN",
        "Mẫu số C45-BB",
        "DL001-20261121-0001",
        "Ngày 21 tháng 11 năm 2026",
        "3.696.000 ₫",
        "Nguyễn Văn Ánh",
        "079090001234",
        "BHXH tự nguyện",
        "Mã xác nhận",
        "Trần Thị Mai",
        "DL001",
        "21/11/2026",
        "20/11/2027",
        "Xã U Minh Thượng",
    ):
        assert expected in text, expected
    assert "Ba triệu sáu trăm chín mươi sáu nghìn đồng" in text


def test_receipt_html_escapes_and_english_labels() -> None:
    page = receipt_html(replace(RECEIPT, payer_name="<b>Lê</b>"))  # no translator: English
    assert "&lt;b&gt;Lê&lt;/b&gt;" in page
    assert "RECEIPT" in page
    assert "Voluntary social insurance" in page


def test_day_report_pdf_totals(qtbot: QtBot, tmp_path: Path, vi: Any) -> None:
    report = _report()
    assert scheme_totals(report) == {"voluntary": 3_696_000, "household_health": 2_906_280}
    path = print_day_report_pdf(report, tmp_path / "day.pdf", agent=AGENT)
    text = " ".join(pdf_text(path).split())
    assert "BÁO CÁO CHỐT SỔ CUỐI NGÀY" in text
    assert "6.602.280 ₫" in text
    assert "Lê Thị Hoà" in text
    assert "Trần Thị Mai (DL001)" in text
    assert "Sáu triệu sáu trăm linh hai nghìn hai trăm tám mươi đồng" in text
    assert "Khớp: tiền thu bằng tổng các hồ sơ" in text


def test_day_report_says_when_cash_and_enrollments_differ(vi) -> None:
    page = day_report_html(_report(enrollments_total=7_000_000), agent=AGENT)
    assert "CHƯA KHỚP" in page
    assert "7.000.000 ₫" in page
