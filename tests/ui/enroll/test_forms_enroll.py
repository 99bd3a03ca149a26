"""The enrollment dialogs and the receipt over a real encrypted profile and real worker threads:
the live quotes match DOMAIN.md's worked examples to the đồng, rule errors sit beside their
field, and a saved enrollment gets a numbered receipt printed to PDF."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from agent_app.services import Workspace
from agent_app.ui.context import AppContext
from agent_app.ui.enroll.enroll_health import HouseholdHealthDialog
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.money.receipt import ReceiptDialog
from agent_app.ui.money.report_pdf import pdf_text

TODAY = date(2026, 11, 21)


@pytest.fixture
def today() -> date:
    """The day the workspace believes it is; the money of an enrollment is taken that day."""
    return TODAY


@pytest.fixture
def fctx(
    qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any, today: date
) -> Iterator[AppContext]:
    """A context whose workspace believes today is 21/11/2026 (the worked examples' date)."""

    def open_all() -> Workspace:
        return Workspace(profile_factory(data_dir, code="DL001"), today=lambda: today)

    workspace = tasks.run_db(open_all).result(timeout=30)
    context = AppContext(workspace, tasks, lang="vi")
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


def run_db(ctx: AppContext, fn: Any, *args: Any) -> Any:
    return ctx.tasks.run_db(fn, *args).result(timeout=30)


def make_household(ctx: AppContext, *, covered: bool = False) -> tuple[str, list[str]]:
    members: list[dict[str, Any]] = [
        {
            "full_name": "Nguyễn Văn Ánh",
            "date_of_birth": "1985-03-02",
            "sex": "male",
            "relationship": "head",
            "cccd": "079085001234",
        },
        {
            "full_name": "Trần Thị Hoà",
            "date_of_birth": "1988-07-15",
            "sex": "female",
            "relationship": "spouse",
        },
        {
            "full_name": "Nguyễn Thị Lan",
            "date_of_birth": "2004-01-09",
            "sex": "female",
            "relationship": "child",
            "covered_elsewhere": covered,
        },
        {
            "full_name": "Nguyễn Văn Đức",
            "date_of_birth": "2010-05-20",
            "sex": "male",
            "relationship": "child",
        },
    ]
    household = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
    changed = run_db(ctx, ctx.workspace.households.register, household, members)
    household_id, *member_ids = changed.ids
    return household_id, member_ids


def open_voluntary(qtbot: QtBot, ctx: AppContext, person_id: str) -> VoluntaryEnrollmentDialog:
    dialog = VoluntaryEnrollmentDialog(ctx, person_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.person_loaded, timeout=10_000):
        dialog.show()
    return dialog


def type_income(qtbot: QtBot, dialog: VoluntaryEnrollmentDialog, digits: str) -> None:
    dialog.income.clear()
    qtbot.keyClicks(dialog.income, digits)


def test_voluntary_quote_matches_the_worked_examples(qtbot: QtBot, fctx: AppContext) -> None:
    _, (person_id, *_rest) = make_household(fctx)
    dialog = open_voluntary(qtbot, fctx, person_id)
    assert "Nguyễn Văn Ánh" in dialog.person_label.text()
    assert "079085001234" in dialog.person_label.text()
    dialog.support.setCurrentIndex(dialog.support.findData("near_poor"))
    dialog.method.setCurrentIndex(dialog.method.findData("yearly"))
    type_income(qtbot, dialog, "2000000")
    assert dialog.income.text() == "2.000.000"
    assert dialog.quote_labels["gross"].text() == "440.000 ₫"
    # The support is 40 % of 22 % of the poverty line (1.500.000), not of the income:
    assert dialog.quote_labels["support"].text() == "132.000 ₫ (40 %)"
    assert dialog.quote_labels["payable"].text() == "308.000 ₫"
    assert dialog.quote_labels["total"].text() == "3.696.000 ₫"
    assert dialog.save_button.isEnabled()

    dialog.method.setCurrentIndex(dialog.method.findData("advance"))
    assert dialog.months.isEnabled()
    dialog.months.setValue(60)
    assert dialog.quote_labels["total"].text() == "16.639.278 ₫"
    assert dialog.quote_labels["discount"].text() == "1.840.722 ₫"
    # Paying 2.000.000 from now to retirement (02/03/2047, 243 months) gives 46 %.
    assert "920.000 ₫" in dialog.pension_label.text()


def test_income_below_floor_shows_error_beside_income(qtbot: QtBot, fctx: AppContext) -> None:
    _, (person_id, *_rest) = make_household(fctx)
    dialog = open_voluntary(qtbot, fctx, person_id)
    type_income(qtbot, dialog, "1000000")
    message = dialog.errors.message("income")
    assert "thấp hơn mức tối thiểu" in message
    assert "1.500.000 ₫" in message
    assert dialog.findChild(type(dialog.person_label), "error_income").isVisible()
    assert not dialog.save_button.isEnabled()
    assert dialog.quote_labels["total"].text() == "—"
    # Enter does not save an invalid form.
    qtbot.keyClick(dialog.income, Qt.Key.Key_Return)
    assert dialog.enrollment_id is None
    # The floor button fixes it.
    qtbot.mouseClick(dialog.floor_button, Qt.MouseButton.LeftButton)
    assert dialog.income.value() == 1_500_000
    assert dialog.errors.message("income") == ""
    assert dialog.save_button.isEnabled()


def test_voluntary_save_then_receipt_pdf(qtbot: QtBot, fctx: AppContext, tmp_path: Path) -> None:
    _, (person_id, *_rest) = make_household(fctx)
    dialog = open_voluntary(qtbot, fctx, person_id)
    dialog.support.setCurrentIndex(dialog.support.findData("near_poor"))
    type_income(qtbot, dialog, "2000000")
    qtbot.keyClicks(dialog.cover_from, "12/2026")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.confirm_box.collect_button, Qt.MouseButton.LeftButton)
    enrollment_id = saved.args[0]
    assert dialog.receipt_button.isVisible()
    assert not dialog.save_button.isVisible()

    receipt = dialog.open_receipt()
    assert isinstance(receipt, ReceiptDialog)
    with qtbot.waitSignal(receipt.issued, timeout=10_000) as issued:
        pass
    info = issued.args[0]
    assert info.number == "DL001-2026-000001"
    assert info.amount == 3_696_000
    assert info.enrollment_id == enrollment_id
    assert "DL001-2026-000001" in receipt.preview.toPlainText()
    text = " ".join(pdf_text(receipt.save_pdf(tmp_path / "r.pdf")).split())
    assert "DL001-2026-000001" in text
    assert "3.696.000 ₫" in text
    assert "Ba triệu sáu trăm chín mươi sáu nghìn đồng" in text
    assert "079085001234" in text  # the payer's CCCD, looked up from the person
    receipt.close()

    # Opening the receipt again shows the same one rather than a second number.
    again = ReceiptDialog(fctx, enrollment_id)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.issued, timeout=10_000) as shown:
        pass
    assert shown.args[0].number == "DL001-2026-000001"


def test_voluntary_draft_survives_closing(qtbot: QtBot, fctx: AppContext) -> None:
    _, (person_id, *_rest) = make_household(fctx)
    dialog = open_voluntary(qtbot, fctx, person_id)
    dialog.support.setCurrentIndex(dialog.support.findData("poor"))
    with qtbot.waitSignal(dialog.draft.saved, timeout=10_000):
        type_income(qtbot, dialog, "1800000")
    dialog.reject()
    reopened = open_voluntary(qtbot, fctx, person_id)
    assert reopened.income.value() == 1_800_000
    assert reopened.support.currentData() == "poor"


@pytest.mark.parametrize("today", [date(2025, 11, 1)])  # the household worked example's day
def test_household_health_ladder_and_covered_member(qtbot: QtBot, fctx: AppContext) -> None:
    household_id, member_ids = make_household(fctx, covered=True)
    dialog = HouseholdHealthDialog(fctx, household_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    model = dialog.model
    covered_row = member_ids.index(member_ids[2])
    assert model.covered(model.members[covered_row])
    assert not (model.flags(model.index(covered_row, 0)) & Qt.ItemFlag.ItemIsEnabled)
    assert not model.set_checked(covered_row, True)  # never charged
    assert "Nguyễn Thị Lan" in dialog.covered_label.text()
    # Three members ticked (the covered one cannot be): 105.300 / 73.710 / 63.180 a month.
    assert model.selected_ids() == [member_ids[0], member_ids[1], member_ids[3]]
    monthly = [model.index(r, model.COL_MONTHLY).data() for r in range(len(model.members))]
    assert monthly == ["105.300 ₫", "73.710 ₫", "", "63.180 ₫"]
    pct = [model.index(r, model.COL_PCT).data() for r in range(len(model.members))]
    assert pct == ["100 %", "70 %", "", "60 %"]
    assert dialog.total_label.text() == "2.906.280 ₫"
    assert dialog.period_buttons[12].text().endswith("2.906.280 ₫")
    assert dialog.period_buttons[3].text().endswith("726.570 ₫")
    assert dialog.period_buttons[6].text().endswith("1.453.140 ₫")
    qtbot.mouseClick(dialog.period_buttons[6], Qt.MouseButton.LeftButton)
    assert dialog.total_label.text() == "1.453.140 ₫"
    dialog.period_buttons[12].setChecked(True)
    qtbot.keyClicks(dialog.cover_from, "11/2025")

    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.confirm_box.collect_button, Qt.MouseButton.LeftButton)
    receipt = dialog.open_receipt()
    assert receipt is not None
    with qtbot.waitSignal(receipt.issued, timeout=10_000) as issued:
        pass
    info = issued.args[0]
    assert info.enrollment_id == saved.args[0]
    assert info.amount == 2_906_280
    assert "Nguyễn Thị Lan" not in info.person_names


def test_household_health_unticking_everyone_disables_save(qtbot: QtBot, fctx: AppContext) -> None:
    household_id, _ = make_household(fctx)
    dialog = HouseholdHealthDialog(fctx, household_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    assert dialog.save_button.isEnabled()
    for row in range(len(dialog.model.members)):
        dialog.model.set_checked(row, False)
    assert not dialog.save_button.isEnabled()
    assert dialog.total_label.text() == "—"
