"""The main window builds only Today with itself; every other page is built on its first visit
(navigation, shortcut, opening a household) and then works like one built up front."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from PySide6.QtCore import Qt

from agent_app.ui.main_window import MainWindow

HOUSEHOLD = {"head_name": "Nguyễn Văn Ánh", "commune_code": "31027", "address": "Số 4, Ấp 3"}
MEMBERS = [
    {"full_name": "Nguyễn Văn Ánh", "relationship": "head", "date_of_birth": "1968-03-02",
     "sex": "male"},
]  # fmt: skip
LATER_PAGES = range(MainWindow.PAGE_HOUSEHOLDS, MainWindow.PAGE_HOUSEHOLD + 1)


def test_only_today_is_built_with_the_window(qtbot: Any, ctx: Any) -> None:
    window = MainWindow(ctx, communes=["31027"])
    qtbot.addWidget(window)
    window.show()
    assert window.is_built(window.PAGE_TODAY)
    assert window.stack.currentWidget() is window.today
    assert not any(window.is_built(page) for page in LATER_PAGES)
    assert window.stack.count() == window.PAGE_HOUSEHOLD + 1


def test_a_page_not_yet_visited_is_built_on_its_first_visit_and_works(
    qtbot: Any, ctx: Any, db: Any
) -> None:
    household_id = db(ctx.workspace.households.register, HOUSEHOLD, MEMBERS).primary
    window = MainWindow(ctx, communes=["31027"])
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # The shortcut to the search box builds the Households page, which finds the household.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.is_built(window.PAGE_HOUSEHOLDS)
    page = window.households
    assert window.stack.currentWidget() is page
    assert window.stack.indexOf(page) == window.PAGE_HOUSEHOLDS
    assert page.search.hasFocus()
    with qtbot.waitSignal(page.results_applied, timeout=10_000):
        qtbot.keyClicks(page.search, "nguyen")
    assert page.model.rowCount() == 1

    # Opening it builds the household page, at its own index, showing that household.
    assert not window.is_built(window.PAGE_HOUSEHOLD)
    with qtbot.waitSignal(window.household.loaded, timeout=10_000):
        window.open_household(household_id)
    assert window.stack.currentWidget() is window.household
    assert window.stack.indexOf(window.household) == window.PAGE_HOUSEHOLD

    # The navigation builds the Calls page on its first visit; a second visit reuses it.
    assert not window.is_built(window.PAGE_CALLS)
    with qtbot.waitSignal(window.calls.loaded, timeout=10_000):
        window.nav.setCurrentRow(window.PAGE_CALLS)
    calls = window.calls
    assert window.stack.currentWidget() is calls
    window.nav.setCurrentRow(window.PAGE_TODAY)
    window.nav.setCurrentRow(window.PAGE_CALLS)
    assert window.calls is calls
    assert window.stack.currentWidget() is calls
    assert window.stack.count() == window.PAGE_HOUSEHOLD + 1


def test_the_window_module_leaves_the_later_pages_modules_unimported() -> None:
    """What the first window imports (AgentApp.warm_up) stays small: the later pages' modules
    (and the enrollment dialogs, PDFs and charts under them) load on first visit."""
    code = (
        "import sys; import agent_app.ui.main_window; "
        "print(' '.join(m for m in ('agent_app.ui.campaign.renewals', "
        "'agent_app.ui.household.household', 'agent_app.ui.events.events', "
        "'agent_app.ui.campaign.scripts_page', 'agent_app.ui.sync.attention') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
