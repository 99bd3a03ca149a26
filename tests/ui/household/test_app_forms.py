"""The household and member forms: errors beside the field with nothing stored, drafts that
bring an interrupted form back, and the member removal that can be undone."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from agent_app.ui.household.household_form import HouseholdDialog, MemberDialog

BAD_CCCD = "091234567890"  # 12 digits, but the century/sex digit does not match the birth date


def _fill_household(type_text, dialog, head="Trần Văn Bình"):
    type_text(dialog.head_name, head)
    type_text(dialog.village, "Ấp Tân Hòa")
    type_text(dialog.address, "Số 12, đường Lộ Tẻ")


def test_invalid_cccd_shows_its_error_beside_the_field_and_saves_nothing(qtbot, ctx, db, type_text):
    dialog = HouseholdDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_household(type_text, dialog)
    dialog.editor.date_of_birth.set_value(date(1970, 5, 1))
    qtbot.keyClicks(dialog.editor.cccd, "0910")  # too short to be a CCCD
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.editor.errors.message("cccd")
    assert error  # shown beside the CCCD field
    assert dialog.findChild(type(dialog.editor.full_name), "memberCccd") is dialog.editor.cccd
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    assert db(ctx.workspace.households.search, "") == []


def test_member_dialog_shows_the_service_error_beside_the_field(qtbot, ctx, db, type_text):
    changed = db(
        ctx.workspace.households.register,
        {"head_name": "Phạm Thị Lan", "commune_code": "31027", "address": "Ấp 3"},
        [],
    )
    household_id = changed.ids[0]
    dialog = MemberDialog(ctx, household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.editor.full_name, "Phạm Văn Nam")
    # Born 1980, male (typed: the form no longer assumes them), so the CCCD's digit is wrong.
    qtbot.keyClicks(dialog.editor.date_of_birth.edit, "01/01/1980")
    dialog.editor.sex.setCurrentIndex(dialog.editor.sex.findData("male"))
    qtbot.keyClicks(dialog.editor.cccd, BAD_CCCD)
    with qtbot.waitSignal(dialog.save_button.clicked):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.editor.errors.message("cccd")))
    assert dialog.editor.errors.message("cccd")
    assert dialog.save_button.isEnabled()
    assert db(ctx.workspace.households.get, household_id).members == ()


def test_an_interrupted_form_reopens_from_its_draft(qtbot, ctx, type_text):
    first = HouseholdDialog(ctx)
    qtbot.addWidget(first)
    first.show()
    with qtbot.waitSignal(first.draft.saved, timeout=5000):
        _fill_household(type_text, first, head="Đặng Thị Thu")
    first.close()  # the laptop lid closes: no save, no discard

    again = HouseholdDialog(ctx)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(again.banner.isVisible)
    assert again.head_name.text() == ""
    qtbot.mouseClick(again.banner.continue_button, Qt.MouseButton.LeftButton)
    assert again.head_name.text() == "Đặng Thị Thu"
    assert again.village.text() == "Ấp Tân Hòa"
    assert not again.banner.isVisible()


def test_start_over_discards_the_draft(qtbot, ctx, db, type_text):
    first = HouseholdDialog(ctx)
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.draft.saved, timeout=5000):
        type_text(first.head_name, "Võ Văn Tài")
    again = HouseholdDialog(ctx)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(again.banner.isVisible)
    qtbot.mouseClick(again.banner.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db(ctx.workspace.drafts.load, "household", "new") is None)
