"""Render the first run (the connect form, then the first download), Settings and About to PNG,
offscreen, with the real widgets.

.venv/bin/python docs/screenshots/make_firstrun.py              # first-run.png, ...
.venv/bin/python docs/screenshots/make_firstrun.py --lang en    # first-run-en.png, ...

The first download is shown as the sync engine reports it while pages arrive: records received
so far and a busy bar (the total is known only at the last page).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make  # sets the offscreen platform and the import path
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from agent_app.app import _application
from agent_app.services import Workspace
from agent_app.services.sync_service import KEY_SERVER_URL, KEY_TOKEN, SyncService
from agent_app.settings import AppSettings
from agent_app.storage import KdfParams, create_profile
from agent_app.tasks import Tasks
from agent_app.ui.context import AppContext
from agent_app.ui.i18n import install_translator, remove_translators
from agent_app.ui.profile.about_dialog import AboutDialog
from agent_app.ui.profile.profile_dialogs import FirstRunDialog
from agent_app.ui.profile.settings_dialog import SettingsDialog
from sync.client import SyncProgress
from sync.demo import DEMO_AGENT

SERVER = "https://bhxh-angiang.example.vn"
SHOWN_DATA_DIR = Path("/home/mai/.local/share/bhxh-field-agent")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--out", type=Path, default=make.HERE)
    args = parser.parse_args()
    suffix = "-en" if args.lang == "en" else ""
    app = _application(sys.argv[:1])
    translators = install_translator(app, args.lang)
    tasks = Tasks()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        try:
            first = FirstRunDialog(tasks, data_dir / "new", lang=args.lang, server_url=SERVER)
            first.username.setText("mai.tt")
            first.enrollment_code.setText("K7QP-3MZX-9TRA")
            first.passphrase.setText("ruong-lua-2026")
            first.passphrase2.setText("ruong-lua-2026")
            first.show()
            first.passphrase2.setFocus()
            make.shoot(first, f"first-run{suffix}", args.out, app)
            # Step two, as the dialog shows it between two pages of the first pull.
            first.show_progress_page(DEMO_AGENT["name"], DEMO_AGENT["code"])
            first._on_progress(SyncProgress("pull", 1500, 0))
            make.shoot(first, f"first-run-progress{suffix}", args.out, app)
            first.close()

            def open_all() -> Workspace:
                store = create_profile(
                    data_dir,
                    agent_name=DEMO_AGENT["name"],
                    agent_code=DEMO_AGENT["code"],
                    communes=DEMO_AGENT["communes"],
                    passphrase="screenshots",
                    server_url=SERVER,
                    kdf=KdfParams(b"screenshots-salt", n=2**10),
                )
                ws = Workspace(store)
                ws.set_setting(KEY_SERVER_URL, SERVER)
                ws.set_setting(KEY_TOKEN, "screenshot-token")
                with store.transaction():
                    store.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_pull', ?)",
                        ("2026-11-21T09:30:00Z",),
                    )
                return ws

            workspace = tasks.run_db(open_all).result(timeout=60)
            ctx = AppContext(workspace, tasks, sync_service=SyncService(workspace), lang=args.lang)
            settings = AppSettings.load(data_dir)
            settings.language = args.lang
            dialog = SettingsDialog(ctx, settings)
            dialog.show()
            make.wait_until(app, dialog.save_button.isEnabled)
            make.settle(app, tasks)
            make.shoot(dialog, f"settings{suffix}", args.out, app)
            dialog.close()
            about = AboutDialog(ctx, SHOWN_DATA_DIR)
            about.show()
            make.wait_until(app, lambda: about.server.text() == SERVER)
            make.shoot(about, f"about{suffix}", args.out, app)
            about.close()
        finally:
            make.settle(app, tasks)
            for widget in QApplication.topLevelWidgets():
                widget.close()
                widget.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            store = getattr(locals().get("workspace"), "store", None)
            if store is not None:
                tasks.run_db(store.close).result(timeout=30)
            tasks.shutdown()
            remove_translators(app, translators)


if __name__ == "__main__":
    main()
