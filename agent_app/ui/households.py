"""The households list: search-as-you-type that ignores diacritics, filters by commune and status,
and a table model over the rows the workspace returns. Enter opens the household.

The query runs on the database thread ~150 ms after the last keystroke; every request carries
an id and only the newest one's answer reaches the model, so a slow early answer never
overwrites a later one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_app.ui.context import AppContext
from sync.domain.admin_units import admin_units
from sync.domain.messages import format_date
from sync.domain.vocab import label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
HOUSEHOLD_STATUSES = ("new", "not_home", "interested", "refused", "enrolled")

_Index = QModelIndex | QPersistentModelIndex


def field(row: Any, *names: str, default: Any = None) -> Any:
    """The first of ``names`` the row has (attribute or mapping key) — rows are dataclasses
    from the workspace, dicts in a few places."""
    for name in names:
        if isinstance(row, dict):
            if name in row:
                return row[name]
        elif hasattr(row, name):
            return getattr(row, name)
    return default


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Set the objectName tests and style sheets find the widget by; returns the widget."""
    widget.setObjectName(name)
    return widget


def commune_name(code: str | None) -> str:
    if not code:
        return ""
    commune = admin_units().commune(code)
    return commune.name if commune else code


def status_text(status: str | None, lang: str) -> str:
    if status == "new":
        return "New" if lang == "en" else "Chưa thăm"
    return label(status, lang) if status else ""


class HouseholdsModel(QAbstractTableModel):
    """Rows of ``Workspace.search_households``; ``SORT_ROLE`` gives raw values for sorting."""

    HEAD, ADDRESS, COMMUNE, MEMBERS, STATUS, LAST_VISIT = range(6)

    def __init__(self, lang: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._lang = lang

    def headers(self) -> list[str]:
        return [
            self.tr("Head of household"),
            self.tr("Address / village"),
            self.tr("Commune"),
            self.tr("Members"),
            self.tr("Status"),
            self.tr("Last visit"),
        ]

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return field(row, "id", "household_id")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.MEMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.ToolTipRole):
            return None
        raw = self._raw(row, col)
        if role == SORT_ROLE:
            if col == self.LAST_VISIT:
                return raw.isoformat() if isinstance(raw, date) else ""
            return raw if raw is not None else ""
        if col == self.LAST_VISIT:
            return format_date(raw) if isinstance(raw, date) else ""
        if col == self.STATUS:
            return status_text(raw, self._lang)
        return "" if raw is None else str(raw)

    def _raw(self, row: Any, col: int) -> Any:
        if col == self.HEAD:
            return field(row, "head_name")
        if col == self.ADDRESS:
            village = field(row, "village")
            address = field(row, "address") or ""
            return f"{address}, {village}" if village and village not in address else address
        if col == self.COMMUNE:
            return field(row, "commune_name") or commune_name(field(row, "commune_code"))
        if col == self.MEMBERS:
            return field(row, "member_count", "members", default=0)
        if col == self.STATUS:
            return field(row, "status")
        last = field(row, "last_visit", "last_visited_on", "last_visit_on")
        if isinstance(last, str):
            try:
                return date.fromisoformat(last[:10])
            except ValueError:
                return None
        return last


class _Table(QTableView):
    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class HouseholdsPage(QWidget):
    """Search box + filters + table. ``open_household(id)`` when a row is activated."""

    open_household = Signal(str)
    results_applied = Signal(int)  # request id whose rows are now in the model
    DEBOUNCE_MS = 150
    LIMIT = 200

    def __init__(
        self, ctx: AppContext, communes: Sequence[str] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("householdsPage")
        self.ctx = ctx
        self._request = 0
        self.search = QLineEdit(objectName="householdSearch")
        self.search.setPlaceholderText(
            self.tr("Search by name, CCCD, phone or village — diacritics optional")
        )
        self.search.setClearButtonEnabled(True)
        self.commune = QComboBox(objectName="communeFilter")
        self.commune.addItem(self.tr("All communes"), None)
        for code in communes:
            self.commune.addItem(commune_name(code), code)
        self.status = QComboBox(objectName="statusFilter")
        self.status.addItem(self.tr("All statuses"), None)
        for status in HOUSEHOLD_STATUSES:
            self.status.addItem(status_text(status, ctx.lang), status)
        self.model = HouseholdsModel(ctx.lang, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = _Table(objectName="householdsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((200, 260, 150, 90, 110)):
            self.table.setColumnWidth(col, width)
        self.summary = QLabel(objectName="householdsSummary")

        filters = QHBoxLayout()
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.commune, 1)
        filters.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(self.DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._open_first)
        self.commune.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated_row.connect(self._open_row)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        ctx.changed.connect(self._on_changed)

    def refresh(self) -> int:
        """Query now (skipping the debounce); returns the request id."""
        self._debounce.stop()
        self._request += 1
        request = self._request
        self.ctx.run_db(
            self.ctx.workspace.search_households,
            self.search.text(),
            commune_code=self.commune.currentData(),
            status=self.status.currentData(),
            limit=self.LIMIT,
            on_done=lambda rows: self._apply(request, rows),
        )
        return request

    @property
    def latest_request(self) -> int:
        return self._request

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _apply(self, request: int, rows: list[Any]) -> None:
        if request != self._request:
            return  # a newer query is on its way; this answer is stale
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        if len(rows) >= self.LIMIT:
            text = self.tr("First %1 households shown; type more to narrow the search.")
        else:
            text = self.tr("%1 households found.")
        self.summary.setText(text.replace("%1", str(len(rows))))
        self.results_applied.emit(request)

    def _open_first(self) -> None:
        if self._debounce.isActive():
            self.refresh()
            return
        index = self.table.currentIndex()
        self._open_row(index.row() if index.isValid() else 0)

    def _open_row(self, proxy_row: int) -> None:
        if proxy_row < 0 or proxy_row >= self.proxy.rowCount():
            return
        household_id = self.proxy.index(proxy_row, 0).data(ID_ROLE)
        if household_id:
            self.open_household.emit(str(household_id))

    def _on_changed(self, changed: Any) -> None:
        kinds = field(changed, "kinds", default=frozenset()) or frozenset()
        if not kinds or kinds & {"household", "person", "visit", "enrollment", "*"}:
            self.refresh()
