"""The Today page: the day's figures in big numbers (visits, sign-ups, money collected), the
follow-ups due, the people whose paid period ends within 30 days, and the sync status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

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

from agent_app.services import Changed, DueItem, TodaySummary
from agent_app.ui.context import AppContext
from sync.domain.messages import format_date, format_vnd
from sync.domain.vocab import label


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
        self.summary: TodaySummary | None = None
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
        ctx.changed.connect(self._on_changed)

    def _on_changed(self, _changed: Changed) -> None:
        self.reload()

    def reload(self) -> None:
        self.ctx.run_db(self._fetch, on_done=self._show)

    def _fetch(self) -> tuple[TodaySummary, datetime | None]:
        ws = self.ctx.workspace
        return ws.today(), ws.last_sync()

    def _show(self, result: tuple[TodaySummary, datetime | None]) -> None:
        summary, last = result
        self.summary = summary
        self.heading.setText(self.tr("Today, %1").replace("%1", format_date(summary.on)))
        self.visits.value.setText(str(summary.visits))
        self.signups.value.setText(str(summary.sign_ups))
        self.money.value.setText(format_vnd(summary.money))
        self._fill(self.followups, summary.followups_due, self.tr("Nothing due today."))
        self._fill(
            self.expiring,
            summary.renewals_due,
            self.tr("Nobody's paid period ends in the next 30 days."),
        )
        parts = [self.tr("%1 changes waiting to be sent.").replace("%1", str(summary.pending))]
        if last is None:
            parts.append(self.tr("Never synced yet."))
        else:
            when = last.astimezone()
            text = f"{format_date(when.date())} {when:%H:%M}"
            parts.append(self.tr("Last sync: %1.").replace("%1", text))
        self.sync_status.setText(" ".join(parts))
        self.loaded.emit(summary)

    def _fill(self, widget: QListWidget, rows: Sequence[DueItem], empty: str) -> None:
        widget.clear()
        for row in rows:
            reason = label(row.scheme, self.ctx.lang) if row.scheme else row.reason
            text = " — ".join(p for p in (format_date(row.due_on), row.name, reason) if p)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.household_id)
            widget.addItem(item)
        if widget.count() == 0:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        household_id = item.data(Qt.ItemDataRole.UserRole)
        if household_id:
            self.open_household.emit(str(household_id))
