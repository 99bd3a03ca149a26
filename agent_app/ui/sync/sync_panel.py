"""Sync in the status bar and at day's end: the online dot, pending count, last sync time,
"Sync now" with progress, automatic sync once the server is reachable again, and the Close-the-day
dialog with its reconciliation report (printable, with a bar chart per scheme).

The sync runs on the network pool (the sync service uses its own database connection); progress
comes back to the GUI thread through a queued signal. Nothing here waits on the network.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_app.paths import REPORTS
from agent_app.services import Changed, DayReport, Mismatch
from agent_app.services.cash import CashCount
from agent_app.services.sync_service import SyncService
from agent_app.ui.context import AppContext
from agent_app.ui.i18n import vocab_text
from agent_app.ui.money.cash_count import NoteCounter, print_remittance_pdf
from agent_app.ui.money.report_pdf import (
    counted_text,
    day_report_html,
    mismatch_text,
    print_day_report_pdf,
    scheme_totals,
)
from agent_app.ui.widgets.forms import MoneyEdit
from agent_app.ui.widgets.save_files import (
    ask_pdf_path,
    remember_folder,
    save_folder,
    write_failed_text,
)
from sync.client import SyncProgress, SyncReport
from sync.domain.messages import format_vnd
from sync.domain.vocab import KINDS
from sync.protocol import UPGRADE_REQUIRED

# What a sync may have touched: every kind (pulls bring anything in the agent's scope).
SYNCED = Changed(frozenset(KINDS))
POLL_MS = 30_000  # how often to look for the server while offline
ONLINE_COLOUR = "#2e7d32"
OFFLINE_COLOUR = "#9e9e9e"
BUSY_COLOUR = "#f9a825"


def money_ticks(top: int, most: int = 5) -> tuple[int, list[int]]:
    """Round amounts for a value axis up to just above ``top`` đồng: a step of 1, 2 or 5 × a
    power of ten, at most ``most`` ticks (0 not included)."""
    top = max(top, 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor * most >= top * 1.1:
                size = step * factor
                count = -(-int(top * 1.1) // size)  # ceiling
                return size, [size * i for i in range(1, max(count, 1) + 1)]
        step *= 10


class _ProgressRelay(QObject):
    """Carries progress from the network thread to the GUI thread (a queued signal)."""

    progress = Signal(object)


def _local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%H:%M %d/%m/%Y")


class SyncStatusWidget(QWidget):
    """Sync state for the status bar. ``ctx.sync_service`` None: says so and offers nothing."""

    online_changed = Signal(bool)
    sync_started = Signal()
    sync_finished = Signal(object)  # the SyncReport, or the exception that stopped it
    counts_refreshed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.online: bool | None = None
        self.syncing = False
        self.pending: int | None = None
        self.last_report: SyncReport | None = None
        self._checking = False
        self.setObjectName("syncStatus")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.dot = QLabel("●")
        self.dot.setObjectName("syncDot")
        self.state_label = QLabel()
        self.state_label.setObjectName("syncState")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingLabel")
        self.last_label = QLabel()
        self.last_label.setObjectName("lastSyncLabel")
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(140)
        self.progress.setVisible(False)
        self.result_label = QLabel()
        self.result_label.setObjectName("syncResult")
        self.skew_label = QLabel()
        self.skew_label.setObjectName("skewWarning")
        self.skew_label.setStyleSheet("color: #b3261e;")
        self.skew_label.setVisible(False)
        self.sync_button = QPushButton(self.tr("Sync &now"))
        self.sync_button.setObjectName("syncNowButton")
        for widget in (
            self.dot,
            self.state_label,
            self.pending_label,
            self.last_label,
            self.progress,
            self.result_label,
            self.skew_label,
            self.sync_button,
        ):
            layout.addWidget(widget)
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._on_progress)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check_online)
        # Automatic sync (the Settings dialog): on coming back online, and every
        # ``auto_timer`` interval while online (0: only on coming back).
        self.auto_sync = True
        self.auto_timer = QTimer(self)
        self.auto_timer.timeout.connect(self.sync_now)
        self.sync_button.clicked.connect(self.sync_now)
        ctx.changed.connect(self._on_changed)
        ctx.sync_service_changed.connect(self.attach)
        self.attach()

    @property
    def service(self) -> SyncService | None:
        return self.ctx.sync_service

    def set_auto_sync(self, enabled: bool, minutes: int = 0) -> None:
        """Sync by itself on coming back online (and every ``minutes`` while online), or not."""
        self.auto_sync = enabled
        self.auto_timer.setInterval(max(minutes, 0) * 60_000)
        self._update_auto_timer()

    def _update_auto_timer(self) -> None:
        if self.auto_sync and self.online and self.auto_timer.interval() > 0:
            if not self.auto_timer.isActive():
                self.auto_timer.start()
        else:
            self.auto_timer.stop()

    def attach(self) -> None:
        """Show the state of ``ctx.sync_service``; call again once a server is connected."""
        connected = self.service is not None
        for widget in (self.pending_label, self.last_label, self.sync_button):
            widget.setVisible(connected)
        if not connected:
            self._set_dot(OFFLINE_COLOUR)
            self.state_label.setText(self.tr("Not connected to a server"))
            return
        self._set_online(None)
        self.refresh_counts()
        self.check_online()

    def _on_changed(self, _changed: Changed) -> None:
        if self.service is not None:
            self.refresh_counts()

    # -- state --

    def _set_dot(self, colour: str) -> None:
        self.dot.setStyleSheet(f"color: {colour}; font-size: 14pt;")

    def _set_online(self, online: bool | None) -> None:
        changed = online != self.online
        self.online = online
        if self.syncing:
            self._set_dot(BUSY_COLOUR)
        else:
            self._set_dot(ONLINE_COLOUR if online else OFFLINE_COLOUR)
        if online is None:
            self.state_label.setText(self.tr("Checking…"))
        else:
            self.state_label.setText(self.tr("Online") if online else self.tr("Offline"))
        # Look for the server every 30 s while offline; stop once it answers.
        if online:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()
        self._update_auto_timer()
        if changed and online is not None:
            self.online_changed.emit(online)

    def refresh_counts(self) -> None:
        ws = self.ctx.workspace
        self.ctx.run_db(
            lambda: (ws.pending_count(), ws.last_sync()),
            on_done=self._counts,
            on_error=lambda _e: None,  # a count is a hint; the next refresh will try again
        )

    def _counts(self, values: tuple[int, datetime | None]) -> None:
        pending, last = values
        self.pending = pending
        self.pending_label.setText(self.tr("%1 to send").replace("%1", str(pending)))
        self.last_label.setText(
            self.tr("Last sync %1").replace("%1", _local_time(last))
            if last
            else self.tr("Never synced")
        )
        self.counts_refreshed.emit(pending)

    # -- online check --

    def check_online(self) -> None:
        if self.service is None or self._checking or self.syncing:
            return
        self._checking = True
        self.ctx.run_net(
            self.service.check_online, on_done=self._checked, on_error=self._check_failed
        )

    def _checked(self, online: object) -> None:
        self._checking = False
        was_offline = self.online is False
        self._set_online(bool(online))
        # Back online after being offline: send what piled up without being asked.
        if online and was_offline and self.auto_sync:
            self.sync_now()

    def _check_failed(self, _exc: BaseException) -> None:
        self._checking = False
        self._set_online(False)

    # -- syncing --

    def sync_now(self) -> None:
        if self.service is None or self.syncing:
            return
        self.syncing = True
        self.sync_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first progress tells the size
        self.progress.setVisible(True)
        self.result_label.setText(self.tr("Syncing…"))
        self._set_dot(BUSY_COLOUR)
        self.sync_started.emit()
        service = self.service
        relay = self._relay
        # A sync may change any kind of record: screens hear it from the runner.
        self.ctx.mutate(
            lambda: service.sync(relay.progress.emit),
            changes=SYNCED,
            network=True,
            on_done=self._synced,
            on_error=self._sync_failed,
        )

    def _on_progress(self, progress: SyncProgress) -> None:
        total, done, phase = progress.total, progress.done, progress.phase
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)
        names = {"push": self.tr("Sending"), "pull": self.tr("Receiving")}
        if phase in names:
            self.progress.setFormat(f"{names[phase]} %v/%m")

    def _synced(self, report: SyncReport) -> None:
        self.syncing = False
        self.last_report = report
        self.progress.setVisible(False)
        self.sync_button.setEnabled(True)
        self.result_label.setText(self.report_text(report))
        skew = report.skew_seconds
        if report.clock_warning and skew is not None:
            self.skew_label.setText(
                self.tr("This laptop's clock is %1 minutes off the server's; check it.").replace(
                    "%1", str(round(abs(skew) / 60))
                )
            )
            self.skew_label.setVisible(True)
        else:
            self.skew_label.setVisible(False)
        self._set_online(not report.offline)
        self.refresh_counts()
        self.sync_finished.emit(report)

    def _sync_failed(self, exc: BaseException) -> None:
        self.syncing = False
        self.progress.setVisible(False)
        self.sync_button.setEnabled(True)
        self.result_label.setText(self.ctx.error_text(exc))
        self._set_online(self.online)
        self.refresh_counts()
        self.sync_finished.emit(exc)

    def report_text(self, report: SyncReport) -> str:
        """A short sentence: "Đã gửi 120, 2 cần xử lý", or why the sync stopped."""
        if report.offline:
            return self.tr("Server unreachable; everything is kept and will be sent later.")
        if report.error_code == UPGRADE_REQUIRED:
            return self.tr(
                "This app is too old for the server: install the new version before syncing. "
                "Nothing unsent is lost; it stays on this laptop."
            )
        if report.error:
            return self.tr("Sync stopped: %1").replace("%1", report.error)
        return (
            self.tr("Sent %1, %2 need attention")
            .replace("%1", str(report.pushed_total))
            .replace("%2", str(report.attention))
        )


class CloseDayDialog(QDialog):
    """Sync, then the day's reconciliation: receipts and cash, what is pending or rejected,
    every record that does not match (each with a button that opens it), and the cash counted
    against the receipts (over / short, as a till does).

    Closing it while the sync runs loses nothing: the sync carries on in the background and
    everything it settles is already stored. ``open_household(id)`` asks the main window to
    show a household (the dialog closes).
    """

    report_ready = Signal(object)
    open_household = Signal(str)
    open_after_save = True  # show the saved PDF in the system's viewer

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: DayReport | None = None
        self.sync_report: SyncReport | None = None
        self.last_pdf: Path | None = None
        self._closed = False
        self.setObjectName("closeDayDialog")
        self.setWindowTitle(self.tr("Close the day"))
        self.setMinimumSize(820, 620)
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("closeDayStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setObjectName("closeDayProgress")
        layout.addWidget(self.progress)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.view = QTextBrowser()
        self.view.setObjectName("dayReportView")
        self.splitter.addWidget(self.view)
        self.mismatch_box = QGroupBox(self.tr("Records to check"))
        self.mismatch_box.setObjectName("mismatchBox")
        self.mismatch_box.setStyleSheet("QGroupBox { color: #b3261e; font-weight: bold; }")
        box_layout = QVBoxLayout(self.mismatch_box)
        self.mismatch_table = QTableWidget(0, 2)
        self.mismatch_table.setObjectName("mismatchTable")
        self.mismatch_table.setStyleSheet("color: #111; font-weight: normal;")
        self.mismatch_table.horizontalHeader().setVisible(False)
        self.mismatch_table.verticalHeader().setVisible(False)
        self.mismatch_table.setWordWrap(True)
        self.mismatch_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.mismatch_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        box_layout.addWidget(self.mismatch_table)
        self.mismatch_box.setVisible(False)
        self.splitter.addWidget(self.mismatch_box)
        self.mismatch_buttons: list[QPushButton] = []
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.splitter.addWidget(self.chart_holder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 2)
        layout.addWidget(self.splitter, 1)
        till = QHBoxLayout()
        self.counted_label = QLabel(self.tr("Cash &counted:"))
        self.counted = MoneyEdit()
        self.counted.setObjectName("countedCash")
        self.counted.setPlaceholderText(self.tr("count the cash, e.g. 6.602.280"))
        self.counted.setEnabled(False)
        self.counted_label.setBuddy(self.counted)
        self.over_short = QLabel()
        self.over_short.setObjectName("overShort")
        self.over_short.setStyleSheet("font-size: 12pt; font-weight: bold;")
        till.addWidget(self.counted_label)
        till.addWidget(self.counted)
        till.addWidget(self.over_short, 1)
        layout.addLayout(till)
        self.counted.value_changed.connect(self._show_counted)
        self.notes = NoteCounter()
        self.notes.setEnabled(False)
        self.notes.counted.connect(self._notes_counted)
        layout.addWidget(self.notes)
        buttons = QDialogButtonBox()
        self.pdf_button = buttons.addButton(
            self.tr("&Print to PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pdf_button.setObjectName("pdfButton")
        self.pdf_button.setEnabled(False)
        self.slip_button = buttons.addButton(
            self.tr("Print the &remittance slip…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.slip_button.setObjectName("slipButton")
        self.slip_button.setEnabled(False)
        self.slip_button.clicked.connect(self.choose_slip)
        self.last_slip: Path | None = None
        self.close_button = buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("closeButton")
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._on_progress)
        self.finished.connect(self._mark_closed)
        self.start()

    def _mark_closed(self, _result: int) -> None:
        self._closed = True

    def start(self) -> None:
        service = self.ctx.sync_service
        if service is None:
            self.progress.setVisible(False)
            self.status.setText(
                self.tr("Not connected to a server: the report covers this laptop only.")
            )
            self._load_report()
            return
        self.status.setText(self.tr("Sending today's records…"))
        self.progress.setRange(0, 0)
        relay = self._relay
        self.ctx.mutate(
            lambda: service.sync(relay.progress.emit),
            changes=SYNCED,
            network=True,
            on_done=self._synced,
            on_error=self._sync_failed,
        )

    def _on_progress(self, progress: SyncProgress) -> None:
        if self._closed:
            return
        if progress.total > 0:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(min(progress.done, progress.total))

    def _synced(self, report: SyncReport) -> None:
        self.sync_report = report
        if self._closed:
            return
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if report.offline:
            self.status.setText(
                self.tr("The server is unreachable: the report shows what is still to send.")
            )
        else:
            self.status.setText(
                self.tr("Sync finished: sent %1, %2 need attention.")
                .replace("%1", str(report.pushed_total))
                .replace("%2", str(report.attention))
            )
        self._load_report()

    def _sync_failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self.progress.setVisible(False)
        self.status.setText(self.ctx.error_text(exc))
        self._load_report()

    def _load_report(self) -> None:
        self.ctx.run_db(self.ctx.workspace.today.day_report, on_done=self._show_report)

    def _show_report(self, report: DayReport) -> None:
        if self._closed:
            return
        self.report = report
        counted = self.counted.value()
        page = day_report_html(report, agent=self._agent(), counted=counted)
        self.view.setHtml(page)
        self._show_mismatches(report.mismatches)
        self._show_chart()
        self.counted.setEnabled(True)
        self.notes.set_expected(report.cash_total)
        self.notes.setEnabled(True)
        self.slip_button.setEnabled(True)
        self._show_counted()
        self.pdf_button.setEnabled(True)
        self.pdf_button.setDefault(True)
        self.report_ready.emit(report)

    # -- what does not match --

    def _show_mismatches(self, items: tuple[Mismatch, ...]) -> None:
        table = self.mismatch_table
        table.setRowCount(len(items))
        self.mismatch_buttons = []
        self.mismatch_box.setTitle(
            self.tr("Records to check (%1): the day balances once each is settled").replace(
                "%1", str(len(items))
            )
        )
        for row, item in enumerate(items):
            cell = QTableWidgetItem(mismatch_text(item))
            cell.setToolTip(cell.text())
            table.setItem(row, 0, cell)
            actions = QWidget()
            actions_layout = QHBoxLayout(actions)
            actions_layout.setContentsMargins(2, 2, 2, 2)
            if item.enrollment_id is not None:
                text = (
                    self.tr("Issue receipt…")
                    if item.code == "no_receipt"
                    else self.tr("Open receipt…")
                )
                button = QPushButton(text)
                button.setObjectName(f"mismatchReceipt{row}")
                button.setAutoDefault(False)
                button.clicked.connect(lambda _c=False, m=item: self.open_receipt(m))
                actions_layout.addWidget(button)
                self.mismatch_buttons.append(button)
            if item.household_id is not None:
                button = QPushButton(self.tr("Open household"))
                button.setObjectName(f"mismatchHousehold{row}")
                button.setAutoDefault(False)
                button.clicked.connect(lambda _c=False, m=item: self._open_household(m))
                actions_layout.addWidget(button)
                self.mismatch_buttons.append(button)
            table.setCellWidget(row, 1, actions)
        table.resizeColumnToContents(1)
        table.resizeRowsToContents()
        # As tall as its rows (up to about five), so the report keeps the room.
        rows = sum(table.rowHeight(r) for r in range(min(len(items), 5)))
        table.setFixedHeight(rows + 2 * table.frameWidth() + 4)
        self.mismatch_box.setVisible(bool(items))

    def open_receipt(self, item: Mismatch) -> QDialog | None:
        """The receipt of the mismatched enrollment (issued there when it has none); the
        report is drawn again once the receipt is known."""
        if item.enrollment_id is None:
            return None
        from agent_app.ui.money.receipt import open_receipt

        self.receipt_dialog = open_receipt(self.ctx, item.enrollment_id, self)
        self.receipt_dialog.issued.connect(lambda _info: self._reload())
        return self.receipt_dialog

    def _open_household(self, item: Mismatch) -> None:
        if item.household_id is not None:
            self.open_household.emit(item.household_id)
            self.accept()

    def _reload(self) -> None:
        if not self._closed:
            self._load_report()

    # -- the till --

    def _show_counted(self, *_args: object) -> None:
        counted = self.counted.value()
        if self.report is None or counted is None:
            self.over_short.setText(
                self.tr("Count the cash and type the amount: the app shows over or short.")
                if self.report is not None
                else ""
            )
            self.over_short.setStyleSheet("font-size: 10pt; color: #555;")
            return
        said, difference = counted_text(self.report, counted)
        expected = format_vnd(self.report.cash_total)
        self.over_short.setText(
            self.tr("%1 (receipts: %2)").replace("%1", said).replace("%2", expected)
        )
        colour = "#1b5e20" if difference == 0 else "#b3261e"
        self.over_short.setStyleSheet(f"font-size: 12pt; font-weight: bold; color: {colour};")
        self.view.setHtml(day_report_html(self.report, agent=self._agent(), counted=counted))

    def _notes_counted(self, count: CashCount) -> None:
        # Counting by note fills the amount counted; the over / short follows from it.
        if self.notes.touched() or self.counted.value() is not None:
            self.counted.set_value(count.total)

    def choose_slip(self) -> QFileDialog | None:
        """Offer to save the remittance slip (the notes counted, the total, over / short)."""
        if self.report is None:
            return None
        self.slip_dialog = ask_pdf_path(
            self,
            self.tr("Save the remittance slip as PDF"),
            save_folder(self.ctx, REPORTS),
            f"bang-ke-nop-tien-{self.report.on.isoformat()}.pdf",
            self._slip_chosen,
        )
        return self.slip_dialog

    def _slip_chosen(self, path: Path) -> None:
        written = self.save_slip(path)
        if written is not None:
            remember_folder(self.ctx, REPORTS, written)
            if self.open_after_save:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))

    def save_slip(self, path: Path) -> Path | None:
        """Write the remittance slip to ``path``; None, with the reason shown, on failure."""
        if self.report is None:
            raise RuntimeError("the report is not ready yet")
        try:
            written = print_remittance_pdf(
                self.report, self.notes.count(), path, agent=self._agent()
            )
        except OSError as exc:
            self.status.setText(write_failed_text(path, exc))
            self.status.setStyleSheet("color: #b3261e;")
            return None
        self.last_slip = written
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saved to %1").replace("%1", str(written)))
        return written

    def _agent(self) -> tuple[str, str]:
        profile = self.ctx.workspace.store.profile
        return profile.agent_name, profile.agent_code

    def _show_chart(self) -> None:
        # Imported here, not at the top: QtCharts is heavy and only this dialog draws one.
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSeries,
            QBarSet,
            QCategoryAxis,
            QChart,
            QChartView,
        )

        if self.report is None:
            return
        totals = scheme_totals(self.report)
        if not totals:
            self.chart_holder.setVisible(False)
            return
        names = sorted(totals)
        # Whole đồng everywhere, written the Vietnamese way ("5.465.000 ₫"): Qt's number
        # formats have no thousands dots, and "5.465" (millions) reads as five thousand. So
        # the bars carry no number of their own; the exact amount is under each bar and the
        # value axis is labelled by hand at round amounts.
        bars = QBarSet(self.tr("Collected"))
        bars.append([float(totals[n]) for n in names])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(False)
        chart = QChart()
        chart.addSeries(series)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setTitle(self.tr("Collected per scheme (đồng)"))
        chart.legend().setVisible(False)
        axis_x = QBarCategoryAxis()
        axis_x.append([f"{vocab_text(n)}<br>{format_vnd(totals[n])}" for n in names])
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QCategoryAxis()
        axis_y.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        _step, ticks = money_ticks(max(totals.values()))
        axis_y.setStartValue(0)
        for tick in ticks:
            axis_y.append(format_vnd(tick), float(tick))
        axis_y.setRange(0, float(ticks[-1]))
        axis_y.setGridLineVisible(True)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        view = QChartView(chart)
        view.setObjectName("schemeChart")
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(220)
        while self.chart_layout.count():
            old = self.chart_layout.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        self.chart_layout.addWidget(view)
        self.chart_view = view

    def choose_pdf(self) -> QFileDialog | None:
        """Offer to save the report: in the profile's reports folder the first time, then in
        the folder last chosen (the dialog opens; saving happens once a file is chosen)."""
        if self.report is None:
            return None
        self.file_dialog = ask_pdf_path(
            self,
            self.tr("Save the report as PDF"),
            save_folder(self.ctx, REPORTS),
            f"chot-so-{self.report.on.isoformat()}.pdf",
            self._pdf_chosen,
        )
        return self.file_dialog

    def _pdf_chosen(self, path: Path) -> None:
        written = self.save_pdf(path)
        if written is not None:
            remember_folder(self.ctx, REPORTS, written)
            if self.open_after_save:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))

    def save_pdf(self, path: Path) -> Path | None:
        """Write the report to ``path``; None, with the reason shown, when it could not be
        written (e.g. the file is held open by a viewer)."""
        if self.report is None:
            raise RuntimeError("the report is not ready yet")
        try:
            written = print_day_report_pdf(
                self.report, path, agent=self._agent(), counted=self.counted.value()
            )
        except OSError as exc:
            self.status.setText(write_failed_text(path, exc))
            self.status.setStyleSheet("color: #b3261e;")
            return None
        self.last_pdf = written
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saved to %1").replace("%1", str(written)))
        return written
