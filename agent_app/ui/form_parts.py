"""The parts the household, member and visit forms are built from: the "continue the unfinished
form?" banner, the draft handling every such form shares, and the editor of one person's
fields with its errors beside them."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from agent_app.services import Changed
from agent_app.ui.context import AppContext
from agent_app.ui.forms import DraftAutosave, FormErrors
from agent_app.ui.households import named
from agent_app.ui.i18n import vocab_text
from agent_app.ui.widgets import DateField
from sync.domain.errors import FieldError, ValidationFailed
from sync.domain.records import validate_record
from sync.domain.vocab import RELATIONSHIPS, SEXES


class DraftBanner(QFrame):
    """ "Continue the unfinished form?" with Continue / Start over."""

    chosen = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftBanner")
        self.setStyleSheet("#draftBanner { background: #fff4d6; border-radius: 4px; }")
        text = QLabel(self.tr("Continue the unfinished form?"))
        self.continue_button = QPushButton(self.tr("&Continue"), objectName="draftContinue")
        self.discard_button = QPushButton(self.tr("Start &over"), objectName="draftDiscard")
        layout = QHBoxLayout(self)
        layout.addWidget(text, 1)
        layout.addWidget(self.continue_button)
        layout.addWidget(self.discard_button)
        self.continue_button.clicked.connect(lambda: self._choose(True))
        self.discard_button.clicked.connect(lambda: self._choose(False))
        self.hide()

    def _choose(self, keep: bool) -> None:
        self.hide()
        self.chosen.emit(keep)


# Checks a member before its household exists: the id only has to be well-formed.
_ANY_HOUSEHOLD = "00000000-0000-4000-8000-000000000000"


def first_empty(widgets: list[QWidget]) -> QWidget | None:
    """The first of ``widgets`` with nothing in it yet (where the agent goes next)."""
    for widget in widgets:
        if isinstance(widget, QLineEdit) and not widget.text().strip():
            return widget
        if isinstance(widget, DateField) and widget.is_blank():
            return widget
        if isinstance(widget, QComboBox) and widget.currentIndex() < 0:
            return widget
    return None


class MemberEditor(QWidget):
    """The fields of one person, with their error labels. Date of birth, sex and relationship
    start blank (nothing is assumed about a person) and the domain refuses them blank."""

    edited = Signal()

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.general = QLabel()
        self.errors = FormErrors(self.form, self.general, lang)
        self.full_name = QLineEdit(objectName="memberName")
        self.relationship = QComboBox(objectName="memberRelationship")
        for rel in RELATIONSHIPS:
            self.relationship.addItem(vocab_text(rel), rel)
        self.relationship.setPlaceholderText(self.tr("— choose —"))
        self.relationship.setCurrentIndex(-1)
        born = self.tr("From 01/01/1900 to today")
        self.date_of_birth = named(DateField(limit=born), "memberBirth")
        self.sex = QComboBox(objectName="memberSex")
        for sex in SEXES:
            self.sex.addItem(vocab_text(sex), sex)
        self.sex.setPlaceholderText(self.tr("— choose —"))
        self.sex.setCurrentIndex(-1)
        self.cccd = QLineEdit(objectName="memberCccd")
        self.cccd.setMaxLength(20)
        self.cccd.setPlaceholderText(self.tr("12 digits"))
        self.phone = QLineEdit(objectName="memberPhone")
        self.phone.setPlaceholderText(self.tr("10 digits, e.g. 0912 345 678"))
        self.ethnicity = QLineEdit(objectName="memberEthnicity")
        self.ethnicity.setPlaceholderText("Kinh")
        self.covered = QCheckBox(
            self.tr("Already has health insurance elsewhere"), objectName="memberCovered"
        )
        self.errors.add("full_name", self.tr("Full &name:"), self.full_name)
        self.errors.add("relationship", self.tr("&Relationship:"), self.relationship)
        self.errors.add("date_of_birth", self.tr("Date of &birth:"), self.date_of_birth)
        self.errors.add("sex", self.tr("Se&x:"), self.sex)
        self.errors.add("cccd", self.tr("CCC&D:"), self.cccd)
        self.errors.add("phone", self.tr("Phon&e:"), self.phone)
        self.errors.add("ethnicity", self.tr("E&thnicity:"), self.ethnicity)
        self.form.addRow("", self.covered)
        self.form.addRow(self.general)
        for signal in (
            self.full_name.textEdited,
            self.cccd.textEdited,
            self.phone.textEdited,
            self.ethnicity.textEdited,
            self.relationship.currentIndexChanged,
            self.sex.currentIndexChanged,
            self.date_of_birth.value_changed,
            self.covered.toggled,
        ):
            signal.connect(lambda *_a: self.edited.emit())
        self.errors.set_check(lambda: self.problems(_ANY_HOUSEHOLD))

    def problems(self, household_id: str) -> list[FieldError]:
        return validate_record("person", self.body(household_id), today=date.today())

    def body(self, household_id: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "household_id": household_id,
            "full_name": self.full_name.text().strip(),
            # Blank stays None (the domain says "required"); a date mistyped goes as typed
            # (the domain says "not a valid date"): never a date the agent did not give.
            "relationship": self.relationship.currentData(),
            "date_of_birth": self.date_of_birth.wire(),
            "sex": self.sex.currentData(),
        }
        for name, edit in (("cccd", self.cccd), ("phone", self.phone)):
            if edit.text().strip():
                body[name] = edit.text().strip()
        if self.ethnicity.text().strip():
            body["ethnicity"] = self.ethnicity.text().strip()
        if self.covered.isChecked():
            body["covered_elsewhere"] = True
        return body

    def set_body(self, body: dict[str, Any]) -> None:
        self.full_name.setText(str(body.get("full_name", "")))
        rel = body.get("relationship")
        index = self.relationship.findData(rel) if rel else -1
        if index < 0 and rel:
            self.relationship.addItem(str(rel), rel)
            index = self.relationship.count() - 1
        self.relationship.setCurrentIndex(index)
        born = body.get("date_of_birth")
        if isinstance(born, date):
            self.date_of_birth.set_value(born)
        else:
            self.date_of_birth.set_text(str(born) if isinstance(born, str) else "")
        self.sex.setCurrentIndex(self.sex.findData(body.get("sex")) if body.get("sex") else -1)
        self.cccd.setText(str(body.get("cccd") or ""))
        self.phone.setText(str(body.get("phone") or ""))
        self.ethnicity.setText(str(body.get("ethnicity") or ""))
        self.covered.setChecked(bool(body.get("covered_elsewhere")))

    def clear(self) -> None:
        self.set_body({})
        self.errors.clear()

    def first_empty(self) -> QWidget:
        """The first required field still blank (else the name): where typing goes next."""
        fields = [self.full_name, self.relationship, self.date_of_birth, self.sex]
        return first_empty(fields) or self.full_name

    def is_blank(self) -> bool:
        return not (self.full_name.text().strip() or self.cccd.text().strip())

    def check(self, household_id: str) -> dict[str, Any] | None:
        """The body when it is valid; otherwise shows the errors beside the fields."""
        body = self.body(household_id)
        errors = self.problems(household_id)
        if errors:
            self.errors.show(ValidationFailed(errors))
            return None
        self.errors.clear()
        return body


class DraftForm(QDialog):
    """Shared draft handling: load on open, offer to continue, discard once saved."""

    saved = Signal(object)  # the Changed the workspace returned
    FORM = ""

    def _setup_draft(self, ctx: AppContext, key: str) -> None:
        self.banner = DraftBanner(self)
        self.draft = DraftAutosave(ctx, self.FORM, key, self.collect, self)
        self._pending_draft: dict[str, Any] | None = None
        self.banner.chosen.connect(self._draft_chosen)
        self.draft.load(self._draft_loaded)

    def collect(self) -> dict[str, Any]:
        raise NotImplementedError

    def restore(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def _draft_loaded(self, data: dict[str, Any] | None) -> None:
        if data:
            self._pending_draft = data
            self.banner.show()

    def _draft_chosen(self, keep: bool) -> None:
        if keep and self._pending_draft is not None:
            self.restore(self._pending_draft)
        elif not keep:
            self.ctx.run_db(self.ctx.workspace.discard_draft, self.FORM, self.draft.key)
        self._pending_draft = None

    def done(self, result: int) -> None:
        # Closing keeps the last edits as a draft; after a save the draft is already gone.
        self.draft.flush()
        super().done(result)

    def _save_cancel_buttons(self, save_name: str) -> QDialogButtonBox:
        """Save (the default, Enter) and Cancel (Esc); sets ``save_button``."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName(save_name)
        self.save_button.setText(self.tr("&Save"))
        self.save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        return buttons

    def save(self) -> None:
        raise NotImplementedError

    def form_errors(self) -> FormErrors:
        """Where this form shows a field's error."""
        raise NotImplementedError

    def _saved(self, changed: Changed) -> None:
        self.draft.discard()
        self.ctx.notify(changed)
        self.saved.emit(changed)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not self.form_errors().show(exc):
            self.ctx.show_error(exc, self)

    ctx: AppContext
    save_button: QPushButton


class EnrollmentDialog(QDialog):
    """What both enrollment dialogs do once saved: inputs locked, the receipt offered, and
    ``saved(enrollment_id)``; and on a refusal, the error beside its field."""

    saved = Signal(str)  # the new enrollment's id
    ctx: AppContext
    draft: DraftAutosave
    errors: FormErrors
    quote: Any
    enrollment_id: str | None
    save_button: QPushButton
    receipt_button: QPushButton
    cancel_button: QPushButton

    def input_widgets(self) -> list[QWidget]:
        """The widgets that must not change once the enrollment is stored."""
        raise NotImplementedError

    def _saved(self, changed: Changed) -> None:
        self.enrollment_id = changed.primary
        self.draft.discard()
        self.ctx.notify(changed)
        for widget in self.input_widgets():
            widget.setEnabled(False)
        self.save_button.setVisible(False)
        self.receipt_button.setVisible(self.enrollment_id is not None)
        self.receipt_button.setDefault(True)
        self.receipt_button.setFocus()
        self.cancel_button.setText(self.tr("Close"))
        if self.enrollment_id is not None:
            self.saved.emit(self.enrollment_id)

    def _save_failed(self, exc: BaseException) -> None:
        if not self.errors.show(exc):
            self.ctx.show_error(exc, self)
        self.save_button.setEnabled(self.quote is not None)

    def open_receipt(self) -> QDialog | None:
        if self.enrollment_id is None:
            return None
        from agent_app.ui.receipt import open_receipt

        self.receipt_dialog = open_receipt(self.ctx, self.enrollment_id, self)
        return self.receipt_dialog
