"""The receipt dialog: issues the numbered receipt for an enrollment (or shows its live one, or
a given receipt), previews it exactly as printed (form C45-BB), saves it as a PDF (in the
profile's receipts folder the first time, then wherever the agent last chose) and prints it
where a printer exists; the first print is the original, later ones say "BẢN SAO". It also
voids a wrong receipt with a reason and records the confirmation code BHXH returns."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_app.paths import RECEIPTS
from agent_app.services import Changed, ReceiptInfo
from agent_app.ui.context import AppContext
from agent_app.ui.money.report_pdf import (
    print_html,
    print_receipt_pdf,
    receipt_html,
    receipt_watermark,
)
from agent_app.ui.widgets.save_files import (
    ask_pdf_path,
    has_printer,
    remember_folder,
    save_folder,
    write_failed_text,
)
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

    voided = Signal(object)  # the ReceiptInfo after the void
    confirmed = Signal(object)  # the ReceiptInfo with its confirmation code

    def __init__(
        self,
        ctx: AppContext,
        enrollment_id: str | None = None,
        parent: QWidget | None = None,
        *,
        receipt_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        if enrollment_id is None and receipt_id is None:
            raise ValueError("give the enrollment or the receipt")
        self.ctx = ctx
        self.enrollment_id = enrollment_id
        self.receipt_id = receipt_id
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
        self.void_button = self.buttons.addButton(
            self.tr("&Void…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.void_button.setObjectName("voidButton")
        self.void_button.setToolTip(
            self.tr("Cancel a wrong receipt: it stays in the ledger with its number, marked voided")
        )
        self.void_button.setEnabled(False)
        self.void_button.clicked.connect(self.ask_void)
        self.code_button = self.buttons.addButton(
            self.tr("Confirmation &code…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.code_button.setObjectName("codeButton")
        self.code_button.setToolTip(self.tr("Enter the confirmation code BHXH returned"))
        self.code_button.setEnabled(False)
        self.code_button.clicked.connect(self.ask_code)
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("closeButton")
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        # Issuing is a mutation: today, the household's timeline and Close the day count the
        # receipt from now on. Opening an issued one changes nothing.
        ctx.mutate(self._issue, changes=self._issued, on_done=self._show, on_error=self._failed)

    def _issue(self) -> ReceiptInfo:
        """Database thread: the given receipt, else the enrollment's live receipt, else a new
        one (also after a void: the enrollment gets a new number)."""
        ws = self.ctx.workspace
        if self.receipt_id is not None:
            return ws.receipts.get(self.receipt_id)
        assert self.enrollment_id is not None
        live = ws.receipts.live_of(self.enrollment_id)
        if live is not None:
            return ws.receipts.get(live)
        info = ws.receipts.issue(self.enrollment_id)
        self._newly_issued = True
        return info

    def _issued(self, info: ReceiptInfo) -> Changed | None:
        if not self._newly_issued:
            return None
        self._newly_issued = False
        ids = tuple(i for i in (info.id, info.enrollment_id, info.household_id) if i)
        return Changed(frozenset({"receipt"}), ids)

    def _show(self, info: ReceiptInfo) -> None:
        self.info = info
        self.receipt_id = info.id
        self.enrollment_id = info.enrollment_id
        self.payer_cccd = info.payer_cccd
        self._render()
        self.pdf_button.setEnabled(True)
        self.print_button.setEnabled(self.printer_available)
        self.void_button.setEnabled(not info.voided)
        self.code_button.setEnabled(not info.voided)
        self.pdf_button.setFocus()
        self.issued.emit(info)

    def _render(self) -> None:
        info = self.info
        if info is None:
            return
        said = (
            self.tr("Receipt %1 of %2.")
            .replace("%1", info.number)
            .replace("%2", format_date(info.issued_on))
        )
        if info.voided:
            said += " " + self.tr("VOIDED: %1").replace("%1", info.void_reason or "")
        elif info.printed:
            said += " " + self.tr("Printed before: the next print is marked COPY.")
        self.status.setStyleSheet(ERROR_STYLE if info.voided else "")
        self.status.setText(said)
        self.preview.setHtml(receipt_html(info))

    def _reload(self, then: Signal | None = None) -> None:
        receipt_id = self.receipt_id
        if receipt_id is None:
            return

        def shown(info: ReceiptInfo) -> None:
            self.info = info
            self._render()
            self.void_button.setEnabled(not info.voided)
            self.code_button.setEnabled(not info.voided)
            if then is not None:
                then.emit(info)

        self.ctx.run_db(self.ctx.workspace.receipts.get, receipt_id, on_done=shown)

    # -- void and confirmation code ------------------------------------------------------------

    def ask_void(self) -> VoidDialog | None:
        """Ask why the receipt is voided; voids it once the agent confirms."""
        if self.info is None or self.info.voided:
            return None
        self.void_dialog = VoidDialog(self.ctx, self.info, self)
        self.void_dialog.done_with.connect(self._changed)
        self.void_dialog.open()
        return self.void_dialog

    def ask_code(self) -> ConfirmationCodeDialog | None:
        """Ask for the confirmation code BHXH returned; stores it as a new version."""
        if self.info is None:
            return None
        self.code_dialog = ConfirmationCodeDialog(self.ctx, self.info, self)
        self.code_dialog.done_with.connect(self._changed)
        self.code_dialog.open()
        return self.code_dialog

    def _changed(self, _changed: Changed, signal_name: str) -> None:
        self._reload(self.voided if signal_name == "voided" else self.confirmed)

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
            written = print_receipt_pdf(self.info, path)
        except OSError as exc:
            self.status.setText(write_failed_text(path, exc))
            self.status.setStyleSheet(ERROR_STYLE)
            self.pdf_failed.emit(exc)
            return None
        self.last_pdf = written
        self._count_print()
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
        page = receipt_html(self.info)
        mark = receipt_watermark(self.info)
        if print_html(page, self.printer, self.printer.resolution(), watermark=mark):
            self._count_print()
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

    def _count_print(self) -> None:
        """The print just made was the original (or a copy): the next one is a copy. Counted
        here at once, so the preview says so, and in the store on the database thread."""
        if self.info is None:
            return
        self.info = replace(self.info, printed=self.info.printed + 1)
        self.preview.setHtml(receipt_html(self.info))
        self.ctx.run_db(self.ctx.workspace.receipts.printed, self.info.id)


class VoidDialog(QDialog):
    """Why the receipt is voided; ``done_with(changed, "voided")`` after the void is stored."""

    done_with = Signal(object, str)
    failed = Signal(object)

    def __init__(self, ctx: AppContext, info: ReceiptInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = info
        self.setObjectName("voidDialog")
        self.setWindowTitle(self.tr("Void the receipt"))
        layout = QVBoxLayout(self)
        warning = QLabel(
            self.tr(
                "Void receipt %1 (%2)? It is never deleted: it stays in the ledger marked "
                "VOIDED, its number stays used, and it no longer counts in today's money. The "
                "enrollment can then get a new receipt. This cannot be undone once it is "
                "synced."
            )
            .replace("%1", info.number)
            .replace("%2", info.payer_name)
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        caption = QLabel(self.tr("&Reason:"))
        layout.addWidget(caption)
        self.reason = QPlainTextEdit(objectName="voidReason")
        self.reason.setPlaceholderText(self.tr("e.g. wrong amount, wrong person"))
        self.reason.setTabChangesFocus(True)
        caption.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.error = QLabel(objectName="voidError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.void_button = self.buttons.addButton(
            self.tr("&Void the receipt"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.void_button.setObjectName("confirmVoidButton")
        self.void_button.setEnabled(False)
        # Not "Cancel": in Vietnamese that is "Hủy", the very word for voiding.
        cancel = self.buttons.addButton(
            self.tr("&Keep the receipt"), QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setObjectName("cancelButton")
        cancel.clicked.connect(self.reject)
        self.void_button.clicked.connect(self.submit)
        self.reason.textChanged.connect(
            lambda: self.void_button.setEnabled(bool(self.reason.toPlainText().strip()))
        )
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        reason = self.reason.toPlainText().strip()
        if not reason:
            return
        self.void_button.setEnabled(False)
        self.ctx.mutate(
            self.ctx.workspace.receipts.void,
            self.info.id,
            reason,
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, changed: Changed) -> None:
        self.accept()
        self.done_with.emit(changed, "voided")

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(self.ctx.error_text(exc))
        self.void_button.setEnabled(True)
        self.failed.emit(exc)


class ConfirmationCodeDialog(QDialog):
    """The confirmation code (mã xác nhận) BHXH returned for the receipt, checked on the
    database thread; ``done_with(changed, "confirmed")`` once stored (it syncs)."""

    done_with = Signal(object, str)
    failed = Signal(object)

    def __init__(self, ctx: AppContext, info: ReceiptInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = info
        self.setObjectName("confirmationCodeDialog")
        self.setWindowTitle(self.tr("Confirmation code"))
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "The confirmation code BHXH returned for receipt %1. The person can check it on "
                "baohiemxahoi.gov.vn (Tra cứu) or in the VssID app."
            ).replace("%1", info.number)
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        caption = QLabel(self.tr("Confirmation &code:"))
        layout.addWidget(caption)
        self.code = QLineEdit(info.confirmation_code or "", objectName="confirmationCode")
        self.code.setMaxLength(60)
        caption.setBuddy(self.code)
        layout.addWidget(self.code)
        self.error = QLabel(objectName="codeError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveCodeButton")
        cancel = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.submit)
        self.code.textChanged.connect(lambda: self.error.setText(""))
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.save_button.setEnabled(False)
        self.ctx.mutate(
            self.ctx.workspace.receipts.add_confirmation_code,
            self.info.id,
            self.code.text(),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, changed: Changed) -> None:
        self.accept()
        self.done_with.emit(changed, "confirmed")

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(self.ctx.error_text(exc))
        self.save_button.setEnabled(True)
        self.failed.emit(exc)


def open_receipt(ctx: AppContext, enrollment_id: str, parent: QWidget | None) -> ReceiptDialog:
    """Open (not exec) the receipt of an enrollment, deleted when closed."""
    dialog = ReceiptDialog(ctx, enrollment_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
