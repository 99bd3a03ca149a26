"""Needs attention: the ops the server rejected or found in conflict. A rejected record can be
fixed and sent again (or dismissed); one the agent may not fix waits for a supervisor; a conflict
is settled field by field, "your value" against "server value"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import AttentionItem, Changed
from agent_app.ui.context import AppContext
from agent_app.ui.sync.attention_dialogs import ConflictDialog, FixDialog
from agent_app.ui.sync.attention_text import is_fixable, reason_text

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class AttentionModel(QAbstractTableModel):
    COL_KIND, COL_RECORD, COL_STATUS, COL_REASON = range(4)

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.items: list[AttentionItem] = []
        self.headers = [self.tr("Kind"), self.tr("Record"), self.tr("Status"), self.tr("Reason")]
        self.kinds = {
            "household": self.tr("Household"),
            "person": self.tr("Member"),
            "visit": self.tr("Visit"),
            "enrollment": self.tr("Enrollment"),
            "receipt": self.tr("Receipt"),
            "event": self.tr("Outreach event"),
            "followup": self.tr("Follow-up"),
        }
        self.statuses = {"rejected": self.tr("Rejected"), "conflict": self.tr("Conflict")}

    def set_items(self, items: list[AttentionItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        col = index.column()
        if role == ITEM_ROLE:
            return item
        kind, status = item.kind, item.status
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            if col == self.COL_KIND:
                return self.kinds.get(kind, kind)
            if col == self.COL_RECORD:
                return item.label or item.record_id
            if col == self.COL_STATUS:
                return self.statuses.get(status, status)
            if col == self.COL_REASON:
                text = reason_text(item, self.lang)
                if status == "rejected" and not is_fixable(item):
                    text += " — " + self.tr("a supervisor must resolve this")
                return text
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATUS:
            from PySide6.QtGui import QColor

            return QColor("#b3261e") if status == "rejected" else QColor("#8a5300")
        return None


class AttentionPage(QWidget):
    """The needs-attention list with what can be done about each item."""

    loaded = Signal()
    resolved = Signal(object)  # the Changed of a fix, a dismissal or a resolution

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("attentionPage")
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Needs attention"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        self.summary = QLabel()
        self.summary.setObjectName("attentionSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = AttentionModel(ctx.lang, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("attentionTable")
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttentionModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.act())
        layout.addWidget(self.table, 1)
        self.hint = QLabel()
        self.hint.setObjectName("attentionHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        buttons = QHBoxLayout()
        self.fix_button = QPushButton(self.tr("F&ix and send again…"))
        self.fix_button.setObjectName("fixButton")
        self.resolve_button = QPushButton(self.tr("&Resolve conflict…"))
        self.resolve_button.setObjectName("resolveButton")
        self.dismiss_button = QPushButton(self.tr("&Dismiss"))
        self.dismiss_button.setObjectName("dismissButton")
        self.refresh_button = QPushButton(self.tr("R&efresh"))
        self.refresh_button.setObjectName("refreshButton")
        for button in (self.fix_button, self.resolve_button, self.dismiss_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout.addLayout(buttons)
        self.fix_button.clicked.connect(self.fix_current)
        self.resolve_button.clicked.connect(self.resolve_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        ctx.changed.connect(self._on_changed)
        self.dialog: QDialog | None = None
        self._update_buttons()
        self.refresh()

    # -- data --

    def _on_changed(self, _changed: Changed) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run_db(self.ctx.workspace.attention.items, on_done=self._loaded)

    def _loaded(self, items: list[AttentionItem]) -> None:
        self.model.set_items(items)
        rejected = sum(1 for i in items if i.status == "rejected")
        conflicts = len(items) - rejected
        if not items:
            self.summary.setText(self.tr("Nothing needs attention. Everything sent was accepted."))
        else:
            self.summary.setText(
                self.tr("%1 rejected, %2 in conflict")
                .replace("%1", str(rejected))
                .replace("%2", str(conflicts))
            )
        if items:
            self.table.selectRow(0)
        self._update_buttons()
        self.loaded.emit()

    def current(self) -> AttentionItem | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.data(index, ITEM_ROLE)

    def _update_buttons(self) -> None:
        item = self.current()
        status = item.status if item is not None else None
        self.fix_button.setEnabled(item is not None and is_fixable(item))
        self.resolve_button.setEnabled(status == "conflict")
        self.dismiss_button.setEnabled(status == "rejected")
        if item is None:
            self.hint.setText("")
        elif status == "conflict":
            self.hint.setText(self.tr("Choose, field by field, which value to keep."))
        elif is_fixable(item):
            self.hint.setText(self.tr("Correct the record and send it again, or dismiss it."))
        else:
            self.hint.setText(
                self.tr(
                    "You cannot fix this from the laptop: a supervisor must resolve it. "
                    "You may dismiss it from this list."
                )
            )

    # -- actions --

    def act(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.status == "conflict":
            self.resolve_current()
        elif is_fixable(item):
            self.fix_current()

    def fix_current(self) -> QDialog | None:
        item = self.current()
        if item is None or not is_fixable(item):
            return None
        dialog = FixDialog(self.ctx, item, self)
        dialog.done_with.connect(self._after)
        dialog.open()
        self.dialog = dialog
        return dialog

    def resolve_current(self) -> QDialog | None:
        item = self.current()
        if item is None or item.status != "conflict":
            return None
        dialog = ConflictDialog(self.ctx, item, self)
        dialog.done_with.connect(self._after)
        dialog.open()
        self.dialog = dialog
        return dialog

    def dismiss_current(self) -> None:
        item = self.current()
        if item is None:
            return
        self.ctx.mutate(self.ctx.workspace.attention.dismiss, item.op_id, on_done=self._after)

    def _after(self, changed: Changed) -> None:
        # This page redraws through ctx.changed, which the mutation's runner emitted.
        self.resolved.emit(changed)
