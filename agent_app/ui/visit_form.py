"""Logging a visit at the door: who was seen, the outcome (refusals with a reason from a list and
free text), the next follow-up date, the talking-points script used, and notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import Changed, MemberRow
from agent_app.ui.context import AppContext
from agent_app.ui.form_parts import DraftBanner
from agent_app.ui.forms import DateEdit, DraftAutosave, FormErrors
from agent_app.ui.households import named
from agent_app.ui.scripts_page import script_row
from sync.domain.scripts import RenderedScript
from sync.domain.vocab import OUTCOMES, label

# Why people say no, as agents hear it; stored as the Vietnamese sentence (the record's
# language) so supervisors read it as said.
REFUSAL_REASONS = (
    ("Không đủ khả năng đóng", "Cannot afford it"),
    ("Đã có bảo hiểm khác", "Already insured elsewhere"),
    ("Chưa tin tưởng vào chính sách", "Does not trust the scheme yet"),
    ("Tuổi cao, không đủ thời gian đóng", "Too old to contribute long enough"),
    ("Cần bàn thêm với gia đình", "Needs to discuss it with the family"),
    ("Thu nhập không ổn định", "Irregular income"),
    ("Lý do khác", "Other reason"),
)


class VisitDialog(QDialog):
    """``Workspace.log_visit``; a follow-up date also creates a follow-up record there."""

    saved = Signal(object)
    FORM = "visit"

    def __init__(
        self,
        ctx: AppContext,
        household_id: str,
        *,
        members: Sequence[MemberRow] = (),
        person_id: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visitDialog")
        self.setWindowTitle(self.tr("Log a visit"))
        self.ctx = ctx
        self.household_id = household_id
        today = today or ctx.workspace.current_day()
        form = QFormLayout()
        general = QLabel()
        self.errors = FormErrors(form, general, ctx.lang)

        self.person = QComboBox(objectName="visitPerson")
        self.person.addItem(self.tr("The household"), None)
        for member in members:
            self.person.addItem(member.full_name, member.id)
        if person_id is not None:
            self.person.setCurrentIndex(max(0, self.person.findData(person_id)))
        self.visited_on = named(DateEdit(initial=today), "visitedOn")
        outcome_box = QWidget()
        outcome_layout = QHBoxLayout(outcome_box)
        outcome_layout.setContentsMargins(0, 0, 0, 0)
        self.outcome = QButtonGroup(self)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        for i, outcome in enumerate(OUTCOMES):
            radio = QRadioButton(label(outcome, ctx.lang), objectName=f"outcome_{outcome}")
            self.outcome.addButton(radio, i)
            self.outcome_buttons[outcome] = radio
            outcome_layout.addWidget(radio)
        self.outcome_buttons["interested"].setChecked(True)
        self.reason = QComboBox(objectName="refusalReason")
        for vi, en in REFUSAL_REASONS:
            self.reason.addItem(en if ctx.lang == "en" else vi, vi)
        self.reason_text = QLineEdit(objectName="refusalText")
        self.reason_text.setPlaceholderText(self.tr("In their own words (optional)"))
        self.follow_up = QCheckBox(self.tr("Come back on"), objectName="followUpCheck")
        self.follow_up_on = named(DateEdit(initial=today + timedelta(days=7)), "followUpOn")
        follow = QWidget()
        follow_layout = QHBoxLayout(follow)
        follow_layout.setContentsMargins(0, 0, 0, 0)
        follow_layout.addWidget(self.follow_up)
        follow_layout.addWidget(self.follow_up_on, 1)
        self.script = QComboBox(objectName="visitScript")
        self.script.addItem(self.tr("No script"), None)
        self.notes = QPlainTextEdit(objectName="visitNotes")
        self.notes.setMaximumHeight(90)

        self.errors.add("person_id", self.tr("&Who:"), self.person)
        self.errors.add("visited_on", self.tr("&Date:"), self.visited_on)
        self.errors.add("outcome", self.tr("&Outcome:"), outcome_box)
        self.errors.add("reason", self.tr("&Reason:"), self.reason)
        form.addRow("", self.reason_text)
        self.errors.add("follow_up_on", self.tr("&Follow-up:"), follow)
        self.errors.add(
            "script_id", self.tr("&Script used:"), script_row(self, ctx), focus=self.script
        )
        self.errors.add("notes", self.tr("&Notes:"), self.notes)
        form.addRow(general)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveVisit")
        self.save_button.setText(self.tr("&Save"))
        self.save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        self.banner = DraftBanner(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        # idClicked, not idToggled: a (int, bool) signal into *args slots trips a PySide6
        # reference-count bug on bools that aborts the interpreter at exit.
        self.outcome.idClicked.connect(lambda _i: self._outcome_changed())
        self.follow_up.toggled.connect(self.follow_up_on.setEnabled)
        self.follow_up_on.setEnabled(False)
        self._outcome_changed()

        self.draft = DraftAutosave(ctx, self.FORM, household_id, self.collect, self)
        self.draft.watch(
            self.outcome.idClicked,
            self.reason.currentIndexChanged,
            self.reason_text.textEdited,
            self.follow_up.toggled,
            self.notes.textChanged,
        )
        self._draft: dict[str, Any] | None = None
        self.banner.chosen.connect(self._draft_chosen)
        self.draft.load(self._draft_loaded)
        # Titles in the agent's language, as the Scripts page shows them.
        ctx.run_db(ctx.workspace.rendered_scripts, ctx.lang, on_done=self._scripts_loaded)
        self.resize(560, 480)

    def outcome_value(self) -> str:
        return OUTCOMES[max(0, self.outcome.checkedId())]

    def set_outcome(self, outcome: str) -> None:
        self.outcome_buttons[outcome].setChecked(True)
        self._outcome_changed()

    def _outcome_changed(self) -> None:
        refused = self.outcome_value() == "refused"
        self.reason.setEnabled(refused)
        self.reason_text.setEnabled(refused)

    def _scripts_loaded(self, scripts: list[RenderedScript]) -> None:
        for script in scripts:
            self.script.addItem(script.title, script.id)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "household_id": self.household_id,
            "visited_on": self.visited_on.value().isoformat(),
            "outcome": self.outcome_value(),
        }
        if self.person.currentData():
            body["person_id"] = self.person.currentData()
        if body["outcome"] == "refused":
            reason = str(self.reason.currentData())
            extra = self.reason_text.text().strip()
            body["reason"] = f"{reason}: {extra}" if extra else reason
        if self.follow_up.isChecked():
            body["follow_up_on"] = self.follow_up_on.value().isoformat()
        if self.script.currentData():
            body["script_id"] = self.script.currentData()
        if self.notes.toPlainText().strip():
            body["notes"] = self.notes.toPlainText().strip()
        return body

    def collect(self) -> dict[str, Any]:
        data = self.body()
        data["reason_index"] = self.reason.currentIndex()
        data["reason_text"] = self.reason_text.text()
        return data

    def _draft_loaded(self, data: dict[str, Any] | None) -> None:
        if data:
            self._draft = data
            self.banner.show()

    def _draft_chosen(self, keep: bool) -> None:
        data, self._draft = self._draft, None
        if not keep or data is None:
            self.ctx.run_db(self.ctx.workspace.discard_draft, self.FORM, self.household_id)
            return
        if data.get("outcome") in self.outcome_buttons:
            self.set_outcome(str(data["outcome"]))
        self.reason.setCurrentIndex(int(data.get("reason_index", 0) or 0))
        self.reason_text.setText(str(data.get("reason_text", "")))
        if data.get("follow_up_on"):
            self.follow_up.setChecked(True)
            self.follow_up_on.set_value(date.fromisoformat(str(data["follow_up_on"])))
        self.notes.setPlainText(str(data.get("notes", "")))

    def save(self) -> None:
        self.errors.clear()
        self.save_button.setEnabled(False)
        self.ctx.run_db(
            self.ctx.workspace.log_visit, self.body(), on_done=self._saved, on_error=self._failed
        )

    def _saved(self, changed: Changed) -> None:
        self.draft.discard()
        self.ctx.notify(changed)
        self.saved.emit(changed)
        self.accept()

    def done(self, result: int) -> None:
        # Closing keeps the last edits as a draft; after a save the draft is already gone.
        self.draft.flush()
        super().done(result)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not self.errors.show(exc):
            self.ctx.show_error(exc, self)
