"""Sync status, close the day and needs attention against a real embedded server on loopback
and a real encrypted profile, with real worker threads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from agent_app.services import Workspace
from agent_app.services.sync_service import SyncService
from agent_app.ui.context import AppContext
from agent_app.ui.money.report_pdf import pdf_text
from agent_app.ui.sync.attention import AttentionPage, ConflictDialog
from agent_app.ui.sync.sync_panel import CloseDayDialog, SyncStatusWidget
from sync.client import SyncClient
from sync.protocol import Op, iso_utc, new_id, utc_now
from sync.server.admin import add_agent
from sync.server.embedded import EmbeddedServer

HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
HEAD = {
    "full_name": "Nguyễn Văn Ánh",
    "date_of_birth": "1985-03-02",
    "sex": "male",
    "relationship": "head",
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(tmp_path / "server") as running:
        yield running


@pytest.fixture
def sctx(
    qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any, server: EmbeddedServer
) -> Iterator[AppContext]:
    """A context whose profile is registered with the embedded server (agent of 31027 only,
    while the laptop's profile also lists 31018: records there come back forbidden)."""
    code = add_agent(server.db, username="mai", name="Trần Thị Mai", communes=["31027"])

    def open_all() -> tuple[Workspace, SyncService]:
        workspace = Workspace(profile_factory(data_dir))
        service = SyncService(workspace, sleep=lambda _s: None, max_attempts=2)
        service.connect(server.url, "mai", code, "Máy thử")
        return workspace, service

    workspace, service = tasks.run_db(open_all).result(timeout=30)
    context = AppContext(workspace, tasks, sync_service=service, lang="vi")
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=20_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def run_db(ctx: AppContext, fn: Any, *args: Any) -> Any:
    return ctx.tasks.run_db(fn, *args).result(timeout=30)


def test_without_a_server_the_widget_says_so(qtbot: QtBot, ctx: AppContext) -> None:
    widget = SyncStatusWidget(ctx)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.state_label.text() in ("Not connected to a server", "Chưa kết nối máy chủ")
    assert not widget.sync_button.isVisible()
    assert not widget.timer.isActive()
    widget.sync_now()  # nothing to do, nothing breaks
    assert not widget.syncing


def test_sync_now_sends_everything(qtbot: QtBot, sctx: AppContext) -> None:
    for i in range(3):
        run_db(sctx, sctx.workspace.households.register, dict(HOUSEHOLD, address=f"Ấp {i}"), [HEAD])
    widget = SyncStatusWidget(sctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.pending == 6 and widget.online is True, timeout=20_000)
    assert "6" in widget.pending_label.text()
    progress: list[int] = []
    widget.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(widget.sync_finished, timeout=60_000) as finished:
        qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
        assert widget.progress.isVisible()
        assert not widget.sync_button.isEnabled()
    report = finished.args[0]
    assert report.ok, report
    assert report.pushed["applied"] == 6
    assert progress  # progress reached the GUI thread
    assert not widget.progress.isVisible()
    qtbot.waitUntil(lambda: widget.pending == 0, timeout=20_000)
    assert widget.result_label.text() in ("Sent 6, 0 need attention", "Đã gửi 6, 0 cần xử lý")
    assert widget.last_label.text() not in ("", "Never synced", "Chưa đồng bộ lần nào")


def test_offline_widget_polls_and_syncs_when_server_returns(
    qtbot: QtBot, sctx: AppContext, server: EmbeddedServer
) -> None:
    run_db(sctx, sctx.workspace.households.register, HOUSEHOLD, [HEAD])
    url = server.url
    server.stop()
    widget = SyncStatusWidget(sctx)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.online is False, timeout=20_000)
    assert widget.timer.isActive()  # looks for the server every 30 s while offline
    restarted = EmbeddedServer(server.data_dir, port=int(url.rsplit(":", 1)[1]))
    restarted.start()
    try:
        with qtbot.waitSignal(widget.sync_finished, timeout=60_000):
            widget.timer.timeout.emit()  # the 30-second tick, without waiting 30 seconds
        assert widget.online is True
        assert not widget.timer.isActive()
        qtbot.waitUntil(lambda: widget.pending == 0, timeout=20_000)
    finally:
        qtbot.waitUntil(lambda: sctx.tasks.pending == 0, timeout=20_000)
        restarted.stop()


def test_close_day_syncs_reports_and_prints(
    qtbot: QtBot, sctx: AppContext, tmp_path: Path, vi: Any
) -> None:
    changed = run_db(sctx, sctx.workspace.households.register, HOUSEHOLD, [HEAD])
    household_id, head_id = changed.ids
    body = {
        "scheme": "household_health",
        "household_id": household_id,
        "member_ids": [head_id],
        "months": 12,
        "paid_on": date.today().isoformat(),
    }
    enrolled = run_db(sctx, sctx.workspace.money.enroll_household_health, body)
    info = run_db(sctx, sctx.workspace.receipts.issue, enrolled.ids[0])
    dialog = CloseDayDialog(sctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.report_ready, timeout=60_000) as ready:
        dialog.show()
    report = ready.args[0]
    assert report.cash_total == info.amount
    assert report.pending == 0
    assert dialog.sync_report.ok
    assert info.number in dialog.view.toPlainText()
    assert dialog.findChild(type(dialog.chart_view), "schemeChart") is not None
    text = " ".join(pdf_text(dialog.save_pdf(tmp_path / "day.pdf")).split())
    assert info.number in text
    assert "BÁO CÁO CHỐT SỔ CUỐI NGÀY" in text
    assert f"{info.amount:,}".replace(",", ".") + " ₫" in text


def _push_from_other_laptop(server: EmbeddedServer, op: Op) -> None:
    code = add_agent(server.db, username="mai", name="Trần Thị Mai", communes=["31027"])
    client = SyncClient(server.url)
    client.register("mai", code, "Máy thứ hai")
    result = client.push([op]).results[0]
    assert result.status == "applied", result


def test_attention_resolves_a_conflict_field_by_field(
    qtbot: QtBot, sctx: AppContext, server: EmbeddedServer
) -> None:
    ws = sctx.workspace
    household_id = run_db(sctx, ws.households.register, HOUSEHOLD, [HEAD]).ids[0]
    first = sctx.tasks.run_net(sctx.sync_service.sync).result(timeout=60)
    assert first.ok
    assert first.pending == 0
    detail = run_db(sctx, ws.households.get, household_id)
    # Someone else changes the address and the head's name on the server...
    theirs = dict(detail.body, address="Ấp Tân Lợi", head_name="Nguyễn Văn Anh")
    op = Op(new_id(), "household", household_id, detail.version, iso_utc(utc_now()), False, theirs)
    _push_from_other_laptop(server, op)
    # ...while this laptop changes the same fields.
    mine = dict(detail.body, address="Ấp Minh Hoà 2", head_name="Nguyễn Văn Ánh Em")
    run_db(sctx, ws.households.save, mine, household_id)
    second = sctx.tasks.run_net(sctx.sync_service.sync).result(timeout=60)
    assert second.pushed["conflict"] == 1, second

    page = AttentionPage(sctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    model = page.model
    assert model.index(0, model.COL_STATUS).data() in ("Conflict", "Xung đột")
    assert "Địa chỉ" in model.index(0, model.COL_REASON).data()
    assert page.resolve_button.isEnabled()
    assert not page.fix_button.isEnabled()
    dialog = page.resolve_current()
    assert isinstance(dialog, ConflictDialog)
    assert set(dialog.groups) >= {"address", "head_name"}
    assert dialog.mine_buttons["address"].text() == "Ấp Minh Hoà 2"
    assert dialog.server_buttons["address"].text() == "Ấp Tân Lợi"
    button = dialog.server_buttons["address"]
    # Click the round indicator: a radio button in a wide grid cell ignores clicks past its text.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    assert dialog.choices()["address"] == "server"
    assert dialog.choices()["head_name"] == "mine"
    with qtbot.waitSignal(page.resolved, timeout=20_000):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=20_000)
    resolved = run_db(sctx, ws.households.get, household_id)
    assert resolved.body["address"] == "Ấp Tân Lợi"
    assert resolved.body["head_name"] == "Nguyễn Văn Ánh Em"
    third = sctx.tasks.run_net(sctx.sync_service.sync).result(timeout=60)
    assert third.ok, third
    assert third.attention == 0
    assert third.pending == 0


def test_attention_forbidden_needs_a_supervisor(qtbot: QtBot, sctx: AppContext, vi: Any) -> None:
    ws = sctx.workspace
    run_db(sctx, ws.households.register, dict(HOUSEHOLD, commune_code="31018"), [])
    report = sctx.tasks.run_net(sctx.sync_service.sync).result(timeout=60)
    assert report.pushed["rejected"] == 1, report
    page = AttentionPage(sctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    reason = page.model.index(0, page.model.COL_REASON).data()
    assert "not in the agent" not in reason  # our own sentence, not the server's English
    assert "địa bàn được giao" in reason
    assert "supervisor" in reason or "cán bộ quản lý" in reason
    assert not page.fix_button.isEnabled()
    assert not page.resolve_button.isEnabled()
    assert page.dismiss_button.isEnabled()
    with qtbot.waitSignal(page.resolved, timeout=20_000):
        qtbot.mouseClick(page.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=20_000)
