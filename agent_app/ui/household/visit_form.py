"""Logging a visit at the door: who was seen, the outcome (refusals with a reason from a list and
free text), the next follow-up date, the talking-points script used, and notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import MemberRow
from agent_app.ui.campaign.scripts_page import script_row
from agent_app.ui.context import AppContext
from agent_app.ui.household.households import named
from agent_app.ui.i18n import QT_TRANSLATE_NOOP, translate, vocab_text
from agent_app.ui.widgets.fields import DateField
from agent_app.ui.widgets.forms import FormErrors, Problem
from agent_app.ui.widgets.record_form import RecordForm
from sync.domain.errors import FieldError
from sync.domain.records import validate_record
from sync.domain.scripts import RenderedScript
from sync.domain.vocab import OUTCOMES

# Why people say no, as agents hear it; stored as the Vietnamese sentence (the record's
# language) so supervisors read it as said, shown through the translator (whose Vietnamese is
# the stored sentence, which a test checks).
REFUSAL_REASONS = (
    ("Không đủ khả năng đóng", QT_TRANSLATE_NOOP("RefusalReasons", "Cannot afford it")),
    ("Đã có bảo hiểm khác", QT_TRANSLATE_NOOP("RefusalReasons", "Already insured elsewhere")),
    (
        "Chưa tin tưởng vào chính sách",
        QT_TRANSLATE_NOOP("RefusalReasons", "Does not trust the scheme yet"),
    ),
    (
        "Tuổi cao, không đủ thời gian đóng",
        QT_TRANSLATE_NOOP("RefusalReasons", "Too old to contribute long enough"),
    ),
    (
        "Cần bàn thêm với gia đình",
        QT_TRANSLATE_NOOP("RefusalReasons", "Needs to discuss it with the family"),
    ),
    ("Thu nhập không ổn định", QT_TRANSLATE_NOOP("RefusalReasons", "Irregular income")),
    ("Lý do khác", QT_TRANSLATE_NOOP("RefusalReasons", "Other reason")),
)
OTHER_REASON = REFUSAL_REASONS[-1][0]


class VisitDialog(RecordForm):
    """``Workspace.households.log_visit``; a follow-up date also creates a follow-up record
    there."""

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
        self.today = today
        form = QFormLayout()
        general = QLabel()
        self.errors = FormErrors(form, general, ctx.lang)

        self.person = QComboBox(objectName="visitPerson")
        self.person.addItem(self.tr("The household"), None)
        for member in members:
            self.person.addItem(member.full_name, member.id)
        if person_id is not None:
            self.person.setCurrentIndex(max(0, self.person.findData(person_id)))
        not_after = self.tr("Not after today")
        self.visited_on = named(DateField(initial=today, limit=not_after), "visitedOn")
        outcome_box = QWidget()
        outcome_layout = QHBoxLayout(outcome_box)
        outcome_layout.setContentsMargins(0, 0, 0, 0)
        self.outcome = QButtonGroup(self)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        for i, outcome in enumerate(OUTCOMES):
            radio = QRadioButton(vocab_text(outcome), objectName=f"outcome_{outcome}")
            self.outcome.addButton(radio, i)
            self.outcome_buttons[outcome] = radio
            outcome_layout.addWidget(radio)
        # No outcome, no reason until the agent picks one: the form never answers for them.
        self.reason = QComboBox(objectName="refusalReason")
        for stored, source in REFUSAL_REASONS:
            self.reason.addItem(translate("RefusalReasons", source), stored)
        self.reason.setPlaceholderText(self.tr("— choose a reason —"))
        self.reason.setCurrentIndex(-1)
        self.reason_text = QLineEdit(objectName="refusalText")
        reason_box = QWidget()
        reason_layout = QVBoxLayout(reason_box)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        reason_layout.addWidget(self.reason)
        reason_layout.addWidget(self.reason_text)
        self.follow_up = QCheckBox(self.tr("Come back on"), objectName="followUpCheck")
        later = self.tr("Not before the visit")
        self.follow_up_on = named(DateField(limit=later), "followUpOn")
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
        first_outcome = self.outcome_buttons[OUTCOMES[0]]
        self.errors.add("outcome", self.tr("O&utcome:"), outcome_box, focus=first_outcome)
        self.errors.add("reason", self.tr("&Reason:"), reason_box, focus=self.reason)
        self.errors.add("follow_up_on", self.tr("&Follow-up:"), follow, focus=self.follow_up)
        self.errors.add(
            "script_id", self.tr("Scrip&t used:"), script_row(self, ctx), focus=self.script
        )
        self.errors.add("notes", self.tr("&Notes:"), self.notes)
        form.addRow(general)

        buttons = self.save_cancel_buttons("saveVisit")
        layout = QVBoxLayout(self)
        layout.addWidget(
            self.start_draft(
                household_id,
                self.outcome.idClicked,
                self.reason.currentIndexChanged,
                self.reason_text.textEdited,
                self.follow_up.toggled,
                self.follow_up_on.value_changed,
                self.visited_on.value_changed,
                self.notes.textChanged,
            )
        )
        layout.addLayout(form)
        layout.addStretch(1)  # room to spare goes below the fields, not between them
        layout.addWidget(buttons)
        # idClicked, not idToggled: a (int, bool) signal into *args slots trips a PySide6
        # reference-count bug on bools that aborts the interpreter at exit.
        self.outcome.idClicked.connect(lambda _i: self._outcome_changed())
        self.reason.currentIndexChanged.connect(lambda _i: self._reason_changed())
        self.follow_up.toggled.connect(self._follow_up_toggled)
        self.follow_up_on.setEnabled(False)
        self._outcome_changed()
        self._reason_changed()
        self.errors.set_check(self.problems)
        # Titles in the agent's language, as the Scripts page shows them.
        ctx.run_db(ctx.workspace.scripts.rendered, ctx.lang, on_done=self._scripts_loaded)
        self.resize(600, 520)
        self.outcome_buttons[OUTCOMES[0]].setFocus()  # the first thing to answer

    def outcome_value(self) -> str | None:
        checked = self.outcome.checkedId()
        return OUTCOMES[checked] if checked >= 0 else None

    def set_outcome(self, outcome: str) -> None:
        self.outcome_buttons[outcome].setChecked(True)
        self._outcome_changed()

    def _outcome_changed(self) -> None:
        refused = self.outcome_value() == "refused"
        self.reason.setEnabled(refused)
        self.reason_text.setEnabled(refused)
        if hasattr(self, "errors"):
            self.errors.recheck("reason")  # no longer a refusal: no reason is needed

    def _reason_changed(self) -> None:
        if self.reason.currentData() == OTHER_REASON:
            self.reason_text.setPlaceholderText(self.tr("In their own words (required)"))
        else:
            self.reason_text.setPlaceholderText(self.tr("In their own words (optional)"))

    def _follow_up_toggled(self, on: bool) -> None:
        self.follow_up_on.setEnabled(on)
        if on and self.follow_up_on.is_blank():
            self.follow_up_on.setFocus()

    def _other_words_missing(self) -> tuple[str, str]:
        return ("reason", self.tr("Other reason: say what it is, in their own words."))

    def problems(self) -> list[Problem]:
        """Everything wrong with the visit as filled in: the domain's checks, and the form's
        own (the other reason said in words, a follow-up ticked with no date)."""
        found: list[Problem] = list(validate_record("visit", self.body(), today=self.today))
        other = self.reason.currentData() == OTHER_REASON
        if self.outcome_value() == "refused" and other and not self.reason_text.text().strip():
            found.append(self._other_words_missing())
        if self.follow_up.isChecked() and self.follow_up_on.is_blank():
            found.append(FieldError.make("required", "follow_up_on"))
        return found

    def _scripts_loaded(self, scripts: list[RenderedScript]) -> None:
        for script in scripts:
            self.script.addItem(script.title, script.id)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "household_id": self.household_id,
            "visited_on": self.visited_on.wire(),
            "outcome": self.outcome_value(),
        }
        if self.person.currentData():
            body["person_id"] = self.person.currentData()
        if body["outcome"] == "refused" and self.reason.currentIndex() >= 0:
            reason = str(self.reason.currentData())
            extra = self.reason_text.text().strip()
            body["reason"] = f"{reason}: {extra}" if extra else reason
        if self.follow_up.isChecked() and not self.follow_up_on.is_blank():
            body["follow_up_on"] = self.follow_up_on.wire()
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

    def restore(self, data: dict[str, Any]) -> None:
        if data.get("outcome") in self.outcome_buttons:
            self.set_outcome(str(data["outcome"]))
        index = data.get("reason_index", -1)
        self.reason.setCurrentIndex(index if isinstance(index, int) else -1)
        self.reason_text.setText(str(data.get("reason_text", "")))
        if data.get("follow_up_on"):
            self.follow_up.setChecked(True)
            self.follow_up_on.set_text(str(data["follow_up_on"]))
        self.notes.setPlainText(str(data.get("notes", "")))

    def save(self) -> None:
        problems = self.problems()
        if self.errors.show_problems(problems):
            if problems and problems[0] == self._other_words_missing():
                self.reason_text.setFocus()  # the words are what is missing, not the reason
            return  # each problem beside its field; nothing sent
        self.submit(self.ctx.workspace.households.log_visit, self.body())
