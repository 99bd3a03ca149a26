"""One way to run a mutation from the UI (after Anki's ``aqt.operations``): the call runs on the
database thread, what it changed is announced on ``AppContext.changed`` for every screen, and a
failure without a handler of its own gets the default error box.

A mutation of the workspace returns a ``Changed`` (what it touched); one that returns something
else is tagged with ``changes`` (a ``Changed``, or a function of its result). Screens never
notify by hand after a call: they subscribe to ``ctx.changed`` and redraw what concerns them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from agent_app.services import Changed

if TYPE_CHECKING:
    from agent_app.ui.context import AppContext

# What a mutation says it changed, when its result is not a ``Changed`` itself.
Changes = Changed | Callable[[Any], Changed | None] | None


def changed_by(result: Any, changes: Changes = None) -> Changed | None:
    """The ``Changed`` a mutation's ``result`` stands for (its own, or the tag's)."""
    if isinstance(result, Changed):
        return result
    if callable(changes):
        return changes(result)
    return changes


def run_mutation(
    ctx: AppContext,
    fn: Callable[..., Any],
    *args: Any,
    changes: Changes = None,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    parent: QWidget | None = None,
    network: bool = False,
    **kwargs: Any,
) -> None:
    """Run ``fn(*args, **kwargs)`` on the database thread (``network``: on the network pool,
    for a sync); on success emit ``ctx.changed`` with what it changed (nothing when that is
    empty), then call ``on_done(result)``; on failure call ``on_error(exc)``, or show the
    default error over ``parent``."""

    def done(result: Any) -> None:
        changed = changed_by(result, changes)
        if changed:
            ctx.changed.emit(changed)
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            ctx.show_error(exc, parent)

    run = ctx.tasks.run_net if network else ctx.tasks.run_db
    run(fn, *args, on_done=done, on_error=failed, **kwargs)
