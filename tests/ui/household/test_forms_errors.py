"""Error messages are shown whole (wrapped, however many lines, the dialog growing to fit)
and go away as soon as the field's value is right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from agent_app.ui.household.household_form import MemberDialog

HOUSEHOLD = {"head_name": "Phạm Thị Lan", "commune_code": "31027", "address": "Ấp 3"}
# 12 digits, born 1980 and male, but 000 is no province: the longest CCCD message.
NO_PROVINCE = "000080123456"


def _shown_whole(label: QLabel) -> bool:
    return label.isVisible() and label.height() >= label.heightForWidth(label.width())


def test_a_long_error_wraps_whole_and_goes_when_fixed(qtbot, ctx, db, type_text):
    household_id = db(ctx.workspace.households.register, HOUSEHOLD, []).ids[0]
    dialog = MemberDialog(ctx, household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(dialog.minimumSizeHint().width(), dialog.minimumSizeHint().height())
    editor = dialog.editor
    type_text(editor.full_name, "Phạm Văn Nam")
    editor.relationship.setCurrentIndex(editor.relationship.findData("child"))
    editor.sex.setCurrentIndex(editor.sex.findData("male"))
    qtbot.keyClicks(editor.date_of_birth.edit, "01/01/1980")
    qtbot.keyClicks(editor.cccd, NO_PROVINCE)
    with qtbot.waitSignal(dialog.save_button.clicked):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(editor.errors.message("cccd")), timeout=5000)
    QApplication.processEvents()
    label = dialog.findChild(QLabel, "error_cccd")
    assert label.wordWrap()
    assert label.heightForWidth(label.width()) >= 2 * label.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: _shown_whole(label), timeout=2000)

    # Fixed: the message goes at once, without saving again.
    editor.cccd.clear()
    assert not label.isVisible()
    assert db(ctx.workspace.households.get, household_id).members == ()
