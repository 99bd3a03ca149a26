"""The receipt ledger through real widgets, a real encrypted profile, real worker threads (and a
real embedded server for the sync): voiding with a reason, reprints marked as copies, the
confirmation code added later, numbers that restart each year, and the ledger screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.settings import AppSettings
from agent_app.ui.context import AppContext
from agent_app.ui.i18n import install_translator, remove_translators
from agent_app.ui.money.ledger import STATUS_ROLE, LedgerDialog, LedgerModel
from agent_app.ui.money.receipt import ConfirmationCodeDialog, ReceiptDialog, VoidDialog
from agent_app.ui.money.receipt_paper import qr_text, receipt_html
from agent_app.ui.money.report_pdf import pdf_text
from agent_app.ui.sync.sync_panel import CloseDayDialog
from sync.server.admin import add_agent
from sync.server.db import records
from sync.server.embedded import EmbeddedServer

HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
PEOPLE = [
    {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1985-03-02", "sex": "male",
     "relationship": "head", "cccd": "079085001234"},
    {"full_name": "Trần Thị Hoà", "date_of_birth": "1988-07-15", "sex": "female",
     "relationship": "spouse"},
    {"full_name": "Nguyễn Thị Lan", "date_of_birth": "2004-01-09", "sex": "female",
     "relationship": "child"},
]  # fmt: skip


class Clock:
    """The workspace's injectable day, moved by the tests."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2026, 11, 21))


def _context(tasks: Any, workspace: Workspace, data_dir: Path, **kw: Any) -> AppContext:
    context = AppContext(workspace, tasks, lang="vi", **kw)
    context.settings = AppSettings.load(data_dir)
    return context


@pytest.fixture
def vi(qapp: QApplication) -> Iterator[list[Any]]:
    """The Vietnamese catalogue, as the app installs it."""
    translators = install_translator(qapp, "vi")
    yield translators
    remove_translators(qapp, translators)


@pytest.fixture
def lctx(
    qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any, clock: Clock, vi: list[Any]
) -> Iterator[AppContext]:
    def open_all() -> Workspace:
        return Workspace(profile_factory(data_dir, code="DL001"), today=clock)

    workspace = tasks.run_db(open_all).result(timeout=30)
    context = _context(tasks, workspace, data_dir)
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def run_db(ctx: AppContext, fn: Any, *args: Any) -> Any:
    return ctx.tasks.run_db(fn, *args).result(timeout=30)


def household(ctx: AppContext) -> list[str]:
    return list(run_db(ctx, ctx.workspace.households.register, HOUSEHOLD, PEOPLE).ids[1:])


def enroll(ctx: AppContext, person_id: str, income: int = 2_500_000, **extra: Any) -> str:
    body = {"scheme": "voluntary", "person_id": person_id, "income": income,
            "support": "other", "method": "yearly", **extra}  # fmt: skip
    return str(run_db(ctx, ctx.workspace.money.enroll_voluntary, body).primary)


def receipt_dialog(
    qtbot: QtBot, ctx: AppContext, enrollment_id: str | None = None, **kw: Any
) -> ReceiptDialog:
    dialog = ReceiptDialog(ctx, enrollment_id, **kw)
    dialog.open_after_save = False  # no system viewer in a test
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.issued, timeout=10_000):
        dialog.show()
    return dialog


def void_through(qtbot: QtBot, dialog: VoidDialog, reason: str) -> None:
    """Type ``reason`` (ASCII: QTest types no other keys) and confirm."""
    assert not dialog.void_button.isEnabled()  # no reason yet
    qtbot.keyClicks(dialog.reason, reason)
    assert dialog.void_button.isEnabled()
    with qtbot.waitSignal(dialog.done_with, timeout=10_000):
        qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)


def test_void_with_a_reason_marks_it_and_frees_the_enrollment(
    qtbot: QtBot, lctx: AppContext, tmp_path: Path
) -> None:
    head, *_ = household(lctx)
    enrollment_id = enroll(lctx, head)
    dialog = receipt_dialog(qtbot, lctx, enrollment_id)
    first = dialog.info
    assert first is not None
    assert first.number == "DL001-2026-000001"
    assert run_db(lctx, lctx.workspace.today.summary).money == first.amount == 5_808_000
    asked = dialog.ask_void()
    assert asked is not None
    with qtbot.waitSignal(dialog.voided, timeout=10_000) as voided:
        void_through(qtbot, asked, "Ghi sai so tien")
    info = voided.args[0]
    assert info.voided
    assert info.void_reason == "Ghi sai so tien"
    page = dialog.preview.toPlainText()
    assert "ĐÃ HỦY" in page
    assert "Ghi sai so tien" in page
    assert "ĐÃ HỦY" in dialog.status.text() or "VOIDED" in dialog.status.text()
    assert not dialog.void_button.isEnabled()
    pdf = " ".join(pdf_text(dialog.save_pdf(tmp_path / "voided.pdf")).split())
    assert "ĐÃ HỦY" in pdf
    assert first.number in pdf
    # Out of Today's money and the day's close; the enrollment can be receipted again.
    assert run_db(lctx, lctx.workspace.today.summary).money == 0
    report = run_db(lctx, lctx.workspace.today.day_report)
    assert (report.cash_total, report.receipts, report.unreceipted) == (0, (), (enrollment_id,))
    close_day = CloseDayDialog(lctx)
    qtbot.addWidget(close_day)
    with qtbot.waitSignal(close_day.report_ready, timeout=20_000) as ready:
        close_day.show()
    assert ready.args[0].cash_total == 0
    assert ready.args[0].receipts == ()
    close_day.close()
    again = receipt_dialog(qtbot, lctx, enrollment_id)
    assert again.info is not None
    assert again.info.number == "DL001-2026-000002"
    assert not again.info.voided
    assert "ĐÃ HỦY" not in again.preview.toPlainText()
    assert run_db(lctx, lctx.workspace.today.day_report).balanced
    # The voided one still opens as itself, with its own number.
    old = receipt_dialog(qtbot, lctx, receipt_id=first.id)
    assert old.info is not None
    assert old.info.number == first.number
    assert old.info.voided


def test_a_reprint_says_copy(
    qtbot: QtBot, qapp: QApplication, vi: list[Any], lctx: AppContext, tmp_path: Path
) -> None:
    head, *_ = household(lctx)
    enrollment_id = enroll(lctx, head)
    dialog = receipt_dialog(qtbot, lctx, enrollment_id)
    assert "BẢN SAO" not in dialog.preview.toPlainText()
    original = " ".join(pdf_text(dialog.save_pdf(tmp_path / "original.pdf")).split())
    assert "BẢN SAO" not in original
    assert "BIÊN LAI THU TIỀN" in original
    # The preview now shows what the next print is: a copy.
    assert "BẢN SAO" in dialog.preview.toPlainText()
    copy = " ".join(pdf_text(dialog.save_pdf(tmp_path / "copy.pdf")).split())
    assert "BẢN SAO" in copy
    dialog.close()
    qtbot.waitUntil(lambda: lctx.tasks.pending == 0, timeout=10_000)
    # Kept in the store: opened again (even another day), it still prints as a copy.
    reopened = receipt_dialog(qtbot, lctx, enrollment_id)
    assert reopened.info is not None
    assert reopened.info.printed == 2
    assert "BẢN SAO" in reopened.preview.toPlainText()
    remove_translators(qapp, vi)  # the code's own English
    english = receipt_html(reopened.info)
    vi[:] = install_translator(qapp, "vi")  # back, and removed by the fixture at the end
    assert "COPY" in english


def test_numbers_restart_in_a_new_year(qtbot: QtBot, lctx: AppContext, clock: Clock) -> None:
    head, spouse, child = household(lctx)
    first = receipt_dialog(qtbot, lctx, enroll(lctx, head))
    second = receipt_dialog(qtbot, lctx, enroll(lctx, spouse))
    clock.day = date(2027, 1, 4)
    third = receipt_dialog(qtbot, lctx, enroll(lctx, child))
    numbers = [d.info.number for d in (first, second, third) if d.info is not None]
    assert numbers == ["DL001-2026-000001", "DL001-2026-000002", "DL001-2027-000001"]
    assert "Ngày 04 tháng 01 năm 2027" in third.preview.toPlainText()


def test_the_paper_follows_c45_bb(qtbot: QtBot, lctx: AppContext, tmp_path: Path) -> None:
    head, *_ = household(lctx)
    run_db(
        lctx,
        lctx.workspace.receipts.set_settings,
        {"office": "BHXH tỉnh Cà Mau", "organisation": "Bưu điện tỉnh Cà Mau", "series": "BL/26"},
    )
    dialog = receipt_dialog(qtbot, lctx, enroll(lctx, head, cover_from="2026-12"))
    info = dialog.info
    assert info is not None
    text = " ".join(pdf_text(dialog.save_pdf(tmp_path / "c45.pdf")).split())
    for expected in (
        "BẢO HIỂM XÃ HỘI: BHXH tỉnh Cà Mau",
        "Đơn vị được BHXH ủy quyền thu: Bưu điện tỉnh Cà Mau",
        "Mẫu số C45-BB",
        "Ký hiệu: BL/26",
        "DL001-2026-000001",
        "BIÊN LAI THU TIỀN",
        "Ngày 21 tháng 11 năm 2026",
        "Nguyễn Văn Ánh",
        "079085001234",
        "Đóng tiền tham gia BHXH tự nguyện, 12 tháng, từ tháng 12/2026 đến tháng 11/2027",
        "5.808.000 ₫",
        "Năm triệu tám trăm linh tám nghìn đồng",
        "Mã xác nhận của cơ quan BHXH: (chưa có)",
        "baohiemxahoi.gov.vn",
        "VssID",
        "Người nộp tiền",
        "Người thu tiền",
        "Mã nhân viên thu: DL001",
    ):
        assert expected in text, expected
    assert qr_text(info) == (
        "C45-BB;SO=DL001-2026-000001;NGAY=2026-11-21;TIEN=5808000;NGUOINOP=079085001234;"
        "MANVTHU=DL001"
    )
    assert 'src="data:image/png;base64,' in receipt_html(info)
    # Unknown details are blank lines to fill in by hand, never guessed.
    run_db(lctx, lctx.workspace.receipts.set_settings, {"office": "", "organisation": ""})
    blank = receipt_dialog(qtbot, lctx, info.enrollment_id)
    assert "BẢO HIỂM XÃ HỘI: …" in blank.preview.toPlainText()


def test_the_ledger_lists_filters_totals_and_voids(
    qtbot: QtBot, lctx: AppContext, clock: Clock
) -> None:
    head, spouse, child = household(lctx)
    ids = [run_db(lctx, lctx.workspace.receipts.issue, enroll(lctx, p)) for p in (head, spouse)]
    clock.day = date(2026, 11, 25)
    ids.append(run_db(lctx, lctx.workspace.receipts.issue, enroll(lctx, child)))
    ledger = LedgerDialog(lctx)
    qtbot.addWidget(ledger)
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        ledger.show()
    assert ledger.proxy.rowCount() == 3
    each = ids[0].amount
    assert "3" in ledger.totals.text()
    assert f"{3 * each:,}".replace(",", ".") in ledger.totals.text()
    assert ledger.proxy.index(0, LedgerModel.CODE).data() == "chưa có"
    assert ledger.select(ids[1].id)
    assert ledger.void_button.isEnabled()
    with qtbot.waitSignal(ledger.dialog_opened, timeout=10_000) as opened:
        qtbot.mouseClick(ledger.void_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        void_through(qtbot, opened.args[0], "Trung bien lai")
    assert ledger.proxy.rowCount() == 3  # never deleted
    assert f"{2 * each:,}".replace(",", ".") in ledger.totals.text()
    assert "Đã hủy: 1" in ledger.totals.text()
    assert not ledger.void_button.isEnabled()  # the selection is the voided one
    ledger.status_filter.setCurrentIndex(ledger.status_filter.findData("voided"))
    assert ledger.proxy.rowCount() == 1
    assert ledger.proxy.index(0, LedgerModel.STATUS).data() == "Đã hủy"
    assert ledger.proxy.index(0, 0).data(STATUS_ROLE) == "voided"
    ledger.status_filter.setCurrentIndex(ledger.status_filter.findData("live"))
    assert ledger.proxy.rowCount() == 2
    # The period: only the 25th.
    ledger.status_filter.setCurrentIndex(0)
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        ledger.date_from.set_value(date(2026, 11, 22))
    assert ledger.proxy.rowCount() == 1
    assert ledger.proxy.index(0, LedgerModel.NUMBER).data() == ids[2].number
    ledger.table.selectRow(0)
    with qtbot.waitSignal(ledger.dialog_opened, timeout=10_000) as entered:
        qtbot.keyClick(ledger.table, Qt.Key.Key_Return)
    shown = entered.args[0]
    assert isinstance(shown, ReceiptDialog)
    with qtbot.waitSignal(shown.issued, timeout=10_000) as issued:
        pass
    assert issued.args[0].id == ids[2].id


def test_the_ledger_model_sorts_by_raw_values(qtbot: QtBot, lctx: AppContext) -> None:
    head, spouse, _ = household(lctx)
    cheap = run_db(lctx, lctx.workspace.receipts.issue, enroll(lctx, head, 2_500_000))
    dear = run_db(lctx, lctx.workspace.receipts.issue, enroll(lctx, spouse, 9_000_000))
    ledger = LedgerDialog(lctx)
    qtbot.addWidget(ledger)
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        ledger.show()
    ledger.table.sortByColumn(LedgerModel.AMOUNT, Qt.SortOrder.DescendingOrder)
    assert ledger.proxy.index(0, LedgerModel.NUMBER).data() == dear.number
    ledger.table.sortByColumn(LedgerModel.AMOUNT, Qt.SortOrder.AscendingOrder)
    assert ledger.proxy.index(0, LedgerModel.NUMBER).data() == cheap.number


# -- the confirmation code, synced -------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(tmp_path / "server") as running:
        yield running


@pytest.fixture
def sctx(
    qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any, server: EmbeddedServer
) -> Iterator[AppContext]:
    # The server's agent code is the profile's: receipt numbers carry it.
    code = add_agent(server.db, username="mai", name="Trần Thị Mai", communes=["31027"],
                     code="DL001")  # fmt: skip

    def open_all() -> tuple[Workspace, SyncService]:
        workspace = Workspace(profile_factory(data_dir, code="DL001"))
        service = SyncService(workspace, sleep=lambda _s: None, max_attempts=2)
        service.connect(server.url, "mai", code, "Máy thử")
        return workspace, service

    workspace, service = tasks.run_db(open_all).result(timeout=30)
    context = _context(tasks, workspace, data_dir, sync_service=service)
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=20_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def _on_server(server: EmbeddedServer, record_id: str) -> tuple[int, dict[str, Any]]:
    with server.db.connect() as conn:
        row = conn.execute(
            select(records.c.version, records.c.body).where(records.c.record_id == record_id)
        ).one()
    return int(row[0]), dict(row[1])


def _sync(ctx: AppContext) -> None:
    assert ctx.sync_service is not None
    report = ctx.tasks.run_net(ctx.sync_service.sync).result(timeout=60)
    assert report.offline is False


def test_confirmation_code_added_later_syncs_as_a_new_version(
    qtbot: QtBot,
    sctx: AppContext,
    server: EmbeddedServer,
    vi: Any,
) -> None:
    head, *_ = household(sctx)
    dialog = receipt_dialog(qtbot, sctx, enroll(sctx, head))
    info = dialog.info
    assert info is not None
    assert info.confirmation_code is None
    assert "Mã xác nhận của cơ quan BHXH: (chưa có)" in " ".join(
        dialog.preview.toPlainText().split()
    )
    _sync(sctx)
    assert _on_server(server, info.id)[0] == 1
    asked = dialog.ask_code()
    assert isinstance(asked, ConfirmationCodeDialog)
    qtbot.keyClicks(asked.code, "12")
    with qtbot.waitSignal(asked.failed, timeout=10_000):
        qtbot.mouseClick(asked.save_button, Qt.MouseButton.LeftButton)
    assert "Mã xác nhận" in asked.error.text()
    asked.code.clear()
    qtbot.keyClicks(asked.code, "xn 2026 00123")
    with qtbot.waitSignal(dialog.confirmed, timeout=10_000) as confirmed:
        qtbot.mouseClick(asked.save_button, Qt.MouseButton.LeftButton)
    assert confirmed.args[0].confirmation_code == "XN202600123"
    assert "XN202600123" in dialog.preview.toPlainText()
    _sync(sctx)
    version, body = _on_server(server, info.id)
    assert version == 2
    assert body["confirmation_code"] == "XN202600123"
    assert body["number"] == info.number


def test_a_void_syncs_and_the_number_stays_used(
    qtbot: QtBot, sctx: AppContext, server: EmbeddedServer
) -> None:
    head, *_ = household(sctx)
    enrollment_id = enroll(sctx, head)
    dialog = receipt_dialog(qtbot, sctx, enrollment_id)
    assert dialog.info is not None
    first = dialog.info
    _sync(sctx)
    asked = dialog.ask_void()
    assert asked is not None
    with qtbot.waitSignal(dialog.voided, timeout=10_000):
        void_through(qtbot, asked, "Sai nguoi nop")
    again = receipt_dialog(qtbot, sctx, enrollment_id)
    assert again.info is not None
    assert again.info.number != first.number
    _sync(sctx)
    version, body = _on_server(server, first.id)
    assert (version, body["voided"], body["void_reason"]) == (2, True, "Sai nguoi nop")
    assert _on_server(server, again.info.id)[1]["number"] == again.info.number


def test_the_household_timeline_marks_a_voided_receipt_and_reprints_it_as_itself(
    qtbot: QtBot, lctx: AppContext
) -> None:
    from agent_app.ui.household.household import HouseholdPage

    head, *_ = household(lctx)
    enrollment_id = enroll(lctx, head)
    first = run_db(lctx, lctx.workspace.receipts.issue, enrollment_id)
    run_db(lctx, lctx.workspace.receipts.void, first.id, "Ghi sai")
    household_id = run_db(lctx, lctx.workspace.receipts.get, first.id).household_id
    page = HouseholdPage(lctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_household(household_id)
    rows = [page.timeline.item(i) for i in range(page.timeline.count())]
    receipt_row = next(
        i for i, item in enumerate(rows) if item.data(Qt.ItemDataRole.UserRole).kind == "receipt"
    )
    assert "ĐÃ HỦY" in rows[receipt_row].text()
    page.timeline.setCurrentRow(receipt_row)
    with qtbot.waitSignal(page.dialog_opened, timeout=10_000) as opened:
        page.print_receipt()
    dialog = opened.args[0]
    assert isinstance(dialog, ReceiptDialog)
    with qtbot.waitSignal(dialog.issued, timeout=10_000) as issued:
        pass
    # The voided receipt itself, not a new number for the enrollment.
    assert issued.args[0].id == first.id
    assert issued.args[0].voided
    assert run_db(lctx, lctx.workspace.receipts.live_of, enrollment_id) is None


def _access_keys(window: QWidget) -> dict[str, list[str]]:
    """Every Alt+letter of the widgets shown in ``window``, with their texts."""
    found: dict[str, list[str]] = {}
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            text = widget.text().replace("&&", "")
            if "&" in text and text.index("&") + 1 < len(text):
                found.setdefault(text[text.index("&") + 1].lower(), []).append(text)
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_access_keys_are_unique_letters_in_the_receipt_windows(
    qtbot: QtBot, qapp: QApplication, lctx: AppContext, vi: list[Any], lang: str
) -> None:
    from agent_app.ui.money.ledger import ReceiptDetailsDialog

    if lang == "en":
        remove_translators(qapp, vi)  # the code's own English
    head, *_ = household(lctx)
    receipt = receipt_dialog(qtbot, lctx, enroll(lctx, head))
    assert receipt.info is not None
    assert receipt.void_button.text() == ("&Void…" if lang == "en" else "&Hủy biên lai…")
    windows: list[QWidget] = [
        receipt,
        LedgerDialog(lctx),
        VoidDialog(lctx, receipt.info),
        ConfirmationCodeDialog(lctx, receipt.info),
        ReceiptDetailsDialog(lctx),
    ]
    problems = []
    for window in windows:
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: lctx.tasks.pending == 0, timeout=10_000)
        for key, texts in _access_keys(window).items():
            if len(texts) > 1 or not (key.isascii() and key.isalnum()):
                problems.append(f"[{lang}] {window.objectName()}: Alt+{key} {texts}")
    assert problems == []
