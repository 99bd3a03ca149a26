"""Render the campaign screens to PNG, offscreen, over demo data in a throwaway profile: the
progress screen (targets with pace) and Close the day with the cash counted by note.

    .venv/bin/python docs/screenshots/make_progress.py              # Vietnamese
    .venv/bin/python docs/screenshots/make_progress.py --lang en    # English

A fixed "today" (21/11/2026) and a campaign month of November keep the figures the same from
one run to the next.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make import settle, shoot, wait_until  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from agent_app.app import _application  # noqa: E402
from agent_app.services import Workspace  # noqa: E402
from agent_app.storage import KdfParams, create_profile  # noqa: E402
from agent_app.storage.syncport import LocalSyncPort  # noqa: E402
from agent_app.tasks import Tasks  # noqa: E402
from agent_app.ui.context import AppContext  # noqa: E402
from agent_app.ui.i18n import install_translator, remove_translators  # noqa: E402
from sync.demo import DEMO_AGENT, demo_households  # noqa: E402
from sync.protocol import Change  # noqa: E402

TODAY = date(2026, 11, 21)
HERE = Path(__file__).resolve().parent


def seed(ws: Workspace) -> None:
    communes = list(DEMO_AGENT["communes"])
    households = demo_households(400, communes, today=TODAY, seed=11)
    with ws.store.transaction():
        ws.store.records.bulk_import((h.id, h.body, h.members) for h in households)
    changes = []
    for i, (code, plan) in enumerate(zip(communes, (60, 40, 30), strict=True)):
        body: dict[str, Any] = {
            "commune_code": code, "campaign": "2026", "start": "2026-11-01",
            "deadline": "2026-11-30", "voluntary_new": plan, "household_health_new": plan * 3,
            "events": 4,
        }  # fmt: skip
        if i == 0:
            body["revisions"] = [{"from": "2026-11-15", "voluntary_new": 80}]
            body["agents"] = {DEMO_AGENT["code"]: {"voluntary_new": 50}}
        changes.append(Change(i + 1, "ref.target", f"target-{code}", 1, False, body))
    port = LocalSyncPort(ws.store)
    port.apply_pull_page(changes, len(changes))
    port.finish_pull()  # as the engine does after a pull's last page
    rng = random.Random(3)
    pool = list(households)
    rng.shuffle(pool)
    for day in range(1, TODAY.day + 1):
        paid_on = date(2026, 11, day)
        for _ in range(rng.randint(1, 5 if day < 15 else 3)):
            h = pool.pop()
            head = h.members[0][0]
            body = {"person_id": head, "income": 1_500_000 + 100_000 * rng.randint(0, 10),
                    "support": "other", "method": rng.choice(("monthly", "yearly")),
                    "paid_on": paid_on.isoformat(), "cover_from": "2026-12"}  # fmt: skip
            try:
                changed = ws.money.enroll_voluntary(body)
            except ValueError:
                continue
            if paid_on == TODAY:
                ws.receipts.issue(changed.ids[0])
        h = pool.pop()
        ids = [m[0] for m in h.members]
        try:
            health = ws.money.enroll_household_health(
                {"household_id": h.id, "member_ids": ids, "months": 12,
                 "paid_on": paid_on.isoformat(), "cover_from": "2026-12"}
            )  # fmt: skip
        except ValueError:
            continue
        if paid_on == TODAY:
            ws.receipts.issue(health.ids[0])
    ws.events.record(
        {"commune_code": communes[0], "type": "livestream", "held_on": "2026-11-12",
         "attendees": 900, "leads": 40, "team": "Tổ truyền thông xã"}
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    suffix = "-en" if args.lang == "en" else ""
    app = _application(sys.argv[:1])
    translators = install_translator(app, args.lang)
    tasks = Tasks()
    with tempfile.TemporaryDirectory() as tmp:

        def open_all() -> Workspace:
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
            seed(ws)
            return ws

        workspace = tasks.run_db(open_all).result(timeout=120)
        ctx = AppContext(workspace, tasks, lang=args.lang)
        try:
            render(app, ctx, tasks, args.out, suffix)
        finally:
            settle(app, tasks)
            for widget in QApplication.topLevelWidgets():
                widget.close()
                widget.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            tasks.run_db(workspace.store.close).result(timeout=30)
            tasks.shutdown()
            remove_translators(app, translators)


def render(app: QApplication, ctx: AppContext, tasks: Tasks, out: Path, suffix: str) -> None:
    from agent_app.ui.campaign.progress import ProgressDialog
    from agent_app.ui.sync.sync_panel import CloseDayDialog

    progress = ProgressDialog(ctx)
    progress.resize(1440, 860)
    progress.show()
    settle(app, tasks)
    page = progress.page
    wait_until(app, lambda: page.report is not None)
    commune = next(i for i, r in enumerate(page.report.rows) if r.revisions)
    page.table.selectRow(commune)
    settle(app, tasks)
    shoot(progress, f"progress{suffix}", out, app)
    progress.close()

    close_day = CloseDayDialog(ctx)
    close_day.resize(980, 900)
    close_day.show()
    wait_until(app, lambda: close_day.report is not None)
    settle(app, tasks)
    assert close_day.report is not None
    total = close_day.report.cash_total
    counts: dict[int, int] = {}
    rest = total - 20_000  # the agent is short by 20.000 ₫
    for note in (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000):
        counts[note], rest = divmod(rest, note)
    close_day.notes.set_counts(counts)
    settle(app, tasks)
    shoot(close_day, f"cash-count{suffix}", out, app)
    from agent_app.ui.money.report_pdf import pdf_page_image

    with tempfile.TemporaryDirectory() as tmp:
        slip = close_day.save_slip(Path(tmp) / "slip.pdf")
        assert slip is not None
        path = out / f"remittance-slip{suffix}.png"
        pdf_page_image(slip, 0, 700).save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    close_day.close()


if __name__ == "__main__":
    main()
