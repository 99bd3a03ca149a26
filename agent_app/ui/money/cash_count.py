"""The day's cash counted by note in Close the day, and the remittance slip it prints.

:class:`NoteCounter` has one box per note (500.000 … 1.000 ₫): whole numbers, never negative,
at most 9.999 notes of one kind (the limits are stated beside the boxes); it adds them up and
says over or short against the receipts' total. :func:`remittance_html` is the slip ("BẢNG KÊ
NỘP TIỀN"): the count of each note, its amount, the total, the receipts' total and the
difference, written to PDF through :func:`agent_app.ui.money.report_pdf.html_to_pdf`.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QSpinBox, QWidget

from agent_app.services import DayReport
from agent_app.services.cash import MAX_NOTES, NOTES, CashCount, count_cash
from agent_app.services.progress import format_count
from agent_app.services.words import amount_in_words_vi
from agent_app.ui.money.report_pdf import html_to_pdf
from sync.domain.messages import format_date, format_vnd


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def difference_text(count: CashCount) -> str:
    """ "Over by 50.000 ₫", "Short by 50.000 ₫" or "Matches the receipts"."""
    return RemittanceSlip().difference_text(count)


class NoteCounter(QGroupBox):
    """One spin box per note; ``counted(CashCount)`` after every change."""

    counted = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteCounter")
        self.setTitle(self.tr("Cash by note"))
        self.expected = 0
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        self.boxes: dict[int, QSpinBox] = {}
        self.amounts: dict[int, QLabel] = {}
        columns = 3
        for i, note in enumerate(NOTES):
            row, col = divmod(i, columns)
            name = QLabel(f"{format_vnd(note)} ×")
            box = QSpinBox()
            box.setObjectName(f"note{note}")
            box.setRange(0, MAX_NOTES)
            box.setAccessibleName(self.tr("Notes of %1").replace("%1", format_vnd(note)))
            name.setBuddy(box)
            amount = QLabel(f"= {format_vnd(0)}")
            amount.setObjectName(f"noteAmount{note}")
            amount.setMinimumWidth(110)
            grid.addWidget(name, row, col * 3)
            grid.addWidget(box, row, col * 3 + 1)
            grid.addWidget(amount, row, col * 3 + 2)
            box.valueChanged.connect(self._changed)
            self.boxes[note] = box
            self.amounts[note] = amount
        rows = -(-len(NOTES) // columns)
        self.limits = QLabel(
            self.tr("Whole notes only, 0 to %1 of each kind.").replace(
                "%1", format_count(MAX_NOTES)
            )
        )
        self.limits.setObjectName("noteLimits")
        self.limits.setStyleSheet("color: #555;")
        grid.addWidget(self.limits, rows, 0, 1, columns * 3)
        self.total_label = QLabel()
        self.total_label.setObjectName("noteTotal")
        self.total_label.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.total_label.setWordWrap(True)
        grid.addWidget(self.total_label, rows + 1, 0, 1, columns * 3)
        self._changed()

    def counts(self) -> dict[int, int]:
        return {note: box.value() for note, box in self.boxes.items()}

    def set_counts(self, counts: dict[int, int]) -> None:
        for note, box in self.boxes.items():
            box.setValue(counts.get(note, 0))

    def set_expected(self, expected: int) -> None:
        self.expected = expected
        self._changed()

    def count(self) -> CashCount:
        return count_cash(self.counts(), self.expected)

    def touched(self) -> bool:
        """Whether any note was counted (a blank counter says nothing about the cash)."""
        return any(box.value() for box in self.boxes.values())

    def _changed(self, *_args: object) -> None:
        count = self.count()
        for note, n in count.counts:
            self.amounts[note].setText(f"= {format_vnd(note * n)}")
        if not self.touched():
            self.total_label.setText(
                self.tr("Type how many notes of each value you have: the total and any "
                        "difference with the receipts (%1) follow.").replace(
                    "%1", format_vnd(count.expected)
                )
            )  # fmt: skip
            self.total_label.setStyleSheet("font-size: 10pt; color: #555;")
            self.counted.emit(count)
            return
        said = difference_text(count)
        self.total_label.setText(
            self.tr("Counted %1 in %2 notes — %3 (receipts: %4)")
            .replace("%1", format_vnd(count.total))
            .replace("%2", format_count(count.notes))
            .replace("%3", said)
            .replace("%4", format_vnd(count.expected))
        )
        colour = "#1b5e20" if count.difference == 0 else "#b3261e"
        self.total_label.setStyleSheet(f"font-size: 12pt; font-weight: bold; color: {colour};")
        self.counted.emit(count)


_STYLE = """
body { font-size: 10pt; color: #111; }
h1 { font-size: 15pt; text-align: center; margin: 0; }
.sub { text-align: center; color: #444; }
table.grid { border-collapse: collapse; }
table.grid th, table.grid td { border: 1px solid #888; padding: 3px 6px; }
table.grid th { background: #eee; }
td.num { text-align: right; }
.sign td { text-align: center; padding-top: 6px; }
.hint { color: #555; font-style: italic; font-size: 8pt; }
"""


class RemittanceSlip(QObject):
    """The slip's texts (through Qt's translator, context ``RemittanceSlip``) and its HTML."""

    def difference_text(self, count: CashCount) -> str:
        difference = count.difference
        if difference > 0:
            return self.tr("Over by %1").replace("%1", format_vnd(difference))
        if difference < 0:
            return self.tr("Short by %1").replace("%1", format_vnd(-difference))
        return self.tr("Matches the receipts")

    def html(self, report: DayReport, count: CashCount, *, agent: tuple[str, str]) -> str:
        """The remittance slip of agent ``(name, code)`` for the day of ``report``."""
        name, code = agent
        rows = "".join(
            "<tr>"
            f'<td class="num">{_e(format_vnd(note))}</td>'
            f'<td class="num">{_e(format_count(n))}</td>'
            f'<td class="num">{_e(format_vnd(note * n))}</td>'
            "</tr>"
            for note, n in count.counts
        )
        difference = count.difference
        tone = "#1b5e20" if difference == 0 else "#b3261e"
        sub = self.tr(
            "Cash collected for voluntary social insurance and household health insurance"
        )
        notes, total, expected = (
            format_count(count.notes),
            format_vnd(count.total),
            format_vnd(count.expected),
        )
        said = f"{format_vnd(difference)} — {self.difference_text(count)}"
        t = {
            "t0": _e(self.tr("REMITTANCE SLIP")),
            "t1": _e(self.tr("Date")),
            "t2": _e(self.tr("Agent")),
            "t3": _e(self.tr("Note")),
            "t4": _e(self.tr("Count")),
            "t5": _e(self.tr("Amount")),
            "t6": _e(self.tr("Total counted")),
            "t7": _e(self.tr("In words")),
            "t8": _e(self.tr("Receipts of the day")),
            "t9": _e(self.tr("Total of the receipts")),
            "t10": _e(self.tr("Difference (counted − receipts)")),
            "t11": _e(self.tr("Remitted by (agent)")),
            "t12": _e(self.tr("(Signature and full name)")),
            "t13": _e(self.tr("Received by")),
        }
        return f"""<html><head><meta charset="utf-8"><style>{_STYLE}</style></head><body>
<h1>{t["t0"]}</h1>
<p class="sub">{_e(sub)}</p>
<p class="sub">{t["t1"]}: <b>{_e(format_date(report.on))}</b> — {t["t2"]}:
<b>{_e(name)}</b> ({_e(code)})</p>
<table class="grid" width="100%">
<tr><th>{t["t3"]}</th><th>{t["t4"]}</th><th>{t["t5"]}</th></tr>
{rows}
<tr><td><b>{t["t6"]}</b></td><td class="num"><b>{_e(notes)}</b></td>
<td class="num"><b>{_e(total)}</b></td></tr>
</table>
<p>{t["t7"]}: <i>{_e(amount_in_words_vi(count.total))}</i></p>
<table width="100%">
<tr><td>{t["t8"]}:</td><td><b>{len(report.receipts)}</b></td></tr>
<tr><td>{t["t9"]}:</td><td><b>{_e(expected)}</b></td></tr>
<tr><td>{t["t10"]}:</td>
<td style="color: {tone};"><b>{_e(said)}</b></td></tr>
</table>
<br/>
<table class="sign" width="100%"><tr>
<td width="50%"><b>{t["t11"]}</b><br/>
<span class="hint">{t["t12"]}</span><br/><br/><br/>{_e(name)}</td>
<td width="50%"><b>{t["t13"]}</b><br/>
<span class="hint">{t["t12"]}</span></td>
</tr></table>
</body></html>"""


def remittance_html(report: DayReport, count: CashCount, *, agent: tuple[str, str]) -> str:
    """The remittance slip of agent ``(name, code)`` for the day of ``report``."""
    return RemittanceSlip().html(report, count, agent=agent)


def print_remittance_pdf(
    report: DayReport, count: CashCount, path: Path | str, *, agent: tuple[str, str]
) -> Path:
    """Write the remittance slip to ``path`` as an A5 PDF (``OSError`` when it cannot)."""
    page = remittance_html(report, count, agent=agent)
    return html_to_pdf(page, path, page=QPageSize.PageSizeId.A5)
