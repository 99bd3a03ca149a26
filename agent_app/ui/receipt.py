"""The receipt dialog: issues the numbered receipt for an enrollment (or shows the one already
issued), previews it exactly as printed, and saves it as a PDF."""

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

from agent_app.services import Changed, ReceiptInfo
from agent_app.ui.context import AppContext
from agent_app.ui.report_pdf import print_receipt_pdf, receipt_html
from sync.domain.errors import ValidationFailed
from sync.domain.messages import format_date


def default_receipt_dir(ctx: AppContext) -> Path:
    """Receipts are saved beside the profile: ``<profile folder>/receipts``."""
    path = ctx.workspace.store.profile.path
    return (path if path.is_dir() else path.parent) / "receipts"


class ReceiptDialog(QDialog):
    """Issue (or show) the receipt of ``enrollment_id`` and print it to PDF.

    ``issued(info)`` once the receipt is known; ``pdf_saved(path)`` after each PDF.
    """

    issued = Signal(object)
    pdf_saved = Signal(object)
    failed = Signal(object)

    def __init__(self, ctx: AppContext, enrollment_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrollment_id = enrollment_id
        self.info: ReceiptInfo | None = None
        self.payer_cccd: str | None = None
        self.last_pdf: Path | None = None
        self._issued_now = False
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
            self.tr("&Print to PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pdf_button.setObjectName("pdfButton")
        self.pdf_button.setEnabled(False)
        self.pdf_button.setDefault(True)
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
            self._issued_now = True  # read on the GUI thread once this call has returned
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
        self.pdf_button.setFocus()
        if self._issued_now:
            # A new record: the timeline, Today's money and the pending count redraw.
            ids = (info.id, info.enrollment_id)
            if info.household_id:
                ids += (info.household_id,)
            self.ctx.notify(Changed(frozenset({"receipt"}), ids))
        self.issued.emit(info)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.ctx.error_text(exc))
        self.status.setStyleSheet("color: #b3261e;")
        self.failed.emit(exc)

    def choose_pdf(self) -> Path | None:
        if self.info is None:
            return None
        folder = default_receipt_dir(self.ctx)
        suggested = folder / f"{self.info.number}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the receipt as PDF"), str(suggested), self.tr("PDF (*.pdf)")
        )
        if not path:
            return None
        written = self.save_pdf(Path(path))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
        return written

    def save_pdf(self, path: Path) -> Path:
        """Write the receipt to ``path`` (A5) and remember it."""
        if self.info is None:
            raise RuntimeError("the receipt is not issued yet")
        written = print_receipt_pdf(self.info, path, self.ctx.lang, payer_cccd=self.payer_cccd)
        self.last_pdf = written
        self.status.setText(self.tr("Saved to %1").replace("%1", str(written)))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pdf_saved.emit(written)
        return written


def open_receipt(ctx: AppContext, enrollment_id: str, parent: QWidget | None) -> ReceiptDialog:
    """Open (not exec) the receipt of an enrollment, deleted when closed."""
    dialog = ReceiptDialog(ctx, enrollment_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
