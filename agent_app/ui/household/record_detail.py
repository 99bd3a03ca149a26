"""Read-only views of what the household's timeline lists, so a saved record can be looked back
at: a visit (who, outcome, reason in the person's words, follow-up, script, event, notes), an
enrollment (scheme, who, dates, amount, its receipt) and a follow-up (due, reason, open or done
and by what). Receipts open in the receipt dialog itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import TimelineEntry
from agent_app.services._common import as_day, integer, text
from agent_app.services.coverage import cover_period
from agent_app.ui.context import AppContext
from agent_app.ui.events.events import event_type_label
from agent_app.ui.household.visit_form import REFUSAL_REASONS
from agent_app.ui.i18n import translate, vocab_text
from sync.domain.messages import format_date, format_vnd


def reason_and_words(reason: object) -> tuple[str, str]:
    """A refusal as the visit form stores it, "<listed reason>: <their own words>", split
    back into the listed reason (in the user's language) and the words as said."""
    if not isinstance(reason, str) or not reason:
        return "", ""
    for stored, source in REFUSAL_REASONS:
        if reason == stored or reason.startswith(f"{stored}: "):
            return translate("RefusalReasons", source), reason[len(stored) + 2 :].strip()
    return reason, ""


def _day(body: Mapping[str, Any], key: str) -> str:
    day = as_day(body.get(key))
    return format_date(day) if day is not None else ""


class RecordDetailDialog(QDialog):
    """A form of labels, nothing editable; ``values`` maps each shown field to its text."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.values: dict[str, str] = {}
        self._labels: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("closeButton")
        self.close_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def add(self, key: str, caption: str, value: str) -> None:
        """One row, left out when there is nothing to show."""
        if not value:
            return
        shown = QLabel(value, objectName=f"detail_{key}")
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(caption, shown)
        self.values[key] = value
        self._labels[key] = shown

    def set_value(self, key: str, value: str) -> None:
        if key in self._labels:
            self._labels[key].setText(value)
            self.values[key] = value


class VisitDetailDialog(RecordDetailDialog):
    """A saved visit as it was recorded. ``loaded`` once the script and event are named."""

    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        entry: TimelineEntry,
        names: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Visit"), parent)
        self.setObjectName("visitDetailDialog")
        body = entry.body
        person = text(body, "person_id")
        who = names.get(person, "") if person else self.tr("The household")
        self.add("visited_on", self.tr("Date:"), _day(body, "visited_on"))
        self.add("person_id", self.tr("Who was seen:"), who)
        outcome = text(body, "outcome")
        self.add("outcome", self.tr("Outcome:"), vocab_text(outcome) if outcome else "")
        reason, words = reason_and_words(text(body, "reason"))
        self.add("reason", self.tr("Reason:"), reason)
        self.add("words", self.tr("In their own words:"), words)
        self.add("follow_up_on", self.tr("Come back on:"), _day(body, "follow_up_on"))
        self.add("script_id", self.tr("Script used:"), text(body, "script_id") or "")
        self.add("event_id", self.tr("At the event:"), text(body, "event_id") or "")
        self.add("notes", self.tr("Notes:"), text(body, "notes") or "")
        self._script, self._event = text(body, "script_id"), text(body, "event_id")
        if self._script or self._event:
            ctx.run_db(self._lookup, on_done=self._named, on_error=lambda _e: self.loaded.emit())

    def _lookup(self) -> tuple[str | None, str | None]:
        """Database thread: the script's title and the event's kind and date."""
        ws = self.ctx.workspace
        script = next((s.title for s in ws.scripts.all() if s.id == self._script), None)
        event = ws.records.find(self._event) if self._event else None
        event_text = None
        if event is not None:
            kind = event_type_label(str(event.body.get("type", "")))
            event_text = " — ".join(p for p in (kind, _day(event.body, "held_on")) if p)
        return script, event_text

    def _named(self, names: tuple[str | None, str | None]) -> None:
        script, event = names
        if script:
            self.set_value("script_id", script)
        if event:
            self.set_value("event_id", event)
        self.loaded.emit()


class EnrollmentDetailDialog(RecordDetailDialog):
    """A saved enrollment; ``receipt_requested`` when the agent asks for its receipt."""

    receipt_requested = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        entry: TimelineEntry,
        names: Mapping[str, str],
        receipt: TimelineEntry | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Enrollment"), parent)
        self.setObjectName("enrollmentDetailDialog")
        self.enrollment_id = entry.id
        body = entry.body
        voluntary = body.get("scheme") == "voluntary"
        self.add("scheme", self.tr("Scheme:"), vocab_text(str(body.get("scheme", ""))))
        if voluntary:
            who = names.get(text(body, "person_id") or "", "")
        else:
            who = ", ".join(names.get(str(m), "") for m in body.get("member_ids") or ())
        self.add("who", self.tr("Insured:"), who)
        self.add("paid_on", self.tr("Paid on:"), _day(body, "paid_on"))
        period = cover_period(body)
        if period is not None:
            caption = self.tr("Paid for:") if voluntary else self.tr("Card valid:")
            self.add("period", caption, f"{format_date(period[0])} – {format_date(period[1])}")
        months = integer(body, "months")
        self.add("months", self.tr("Months:"), str(months) if months else "")
        income = integer(body, "income")
        self.add("income", self.tr("Chosen income:"), format_vnd(income) if income else "")
        for key, caption in (("support", self.tr("Support:")), ("method", self.tr("Method:"))):
            value = text(body, key)
            self.add(key, caption, vocab_text(value) if value else "")
        amount = integer(body, "amount")
        self.add("amount", self.tr("Amount:"), format_vnd(amount) if amount is not None else "")
        if receipt is not None:
            issued = f"{receipt.title} — {format_date(receipt.on)}" if receipt.on else receipt.title
            self.add("receipt", self.tr("Receipt:"), issued)
            button_text = self.tr("Show the &receipt…")
        else:
            self.add("receipt", self.tr("Receipt:"), self.tr("Not issued yet"))
            button_text = self.tr("Issue the &receipt…")
        self.receipt_button = QPushButton(button_text, objectName="receiptButton")
        self.buttons.addButton(self.receipt_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.receipt_button.clicked.connect(self._receipt)

    def _receipt(self) -> None:
        self.receipt_requested.emit(self.enrollment_id)
        self.accept()


class FollowupDetailDialog(RecordDetailDialog):
    def __init__(
        self,
        ctx: AppContext,
        entry: TimelineEntry,
        names: Mapping[str, str],
        closed_by: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Follow-up"), parent)
        self.setObjectName("followupDetailDialog")
        body = entry.body
        person = text(body, "person_id")
        self.add("due_on", self.tr("Come back on:"), _day(body, "due_on"))
        self.add("person_id", self.tr("About:"), names.get(person, "") if person else "")
        self.add("reason", self.tr("Reason:"), text(body, "reason") or "")
        done = body.get("done") is True
        state = self.tr("Done") if done else self.tr("Open")
        if done and closed_by:
            state = f"{state} — {closed_by}"
        self.add("done", self.tr("State:"), state)
