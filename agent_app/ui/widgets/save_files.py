"""Where the app offers to save the files it writes (receipts, day reports) and how it says a
write failed.

The first time a kind of file is saved, the offer is the profile's own folder for it
(``<data dir>/profiles/<code>/receipts`` or ``…/reports``, created when missing, so the dialog
never falls back to the folder the app was started from); afterwards the folder last chosen,
remembered in the app settings (``AppSettings.folders``). Whether a printer exists is asked of
Qt, so a computer without one shows a disabled Print button saying why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from agent_app.paths import profile_files_dir
from agent_app.ui.context import AppContext

log = logging.getLogger(__name__)


def save_folder(ctx: AppContext, kind: str) -> Path:
    """The folder to offer for a ``kind`` of file (``paths.RECEIPTS`` / ``paths.REPORTS``)."""
    profile = ctx.workspace.store.profile
    remembered = ctx.settings.folder(profile.agent_code, kind) if ctx.settings else None
    folder = remembered or profile_files_dir(profile.path, kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # the dialog still opens there; saving will say what is wrong
        log.warning("cannot create %s: %s", folder, exc)
    return folder


def remember_folder(ctx: AppContext, kind: str, saved: Path) -> None:
    """Offer the folder of ``saved`` next time for that kind of file."""
    if ctx.settings is None:
        return
    try:
        ctx.settings.remember_folder(ctx.workspace.store.profile.agent_code, kind, saved.parent)
    except OSError as exc:  # a preference; the file itself is saved
        log.warning("cannot remember the folder %s: %s", saved.parent, exc)


def ask_pdf_path(
    parent: QWidget, title: str, folder: Path, name: str, on_chosen: Callable[[Path], None]
) -> QFileDialog:
    """Open (not exec) a save dialog in ``folder`` with ``name`` proposed; ``on_chosen(path)``
    once the agent picks a file."""
    dialog = QFileDialog(parent, title, str(folder), "PDF (*.pdf)")
    dialog.setObjectName("pdfFileDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix("pdf")
    dialog.selectFile(str(folder / name))
    dialog.fileSelected.connect(lambda chosen: on_chosen(Path(chosen)) if chosen else None)
    dialog.open()
    return dialog


def write_failed_text(path: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return (
        QCoreApplication.translate(
            "save_files",
            "Not saved: %1 could not be written (%2). If the file is open in a PDF viewer, "
            "close it and save again, or choose another name.",
        )
        .replace("%1", str(path))
        .replace("%2", reason)
    )


def has_printer() -> bool:
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinters())
