"""The receipt on paper in the layout of form C45-BB ("BIÊN LAI THU TIỀN"): issuing BHXH office
and the organisation authorised to collect, series, number and date, the payer and their BHXH
code or CCCD, address, what the money pays for, amount in figures and words, the BHXH
confirmation code and where to check it, a QR code of the key facts, and the two signatures.

Plain functions over ``ReceiptInfo`` returning HTML (a QTextDocument lays it out for the preview,
the printer and the PDF). The labels go through the translator like every other text (the
app refuses to start in Vietnamese without its catalogue: the paper never silently turns
English). What the profile does not know (office, organisation, series) is printed as a blank
line to be filled in by hand, never guessed.
"""

from __future__ import annotations

import base64
import html
import io
from datetime import date

from agent_app.services import ReceiptInfo
from agent_app.services.words import amount_in_words_vi
from agent_app.ui.i18n import translate
from sync.domain.messages import format_date, format_vnd

BLANK = "…………………………"
# Where a participant checks a receipt's confirmation code.
PORTAL = "baohiemxahoi.gov.vn"


def _texts() -> dict[str, str]:
    """Built at each use through the translator (the language may change while the app runs)."""
    return {
        "office": translate("ReceiptPaper", "BHXH OFFICE"),
        "organisation": translate("ReceiptPaper", "Collecting for BHXH"),
        "form": translate("ReceiptPaper", "Form C45-BB"),
        "series": translate("ReceiptPaper", "Series"),
        "number": translate("ReceiptPaper", "No."),
        "title": translate("ReceiptPaper", "RECEIPT"),
        "dated": translate("ReceiptPaper", "Date: {d:02d}/{m:02d}/{y}"),
        "payer": translate("ReceiptPaper", "Payer", "payer"),
        "bhxh_code": translate("ReceiptPaper", "BHXH code"),
        "cccd": translate("ReceiptPaper", "ID number (CCCD)"),
        "address": translate("ReceiptPaper", "Address"),
        "content": translate("ReceiptPaper", "For"),
        "voluntary": translate("ReceiptPaper", "Voluntary social insurance contribution"),
        "household_health": translate("ReceiptPaper", "Household health insurance contribution"),
        "months": translate("ReceiptPaper", "{n} months"),
        "month_period": translate("ReceiptPaper", "from {start} to {end}", "month_period"),
        "day_period": translate("ReceiptPaper", "from {start} to {end}", "day_period"),
        "members": translate("ReceiptPaper", "Participants"),
        "amount": translate("ReceiptPaper", "Amount"),
        "in_words": translate("ReceiptPaper", "In words (Vietnamese)"),
        "confirmation": translate("ReceiptPaper", "BHXH confirmation code"),
        "not_yet": translate("ReceiptPaper", "(not yet)"),
        "check_how": translate(
            "ReceiptPaper",
            "Check the confirmation code on the BHXH portal %1 (Tra cứu, look-up) "
            "or in the VssID app.",
        ).replace("%1", PORTAL),
        "payer_sign": translate("ReceiptPaper", "Payer", "payer_sign"),
        "collector_sign": translate("ReceiptPaper", "Collector"),
        "sign_hint": translate("ReceiptPaper", "(Signature and full name)"),
        "collector_code": translate("ReceiptPaper", "Collector code"),
        "copy": translate("ReceiptPaper", "COPY"),
        "voided": translate("ReceiptPaper", "VOIDED"),
        "void_line": translate("ReceiptPaper", "Voided on {on}. Reason: {reason}"),
        "qr": translate("ReceiptPaper", "QR: number, date, amount, payer, collector"),
    }


def text(key: str) -> str:
    return _texts()[key]


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _or_blank(value: str | None) -> str:
    return _e(value) if value else BLANK


def _month(day: date) -> str:
    return f"{day.month:02d}/{day.year}"


def content_text(info: ReceiptInfo) -> str:
    """What the money pays for: the scheme, the months and the period (months for voluntary
    insurance from its ``cover_from``; days otherwise, e.g. the health card's validity)."""
    months = info.months
    # Months when cover starts on a month's first day (voluntary insurance's ``cover_from``),
    # else the days: "tháng 11/2026 đến tháng 11/2027" would read as thirteen months.
    whole_months = info.period_from.day == 1
    if info.scheme == "voluntary" and whole_months:
        period = text("month_period").format(
            start=_month(info.period_from), end=_month(info.period_to)
        )
    else:
        period = text("day_period").format(
            start=format_date(info.period_from), end=format_date(info.period_to)
        )
    known = info.scheme in ("voluntary", "household_health")
    parts = [text(info.scheme if known else "content")]
    if months:
        parts.append(text("months").format(n=months))
    parts.append(period)
    return ", ".join(parts)


def payer_id(info: ReceiptInfo, payer_cccd: str | None = None) -> str:
    """The payer's BHXH code, else their CCCD, else empty."""
    return info.payer_bhxh_code or payer_cccd or info.payer_cccd or ""


def qr_text(info: ReceiptInfo, payer_cccd: str | None = None) -> str:
    """The facts the QR code carries, ASCII only so any scanner reads them:
    ``C45-BB;SO=<number>;NGAY=<yyyy-mm-dd>;TIEN=<đồng>;NGUOINOP=<BHXH code or CCCD>;
    MANVTHU=<collector code>``."""
    return ";".join(
        (
            "C45-BB",
            f"SO={info.number}",
            f"NGAY={info.issued_on.isoformat()}",
            f"TIEN={info.amount}",
            f"NGUOINOP={payer_id(info, payer_cccd)}",
            f"MANVTHU={info.agent_code}",
        )
    )


def qr_data_uri(payload: str, *, scale: int = 3) -> str:
    """A PNG of the QR code of ``payload`` as a ``data:`` URI (QTextDocument shows those)."""
    import segno

    out = io.BytesIO()
    segno.make(payload, error="m").save(out, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


_STYLE = """
body { font-size: 10pt; color: #111; }
h1 { font-size: 16pt; text-align: center; margin: 0; }
.head td { vertical-align: top; font-size: 9pt; }
.dated { text-align: center; font-style: italic; }
table.fields td { padding: 3px 4px; vertical-align: top; }
td.key { color: #333; width: 30%; }
.mark { text-align: center; font-size: 15pt; font-weight: bold; }
.sign td { text-align: center; padding-top: 6px; }
.hint { color: #555; font-style: italic; font-size: 8pt; }
"""


def receipt_html(
    info: ReceiptInfo,
    *,
    payer_cccd: str | None = None,
    copy: bool | None = None,
    qr: bool = True,
) -> str:
    """The receipt as HTML in the C45-BB layout. ``copy`` marks it "BẢN SAO" (default: when
    it was printed before on this laptop); a voided receipt says "ĐÃ HỦY" with why and when.
    ``payer_cccd`` overrides the CCCD the service found."""
    t = lambda key: text(key)  # noqa: E731  (a local shorthand keeps the table readable)
    is_copy = info.printed > 0 if copy is None else copy
    cccd = payer_cccd or info.payer_cccd
    marks = []
    if info.voided:
        marks.append(f'<p class="mark" style="color: #b3261e;">{_e(t("voided"))}</p>')
        on = format_date(info.voided_on) if info.voided_on else ""
        why = t("void_line").format(on=on, reason=info.void_reason or "")
        marks.append(f'<p style="text-align: center; color: #b3261e;">{_e(why)}</p>')
    if is_copy:
        marks.append(f'<p class="mark" style="color: #444;">{_e(t("copy"))}</p>')
    address = info.address
    if info.commune_name and info.commune_name not in address:
        address = f"{address}, {info.commune_name}" if address else info.commune_name
    rows: list[tuple[str, str]] = [
        (t("payer"), f"<b>{_e(info.payer_name)}</b>"),
        (t("bhxh_code"), _or_blank(info.payer_bhxh_code)),
        (t("cccd"), _or_blank(cccd)),
        (t("address"), _or_blank(address)),
        (t("content"), _e(content_text(info))),
    ]
    if info.scheme != "voluntary" and info.person_names:
        rows.append((t("members"), _e(", ".join(info.person_names))))
    code = _e(info.confirmation_code) if info.confirmation_code else _e(t("not_yet"))
    rows += [
        (t("amount"), f'<b style="font-size: 13pt;">{_e(format_vnd(info.amount))}</b>'),
        (t("in_words"), f"<i>{_e(amount_in_words_vi(info.amount))}</i>"),
        (
            t("confirmation"),
            f'<b>{code}</b><br/><span class="hint">{_e(t("check_how"))}</span>',
        ),
    ]
    body_rows = "\n".join(f'<tr><td class="key">{k}:</td><td>{v}</td></tr>' for k, v in rows)
    d = info.issued_on
    dated = t("dated").format(d=d.day, m=d.month, y=d.year)
    qr_cell = ""
    if qr:
        qr_cell = (
            f'<td width="30%" align="center"><img src="{qr_data_uri(qr_text(info, cccd))}" '
            f'width="96" height="96"/><br/><span class="hint">{_e(t("qr"))}</span></td>'
        )
    return f"""<html><head><meta charset="utf-8"><style>{_STYLE}</style></head><body>
<table class="head" width="100%"><tr>
<td width="55%"><b>{_e(t("office"))}</b>: {_or_blank(info.office)}<br/>
{_e(t("organisation"))}: <b>{_or_blank(info.organisation)}</b></td>
<td width="45%" align="right"><b>{_e(t("form"))}</b><br/>
{_e(t("series"))}: {_or_blank(info.series)}<br/>
<span style="white-space: nowrap;">{_e(t("number"))}: <b>{_e(info.number)}</b></span></td>
</tr></table>
<h1>{_e(t("title"))}</h1>
<p class="dated">{_e(dated)}</p>
{"".join(marks)}
<table class="fields" width="100%">{body_rows}</table>
<table class="sign" width="100%"><tr>
<td width="35%"><b>{_e(t("payer_sign"))}</b><br/><span class="hint">{_e(t("sign_hint"))}</span>
<br/><br/><br/>{_e(info.payer_name)}</td>
{qr_cell}
<td width="35%"><b>{_e(t("collector_sign"))}</b><br/>
<span class="hint">{_e(t("sign_hint"))}</span>
<br/><br/><br/>{_e(info.agent_name)}<br/>{_e(t("collector_code"))}: {_e(info.agent_code)}</td>
</tr></table>
</body></html>"""
