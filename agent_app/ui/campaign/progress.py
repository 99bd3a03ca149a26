"""Progress against the campaign targets: sign-ups per day (bars), the cumulative count against
the target line and the pace needed to meet it by the deadline ("expected by today"), and the
achievement of every target by commune and by scheme, green / amber / red with the status in
words beside the colour.

Computed by :func:`agent_app.services.progress.progress` on the database thread; every number
is written the Vietnamese way (12.345; 150 %), so the axes are labelled by hand.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import Changed
from agent_app.services.progress import (
    AMBER_FROM,
    ProgressReport,
    ProgressRow,
    format_count,
    progress,
)
from agent_app.ui.context import AppContext
from agent_app.ui.sync.sync_panel import money_ticks
from sync.domain.messages import format_date

STATUS_COLOURS = {"green": "#2e7d32", "amber": "#ef8f00", "red": "#c62828"}
BAR_DAYS = 30  # the bars show the last 30 days up to today


def _ticks(top: int) -> list[int]:
    _step, ticks = money_ticks(max(top, 1))
    return ticks


class ProgressPage(QWidget):
    """The progress screen; ``loaded`` once its figures are drawn."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressPage")
        self.ctx = ctx
        self.report: ProgressReport | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.choice_label = QLabel(self.tr("&Target:"))
        self.choice = QComboBox()
        self.choice.setObjectName("targetChoice")
        self.choice.setMinimumWidth(360)
        self.choice_label.setBuddy(self.choice)
        top.addWidget(self.choice_label)
        top.addWidget(self.choice, 1)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("paceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        charts = QWidget()
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        pace_charts = QWidget()
        self.charts_layout = QHBoxLayout(pace_charts)  # the chosen target's two charts
        self.charts_layout.setContentsMargins(0, 0, 0, 0)
        row.addWidget(pace_charts, 3)
        self.achievement_holder = QWidget()  # every target's achievement
        self.achievement_layout = QVBoxLayout(self.achievement_holder)
        self.achievement_layout.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.achievement_holder, 2)
        self.splitter.addWidget(charts)
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("achievementTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Target"),
                self.tr("Plan"),
                self.tr("Achieved"),
                self.tr("Achievement"),
                self.tr("Expected by today"),
                self.tr("Needed per day"),
                self.tr("Deadline"),
                self.tr("Status"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 8):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([480, 300])  # the charts first; the table scrolls
        layout.addWidget(self.splitter, 1)
        self.legend = QLabel(
            self.tr(
                "Green: on pace (achieved ≥ expected by today). Amber: behind, at %1 % of the "
                "expected figure or more. Red: below %1 % of the expected figure. "
                "Expected by today = target × days elapsed ÷ days of the campaign."
            ).replace("%1", str(AMBER_FROM))
        )
        self.legend.setObjectName("paceLegend")
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("color: #444;")
        layout.addWidget(self.legend)
        self.bar_view: QWidget | None = None
        self.achievement_view: QWidget | None = None
        self.line_view: QWidget | None = None
        self.choice.currentIndexChanged.connect(self._chosen)
        self.table.itemSelectionChanged.connect(self._row_selected)
        ctx.changed.connect(self._on_changed)
        self.reload()

    # -- loading --

    def reload(self) -> None:
        ws = self.ctx.workspace
        self.ctx.run_db(lambda: progress(ws), on_done=self._show)

    def _on_changed(self, changed: Changed) -> None:
        if not changed.kinds or changed.kinds & {"enrollment", "event", "ref.target"}:
            self.reload()

    # -- names --

    def metric_name(self, metric: str) -> str:
        return {
            "voluntary_new": self.tr("voluntary social insurance, new participants"),
            "household_health_new": self.tr("household health insurance, new members"),
            "events": self.tr("outreach events"),
        }.get(metric, metric)

    def row_name(self, row: ProgressRow) -> str:
        what = self.metric_name(row.metric)
        if row.level == "agent":
            return (
                self.tr("Agent %1 (%2) — %3")
                .replace("%1", row.name)
                .replace("%2", row.code)
                .replace("%3", what)
            )
        if row.level == "scheme":
            return self.tr("All communes — %1").replace("%1", what)
        return f"{row.name} — {what}"

    def status_text(self, row: ProgressRow) -> str:
        return {
            "green": self.tr("On pace"),
            "amber": self.tr("Slightly behind"),
            "red": self.tr("Behind"),
        }[row.pace.status]

    # -- showing --

    def _show(self, report: ProgressReport) -> None:
        self.report = report
        chosen = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        for row in report.rows:
            self.choice.addItem(self.row_name(row), row.id)
        index = self.choice.findData(chosen)
        self.choice.setCurrentIndex(index if index >= 0 else 0)
        self.choice.blockSignals(False)
        self._fill_table(report)
        self._draw_achievement(report)
        self._chosen()
        self.loaded.emit()

    def _fill_table(self, report: ProgressReport) -> None:
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(report.rows))
        for r, row in enumerate(report.rows):
            p = row.pace
            needed = (
                format_count(p.needed_per_day)
                if p.needed_per_day is not None
                else self.tr("deadline passed")
            )
            values = [
                self.row_name(row),
                format_count(row.target),
                format_count(row.achieved),
                f"{format_count(p.percent)} %",
                format_count(p.expected),
                needed,
                format_date(row.deadline),
                f"● {self.status_text(row)}",
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if 1 <= col <= 5:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, col, item)
            status = table.item(r, 7)
            status.setForeground(QBrush(QColor(STATUS_COLOURS[p.status])))
            bold = status.font()
            bold.setBold(True)
            status.setFont(bold)
        table.blockSignals(False)

    def current_row(self) -> ProgressRow | None:
        if self.report is None or not self.report.rows:
            return None
        wanted = self.choice.currentData()
        return next((r for r in self.report.rows if r.id == wanted), self.report.rows[0])

    def _row_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.choice.setCurrentIndex(rows[0].row())

    def _chosen(self, *_args: object) -> None:
        row = self.current_row()
        if row is None or self.report is None:
            self.summary.setText(self.tr("No targets received yet: sync to receive them."))
            return
        self.summary.setText(self.summary_html(row, self.report.on))
        self._draw(row, self.report.on)

    def summary_html(self, row: ProgressRow, today: date) -> str:
        p = row.pace
        colour = STATUS_COLOURS[p.status]
        parts = [
            self.tr("Target %1").replace("%1", f"<b>{format_count(row.target)}</b>"),
        ]
        if row.revisions:
            last = [r for r in row.revisions if r.starts <= today]
            if last:
                revised = (
                    self.tr("revised from %1 on %2")
                    .replace("%1", format_count(row.original))
                    .replace("%2", format_date(last[-1].starts))
                )
                note = last[-1].note
                parts.append(f"{revised} ({html.escape(note)})" if note else revised)
        parts += [
            self.tr("achieved %1 (%2 %)")
            .replace("%1", f"<b>{format_count(row.achieved)}</b>")
            .replace("%2", format_count(p.percent)),
            self.tr("expected by today %1").replace("%1", f"<b>{format_count(p.expected)}</b>"),
        ]
        if p.needed_per_day is not None:
            parts.append(
                self.tr("needed per day from now %1 (%2 days left)")
                .replace("%1", f"<b>{format_count(p.needed_per_day)}</b>")
                .replace("%2", format_count(p.days_left))
            )
        else:
            parts.append(self.tr("the deadline has passed"))
        status = f'<b style="color: {colour};">● {self.status_text(row)}</b>'
        return " · ".join(parts) + f" — {status}"

    # -- charts --

    def _draw(self, row: ProgressRow, today: date) -> None:
        # Imported here: QtCharts is heavy and only this screen and Close the day draw one.
        from PySide6.QtCharts import (
            QBarSeries,
            QBarSet,
            QCategoryAxis,
            QChart,
            QChartView,
            QLineSeries,
        )

        last = min(today, row.deadline)
        first = max(row.start, last - timedelta(days=BAR_DAYS - 1))
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        bars = QBarSet(self.tr("Sign-ups"))
        counts = [row.daily.get(d, 0) for d in days]
        bars.append([float(c) for c in counts])
        bars.setColor(QColor("#1565c0"))
        series = QBarSeries()
        series.append(bars)
        bar_chart = QChart()
        bar_chart.addSeries(series)
        bar_chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        title = self.tr("Sign-ups per day, %1 – %2")
        bar_chart.setTitle(
            title.replace("%1", format_date(first)).replace("%2", format_date(last))
            if days
            else title.replace("%1", "").replace("%2", "")
        )
        bar_chart.legend().setVisible(False)
        # Bar i stands at x = i; a date under every few bars (30 labels would be cut to "…").
        axis_x = QCategoryAxis()
        axis_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis_x.setStartValue(-0.5)
        every = max(1, -(-len(days) // 6))
        for i in range(0, len(days), every):
            axis_x.append(format_date(days[i])[:5], float(i))
        axis_x.setRange(-0.5, max(len(days), 1) - 0.5)
        axis_x.setGridLineVisible(False)
        bar_chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = self._count_axis(QCategoryAxis, max(counts, default=0))
        bar_chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)

        # Cumulative against the target and the pace, over the whole campaign (x: day index).
        line_chart = QChart()
        line_chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        line_chart.setTitle(self.tr("Cumulative sign-ups against the target"))
        done = QLineSeries()
        done.setName(self.tr("Achieved"))
        cumulative = row.cumulative(today)
        for i, (_d, n) in enumerate(cumulative):
            done.append(float(i), float(n))
        done.setPen(QPen(QColor("#1565c0"), 3))
        target = QLineSeries()
        target.setName(self.tr("Target"))
        expected = QLineSeries()
        expected.setName(self.tr("Expected (pace)"))
        top = max([1, row.target, row.original, *(n for _d, n in cumulative)])
        for i, (d, n) in enumerate(row.expected_line()):
            target.append(float(i), float(row.target_on(d)))
            expected.append(float(i), float(n))
            top = max(top, row.target_on(d))
        target.setPen(QPen(QColor("#37474f"), 2))
        pen = QPen(QColor("#6d6d6d"), 2)
        pen.setStyle(Qt.PenStyle.DashLine)
        expected.setPen(pen)
        needed = QLineSeries()
        needed.setName(self.tr("Needed from now"))
        if cumulative and row.pace.needed_per_day is not None:
            i_today = len(cumulative) - 1
            i_end = (row.deadline - row.start).days
            needed.append(float(i_today), float(cumulative[-1][1]))
            needed.append(float(i_end), float(max(row.target, cumulative[-1][1])))
        dots = QPen(QColor(STATUS_COLOURS[row.pace.status]), 2)
        dots.setStyle(Qt.PenStyle.DotLine)
        needed.setPen(dots)
        for s in (target, expected, needed, done):
            line_chart.addSeries(s)
        total = (row.deadline - row.start).days
        line_x = QCategoryAxis()
        line_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        line_x.setStartValue(0)
        step = max(-(-total // 4), 1)
        for i in range(0, total + 1, step):
            line_x.append(format_date(row.start + timedelta(days=i))[:5], float(i))
        line_x.setRange(0, float(max(total, 1)))
        line_chart.addAxis(line_x, Qt.AlignmentFlag.AlignBottom)
        line_y = self._count_axis(QCategoryAxis, top)
        line_chart.addAxis(line_y, Qt.AlignmentFlag.AlignLeft)
        for s in (target, expected, needed, done):
            s.attachAxis(line_x)
            s.attachAxis(line_y)
        line_chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        legend_font = line_chart.legend().font()
        legend_font.setPointSizeF(7.5)
        line_chart.legend().setFont(legend_font)
        for axis in (line_x, line_y, axis_y):
            tick_font = axis.labelsFont()
            tick_font.setPointSizeF(7.5)
            axis.setLabelsFont(tick_font)

        views = []
        for name, chart in (("dailyChart", bar_chart), ("cumulativeChart", line_chart)):
            view = QChartView(chart)
            view.setObjectName(name)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(260)
            views.append(view)
        while self.charts_layout.count():
            old = self.charts_layout.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        self.charts_layout.addWidget(views[0], 1)
        self.charts_layout.addWidget(views[1], 1)
        self.bar_view, self.line_view = views
        self.bar_series, self.line_series = (
            series,
            {
                "achieved": done,
                "target": target,
                "expected": expected,
                "needed": needed,
            },
        )

    def short_name(self, row: ProgressRow) -> str:
        what = {
            "voluntary_new": self.tr("voluntary SI"),
            "household_health_new": self.tr("household HI"),
            "events": self.tr("events"),
        }.get(row.metric, row.metric)
        if row.level == "agent":
            where = row.code
        elif row.level == "scheme":
            where = self.tr("All")
        else:
            where = row.name
        return f"{where} · {what}"

    def _draw_achievement(self, report: ProgressReport) -> None:
        """Achievement of every target in percent, one bar each, coloured by its status, the
        percent and the status written in the bar's label (not colour alone)."""
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSet,
            QCategoryAxis,
            QChart,
            QChartView,
            QHorizontalStackedBarSeries,
        )

        rows = list(reversed(report.rows))  # the chart draws its first category at the bottom
        series = QHorizontalStackedBarSeries()
        sets = {}
        for status in ("green", "amber", "red"):
            bar_set = QBarSet(
                {"green": self.tr("On pace"), "amber": self.tr("Slightly behind"),
                 "red": self.tr("Behind")}[status]
            )  # fmt: skip
            bar_set.setColor(QColor(STATUS_COLOURS[status]))
            sets[status] = bar_set
            series.append(bar_set)
        for row in rows:
            for status, bar_set in sets.items():
                bar_set.append(float(row.pace.percent) if row.pace.status == status else 0.0)
        chart = QChart()
        chart.addSeries(series)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setTitle(self.tr("Achievement, percent of the target"))
        axis_y = QBarCategoryAxis()
        axis_y.append([f"{self.short_name(r)}: {format_count(r.pace.percent)} %" for r in rows])
        small = axis_y.labelsFont()
        small.setPointSizeF(7.0)
        axis_y.setLabelsFont(small)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        top = max([100, *(r.pace.percent for r in rows)])
        axis_x = QCategoryAxis()
        axis_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis_x.setStartValue(0)
        step = 50 if top <= 300 else 100
        for tick in range(step, top + step, step):
            axis_x.append(f"{format_count(tick)} %", float(tick))
        axis_x.setRange(0, float(top + step - top % step if top % step else top))
        axis_x.setGridLineVisible(True)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        view = QChartView(chart)
        view.setObjectName("achievementChart")
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(max(260, 60 + 22 * len(rows)))
        while self.achievement_layout.count():
            old = self.achievement_layout.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        self.achievement_layout.addWidget(view)
        self.achievement_view = view
        self.achievement_sets = sets

    @staticmethod
    def _count_axis(axis_type: type, top: int) -> object:
        axis = axis_type()
        axis.setLabelsPosition(axis_type.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setStartValue(0)
        ticks = _ticks(top)
        for tick in ticks:
            axis.append(format_count(tick), float(tick))
        axis.setRange(0, float(ticks[-1]))
        axis.setGridLineVisible(True)
        return axis


class ProgressDialog(QDialog):
    """The progress screen in its own window (opened from the Campaign menu)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressDialog")
        self.setWindowTitle(self.tr("Progress against the targets"))
        self.resize(1320, 800)
        layout = QVBoxLayout(self)
        self.page = ProgressPage(ctx, self)
        layout.addWidget(self.page)
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("closeButton")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
