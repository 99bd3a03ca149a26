"""Render the desktop app's screens to PNG, offscreen, over demo data in a throwaway profile.

    .venv/bin/python docs/screenshots/make.py              # Vietnamese, every screen
    .venv/bin/python docs/screenshots/make.py --lang en    # English: Today and the money screens

The real widgets, worker threads and encrypted store are used; a fixed "today" (21/11/2026)
keeps dates and figures the same from one run to the next. Needs attention is filled through
the sync port with a conflict and a rejection, as a server's answers would leave them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from agent_app.app import _application  # noqa: E402
from agent_app.services import Workspace  # noqa: E402
from agent_app.storage import KdfParams, create_profile  # noqa: E402
from agent_app.storage.syncport import LocalSyncPort  # noqa: E402
from agent_app.tasks import Tasks  # noqa: E402
from agent_app.ui.context import AppContext  # noqa: E402
from agent_app.ui.i18n import install_translator, remove_translators  # noqa: E402
from sync.demo import DEMO_AGENT, demo_households  # noqa: E402
from sync.protocol import REF_TARGET, Change, OpError, OpResult, iso_utc  # noqa: E402

TODAY = date(2026, 11, 21)
HERE = Path(__file__).resolve().parent


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the event loop until ``done()`` (results from the worker threads arrive as events)."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not finish loading")
        app.processEvents()
        time.sleep(0.005)  # a script, not a test: let the workers run between polls


def settle(app: QApplication, tasks: Tasks) -> None:
    wait_until(app, lambda: tasks.pending == 0)
    for _ in range(5):
        app.processEvents()


def seed(ws: Workspace) -> dict[str, Any]:
    """Demo households plus a day's work: visits, follow-ups, enrollments, receipts, events,
    targets, and two answers from the server that need attention."""
    communes = list(DEMO_AGENT["communes"])
    households = demo_households(300, communes, today=TODAY, seed=7)
    with ws.store.transaction():
        ws.store.records.bulk_import((h.id, h.body, h.members) for h in households)
    # Pulled from the server: last week's visits and the campaign targets.
    port = LocalSyncPort(ws.store)
    changes = []
    for i, h in enumerate(households[:40]):
        changes.append(
            Change(
                seq=i + 1,
                kind="visit",
                record_id=f"0190a000-0000-7000-8000-{i:012d}",
                version=1,
                deleted=False,
                body={
                    "household_id": h.id,
                    "visited_on": (TODAY - timedelta(days=3 + i % 20)).isoformat(),
                    "outcome": ("interested", "not_home", "refused", "interested")[i % 4],
                    **({"reason": "already_insured"} if i % 4 == 2 else {}),
                },
            )
        )
    for j, (code, plan) in enumerate(zip(communes, (40, 30, 25), strict=True)):
        changes.append(
            Change(
                seq=100 + j,
                kind=REF_TARGET,
                record_id=f"target-{code}",
                version=1,
                deleted=False,
                body={
                    "commune_code": code,
                    "voluntary_new": plan,
                    "household_health_new": plan * 2,
                    "events": 4,
                    "campaign": "2026",
                },
            )
        )
    port.apply_pull_page(changes, 200)
    port.finish_pull()  # as the engine does after a pull's last page

    # Today at the doors.
    nguyen = next(h for h in households if h.body["head_name"].startswith("Nguyễn"))
    others = [h for h in households if h is not nguyen][:12]
    for n, h in enumerate(others[:5]):
        ws.households.log_visit(
            {
                "household_id": h.id,
                "visited_on": (TODAY - timedelta(days=4)).isoformat(),
                "outcome": "interested",
                # Two of them were due two days ago: Today lists them first, overdue.
                "follow_up_on": (TODAY - timedelta(days=2 if n < 2 else 0)).isoformat(),
                "notes": "Hẹn quay lại khi con trai đi làm về",
            }
        )
    for h, outcome in zip(others[5:8], ("not_home", "interested", "refused"), strict=True):
        visit = {"household_id": h.id, "visited_on": TODAY.isoformat(), "outcome": outcome}
        if outcome == "refused":
            visit["reason"] = "cannot_afford"
        ws.households.log_visit(visit)
    ws.households.log_visit(
        {"household_id": nguyen.id, "visited_on": TODAY.isoformat(), "outcome": "enrolled"}
    )
    head_id = nguyen.members[0][0]
    voluntary = ws.money.enroll_voluntary(
        {
            "scheme": "voluntary",
            "person_id": head_id,
            "household_id": nguyen.id,
            "income": 2_000_000,
            "support": "other",
            "method": "yearly",
            "paid_on": TODAY.isoformat(),
            "cover_from": f"{TODAY:%Y-%m}",
        }
    )
    ws.receipts.issue(voluntary.ids[0])
    health = ws.money.enroll_household_health(
        {
            "scheme": "household_health",
            "household_id": nguyen.id,
            "member_ids": [p for p, _ in nguyen.members],
            "months": 12,
            "paid_on": TODAY.isoformat(),
            "cover_from": f"{TODAY:%Y-%m}",
        }
    )
    ws.receipts.issue(health.ids[0])
    # Two records that keep the day from balancing, for Close the day to name: an enrollment
    # whose receipt was never issued, and one an older version dated tomorrow.
    late = others[10]
    for person, paid_on, receipted in (
        (late.members[0][0], TODAY, False),
        (others[11].members[0][0], TODAY + timedelta(days=1), True),
    ):
        unbalanced = ws.money.enroll_voluntary(
            {
                "scheme": "voluntary",
                "person_id": person,
                "income": 1_500_000,
                "support": "other",
                "method": "half_yearly",
                "paid_on": paid_on.isoformat(),
            }
        )
        if receipted:
            ws.receipts.issue(unbalanced.ids[0])
    # Someone whose three paid months end within the month: a renewal to chase.
    renew = others[6]
    ws.money.enroll_household_health(
        {
            "scheme": "household_health",
            "household_id": renew.id,
            "member_ids": [renew.members[0][0]],
            "months": 3,
            "paid_on": (TODAY - timedelta(days=80)).isoformat(),
        }
    )
    for k, (kind, people) in enumerate((("launch", 120), ("counselling", 45))):
        ws.events.record(
            {
                "commune_code": communes[k],
                "type": kind,
                "held_on": (TODAY - timedelta(days=10 * (k + 1))).isoformat(),
                "attendees": people,
                "leads": people // 5,
            }
        )

    # The server's answers: a conflict on a household's phone, a rejected member.
    conflict_household = others[8]
    ws.households.save({"phone": "0912000111"}, conflict_household.id)
    rejected_person = others[9].members[0][0]
    ws.households.save_member({"phone": "0987000222"}, rejected_person)
    ops = {op.record_id: op for op in port.take_batch(1000)}
    server_copy = {**conflict_household.body, "phone": "0909555666"}
    results = [
        (
            ops[conflict_household.id],
            OpResult(ops[conflict_household.id].op_id, "conflict", 2, server=server_copy),
        ),
        (
            ops[rejected_person],
            OpResult(
                ops[rejected_person].op_id,
                "rejected",
                1,
                error=OpError("forbidden", "this record is outside your communes"),
            ),
        ),
    ]
    port.settle(results)
    port.release(
        [op for rid, op in ops.items() if rid not in (conflict_household.id, rejected_person)]
    )
    # The port stamps the last sync with the real clock; the pictures' day is fixed.
    with ws.store.transaction():
        ws.store.execute(
            "UPDATE meta SET value = ? WHERE key IN ('last_push', 'last_pull')",
            (iso_utc(datetime(2026, 11, 21, 1, 15, tzinfo=UTC)),),
        )
    return {"nguyen": nguyen, "voluntary": voluntary.ids[0], "health": health.ids[0]}


def shoot(widget: QWidget, name: str, out: Path, app: QApplication) -> Path:
    for _ in range(5):
        app.processEvents()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"wrote {shown}", flush=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = _application(sys.argv[:1])
    translators = install_translator(app, args.lang)
    tasks = Tasks()
    with tempfile.TemporaryDirectory() as tmp:

        def open_all() -> tuple[Workspace, dict[str, Any]]:
            store = create_profile(
                Path(tmp),
                agent_name=DEMO_AGENT["name"],
                agent_code=DEMO_AGENT["code"],
                communes=DEMO_AGENT["communes"],
                passphrase="screenshots",
                kdf=KdfParams(b"screenshots-salt", n=2**10),
            )
            moment = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
            ws = Workspace(store, today=lambda: TODAY, now=lambda: moment)
            return ws, seed(ws)

        workspace, seeded = tasks.run_db(open_all).result(timeout=120)
        ctx = AppContext(workspace, tasks, lang=args.lang)
        try:
            render(app, ctx, tasks, seeded, out, english=args.lang == "en")
        finally:
            settle(app, tasks)
            for widget in QApplication.topLevelWidgets():
                widget.close()
                widget.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            tasks.run_db(workspace.store.close).result(timeout=30)
            tasks.shutdown()
            remove_translators(app, translators)


def render(
    app: QApplication,
    ctx: AppContext,
    tasks: Tasks,
    seeded: dict[str, Any],
    out: Path,
    *,
    english: bool,
) -> None:
    from agent_app.ui.household.household_form import HouseholdDialog
    from agent_app.ui.main_window import MainWindow
    from agent_app.ui.sync.attention_dialogs import ConflictDialog

    window = MainWindow(
        ctx,
        communes=DEMO_AGENT["communes"],
        agent=f"{DEMO_AGENT['name']} ({DEMO_AGENT['code']})",
    )
    window.resize(1280, 800)
    window.show()
    settle(app, tasks)
    if english:
        shoot(window, "today-en", out, app)
        render_money(app, ctx, tasks, seeded, out, window, suffix="-en")
        return
    shoot(window, "today", out, app)

    window.show_page(window.PAGE_HOUSEHOLDS)
    # "van anh": heads of that name, and households found by a member of that name.
    matched: list[int] = []
    window.households.matches_applied.connect(matched.append)
    window.households.search.setText("van anh")
    window.households.refresh()
    wait_until(app, lambda: bool(matched))
    settle(app, tasks)
    shoot(window, "households", out, app)

    nguyen = seeded["nguyen"]
    window.open_household(nguyen.id)
    settle(app, tasks)
    shoot(window, "household", out, app)

    form = HouseholdDialog(ctx, parent=window)
    form.show()
    form.head_name.setText("Trần Văn Bình")
    form.commune.setCurrentIndex(0)  # the agent has three communes: none is assumed
    form.village.setText("Ấp Tân Hòa")
    form.address.setText("Số 12, đường Lộ Tẻ")
    form.editor.full_name.setText("Trần Văn Bình")
    form.editor.date_of_birth.set_value(date(1970, 5, 1))
    form.editor.sex.setCurrentIndex(form.editor.sex.findData("male"))
    form.editor.cccd.setText("0910")
    form.save_button.click()
    settle(app, tasks)
    shoot(form, "household-form-error", out, app)
    form.draft.discard()
    form.reject()

    render_money(app, ctx, tasks, seeded, out, window, suffix="")

    window.show_page(window.PAGE_ATTENTION)
    settle(app, tasks)
    shoot(window, "attention", out, app)
    page = window.attention
    for row in range(page.proxy.rowCount()):
        page.table.selectRow(row)
        item = page.current()
        if item is not None and item.status == "conflict":
            break
    conflict = page.resolve_current()
    if isinstance(conflict, ConflictDialog):
        settle(app, tasks)
        shoot(conflict, "attention-conflict", out, app)
        conflict.reject()

    window.show_page(window.PAGE_EVENTS)
    settle(app, tasks)
    shoot(window, "events", out, app)


def render_money(
    app: QApplication,
    ctx: AppContext,
    tasks: Tasks,
    seeded: dict[str, Any],
    out: Path,
    window: QWidget,
    *,
    suffix: str,
) -> None:
    """The enrollment forms, the amount to confirm, the receipt and Close the day (with the
    records that do not match and the cash counted), in the language installed."""
    from agent_app.ui.enroll.enroll_health import HouseholdHealthDialog
    from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
    from agent_app.ui.money.receipt import ReceiptDialog
    from agent_app.ui.sync.sync_panel import CloseDayDialog

    nguyen = seeded["nguyen"]
    # Someone of working age, so the pension estimate has years of paying ahead of it.
    adult = next(
        (pid for pid, body in nguyen.members if "1975" <= str(body["date_of_birth"]) < "2000"),
        nguyen.members[0][0],
    )
    voluntary = VoluntaryEnrollmentDialog(ctx, adult, parent=window)
    voluntary.show()
    settle(app, tasks)
    voluntary.income.set_value(3_000_000)
    voluntary.support.setCurrentIndex(voluntary.support.findData("poor"))
    voluntary.cover_from.setText(f"{TODAY:%m/%Y}")
    settle(app, tasks)
    shoot(voluntary, f"enroll-voluntary{suffix}", out, app)
    voluntary.save()
    settle(app, tasks)
    shoot(voluntary.confirm_box, f"enroll-confirm{suffix}", out, app)
    voluntary.confirm_box.reject()
    # An advance of 120 months: refused beside the field, not cut to 12.
    voluntary.method.setCurrentIndex(voluntary.method.findData("advance"))
    voluntary.months.setValue(120)
    settle(app, tasks)
    shoot(voluntary, f"enroll-voluntary-months{suffix}", out, app)
    voluntary.draft.discard()
    voluntary.reject()

    health = HouseholdHealthDialog(ctx, seeded_household_for_health(ctx, tasks), parent=window)
    health.show()
    settle(app, tasks)
    health.cover_from.setText(f"{TODAY:%m/%Y}")
    settle(app, tasks)
    shoot(health, f"enroll-health{suffix}", out, app)
    health.draft.discard()
    health.reject()

    receipt = ReceiptDialog(ctx, seeded["voluntary"], parent=window)
    receipt.show()
    settle(app, tasks)
    shoot(receipt, f"receipt{suffix}", out, app)
    receipt.reject()

    close_day = CloseDayDialog(ctx, window)
    close_day.resize(1000, 900)
    close_day.show()
    settle(app, tasks)
    report = close_day.report
    if report is not None:
        close_day.counted.set_value(report.cash_total - 50_000)  # counted 50.000 ₫ short
    settle(app, tasks)
    shoot(close_day, f"close-day{suffix}", out, app)
    close_day.reject()
    render_ledger(app, ctx, tasks, seeded, out, window, suffix=suffix)


def render_ledger(
    app: QApplication,
    ctx: AppContext,
    tasks: Tasks,
    seeded: dict[str, Any],
    out: Path,
    window: QWidget,
    *,
    suffix: str,
) -> None:
    """The receipt ledger with one receipt voided and one confirmed by BHXH, and the voided
    receipt itself (after Close the day, which they would change)."""
    from agent_app.ui.money.ledger import LedgerDialog
    from agent_app.ui.money.receipt import ReceiptDialog, VoidDialog

    ws = ctx.workspace

    def mark() -> str:
        voluntary = ws.receipts.live_of(seeded["voluntary"])
        health = ws.receipts.live_of(seeded["health"])
        assert voluntary is not None
        assert health is not None
        ws.receipts.add_confirmation_code(voluntary, "XN26-0012345")
        ws.receipts.void(health, "Ghi nhầm người nộp tiền")
        return health

    voided = tasks.run_db(mark).result(timeout=30)
    ledger = LedgerDialog(ctx, window)
    ledger.resize(980, 420)
    ledger.show()
    settle(app, tasks)
    ledger.select(voided)
    settle(app, tasks)
    shoot(ledger, f"ledger{suffix}", out, app)
    receipt = ReceiptDialog(ctx, parent=window, receipt_id=voided)
    receipt.show()
    settle(app, tasks)
    shoot(receipt, f"receipt-voided{suffix}", out, app)
    receipt.reject()
    ledger.reject()
    live = tasks.run_db(ws.receipts.ledger, TODAY, TODAY, "live").result(timeout=30)[-1]
    asking = VoidDialog(ctx, tasks.run_db(ws.receipts.get, live.id).result(timeout=30), window)
    asking.resize(520, 300)
    asking.show()
    asking.reason.setPlainText(
        "Thu nhầm kỳ 6 tháng, người dân đóng 12 tháng" if not suffix else "Wrong period"
    )
    settle(app, tasks)
    shoot(asking, f"receipt-void{suffix}", out, app)
    asking.reject()


def seeded_household_for_health(ctx: AppContext, tasks: Tasks) -> str:
    """A household of several members, one of them covered by another group."""
    ws = ctx.workspace

    def pick() -> str:
        for row in ws.households.search("", limit=200):
            if row.member_count >= 4 and row.status == "new":
                detail = ws.households.get(row.id)
                member = detail.members[-1]
                ws.households.save_member({"covered_elsewhere": True}, member.id)
                return row.id
        raise LookupError("no household of four")

    return tasks.run_db(pick).result(timeout=30)


if __name__ == "__main__":
    main()
