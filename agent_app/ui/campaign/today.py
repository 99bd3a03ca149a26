"""The Today page: the day's figures in big numbers (visits, sign-ups, money collected), the
follow-ups due (overdue ones first, marked in colour and in words), the people whose paid period
ends within 30 days, and the sync status. Both lists are tables that show the village and phone
and sort on a header click (by village to plan a round)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
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
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import Changed, DueItem, TodaySummary
from agent_app.ui.context import AppContext
from agent_app.ui.household.households import ID_ROLE, SORT_ROLE
from agent_app.ui.i18n import vocab_text
from sync.domain.messages import format_date, format_vnd
from sync.domain.text import fold

_Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = "#b3261e"
OVERDUE_BACKGROUND = "#fdecea"


class BigNumber(QFrame):
    def __init__(self, caption: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"#{name}Card {{ background: #f3f7fb; border: 1px solid #d5e1ec; border-radius: 6px; }}"
        )
        self.value = QLabel("0", objectName=name)
        self.value.setStyleSheet("font-size: 26pt; font-weight: 600; color: #0b4f8a;")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cap = QLabel(caption)
        cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cap.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(cap)


class DueModel(QAbstractTableModel):
    """Follow-ups due or paid periods ending, one row each; ``SORT_ROLE`` gives raw values
    (ISO dates, folded names and villages), ``ID_ROLE`` the household to open.

    A follow-up past its date is overdue: its row is red and its date says by how many days,
    so the state is read, not only seen."""

    DUE, NAME, VILLAGE, PHONE, WHAT = range(5)
    COLUMNS = 5

    def __init__(self, renewals: bool, lang: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.renewals = renewals
        self._lang = lang
        self._rows: list[DueItem] = []
        self._cells: list[tuple[str, ...]] = []
        self._on = date.today()

    def set_rows(self, rows: Sequence[DueItem], on: date) -> None:
        self.beginResetModel()
        self._on = on
        self._rows = list(rows)
        self._cells = [self._texts(r) for r in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> DueItem:
        return self._rows[row]

    def overdue_days(self, item: DueItem) -> int:
        """Days a follow-up is past its date (0: due today, or a renewal)."""
        return 0 if self.renewals else max(0, (self._on - item.due_on).days)

    def due_text(self, item: DueItem) -> str:
        if self.renewals:
            # ``due_on`` is the first day not paid for; the list says the last day that is.
            return format_date(item.due_on - timedelta(days=1))
        days = self.overdue_days(item)
        if days == 0:
            return format_date(item.due_on)
        late = self.tr("1 day overdue") if days == 1 else self.tr("%1 days overdue")
        return f"{format_date(item.due_on)} · {late.replace('%1', str(days))}"

    def _texts(self, item: DueItem) -> tuple[str, ...]:
        what = vocab_text(item.scheme) if item.scheme else item.reason
        return (self.due_text(item), item.name, item.village or "", item.phone or "", what)

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
            self.tr("Paid until") if self.renewals else self.tr("Due"),
            self.tr("Name"),
            self.tr("Village"),
            self.tr("Phone"),
            self.tr("Scheme") if self.renewals else self.tr("Reason"),
        ][section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            # Cells are cut short to fit the width: the tooltip has the whole line.
            return " — ".join(t for t in self._cells[index.row()] if t)
        if role == ID_ROLE:
            return item.household_id
        if role == SORT_ROLE:
            if col == self.DUE:
                return item.due_on.isoformat()
            return fold(self._cells[index.row()][col])
        overdue = self.overdue_days(item) > 0
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return QBrush(QColor(OVERDUE_COLOUR))
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return QBrush(QColor(OVERDUE_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and overdue and col == self.DUE:
            font = QFont()
            font.setBold(True)
            return font
        return None


class DueTable(QWidget):
    """A due list: the table, or a sentence when it is empty. ``activated(household_id)``."""

    activated = Signal(str)

    def __init__(self, model: DueModel, empty: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(objectName=name)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(DueModel.DUE, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        # Never wider than the page: long names and reasons are cut with "…" and shown whole
        # in the tooltip, instead of a horizontal scrollbar hiding the end of every line.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(60)
        for col in (DueModel.DUE, DueModel.VILLAGE, DueModel.PHONE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (DueModel.NAME, DueModel.WHAT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)
        self.empty = QLabel(empty, objectName=f"{name}Empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)

    def set_rows(self, rows: Sequence[DueItem], on: date) -> None:
        self.model.set_rows(rows, on)
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def rows(self) -> list[DueItem]:
        """The rows in the order shown."""
        return [
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]

    def texts(self, row: int) -> list[str]:
        return [self.proxy.index(row, c).data() for c in range(DueModel.COLUMNS)]

    def _activated(self, index: QModelIndex) -> None:
        household_id = index.data(ID_ROLE)
        if household_id:
            self.activated.emit(str(household_id))


class TodayPage(QWidget):
    """Reloads on every change; ``loaded`` fires after the figures are on screen."""

    loaded = Signal(object)
    open_household = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.ctx = ctx
        self.summary: TodaySummary | None = None
        self.pending: int | None = None
        self.heading = QLabel(objectName="todayHeading")
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.visits = BigNumber(self.tr("visits today"), "todayVisits")
        self.signups = BigNumber(self.tr("sign-ups today"), "todaySignups")
        self.money = BigNumber(self.tr("collected today"), "todayMoney")
        numbers = QHBoxLayout()
        for card in (self.visits, self.signups, self.money):
            numbers.addWidget(card)
        self.followups = DueTable(
            DueModel(False, ctx.lang, self), self.tr("Nothing due today."), "followupsDue"
        )
        self.expiring = DueTable(
            DueModel(True, ctx.lang, self),
            self.tr("Nobody's paid period ends in the next 30 days."),
            "expiringSoon",
        )
        for table in (self.followups, self.expiring):
            table.activated.connect(self.open_household)
        follow_box = QGroupBox(self.tr("Follow-ups due"))
        QVBoxLayout(follow_box).addWidget(self.followups)
        expiring_box = QGroupBox(self.tr("Paid period ends within 30 days"))
        QVBoxLayout(expiring_box).addWidget(self.expiring)
        self.sync_status = QLabel(objectName="todaySync")
        self.sync_status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(numbers)
        # One above the other, each the page's full width: five columns side by side in
        # half a window left no room for the reason.
        layout.addWidget(follow_box, 3)
        layout.addWidget(expiring_box, 2)
        layout.addWidget(self.sync_status)
        ctx.changed.connect(self._on_changed)

    def _on_changed(self, _changed: Changed) -> None:
        self.reload()

    def reload(self) -> None:
        self.ctx.run_db(self._fetch, on_done=self._show)

    def _fetch(self) -> tuple[TodaySummary, int, datetime | None]:
        ws = self.ctx.workspace
        # The pending count from the one function the status bar reads too.
        return ws.today.summary(), ws.pending_count(), ws.last_sync()

    def _show(self, result: tuple[TodaySummary, int, datetime | None]) -> None:
        summary, pending, last = result
        self.summary = summary
        self.pending = pending
        self.heading.setText(self.tr("Today, %1").replace("%1", format_date(summary.on)))
        self.visits.value.setText(str(summary.visits))
        self.signups.value.setText(str(summary.sign_ups))
        self.money.value.setText(format_vnd(summary.money))
        self.followups.set_rows(summary.followups_due, summary.on)
        self.expiring.set_rows(summary.renewals_due, summary.on)
        parts = [self.tr("%1 changes waiting to be sent.").replace("%1", str(pending))]
        if last is None:
            parts.append(self.tr("Never synced yet."))
        else:
            when = last.astimezone()
            text = f"{format_date(when.date())} {when:%H:%M}"
            parts.append(self.tr("Last sync: %1.").replace("%1", text))
        self.sync_status.setText(" ".join(parts))
        self.loaded.emit(summary)
