"""The Scripts page through real widgets: the pulled scripts with their numbers filled in,
folded search, the full-screen view that Esc closes, and the visit form's "Show" button."""

from __future__ import annotations

import json
from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agent_app.storage.syncport import LocalSyncPort
from agent_app.ui.campaign.scripts_page import ScriptFullScreen, ScriptsPage
from agent_app.ui.household.visit_form import VisitDialog
from agent_app.ui.main_window import MainWindow
from sync.protocol import Change

SCRIPTS = json.loads(
    (resources.files("resources") / "reference" / "scripts.json").read_text(encoding="utf-8")
)["scripts"]


def pull_scripts(ctx, db):
    changes = [Change(i, "ref.script", s["id"], 1, False, s) for i, s in enumerate(SCRIPTS, 1)]
    db(LocalSyncPort(ctx.workspace.store).apply_pull_page, changes, len(changes))


def test_search_and_full_screen(qtbot, ctx, db, type_text):
    pull_scripts(ctx, db)
    page = ScriptsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    assert len(page.visible_titles()) == len(SCRIPTS)
    assert page.current() is not None
    type_text(page.search, "thai san")
    assert set(page.visible_titles()) == {"Kịch bản tư vấn: Phụ nữ", "Kịch bản tư vấn: Thanh niên"}
    page.select(next(s["id"] for s in SCRIPTS if s["group"] == "women"))
    shown = page.text.toPlainText()
    assert "2.000.000 đ" in shown  # the maternity allowance, from the rates
    assert "{" not in shown
    page.search.clear()
    type_text(page.search, "xyzzy")
    assert page.visible_titles() == []
    assert page.empty.isVisibleTo(page)
    assert not page.full_button.isEnabled()
    page.search.clear()
    page.select(next(s["id"] for s in SCRIPTS if s["group"] == "farmers"))

    with qtbot.waitSignal(page.dialog_opened, timeout=5_000) as opened:
        qtbot.mouseClick(page.full_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, ScriptFullScreen)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert dialog.windowState() & Qt.WindowState.WindowFullScreen
    assert "font-size:24pt" in dialog.text.toHtml().replace(" ", "")
    assert "font-size:36pt" in dialog.text.toHtml().replace(" ", "")  # the title
    assert "264.000 đ" in dialog.text.toPlainText()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_english_scripts(qtbot, ctx, db):
    pull_scripts(ctx, db)
    ctx.lang = "en"
    page = ScriptsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    assert "Talking points: Farmers" in page.visible_titles()
    page.select(next(s["id"] for s in SCRIPTS if s["group"] == "farmers"))
    assert "264,000 đ" in page.text.toPlainText()


def test_the_visit_form_offers_the_script_and_shows_it(qtbot, ctx, db):
    pull_scripts(ctx, db)
    household = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
    household_id = db(ctx.workspace.households.register, household, []).primary
    dialog = VisitDialog(ctx, household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.script.count() == len(SCRIPTS) + 1, timeout=10_000)
    dialog.script.setCurrentIndex(dialog.script.findText("Kịch bản tư vấn: Nông dân"))
    assert dialog.body()["script_id"] == next(s["id"] for s in SCRIPTS if s["group"] == "farmers")
    button = dialog.findChild(type(dialog.save_button), "showScript")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def full_screen():
        return next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, ScriptFullScreen)), None
        )

    qtbot.waitUntil(lambda: full_screen() is not None and full_screen().isVisible(), timeout=5_000)
    shown = full_screen()
    assert shown.script.group == "farmers"
    shown.reject()


def test_the_window_has_scripts_and_calls_pages(qtbot, ctx, db):
    pull_scripts(ctx, db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.scripts.loaded, timeout=10_000):
        window.nav.setCurrentRow(window.PAGE_SCRIPTS)
    assert window.stack.currentWidget() is window.scripts
    with qtbot.waitSignal(window.calls.loaded, timeout=10_000):
        window.nav.setCurrentRow(window.PAGE_CALLS)
    assert window.stack.currentWidget() is window.calls


def test_the_visit_form_names_scripts_in_the_ui_language(qtbot, ctx, db):
    pull_scripts(ctx, db)
    household = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
    household_id = db(ctx.workspace.households.register, household, []).primary
    ctx.lang = "en"
    dialog = VisitDialog(ctx, household_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.script.count() == len(SCRIPTS) + 1, timeout=10_000)
    assert dialog.script.findText("Talking points: Farmers") > 0
