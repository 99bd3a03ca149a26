"""Money is stored only when the agent means it: Enter in a field or dropdown never saves an
enrollment, saving first asks "Thu 3.696.000 ₫?", the greyed months box shows the months the
quote uses, and a months value beyond the limit is refused beside the field, never clamped.
Real widgets, real encrypted profile, real worker threads, the Vietnamese catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from agent_app.services import Workspace
from agent_app.ui.context import AppContext
from agent_app.ui.enroll.enroll_health import HouseholdHealthDialog
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.i18n import install_translator, remove_translators

TODAY = date(2026, 11, 21)
HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
PEOPLE = [
    {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1985-03-02", "sex": "male",
     "relationship": "head"},
    {"full_name": "Trần Thị Hoà", "date_of_birth": "1988-07-15", "sex": "female",
     "relationship": "spouse"},
]  # fmt: skip


@pytest.fixture
def vi(qapp: QApplication) -> Iterator[None]:
    translators = install_translator(qapp, "vi")
    yield
    remove_translators(qapp, translators)


@pytest.fixture
def cctx(
    qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any, vi: None
) -> Iterator[AppContext]:
    def open_all() -> Workspace:
        return Workspace(profile_factory(data_dir, code="DL001"), today=lambda: TODAY)

    workspace = tasks.run_db(open_all).result(timeout=30)
    context = AppContext(workspace, tasks, lang="vi")
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def run_db(ctx: AppContext, fn: Any, *args: Any) -> Any:
    return ctx.tasks.run_db(fn, *args).result(timeout=30)


def household(ctx: AppContext) -> tuple[str, list[str]]:
    changed = run_db(ctx, ctx.workspace.households.register, HOUSEHOLD, PEOPLE)
    household_id, *people = changed.ids
    return household_id, people


def enrollments(ctx: AppContext) -> int:
    ctx.tasks.run_db(lambda: None).result(timeout=30)  # whatever was queued has run
    return len(run_db(ctx, ctx.workspace.records.of_kind, "enrollment"))


def voluntary_dialog(qtbot: QtBot, ctx: AppContext, person_id: str) -> VoluntaryEnrollmentDialog:
    dialog = VoluntaryEnrollmentDialog(ctx, person_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.person_loaded, timeout=10_000):
        dialog.show()
    return dialog


def retype(qtbot: QtBot, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_months_beyond_the_limit_are_refused_beside_the_field_not_clamped(
    qtbot: QtBot, cctx: AppContext
) -> None:
    _, (person_id, _) = household(cctx)
    dialog = voluntary_dialog(qtbot, cctx, person_id)
    qtbot.keyClicks(dialog.income, "2000000")
    dialog.method.setCurrentIndex(dialog.method.findData("advance"))
    retype(qtbot, dialog.months.lineEdit(), "120")
    assert dialog.months.value() == 120  # as typed, not 12 nor 60
    assert "120" in dialog.months.text()
    assert dialog.months_hint.text() == "từ 1 đến 60 tháng"
    message = dialog.errors.message("months")
    assert "120" in message
    assert "từ 1 đến 60 tháng" in message
    assert dialog.quote_labels["total"].text() == "—"
    assert not dialog.save_button.isEnabled()
    retype(qtbot, dialog.months.lineEdit(), "0")
    assert dialog.months.value() == 0
    assert "từ 1 đến 60 tháng" in dialog.errors.message("months")
    retype(qtbot, dialog.months.lineEdit(), "60")
    assert dialog.errors.message("months") == ""
    assert dialog.quote_labels["months"].text() == "60"


def test_the_greyed_months_box_shows_the_months_the_quote_uses(
    qtbot: QtBot, cctx: AppContext
) -> None:
    _, (person_id, _) = household(cctx)
    dialog = voluntary_dialog(qtbot, cctx, person_id)
    qtbot.keyClicks(dialog.income, "2000000")
    for method, months in (("half_yearly", 6), ("quarterly", 3), ("monthly", 1), ("yearly", 12)):
        dialog.method.setCurrentIndex(dialog.method.findData(method))
        assert not dialog.months.isEnabled()
        assert dialog.months.value() == months, method
        assert dialog.quote_labels["months"].text() == str(months), method
        assert dialog.months_hint.text() == "theo phương thức đóng"
    # The advance choice comes back when advance is chosen again.
    dialog.method.setCurrentIndex(dialog.method.findData("advance"))
    retype(qtbot, dialog.months.lineEdit(), "24")
    dialog.method.setCurrentIndex(dialog.method.findData("half_yearly"))
    assert dialog.months.value() == 6
    dialog.method.setCurrentIndex(dialog.method.findData("advance"))
    assert dialog.months.isEnabled()
    assert dialog.months.value() == 24


def test_enter_never_saves_and_saving_confirms_the_amount(qtbot: QtBot, cctx: AppContext) -> None:
    _, (person_id, _) = household(cctx)
    dialog = voluntary_dialog(qtbot, cctx, person_id)
    dialog.support.setCurrentIndex(dialog.support.findData("near_poor"))
    qtbot.keyClicks(dialog.income, "2000000")
    qtbot.keyClicks(dialog.cover_from, "12/2026")
    assert dialog.save_button.isEnabled()
    assert "Ctrl+Enter" in dialog.save_button.toolTip()
    # Enter in a dropdown, in the income, in the month: nothing is stored, nothing is asked.
    for widget in (dialog.method, dialog.support, dialog.income, dialog.cover_from):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClick(widget, Qt.Key.Key_Enter)
        assert getattr(dialog, "confirm_box", None) is None, widget.objectName()
    assert dialog.enrollment_id is None
    assert enrollments(cctx) == 0
    # Ctrl+Enter (the Save shortcut) asks first; Back stores nothing.
    qtbot.keyClick(dialog.cover_from, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = dialog.confirm_box
    assert box.isVisible()
    assert box.text() == "Thu 3.696.000 ₫?"
    assert "Nguyễn Văn Ánh" in box.informativeText()
    assert "12 tháng từ 12/2026" in box.informativeText()
    assert "Ba triệu sáu trăm chín mươi sáu nghìn đồng" in box.informativeText()
    qtbot.mouseClick(box.back_button, Qt.MouseButton.LeftButton)
    assert not box.isVisible()
    assert enrollments(cctx) == 0
    assert dialog.save_button.isEnabled()
    # Save, then Collect and save: stored with the amount confirmed.
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.confirm_box.collect_button.text() == "&Thu tiền và lưu"
        qtbot.mouseClick(dialog.confirm_box.collect_button, Qt.MouseButton.LeftButton)
    body = run_db(cctx, cctx.workspace.records.get, saved.args[0], "enrollment").body
    assert body["amount"] == 3_696_000
    assert enrollments(cctx) == 1


def test_household_health_enter_never_saves_and_saving_confirms(
    qtbot: QtBot, cctx: AppContext
) -> None:
    household_id, _ = household(cctx)
    dialog = HouseholdHealthDialog(cctx, household_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    qtbot.keyClicks(dialog.cover_from, "12/2026")
    for widget in (dialog.period_buttons[6], dialog.cover_from):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        assert getattr(dialog, "confirm_box", None) is None
    assert enrollments(cctx) == 0
    total = dialog.total_label.text()
    qtbot.keyClick(dialog.cover_from, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = dialog.confirm_box
    assert box.text() == f"Thu {total}?"
    assert "2 người" in box.informativeText()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter answers the question: collect
    assert enrollments(cctx) == 1
