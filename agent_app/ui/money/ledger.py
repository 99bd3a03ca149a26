"""The receipt ledger: every receipt of a period (number, date, payer, amount, live or voided,
whether BHXH's confirmation code is in), filtered by status in a proxy, with the total of the
live receipts; a receipt opens in the receipt dialog, or is voided with a reason from here.
Also the receipt details the profile prints on form C45-BB (office, organisation, series)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import Changed, ReceiptInfo
from agent_app.services.receipts import LIVE, VOIDED, ReceiptRow
from agent_app.ui.context import AppContext
from agent_app.ui.money.receipt import ReceiptDialog, VoidDialog
from agent_app.ui.widgets.forms import DateEdit
from sync.domain.messages import format_date, format_vnd

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


class LedgerModel(QAbstractTableModel):
    """The receipts as rows; ``SORT_ROLE`` gives raw values (dates, đồng), ``STATUS_ROLE``
    ``"live"`` or ``"voided"``."""

    NUMBER, DATE, PAYER, AMOUNT, STATUS, CODE = range(6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReceiptRow] = []
        self._headers = (
            self.tr("Receipt no."),
            self.tr("Date"),
            self.tr("Payer"),
            self.tr("Amount"),
            self.tr("Status"),
            self.tr("Confirmation code"),
        )

    def set_rows(self, rows: list[ReceiptRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def status_text(self, row: ReceiptRow) -> str:
        return self.tr("Voided") if row.voided else self.tr("Live")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status
        if role == SORT_ROLE:
            return (
                row.number,
                row.issued_on.toordinal(),
                row.payer_name,
                row.amount,
                row.status,
                row.confirmation_code or "",
            )[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.CODE:
                return row.confirmation_code or self.tr("not yet")
            return (
                row.number,
                format_date(row.issued_on),
                row.payer_name,
                format_vnd(row.amount),
                self.status_text(row),
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole and row.voided:
            return self.tr("Voided: %1").replace("%1", row.void_reason or "")
        if role == Qt.ItemDataRole.ForegroundRole and row.voided:
            from PySide6.QtGui import QColor

            return QColor("#b3261e")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def totals(self) -> tuple[int, int, int]:
        """(live receipts, their total in đồng, voided receipts)."""
        live = [r for r in self.rows if not r.voided]
        return len(live), sum(r.amount for r in live), len(self.rows) - len(live)


class StatusFilter(QSortFilterProxyModel):
    """Keeps the rows of one status (``"live"``, ``"voided"``) or all (None)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_status(self, status: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+: invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self.status = status
            self.endFilterChange()
        else:
            self.status = status
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if self.status is None:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return bool(model.data(index, STATUS_ROLE) == self.status)


class LedgerTable(QTableView):
    """The ledger's table: Enter on a row asks to open it (``enter_pressed``); a plain
    QTableView's Enter would reach the dialog's default button instead."""

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class LedgerDialog(QDialog):
    """The receipt ledger window; ``loaded`` after each reload, ``dialog_opened(dialog)`` for
    every dialog it opens (tests follow them)."""

    loaded = Signal()
    dialog_opened = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("ledgerDialog")
        self.setWindowTitle(self.tr("Receipt ledger"))
        self.resize(860, 520)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = ctx.workspace.current_day()
        self.date_from = DateEdit(initial=date(today.year, 1, 1))
        self.date_from.setObjectName("ledgerFrom")
        self.date_to = DateEdit(initial=today)
        self.date_to.setObjectName("ledgerTo")
        self.status_filter = QComboBox(objectName="ledgerStatus")
        for text, value in (
            (self.tr("All receipts"), None),
            (self.tr("Live only"), LIVE),
            (self.tr("Voided only"), VOIDED),
        ):
            self.status_filter.addItem(text, value)
        from_label = QLabel(self.tr("&From:"))
        from_label.setBuddy(self.date_from)
        to_label = QLabel(self.tr("&To:"))
        to_label.setBuddy(self.date_to)
        status_label = QLabel(self.tr("S&how:"))
        status_label.setBuddy(self.status_filter)
        for widget in (
            from_label,
            self.date_from,
            to_label,
            self.date_to,
            status_label,
            self.status_filter,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = LedgerModel(self)
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = LedgerTable(objectName="ledgerTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(LedgerModel.NUMBER, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LedgerModel.PAYER, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.enter_pressed.connect(self.open_selected)
        layout.addWidget(self.table, 1)
        self.totals = QLabel(objectName="ledgerTotals")
        layout.addWidget(self.totals)
        buttons = QDialogButtonBox()
        self.open_button = QPushButton(self.tr("&Open…"), objectName="openReceiptButton")
        self.void_button = QPushButton(self.tr("&Void…"), objectName="voidReceiptButton")
        self.void_button.setToolTip(
            self.tr("Void the selected receipt with a reason; this cannot be undone once synced")
        )
        self.details_button = QPushButton(
            self.tr("Receipt &details…"), objectName="receiptDetailsButton"
        )
        self.details_button.setToolTip(
            self.tr("The BHXH office, collection organisation and series printed on receipts")
        )
        for button in (self.open_button, self.void_button, self.details_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("closeButton")
        close.clicked.connect(self.reject)
        self.open_button.clicked.connect(self.open_selected)
        self.void_button.clicked.connect(self.void_selected)
        self.details_button.clicked.connect(self.edit_details)
        layout.addWidget(buttons)
        self.date_from.dateChanged.connect(lambda _d: self.reload())
        self.date_to.dateChanged.connect(lambda _d: self.reload())
        self.status_filter.currentIndexChanged.connect(self._filter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        ctx.changed.connect(self._on_changed)
        self._first_load = True
        self._enable()
        self.reload()

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        start, end = self.date_from.value(), self.date_to.value()
        self.ctx.run_db(self.ctx.workspace.receipts.ledger, start, end, on_done=self._show)

    def _on_changed(self, changed: Changed) -> None:
        if "receipt" in changed.kinds:
            self.reload()

    def _show(self, rows: list[ReceiptRow]) -> None:
        selected = self.selected_id()
        self.model.set_rows(rows)
        live, total, voided = self.model.totals()
        self.totals.setText(
            self.tr("Live receipts: %1, total %2. Voided: %3 (not counted).")
            .replace("%1", str(live))
            .replace("%2", format_vnd(total))
            .replace("%3", str(voided))
        )
        if selected is not None:
            self.select(selected)
        if self._first_load:
            self._first_load = False
            self.table.setFocus()  # the list, not the first date, is what the agent came for
        self._enable()
        self.loaded.emit()

    def _filter(self) -> None:
        self.proxy.set_status(self.status_filter.currentData())
        self._enable()

    # -- selection ------------------------------------------------------------------------------

    def select(self, receipt_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, ID_ROLE) == receipt_id:
                self.table.selectRow(row)
                return True
        return False

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return str(self.proxy.data(rows[0], ID_ROLE)) if rows else None

    def _selected_row(self) -> ReceiptRow | None:
        receipt_id = self.selected_id()
        return next((r for r in self.model.rows if r.id == receipt_id), None)

    def _enable(self) -> None:
        row = self._selected_row()
        self.open_button.setEnabled(row is not None)
        self.void_button.setEnabled(row is not None and not row.voided)

    # -- actions --------------------------------------------------------------------------------

    def open_selected(self) -> ReceiptDialog | None:
        receipt_id = self.selected_id()
        if receipt_id is None:
            return None
        dialog = ReceiptDialog(self.ctx, parent=self, receipt_id=receipt_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def void_selected(self) -> None:
        """Ask the reason, then void the selected receipt (the reason dialog opens once the
        receipt's details are read)."""
        row = self._selected_row()
        if row is None or row.voided:
            return
        self.ctx.run_db(self.ctx.workspace.receipts.get, row.id, on_done=self._ask_void)

    def _ask_void(self, info: ReceiptInfo) -> None:
        dialog = VoidDialog(self.ctx, info, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def edit_details(self) -> ReceiptDetailsDialog:
        dialog = ReceiptDetailsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog


class ReceiptDetailsDialog(QDialog):
    """What this profile prints at the head of form C45-BB; a blank field prints a blank line
    to fill in by hand. ``saved`` once stored."""

    saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("receiptDetailsDialog")
        self.setWindowTitle(self.tr("Receipt details"))
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "As printed on your receipt books (form C45-BB). Leave a field empty to print "
                "a blank line instead."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, caption in (
            ("office", self.tr("Issuing BHXH &office:")),
            ("organisation", self.tr("Collection or&ganisation:")),
            ("series", self.tr("S&eries (ký hiệu):")),
        ):
            edit = QLineEdit(objectName=f"receipt_{key}")
            edit.setMaxLength(120)
            self.fields[key] = edit
            form.addRow(caption, edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveDetailsButton")
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        layout.addWidget(buttons)
        ctx.run_db(ctx.workspace.receipts.settings, on_done=self._fill)

    def _fill(self, values: dict[str, str]) -> None:
        for key, edit in self.fields.items():
            edit.setText(values.get(key, ""))

    def save(self) -> None:
        values: dict[str, str | None] = {k: e.text() for k, e in self.fields.items()}
        self.ctx.mutate(self.ctx.workspace.receipts.set_settings, values, on_done=self._saved)

    def _saved(self, _result: object) -> None:
        self.accept()
        self.saved.emit()


def open_ledger(ctx: AppContext, parent: QWidget | None) -> LedgerDialog:
    """Open (not exec) the receipt ledger, deleted when closed."""
    dialog = LedgerDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
