"""The printed receipt and day report: written to PDF and read back with QtPdf."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from agent_app.ui.report_pdf import (
    cash_total,
    pdf_text,
    print_day_report_pdf,
    print_receipt_pdf,
    receipt_html,
    scheme_totals,
)

RECEIPT = {
    "number": "DL001-20261121-0001",
    "issued_on": date(2026, 11, 21),
    "amount": 3_696_000,
    "payer_name": "Nguyễn Văn Ánh",
    "cccd": "079090001234",
    "address": "Ấp 3, Xã U Minh Thượng, An Giang",
    "scheme": "voluntary",
    "months": 12,
    "agent_name": "Trần Thị Mai",
    "agent_code": "DL001",
}


def test_receipt_pdf_carries_number_amount_and_words(qtbot: QtBot, tmp_path: Path) -> None:
    path = print_receipt_pdf(RECEIPT, tmp_path / "out" / "receipt.pdf")
    text = pdf_text(path)
    for expected in (
        "BIÊN LAI THU TIỀN",
        "DL001-20261121-0001",
        "21/11/2026",
        "3.696.000 ₫",
        "Nguyễn Văn Ánh",
        "079090001234",
        "BHXH tự nguyện",
        "Mã xác nhận",
        "Trần Thị Mai",
        "DL001",
    ):
        assert expected in text, expected
    # The words may wrap across lines in the PDF; compare with whitespace folded.
    assert "Ba triệu sáu trăm chín mươi sáu nghìn đồng" in " ".join(text.split())


def test_receipt_html_escapes_and_english_labels() -> None:
    info = dict(RECEIPT, payer_name="<b>Lê</b>")
    page = receipt_html(info, "en")
    assert "&lt;b&gt;Lê&lt;/b&gt;" in page
    assert "RECEIPT" in page
    assert "Voluntary social insurance" in page


def test_day_report_pdf_totals(qtbot: QtBot, tmp_path: Path) -> None:
    report = {
        "on": date(2026, 11, 21),
        "receipts": [
            RECEIPT,
            {
                "number": "X2",
                "payer_name": "Lê Thị Hoà",
                "scheme": "household_health",
                "amount": 2_906_280,
            },
        ],
        "pending": 3,
        "rejected": 1,
        "agent_name": "Trần Thị Mai",
        "agent_code": "DL001",
    }
    assert cash_total(report) == 6_602_280
    assert scheme_totals(report) == {"voluntary": 3_696_000, "household_health": 2_906_280}
    text = " ".join(pdf_text(print_day_report_pdf(report, tmp_path / "day.pdf")).split())
    assert "BÁO CÁO CHỐT SỔ CUỐI NGÀY" in text
    assert "6.602.280 ₫" in text
    assert "Lê Thị Hoà" in text
    assert "Sáu triệu sáu trăm linh hai nghìn hai trăm tám mươi đồng" in text
