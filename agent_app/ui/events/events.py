"""Outreach events (launch rallies, mobile teams, counselling sessions) and the campaign targets:
a list of events with a form to record one, and a chart of achieved against plan per commune."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import Changed, EventRow, TargetRow
from agent_app.ui.context import AppContext
from agent_app.ui.household.household_form import profile_communes
from agent_app.ui.household.households import commune_name, named
from agent_app.ui.i18n import QT_TRANSLATE_NOOP, translate
from agent_app.ui.widgets.fields import DateField, NumberField
from agent_app.ui.widgets.form_parts import first_empty
from agent_app.ui.widgets.forms import FormErrors, Problem
from agent_app.ui.widgets.record_form import RecordForm
from sync.domain.admin_units import admin_units
from sync.domain.messages import format_date
from sync.domain.records import validate_record

# The record's wire values (sync.domain.records.EVENT_TYPES) and their labels.
EVENT_TYPES = (
    ("launch", QT_TRANSLATE_NOOP("EventTypes", "Launch rally")),
    ("mobile_team", QT_TRANSLATE_NOOP("EventTypes", "Mobile team")),
    ("counselling", QT_TRANSLATE_NOOP("EventTypes", "Counselling session")),
    ("door_to_door", QT_TRANSLATE_NOOP("EventTypes", "Door-to-door day")),
    ("livestream", QT_TRANSLATE_NOOP("EventTypes", "Livestream")),
    ("other", QT_TRANSLATE_NOOP("EventTypes", "Other")),
)


def event_type_label(value: str) -> str:
    for code, source in EVENT_TYPES:
        if code == value:
            return translate("EventTypes", source)
    return value


class EventDialog(RecordForm):
    """One outreach event (``Workspace.record_event``); no draft: it is a short form."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDialog")
        self.setWindowTitle(self.tr("Record an outreach event"))
        self.ctx = ctx
        form = QFormLayout()
        general = QLabel()
        self.errors = FormErrors(form, general, ctx.lang)
        self.commune = QComboBox(objectName="eventCommune")
        for code in profile_communes(ctx):
            self.commune.addItem(commune_name(code), code)
        # Nothing is assumed: one commune is the only choice, else the agent picks.
        self.commune.setPlaceholderText(self.tr("— choose —"))
        self.commune.setCurrentIndex(0 if self.commune.count() == 1 else -1)
        self.type = QComboBox(objectName="eventType")
        for code, source in EVENT_TYPES:
            self.type.addItem(translate("EventTypes", source), code)
        self.type.setPlaceholderText(self.tr("— choose —"))
        self.type.setCurrentIndex(-1)
        self.held_on = named(DateField(), "eventHeldOn")
        self.attendees = named(NumberField(hint=self.tr("people who came")), "eventAttendees")
        at_most = self.tr("0 up to the attendees")
        self.leads = named(NumberField(hint=at_most), "eventLeads")
        self.enrollments = named(NumberField(hint=at_most), "eventEnrollments")
        self.notes = QPlainTextEdit(objectName="eventNotes")
        self.notes.setMaximumHeight(80)
        self.errors.add("commune_code", self.tr("Co&mmune:"), self.commune)
        self.errors.add("type", self.tr("&Kind of event:"), self.type)
        self.errors.add("held_on", self.tr("&Held on:"), self.held_on)
        self.errors.add("attendees", self.tr("&Attendees:"), self.attendees)
        self.errors.add("leads", self.tr("&Leads:"), self.leads)
        self.errors.add("enrollments", self.tr("&Enrollments:"), self.enrollments)
        self.errors.add("notes", self.tr("&Notes:"), self.notes)
        self.errors.set_check(self.problems)
        # A count's limit follows the attendees: re-check the others when it changes.
        self.attendees.value_changed.connect(lambda _v: self._recheck("leads", "enrollments"))
        form.addRow(general)
        buttons = self.save_cancel_buttons("saveEvent")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)  # room to spare goes below the fields, not between them
        layout.addWidget(buttons)
        (first_empty([self.commune, self.type, self.held_on]) or self.attendees).setFocus()

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "commune_code": self.commune.currentData(),
            "type": self.type.currentData(),
            "held_on": self.held_on.wire(),
            "attendees": self.attendees.value(),
        }
        for name, edit in (("leads", self.leads), ("enrollments", self.enrollments)):
            if edit.value() is not None:
                body[name] = edit.value()
        if self.notes.toPlainText().strip():
            body["notes"] = self.notes.toPlainText().strip()
        return body

    def problems(self) -> list[Problem]:
        return list(validate_record("event", self.body(), today=self.ctx.workspace.current_day()))

    def _recheck(self, *fields: str) -> None:
        for field in fields:
            self.errors.recheck(field)

    def save(self) -> None:
        if self.errors.show_problems(self.problems()):
            return  # each problem beside its field; nothing sent
        self.submit(self.ctx.workspace.events.record, self.body())


class EventsPage(QWidget):
    """The events table and the targets chart; reloads when events or enrollments change."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsPage")
        self.ctx = ctx
        self.table = QTableWidget(0, 5, objectName="eventsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Held on"),
                self.tr("Kind of event"),
                self.tr("Commune"),
                self.tr("Attendees"),
                self.tr("Leads"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        add = QPushButton(self.tr("&Record an event…"), objectName="recordEvent")
        add.clicked.connect(self.record_event)
        self.chart_holder = QVBoxLayout()
        self.targets_text = QLabel(objectName="targetsText")
        self.targets_text.setWordWrap(True)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.addWidget(QLabel(self.tr("Targets: achieved against plan per commune")))
        chart_layout.addLayout(self.chart_holder, 1)
        chart_layout.addWidget(self.targets_text)
        events_box = QWidget()
        events_layout = QVBoxLayout(events_box)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Outreach events")), 1)
        top.addWidget(add)
        events_layout.addLayout(top)
        events_layout.addWidget(self.table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(events_box)
        split.addWidget(chart_box)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.chart_view: Any = None
        ctx.changed.connect(self._on_changed)

    def record_event(self) -> EventDialog:
        dialog = EventDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def reload(self) -> None:
        self.ctx.run_db(self._fetch, on_done=self._show)

    def _fetch(self) -> tuple[list[EventRow], list[TargetRow]]:
        ws = self.ctx.workspace
        return ws.events.all(), ws.targets.all()

    def _on_changed(self, changed: Changed) -> None:
        if not changed.kinds or changed.kinds & {"event", "enrollment"}:
            self.reload()

    def _show(self, result: tuple[list[EventRow], list[TargetRow]]) -> None:
        events, targets = result
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            values = [
                format_date(event.held_on),
                event_type_label(event.type),
                event.commune_name,
                str(event.attendees),
                "" if event.leads is None else str(event.leads),
            ]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self._chart(targets)
        self.loaded.emit()

    def _chart(self, targets: list[TargetRow]) -> None:
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSeries,
            QBarSet,
            QChart,
            QChartView,
            QValueAxis,
        )

        metrics = {
            "voluntary_new": self.tr("new voluntary SI"),
            "household_health_new": self.tr("new household HI members"),
            "events": self.tr("outreach events"),
        }
        # One group of bars per commune (and the province), one bar per metric, each as a
        # percentage of its plan: plans differ a hundredfold between metrics, so raw counts
        # would flatten all but the largest.
        places: list[str] = []
        percent: dict[tuple[str, str], int] = {}
        lines = []
        for target in targets:
            if target.level == "province":
                province = admin_units().province(target.code)
                where = province.name if province is not None else target.code
            else:
                where = commune_name(target.code)
            if where not in places:
                places.append(where)
            percent[(where, target.metric)] = target.percent
            what = metrics.get(target.metric, target.metric)
            pct = f"{target.percent} %" if target.plan else "—"
            lines.append(f"{where} — {what}: {target.achieved}/{target.plan} ({pct})")
        series = QBarSeries()
        top = 100
        for metric, name in metrics.items():
            bars = QBarSet(name)
            values = [percent.get((where, metric), 0) for where in places]
            bars.append(values)
            top = max(top, *values) if values else top
            series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value %")
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart = QChart()
        chart.addSeries(series)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setTitle(self.tr("Achieved, as a percentage of the plan"))
        axis_x = QBarCategoryAxis()
        axis_x.append(places)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setRange(0, top + 10)  # room for the labels above full bars
        axis_y.setLabelFormat("%d %%")
        axis_y.setTickCount(6)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        if self.chart_view is None:
            self.chart_view = QChartView(chart)
            self.chart_view.setObjectName("targetsChart")
            self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart_view.setMinimumHeight(240)
            self.chart_holder.addWidget(self.chart_view)
        else:
            old = self.chart_view.chart()
            self.chart_view.setChart(chart)
            old.deleteLater()
        self.targets_text.setText("\n".join(lines) or self.tr("No targets received yet."))
