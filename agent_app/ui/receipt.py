"""The receipt dialog: issues the numbered receipt for an enrollment (or shows the one already
issued), previews it exactly as printed, saves it as a PDF (in the profile's receipts folder
the first time, then wherever the agent last chose) and prints it where a printer exists."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_app.paths import RECEIPTS
from agent_app.services import Changed, ReceiptInfo
from agent_app.ui.context import AppContext
from agent_app.ui.report_pdf import print_html, print_receipt_pdf, receipt_html
from agent_app.ui.save_files import (
    ask_pdf_path,
    has_printer,
    remember_folder,
    save_folder,
    write_failed_text,
)
from sync.domain.errors import ValidationFailed
from sync.domain.messages import format_date

ERROR_STYLE = "color: #b3261e;"


def default_receipt_dir(ctx: AppContext) -> Path:
    """Where the next receipt PDF is offered: the folder last chosen, else the profile's
    ``receipts`` folder (created)."""
    return save_folder(ctx, RECEIPTS)


class ReceiptDialog(QDialog):
    """Issue (or show) the receipt of ``enrollment_id`` and print it to PDF.

    ``issued(info)`` once the receipt is known; ``pdf_saved(path)`` after each PDF.
    """

    issued = Signal(object)
    pdf_saved = Signal(object)
    pdf_failed = Signal(object)  # the OSError: nothing was saved
    failed = Signal(object)
    printed = Signal()
    open_after_save = True  # show the saved PDF in the system's viewer

    def __init__(self, ctx: AppContext, enrollment_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrollment_id = enrollment_id
        self.info: ReceiptInfo | None = None
        self.payer_cccd: str | None = None
        self.last_pdf: Path | None = None
        self._newly_issued = False  # set on the database thread when this dialog issued it
        self.setObjectName("receiptDialog")
        self.setWindowTitle(self.tr("Receipt"))
        self.setMinimumSize(560, 640)
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Loading…"))
        self.status.setObjectName("receiptStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.preview = QTextBrowser()
        self.preview.setObjectName("receiptPreview")
        layout.addWidget(self.preview, 1)
        self.buttons = QDialogButtonBox()
        self.pdf_button = self.buttons.addButton(
            self.tr("Save as P&DF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pdf_button.setObjectName("pdfButton")
        self.pdf_button.setEnabled(False)
        self.pdf_button.setDefault(True)
        self.print_button = self.buttons.addButton(
            self.tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setObjectName("printButton")
        self.print_button.setEnabled(False)
        self.printer_available = has_printer()
        self.print_button.setToolTip(
            self.tr("Print the receipt on paper")
            if self.printer_available
            else self.tr("No printer is installed on this computer: save the PDF and print it.")
        )
        self.print_button.clicked.connect(self.choose_printer)
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("closeButton")
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        ctx.run_db(self._issue, on_done=self._show, on_error=self._failed)

    def _issue(self) -> tuple[ReceiptInfo, str | None]:
        """Database thread: issue the receipt (or find the one issued before) and the payer's
        CCCD, which the printed paper shows."""
        ws = self.ctx.workspace
        try:
            info = ws.issue_receipt(self.enrollment_id)
            self._newly_issued = True
        except ValidationFailed as exc:
            if [e.code for e in exc.errors] != ["already_receipted"]:
                raise
            info = self._existing_receipt()
        person_id = info.details.get("person_id")
        if isinstance(person_id, str):
            return info, ws.member(person_id).cccd
        if info.household_id is not None:
            for member in ws.household(info.household_id).members:
                if member.full_name == info.payer_name:
                    return info, member.cccd
        return info, None  # the receipt is valid without it; the paper leaves the line blank

    def _existing_receipt(self) -> ReceiptInfo:
        """The receipt already issued for this enrollment (its child in the record table)."""
        ws = self.ctx.workspace
        found = ws.records.of_kind("receipt", parent_id=self.enrollment_id)
        return ws.receipt(found[0].id)

    def _show(self, result: tuple[ReceiptInfo, str | None]) -> None:
        info, self.payer_cccd = result
        self.info = info
        self.status.setText(
            self.tr("Receipt %1 of %2.")
            .replace("%1", info.number)
            .replace("%2", format_date(info.issued_on))
        )
        self.preview.setHtml(receipt_html(info, self.ctx.lang, payer_cccd=self.payer_cccd))
        self.pdf_button.setEnabled(True)
        self.print_button.setEnabled(self.printer_available)
        self.pdf_button.setFocus()
        if self._newly_issued:
            # Today, the household's timeline and Close the day count it from now on.
            ids = tuple(i for i in (info.id, info.enrollment_id, info.household_id) if i)
            self.ctx.notify(Changed(frozenset({"receipt"}), ids))
        self.issued.emit(info)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.ctx.error_text(exc))
        self.status.setStyleSheet("color: #b3261e;")
        self.failed.emit(exc)

    def choose_pdf(self) -> QFileDialog | None:
        """Offer to save the PDF (the dialog opens; saving happens once a file is chosen)."""
        if self.info is None:
            return None
        self.file_dialog = ask_pdf_path(
            self,
            self.tr("Save the receipt as PDF"),
            default_receipt_dir(self.ctx),
            f"{self.info.number}.pdf",
            self._pdf_chosen,
        )
        return self.file_dialog

    def _pdf_chosen(self, path: Path) -> None:
        written = self.save_pdf(path)
        if written is not None:
            remember_folder(self.ctx, RECEIPTS, written)
            if self.open_after_save:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))

    def save_pdf(self, path: Path) -> Path | None:
        """Write the receipt to ``path`` (A5); None, with the reason shown, when it could not
        be written (e.g. the file is held open by a viewer)."""
        if self.info is None:
            raise RuntimeError("the receipt is not issued yet")
        try:
            written = print_receipt_pdf(self.info, path, self.ctx.lang, payer_cccd=self.payer_cccd)
        except OSError as exc:
            self.status.setText(write_failed_text(path, exc))
            self.status.setStyleSheet(ERROR_STYLE)
            self.pdf_failed.emit(exc)
            return None
        self.last_pdf = written
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saved to %1").replace("%1", str(written)))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pdf_saved.emit(written)
        return written

    def choose_printer(self) -> QDialog | None:
        """The system's print dialog (A5, like the PDF); prints once the agent confirms."""
        if self.info is None or not self.printer_available:
            return None
        from PySide6.QtGui import QPageSize
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
        self.printer.setDocName(self.info.number)
        self.print_dialog = QPrintDialog(self.printer, self)
        self.print_dialog.accepted.connect(self._print)
        self.print_dialog.open()
        return self.print_dialog

    def _print(self) -> None:
        if self.info is None:
            return
        page = receipt_html(self.info, self.ctx.lang, payer_cccd=self.payer_cccd)
        if print_html(page, self.printer, self.printer.resolution()):
            self.status.setStyleSheet("")
            self.status.setText(
                self.tr("Sent to the printer %1").replace("%1", self.printer.printerName())
            )
            self.printed.emit()
        else:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(
                self.tr("Not printed: the printer %1 could not be used.").replace(
                    "%1", self.printer.printerName()
                )
            )


def open_receipt(ctx: AppContext, enrollment_id: str, parent: QWidget | None) -> ReceiptDialog:
    """Open (not exec) the receipt of an enrollment, deleted when closed."""
    dialog = ReceiptDialog(ctx, enrollment_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
