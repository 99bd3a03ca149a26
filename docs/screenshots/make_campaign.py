"""Render the Scripts and Calls screens to PNG, offscreen, over make.py's demo data plus the
published scripts and a few participants up for renewal.

    .venv/bin/python docs/screenshots/make_campaign.py              # Vietnamese
    .venv/bin/python docs/screenshots/make_campaign.py --lang en    # English
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from agent_app.app import _application
from agent_app.services import Workspace
from agent_app.storage import KdfParams, create_profile
from agent_app.storage.syncport import LocalSyncPort
from agent_app.tasks import Tasks
from agent_app.ui.context import AppContext
from agent_app.ui.i18n import install_translator, remove_translators
from sync.demo import DEMO_AGENT
from sync.protocol import REF_SCRIPT, Change

TODAY = make.TODAY


def seed_campaign(ws: Workspace) -> None:
    """The published scripts, and participants whose paid period ends soon or ended lately."""
    scripts = json.loads(
        (resources.files("resources") / "reference" / "scripts.json").read_text(encoding="utf-8")
    )["scripts"]
    changes = [Change(500 + i, REF_SCRIPT, s["id"], 1, False, s) for i, s in enumerate(scripts)]
    port = LocalSyncPort(ws.store)
    port.apply_pull_page(changes, 600)
    port.finish_pull()  # as the engine does after a pull's last page
    people = [
        r
        for r in ws.records.of_kind("person")
        if not ws.records.of_kind("enrollment", person_id=r.id)
        and str(r.body.get("date_of_birth")) < "1995"
    ]
    plans = [
        ("2025-12", "near_poor", 2_000_000, "yearly", 340),  # ends 30/11/2026
        ("2026-06", "other", 1_500_000, "half_yearly", 160),  # ends 30/11/2026
        ("2025-12", "poor", 1_500_000, "yearly", 345),
        ("2025-09", "other", 3_000_000, "yearly", 430),  # ended 31/08/2026
    ]
    made = []
    for person, (cover, support, income, method, days) in zip(people[::7], plans, strict=False):
        changed = ws.money.enroll_voluntary(
            {"person_id": person.id, "income": income, "support": support, "method": method,
             "paid_on": (TODAY - timedelta(days=days)).isoformat(), "cover_from": cover}
        )  # fmt: skip
        made.append(str(changed.primary))
    ws.renewals.record_call(
        "renewal", made[1], "promised", "Sẽ đóng sau khi bán lúa", TODAY + timedelta(5)
    )
    ws.renewals.record_call("renewal", made[3], "contacted", "Đi làm xa, hẹn gọi lại")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--out", type=Path, default=make.HERE)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
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
            make.seed(ws)
            seed_campaign(ws)
            return ws

        workspace = tasks.run_db(open_all).result(timeout=120)
        ctx = AppContext(workspace, tasks, lang=args.lang)
        try:
            render(app, ctx, tasks, out, suffix)
        finally:
            make.settle(app, tasks)
            for widget in QApplication.topLevelWidgets():
                widget.close()
                widget.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            tasks.run_db(workspace.store.close).result(timeout=30)
            tasks.shutdown()
            remove_translators(app, translators)


def render(app: QApplication, ctx: AppContext, tasks: Tasks, out: Path, suffix: str) -> None:
    from agent_app.ui.main_window import MainWindow

    window = MainWindow(
        ctx,
        communes=DEMO_AGENT["communes"],
        agent=f"{DEMO_AGENT['name']} ({DEMO_AGENT['code']})",
    )
    window.resize(1280, 800)
    window.show()
    make.settle(app, tasks)
    window.nav.setCurrentRow(window.PAGE_SCRIPTS)
    make.settle(app, tasks)
    page = window.scripts
    farmers = next(s for s in page.model.scripts if s.group == "farmers")
    page.select(farmers.id)
    make.settle(app, tasks)
    make.shoot(window, f"scripts{suffix}", out, app)
    page.search.setText("thai san")
    make.settle(app, tasks)
    make.shoot(window, f"scripts-search{suffix}", out, app)
    page.search.clear()
    page.select(farmers.id)
    dialog: Any = page.show_full_screen()
    make.settle(app, tasks)
    dialog.resize(1280, 800)
    make.settle(app, tasks)
    make.shoot(dialog, f"scripts-full{suffix}", out, app)
    dialog.reject()
    window.nav.setCurrentRow(window.PAGE_CALLS)
    make.settle(app, tasks)
    calls = window.calls
    first_renewal = next((r for r, i in enumerate(calls.rows()) if i.kind == "renewal"), 0)
    calls.view.selectRow(first_renewal)
    make.settle(app, tasks)
    make.shoot(window, f"calls{suffix}", out, app)


if __name__ == "__main__":
    main()
