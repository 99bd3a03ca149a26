"""The parts the household, member and visit forms are built from: the "continue the unfinished
form?" banner and the editor of one person's fields with its errors beside them (the draft
handling every such form shares is ``record_form.RecordForm``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from agent_app.ui.household.households import named
from agent_app.ui.i18n import vocab_text
from agent_app.ui.widgets.fields import DateField
from agent_app.ui.widgets.forms import FormErrors
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
