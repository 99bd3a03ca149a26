"""``agent-app --self-check``: what a laptop uses, run through once, offscreen, for a bundle
(``tests/packaging`` runs it on the frozen app, so what ``build.spec`` leaves out cannot take
away something the app needs).

In demo mode (the embedded server, demo data, the first sync) it opens the main window, draws
the charts of the events page and the progress screen, writes a receipt as PDF (with its QR
code), exports a D05-TS list as .xlsx, and asks Qt's ICU to sort and upper-case Vietnamese.
One line per check on stdout; exit 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent_app.app import AgentApp
    from agent_app.ui.main_window import MainWindow

Step = Callable[[], None]


class SelfCheck:
    def __init__(self, agent: AgentApp, out_dir: Path) -> None:
        self.agent = agent
        self.out_dir = out_dir
        self.code = 1
        self.window: MainWindow | None = None
        self.steps: list[Step] = [
            self.charts_of_events,
            self.charts_of_progress,
            self.receipt_pdf,
            self.xlsx_export,
            self.icu,
        ]

    # -- plumbing --

    def say(self, text: str) -> None:
        print(text, flush=True)

    def fail(self, exc: BaseException | str) -> None:
        self.say(f"self-check failed: {exc!r}" if isinstance(exc, BaseException) else exc)
        self.code = 1
        self.agent.app.quit()

    def next(self) -> None:
        if not self.steps:
            self.say("self-check passed")
            self.code = 0
            self.agent.app.quit()
            return
        step = self.steps.pop(0)
        try:
            step()
        except Exception as exc:  # any failure is the check's answer
            self.fail(exc)

    def on_db(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None]) -> None:
        def done(result: Any) -> None:
            try:
                then(result)
            except Exception as exc:
                self.fail(exc)

        self.agent.tasks.run_db(fn, *args, on_done=done, on_error=self.fail)

    # -- checks --

    def shown(self, window: MainWindow, started: float) -> None:
        self.window = window
        self.say(f"demo window: {time.perf_counter() - started:.2f} s")
        self.next()

    def _charts(self, widget: Any, where: str) -> None:
        from PySide6.QtCharts import QChartView

        views = [v for v in widget.findChildren(QChartView) if v.chart().series()]
        if not views:
            raise AssertionError(f"no chart drawn on {where}")
        for view in views:
            image = view.grab().toImage()
            row = image.height() // 2
            colours = {image.pixel(x, row) for x in range(0, image.width(), 4)}
            if image.isNull() or len(colours) < 2:
                raise AssertionError(f"a chart of {where} renders blank")
        self.say(f"charts: {len(views)} on {where}")

    def charts_of_events(self) -> None:
        assert self.window is not None
        page = self.window.events
        self._once(page.loaded, lambda: self._charts(page, "the events page"))
        self.window.show_page(self.window.PAGE_EVENTS)
        page.reload()

    def charts_of_progress(self) -> None:
        assert self.window is not None
        dialog: Any = self.window.open_progress()
        self._once(dialog.page.loaded, lambda: self._charts(dialog, "the progress screen"))

    def _once(self, signal: Any, check: Step) -> None:
        """Run ``check`` the first time ``signal`` fires (a page may load again), then the
        next step."""
        done: list[bool] = []

        def fired() -> None:
            if done:
                return
            done.append(True)
            try:
                check()
            except Exception as exc:
                self.fail(exc)
                return
            self.next()

        signal.connect(fired)

    def receipt_pdf(self) -> None:
        assert self.window is not None
        workspace = self.window.ctx.workspace

        def find() -> Any:
            today = date.today()
            rows = workspace.receipts.ledger(today - timedelta(days=400), today + timedelta(days=1))
            if not rows:
                raise AssertionError("the demo has no receipt")
            return workspace.receipts.get(rows[-1].id)

        def write(info: Any) -> None:
            from agent_app.ui.money.report_pdf import print_receipt_pdf

            path = print_receipt_pdf(info, self.out_dir / "receipt.pdf", payer_cccd="079090001234")
            data = Path(path).read_bytes()
            if not data.startswith(b"%PDF") or len(data) < 2000:
                raise AssertionError(f"the receipt PDF is not a PDF ({len(data)} bytes)")
            self.say(f"receipt PDF: {info.number}, {len(data):,} bytes")
            self.next()

        self.on_db(find, then=write)

    def xlsx_export(self) -> None:
        assert self.window is not None
        workspace = self.window.ctx.workspace
        path = self.out_dir / "D05-TS.xlsx"

        def export() -> Any:
            from sync.lists.bhxh_lists import D05, PRINT

            today = date.today()
            return workspace.exports.export(
                D05, today - timedelta(days=400), today, path, PRINT, good_rows_only=True
            )

        def check(result: Any) -> None:
            with zipfile.ZipFile(path) as book:
                names = set(book.namelist())
                if "xl/worksheets/sheet1.xml" not in names or book.testzip() is not None:
                    raise AssertionError(f"the .xlsx is not a workbook: {sorted(names)}")
            self.say(f"D05-TS .xlsx: {result.written} rows, {path.stat().st_size:,} bytes")
            self.next()

        self.on_db(export, then=check)

    def icu(self) -> None:
        from PySide6.QtCore import QCollator, QLocale

        collator = QCollator(QLocale("vi_VN"))
        names = sorted(["Đặng", "Dương", "Ánh", "Zô", "An", "Bảo"], key=collator.sortKey)
        if names != ["An", "Ánh", "Bảo", "Dương", "Đặng", "Zô"]:
            raise AssertionError(f"Vietnamese collation: {names}")
        upper = QLocale("vi_VN").toUpper("đặng thị ánh")
        if upper != "ĐẶNG THỊ ÁNH":
            raise AssertionError(f"Vietnamese upper case: {upper}")
        self.say("ICU: Vietnamese sorted and upper-cased")
        self.next()


def run(started: float, *, lang: str | None = None) -> int:
    """The self-check; returns the exit code."""
    from PySide6.QtCore import QTimer

    from agent_app.app import AgentApp, _application
    from agent_app.services.demo_setup import start_demo

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="bhxh-self-check-"))
    app = _application(sys.argv[:1])
    agent = AgentApp(app, folder / "ui", lang=lang)
    check = SelfCheck(agent, folder)
    agent.window_shown.connect(lambda window: check.shown(window, started))
    agent.start_translations_only()
    agent.tasks.run_db(start_demo, on_done=agent.start_demo, on_error=check.fail)
    agent.warm_up()
    QTimer.singleShot(180_000, lambda: check.fail("self-check: not done within 180 s"))
    app.exec()
    agent.shutdown()
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    return check.code
