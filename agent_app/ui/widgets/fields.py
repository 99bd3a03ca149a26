"""Inputs that never invent or silently change a value: a date typed as dd/mm/yyyy (or picked on
a calendar) that stays blank until one is given, and a whole number that is blank until typed
and is never clamped to a range (the form refuses an out-of-range number with a message).
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

_SEPARATED = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})", re.ASCII)
_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{4})", re.ASCII)


def parse_typed_date(text: str) -> date | None:
    """The date in what was typed: ``15/03/1985``, ``15-3-1985``, ``15.03.1985`` or
    ``15031985`` (day first, a four-digit year); None when blank or not a real date."""
    text = text.strip()
    m = _SEPARATED.fullmatch(text) or _DIGITS.fullmatch(text)
    if m is None:
        return None
    day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


class DateField(QWidget):
    """A date typed as dd/mm/yyyy, or chosen on the calendar (the ▾ button, Alt+Down or F4).

    Blank until a date is typed or ``initial`` is given. ``value()`` is the date, or None when
    blank or not a date; ``wire()`` is what a record body carries: the ISO date, the text as
    typed when it is not a date (the domain then says "not a valid date" beside the field), or
    None when blank (the domain says "required" when the field is). The text typed is never
    replaced by another date; a complete date is only written back as dd/mm/yyyy.
    """

    value_changed = Signal(object)  # date | None, after every edit or pick
    dateChanged = value_changed  # noqa: N815 (the name QDateEdit users connect to)

    def __init__(
        self, parent: QWidget | None = None, *, initial: date | None = None, limit: str = ""
    ) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(objectName="dateText")
        self.edit.setMaxLength(10)
        self.edit.setPlaceholderText(self.tr("dd/mm/yyyy"))
        tip = self.tr("Type dd/mm/yyyy, e.g. 15/03/1985 or 15031985; Alt+Down: calendar")
        # The field's own limit ("not after today") on a line of its own.
        self.edit.setToolTip(f"{tip}\n{limit}" if limit else tip)
        self.button = QToolButton(objectName="dateCalendar")
        self.button.setText("▾")
        self.button.setToolTip(self.tr("Choose on a calendar (Alt+Down)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.calendar: QCalendarWidget | None = None
        self.edit.textEdited.connect(lambda _t: self.value_changed.emit(self.value()))
        self.edit.editingFinished.connect(self._tidy)
        self.button.clicked.connect(lambda _c=False: self.open_calendar())
        self.edit.installEventFilter(self)
        self.set_value(initial)

    # -- value ----------------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def is_blank(self) -> bool:
        return not self.edit.text().strip()

    def value(self) -> date | None:
        return parse_typed_date(self.edit.text())

    def wire(self) -> str | None:
        if self.is_blank():
            return None
        found = self.value()
        return found.isoformat() if found is not None else self.edit.text().strip()

    def set_value(self, value: date | None) -> None:
        self.edit.setText("" if value is None else value.strftime("%d/%m/%Y"))
        self.value_changed.emit(value)

    def set_text(self, text: str) -> None:
        """Put back what was typed (a draft), date or not."""
        found = parse_typed_date(text) if text else None
        if found is None and text:
            try:
                found = date.fromisoformat(text[:10])
            except ValueError:
                found = None
        if found is not None:
            self.set_value(found)
        else:
            self.edit.setText(text)
            self.value_changed.emit(None)

    def _tidy(self) -> None:
        # "15031985" and "15-3-1985" are the same date as "15/03/1985": show it that way.
        found = self.value()
        if found is not None:
            tidy = found.strftime("%d/%m/%Y")
            if tidy != self.edit.text():
                self.edit.setText(tidy)

    # -- calendar -------------------------------------------------------------------------

    def open_calendar(self) -> QCalendarWidget:
        calendar = QCalendarWidget(self, objectName="datePopup")
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setGridVisible(True)
        shown = self.value() or date.today()
        calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        calendar.activated.connect(self._picked)
        calendar.clicked.connect(self._picked)
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.show()
        calendar.setFocus()
        self.calendar = calendar
        return calendar

    def _picked(self, day: QDate) -> None:
        self.set_value(date(day.year(), day.month(), day.day()))
        if self.calendar is not None:
            self.calendar.close()
            self.calendar = None
        self.edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and (
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)


class NumberField(QLineEdit):
    """A whole number, blank until typed. Digits only; nothing is clamped: ``value()`` is what
    was typed, and the form says when it is outside the field's limits."""

    value_changed = Signal(object)  # int | None

    def __init__(self, parent: QWidget | None = None, *, hint: str = "") -> None:
        super().__init__(parent)
        self.setValidator(QIntValidator(0, 2_000_000_000, self))
        self.setMaxLength(10)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if hint:
            self.setPlaceholderText(hint)
            self.setToolTip(hint)
        self.textEdited.connect(lambda _t: self.value_changed.emit(self.value()))

    def value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text.isdigit() else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))
        self.value_changed.emit(value)
