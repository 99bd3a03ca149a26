"""Outreach events with attribution: the totals per event type (events, attendees, leads,
visits and sign-ups that point to an event) and the sign-ups of each event, newest first.
Counted by :func:`agent_app.services.events_summary.events_summary` on the database thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import Changed
from agent_app.services.events_summary import EventsSummary
from agent_app.services.progress import format_count
from agent_app.ui.context import AppContext
from sync.domain.messages import format_date


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], numeric_from: int) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class EventsSummaryDialog(QDialog):
    """Totals per event type and sign-ups per event; ``loaded`` once drawn."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsSummaryDialog")
        self.setWindowTitle(self.tr("Outreach events: totals and sign-ups"))
        self.resize(980, 640)
        self.ctx = ctx
        self.summary: EventsSummary | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Totals per type of event")))
        counts = [
            self.tr("Events"),
            self.tr("Attendees"),
            self.tr("Leads"),
            self.tr("Visits"),
            self.tr("Enrollments"),
            self.tr("People signed up"),
        ]
        self.types_table = _table("typeTotals", [self.tr("Type"), *counts])
        layout.addWidget(self.types_table, 1)
        layout.addWidget(
            QLabel(self.tr("Sign-ups per event (visits and enrollments that name it)"))
        )
        self.events_table = _table(
            "eventSignups",
            [self.tr("Date"), self.tr("Type"), self.tr("Commune"), self.tr("Team"), *counts[1:]],
        )
        layout.addWidget(self.events_table, 2)
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("closeButton")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        ctx.changed.connect(self._on_changed)
        self.reload()

    def type_name(self, value: str) -> str:
        return {
            "launch": self.tr("Launch rally"),
            "mobile_team": self.tr("Mobile propaganda team"),
            "counselling": self.tr("Counselling session"),
            "door_to_door": self.tr("Door-to-door round"),
            "livestream": self.tr("Livestream"),
            "other": self.tr("Other"),
        }.get(value, value)

    def reload(self) -> None:
        ws = self.ctx.workspace
        self.ctx.run_db(ws.events.summary, on_done=self._show)

    def _on_changed(self, changed: Changed) -> None:
        if not changed.kinds or changed.kinds & {"event", "visit", "enrollment"}:
            self.reload()

    def _show(self, summary: EventsSummary) -> None:
        self.summary = summary
        n = format_count
        _fill(
            self.types_table,
            [
                [
                    self.type_name(t.type),
                    n(t.events),
                    n(t.attendees),
                    n(t.leads),
                    n(t.visits),
                    n(t.enrollments),
                    n(t.people),
                ]
                for t in summary.by_type
            ],
            1,
        )
        _fill(
            self.events_table,
            [
                [
                    format_date(e.held_on),
                    self.type_name(e.type),
                    e.commune_name,
                    e.team or "",
                    n(e.attendees),
                    "" if e.leads is None else n(e.leads),
                    n(e.visits),
                    n(e.enrollments),
                    n(e.people),
                ]
                for e in summary.events
            ],
            4,
        )
        self.loaded.emit()
