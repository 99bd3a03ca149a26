"""A whole enrollment with the keyboard alone: search → household → voluntary enrollment →
confirm the amount → receipt → PDF. No mouse event is sent; every key goes to the widget that
has the focus, as it would for an agent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLineEdit, QWidget

from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.main_window import MainWindow
from agent_app.ui.money.receipt import ReceiptDialog
from agent_app.ui.money.report_pdf import pdf_text

HOUSEHOLD = {"head_name": "Nguyễn Văn Ánh", "commune_code": "31027", "address": "Số 4, Ấp 3"}
HEAD = {
    "full_name": "Nguyễn Văn Ánh",
    "relationship": "head",
    "date_of_birth": "1968-03-02",
    "sex": "male",
}
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifier)


def tab_to(qtbot: Any, target: QWidget, most: int = 12) -> None:
    """Tab until ``target`` (or the widget it is a proxy for) has the focus."""
    for _ in range(most):
        if focused() is target or target.isAncestorOf(focused()):
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName() or target!r}")


def choose(qtbot: Any, combo: QComboBox, value: str) -> None:
    """Pick ``value`` in a focused dropdown with the arrow keys."""
    assert focused() is combo
    if combo.currentData() != value:
        press(qtbot, Qt.Key.Key_Home)
    while combo.currentData() != value:
        before = combo.currentIndex()
        press(qtbot, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{value} is not in the list"


def test_a_whole_enrollment_with_the_keyboard_alone(qtbot, ctx, db, tmp_path: Path) -> None:
    household_id = db(ctx.workspace.households.register, HOUSEHOLD, [HEAD]).ids[0]
    window = MainWindow(ctx, communes=["31027"])
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    opened: list[Any] = []
    window.dialog_opened.connect(opened.append)

    # Search, then Down into the results and Enter to open the household.
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    page = window.households
    with qtbot.waitSignal(page.results_applied, timeout=10_000):
        qtbot.keyClicks(focused(), "nguyen van anh")
    press(qtbot, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.household.loaded, timeout=10_000) as loaded:
        press(qtbot, Qt.Key.Key_Return)
    assert loaded.args[0] == household_id

    # Ctrl+2: voluntary social insurance for the selected member.
    press(qtbot, Qt.Key.Key_2, CTRL)
    (dialog,) = opened
    assert isinstance(dialog, VoluntaryEnrollmentDialog)
    qtbot.waitUntil(lambda: dialog.person is not None, timeout=10_000)
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10_000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)

    # The form opens on its first empty required field; every field is reached with Tab.
    tab_to(qtbot, dialog.income)
    qtbot.keyClicks(focused(), "2000000")
    tab_to(qtbot, dialog.support)
    choose(qtbot, dialog.support, "near_poor")
    tab_to(qtbot, dialog.method)
    choose(qtbot, dialog.method, "yearly")
    tab_to(qtbot, dialog.cover_from)
    qtbot.keyClicks(focused(), "12/2026")
    qtbot.waitUntil(lambda: dialog.quote is not None and dialog.quote.total == 3_696_000)

    # Enter in a field never saves money; Ctrl+Enter asks to confirm the amount first.
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.enrollment_id is None
    press(qtbot, Qt.Key.Key_Return, CTRL)
    confirm = dialog.confirm_box
    qtbot.waitUntil(confirm.isVisible)
    assert "3.696.000" in confirm.text()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(confirm, Qt.Key.Key_Return)  # its default button: Collect and save
    # Focus lands on the next action: the receipt.
    qtbot.waitUntil(lambda: not confirm.isVisible())
    dialog.activateWindow()  # what the window manager does when the box closes
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: focused() is dialog.receipt_button, timeout=10_000)

    before = set(QApplication.topLevelWidgets())
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, ReceiptDialog) for w in set(QApplication.topLevelWidgets()) - before
        ),
        timeout=10_000,
    )
    (receipt,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReceiptDialog)]
    qtbot.waitUntil(lambda: receipt.info is not None, timeout=10_000)
    assert receipt.info.amount == 3_696_000
    receipt.activateWindow()
    qtbot.waitUntil(receipt.isActiveWindow)

    # Alt+D: Save as PDF; the file dialog takes a typed name and Enter.
    press(qtbot, Qt.Key.Key_D, ALT)
    qtbot.waitUntil(lambda: receipt.findChild(QFileDialog) is not None, timeout=10_000)
    files = receipt.findChild(QFileDialog)
    qtbot.waitUntil(files.isVisible)
    # It opens in the profile's receipts folder: the agent types a name and presses Enter.
    folder = Path(files.directory().absolutePath())
    assert folder.name == "receipts"
    name_box = files.findChild(QLineEdit, "fileNameEdit")
    files.activateWindow()  # what the window manager does for a new dialog
    qtbot.waitUntil(lambda: focused() is name_box, timeout=10_000)
    name_box.selectAll()
    qtbot.keyClicks(name_box, "bien-lai")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: receipt.last_pdf is not None, timeout=15_000)
    target = folder / "bien-lai.pdf"
    assert receipt.last_pdf == target
    text = pdf_text(target)
    assert "3.696.000" in text
    receipt.close()
    dialog.close()
