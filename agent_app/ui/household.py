"""One household: its members (relationship, CCCD, birth date, sex, insurance and paid-until),
a timeline of visits, enrollments and receipts, and the actions an agent takes at the door.

Enrollment and receipt dialogs belong to another module set (``enroll_voluntary``,
``enroll_health``, ``receipt``); they are imported when used so this page works without them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_app.ui.context import AppContext
from agent_app.ui.households import commune_name, field, status_text
from sync.domain.messages import format_date, format_vnd
from sync.domain.vocab import label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def insurance_text(status: str | None, lang: str) -> str:
    names = {
        "voluntary": ("BHXH tự nguyện", "Voluntary SI"),
        "household_health": ("BHYT hộ gia đình", "Household HI"),
        "both": ("BHXH TN + BHYT HGĐ", "Voluntary SI + household HI"),
        "covered_elsewhere": ("Đã có BHYT nơi khác", "Covered elsewhere"),
        "none": ("Chưa tham gia", "Not insured"),
    }
    vi, en = names.get(status or "none", (status or "", status or ""))
    return en if lang == "en" else vi


class MembersModel(QAbstractTableModel):
    NAME, RELATIONSHIP, CCCD, BIRTH, SEX, INSURANCE, PAID_UNTIL = range(7)

    def __init__(self, lang: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._lang = lang

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 7

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Full name"),
            self.tr("Relationship"),
            self.tr("CCCD"),
            self.tr("Date of birth"),
            self.tr("Sex"),
            self.tr("Insurance"),
            self.tr("Paid until"),
        ][section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return field(row, "id", "person_id")
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return None
        col = index.column()
        body = field(row, "body", default={}) or {}
        if col == self.NAME:
            return field(row, "full_name", default=body.get("full_name", ""))
        if col == self.RELATIONSHIP:
            rel = field(row, "relationship", default=body.get("relationship", ""))
            return rel if role == SORT_ROLE else label(rel or "", self._lang)
        if col == self.CCCD:
            return field(row, "cccd", default=body.get("cccd")) or ""
        if col in (self.BIRTH, self.PAID_UNTIL):
            names = ("date_of_birth",) if col == self.BIRTH else ("paid_until",)
            value = as_date(field(row, *names, default=body.get(names[0])))
            if role == SORT_ROLE:
                return value.isoformat() if value else ""
            return format_date(value) if value else ""
        if col == self.SEX:
            sex = field(row, "sex", default=body.get("sex", ""))
            return sex if role == SORT_ROLE else label(sex or "", self._lang)
        status = field(row, "insurance_status", "insurance", "status")
        return status if role == SORT_ROLE else insurance_text(status, self._lang)


def timeline_text(entry: Any, lang: str) -> str:
    on = as_date(field(entry, "on", "date", "occurred_on", "when"))
    kind = field(entry, "kind", default="")
    summary = field(entry, "summary", "title", "text", "description", default="") or ""
    amount = field(entry, "amount")
    names = {
        "visit": ("Lần thăm", "Visit"),
        "enrollment": ("Đăng ký", "Enrollment"),
        "receipt": ("Biên lai", "Receipt"),
        "followup": ("Hẹn gặp lại", "Follow-up"),
    }
    vi, en = names.get(kind, (kind, kind))
    parts = [format_date(on) if on else "", en if lang == "en" else vi]
    if summary:
        parts.append(str(summary))
    if isinstance(amount, int) and amount:
        parts.append(format_vnd(amount))
    return " — ".join(p for p in parts if p)


def _dialog_class(module: str, name: str) -> type[QDialog] | None:
    try:
        mod = importlib.import_module(f"agent_app.ui.{module}")
    except ImportError:
        return None
    cls = getattr(mod, name, None)
    return cls if isinstance(cls, type) else None


class HouseholdPage(QWidget):
    """Detail page. ``undo_offered(text, undo)`` asks the window to offer an undo action;
    ``dialog_opened(dialog)`` lets tests and the window follow the dialogs it opens."""

    undo_offered = Signal(str, object)
    dialog_opened = Signal(object)
    loaded = Signal(str)
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("householdPage")
        self.ctx = ctx
        self.household_id: str | None = None
        self.detail: Any = None
        self.title = QLabel(objectName="householdTitle")
        self.title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.subtitle = QLabel(objectName="householdSubtitle")
        self.subtitle.setWordWrap(True)
        back = QPushButton(self.tr("← &Back to the list"), objectName="backButton")
        back.clicked.connect(self.back_requested)

        self.members = MembersModel(ctx.lang, self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.members)
        proxy.setSortRole(SORT_ROLE)
        self.members_proxy = proxy
        self.members_view = QTableView(objectName="membersTable")
        self.members_view.setModel(proxy)
        self.members_view.setSortingEnabled(True)
        self.members_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members_view.verticalHeader().hide()
        self.members_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.members_view.horizontalHeader().setStretchLastSection(True)
        self.members_view.doubleClicked.connect(lambda _i: self.edit_member())
        self.timeline = QListWidget(objectName="timeline")
        self.timeline.itemActivated.connect(lambda _item: self.print_receipt())

        def button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
            b = QPushButton(text, objectName=name)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.buttons = {
            "edit_household": button(self.tr("&Edit household"), "editHousehold", self.edit),
            "add_member": button(self.tr("&Add member"), "addMember", self.add_member),
            "edit_member": button(self.tr("Edit &member"), "editMember", self.edit_member),
            "remove_member": button(self.tr("&Remove member"), "removeMember", self.remove_member),
            "log_visit": button(self.tr("&Log a visit"), "logVisit", self.log_visit),
            "enroll_voluntary": button(
                self.tr("Enroll in &voluntary insurance"), "enrollVoluntary", self.enroll_voluntary
            ),
            "enroll_health": button(
                self.tr("&Household health insurance"), "enrollHealth", self.enroll_health
            ),
            "print_receipt": button(
                self.tr("&Print a receipt again"), "printReceipt", self.print_receipt
            ),
        }
        actions = QGridLayout()
        for i, key in enumerate(
            (
                "log_visit",
                "enroll_voluntary",
                "enroll_health",
                "print_receipt",
                "add_member",
                "edit_member",
                "remove_member",
                "edit_household",
            )
        ):
            actions.addWidget(self.buttons[key], i // 4, i % 4)

        members_box = QGroupBox(self.tr("Members"))
        QVBoxLayout(members_box).addWidget(self.members_view)
        timeline_box = QGroupBox(self.tr("Visits, enrollments and receipts"))
        QVBoxLayout(timeline_box).addWidget(self.timeline)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(members_box)
        split.addWidget(timeline_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        top.addLayout(heading, 1)
        top.addWidget(back, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        ctx.changed.connect(self._on_changed)

    # -- loading --------------------------------------------------------------------------

    def show_household(self, household_id: str) -> None:
        self.household_id = household_id
        self.reload()

    def reload(self) -> None:
        if self.household_id is None:
            return
        wanted = self.household_id
        self.ctx.run_db(
            self.ctx.workspace.household, wanted, on_done=lambda d: self._loaded(wanted, d)
        )

    def _loaded(self, household_id: str, detail: Any) -> None:
        if household_id != self.household_id:
            return
        self.detail = detail
        body = self.household_body()
        head = body.get("head_name", "")
        self.title.setText(head)
        place = [body.get("address", ""), body.get("village", "")]
        place.append(commune_name(body.get("commune_code")))
        phone = body.get("phone")
        status = field(detail, "status")
        line = ", ".join(p for p in place if p)
        if phone:
            line += f" · ☎ {phone}"
        if status:
            line += f" · {status_text(status, self.ctx.lang)}"
        self.subtitle.setText(line)
        self.members.set_rows(list(field(detail, "members", default=[]) or []))
        if self.members.rowCount():
            self.members_view.selectRow(0)
        self.timeline.clear()
        for entry in field(detail, "timeline", default=[]) or []:
            item = QListWidgetItem(timeline_text(entry, self.ctx.lang))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.timeline.addItem(item)
        self.loaded.emit(household_id)

    def household_body(self) -> dict[str, Any]:
        household = field(self.detail, "household", default=None)
        body = field(household, "body", default=None) if household is not None else None
        if isinstance(body, dict):
            return body
        if isinstance(household, dict):
            return household
        body = field(self.detail, "body", default={})
        return body if isinstance(body, dict) else {}

    def member_rows(self) -> list[Any]:
        return [self.members.row_at(i) for i in range(self.members.rowCount())]

    def selected_member(self) -> Any:
        index = self.members_view.currentIndex()
        if not index.isValid():
            return None
        source = self.members_proxy.mapToSource(index)
        return self.members.row_at(source.row())

    def select_member(self, person_id: str) -> None:
        for row in range(self.members_proxy.rowCount()):
            if self.members_proxy.index(row, 0).data(ID_ROLE) == person_id:
                self.members_view.selectRow(row)
                return

    def _on_changed(self, changed: Any) -> None:
        if self.household_id is None:
            return
        kinds = field(changed, "kinds", default=frozenset()) or frozenset()
        ids = field(changed, "ids", default=()) or ()
        if self.household_id in ids or kinds & {
            "person",
            "visit",
            "enrollment",
            "receipt",
            "followup",
            "household",
        }:
            self.reload()

    # -- actions --------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def edit(self) -> QDialog | None:
        if self.detail is None:
            return None
        from agent_app.ui.household_form import HouseholdDialog

        return self._open(
            HouseholdDialog(
                self.ctx, household_id=self.household_id, body=self.household_body(), parent=self
            )
        )

    def add_member(self) -> QDialog | None:
        if self.household_id is None:
            return None
        from agent_app.ui.household_form import MemberDialog

        return self._open(MemberDialog(self.ctx, self.household_id, parent=self))

    def edit_member(self) -> QDialog | None:
        member = self.selected_member()
        if member is None or self.household_id is None:
            return None
        from agent_app.ui.household_form import MemberDialog, member_body

        return self._open(
            MemberDialog(
                self.ctx,
                self.household_id,
                person_id=field(member, "id", "person_id"),
                body=member_body(member),
                parent=self,
            )
        )

    def remove_member(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        from agent_app.ui.household_form import member_body

        person_id = str(field(member, "id", "person_id"))
        body = member_body(member)
        name = body.get("full_name", "")

        def undo() -> None:
            restore = getattr(self.ctx.workspace, "restore_member", None)
            if restore is not None:
                self.ctx.run_db(restore, person_id, on_done=self.ctx.notify)
            else:
                # No restore in the workspace yet: the tombstone cannot be edited, so the same
                # person comes back as a new record (the removal still syncs, then the re-add).
                self.ctx.run_db(self.ctx.workspace.save_member, body, None, on_done=self.ctx.notify)

        def removed(changed: Any) -> None:
            self.ctx.notify(changed)
            text = self.tr("Removed %1 from the household.").replace("%1", name)
            self.undo_offered.emit(text, undo)

        self.ctx.run_db(self.ctx.workspace.remove_member, person_id, on_done=removed)

    def log_visit(self) -> QDialog | None:
        if self.household_id is None:
            return None
        from agent_app.ui.visit_form import VisitDialog

        member = self.selected_member()
        return self._open(
            VisitDialog(
                self.ctx,
                self.household_id,
                members=self.member_rows(),
                person_id=field(member, "id", "person_id") if member is not None else None,
                parent=self,
            )
        )

    def enroll_voluntary(self) -> QDialog | None:
        member = self.selected_member()
        cls = _dialog_class("enroll_voluntary", "VoluntaryEnrollmentDialog")
        if member is None or cls is None:
            return None
        return self._open(cls(self.ctx, str(field(member, "id", "person_id")), parent=self))  # type: ignore[call-arg]

    def enroll_health(self) -> QDialog | None:
        cls = _dialog_class("enroll_health", "HouseholdHealthDialog")
        if cls is None or self.household_id is None:
            return None
        return self._open(cls(self.ctx, self.household_id, parent=self))  # type: ignore[call-arg]

    def print_receipt(self) -> QDialog | None:
        item = self.timeline.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        enrollment_id = None
        if entry is not None:
            enrollment_id = field(entry, "enrollment_id")
            if enrollment_id is None and field(entry, "kind") == "enrollment":
                enrollment_id = field(entry, "id", "record_id")
        if enrollment_id is None:  # fall back to the newest enrollment on the timeline
            for i in range(self.timeline.count()):
                e = self.timeline.item(i).data(Qt.ItemDataRole.UserRole)
                if field(e, "kind") in ("enrollment", "receipt"):
                    enrollment_id = field(e, "enrollment_id") or field(e, "id", "record_id")
                    break
        cls = _dialog_class("receipt", "ReceiptDialog")
        if enrollment_id is None or cls is None:
            return None
        return self._open(cls(self.ctx, str(enrollment_id), parent=self))  # type: ignore[call-arg]
