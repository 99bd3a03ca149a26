"""The "when" of both enrollment forms: the money is taken today (the receipt's date, shown, not
editable), and cover starts in a month the agent types ("from month", *Tuthang* in the BHXH
lists), stored in the enrollment as ``cover_from: "YYYY-MM"``.

The month starts blank and must be answered; a month outside the stated range is refused
beside the field, never moved to the nearest allowed one.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from agent_app.ui.i18n import translate
from agent_app.ui.widgets.forms import FormErrors, MonthEdit
from sync.domain.errors import FieldError
from sync.domain.messages import field_label, format_date

COVER_FIELD = "cover_from"
COVER_AHEAD_MONTHS = 12  # cover may start this month or up to a year later


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def cover_limits(today: date) -> tuple[tuple[int, int], tuple[int, int]]:
    """The first and last month cover may start in, as ``(year, month)``."""
    first = (today.year, today.month)
    return first, _shift(today.year, today.month, COVER_AHEAD_MONTHS)


def month_text(value: tuple[int, int]) -> str:
    return f"{value[1]:02d}/{value[0]:04d}"


def _ui_error(code: str, text: str, params: dict[str, str] | None = None) -> FieldError:
    # A check of the form's own, said through the translator: both sentences are the same.
    return FieldError(code, COVER_FIELD, text, text, params or {})


def cover_error(edit: MonthEdit, today: date, *, required: bool) -> FieldError | None:
    """What is wrong with the typed month; a blank one only counts when ``required``."""
    if edit.is_blank():
        if not required:
            return None
        said = translate(
            "CoverMonth",
            "From month: not filled in. Type the month cover starts (month/year), e.g. %1.",
        )
        return _ui_error("required", said.replace("%1", month_text(cover_limits(today)[0])))
    value = edit.value()
    if value is None:
        typed = edit.text().strip()
        said = translate("CoverMonth", "From month: “%1” is not a month/year; type e.g. 12/2026.")
        return _ui_error("invalid_month", said.replace("%1", typed), {"value": typed})
    first, last = cover_limits(today)
    if not first <= value <= last:
        said = translate("CoverMonth", "From month: %1 is outside the allowed range, %2 to %3.")
        return _ui_error(
            "month_out_of_range",
            said.replace("%1", month_text(value))
            .replace("%2", month_text(first))
            .replace("%3", month_text(last)),
            {"value": month_text(value)},
        )
    return None


class WhenRows(QObject):
    """Adds the two rows to an enrollment form: the payment date (today, read-only) and the
    month cover starts, with its limits below it."""

    def __init__(self, errors: FormErrors, today: date, lang: str, parent: QObject) -> None:
        super().__init__(parent)
        self.today = today
        self.paid_on = QLabel()
        self.paid_on.setObjectName("paidOn")
        self.paid_on.setToolTip(
            self.tr("The money is taken today: this is the date printed on the receipt.")
        )
        errors.add("paid_on", field_label("paid_on", lang), self.paid_on)
        self.cover_from = MonthEdit()
        self.cover_from.setObjectName("coverFrom")
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.cover_from)
        self.cover_hint = QLabel()
        self.cover_hint.setObjectName("coverHint")
        self.cover_hint.setStyleSheet("color: #555;")
        self.cover_hint.setWordWrap(True)
        layout.addWidget(self.cover_hint)
        errors.add(COVER_FIELD, self.tr("From month"), holder, focus=self.cover_from)
        self.refresh(today)

    def refresh(self, today: date) -> None:
        """Show ``today`` (the form may stay open past midnight) and the month range."""
        self.today = today
        said = self.tr("%1 (today, the receipt's date)")
        self.paid_on.setText(said.replace("%1", format_date(today)))
        first, last = cover_limits(today)
        self.cover_hint.setText(
            self.tr("Month and year cover starts (mm/yyyy), from %1 to %2")
            .replace("%1", month_text(first))
            .replace("%2", month_text(last))
        )

    def error(self, *, required: bool) -> FieldError | None:
        return cover_error(self.cover_from, self.today, required=required)
