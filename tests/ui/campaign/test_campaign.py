"""The campaign screens through real widgets over a real encrypted profile and real worker
threads: progress against the targets with pace, the events summary with sign-ups per event
(an enrollment names its event), the possible-duplicate warning with "not a duplicate"
remembered, and the cash counted by note in Close the day with its remittance slip."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from agent_app.services import Changed, Workspace
from agent_app.services.duplicates import possible_duplicates
from agent_app.storage.syncport import LocalSyncPort
from agent_app.ui.campaign.progress import STATUS_COLOURS, ProgressDialog
from agent_app.ui.context import AppContext
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.events.events_summary import EventsSummaryDialog
from agent_app.ui.i18n import install_translator, remove_translators
from agent_app.ui.money.report_pdf import pdf_text
from agent_app.ui.sync.sync_panel import CloseDayDialog
from sync.protocol import Change

TODAY = date(2026, 11, 21)
HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
PEOPLE = [
    {"full_name": "Nguyễn Văn Ánh", "date_of_birth": "1985-03-02", "sex": "male",
     "relationship": "head", "cccd": "079085001234"},
    {"full_name": "Trần Thị Hoà", "date_of_birth": "1988-07-15", "sex": "female",
     "relationship": "spouse"},
    {"full_name": "Nguyễn Văn Đức", "date_of_birth": "2000-05-20", "sex": "male",
     "relationship": "child"},
]  # fmt: skip
TARGET = {
    "commune_code": "31027", "campaign": "2026", "start": "2026-11-01", "deadline": "2026-11-30",
    "voluntary_new": 4, "household_health_new": 10, "events": 2,
    "revisions": [{"from": "2026-11-15", "voluntary_new": 6}],
    "agents": {"DL001": {"voluntary_new": 3}},
}  # fmt: skip


@pytest.fixture
def kctx(qtbot: QtBot, data_dir: Path, tasks: Any, profile_factory: Any) -> Iterator[AppContext]:
    def open_all() -> Workspace:
        return Workspace(profile_factory(data_dir, code="DL001"), today=lambda: TODAY)

    workspace = tasks.run_db(open_all).result(timeout=30)
    context = AppContext(workspace, tasks, lang="en")
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


@pytest.fixture
def vi(qapp: QApplication) -> Iterator[None]:
    translators = install_translator(qapp, "vi")
    yield
    remove_translators(qapp, translators)


def run_db(ctx: AppContext, fn: Any, *args: Any, **kwargs: Any) -> Any:
    return ctx.tasks.run_db(fn, *args, **kwargs).result(timeout=30)


def household(ctx: AppContext) -> tuple[str, list[str]]:
    changed = run_db(ctx, ctx.workspace.households.register, HOUSEHOLD, PEOPLE)
    household_id, *people = changed.ids
    return household_id, people


def enroll(ctx: AppContext, person_id: str, paid_on: str, **extra: Any) -> str:
    body = {"person_id": person_id, "income": 1_500_000, "support": "other",
            "method": "monthly", "paid_on": paid_on, **extra}  # fmt: skip
    return str(run_db(ctx, ctx.workspace.money.enroll_voluntary, body).ids[0])


def pull_target(ctx: AppContext, body: dict[str, Any]) -> None:
    port = LocalSyncPort(ctx.workspace.store)
    run_db(ctx, port.apply_pull_page, [Change(1, "ref.target", "t-31027", 1, False, body)], 1)


def test_progress_screen_pace_charts_and_achievement(qtbot: QtBot, kctx: AppContext) -> None:
    _, people = household(kctx)
    enroll(kctx, people[0], "2026-11-03")
    enroll(kctx, people[1], "2026-11-20")
    pull_target(kctx, TARGET)
    dialog = ProgressDialog(kctx)
    qtbot.addWidget(dialog)
    page = dialog.page
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.show()
    table = page.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    metric = "voluntary social insurance, new participants"
    commune = next(r for t, r in rows.items() if t.endswith(metric) and t.startswith("Xã"))
    cells = [table.item(commune, c).text() for c in range(8)]
    # Target 6 (4, revised from 15/11), 2 achieved = 33 %, expected 6 × 21 / 30 = 4, needed 1
    # a day over the 10 days left; 2 of 4 expected is below 80 %: red, in words too.
    assert cells[1:] == ["6", "2", "33 %", "4", "1", "30/11/2026", "● Behind"]
    status = table.item(commune, 7)
    assert status.foreground().color().name() == STATUS_COLOURS["red"]
    assert "Agent" in table.item(0, 0).text()
    assert "DL001" in table.item(0, 0).text()
    assert [table.item(0, c).text() for c in (1, 2, 3)] == ["3", "2", "67 %"]
    assert any(t.startswith("All communes") for t in rows)
    assert "80 %" in page.legend.text()
    # The achievement chart: one bar per target in its status colour, the percent in words.
    chart = page.achievement_view.chart()
    labels = chart.axes(Qt.Orientation.Vertical)[0].categories()
    assert labels[-1] == "DL001 · voluntary SI: 67 %"  # at the top: the chart's last category
    n = len(labels)
    mine = n - 1 - commune  # the chart lists the table's rows bottom-up
    assert labels[mine].endswith("· voluntary SI: 33 %")
    assert page.achievement_sets["red"].at(mine) == 33.0
    assert page.achievement_sets["green"].at(mine) == 0.0
    assert "Green" in page.legend.text()
    assert "Red" in page.legend.text()
    # Choosing the commune's row draws its charts and says its pace.
    table.selectRow(commune)
    assert "Target <b>6</b>" in page.summary.text()
    assert "revised from 4 on 15/11/2026" in page.summary.text()
    assert "expected by today <b>4</b>" in page.summary.text()
    assert "needed per day from now <b>1</b> (10 days left)" in page.summary.text()
    assert "Behind" in page.summary.text()
    bars = page.bar_series.barSets()[0]
    assert bars.count() == 21  # 1/11 to today
    assert (bars.at(2), bars.at(19), sum(bars.at(i) for i in range(21))) == (1.0, 1.0, 2.0)
    lines = page.line_series
    assert lines["achieved"].count() == 21
    assert lines["achieved"].at(20).y() == 2.0
    assert (lines["target"].at(13).y(), lines["target"].at(14).y()) == (4.0, 6.0)
    assert lines["expected"].at(29).y() == 6.0
    needed = lines["needed"]
    assert [(p.x(), p.y()) for p in needed.points()] == [(20.0, 2.0), (29.0, 6.0)]
    assert page.bar_view is not None
    qtbot.waitUntil(page.bar_view.isVisible, timeout=10_000)
    # A new sign-up redraws the screen.
    enroll(kctx, people[2], "2026-11-21")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        kctx.changed.emit(Changed(frozenset({"enrollment"})))
    assert table.item(commune, 2).text() == "3"


def test_progress_screen_in_vietnamese(qtbot: QtBot, kctx: AppContext, vi: None) -> None:
    _, people = household(kctx)
    enroll(kctx, people[0], "2026-11-03")
    pull_target(kctx, {**TARGET, "voluntary_new": 244, "revisions": []})
    kctx.lang = "vi"
    dialog = ProgressDialog(kctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.page.loaded, timeout=10_000):
        dialog.show()
    texts = dialog.page.summary.text() + dialog.page.legend.text()
    assert "Chỉ tiêu" in texts
    assert "Xanh" in texts


def test_an_enrollment_names_its_event_and_the_summary_counts_it(
    qtbot: QtBot, kctx: AppContext
) -> None:
    household_id, people = household(kctx)
    event = run_db(
        kctx, kctx.workspace.events.record,
        {"commune_code": "31027", "type": "livestream", "held_on": "2026-11-19",
         "attendees": 1200, "leads": 35, "team": "Tổ livestream xã"},
    ).ids[0]  # fmt: skip
    dialog = VoluntaryEnrollmentDialog(kctx, people[1])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.person_loaded, timeout=10_000):
        dialog.show()
    qtbot.waitUntil(lambda: dialog.event_choice.count() == 2, timeout=10_000)
    assert dialog.event_choice.itemText(0) == "No event"
    assert "19/11/2026" in dialog.event_choice.itemText(1)
    dialog.event_choice.setCurrentIndex(1)
    qtbot.keyClicks(dialog.income, "1500000")
    qtbot.keyClicks(dialog.cover_from, "12/2026")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.confirm_box.collect_button, Qt.MouseButton.LeftButton)
    body = run_db(kctx, kctx.workspace.records.get, saved.args[0], "enrollment").body
    assert body["event_id"] == event
    run_db(
        kctx, kctx.workspace.households.log_visit,
        {"household_id": household_id, "visited_on": "2026-11-20", "outcome": "interested",
         "event_id": event},
    )  # fmt: skip
    summary = EventsSummaryDialog(kctx)
    qtbot.addWidget(summary)
    with qtbot.waitSignal(summary.loaded, timeout=10_000):
        summary.show()
    types = summary.types_table
    by_type = {types.item(r, 0).text(): r for r in range(types.rowCount())}
    row = by_type["Livestream"]
    assert [types.item(row, c).text() for c in range(1, 7)] == ["1", "1.200", "35", "1", "1", "1"]
    assert [types.item(by_type["Launch rally"], c).text() for c in (1, 5)] == ["0", "0"]
    events = summary.events_table
    assert events.rowCount() == 1
    assert [events.item(0, c).text() for c in (0, 1, 3, 4, 7, 8)] == [
        "19/11/2026", "Livestream", "Tổ livestream xã", "1.200", "1", "1",
    ]  # fmt: skip


def test_possible_duplicate_warned_and_not_a_duplicate_remembered(
    qtbot: QtBot, kctx: AppContext
) -> None:
    _, people = household(kctx)
    earlier = enroll(kctx, people[0], "2026-11-17")  # 4 days ago, same CCCD, same scheme
    dialog = VoluntaryEnrollmentDialog(kctx, people[0])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.person_loaded, timeout=10_000):
        dialog.show()
    qtbot.waitUntil(lambda: dialog.duplicates.found is not None, timeout=10_000)
    qtbot.keyClicks(dialog.income, "1500000")
    qtbot.keyClicks(dialog.cover_from, "12/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = dialog.duplicates.box
    assert box is not None
    assert box.isVisible()
    assert getattr(dialog, "confirm_box", None) is None  # asked before the amount
    assert "7 days" in box.text()
    assert "Nguyễn Văn Ánh, CCCD 079085001234" in box.informativeText()
    assert "17/11/2026 (on this laptop)" in box.informativeText()
    # Back: nothing stored, nothing remembered.
    qtbot.mouseClick(dialog.duplicates.back_button, Qt.MouseButton.LeftButton)
    assert not box.isVisible()
    assert getattr(dialog, "confirm_box", None) is None
    assert run_db(kctx, kctx.workspace.store.one, "SELECT count(*) FROM not_duplicate")[0] == 0
    # Save again: asked again; "Not a duplicate" goes on to the amount and is remembered.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = dialog.duplicates.box
    with qtbot.waitSignal(
        kctx.changed, timeout=10_000, check_params_cb=lambda c: "not_duplicate" in c.kinds
    ):
        qtbot.mouseClick(dialog.duplicates.not_duplicate_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_box.isVisible()
    qtbot.mouseClick(dialog.confirm_box.back_button, Qt.MouseButton.LeftButton)
    marked = run_db(
        kctx, kctx.workspace.store.all, "SELECT cccd, scheme, enrollment_id FROM not_duplicate"
    )
    assert [tuple(m) for m in marked] == [("079085001234", "voluntary", earlier)]
    # Not asked again for that pair: Save goes straight to the amount, in a new dialog too.
    box_before = dialog.duplicates.box
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.duplicates.box is box_before
    assert not box_before.isVisible()
    assert dialog.confirm_box.isVisible()
    qtbot.mouseClick(dialog.confirm_box.back_button, Qt.MouseButton.LeftButton)
    assert run_db(kctx, possible_duplicates, kctx.workspace, "voluntary", [people[0]]) == []
    again = VoluntaryEnrollmentDialog(kctx, people[0])
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.person_loaded, timeout=10_000):
        again.show()
    qtbot.waitUntil(lambda: again.duplicates.found is not None, timeout=10_000)
    assert again.duplicates.found == []


def test_cash_counted_by_note_and_the_remittance_slip(
    qtbot: QtBot, kctx: AppContext, tmp_path: Path
) -> None:
    _, people = household(kctx)
    for person in people[:2]:
        enrollment = enroll(kctx, person, TODAY.isoformat(), cover_from="2026-12")
        run_db(kctx, kctx.workspace.receipts.issue, enrollment)
    dialog = CloseDayDialog(kctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.report_ready, timeout=10_000) as ready:
        dialog.show()
    expected = ready.args[0].cash_total
    notes = dialog.notes
    assert notes.isEnabled()
    assert "Type how many notes" in notes.total_label.text()  # nothing counted yet: no verdict
    box = notes.boxes[500_000]
    assert (box.minimum(), box.maximum()) == (0, 9_999)
    assert "0 to 9.999" in notes.limits.text()
    # Type the counts like an agent: 500.000 × n, then what is left in 1.000s, short by 2.000.
    fives, rest = divmod(expected, 500_000)
    for note, n in ((500_000, fives), (1_000, rest // 1_000 - 2)):
        field = notes.boxes[note].lineEdit()
        field.selectAll()
        qtbot.keyClicks(field, str(n))
    qtbot.keyClicks(notes.boxes[200_000].lineEdit(), "-")  # never negative
    assert notes.boxes[200_000].value() == 0
    count = notes.count()
    assert count.total == expected - 2_000
    assert count.difference == -2_000
    assert "Short by 2.000 ₫" in notes.total_label.text()
    assert dialog.counted.value() == expected - 2_000
    assert "Short by 2.000 ₫" in dialog.over_short.text()
    assert notes.amounts[500_000].text() == f"= {fives * 500_000:,} ₫".replace(",", ".")
    slip = dialog.save_slip(tmp_path / "slip.pdf")
    assert slip is not None
    text = pdf_text(slip)
    assert "REMITTANCE SLIP" in text
    assert "500.000 ₫" in text
    assert "1.000 ₫" in text
    assert f"{expected - 2_000:,} ₫".replace(",", ".") in text
    assert "Short by 2.000 ₫" in text
    assert "-2.000 ₫" in text
    # Counted exactly: matches.
    field = notes.boxes[1_000].lineEdit()
    field.selectAll()
    qtbot.keyClicks(field, str(rest // 1_000))
    assert notes.count().difference == 0
    assert "Matches the receipts" in notes.total_label.text()


def test_the_campaign_menu_opens_progress_and_the_events_summary(
    qtbot: QtBot, kctx: AppContext
) -> None:
    from agent_app.ui.main_window import MainWindow

    pull_target(kctx, TARGET)
    window = MainWindow(kctx, communes=["31027"])
    qtbot.addWidget(window)
    window.show()
    opened: list[Any] = []
    window.dialog_opened.connect(opened.append)
    window.progress_action.trigger()
    progress = opened[-1]
    assert isinstance(progress, ProgressDialog)
    qtbot.waitUntil(lambda: progress.page.report is not None, timeout=10_000)
    assert progress.page.table.rowCount() > 0
    progress.close()
    window.events_summary_action.trigger()
    summary = opened[-1]
    assert isinstance(summary, EventsSummaryDialog)
    qtbot.waitUntil(lambda: summary.summary is not None, timeout=10_000)
    summary.close()


def test_a_duplicate_pulled_while_the_form_is_open_is_warned(
    qtbot: QtBot, kctx: AppContext
) -> None:
    _, people = household(kctx)
    dialog = VoluntaryEnrollmentDialog(kctx, people[0])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.person_loaded, timeout=10_000):
        dialog.show()
    qtbot.waitUntil(lambda: dialog.duplicates.found == [], timeout=10_000)
    # A sync brings another agent's enrollment of the same CCCD (another household record).
    other_household, other_person, enrollment = (
        f"0190c000-0000-7000-8000-00000000000{i}" for i in (1, 2, 3)
    )
    port = LocalSyncPort(kctx.workspace.store)
    changes = [
        Change(1, "household", other_household, 1, False,
               {"commune_code": "31018", "address": "Ấp 3", "head_name": "Nguyễn Văn Ánh"}),
        Change(2, "person", other_person, 1, False,
               {"household_id": other_household, "full_name": "Nguyễn Văn Ánh",
                "date_of_birth": "1985-03-02", "sex": "male", "relationship": "head",
                "cccd": "079085001234"}),
        Change(3, "enrollment", enrollment, 1, False,
               {"scheme": "voluntary", "person_id": other_person, "paid_on": "2026-11-20",
                "amount": 1_584_000, "income": 1_500_000, "support": "other",
                "method": "monthly", "household_id": other_household, "months": 1}),
    ]  # fmt: skip
    run_db(kctx, port.apply_pull_page, changes, 3)
    with qtbot.waitSignal(dialog.duplicates.loaded, timeout=10_000):
        kctx.changed.emit(Changed(frozenset({"enrollment", "person", "household"})))
    qtbot.keyClicks(dialog.income, "1500000")
    qtbot.keyClicks(dialog.cover_from, "12/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = dialog.duplicates.box
    assert box is not None
    assert box.isVisible()
    assert "20/11/2026 (received from the server)" in box.informativeText()
    assert "1.584.000 ₫" in box.informativeText()
    qtbot.mouseClick(dialog.duplicates.back_button, Qt.MouseButton.LeftButton)


def test_the_progress_figures_are_counted_on_the_database_thread(
    qtbot: QtBot, kctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the screen and its reload after a new enrollment read the sign-up tally on the
    database thread; the GUI thread only draws."""
    import threading

    from agent_app.storage.campaign import CampaignReads

    threads: list[str] = []
    signups = CampaignReads.signups

    def spy(self: CampaignReads, day_from: str, day_to: str) -> Any:
        threads.append(threading.current_thread().name)
        return signups(self, day_from, day_to)

    monkeypatch.setattr(CampaignReads, "signups", spy)
    _, people = household(kctx)
    pull_target(kctx, TARGET)
    dialog = ProgressDialog(kctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.page.report is not None, timeout=10_000)
    enroll(kctx, people[0], "2026-11-03")
    kctx.changed.emit(Changed(frozenset({"enrollment"}), ()))  # as ctx.mutate announces it
    qtbot.waitUntil(lambda: len(threads) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.page.report.rows[0].achieved == 1, timeout=10_000)
    assert threading.current_thread() is threading.main_thread()
    assert all(name.startswith("db") for name in threads), threads
