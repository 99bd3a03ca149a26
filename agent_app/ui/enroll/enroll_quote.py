"""The figures side of the enrollment forms: the voluntary quote and pension estimate panel, and
the small helpers both enrollment forms share (the totals' style, the new enrollment's id).

The panel only shows what it is given; the dialog computes the quote on every edit.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from sync.domain.errors import DomainError
from sync.domain.messages import format_date, format_vnd
from sync.domain.pension import estimate_pension, retirement_date
from sync.domain.rates import Rates
from sync.domain.rules import VoluntaryQuote

TOTAL_STYLE = "font-size: 15pt; font-weight: bold; color: #0b5394;"


def _months_between(start: date, end: date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


class VoluntaryQuotePanel(QGroupBox):
    """Monthly contribution, state support, what the person pays, the advance discount and the
    total; below them the pension the chosen income would lead to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Quote"))
        self.setObjectName("quotePanel")
        form = QFormLayout(self)
        self.labels: dict[str, QLabel] = {}
        for key, text in (
            ("gross", self.tr("Contribution (22 %) a month")),
            ("support", self.tr("State support a month")),
            ("payable", self.tr("Payable a month")),
            ("months", self.tr("Months")),
            ("discount", self.tr("Discount for paying in advance")),
            ("total", self.tr("Total to pay")),
        ):
            value = QLabel("—")
            value.setObjectName(f"quote_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(text, value)
            self.labels[key] = value
        self.labels["total"].setStyleSheet(TOTAL_STYLE)
        self.basis_label = QLabel()
        self.basis_label.setObjectName("basisLabel")
        self.basis_label.setStyleSheet("color: #555; font-size: 8pt;")
        form.addRow(self.basis_label)
        self.pension_label = QLabel()
        self.pension_label.setObjectName("pensionLabel")
        self.pension_label.setWordWrap(True)
        self.pension_label.setMinimumHeight(self.pension_label.fontMetrics().lineSpacing() * 3)
        self.pension_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.pension_label)

    def show_quote(self, quote: VoluntaryQuote | None) -> None:
        labels = self.labels
        if quote is None:
            for value in labels.values():
                value.setText("—")
            self.basis_label.setText("")
            return
        labels["gross"].setText(format_vnd(quote.monthly_gross))
        support_text = format_vnd(quote.monthly_support)
        if quote.support_pct:
            support_text = f"{support_text} ({quote.support_pct} %)"
        labels["support"].setText(support_text)
        labels["payable"].setText(format_vnd(quote.monthly_payable))
        labels["months"].setText(str(quote.months))
        labels["discount"].setText(format_vnd(quote.discount) if quote.discount_rate else "—")
        labels["total"].setText(format_vnd(quote.total))
        # The legal basis is long; it is one hover away instead of crowding the figures.
        basis = "\n".join(quote.legal_basis)
        self.basis_label.setText(
            self.tr("Provisional: a rate is announced, not yet confirmed")
            if quote.provisional
            else ""
        )
        self.basis_label.setToolTip(basis)
        labels["total"].setToolTip(basis)

    def show_pension(
        self,
        rates: Rates,
        *,
        sex: str | None,
        date_of_birth: date | None,
        income: int | None,
        paid_on: date,
        months_before: int = 0,
    ) -> None:
        """The pension if the person pays ``income`` from ``paid_on`` until retirement, on top
        of the ``months_before`` already paid (as the service's pension estimate counts)."""
        if income is None or date_of_birth is None or sex not in ("male", "female"):
            self.pension_label.setText("")
            return
        try:
            retire = retirement_date(rates, sex=sex, date_of_birth=date_of_birth)
            months = _months_between(paid_on, retire)
            estimate = estimate_pension(
                rates,
                sex=sex,
                months_contributed=months + months_before,
                average_income=income,
                on=paid_on,
                date_of_birth=date_of_birth,
            )
        except DomainError:
            self.pension_label.setText("")
            return
        if months <= 0:  # past retirement age already: no pension to estimate from here
            self.pension_label.setText("")
            return
        if estimate.eligible:
            self.pension_label.setText(
                self.tr("Pension estimate if paying until %1: %2 a month (%3 % of income)")
                .replace("%1", format_date(retire))
                .replace("%2", format_vnd(estimate.monthly_pension))
                .replace("%3", f"{estimate.pct.normalize():f}")
            )
        else:
            self.pension_label.setText(
                self.tr("Paying until %1 gives %2 months; a pension needs %3 more.")
                .replace("%1", format_date(retire))
                .replace("%2", str(months + months_before))
                .replace("%3", str(estimate.months_short))
            )
