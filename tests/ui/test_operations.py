"""One way to run a mutation from the UI: what it changed is announced on ``ctx.changed`` by the
runner itself, a result that is not a ``Changed`` can be tagged, and a failure without a
handler gets the default error box."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from agent_app.services import Changed
from agent_app.ui.operations import changed_by

HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}


def test_a_mutation_announces_what_it_changed(qtbot: Any, ctx: Any) -> None:
    results: list[Any] = []
    with qtbot.waitSignal(ctx.changed, timeout=10_000) as heard:
        ctx.mutate(ctx.workspace.households.register, HOUSEHOLD, [], on_done=results.append)
    qtbot.waitUntil(lambda: bool(results))
    assert heard.args[0] == results[0]
    assert "household" in heard.args[0].kinds


def test_a_result_that_is_not_a_changed_is_tagged(qtbot: Any, ctx: Any) -> None:
    tag = Changed(frozenset({"receipt"}), ("r1",))
    with qtbot.waitSignal(ctx.changed, timeout=10_000) as heard:
        ctx.mutate(lambda: 3, changes=tag)
    assert heard.args[0] == tag
    assert changed_by(["a"], lambda ids: Changed(frozenset({"x"}), tuple(ids))) == Changed(
        frozenset({"x"}), ("a",)
    )
    assert changed_by(None) is None


def test_nothing_changed_announces_nothing(qtbot: Any, ctx: Any) -> None:
    heard: list[Any] = []
    ctx.changed.connect(heard.append)
    done: list[Any] = []
    ctx.mutate(lambda: Changed(), on_done=done.append)
    qtbot.waitUntil(lambda: bool(done))
    assert heard == []


def test_a_failure_without_a_handler_shows_the_default_error(qtbot: Any, ctx: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    heard: list[Any] = []
    ctx.changed.connect(heard.append)

    def broken() -> Changed:
        raise OSError("disk full")

    ctx.mutate(broken, parent=parent)
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "errorBox") is not None)
    box = parent.findChild(QMessageBox, "errorBox")
    assert "disk full" in box.text()
    assert heard == []


def test_no_screen_announces_changes_by_hand() -> None:
    import re
    from pathlib import Path

    announce = re.compile(r"\bctx\.changed\.emit\(|\.notify\(")
    ui = Path(__file__).resolve().parents[2] / "agent_app" / "ui"
    by_hand = [
        f"{path.relative_to(ui)}:{number}"
        for path in sorted(ui.rglob("*.py"))
        if path.name != "operations.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if announce.search(line)
    ]
    assert by_hand == [], "run the call with ctx.mutate instead: " + ", ".join(by_hand)
