"""What both enrollment dialogs add before their save confirmation: the outreach event the
sign-up came from (optional), and the possible-duplicate warning.

:class:`DuplicateGuard` loads, with the dialog, the enrollments of the same scheme paid within
the last 7 days by a person with the same CCCD (on this laptop or received from the server),
and loads them again after every change (a sync may bring some). ``ask(person_ids, go_on)``
runs ``go_on`` at once when there is none; otherwise it shows the warning, and "Not a
duplicate" remembers each pair shown (never asked again) before going on; Back stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QMessageBox, QPushButton, QWidget

from agent_app.services import Changed
from agent_app.services.duplicates import PossibleDuplicate, mark_not_duplicate, possible_duplicates
from agent_app.ui.context import AppContext
from sync.domain.messages import format_date, format_vnd


class EventChoice(QComboBox):
    """ "No event" or one of the outreach events of the last months, newest first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventChoice")
        self.ctx = ctx
        self.addItem(self.tr("No event"), None)
        ctx.run_db(ctx.workspace.events.all, on_done=self._fill, on_error=lambda _e: None)

    def _fill(self, events: list[Any]) -> None:
        if not shiboken6.isValid(self):
            return
        from agent_app.ui.events.events import event_type_label

        chosen = self.currentData()
        for event in events[:50]:
            self.addItem(
                f"{format_date(event.held_on)} — {event_type_label(event.type)}"
                f" — {event.commune_name}",
                event.id,
            )
        if chosen is not None:
            self.set_event(chosen)

    def event_id(self) -> str | None:
        value = self.currentData()
        return value if isinstance(value, str) else None

    def set_event(self, event_id: str | None) -> None:
        index = self.findData(event_id)
        if index >= 0:
            self.setCurrentIndex(index)


def with_event(body: dict[str, Any], choice: EventChoice) -> dict[str, Any]:
    """``body`` with the chosen event's id (unchanged when none is chosen)."""
    event_id = choice.event_id()
    if event_id is not None:
        body["event_id"] = event_id
    return body


class DuplicateGuard(QObject):
    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        scheme: str,
        parent: QWidget,
        *,
        person_id: str | None = None,
        household_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.scheme = scheme
        self._person_ids = [person_id] if person_id is not None else []
        self._household_id = household_id
        self._parent = parent
        self.found: list[PossibleDuplicate] | None = None
        self.box: QMessageBox | None = None
        self._waiting: tuple[Sequence[str], Callable[[], None]] | None = None
        ctx.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        ws, scheme, ids, household = (
            self.ctx.workspace,
            self.scheme,
            self._person_ids,
            self._household_id,
        )
        self.ctx.run_db(
            lambda: possible_duplicates(ws, scheme, ids, household_id=household),
            on_done=self._loaded,
            on_error=lambda _e: self._loaded([]),  # a hint: never block a save on it
        )

    def _on_changed(self, changed: Changed) -> None:
        if not changed.kinds or changed.kinds & {"enrollment", "person", "not_duplicate"}:
            self.reload()

    def _loaded(self, found: list[PossibleDuplicate]) -> None:
        if not shiboken6.isValid(self):
            return
        self.found = found
        self.loaded.emit()
        if self._waiting is not None:
            person_ids, go_on = self._waiting
            self._waiting = None
            self.ask(person_ids, go_on)

    def ask(self, person_ids: Sequence[str], go_on: Callable[[], None]) -> None:
        if self.found is None:  # still loading: answer once it is known
            self._waiting = (person_ids, go_on)
            return
        found = self.matches(person_ids)
        if not found:
            go_on()
            return
        box = QMessageBox(self._parent)
        box.setObjectName("duplicateBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Possible duplicate"))
        box.setText(
            self.tr("Already enrolled in this scheme within the last 7 days: is this the same "
                    "sign-up again?")
        )  # fmt: skip
        lines = []
        for d in found:
            where = (
                self.tr("received from the server") if d.from_server else self.tr("on this laptop")
            )
            amount = format_vnd(d.amount) if d.amount is not None else "—"
            lines.append(
                self.tr("%1, CCCD %2: paid %3 on %4 (%5)")
                .replace("%1", d.name or "—")
                .replace("%2", d.cccd)
                .replace("%3", amount)
                .replace("%4", format_date(d.paid_on))
                .replace("%5", where)
            )
        box.setInformativeText("\n".join(lines))
        self.not_duplicate_button: QPushButton = box.addButton(
            self.tr("&Not a duplicate, go on"), QMessageBox.ButtonRole.AcceptRole
        )
        self.not_duplicate_button.setObjectName("notDuplicateButton")
        self.back_button: QPushButton = box.addButton(
            self.tr("&Back"), QMessageBox.ButtonRole.RejectRole
        )
        self.back_button.setObjectName("duplicateBackButton")
        box.setDefaultButton(self.back_button)
        box.setEscapeButton(self.back_button)

        def answered(_result: int) -> None:
            if box.clickedButton() is not self.not_duplicate_button:
                return
            pairs = [d.pair for d in found]
            ws = self.ctx.workspace
            self.found = [d for d in (self.found or []) if d.pair not in set(pairs)]
            self.ctx.mutate(lambda: mark_not_duplicate(ws, pairs))
            go_on()

        box.finished.connect(answered)
        self.box = box
        box.open()

    def matches(self, person_ids: Sequence[str]) -> list[PossibleDuplicate]:
        """The warnings about the people being enrolled (the household dialog enrolls some
        of the members it loaded)."""
        wanted = set(person_ids)
        return [d for d in self.found or [] if d.for_person_id in wanted]
