"""The Calls page: the renewal and follow-up call list (paid periods ending within 30 days or
ended up to 90 days ago, follow-ups due or overdue, overdue ones in red and in words), with
phone numbers and what the next payment costs at today's rates; each call's outcome is marked
with a note, renewing opens the next enrollment pre-filled, and a renewal message can be
copied to send by SMS or Zalo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import CallItem, Changed
from agent_app.services.renewals import CALL_OUTCOMES
from agent_app.ui.campaign.today import OVERDUE_BACKGROUND, OVERDUE_COLOUR
from agent_app.ui.context import AppContext
from agent_app.ui.enroll.enroll_health import HouseholdHealthDialog
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.i18n import vocab_text
from agent_app.ui.widgets.forms import DateEdit
from sync.domain.messages import format_date, format_vnd
from sync.domain.text import fold

_Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
LAPSED_COLOUR = "#777777"


class _Words(QObject):
    """The call outcomes' names, translated in one place."""

    def outcome(self, outcome: str) -> str:
        return {
            "contacted": self.tr("Contacted"),
            "promised": self.tr("Promised to pay"),
            "renewed": self.tr("Renewed"),
            "lapsed": self.tr("Lapsed"),
        }.get(outcome, outcome)


def outcome_text(outcome: str) -> str:
    return _Words().outcome(outcome)


class CallModel(QAbstractTableModel):
    """One row per call to make; ``SORT_ROLE`` gives raw values (ISO dates, amounts, folded
    text). Overdue follow-ups and ended periods are red, and say by how many days."""

    DUE, NAME, PHONE, VILLAGE, WHAT, AMOUNT, LAST = range(7)
    COLUMNS = 7

    def __init__(self, lang: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._rows: list[CallItem] = []
        self._cells: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[CallItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cells = [self._texts(r) for r in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> CallItem:
        return self._rows[row]

    def _due_text(self, item: CallItem) -> str:
        if item.kind == "renewal" and item.paid_until is not None:
            if item.ended:
                text = self.tr("ended %1 · %2 days ago")
                return text.replace("%1", format_date(item.paid_until)).replace(
                    "%2", str(item.overdue_days + 1)
                )
            return self.tr("paid until %1").replace("%1", format_date(item.paid_until))
        if item.overdue_days == 0:
            return format_date(item.due_on)
        late = self.tr("1 day overdue") if item.overdue_days == 1 else self.tr("%1 days overdue")
        return f"{format_date(item.due_on)} · {late.replace('%1', str(item.overdue_days))}"

    def _what(self, item: CallItem) -> str:
        if item.kind == "renewal":
            return vocab_text(item.scheme or "")  # the When column says "paid until"
        return item.reason

    def _amount(self, item: CallItem) -> str:
        if item.kind != "renewal":
            return ""
        if item.amount is None:
            return self.tr("cannot be priced")
        period = ""
        if item.next_from is not None and item.next_to is not None:
            period = f" ({format_date(item.next_from)}–{format_date(item.next_to)})"
        return format_vnd(item.amount) + period

    def _last(self, item: CallItem) -> str:
        call = item.last_call
        if call is None:
            return ""
        text = f"{outcome_text(call.outcome)} {format_date(call.called_on)}"
        if call.next_on is not None:
            text += " → " + format_date(call.next_on)
        if call.note:
            text += f": {call.note}"
        return text

    def _texts(self, item: CallItem) -> tuple[str, ...]:
        return (
            self._due_text(item),
            item.name,
            item.phone or "",
            item.village or "",
            self._what(item),
            self._amount(item),
            self._last(item),
        )

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("When"),
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Village"),
            self.tr("What"),
            self.tr("Next payment"),
            self.tr("Last call"),
        ][section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.AMOUNT and item.problem is not None:
                return item.problem.message(self._lang)
            return " — ".join(t for t in self._cells[index.row()] if t)
        if role == SORT_ROLE:
            if col == self.DUE:
                return item.due_on.isoformat()
            if col == self.AMOUNT:
                return item.amount if item.amount is not None else -1
            return fold(self._cells[index.row()][col])
        # Settled by the call (renewed elsewhere, or not continuing): greyed, not red.
        lapsed = item.last_call is not None and item.last_call.outcome in ("lapsed", "renewed")
        overdue = item.overdue and not lapsed
        if role == Qt.ItemDataRole.ForegroundRole:
            if lapsed:
                return QBrush(QColor(LAPSED_COLOUR))
            if overdue:
                return QBrush(QColor(OVERDUE_COLOUR))
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return QBrush(QColor(OVERDUE_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and col in (self.DUE, self.AMOUNT):
            font = QFont()
            font.setBold(overdue or col == self.AMOUNT)
            return font
        return None


class CallOutcomeDialog(QDialog):
    """What came of a call: contacted, promised to pay (by a date), renewed or lapsed, and a
    note. ``saved(changed)`` once stored."""

    saved = Signal(object)

    def __init__(
        self, ctx: AppContext, item: CallItem, outcome: str = "contacted", parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callOutcomeDialog")
        self.setWindowTitle(self.tr("Call with %1").replace("%1", item.name))
        self.ctx = ctx
        self.item = item
        today = ctx.workspace.current_day()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        choices = QWidget()
        row = QVBoxLayout(choices)
        row.setContentsMargins(0, 0, 0, 0)
        for i, value in enumerate(CALL_OUTCOMES):
            radio = QRadioButton(outcome_text(value), objectName=f"call_{value}")
            self.group.addButton(radio, i)
            self.buttons[value] = radio
            row.addWidget(radio)
        self.buttons.get(outcome, self.buttons["contacted"]).setChecked(True)
        self.call_again = QCheckBox(self.tr("Call again on"), objectName="callAgain")
        self.next_on = DateEdit(initial=today + timedelta(days=7))
        self.next_on.setObjectName("callNextOn")
        when = QWidget()
        when_layout = QHBoxLayout(when)
        when_layout.setContentsMargins(0, 0, 0, 0)
        when_layout.addWidget(self.call_again)
        when_layout.addWidget(self.next_on, 1)
        self.note = QPlainTextEdit(objectName="callNote")
        self.note.setPlaceholderText(self.tr("What was said (optional)"))
        self.note.setMaximumHeight(90)
        self.error = QLabel(objectName="callError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Outcome:"), choices)
        form.addRow(self.tr("Next:"), when)
        form.addRow(self.tr("Note:"), self.note)
        form.addRow(self.error)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveCall")
        self.save_button.setText(self.tr("&Save"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        self.group.idClicked.connect(lambda _i: self._outcome_changed())
        self.call_again.toggled.connect(lambda _on: self._outcome_changed())
        self._outcome_changed()

    def outcome(self) -> str:
        return CALL_OUTCOMES[max(0, self.group.checkedId())]

    def _outcome_changed(self) -> None:
        # A promise has a date; a contact may ("call back on"); renewed and lapsed end it.
        outcome = self.outcome()
        self.call_again.blockSignals(True)
        if outcome == "promised":
            self.call_again.setChecked(True)
        elif outcome != "contacted":
            self.call_again.setChecked(False)
        self.call_again.blockSignals(False)
        self.call_again.setEnabled(outcome == "contacted")
        self.next_on.setEnabled(self.call_again.isChecked())

    def save(self) -> None:
        outcome = self.outcome()
        next_on = self.next_on.value() if self.call_again.isChecked() else None
        self.save_button.setEnabled(False)
        self.ctx.mutate(
            self.ctx.workspace.renewals.record_call,
            self.item.kind,
            self.item.id,
            outcome,
            self.note.toPlainText(),
            next_on,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, changed: Changed) -> None:
        self.saved.emit(changed)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.error.setText(self.ctx.error_text(exc))


class RenewalTexts(QObject):
    """The message to send a participant about renewing, in the agent's language."""

    def message(self, item: CallItem, lang: str, agent_name: str, agent_code: str) -> str:
        if item.kind != "renewal" or item.paid_until is None:
            return ""
        scheme = vocab_text(item.scheme or "")
        if item.amount is None or item.next_from is None or item.next_to is None:
            text = self.tr(
                "Dear %1, your %2 has been paid up to %3. Please contact your collection agent "
                "%4 to continue."
            )
            return (
                text.replace("%1", item.name)
                .replace("%2", scheme)
                .replace("%3", format_date(item.paid_until))
                .replace("%4", agent_name)
            )
        text = self.tr(
            "Dear %1, your %2 has been paid up to %3. To continue from %4 to %5 (%6 months), "
            "the next payment is %7 at today's rates. You can pay your collection agent %8 "
            "(code %9) in cash, or online on the National Public Service Portal "
            "(dichvucong.gov.vn) or in the VssID app. Thank you."
        )
        values = [
            item.name,
            scheme,
            format_date(item.paid_until),
            format_date(item.next_from),
            format_date(item.next_to),
            str(item.months or ""),
            format_vnd(item.amount),
            agent_name,
            agent_code,
        ]
        # From %9 down, so "%1" does not eat the start of "%10"-like markers.
        for n in range(len(values), 0, -1):
            text = text.replace(f"%{n}", values[n - 1])
        return text


class CallsPage(QWidget):
    """``loaded`` after the list is on screen; ``open_household(id)``; ``dialog_opened``."""

    loaded = Signal()
    open_household = Signal(str)
    dialog_opened = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callsPage")
        self.ctx = ctx
        self.items: list[CallItem] = []
        heading = QLabel(self.tr("Calls: renewals and follow-ups"), objectName="callsHeading")
        heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.summary = QLabel(objectName="callsSummary")
        self.model = CallModel(ctx.lang, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(objectName="callList")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(CallModel.DUE, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(60)
        for col in (CallModel.DUE, CallModel.NAME, CallModel.PHONE, CallModel.AMOUNT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (CallModel.VILLAGE, CallModel.WHAT, CallModel.LAST):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            self.tr("Nobody to call: no paid period ends soon and no follow-up is due."),
            objectName="callsEmpty",
        )
        self.empty.setWordWrap(True)

        self.call_button = QPushButton(self.tr("&Record the call…"), objectName="recordCall")
        self.renew_button = QPushButton(self.tr("Re&new…"), objectName="renewButton")
        self.household_button = QPushButton(
            self.tr("Open the &household"), objectName="openCallHousehold"
        )
        self.copy_button = QPushButton(self.tr("&Copy the message"), objectName="copyMessage")
        self.message = QPlainTextEdit(objectName="renewalMessage")
        self.message.setReadOnly(True)
        self.message.setMaximumHeight(110)
        self.message.setPlaceholderText(self.tr("Select a renewal to see the message to send."))
        actions = QHBoxLayout()
        for button in (self.call_button, self.renew_button, self.household_button):
            actions.addWidget(button)
        actions.addStretch(1)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)
        layout.addLayout(message_row)

        self.call_button.clicked.connect(lambda: self.record_call())
        self.renew_button.clicked.connect(lambda: self.renew())
        self.household_button.clicked.connect(self._open_household)
        self.copy_button.clicked.connect(self.copy_message)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selection())
        self.view.activated.connect(lambda _i: self.record_call())
        ctx.changed.connect(self._on_changed)
        self._selection()

    # -- data --

    def _on_changed(self, _changed: Changed) -> None:
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self.ctx.run_db(self.ctx.workspace.renewals.call_list, on_done=self._loaded)

    def _loaded(self, items: list[CallItem]) -> None:
        selected = self.current()
        self.items = items
        self.model.set_rows(items)
        self.view.setVisible(bool(items))
        self.empty.setVisible(not items)
        renewals = sum(1 for i in items if i.kind == "renewal")
        overdue = sum(1 for i in items if i.overdue)
        self.summary.setText(
            self.tr("%1 renewals, %2 follow-ups, %3 overdue.")
            .replace("%1", str(renewals))
            .replace("%2", str(len(items) - renewals))
            .replace("%3", str(overdue))
        )
        if selected is not None:
            self.select(selected.id)
        elif items:
            self.view.selectRow(0)
        self._selection()
        self.loaded.emit()

    def rows(self) -> list[CallItem]:
        """The rows in the order shown."""
        return [
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]

    def texts(self, row: int) -> list[str]:
        return [self.proxy.index(row, c).data() for c in range(CallModel.COLUMNS)]

    def current(self) -> CallItem | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def select(self, item_id: str) -> bool:
        for row, item in enumerate(self.rows()):
            if item.id == item_id:
                self.view.selectRow(row)
                return True
        return False

    def _selection(self) -> None:
        item = self.current()
        self.call_button.setEnabled(item is not None)
        self.household_button.setEnabled(item is not None and bool(item.household_id))
        renewal = item is not None and item.kind == "renewal"
        self.renew_button.setEnabled(renewal)
        self.message.setPlainText(self.renewal_message(item) if item is not None else "")
        self.copy_button.setEnabled(bool(self.message.toPlainText()))

    # -- actions --

    def renewal_message(self, item: CallItem) -> str:
        profile = self.ctx.workspace.store.profile
        return RenewalTexts().message(item, self.ctx.lang, profile.agent_name, profile.agent_code)

    def copy_message(self) -> None:
        text = self.message.toPlainText()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def record_call(self, outcome: str = "contacted") -> QDialog | None:
        item = self.current()
        if item is None:
            return None
        return self._open(CallOutcomeDialog(self.ctx, item, outcome, self))

    def renew(self) -> QDialog | None:
        """The next enrollment, pre-filled like the last one (the agent checks and saves);
        once saved, the call is marked renewed."""
        item = self.current()
        if item is None or item.kind != "renewal":
            return None
        prefill = dict(item.prefill)
        dialog: VoluntaryEnrollmentDialog | HouseholdHealthDialog
        if item.scheme == "voluntary" and item.person_id:
            voluntary = VoluntaryEnrollmentDialog(self.ctx, item.person_id, parent=self)
            # After the person (and any old draft) has loaded, so the renewal's values win.
            voluntary.person_loaded.connect(lambda: voluntary.apply(prefill))
            dialog = voluntary
        elif item.household_id:
            health = HouseholdHealthDialog(self.ctx, item.household_id, parent=self)
            health.loaded.connect(lambda: health.apply(prefill))
            dialog = health
        else:
            return None
        ctx, item_id = self.ctx, item.id
        dialog.saved.connect(
            lambda _eid: ctx.mutate(
                ctx.workspace.renewals.record_call, "renewal", item_id, "renewed"
            )
        )
        return self._open(dialog)

    def _open_household(self) -> None:
        item = self.current()
        if item is not None and item.household_id:
            self.open_household.emit(item.household_id)
