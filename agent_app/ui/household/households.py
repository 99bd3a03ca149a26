"""The households list: search-as-you-type that ignores diacritics, filters by commune and status,
and a table model over the rows the workspace returns. Enter opens the household.

The query runs on the database thread ~150 ms after the last keystroke; every request carries
an id and only the newest one's answer reaches the model, so a slow early answer never
overwrites a later one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
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

from agent_app.services import Changed, HouseholdRow
from agent_app.services.households import HOUSEHOLD_STATUSES
from agent_app.ui.context import AppContext
from agent_app.ui.i18n import translate, vocab_text
from sync.domain.admin_units import admin_units
from sync.domain.messages import format_date
from sync.domain.text import fold

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

W = TypeVar("W", bound=QWidget)
Match = tuple[str, str, str | None, str | None]  # field, value, member, relationship


def named(widget: W, name: str) -> W:
    """Set the objectName tests and style sheets find the widget by; returns the widget."""
    widget.setObjectName(name)
    return widget


@cache
def commune_name(code: str | None) -> str:
    """A commune's name from its code (cached: the admin-unit table never changes in a run)."""
    if not code:
        return ""
    commune = admin_units().commune(code)
    return commune.name if commune else code


def status_text(status: str | None) -> str:
    """A household's status: "new" (never visited) or the last visit's outcome."""
    if status == "new":
        return translate("Households", "New")
    return vocab_text(status)


def place(address: str, *parts: str | None) -> str:
    """The address followed by the village or commune it does not already name."""
    extra = [p for p in parts if p and p not in address]
    return ", ".join([address, *extra]) if address else ", ".join(extra)


def place_text(row: HouseholdRow) -> str:
    return place(row.address, row.village)


class HouseholdsModel(QAbstractTableModel):
    """Rows of ``Workspace.households.search``; ``SORT_ROLE`` gives raw values for sorting.

    The model sorts itself (``sort()`` is what the view calls on a header click) instead of
    sitting behind a ``QSortFilterProxyModel``: the proxy compares rows by calling ``data()``
    twice per comparison through Python, about 3,000 calls for 200 rows on every keystroke,
    while a key sort of the list costs microseconds. Rows arrive from SQL already ordered by
    the folded head name, so the default order needs no sort at all.
    """

    HEAD, ADDRESS, COMMUNE, MEMBERS, STATUS, LAST_VISIT, MATCHED = range(7)
    COLUMNS = 7

    def __init__(self, lang: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[HouseholdRow] = []
        self._cells: list[tuple[str, ...]] = []  # display texts, row by row
        self._lang = lang
        self._statuses = {s: status_text(s) for s in HOUSEHOLD_STATUSES}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._headers: list[str] | None = None
        self._matches: dict[str, Match] = {}

    def headers(self) -> list[str]:
        # Asked for on every repaint of the header; the language is fixed for the run.
        if self._headers is None:
            self._headers = [
                self.tr("Head of household"),
                self.tr("Address / village"),
                self.tr("Commune"),
                self.tr("Members"),
                self.tr("Status"),
                self.tr("Last visit"),
                self.tr("Found by"),
            ]
        return self._headers

    def set_rows(self, rows: Sequence[HouseholdRow]) -> None:
        """Replace the rows: one model reset, the current sort applied to the list first."""
        ordered = list(rows)
        self._order(ordered)
        self.beginResetModel()
        self._matches = {}  # a new answer: its own "found by" follows
        self._rows = ordered
        self._cells = [self._texts(r) for r in ordered]
        self.endResetModel()

    def row_at(self, row: int) -> HouseholdRow:
        return self._rows[row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self._order(self._rows)
        self._cells = [self._texts(r) for r in self._rows]
        self.layoutChanged.emit()

    def _order(self, rows: list[HouseholdRow]) -> None:
        column, descending = self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder
        if column < 0 or (column == self.HEAD and not descending):
            return  # the database's order: folded head name
        rows.sort(key=lambda r: self.raw(r, column), reverse=descending)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # Called for every visible cell and every role on each repaint: answer from the texts
        # prepared in set_rows, and say "nothing" to the many roles this model does not use.
        if role in (_DISPLAY, _TOOLTIP):
            return self._cells[index.row()][index.column()]
        if role == _ALIGN:
            return _RIGHT if index.column() == self.MEMBERS else None
        if role == SORT_ROLE:
            return self.raw(self._rows[index.row()], index.column())
        if role == ID_ROLE:
            return self._rows[index.row()].id
        return None

    def _texts(self, row: HouseholdRow) -> tuple[str, ...]:
        return (
            row.head_name,
            place_text(row),
            row.commune_name,
            str(row.member_count),
            self._statuses.get(row.status, row.status),
            format_date(row.last_visit_on) if row.last_visit_on else "",
            self.matched_text(row),
        )

    def set_matches(self, matches: dict[str, Match]) -> None:
        """Fill the "Found by" column of the rows shown (``Workspace.households.matches``)."""
        self._matches = matches
        col = self.MATCHED
        self._cells = [(*c[:col], self.matched_text(r), *c[col + 1 :]) for r, c in
                       zip(self._rows, self._cells, strict=True)]  # fmt: skip
        if self._rows:
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))

    def matched_text(self, row: HouseholdRow) -> str:
        """Why a household whose head's name does not match is listed: "Nguyễn Văn Ánh (con)",
        "CCCD 0912… — Nguyễn Văn Ánh (con)", "Village: Ấp Tân Hòa"; empty when the head is."""
        found = self._matches.get(row.id)
        if found is None:
            return ""
        field, value, member, relationship = found
        who = ""
        if member:
            relation = vocab_text(relationship) if relationship else ""
            who = f"{member} ({relation[:1].lower()}{relation[1:]})" if relation else member
        if field == "full_name":
            return who
        what = {
            "cccd": self.tr("CCCD %1"),
            "phone": self.tr("Phone %1"),
            "village": self.tr("Village: %1"),
            "address": self.tr("Address: %1"),
        }.get(field, "%1").replace("%1", value)
        return f"{what} — {who}" if who else what

    def raw(self, row: HouseholdRow, col: int) -> Any:
        """The value a column sorts by: folded text, counts as ints, dates in ISO form."""
        if col == self.HEAD:
            return fold(row.head_name)
        if col == self.ADDRESS:
            return fold(place_text(row))
        if col == self.COMMUNE:
            return fold(row.commune_name)
        if col == self.MEMBERS:
            return row.member_count
        if col == self.STATUS:
            return HOUSEHOLD_STATUSES.index(row.status) if row.status in HOUSEHOLD_STATUSES else 0
        if col == self.MATCHED:
            return fold(self.matched_text(row))
        return row.last_visit_on.isoformat() if row.last_visit_on else ""


class _Table(QTableView):
    activated_row = Signal(int)
    up_from_top = Signal()  # Up on the first row: back to the search box

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        if event.key() == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.up_from_top.emit()
            return
        super().keyPressEvent(event)


class HouseholdsPage(QWidget):
    """Search box + filters + table. ``open_household(id)`` when a row is activated."""

    open_household = Signal(str)
    results_applied = Signal(int)  # request id whose rows are now in the model
    matches_applied = Signal(int)  # request id whose "found by" column is now filled
    DEBOUNCE_MS = 150
    MATCHES_DELAY_MS = 60  # "found by" is asked this long after the rows, unless typing goes on
    LIMIT = 200

    def __init__(
        self, ctx: AppContext, communes: Sequence[str] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("householdsPage")
        self.ctx = ctx
        self._request = 0
        self._query = ""
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
            self.status.addItem(status_text(status), status)
        self.model = HouseholdsModel(ctx.lang, self)
        self.table = _Table(objectName="householdsTable")
        self.table.setModel(self.model)
        # No sort indicator until the agent clicks a header: the rows keep the database's
        # order (by name), and setSortingEnabled does not sort them descending on its own.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line a household; long addresses are elided
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((200, 230, 130, 85, 100, 135)):
            self.table.setColumnWidth(col, width)
        self.summary = QLabel(objectName="householdsSummary")

        filters = QHBoxLayout()
        search_label = QLabel(self.tr("Sea&rch:"))
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
        self._pending_matches: tuple[int, str, list[str]] | None = None
        self._matches_timer = QTimer(self)
        self._matches_timer.setSingleShot(True)
        self._matches_timer.setInterval(self.MATCHES_DELAY_MS)
        self._matches_timer.timeout.connect(self._ask_matches)
        self.search.returnPressed.connect(self._open_first)
        # Down (or Tab) goes from the search box straight into the results, then the filters.
        self.search.installEventFilter(self)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.commune)
        self.setTabOrder(self.commune, self.status)
        self.commune.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated_row.connect(self._open_row)
        self.table.up_from_top.connect(self.search.setFocus)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        ctx.changed.connect(self._on_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.results_focus()
                return True
        return super().eventFilter(watched, event)

    def results_focus(self) -> None:
        """Focus on the results, the current row (else the first) selected."""
        if not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def refresh(self) -> int:
        """Query now (skipping the debounce); returns the request id."""
        self._debounce.stop()
        self._matches_timer.stop()
        self._request += 1
        request = self._request
        self._query = self.search.text()
        self.ctx.run_db(
            self.ctx.workspace.households.search,
            self._query,
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

    def _apply(self, request: int, rows: list[HouseholdRow]) -> None:
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
        if rows and self._query.strip():
            self._pending_matches = (request, self._query, [r.id for r in rows])
            self._matches_timer.start()

    def _ask_matches(self) -> None:
        # Asked once the rows are shown and typing has paused, so a keystroke never waits
        # behind it; skipped on the database thread when a newer query is on its way.
        if self._pending_matches is None:
            return
        (request, query, ids), self._pending_matches = self._pending_matches, None
        ws = self.ctx.workspace

        def find() -> dict[str, Match] | None:
            return ws.households.matches(query, ids) if request == self._request else None

        self.ctx.run_db(find, on_done=lambda found: self._apply_matches(request, found))

    def _apply_matches(self, request: int, found: dict[str, Match] | None) -> None:
        if found is None or request != self._request:
            return
        self.model.set_matches(found)
        self.matches_applied.emit(request)

    def _open_first(self) -> None:
        if self._debounce.isActive():
            self.refresh()
            return
        index = self.table.currentIndex()
        self._open_row(index.row() if index.isValid() else 0)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_household.emit(self.model.row_at(row).id)

    def _on_changed(self, changed: Changed) -> None:
        if not changed.kinds or changed.kinds & {"household", "person", "visit", "enrollment"}:
            self.refresh()
