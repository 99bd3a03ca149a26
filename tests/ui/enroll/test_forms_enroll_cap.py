"""The voluntary enrollment dialog and the needs-attention fix dialog price from the same stored
facts as the service: near the 120-month cap of State support the total shown is the total
stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from agent_app.services import Workspace
from agent_app.storage.syncport import LocalSyncPort
from agent_app.ui.context import AppContext
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.sync.attention_dialogs import FixDialog
from sync.protocol import OpError, OpResult

TODAY = date(2026, 11, 21)


@pytest.fixture
def fctx(qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any) -> Iterator[AppContext]:
    def open_all() -> Workspace:
        return Workspace(profile_factory(data_dir, code="DL001"), today=lambda: TODAY)

    workspace = tasks.run_db(open_all).result(timeout=30)
    context = AppContext(workspace, tasks, lang="vi")
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=30_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def _person_with_110_supported_months(ctx: AppContext) -> str:
    ws = ctx.workspace

    def setup() -> str:
        household = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Lê Văn Tư"}
        head = {
            "full_name": "Lê Văn Tư",
            "date_of_birth": "1975-06-01",
            "sex": "male",
            "relationship": "head",
        }
        person_id = ws.households.register(household, [head]).ids[1]
        for months in (60, 50):
            ws.money.enroll_voluntary(
                {
                    "person_id": person_id,
                    "income": 1_500_000,
                    "support": "other",
                    "method": "advance",
                    "months": months,
                    "paid_on": TODAY.isoformat(),
                }
            )
        return person_id

    return str(ctx.tasks.run_db(setup).result(timeout=30))


def test_near_the_cap_the_live_quote_is_what_gets_stored(qtbot: QtBot, fctx: AppContext) -> None:
    person_id = _person_with_110_supported_months(fctx)
    dialog = VoluntaryEnrollmentDialog(fctx, person_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.person_loaded, timeout=30_000):
        dialog.show()
    dialog.support.setCurrentIndex(dialog.support.findData("near_poor"))
    dialog.method.setCurrentIndex(dialog.method.findData("yearly"))
    dialog.income.clear()
    qtbot.keyClicks(dialog.income, "2000000")
    # 10 supported months at 308.000 ₫, then 2 at the full 440.000 ₫ (not 12 x 308.000).
    assert dialog.quote_labels["total"].text() == "3.960.000 ₫"
    qtbot.keyClicks(dialog.cover_from, "12/2026")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=30_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.confirm_box.collect_button, Qt.MouseButton.LeftButton)
    stored = fctx.tasks.run_db(fctx.workspace.store.records.get, saved.args[0]).result(10)
    assert stored.body["amount"] == 3_960_000


def test_the_fix_dialog_prices_a_rejected_enrollment_from_the_stored_facts(
    qtbot: QtBot, fctx: AppContext
) -> None:
    person_id = _person_with_110_supported_months(fctx)
    ws = fctx.workspace

    def reject_a_yearly_enrollment() -> str:
        body = {
            "person_id": person_id,
            "income": 2_000_000,
            "support": "near_poor",
            "method": "yearly",
            "paid_on": TODAY.isoformat(),
        }
        enrollment_id = ws.money.enroll_voluntary(body).ids[0]
        port = LocalSyncPort(ws.store)
        [op] = [op for op in port.take_batch(50) if op.record_id == enrollment_id]
        error = OpError("invalid", "Ngày đóng: ngoài khoảng máy chủ chấp nhận", "paid_on")
        port.settle([(op, OpResult(op.op_id, "rejected", 0, error=error))])
        return enrollment_id

    enrollment_id = fctx.tasks.run_db(reject_a_yearly_enrollment).result(30)
    [item] = fctx.tasks.run_db(ws.attention.items).result(30)
    dialog = FixDialog(fctx, item)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.findChild(QLineEdit, "fix_paid_on")
    editor.setText("2026-11-20")
    with qtbot.waitSignal(dialog.done_with, timeout=30_000):
        dialog.send_button.click()
    stored = fctx.tasks.run_db(ws.store.records.get, enrollment_id).result(10).body
    assert stored["paid_on"] == "2026-11-20"
    # 110 months used by the other two: 10 x 308.000 + 2 x 440.000, not 12 x 308.000.
    assert stored["amount"] == 3_960_000
