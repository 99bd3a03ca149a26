"""Fixtures of the desktop app's UI tests: a real encrypted profile in tmp_path (cheap scrypt
cost so tests stay fast), its workspace, and a context with real worker threads."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent_app.storage import create_profile
from agent_app.storage.connection import KdfParams

PASSPHRASE = "mật-khẩu-thử-1"
COMMUNES = ["31027", "31018"]


def cheap_kdf() -> KdfParams:
    return KdfParams(secrets.token_bytes(16), n=2**10)


def make_profile(data_dir: Path, code: str = "AG0001", name: str = "Lê Thị Hoà") -> Any:
    return create_profile(
        data_dir,
        agent_name=name,
        agent_code=code,
        communes=COMMUNES,
        passphrase=PASSPHRASE,
        kdf=cheap_kdf(),
    )


@pytest.fixture(scope="session", autouse=True)
def _bools_survive_emits() -> None:
    """PySide6 6.12.0 takes a reference from True on every emit; see agent_app.ui.qt_compat."""
    from agent_app.ui.qt_compat import protect_bools

    protect_bools()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def tasks(qapp: Any) -> Iterator[Any]:
    from PySide6.QtCore import QCoreApplication, QEvent

    from agent_app.tasks import Tasks

    t = Tasks()
    yield t
    # Workers joined, then the bridge deleted with whatever deliveries it still had queued, so
    # no callback of this test runs during a later one or at interpreter exit.
    t.shutdown(wait=True)
    t.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def ctx(qtbot: Any, data_dir: Path, tasks: Any) -> Iterator[Any]:
    """An AppContext over a fresh profile, the store opened on the database thread."""
    from agent_app.services import Workspace
    from agent_app.ui.context import AppContext

    def open_all() -> Any:
        return Workspace(make_profile(data_dir))

    workspace = tasks.run_db(open_all).result(timeout=30)
    context = AppContext(workspace, tasks, lang="vi")
    yield context
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.run_db(workspace.store.close).result(timeout=10)


@pytest.fixture
def vi(qapp: Any) -> Iterator[list[Any]]:
    """The Vietnamese catalogue installed, as the app does for ``lang="vi"`` (without it the
    UI shows its English sources, whatever ``ctx.lang`` says)."""
    from agent_app.ui.i18n import install_translator, remove_translators

    translators = install_translator(qapp, "vi")
    yield translators
    remove_translators(qapp, translators)


@pytest.fixture
def db(ctx: Any) -> Any:
    """``db(fn, *args)`` runs ``fn`` on the database thread and returns its result (set-up and
    checks; the widgets under test never block like this)."""

    def run(fn: Any, *args: Any, **kwargs: Any) -> Any:
        return ctx.tasks.run_db(fn, *args, **kwargs).result(timeout=30)

    return run


@pytest.fixture
def profile_factory() -> Any:
    return make_profile


@pytest.fixture
def type_text(qtbot: Any) -> Any:
    """Type like a keyboard, Vietnamese included: QTest.keyClicks only knows ASCII keys (it
    aborts on "ễ"), so other characters go in as key events carrying their text."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    def type_(widget: Any, text: str) -> None:
        for ch in text:
            if ch.isascii():
                qtbot.keyClicks(widget, ch)
            else:
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                    Qt.KeyboardModifier.NoModifier,
                )  # fmt: skip

    return type_
