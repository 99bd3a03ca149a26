"""Printable paperwork: the receipt ("BIÊN LAI THU TIỀN") and the day-end reconciliation report,
rendered as HTML into a ``QTextDocument`` and written to PDF with ``QPdfWriter``.

The HTML builders are plain functions over the service's result objects so tests can check the
text without a printer; :func:`pdf_text` reads a written PDF back with QtPdf. Printed labels are
kept here in both languages (not through ``tr()``): a receipt is a legal paper whose wording must
not depend on a translation file being present.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import (
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from agent_app.services.words import amount_in_words_vi
from sync.domain.messages import format_date, format_vnd
from sync.domain.vocab import label

# Fonts with full Vietnamese coverage, in order of preference; Qt falls back down the list.
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Arial", "Segoe UI")

_TEXT: dict[str, tuple[str, str]] = {
    "receipt_title": ("BIÊN LAI THU TIỀN", "RECEIPT"),
    "receipt_sub": (
        "Thu tiền đóng BHXH tự nguyện, BHYT hộ gia đình",
        "Voluntary social insurance and household health insurance contributions",
    ),
    "number": ("Số", "No."),
    "date": ("Ngày", "Date"),
    "payer": ("Họ tên người nộp tiền", "Payer"),
    "cccd": ("Số CCCD", "ID number (CCCD)"),
    "address": ("Địa chỉ", "Address"),
    "scheme": ("Nội dung thu", "For"),
    "period": ("Thời gian đóng", "Period"),
    "months": ("Số tháng", "Months"),
    "members": ("Người tham gia", "Participants"),
    "amount": ("Số tiền", "Amount"),
    "in_words": ("Bằng chữ", "In words (Vietnamese)"),
    "agent": ("Người thu tiền (đại lý)", "Collected by (agent)"),
    "agent_code": ("Mã đại lý", "Agent code"),
    "confirmation": ("Mã xác nhận của cơ quan BHXH", "BHXH confirmation code"),
    "payer_sign": ("Người nộp tiền", "Payer"),
    "agent_sign": ("Người thu tiền", "Collector"),
    "sign_hint": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "from_to": ("từ {start} đến {end}", "from {start} to {end}"),
    "day_title": ("BÁO CÁO CHỐT SỔ CUỐI NGÀY", "DAY-END RECONCILIATION"),
    "receipts": ("Biên lai trong ngày", "Receipts of the day"),
    "count": ("Số biên lai", "Receipts"),
    "cash_total": ("Tổng tiền đã thu", "Cash collected"),
    "pending": ("Còn chờ gửi", "Still to send"),
    "rejected": ("Bị trả về / cần xử lý", "Rejected / needs attention"),
    "by_scheme": ("Theo loại hình", "By scheme"),
    "by_agent": ("Theo đại lý", "By agent"),
    "none": ("Không có", "None"),
    "total": ("Tổng cộng", "Total"),
    "sync": ("Đồng bộ", "Sync"),
    "printed": ("In lúc", "Printed"),
    "conflicts": ("Xung đột cần xử lý", "Conflicts to resolve"),
    "enrollments_total": ("Tổng tiền theo hồ sơ đăng ký", "Charged by the day's enrollments"),
    "balanced": ("Khớp: tiền thu bằng tổng các hồ sơ", "Balanced: cash equals enrollments"),
    "unbalanced": ("CHƯA KHỚP — kiểm tra lại", "NOT BALANCED — check again"),
    "unreceipted": ("Hồ sơ chưa lập biên lai", "Enrollments without a receipt"),
}


def text(key: str, lang: str = "vi") -> str:
    vi, en = _TEXT[key]
    return en if lang == "en" else vi


# -- reading the service's result objects --------------------------------------------------------


def field_of(obj: Any, *names: str, default: Any = None) -> Any:
    """The first of ``names`` that ``obj`` has (attribute or mapping key) and is not None.

    The reports read several spellings so they keep working while the service's dataclasses
    grow; anything missing is simply left out of the paper.
    """
    for name in names:
        value = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
        if value is not None:
            return value
    return default


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _date_text(value: Any) -> str:
    d = _as_date(value)
    return format_date(d) if d is not None else ""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


_STYLE = """
body { font-size: 10pt; color: #111; }
h1 { font-size: 16pt; text-align: center; margin: 0; }
.sub { text-align: center; color: #444; }
.number { text-align: center; font-size: 11pt; }
table.fields td { padding: 3px 4px; vertical-align: top; }
td.key { color: #333; width: 30%; }
td.amount { font-size: 13pt; font-weight: bold; }
table.grid { border-collapse: collapse; }
table.grid th, table.grid td { border: 1px solid #888; padding: 3px 5px; }
table.grid th { background: #eee; }
td.money { text-align: right; }
.sign td { text-align: center; padding-top: 6px; }
.hint { color: #555; font-style: italic; font-size: 8pt; }
"""


def _address(info: Any) -> str:
    address = str(field_of(info, "payer_address", "address", default=""))
    commune = str(field_of(info, "commune_name", default=""))
    if commune and commune not in address:
        return f"{address}, {commune}" if address else commune
    return address


def receipt_html(info: Any, lang: str = "vi") -> str:
    """The receipt as HTML: number, date, payer, CCCD, address, scheme, period, amount in
    figures and in Vietnamese words, agent, the BHXH confirmation code (blank until BHXH
    returns one) and the two signatures."""
    t = lambda key: text(key, lang)  # noqa: E731  (a local shorthand keeps the table readable)
    amount = int(field_of(info, "amount", default=0))
    scheme = field_of(info, "scheme", default="")
    months = field_of(info, "months")
    start = field_of(info, "period_start", "period_from", "paid_on")
    end = field_of(info, "period_end", "period_to", "paid_until")
    period = ""
    if start is not None and end is not None:
        period = text("from_to", lang).format(start=_date_text(start), end=_date_text(end))
    members = field_of(info, "person_names", "member_names", "members", default=())
    rows: list[tuple[str, str]] = [
        (t("payer"), f"<b>{_e(field_of(info, 'payer_name', 'full_name', 'name', default=''))}</b>"),
        (t("cccd"), _e(field_of(info, "payer_cccd", "cccd", default=""))),
        (t("address"), _e(_address(info))),
        (t("scheme"), _e(label(str(scheme), lang) if scheme else "")),
    ]
    if members and not isinstance(members, str | int):
        rows.append((t("members"), _e(", ".join(str(m) for m in members))))
    if months:
        rows.append((t("months"), _e(months)))
    if period:
        rows.append((t("period"), _e(period)))
    rows += [
        (t("amount"), f'<span class="amount"><b>{_e(format_vnd(amount))}</b></span>'),
        (t("in_words"), f"<i>{_e(amount_in_words_vi(amount))}</i>"),
        (
            t("agent"),
            _e(
                f"{field_of(info, 'agent_name', default='')} — "
                f"{t('agent_code')}: {field_of(info, 'agent_code', default='')}"
            ),
        ),
        (
            t("confirmation"),
            _e(field_of(info, "confirmation_code", default="")) or "……………………",
        ),
    ]
    body_rows = "\n".join(f'<tr><td class="key">{k}:</td><td>{v}</td></tr>' for k, v in rows)
    issued = _date_text(field_of(info, "issued_on", "date"))
    return f"""<html><head><meta charset="utf-8"><style>{_STYLE}</style></head><body>
<h1>{_e(t("receipt_title"))}</h1>
<p class="sub">{_e(t("receipt_sub"))}</p>
<p class="number">{_e(t("number"))}: <b>{_e(field_of(info, "number", default=""))}</b>
&nbsp;&nbsp; {_e(t("date"))}: <b>{_e(issued)}</b></p>
<table class="fields" width="100%">{body_rows}</table>
<br/>
<table class="sign" width="100%"><tr>
<td width="50%"><b>{_e(t("payer_sign"))}</b><br/><span class="hint">{_e(t("sign_hint"))}</span>
<br/><br/><br/>{_e(field_of(info, "payer_name", "full_name", default=""))}</td>
<td width="50%"><b>{_e(t("agent_sign"))}</b><br/><span class="hint">{_e(t("sign_hint"))}</span>
<br/><br/><br/>{_e(field_of(info, "agent_name", default=""))}</td>
</tr></table>
</body></html>"""


# -- day report -------------------------------------------------------------------------------


def _receipts_of(report: Any) -> list[Any]:
    return list(field_of(report, "receipts", default=()))


def scheme_totals(report: Any) -> dict[str, int]:
    """Amount collected per scheme (wire value), from the report or summed from its receipts."""
    given = field_of(report, "by_scheme", "totals_by_scheme")
    if isinstance(given, Mapping):
        return {str(k): int(v) for k, v in given.items()}
    totals: dict[str, int] = {}
    for receipt in _receipts_of(report):
        scheme = str(field_of(receipt, "scheme", default="other"))
        totals[scheme] = totals.get(scheme, 0) + int(field_of(receipt, "amount", default=0))
    return totals


def cash_total(report: Any) -> int:
    given = field_of(report, "cash_total", "total_amount", "total")
    if isinstance(given, int):
        return given
    return sum(int(field_of(r, "amount", default=0)) for r in _receipts_of(report))


def _count(value: Any) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, Iterable):
        return len(list(value))
    return 0


def day_report_html(report: Any, lang: str = "vi") -> str:
    """The day-end report: every receipt of the day, cash total per agent and per scheme, and
    what is still to send or was rejected."""
    t = lambda key: text(key, lang)  # noqa: E731
    on = _date_text(field_of(report, "on", "day", "date"))
    receipts = _receipts_of(report)
    rows = []
    for r in receipts:
        scheme = field_of(r, "scheme", default="")
        rows.append(
            "<tr>"
            f"<td>{_e(field_of(r, 'number', default=''))}</td>"
            f"<td>{_e(field_of(r, 'payer_name', 'full_name', default=''))}</td>"
            f"<td>{_e(label(str(scheme), lang) if scheme else '')}</td>"
            f'<td class="money">{_e(format_vnd(int(field_of(r, "amount", default=0))))}</td>'
            "</tr>"
        )
    if not rows:
        rows.append(f'<tr><td colspan="4"><i>{_e(t("none"))}</i></td></tr>')
    total = cash_total(report)
    scheme_rows = "".join(
        f'<tr><td>{_e(label(s, lang))}</td><td class="money">{_e(format_vnd(v))}</td></tr>'
        for s, v in sorted(scheme_totals(report).items())
    )
    agent = field_of(report, "agent_name", default="")
    code = field_of(report, "agent_code", default="")
    by_agent = field_of(report, "by_agent")
    agent_rows = ""
    if isinstance(by_agent, Mapping) and by_agent:
        agent_rows = "".join(
            f'<tr><td>{_e(k)}</td><td class="money">{_e(format_vnd(int(v)))}</td></tr>'
            for k, v in sorted(by_agent.items())
        )
    else:
        agent_rows = (
            f"<tr><td>{_e(agent)} ({_e(code)})</td>"
            f'<td class="money">{_e(format_vnd(total))}</td></tr>'
        )
    pending = _count(field_of(report, "pending", "pending_count", default=0))
    rejected = _count(field_of(report, "rejected", "attention", "rejected_count", default=0))
    conflicts = _count(field_of(report, "conflicts", default=0))
    unreceipted = _count(field_of(report, "unreceipted", default=0))
    charged = field_of(report, "enrollments_total")
    balance_rows = ""
    if isinstance(charged, int):
        ok = charged == total and not unreceipted
        verdict = t("balanced") if ok else t("unbalanced")
        colour = "#1b5e20" if ok else "#b3261e"
        balance_rows = (
            f'<tr><td class="key">{_e(t("enrollments_total"))}:</td>'
            f"<td>{_e(format_vnd(charged))}</td></tr>"
            f'<tr><td class="key">{_e(t("unreceipted"))}:</td><td>{unreceipted}</td></tr>'
            f'<tr><td colspan="2" style="color: {colour};"><b>{_e(verdict)}</b></td></tr>'
        )
    return f"""<html><head><meta charset="utf-8"><style>{_STYLE}</style></head><body>
<h1>{_e(t("day_title"))}</h1>
<p class="number">{_e(t("date"))}: <b>{_e(on)}</b> — {_e(agent)} ({_e(code)})</p>
<table class="fields" width="100%">
<tr><td class="key">{_e(t("count"))}:</td><td><b>{len(receipts)}</b></td></tr>
<tr><td class="key">{_e(t("cash_total"))}:</td><td class="amount"><b>{_e(format_vnd(total))}</b>
</td></tr>
<tr><td class="key">{_e(t("in_words"))}:</td><td><i>{_e(amount_in_words_vi(total))}</i></td></tr>
<tr><td class="key">{_e(t("pending"))}:</td><td>{pending}</td></tr>
<tr><td class="key">{_e(t("rejected"))}:</td><td>{rejected}</td></tr>
<tr><td class="key">{_e(t("conflicts"))}:</td><td>{conflicts}</td></tr>
{balance_rows}
</table>
<h3>{_e(t("receipts"))}</h3>
<table class="grid" width="100%">
<tr><th>{_e(t("number"))}</th><th>{_e(t("payer"))}</th><th>{_e(t("scheme"))}</th>
<th>{_e(t("amount"))}</th></tr>
{"".join(rows)}
<tr><td colspan="3"><b>{_e(t("total"))}</b></td>
<td class="money"><b>{_e(format_vnd(total))}</b></td></tr>
</table>
<h3>{_e(t("by_scheme"))}</h3>
<table class="grid" width="60%">{scheme_rows or f"<tr><td>{_e(t('none'))}</td></tr>"}</table>
<h3>{_e(t("by_agent"))}</h3>
<table class="grid" width="60%">{agent_rows}</table>
<br/>
<table class="sign" width="100%"><tr>
<td width="50%"><b>{_e(t("agent_sign"))}</b><br/><span class="hint">{_e(t("sign_hint"))}</span>
</td><td width="50%"></td></tr></table>
</body></html>"""


# -- writing and reading PDFs -------------------------------------------------------------------


def html_to_pdf(
    html_text: str, path: Path | str, *, page: QPageSize.PageSizeId = QPageSize.PageSizeId.A5
) -> Path:
    """Lay ``html_text`` out on ``page`` and write it to ``path`` (parents created)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(target))
    writer.setPageSize(QPageSize(page))
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle("BHXH")
    writer.setCreator("bhxh-field-agent")
    doc = QTextDocument()
    # Measure fonts at the writer's resolution, so a 10 pt line is 10 pt on paper.
    doc.documentLayout().setPaintDevice(writer)
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)  # the page margins are the writer's
    doc.setHtml(html_text)
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(area.width()), float(area.height())
    doc.setPageSize(QSizeF(width, height))
    # Paint page by page ourselves: QTextDocument.print_() would add its own margins and
    # page numbers, which push a receipt's signatures onto a second sheet.
    painter = QPainter(writer)
    try:
        for page in range(doc.pageCount()):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * height)
            doc.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
    finally:
        painter.end()
    del writer  # the file is complete only once the writer is gone
    return target


def print_receipt_pdf(info: Any, path: Path | str, lang: str = "vi") -> Path:
    """Write the receipt for ``info`` (a ``ReceiptInfo``) to ``path`` as an A5 PDF."""
    return html_to_pdf(receipt_html(info, lang), path, page=QPageSize.PageSizeId.A5)


def print_day_report_pdf(report: Any, path: Path | str, lang: str = "vi") -> Path:
    """Write the day-end report (a ``DayReport``) to ``path`` as an A4 PDF."""
    return html_to_pdf(day_report_html(report, lang), path, page=QPageSize.PageSizeId.A4)


def pdf_text(path: Path | str) -> str:
    """All the text of a PDF, page after page (QtPdf), for checks and previews."""
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    loop = QEventLoop()
    doc.statusChanged.connect(
        lambda status: loop.quit() if status != QPdfDocument.Status.Loading else None
    )
    doc.load(str(path))
    if doc.status() == QPdfDocument.Status.Loading:
        loop.exec()
    if doc.status() != QPdfDocument.Status.Ready:
        raise OSError(f"cannot read {path}: {doc.error()}")
    pages = [doc.getAllText(i).text() for i in range(doc.pageCount())]
    doc.close()
    return "\n".join(pages)


def pdf_page_image(path: Path | str, page: int = 0, width: int = 800) -> QImage:
    """Page ``page`` of a PDF rendered ``width`` pixels wide (previews and checks)."""
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    doc.load(str(path))
    points = doc.pagePointSize(page)
    height = round(width * points.height() / points.width())
    image = doc.render(page, QSize(width, height))
    doc.close()
    return image
