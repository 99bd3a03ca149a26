"""Building blocks every form shares: money and date inputs, errors shown beside the field that
is wrong, and draft autosave so an interrupted form reopens where it was."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from agent_app.ui.context import AppContext
from sync.domain.errors import DomainError, FieldError, ValidationFailed
from sync.domain.messages import format_vnd

log = logging.getLogger(__name__)
# What a form's check finds: a domain error, or the form's own (field, message).
Problem = FieldError | tuple[str | None, str]
ERROR_STYLE = "color: #b3261e;"


def money_text(amount: int | None) -> str:
    return "" if amount is None else format_vnd(amount)


class _DigitsValidator(QValidator):
    def validate(self, text: str, pos: int) -> object:
        digits = text.replace(".", "").replace(" ", "").replace("₫", "")
        ok = digits.isdigit() or digits == ""
        state = QValidator.State.Acceptable if ok else QValidator.State.Invalid
        return state, text, pos


class MoneyEdit(QLineEdit):
    """Whole đồng typed as digits, shown with thousands dots ("2.000.000")."""

    value_changed = Signal(object)  # int | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(_DigitsValidator(self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textEdited.connect(self._reformat)

    def value(self) -> int | None:
        digits = "".join(ch for ch in self.text() if ch.isdigit())
        return int(digits) if digits else None

    def set_value(self, amount: int | None) -> None:
        self.setText("" if amount is None else f"{amount:,}".replace(",", "."))
        self.value_changed.emit(amount)

    def _reformat(self, _text: str) -> None:
        # Keep the cursor the same number of digits from the end after regrouping.
        from_end = len(self.text()) - self.cursorPosition()
        amount = self.value()
        self.setText("" if amount is None else f"{amount:,}".replace(",", "."))
        self.setCursorPosition(max(0, len(self.text()) - from_end))
        self.value_changed.emit(amount)


class DateEdit(QDateEdit):
    """A date shown dd/MM/yyyy with a calendar popup; ``value()`` is a ``datetime.date``."""

    def __init__(self, parent: QWidget | None = None, *, initial: date | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(QDate(1900, 1, 1))
        self.set_value(initial or date.today())

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        # Digits typed with the cursor after the year did nothing: start at the day, so
        # "15031985" fills day, month and year. (New forms use widgets.DateField.)
        super().focusInEvent(event)
        self.setSelectedSection(QDateEdit.Section.DaySection)

    def value(self) -> date:
        d = self.date()
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))


class MonthEdit(QLineEdit):
    """A month typed as mm/yyyy ("12/2026"); blank until the agent types one.

    ``value()`` is ``(year, month)`` or None (blank or not a month); nothing typed is ever
    changed behind the agent's back: a wrong text stays as typed and the form says why.
    """

    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(7)
        self.setPlaceholderText("mm/yyyy")
        self.textChanged.connect(lambda _text: self.value_changed.emit())

    def is_blank(self) -> bool:
        return not self.text().strip()

    def value(self) -> tuple[int, int] | None:
        return parse_month(self.text())

    def iso(self) -> str | None:
        """``"YYYY-MM"`` for the wire, or None."""
        value = self.value()
        return None if value is None else f"{value[0]:04d}-{value[1]:02d}"

    def set_value(self, year: int, month: int) -> None:
        self.setText(f"{month:02d}/{year:04d}")

    def set_iso(self, text: str) -> None:
        """Fill from ``"YYYY-MM"`` (a draft); anything else leaves the field as it is."""
        parts = text.split("-")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            self.set_value(int(parts[0]), int(parts[1]))


def parse_month(text: str) -> tuple[int, int] | None:
    """``(year, month)`` from "12/2026", "1/2027", "12.2026", "12-2026" or "122026"."""
    raw = text.strip()
    for sep in ("/", ".", "-", " "):
        if sep in raw:
            month_text, _, year_text = raw.partition(sep)
            break
    else:
        month_text, year_text = raw[:-4], raw[-4:]
    month_text, year_text = month_text.strip(), year_text.strip()
    if not (month_text.isdigit() and year_text.isdigit() and len(year_text) == 4):
        return None
    month, year = int(month_text), int(year_text)
    if not 1 <= month <= 12 or year < 1900:
        return None
    return year, month


def _error_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setStyleSheet(ERROR_STYLE)
    # Every line of the message, however long: wrapped, never elided or cut at two lines.
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    label.setVisible(False)
    return label


def edit_signals(widget: QWidget) -> list[Any]:
    """The signals that mean "the value of this field changed", for it and the inputs in it."""
    found: list[Any] = []
    for w in [widget, *widget.findChildren(QWidget)]:
        signal = getattr(w, "value_changed", None)
        if signal is not None and hasattr(signal, "connect"):
            found.append(signal)
        elif isinstance(w, QLineEdit) and not isinstance(w.parentWidget(), QAbstractSpinBox):
            if not hasattr(w.parentWidget(), "value_changed"):
                found.append(w.textChanged)
        elif isinstance(w, QComboBox):
            found.append(w.currentIndexChanged)
        elif isinstance(w, QPlainTextEdit):
            found.append(w.textChanged)
        elif isinstance(w, QAbstractButton):
            found.append(w.clicked)
        elif isinstance(w, QDateEdit):
            found.append(w.dateChanged)
        elif isinstance(w, QAbstractSpinBox) and hasattr(w, "valueChanged"):
            found.append(w.valueChanged)
    return found


class FormErrors:
    """Error labels under the fields of a ``QFormLayout``, keyed by wire field name.

    ``show(exc)`` places each ``FieldError`` beside its field; errors about a field the form
    does not show (or about the record as a whole) go to the form-level label. A field's error
    goes as soon as its value is right: on every edit of a field that shows an error, the
    form's ``check`` (see :meth:`set_check`) runs again and the label keeps only what is still
    wrong; without a check, an edit clears the field's error.
    """

    def __init__(self, form: QFormLayout, general: QLabel, lang: str) -> None:
        self._form = form
        self._general = general
        self._lang = lang
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self._check: Callable[[], list[Problem]] | None = None
        general.setStyleSheet(ERROR_STYLE)
        general.setWordWrap(True)
        general.setVisible(False)
        general.setObjectName("formError")

    def set_check(self, check: Callable[[], list[Problem]]) -> None:
        """What is wrong with the form's current values: the domain's own checks (a list of
        ``FieldError``) and any of the form's, as ``(field, message)``."""
        self._check = check

    def _text(self, problem: Problem) -> tuple[str | None, str]:
        if isinstance(problem, FieldError):
            return problem.field, problem.message(self._lang)
        return problem

    def show_problems(self, problems: list[Problem]) -> bool:
        """Show what ``check`` found (clearing the rest); False when there is nothing to show."""
        return self._place([self._text(p) for p in problems])

    def recheck(self, field: str) -> None:
        """Keep ``field``'s shown error only while it is still true (another field changed)."""
        self._edited(field)

    def _edited(self, field: str) -> None:
        label = self._labels[field]
        if not label.isVisible():
            return
        still = []
        if self._check is not None:
            still = [text for f, text in map(self._text, self._check()) if f == field]
        if still:
            label.setText("\n".join(still))
        else:
            label.clear()
            label.setVisible(False)

    def show_text(self, field: str, text: str) -> None:
        """A message of the form itself (not the domain's) beside ``field``."""
        label = self._labels[field]
        label.setText(f"{label.text()}\n{text}" if label.text() else text)
        label.setVisible(True)

    def focus_first(self) -> None:
        for field, label in self._labels.items():
            if label.isVisible():
                self._widgets[field].setFocus()
                return

    def has_errors(self) -> bool:
        return any(label.isVisible() for label in self._labels.values())

    def add(
        self, field: str, label: str, widget: QWidget, *, focus: QWidget | None = None
    ) -> QWidget:
        """Add a row for ``field``; returns the widget for chaining. ``focus`` is what gets
        the keyboard when the field is wrong (default: ``widget``, e.g. not its holder)."""
        error = _error_label(f"error_{field}")
        holder = QWidget()
        holder_layout = QFormLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.setSpacing(2)
        holder_layout.addRow(widget)
        holder_layout.addRow(error)
        # The label's access key (Alt+letter) goes to the input itself: the holder takes no
        # focus, so a buddy set to it (what addRow(str, ...) does) would do nothing.
        caption = QLabel(label)
        caption.setBuddy(focus or widget)
        self._form.addRow(caption, holder)
        self._labels[field] = error
        self._widgets[field] = focus or widget
        for signal in edit_signals(widget):
            signal.connect(lambda *_a, field=field: self._edited(field))
        return widget

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.setVisible(False)
        self._general.clear()
        self._general.setVisible(False)

    def errors_of(self, exc: BaseException) -> list[FieldError]:
        if isinstance(exc, ValidationFailed):
            return list(exc.errors)
        if isinstance(exc, DomainError):
            return [exc.error]
        return []

    def show(self, exc: BaseException, *, focus: bool = True) -> bool:
        """Show ``exc``; False when it is not a domain error (the caller shows it otherwise).
        ``focus``: move the keyboard to the first field at fault (not while the agent types)."""
        return self._place([self._text(e) for e in self.errors_of(exc)], focus=focus)

    def _place(self, problems: list[tuple[str | None, str]], *, focus: bool = True) -> bool:
        self.clear()
        if not problems:
            return False
        general: list[str] = []
        first: QWidget | None = None
        for field, text in problems:
            label = self._labels.get(field or "")
            if label is None:
                general.append(text)
                continue
            label.setText(f"{label.text()}\n{text}" if label.text() else text)
            label.setVisible(True)
            first = first or self._widgets[field or ""]
        if general:
            self._general.setText("\n".join(general))
            self._general.setVisible(True)
        self._fit()
        if first is not None and focus:
            first.setFocus()
        return True

    def _fit(self) -> None:
        # A window does not grow for wrapped text by itself (Qt ignores height-for-width at the
        # top level): make it tall enough for every line of the messages now shown.
        window = self._general.window()
        layout = window.layout()
        if layout is None or not window.isVisible():
            return
        layout.activate()
        width = window.width()
        need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        if need > window.height():
            window.resize(width, need)

    def message(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None else ""


class DraftAutosave(QObject):
    """Saves ``collect()`` as a draft shortly after each edit, on the database thread.

    Call :meth:`watch` with the signals that mean "the user edited something", :meth:`flush`
    when the form closes (the last edits are kept, not only those older than the delay), and
    :meth:`discard` once the form is saved for real.
    """

    saved = Signal()
    DELAY_MS = 700

    def __init__(
        self,
        ctx: AppContext,
        form: str,
        key: str,
        collect: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._form = form
        self._key = key
        self._collect = collect
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self._active = True

    @property
    def key(self) -> str:
        return self._key

    @property
    def pending(self) -> bool:
        """Whether an edit waits for its autosave."""
        return self._timer.isActive()

    def watch(self, *signals: Any) -> None:
        for signal in signals:
            signal.connect(self.schedule)

    def schedule(self, *_args: Any) -> None:
        if self._active:
            self._timer.start()

    def save_now(self) -> None:
        self._timer.stop()
        if self._active:
            self._save(self._collect(), notify=True)

    def flush(self) -> None:
        """Save now if an edit is pending, then stop: no autosave fires after this."""
        pending = self.pending
        self._timer.stop()
        self._active = False
        if pending:
            self._save(self._collect(), notify=False)

    def _save(self, data: dict[str, Any], *, notify: bool) -> None:
        ctx, form, key = self._ctx, self._form, self._key
        # On a closing form the callback must not touch this object (it goes with its form);
        # the save itself holds only the context, which outlives every form.
        on_done = self._emit_saved if notify else _ignore
        ctx.run_db(ctx.workspace.drafts.save, form, key, data, on_done=on_done, on_error=_log)

    def _emit_saved(self, _result: object) -> None:
        if shiboken6.isValid(self):  # the form may have closed while the save ran
            self.saved.emit()

    def discard(self) -> None:
        self._active = False
        self._timer.stop()
        self._ctx.run_db(self._ctx.workspace.drafts.discard, self._form, self._key)

    def load(self, on_loaded: Callable[[dict[str, Any] | None], None]) -> None:
        self._ctx.run_db(self._ctx.workspace.drafts.load, self._form, self._key, on_done=on_loaded)


def _ignore(_result: object) -> None:
    pass


def _log(exc: BaseException) -> None:
    # A draft is a convenience: failing to keep one must not interrupt the agent.
    log.warning("draft not saved: %s", exc)
