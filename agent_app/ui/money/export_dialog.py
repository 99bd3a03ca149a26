"""The "Export lists for BHXH" dialog: D05-TS or D03-TS, print or import layout, a date range and
a commune; every row is checked first and what blocks a row is listed with the person's name,
the field and what to do. Nothing is written while a row is blocked, unless the agent ticks
"write the good rows only" (the blocked ones are then left out and counted). The list is saved
as .xlsx in the profile's exports folder (then wherever the agent last chose), on the database
thread with a progress bar."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_app.paths import EXPORTS
from agent_app.services.exports import ExportBlocked, ExportPlan, ExportResult
from agent_app.ui.context import AppContext
from agent_app.ui.widgets.forms import DateEdit
from agent_app.ui.widgets.save_files import remember_folder, save_folder
from sync.lists.bhxh_lists import D03, D05, IMPORT, PRINT

ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #1b5e20;"


class ExportDialog(QDialog):
    """``checked(plan)`` after each check; ``saved(result)`` after a file is written;
    ``failed(exc)`` when writing failed (nothing saved)."""

    checked = Signal(object)
    saved = Signal(object)
    failed = Signal(object)
    _progress = Signal(int, int)  # emitted on the database thread, shown on the GUI thread

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: ExportPlan | None = None
        self.last_saved: Path | None = None
        self._generation = 0
        self._saving = False
        self._target: Path | None = None
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export lists D05-TS / D03-TS"))
        self.setMinimumSize(760, 600)
        layout = QVBoxLayout(self)

        choices = QFormLayout()
        self.form_combo = QComboBox(objectName="formCombo")
        self.form_combo.addItem(self.tr("D05-TS — voluntary social insurance"), D05)
        self.form_combo.addItem(self.tr("D03-TS — household health insurance"), D03)
        choices.addRow(self.tr("List:"), self.form_combo)
        self.layout_combo = QComboBox(objectName="layoutCombo")
        self.layout_combo.addItem(self.tr("Print layout (Decision 490/QĐ-BHXH)"), PRINT)
        self.layout_combo.addItem(self.tr("Import layout of the collection software"), IMPORT)
        choices.addRow(self.tr("Layout:"), self.layout_combo)
        today = ctx.workspace.current_day()
        self.from_edit = DateEdit(initial=today.replace(day=1))
        self.from_edit.setObjectName("fromEdit")
        self.to_edit = DateEdit(initial=today)
        self.to_edit.setObjectName("toEdit")
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        choices.addRow(self.tr("Paid from:"), dates)
        self.commune_combo = QComboBox(objectName="communeCombo")
        self.commune_combo.addItem(self.tr("All my communes"), None)
        ws = ctx.workspace
        for code in ws.store.profile.communes:
            self.commune_combo.addItem(f"{ws.commune_name(code)} ({code})", code)
        choices.addRow(self.tr("Commune:"), self.commune_combo)
        layout.addLayout(choices)

        org = QGroupBox(self.tr("Collection organisation (header of the printed list)"))
        org_form = QFormLayout(org)
        self.org_edits: dict[str, QLineEdit] = {}
        for key, text in (
            ("name", self.tr("Name:")),
            ("code", self.tr("Code:")),
            ("tax_code", self.tr("Tax code:")),
            ("address", self.tr("Address:")),
        ):
            edit = QLineEdit(objectName=f"org_{key}")
            edit.setPlaceholderText(self.tr("not known: left blank on the list"))
            org_form.addRow(text, edit)
            self.org_edits[key] = edit
        layout.addWidget(org)

        self.summary = QLabel(self.tr("Checking…"), objectName="exportSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems_model = QStandardItemModel(0, 3, self)
        self.problems_model.setHorizontalHeaderLabels(
            [self.tr("Person"), self.tr("Field"), self.tr("Problem and what to do")]
        )
        self.problems_view = QTableView(objectName="problemsView")
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.problems_view.setWordWrap(True)
        self.problems_view.verticalHeader().hide()
        header = self.problems_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.problems_view, 1)
        self.good_only = QCheckBox(
            self.tr("Write the good rows only (the blocked rows are left out of the file)"),
            objectName="goodOnlyCheck",
        )
        self.good_only.setEnabled(False)
        layout.addWidget(self.good_only)
        self.progress = QProgressBar(objectName="exportProgress")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel(objectName="exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("&Save…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setObjectName("saveButton")
        self.save_button.setEnabled(False)
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("closeButton")
        self.save_button.clicked.connect(self.choose_file)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        self._progress.connect(self._show_progress)
        self.good_only.toggled.connect(lambda _on: self._update_save())
        for combo in (self.form_combo, self.commune_combo):
            combo.currentIndexChanged.connect(lambda _i: self.check())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.check())
        ctx.run_db(ws.exports.organisation, on_done=self._show_organisation)
        self.check()

    # -- choices ---------------------------------------------------------------------------

    def form(self) -> str:
        return str(self.form_combo.currentData())

    def layout_choice(self) -> str:
        return str(self.layout_combo.currentData())

    def commune(self) -> str | None:
        code = self.commune_combo.currentData()
        return str(code) if code else None

    def dates(self) -> tuple[date, date]:
        return self.from_edit.value(), self.to_edit.value()

    def organisation(self) -> dict[str, str]:
        return {k: e.text().strip() for k, e in self.org_edits.items()}

    def _show_organisation(self, values: dict[str, str]) -> None:
        for key, edit in self.org_edits.items():
            if not edit.text():
                edit.setText(values.get(key, ""))

    # -- check -----------------------------------------------------------------------------

    def check(self) -> None:
        """Check the rows of the current choices (on the database thread)."""
        self._generation += 1
        generation = self._generation
        date_from, date_to = self.dates()
        self.save_button.setEnabled(False)
        if date_from > date_to:
            self.plan = None
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText(self.tr("The first day is after the last day."))
            self.problems_model.removeRows(0, self.problems_model.rowCount())
            return
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Checking…"))
        self.ctx.run_db(
            self.ctx.workspace.exports.plan,
            self.form(),
            date_from,
            date_to,
            self.commune(),
            on_done=lambda plan: self._show_plan(plan, generation),
        )

    def _show_plan(self, plan: ExportPlan, generation: int) -> None:
        if generation != self._generation:
            return  # the choices changed since; a newer check is on its way
        self.plan = plan
        lang = self.ctx.lang
        self.problems_model.removeRows(0, self.problems_model.rowCount())
        for problem in plan.problems:
            cells = [
                QStandardItem(problem.person_name),
                QStandardItem(problem.field_name(lang)),
                QStandardItem(problem.message(lang)),
            ]
            for cell in cells:
                cell.setToolTip(problem.message(lang))
            self.problems_model.appendRow(cells)
        metrics = self.problems_view.fontMetrics()
        for column in (0, 1):
            texts = [self.problems_model.headerData(column, Qt.Orientation.Horizontal)]
            texts += [self.problems_model.item(r, column).text() for r in range(len(plan.problems))]
            widest = max(metrics.horizontalAdvance(str(t)) for t in texts)
            self.problems_view.setColumnWidth(column, min(widest + 24, 260))
        self.problems_view.resizeRowsToContents()
        ready = len(plan.rows)
        if plan.problems:
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText(
                self.tr(
                    "Rows ready: %1. Rows blocked by the problems below: %2. Correct them, "
                    "or tick the box at the bottom to write the good rows only."
                )
                .replace("%1", str(ready))
                .replace("%2", str(plan.blocked_rows))
            )
        elif ready:
            self.summary.setStyleSheet(OK_STYLE)
            self.summary.setText(
                self.tr("Rows ready: %1. Nothing blocks the list.").replace("%1", str(ready))
            )
        else:
            self.summary.setStyleSheet("")
            self.summary.setText(self.tr("No payment of this scheme in these days and communes."))
        self.good_only.setEnabled(bool(plan.problems) and ready > 0)
        if not plan.problems:
            self.good_only.setChecked(False)
        self._update_save()
        self.checked.emit(plan)

    def _update_save(self) -> None:
        plan = self.plan
        can = (
            plan is not None
            and not self._saving
            and bool(plan.rows)
            and (not plan.problems or self.good_only.isChecked())
        )
        self.save_button.setEnabled(can)

    # -- save ------------------------------------------------------------------------------

    def default_path(self) -> Path:
        folder = save_folder(self.ctx, EXPORTS)
        name = self.plan.default_name(self.layout_choice()) if self.plan else "list.xlsx"
        return folder / name

    def choose_file(self) -> QFileDialog | None:
        """Offer to save the list (opens a file dialog; saving starts once a file is chosen)."""
        if self.plan is None:
            return None
        target = self.default_path()
        dialog = QFileDialog(
            self, self.tr("Save the list"), str(target.parent), self.tr("Excel workbook (*.xlsx)")
        )
        dialog.setObjectName("xlsxFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.selectFile(str(target))
        dialog.fileSelected.connect(lambda chosen: self.save_to(Path(chosen)) if chosen else None)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def save_to(self, path: Path) -> None:
        """Check again and write the list to ``path`` on the database thread."""
        self._saving = True
        self._target = path
        self._update_save()
        self.progress.setValue(0)
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saving…"))
        date_from, date_to = self.dates()
        args: tuple[Any, ...] = (
            self.form(),
            date_from,
            date_to,
            path,
            self.layout_choice(),
            self.commune(),
            self.organisation(),
            self.good_only.isChecked(),
        )
        self.ctx.run_db(self._write, *args, on_done=self._written, on_error=self._write_failed)

    def _write(
        self,
        form: str,
        date_from: date,
        date_to: date,
        path: Path,
        layout: str,
        commune: str | None,
        organisation: dict[str, str],
        good_only: bool,
    ) -> ExportResult:
        """Database thread: keep the organisation, check the rows again, write the file."""
        exports = self.ctx.workspace.exports
        exports.set_organisation(organisation)
        return exports.export(
            form,
            date_from,
            date_to,
            path,
            layout,
            commune,
            good_rows_only=good_only,
            progress=self._progress.emit,
        )

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _written(self, result: ExportResult) -> None:
        self._saving = False
        self.progress.hide()
        self.last_saved = result.path
        remember_folder(self.ctx, EXPORTS, result.path)
        self.status.setStyleSheet(OK_STYLE)
        text = self.tr("Saved to %2 (rows: %1).").replace("%1", str(result.written))
        text = text.replace("%2", str(result.path))
        if result.left_out:
            text += " " + self.tr("Blocked rows left out: %1.").replace("%1", str(result.left_out))
        self.status.setText(text)
        self._update_save()
        self.saved.emit(result)

    def _write_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.progress.hide()
        self.status.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, ExportBlocked):
            self.status.setText(
                self.tr("Not saved: some rows became blocked since the check; see the list.")
            )
            self.check()
        elif isinstance(exc, OSError):
            self.status.setText(
                self.tr(
                    "Not saved: %1 could not be written (%2). If the file is open in a "
                    "spreadsheet program, close it and save again, or choose another name."
                )
                .replace("%1", str(self._target))
                .replace("%2", exc.strerror or str(exc))
            )
        else:
            self.status.setText(self.ctx.error_text(exc))
        self._update_save()
        self.failed.emit(exc)


def open_export_dialog(ctx: AppContext, parent: QWidget | None) -> ExportDialog:
    """Open (not exec) the export dialog, deleted when closed."""
    dialog = ExportDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
