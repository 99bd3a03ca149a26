"""The household form (a new household with its members, or an edit of one) and the member form.

Errors from the domain appear beside the field that is wrong and nothing is stored. Every edit
is autosaved as a draft; a form that was interrupted (crash, closed lid) offers to continue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import MemberRow
from agent_app.ui.context import AppContext
from agent_app.ui.household.households import commune_name
from agent_app.ui.i18n import vocab_text
from agent_app.ui.widgets.form_parts import MemberEditor, first_empty
from agent_app.ui.widgets.forms import FormErrors
from agent_app.ui.widgets.record_form import RecordForm
from sync.domain.messages import format_date
from sync.domain.records import validate_record
from sync.protocol import new_id


def profile_communes(ctx: AppContext) -> list[str]:
    """The agent's communes, from the open profile."""
    return list(ctx.workspace.store.profile.communes)


def member_body(member: MemberRow) -> dict[str, Any]:
    """The wire body of a member row, to edit or to bring back."""
    return dict(member.body)


class HouseholdDialog(RecordForm):
    """New household with its members (``Workspace.households.register``), or edit one
    (``.save``)."""

    FORM = "household"

    def __init__(
        self,
        ctx: AppContext,
        household_id: str | None = None,
        body: dict[str, Any] | None = None,
        *,
        communes: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("householdDialog")
        self.ctx = ctx
        self.household_id = household_id
        self._new_id = household_id or new_id()  # members of a new household are checked with it
        self.members: list[dict[str, Any]] = []
        self.setWindowTitle(self.tr("Edit household") if household_id else self.tr("New household"))

        form = QFormLayout()
        general = QLabel()
        self.errors = FormErrors(form, general, ctx.lang)
        self.head_name = QLineEdit(objectName="headName")
        self.commune = QComboBox(objectName="householdCommune")
        for code in communes if communes is not None else profile_communes(ctx):
            self.commune.addItem(commune_name(code), code)
        # One commune is the agent's only choice; among several, none is assumed.
        self.commune.setPlaceholderText(self.tr("— choose —"))
        self.commune.setCurrentIndex(0 if self.commune.count() == 1 else -1)
        self.village = QLineEdit(objectName="village")
        self.village.setPlaceholderText(self.tr("e.g. Ấp Tân Hòa"))
        self.address = QLineEdit(objectName="address")
        self.phone = QLineEdit(objectName="householdPhone")
        self.phone.setPlaceholderText(self.tr("10 digits, e.g. 0912 345 678"))
        self.errors.add("head_name", self.tr("&Head of household:"), self.head_name)
        self.errors.add("commune_code", self.tr("Co&mmune:"), self.commune)
        self.errors.add("village", self.tr("&Village / hamlet:"), self.village)
        self.errors.add("address", self.tr("&Address:"), self.address)
        self.errors.add("phone", self.tr("&Phone:"), self.phone)
        form.addRow(general)

        layout = QVBoxLayout(self)
        layout.addWidget(
            self.start_draft(
                household_id or "new",
                self.head_name.textEdited,
                self.village.textEdited,
                self.address.textEdited,
                self.phone.textEdited,
                self.commune.currentIndexChanged,
            )
        )
        layout.addLayout(form)
        self.editor: MemberEditor | None = None
        self.member_list: QListWidget | None = None
        if household_id is None:
            box = QGroupBox(self.tr("Members"))
            box_layout = QVBoxLayout(box)
            self.member_list = QListWidget(objectName="newMembers")
            self.member_list.setMaximumHeight(110)
            self.editor = MemberEditor(ctx.lang)
            self.editor.relationship.setCurrentIndex(self.editor.relationship.findData("head"))
            add = QPushButton(self.tr("Add this member to the &list"), objectName="addToList")
            add.setAutoDefault(False)
            remove = QPushButton(self.tr("Take back to edit"), objectName="takeBack")
            remove.setAutoDefault(False)
            row = QHBoxLayout()
            row.addWidget(add)
            row.addWidget(remove)
            row.addStretch(1)
            box_layout.addWidget(self.member_list)
            box_layout.addWidget(self.editor)
            box_layout.addLayout(row)
            layout.addWidget(box)
            add.clicked.connect(self.add_member)
            remove.clicked.connect(self._take_back)
            self.head_name.textEdited.connect(self._head_typed)
            self.editor.edited.connect(self.draft.schedule)
        if body:
            self._set_household(body)
        layout.addWidget(self.save_cancel_buttons("saveHousehold"))
        self.resize(620, 760 if household_id is None else 320)
        self.errors.set_check(lambda: validate_record("household", self.household()))
        self.first_empty().setFocus()

    def first_empty(self) -> QWidget:
        """Where the agent types next: the first required field still blank."""
        fields: list[QWidget] = [self.head_name, self.commune, self.address]
        if self.editor is not None:
            fields.append(self.editor.first_empty())
        return first_empty(fields) or self.head_name

    def household(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "head_name": self.head_name.text().strip(),
            "commune_code": self.commune.currentData(),
            "address": self.address.text().strip(),
        }
        if self.village.text().strip():
            body["village"] = self.village.text().strip()
        if self.phone.text().strip():
            body["phone"] = self.phone.text().strip()
        return body

    def _set_household(self, body: dict[str, Any]) -> None:
        self.head_name.setText(str(body.get("head_name", "")))
        index = self.commune.findData(body.get("commune_code"))
        if index < 0 and body.get("commune_code"):
            self.commune.addItem(commune_name(body["commune_code"]), body["commune_code"])
            index = self.commune.count() - 1
        self.commune.setCurrentIndex(index if index >= 0 or self.commune.count() != 1 else 0)
        self.village.setText(str(body.get("village") or ""))
        self.address.setText(str(body.get("address") or ""))
        self.phone.setText(str(body.get("phone") or ""))

    def _head_typed(self, text: str) -> None:
        # The first member is usually the head: fill in the name until the agent changes it.
        editor = self.editor
        if editor is not None and not self.members and editor.relationship.currentData() == "head":
            editor.full_name.setText(text)

    def add_member(self) -> bool:
        assert self.editor is not None
        assert self.member_list is not None
        body = self.editor.check(self._new_id)
        if body is None:
            return False
        self.members.append(body)
        self._refresh_members()
        self.editor.clear()
        self.editor.full_name.setFocus()
        self.draft.schedule()
        return True

    def _take_back(self) -> None:
        assert self.editor is not None
        assert self.member_list is not None
        row = self.member_list.currentRow()
        if row < 0:
            return
        self.editor.set_body(self.members.pop(row))
        self._refresh_members()
        self.draft.schedule()

    def _refresh_members(self) -> None:
        assert self.member_list is not None
        self.member_list.clear()
        for body in self.members:
            born = date.fromisoformat(body["date_of_birth"])
            text = (
                f"{body['full_name']} — {vocab_text(body['relationship'])} — "
                f"{format_date(born)}" + (f" — {body['cccd']}" if body.get("cccd") else "")
            )
            self.member_list.addItem(QListWidgetItem(text))

    def collect(self) -> dict[str, Any]:
        data: dict[str, Any] = {"household": self.household(), "members": list(self.members)}
        if self.editor is not None:
            data["editor"] = self.editor.body(self._new_id)
        return data

    def restore(self, data: dict[str, Any]) -> None:
        self._set_household(data.get("household") or {})
        if self.editor is not None:
            self.members = [m for m in data.get("members") or [] if isinstance(m, dict)]
            self._refresh_members()
            editor = data.get("editor")
            if isinstance(editor, dict):
                self.editor.set_body(editor)

    def save(self) -> None:
        self.errors.clear()
        body = self.household()
        member_ok = self.editor is None or self.editor.is_blank() or self.add_member()
        # Every problem at once: the household's beside its fields, the member's beside its.
        household_ok = not self.errors.show_problems(validate_record("household", body))
        if not (member_ok and household_ok):
            return
        if self.household_id is None:
            # households.register fills in the members' household_id in its transaction.
            self.submit(
                self.ctx.workspace.households.register, body, [dict(m) for m in self.members]
            )
        else:
            self.submit(self.ctx.workspace.households.save, body, self.household_id)


class MemberDialog(RecordForm):
    """Add a member to a household or edit one (``Workspace.households.save_member``)."""

    FORM = "member"

    def __init__(
        self,
        ctx: AppContext,
        household_id: str,
        *,
        person_id: str | None = None,
        body: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("memberDialog")
        self.ctx = ctx
        self.household_id = household_id
        self.person_id = person_id
        self._base = dict(body or {})
        self.setWindowTitle(self.tr("Edit member") if person_id else self.tr("Add a member"))
        self.editor = MemberEditor(ctx.lang)
        self.editor.set_body(body or {})
        layout = QVBoxLayout(self)
        layout.addWidget(self.start_draft(person_id or f"new:{household_id}", self.editor.edited))
        layout.addWidget(self.editor)
        layout.addWidget(self.save_cancel_buttons("saveMember"))
        self.editor.first_empty().setFocus()

    def collect(self) -> dict[str, Any]:
        return self.editor.body(self.household_id)

    def restore(self, data: dict[str, Any]) -> None:
        self.editor.set_body(data)

    def save(self) -> None:
        # Fields this form does not show (bhxh_code, ...) are kept from the stored body.
        body = {**self._base, **self.editor.body(self.household_id)}
        for name in ("cccd", "phone", "ethnicity", "covered_elsewhere"):
            if name not in self.editor.body(self.household_id):
                body.pop(name, None)
        self.submit(self.ctx.workspace.households.save_member, body, self.person_id)

    def form_errors(self) -> FormErrors:
        return self.editor.errors


__all__ = ["HouseholdDialog", "MemberDialog", "MemberEditor", "member_body", "profile_communes"]
