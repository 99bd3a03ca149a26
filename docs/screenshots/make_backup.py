"""Render the backup and recovery dialogs to PNG, offscreen, over the demo data of make.py: the
Backup dialog after "Back up now", the Restore dialog with a backup chosen, and "Forgot the
passphrase?".

.venv/bin/python docs/screenshots/make_backup.py              # backup.png, restore.png, forgot.png
.venv/bin/python docs/screenshots/make_backup.py --lang en    # the same with -en
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make  # sets the offscreen platform and the import path
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from agent_app.app import _application
from agent_app.services import Workspace
from agent_app.settings import AppSettings
from agent_app.storage import KdfParams, create_profile
from agent_app.tasks import Tasks
from agent_app.ui.context import AppContext
from agent_app.ui.i18n import install_translator, remove_translators
from sync.demo import DEMO_AGENT


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
        stick = Path(tmp) / "USB"
        stick.mkdir()

        def open_all() -> Workspace:
            store = create_profile(
                Path(tmp) / "data",
                agent_name=DEMO_AGENT["name"],
                agent_code=DEMO_AGENT["code"],
                communes=DEMO_AGENT["communes"],
                passphrase="screenshots",
                kdf=KdfParams(b"screenshots-salt", n=2**10),
            )
            moment = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
            ws = Workspace(store, today=lambda: make.TODAY, now=lambda: moment)
            make.seed(ws)
            return ws

        workspace = tasks.run_db(open_all).result(timeout=120)
        ctx = AppContext(workspace, tasks, lang=args.lang)
        try:
            from agent_app.ui.profile.backup_dialog import (
                BackupDialog,
                ForgotPassphraseDialog,
                RestoreDialog,
            )

            settings = AppSettings.load(Path(tmp) / "data")
            dialog = BackupDialog(ctx, settings)
            dialog.set_folder(stick)
            dialog.show()
            made: list[object] = []
            dialog.backed_up.connect(made.append)
            dialog.back_up_now()
            make.wait_until(app, lambda: bool(made))
            make.settle(app, tasks)
            make.shoot(dialog, f"backup{suffix}", args.out, app)

            restore = RestoreDialog(tasks, Path(tmp) / "laptop-b", lang=args.lang)
            restore.file.setText(str(made[0].path))  # type: ignore[attr-defined]
            restore.show()
            make.shoot(restore, f"restore{suffix}", args.out, app)

            forgot = ForgotPassphraseDialog(Path(tmp) / "data", DEMO_AGENT["code"])
            forgot.show()
            make.shoot(forgot, f"forgot{suffix}", args.out, app)
        finally:
            make.settle(app, tasks)
            for widget in QApplication.topLevelWidgets():
                widget.close()
                widget.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            tasks.run_db(workspace.store.close).result(timeout=30)
            tasks.shutdown()
            remove_translators(app, translators)


if __name__ == "__main__":
    main()
