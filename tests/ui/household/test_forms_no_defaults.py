"""The forms never answer for the agent: a person's date of birth, sex and relationship, a
visit's outcome and refusal reason start blank, and saving is refused, beside each field, until
they are given; "Other reason" needs the words."""

from __future__ import annotations

from PySide6.QtCore import Qt

from agent_app.ui.household.household_form import HouseholdDialog, MemberDialog
from agent_app.ui.household.visit_form import VisitDialog

HOUSEHOLD = {"head_name": "Phạm Thị Lan", "commune_code": "31027", "address": "Ấp 3"}


def _household(db, ctx):
    return db(ctx.workspace.households.register, HOUSEHOLD, []).ids[0]


def test_a_new_household_head_has_no_birth_date_or_sex_until_typed(qtbot, ctx, db, type_text):
    dialog = HouseholdDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.editor
    assert editor.date_of_birth.text() == ""  # not 01/01/1980
    assert editor.sex.currentIndex() == -1  # not male
    assert editor.sex.currentData() is None
    assert dialog.commune.currentIndex() == -1  # two communes in the profile: none assumed
    type_text(dialog.head_name, "Trần Văn Bình")
    dialog.commune.setCurrentIndex(dialog.commune.findData("31027"))
    type_text(dialog.address, "Số 12, đường Lộ Tẻ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert editor.errors.message("date_of_birth")
    assert editor.errors.message("sex")
    assert dialog.isVisible()
    assert editor.date_of_birth.edit.hasFocus() or not dialog.isActiveWindow()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    assert db(ctx.workspace.households.search, "") == []

    # Typed: 15031975 (digits only) is 15/03/1975, and the household is saved with it.
    qtbot.keyClicks(editor.date_of_birth.edit, "15031975")
    editor.sex.setCurrentIndex(editor.sex.findData("male"))
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    member = db(ctx.workspace.households.get, saved.args[0].primary).members[0]
    assert (member.date_of_birth.isoformat(), member.sex) == ("1975-03-15", "male")


def test_the_member_form_starts_blank_and_refuses_blanks(qtbot, ctx, db, type_text):
    household_id = _household(db, ctx)
    dialog = MemberDialog(ctx, household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.editor
    assert editor.date_of_birth.text() == ""
    assert editor.sex.currentIndex() == -1
    assert editor.relationship.currentIndex() == -1  # not "child"
    assert editor.full_name.hasFocus() or not dialog.isActiveWindow()
    type_text(editor.full_name, "Phạm Văn Nam")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(editor.errors.message("sex")))
    for field in ("date_of_birth", "sex", "relationship"):
        assert editor.errors.message(field), field
    assert db(ctx.workspace.households.get, household_id).members == ()


def _visit(qtbot, ctx, household_id):
    dialog = VisitDialog(ctx, household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _visits(db, ctx, household_id):
    return [e for e in db(ctx.workspace.households.get, household_id).timeline if e.kind == "visit"]


def test_a_visit_has_no_outcome_until_one_is_chosen(qtbot, ctx, db):
    household_id = _household(db, ctx)
    dialog = _visit(qtbot, ctx, household_id)
    assert dialog.outcome.checkedId() == -1  # not "interested"
    assert dialog.outcome_value() is None
    assert dialog.reason.currentIndex() == -1  # not the first reason
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("outcome")
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    assert _visits(db, ctx, household_id) == []

    qtbot.mouseClick(dialog.outcome_buttons["refused"], Qt.MouseButton.LeftButton)
    assert not dialog.errors.message("outcome")  # answered: its error goes at once
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("reason")  # a refusal needs its reason
    assert _visits(db, ctx, household_id) == []
    qtbot.mouseClick(dialog.outcome_buttons["not_home"], Qt.MouseButton.LeftButton)
    assert not dialog.errors.message("reason")  # not a refusal any more: no reason needed


def test_other_reason_needs_the_words(qtbot, ctx, db, type_text):
    household_id = _household(db, ctx)
    dialog = _visit(qtbot, ctx, household_id)
    qtbot.mouseClick(dialog.outcome_buttons["refused"], Qt.MouseButton.LeftButton)
    dialog.reason.setCurrentIndex(dialog.reason.count() - 1)  # "Lý do khác"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Other reason" in dialog.errors.message("reason")  # no translator in the tests
    assert dialog.reason_text.hasFocus() or not dialog.isActiveWindow()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    assert _visits(db, ctx, household_id) == []
    type_text(dialog.reason_text, "Đợi con đi làm về")
    assert not dialog.errors.message("reason")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (visit,) = _visits(db, ctx, household_id)
    assert visit.body["reason"] == "Lý do khác: Đợi con đi làm về"


def test_a_ticked_follow_up_needs_its_date(qtbot, ctx, db):
    household_id = _household(db, ctx)
    dialog = _visit(qtbot, ctx, household_id)
    qtbot.mouseClick(dialog.outcome_buttons["not_home"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.follow_up, Qt.MouseButton.LeftButton)
    assert dialog.follow_up_on.text() == ""  # no date picked for the agent
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("follow_up_on")
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    assert _visits(db, ctx, household_id) == []
