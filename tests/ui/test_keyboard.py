"""The keyboard path: every access key (Alt+letter) is unique in each window and dialog, in
Vietnamese and in English, and is a key on the keyboard; Down goes from the search box into the
results and Enter opens the household; focus lands where the next action is; the main actions
have shortcuts, shown in their tooltips."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QWidget,
)

from agent_app.services import AttentionItem
from agent_app.settings import AppSettings
from agent_app.ui.campaign.progress import ProgressDialog
from agent_app.ui.enroll.enroll_health import HouseholdHealthDialog
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.events.events import EventDialog
from agent_app.ui.events.events_summary import EventsSummaryDialog
from agent_app.ui.household.household_form import HouseholdDialog, MemberDialog
from agent_app.ui.household.visit_form import VisitDialog
from agent_app.ui.i18n import install_translator, remove_translators
from agent_app.ui.main_window import MainWindow
from agent_app.ui.money.export_dialog import ExportDialog
from agent_app.ui.money.ledger import LedgerDialog, ReceiptDetailsDialog
from agent_app.ui.money.receipt import ReceiptDialog
from agent_app.ui.profile.about_dialog import AboutDialog
from agent_app.ui.profile.backup_dialog import BackupDialog, ForgotPassphraseDialog, RestoreDialog
from agent_app.ui.profile.profile_dialogs import FirstRunDialog, UnlockDialog
from agent_app.ui.profile.settings_dialog import SettingsDialog
from agent_app.ui.sync.attention_dialogs import ConflictDialog, FixDialog
from agent_app.ui.sync.sync_panel import CloseDayDialog

HOUSEHOLD = {"head_name": "Nguyễn Văn Ánh", "commune_code": "31027", "address": "Số 4, Ấp 3"}
MEMBERS = [
    {"full_name": "Nguyễn Văn Ánh", "relationship": "head", "date_of_birth": "1968-03-02",
     "sex": "male"},
    {"full_name": "Đặng Thị Hoà", "relationship": "spouse", "date_of_birth": "1971-09-12",
     "sex": "female"},
]  # fmt: skip


def _offline(dialog: FirstRunDialog) -> FirstRunDialog:
    """The first run's secondary path: the profile typed in by hand."""
    dialog.set_mode(FirstRunDialog.MODE_OFFLINE)
    return dialog


@pytest.fixture(params=["vi", "en"])
def lang(request: Any, qapp: Any, ctx: Any) -> Iterator[str]:
    translators = install_translator(qapp, request.param)
    ctx.lang = request.param
    yield request.param
    remove_translators(qapp, translators)


def mnemonic(text: str) -> str | None:
    """The access key of a widget's text ("&Lưu" -> "l"), None when it has none."""
    i = 0
    while (i := text.find("&", i)) >= 0 and i + 1 < len(text):
        if text[i + 1] == "&":
            i += 2
            continue
        return text[i + 1].lower()
    return None


def access_keys(window: QWidget) -> dict[str, list[str]]:
    """Every access key the agent can press in ``window`` as it is shown, with its texts."""
    keys: dict[str, list[str]] = defaultdict(list)
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and not widget.isVisibleTo(window):
            continue  # a hidden page or button takes no Alt key
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        key = mnemonic(text)
        if key is not None:
            keys[key].append(text)
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            key = mnemonic(action.text())
            if key is not None:
                keys[key].append(action.text())
    return keys


def problems(where: str, window: QWidget) -> list[str]:
    found = []
    for key, texts in access_keys(window).items():
        if len(texts) > 1:
            found.append(f"{where}: Alt+{key} is {texts}")
        if not (key.isascii() and key.isalnum()):
            found.append(f"{where}: Alt+{key} ({texts[0]!r}) is not a key on the keyboard")
    return found


def _settle(qtbot: Any, ctx: Any) -> None:
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10_000)
    QApplication.processEvents()


def _seed(db: Any, ctx: Any) -> tuple[str, str, str]:
    changed = db(ctx.workspace.households.register, HOUSEHOLD, MEMBERS)
    household_id, person_id = changed.ids[0], changed.ids[1]
    enrolled = db(
        ctx.workspace.money.enroll_voluntary,
        {"person_id": person_id, "income": 1_500_000, "support": "other", "method": "monthly"},
    )
    return household_id, person_id, enrolled.primary


def test_every_access_key_is_unique_in_every_window(qtbot, ctx, db, lang, tmp_path):
    household_id, person_id, enrollment_id = _seed(db, ctx)
    found: list[str] = []

    window = MainWindow(ctx, communes=["31027", "31018"])
    qtbot.addWidget(window)
    window.show()
    for page in range(window.PAGE_HOUSEHOLD):  # every page of the navigation
        window.show_page(page)
        _settle(qtbot, ctx)
        found += problems(f"[{lang}] main window, page {page}", window)
    with qtbot.waitSignal(window.household.loaded, timeout=10_000):
        window.open_household(household_id)
    found += problems(f"[{lang}] main window, household", window)

    item = AttentionItem(
        op_id="op-1", kind="household", record_id=household_id, status="conflict",
        code="conflict", field="address", message="", body=dict(HOUSEHOLD),
        server={**HOUSEHOLD, "address": "Số 9, Ấp 3"}, conflicting_fields=("address",),
        label="Nguyễn Văn Ánh",
    )  # fmt: skip
    rejected = AttentionItem(
        op_id="op-2", kind="household", record_id=household_id, status="rejected",
        code="invalid", field="address", message="", body=dict(HOUSEHOLD), server=None,
        conflicting_fields=(), label="Nguyễn Văn Ánh",
    )  # fmt: skip
    dialogs: list[tuple[str, Any]] = [
        ("new household", lambda: HouseholdDialog(ctx)),
        ("edit household", lambda: HouseholdDialog(ctx, household_id, dict(HOUSEHOLD))),
        ("new member", lambda: MemberDialog(ctx, household_id)),
        ("visit", lambda: VisitDialog(ctx, household_id)),
        ("event", lambda: EventDialog(ctx)),
        ("voluntary", lambda: VoluntaryEnrollmentDialog(ctx, person_id)),
        ("health", lambda: HouseholdHealthDialog(ctx, household_id)),
        ("receipt", lambda: ReceiptDialog(ctx, enrollment_id)),
        ("close the day", lambda: CloseDayDialog(ctx)),
        ("conflict", lambda: ConflictDialog(ctx, item)),
        ("fix", lambda: FixDialog(ctx, rejected)),
        ("first run", lambda: FirstRunDialog(ctx.tasks, tmp_path, lang=lang)),
        ("first run offline", lambda: _offline(FirstRunDialog(ctx.tasks, tmp_path, lang=lang))),
        ("settings", lambda: SettingsDialog(ctx, None)),
        ("about", lambda: AboutDialog(ctx, tmp_path)),
        ("unlock", lambda: UnlockDialog(ctx.tasks, tmp_path, [])),
        ("export lists", lambda: ExportDialog(ctx)),
        ("receipt ledger", lambda: LedgerDialog(ctx)),
        ("receipt details", lambda: ReceiptDetailsDialog(ctx)),
        ("progress", lambda: ProgressDialog(ctx)),
        ("events summary", lambda: EventsSummaryDialog(ctx)),
        ("backup", lambda: BackupDialog(ctx, AppSettings(tmp_path / "settings.json"))),
        ("restore", lambda: RestoreDialog(ctx.tasks, tmp_path, lang=lang)),
        ("forgot passphrase", lambda: ForgotPassphraseDialog(tmp_path, "AG0001")),
    ]
    for name, make in dialogs:
        dialog: QDialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        _settle(qtbot, ctx)
        found += problems(f"[{lang}] {name}", dialog)
        banner = getattr(dialog, "banner", None)
        if banner is not None:  # "Continue the unfinished form?" shares the form's keys
            banner.show()
            found += problems(f"[{lang}] {name} with its draft banner", dialog)
        draft = getattr(dialog, "draft", None)
        if draft is not None:
            draft.discard()
        dialog.reject()
    assert found == [], "\n".join(found)


def test_an_access_key_reaches_its_field(qtbot, ctx, db, lang):
    household_id, _, _ = _seed(db, ctx)
    dialog = VisitDialog(ctx, household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    labels = {label.buddy(): label for label in dialog.findChildren(QLabel) if label.buddy()}
    key = mnemonic(labels[dialog.notes].text())
    assert key is not None
    qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
    assert dialog.notes.hasFocus()


def test_down_from_the_search_box_reaches_the_results_and_enter_opens(qtbot, ctx, db):
    _seed(db, ctx)
    db(ctx.workspace.households.register, {**HOUSEHOLD, "head_name": "Nguyễn Thị Bé"}, [])
    window = MainWindow(ctx, communes=["31027", "31018"])
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.households
    window.search_action.trigger()
    assert page.search.hasFocus()
    with qtbot.waitSignal(page.results_applied, timeout=5000):
        qtbot.keyClicks(page.search, "nguyen")
    assert page.model.rowCount() == 2
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()  # not the commune, then the status filter
    assert page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    qtbot.keyClick(page.table, Qt.Key.Key_Up)  # above the first result: the search box
    assert page.search.hasFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    target = page.model.row_at(0).id
    with qtbot.waitSignal(window.household.loaded, timeout=5000) as loaded:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert loaded.args[0] == target
    # The household is open: focus on its first action, not on the timeline.
    focused = QApplication.focusWidget()
    assert focused is window.household.buttons["log_visit"]
    # Tab from the search box goes to the results too.
    window.search_action.trigger()
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    assert page.table.hasFocus()


def test_main_actions_have_shortcuts_shown_in_their_tooltips(qtbot, ctx, db):
    household_id, _, _ = _seed(db, ctx)
    window = MainWindow(ctx, communes=["31027"])
    qtbot.addWidget(window)
    window.show()
    for action in (
        window.new_household_action,
        window.search_action,
        window.sync_action,
        window.close_day_action,
        window.lock_action,
    ):
        keys = action.shortcut().toString()
        assert keys, action.objectName()
        assert keys in action.toolTip(), action.objectName()
    with qtbot.waitSignal(window.household.loaded, timeout=10_000):
        window.open_household(household_id)
    page = window.household
    for name in ("log_visit", "enroll_voluntary", "enroll_health", "add_member", "edit_household"):
        action = page.shortcut_actions[name]
        keys = action.shortcut().toString()
        assert keys, name
        assert keys in page.buttons[name].toolTip(), name
    opened = []
    page.dialog_opened.connect(opened.append)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page, page.shortcut_actions["log_visit"].shortcut().toString()[-1],
                   Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    assert opened
    assert isinstance(opened[-1], VisitDialog)
    opened[-1].reject()


def test_a_form_opens_on_its_first_empty_required_field(qtbot, ctx, db):
    household_id, _, _ = _seed(db, ctx)
    cases = [
        (lambda: HouseholdDialog(ctx), lambda d: d.head_name),
        (lambda: VisitDialog(ctx, household_id), lambda d: d.outcome_buttons["enrolled"]),
        (lambda: EventDialog(ctx), lambda d: d.commune),  # two communes: which one?
        (lambda: MemberDialog(ctx, household_id), lambda d: d.editor.full_name),
    ]
    for make, expected in cases:
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        assert QApplication.focusWidget() is expected(dialog), type(dialog).__name__
        if dialog.draft is not None:  # every record form has the attribute
            dialog.draft.discard()
        dialog.reject()


def test_keys_only_from_search_to_the_enrollment_form(qtbot, ctx, db):
    household_id, person_id, _ = _seed(db, ctx)
    window = MainWindow(ctx, communes=["31027"])
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    opened: list[Any] = []
    window.dialog_opened.connect(opened.append)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.households
    assert page.search.hasFocus()
    with qtbot.waitSignal(page.results_applied, timeout=5000):
        qtbot.keyClicks(page.search, "nguyen van anh")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.household.loaded, timeout=5000) as loaded:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert loaded.args[0] == household_id
    focused = QApplication.focusWidget()
    assert focused is window.household.buttons["log_visit"]
    qtbot.keyClick(focused, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1
    assert isinstance(opened[0], VoluntaryEnrollmentDialog)
    assert opened[0].person_id == person_id  # the first member, selected when it opened
    # Closed once loaded: a dialog closed while loading is its own (enroll_voluntary) matter.
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10_000)
    opened[0].draft.discard()
    opened[0].reject()
    # Back to the list (Alt+Left): the household's keys are gone with its page.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Left,
                   Qt.KeyboardModifier.AltModifier)  # fmt: skip
    assert window.stack.currentWidget() is page
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1


def test_the_first_run_access_keys_reach_the_connect_fields(qtbot, ctx, lang, tmp_path):
    """The connect fields sit in a box with their error line: the label still leads to them."""
    dialog = FirstRunDialog(ctx.tasks, tmp_path, lang=lang)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    labels = {label.buddy(): label for label in dialog.findChildren(QLabel) if label.buddy()}
    for field in (dialog.enrollment_code, dialog.username, dialog.server_url):
        key = mnemonic(labels[field].text())
        assert key is not None
        qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
        assert field.hasFocus()
