"""The Today page: the day's figures in big numbers (visits, sign-ups, money collected), the
follow-ups due, the people whose paid period ends within 30 days, and the sync status."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_app.ui.context import AppContext
from agent_app.ui.households import field
from sync.domain.messages import format_date, format_vnd


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


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


class TodayPage(QWidget):
    """Reloads on every change; ``loaded`` fires after the figures are on screen."""

    loaded = Signal(object)
    open_household = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.ctx = ctx
        self.summary: Any = None
        self.heading = QLabel(objectName="todayHeading")
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.visits = BigNumber(self.tr("visits today"), "todayVisits")
        self.signups = BigNumber(self.tr("sign-ups today"), "todaySignups")
        self.money = BigNumber(self.tr("collected today"), "todayMoney")
        numbers = QHBoxLayout()
        for card in (self.visits, self.signups, self.money):
            numbers.addWidget(card)
        self.followups = QListWidget(objectName="followupsDue")
        self.expiring = QListWidget(objectName="expiringSoon")
        for lst in (self.followups, self.expiring):
            lst.itemActivated.connect(self._activated)
        follow_box = QGroupBox(self.tr("Follow-ups due"))
        QVBoxLayout(follow_box).addWidget(self.followups)
        expiring_box = QGroupBox(self.tr("Paid period ends within 30 days"))
        QVBoxLayout(expiring_box).addWidget(self.expiring)
        lists = QGridLayout()
        lists.addWidget(follow_box, 0, 0)
        lists.addWidget(expiring_box, 0, 1)
        self.sync_status = QLabel(objectName="todaySync")
        self.sync_status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(numbers)
        layout.addLayout(lists, 1)
        layout.addWidget(self.sync_status)
        ctx.changed.connect(lambda _c: self.reload())

    def reload(self) -> None:
        self.ctx.run_db(self._fetch, on_done=self._show)

    def _fetch(self) -> tuple[Any, int | None, Any]:
        ws = self.ctx.workspace
        summary = ws.today() if hasattr(ws, "today") else None
        pending = ws.pending_count() if hasattr(ws, "pending_count") else None
        last = ws.last_sync() if hasattr(ws, "last_sync") else None
        return summary, pending, last

    def _show(self, result: tuple[Any, int | None, Any]) -> None:
        summary, pending, last = result
        self.summary = summary
        on = _date(field(summary, "on", "day", "date")) or date.today()
        self.heading.setText(self.tr("Today, %1").replace("%1", format_date(on)))
        self.visits.value.setText(str(field(summary, "visits", "visits_today", default=0)))
        signups = field(summary, "signups", "sign_ups", "enrollments", default=0)
        self.signups.value.setText(str(signups))
        money = field(summary, "money", "collected", "money_collected", default=0) or 0
        self.money.value.setText(format_vnd(int(money)))
        self._fill(
            self.followups,
            field(summary, "followups_due", "followups", "follow_ups", default=[]),
            "due_on",
            self.tr("Nothing due today."),
        )
        self._fill(
            self.expiring,
            field(summary, "expiring", "paid_until_soon", "ending_soon", default=[]),
            "paid_until",
            self.tr("Nobody's paid period ends in the next 30 days."),
        )
        parts = []
        if pending is not None:
            parts.append(self.tr("%1 changes waiting to be sent.").replace("%1", str(pending)))
        if last is None:
            parts.append(self.tr("Never synced yet."))
        else:
            when = last.astimezone() if hasattr(last, "astimezone") else last
            text = f"{format_date(when.date())} {when:%H:%M}" if hasattr(when, "date") else ""
            parts.append(self.tr("Last sync: %1.").replace("%1", text))
        self.sync_status.setText(" ".join(parts))
        self.loaded.emit(summary)

    def _fill(self, widget: QListWidget, rows: Any, date_field: str, empty: str) -> None:
        widget.clear()
        for row in rows or []:
            name = field(row, "full_name", "name", "head_name", "person_name", default="")
            when = _date(field(row, date_field, "on", "date"))
            extra = field(row, "reason", "scheme", default="") or ""
            text = " — ".join(str(p) for p in (format_date(when) if when else "", name, extra) if p)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, field(row, "household_id"))
            widget.addItem(item)
        if widget.count() == 0:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        household_id = item.data(Qt.ItemDataRole.UserRole)
        if household_id:
            self.open_household.emit(str(household_id))
