"""Printable paperwork: the receipt ("BIÊN LAI THU TIỀN", laid out by ``receipt_paper``) and the
day-end reconciliation report,
rendered as HTML into a ``QTextDocument`` and written to PDF with ``QPdfWriter``.

The HTML builders are plain functions over the service's ``ReceiptInfo`` and ``DayReport``, so
tests can check the text without a printer; :func:`pdf_text` reads a written PDF back with QtPdf.
Printed labels go through the translator (context ``DayReport``), as every text of the UI does.
"""

from __future__ import annotations

import contextlib
import errno
import html
import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from agent_app.services import DayReport, Mismatch, ReceiptInfo
from agent_app.services.words import amount_in_words_vi
from agent_app.ui.i18n import translate, vocab_text
from agent_app.ui.money.receipt_paper import receipt_html
from agent_app.ui.money.receipt_paper import text as receipt_text
from sync.domain.messages import format_date, format_vnd

# Fonts with full Vietnamese coverage, in order of preference; Qt falls back down the list.
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Arial", "Segoe UI")


def _texts() -> dict[str, str]:
    """Built at each use through the translator (the language may change while the app runs)."""
    return {
        "number": translate("DayReport", "No."),
        "date": translate("DayReport", "Date"),
        "payer": translate("DayReport", "Payer"),
        "scheme": translate("DayReport", "For"),
        "amount": translate("DayReport", "Amount"),
        "in_words": translate("DayReport", "In words (Vietnamese)"),
        "agent_sign": translate("DayReport", "Collector"),
        "sign_hint": translate("DayReport", "(Signature and full name)"),
        "day_title": translate("DayReport", "DAY-END RECONCILIATION"),
        "receipts": translate("DayReport", "Receipts of the day"),
        "count": translate("DayReport", "Receipts"),
        "cash_total": translate("DayReport", "Cash collected"),
        "pending": translate("DayReport", "Still to send"),
        "rejected": translate("DayReport", "Rejected / needs attention"),
        "by_scheme": translate("DayReport", "By scheme"),
        "by_agent": translate("DayReport", "By agent"),
        "none": translate("DayReport", "None"),
        "total": translate("DayReport", "Total"),
        "sync": translate("DayReport", "Sync"),
        "printed": translate("DayReport", "Printed"),
        "conflicts": translate("DayReport", "Conflicts to resolve"),
        "enrollments_total": translate("DayReport", "Charged by the day's enrollments"),
        "balanced": translate("DayReport", "Balanced: cash equals enrollments"),
        "unbalanced": translate("DayReport", "NOT BALANCED — see the records to check below"),
        "unreceipted": translate("DayReport", "Enrollments without a receipt"),
        "mismatches": translate("DayReport", "Records to check"),
        "counted": translate("DayReport", "Cash counted"),
        "expected": translate("DayReport", "By the receipts"),
        "over": translate("DayReport", "Over by {amount}"),
        "short": translate("DayReport", "Short by {amount}"),
        "counted_ok": translate("DayReport", "Matches the receipts"),
        "mm_no_receipt": translate(
            "DayReport",
            "{name} — {scheme}, {enrollment_amount}: enrolled on {paid_on} with no receipt. If "
            "the money was taken, issue the receipt; if not, tell the supervisor.",
        ),
        "mm_amount_differs": translate(
            "DayReport",
            "Receipt {number} ({name}) says {receipt_amount}, but the enrollment charged "
            "{enrollment_amount}. Check the money taken.",
        ),
        "mm_dates_differ": translate(
            "DayReport",
            "Receipt {number} ({name}, {receipt_amount}) is dated {issued_on}, but the enrollment"
            " says paid on {paid_on}. Open the record to check the day the money was taken.",
        ),
        "mm_no_enrollment": translate(
            "DayReport",
            "Receipt {number} ({receipt_amount}) has no enrollment on this laptop. Sync and close"
            " the day again; if it is still missing, tell the supervisor.",
        ),
    }


def text(key: str) -> str:
    return _texts()[key]


def _date_text(value: date | None) -> str:
    return format_date(value) if value is not None else ""


def _e(value: object) -> str:
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


# -- day report -------------------------------------------------------------------------------


def mismatch_text(item: Mismatch) -> str:
    """One sentence naming the record, what does not match and what to do."""

    def money(value: int | None) -> str:
        return format_vnd(value) if value is not None else "—"

    return text(f"mm_{item.code}").format(
        name=item.name or "—",
        scheme=vocab_text(item.scheme) if item.scheme else "—",
        number=item.receipt_number or "—",
        enrollment_amount=money(item.enrollment_amount),
        receipt_amount=money(item.receipt_amount),
        paid_on=_date_text(item.paid_on) or "—",
        issued_on=_date_text(item.issued_on) or "—",
    )


def counted_text(report: DayReport, counted: int) -> tuple[str, int]:
    """ "Over by 50.000 ₫" / "Short by 50.000 ₫" / "Matches the receipts", and the difference
    (counted − the receipts' total: positive over, negative short)."""
    difference = counted - report.cash_total
    if difference > 0:
        return text("over").format(amount=format_vnd(difference)), difference
    if difference < 0:
        return text("short").format(amount=format_vnd(-difference)), difference
    return text("counted_ok"), 0


def scheme_totals(report: DayReport) -> dict[str, int]:
    """Amount collected per scheme (wire value), summed from the day's receipts."""
    totals: dict[str, int] = {}
    for receipt in report.receipts:
        totals[receipt.scheme] = totals.get(receipt.scheme, 0) + receipt.amount
    return totals


def day_report_html(
    report: DayReport, *, agent: tuple[str, str], counted: int | None = None
) -> str:
    """The day-end report of agent ``(name, code)``: every receipt of the day, cash total per
    scheme, whether cash and enrollments balance (naming every record that does not match),
    the cash ``counted`` against the receipts when given, and what is still to send or was
    rejected."""
    t = lambda key: text(key)  # noqa: E731
    name, code = agent
    rows = [
        "<tr>"
        f"<td>{_e(r.number)}</td>"
        f"<td>{_e(r.payer_name)}</td>"
        f"<td>{_e(vocab_text(r.scheme))}</td>"
        f'<td class="money">{_e(format_vnd(r.amount))}</td>'
        "</tr>"
        for r in report.receipts
    ]
    if not rows:
        rows.append(f'<tr><td colspan="4"><i>{_e(t("none"))}</i></td></tr>')
    total = report.cash_total
    scheme_rows = "".join(
        f'<tr><td>{_e(vocab_text(s))}</td><td class="money">{_e(format_vnd(v))}</td></tr>'
        for s, v in sorted(scheme_totals(report).items())
    )
    agent_rows = (
        f'<tr><td>{_e(name)} ({_e(code)})</td><td class="money">{_e(format_vnd(total))}</td></tr>'
    )
    ok = report.balanced
    verdict = t("balanced") if ok else t("unbalanced")
    colour = "#1b5e20" if ok else "#b3261e"
    balance_rows = (
        f'<tr><td class="key">{_e(t("enrollments_total"))}:</td>'
        f"<td>{_e(format_vnd(report.enrollments_total))}</td></tr>"
        f'<tr><td class="key">{_e(t("unreceipted"))}:</td><td>{len(report.unreceipted)}</td></tr>'
        f'<tr><td colspan="2" style="color: {colour};"><b>{_e(verdict)}</b></td></tr>'
    )
    if counted is not None:
        said, difference = counted_text(report, counted)
        tone = "#1b5e20" if difference == 0 else "#b3261e"
        balance_rows += (
            f'<tr><td class="key">{_e(t("counted"))}:</td><td>{_e(format_vnd(counted))} — '
            f'<b style="color: {tone};">{_e(said)}</b></td></tr>'
        )
    mismatch_part = ""
    if report.mismatches:
        items = "".join(f"<li>{_e(mismatch_text(m))}</li>" for m in report.mismatches)
        mismatch_part = (
            f'<h3 style="color: #b3261e;">{_e(t("mismatches"))} ({len(report.mismatches)})</h3>'
            f"<ol>{items}</ol>"
        )
    return f"""<html><head><meta charset="utf-8"><style>{_STYLE}</style></head><body>
<h1>{_e(t("day_title"))}</h1>
<p class="number">{_e(t("date"))}: <b>{_e(_date_text(report.on))}</b> — {_e(name)} ({_e(code)})</p>
<table class="fields" width="100%">
<tr><td class="key">{_e(t("count"))}:</td><td><b>{len(report.receipts)}</b></td></tr>
<tr><td class="key">{_e(t("cash_total"))}:</td><td class="amount"><b>{_e(format_vnd(total))}</b>
</td></tr>
<tr><td class="key">{_e(t("in_words"))}:</td><td><i>{_e(amount_in_words_vi(total))}</i></td></tr>
<tr><td class="key">{_e(t("pending"))}:</td><td>{report.pending}</td></tr>
<tr><td class="key">{_e(t("rejected"))}:</td><td>{report.rejected}</td></tr>
<tr><td class="key">{_e(t("conflicts"))}:</td><td>{report.conflicts}</td></tr>
{balance_rows}
</table>
{mismatch_part}
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


def _document(html_text: str, device: QPagedPaintDevice, resolution: int) -> QTextDocument:
    doc = QTextDocument()
    # Measure fonts at the device's resolution, so a 10 pt line is 10 pt on paper.
    doc.documentLayout().setPaintDevice(device)
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)  # the page margins are the device's
    doc.setHtml(html_text)
    area = device.pageLayout().paintRectPixels(resolution)
    doc.setPageSize(QSizeF(float(area.width()), float(area.height())))
    return doc


def paint_html(
    html_text: str, device: QPagedPaintDevice, resolution: int, *, watermark: str | None = None
) -> bool:
    """Lay ``html_text`` out on ``device``'s pages (a PDF writer or a printer) and paint it,
    with ``watermark`` written large and slanted across every page (a voided receipt's
    "ĐÃ HỦY"); False when the device could not be opened (a file that cannot be written, a
    printer gone)."""
    doc = _document(html_text, device, resolution)
    size = doc.pageSize()
    width, height = size.width(), size.height()
    painter = QPainter()
    if not painter.begin(device):
        return False
    # Paint page by page ourselves: QTextDocument.print_() would add its own margins and
    # page numbers, which push a receipt's signatures onto a second sheet.
    try:
        for page in range(doc.pageCount()):
            if page and not device.newPage():
                return False
            painter.save()
            painter.translate(0, -page * height)
            doc.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
            if watermark:
                _paint_watermark(painter, watermark, width, height)
    finally:
        painter.end()
    return True


def _paint_watermark(painter: QPainter, word: str, width: float, height: float) -> None:
    painter.save()
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setBold(True)
    font.setPixelSize(max(1, int(min(width, height) / 5)))
    painter.setFont(font)
    # The error red, see-through so the receipt's text stays legible under it.
    painter.setPen(QColor(179, 38, 30, 90))
    painter.translate(width / 2, height / 2)
    painter.rotate(-30)
    box = QRectF(-width, -height / 4, 2 * width, height / 2)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), word)
    painter.restore()


def html_to_pdf(
    html_text: str,
    path: Path | str,
    *,
    page: QPageSize.PageSizeId = QPageSize.PageSizeId.A5,
    watermark: str | None = None,
) -> Path:
    """Lay ``html_text`` out on ``page`` and write it to ``path`` (parents created).

    Written to a temporary file beside it, then moved into place: raises ``OSError`` when the
    folder or the file cannot be written (e.g. the PDF is held open by a viewer), and then
    ``path`` is left as it was, never reported as saved.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    writer = QPdfWriter(str(partial))
    writer.setPageSize(QPageSize(page))
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle("BHXH")
    writer.setCreator("bhxh-field-agent")
    painted = paint_html(html_text, writer, writer.resolution(), watermark=watermark)
    del writer  # the file is complete only once the writer is gone
    try:
        if not painted or not partial.is_file() or partial.stat().st_size == 0:
            raise OSError(errno.EIO, "the PDF could not be written", str(target))
        os.replace(partial, target)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return target


def print_html(
    html_text: str,
    printer: QPagedPaintDevice,
    resolution: int,
    *,
    watermark: str | None = None,
) -> bool:
    """Print ``html_text`` on ``printer`` (set up by a QPrintDialog); False when it failed."""
    return paint_html(html_text, printer, resolution, watermark=watermark)


def receipt_watermark(info: ReceiptInfo) -> str | None:
    """ "ĐÃ HỦY" across a voided receipt; None for a live one."""
    return receipt_text("voided") if info.voided else None


def print_receipt_pdf(
    info: ReceiptInfo,
    path: Path | str,
    *,
    payer_cccd: str | None = None,
    copy: bool | None = None,
) -> Path:
    """Write the receipt for ``info`` to ``path`` as an A5 PDF (``copy``: marked "BẢN SAO";
    by default when it was printed before)."""
    page = receipt_html(info, payer_cccd=payer_cccd, copy=copy)
    return html_to_pdf(page, path, page=QPageSize.PageSizeId.A5, watermark=receipt_watermark(info))


def print_day_report_pdf(
    report: DayReport,
    path: Path | str,
    *,
    agent: tuple[str, str],
    counted: int | None = None,
) -> Path:
    """Write the day-end report of agent ``(name, code)`` to ``path`` as an A4 PDF."""
    page = day_report_html(report, agent=agent, counted=counted)
    return html_to_pdf(page, path, page=QPageSize.PageSizeId.A4)


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
