"""Render the "Export lists for BHXH" dialog to PNG, offscreen, over the demo data of make.py.

.venv/bin/python docs/screenshots/make_export.py              # export.png
.venv/bin/python docs/screenshots/make_export.py --lang en    # export-en.png
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
            ws = Workspace(store, today=lambda: make.TODAY, now=lambda: moment)
            make.seed(ws)
            # Someone the list cannot take yet: neither a CCCD nor a BHXH code.
            changed = ws.households.register(
                {"commune_code": DEMO_AGENT["communes"][0], "address": "Ấp Kênh Tư",
                 "head_name": "Lò Văn Páo"},
                [{"full_name": "Lò Văn Páo", "date_of_birth": "1979-03-09", "sex": "male",
                  "relationship": "head", "ethnicity": "Thái"}],
            )  # fmt: skip
            paid = ws.money.enroll_voluntary(
                {"person_id": changed.ids[1], "income": 1_500_000,
                 "support": "ethnic_minority", "method": "quarterly"}
            )  # fmt: skip
            ws.receipts.issue(paid.primary)
            ws.exports.set_organisation(
                {"name": "Bưu điện huyện U Minh Thượng", "address": "Xã U Minh Thượng, An Giang"}
            )
            return ws

        workspace = tasks.run_db(open_all).result(timeout=120)
        ctx = AppContext(workspace, tasks, lang=args.lang)
        try:
            from agent_app.ui.money.export_dialog import ExportDialog

            dialog = ExportDialog(ctx)
            dialog.resize(900, 680)
            dialog.show()
            make.wait_until(app, lambda: dialog.plan is not None)
            make.wait_until(app, lambda: bool(dialog.org_edits["name"].text()))
            make.settle(app, tasks)
            make.shoot(dialog, "export-en" if args.lang == "en" else "export", args.out, app)
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
