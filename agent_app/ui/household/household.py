"""One household: its members (relationship, CCCD, birth date, sex, insurance, and each
scheme's own period), a timeline of visits, enrollments and receipts that opens each record, and
the actions an agent takes at the door."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
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

from agent_app.services import Changed, HouseholdDetail, MemberRow, TimelineEntry
from agent_app.ui.context import AppContext
from agent_app.ui.enroll.enroll_health import HouseholdHealthDialog
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.household.household_form import HouseholdDialog, MemberDialog, member_body
from agent_app.ui.household.households import ID_ROLE, SORT_ROLE, place, status_text
from agent_app.ui.household.record_detail import (
    EnrollmentDetailDialog,
    FollowupDetailDialog,
    VisitDetailDialog,
    reason_and_words,
)
from agent_app.ui.household.visit_form import VisitDialog
from agent_app.ui.i18n import QT_TRANSLATE_NOOP, translate, vocab_text
from agent_app.ui.money.receipt import ReceiptDialog
from sync.domain.messages import format_date, format_vnd
from sync.domain.receipts import is_live_receipt
from sync.domain.text import fold

_Index = QModelIndex | QPersistentModelIndex


INSURANCE_TEXTS = {
    "voluntary": QT_TRANSLATE_NOOP("Insurance", "Voluntary SI"),
    "household_health": QT_TRANSLATE_NOOP("Insurance", "Household HI"),
    "both": QT_TRANSLATE_NOOP("Insurance", "Voluntary SI + household HI"),
    "covered_elsewhere": QT_TRANSLATE_NOOP("Insurance", "Covered elsewhere"),
    "none": QT_TRANSLATE_NOOP("Insurance", "Not insured"),
}


def insurance_text(status: str | None) -> str:
    status = status or "none"
    source = INSURANCE_TEXTS.get(status)
    return translate("Insurance", source) if source else status


def period_text(period: tuple[date, date] | None) -> str:
    return f"{format_date(period[0])} – {format_date(period[1])}" if period else ""


class MembersModel(QAbstractTableModel):
    """Members; each scheme's period in its own column (voluntary: paid from-to; household
    health: the card's from-to), since one "paid until" for both hid a card ending sooner."""

    NAME, RELATIONSHIP, CCCD, BIRTH, SEX, INSURANCE, VOLUNTARY, HEALTH = range(8)
    COLUMNS = 8

    def __init__(self, lang: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberRow] = []
        self._lang = lang

    def set_rows(self, rows: Sequence[MemberRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> MemberRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.COLUMNS

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
            self.tr("Voluntary SI paid"),
            self.tr("Health insurance card"),
        ][section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        col = index.column()
        if col in (self.VOLUNTARY, self.HEALTH):
            return self._period_data(row, col, role)
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return None
        raw = role == SORT_ROLE
        if col == self.NAME:
            return fold(row.full_name) if raw else row.full_name
        if col == self.RELATIONSHIP:
            return row.relationship if raw else vocab_text(row.relationship)
        if col == self.CCCD:
            return row.cccd or ""
        if col == self.BIRTH:
            if row.date_of_birth is None:
                return ""
            return row.date_of_birth.isoformat() if raw else format_date(row.date_of_birth)
        if col == self.SEX:
            return row.sex if raw else vocab_text(row.sex)
        return row.insurance if raw else insurance_text(row.insurance)

    def _period_data(self, row: MemberRow, col: int, role: int) -> Any:
        period = row.voluntary_period if col == self.VOLUNTARY else row.health_period
        if role == Qt.ItemDataRole.DisplayRole:
            return period_text(period)
        if role == SORT_ROLE:
            return period[1].isoformat() if period else ""
        if role == Qt.ItemDataRole.ToolTipRole and period is not None:
            text = (
                self.tr("Voluntary social insurance paid from %1 to %2")
                if col == self.VOLUNTARY
                else self.tr("Household health insurance card valid from %1 to %2")
            )
            return text.replace("%1", format_date(period[0])).replace("%2", format_date(period[1]))
        return None


TIMELINE_KINDS = {
    "visit": QT_TRANSLATE_NOOP("Timeline", "Visit"),
    "enrollment": QT_TRANSLATE_NOOP("Timeline", "Enrollment"),
    "receipt": QT_TRANSLATE_NOOP("Timeline", "Receipt"),
    "followup": QT_TRANSLATE_NOOP("Timeline", "Follow-up"),
}


def timeline_text(entry: TimelineEntry) -> str:
    kind = TIMELINE_KINDS.get(entry.kind)
    # Visit outcomes and schemes are wire values with labels; receipt numbers and follow-up
    # reasons are already text.
    title = vocab_text(entry.title) if entry.kind in ("visit", "enrollment") else entry.title
    on = format_date(entry.on) if entry.on else ""
    parts = [on, translate("Timeline", kind) if kind else entry.kind, title]
    if entry.kind == "visit":
        reason, words = reason_and_words(entry.body.get("reason"))
        parts.append(": ".join(p for p in (reason, words) if p))
    if entry.kind == "receipt" and not is_live_receipt(entry.body):
        parts.append(translate("Timeline", "VOIDED"))
    if entry.kind == "followup" and entry.body.get("done") is True:
        parts.append(translate("Timeline", "done"))
    if entry.amount:
        parts.append(format_vnd(entry.amount))
    return " — ".join(p for p in parts if p)


def enrollment_of(entry: TimelineEntry) -> str | None:
    """The enrollment a timeline entry is, or is the receipt of."""
    if entry.kind == "enrollment":
        return entry.id
    if entry.kind == "receipt":
        value = entry.body.get("enrollment_id")
        return value if isinstance(value, str) else None
    return None


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
        self.detail: HouseholdDetail | None = None
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
        # No sort until a header is clicked: members stay in the order they were registered
        # (the head first), not sorted descending by name as setSortingEnabled would.
        self.members_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
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
        # Enter or a double click opens the entry's own record, whatever its kind.
        self.timeline.itemActivated.connect(self._entry_activated)
        self.timeline.setWordWrap(True)
        self.timeline.setToolTip(self.tr("Enter or a double click opens the entry's own record."))
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

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
        self.shortcut_actions = self._shortcuts(back)

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

    # Keys for the actions at the door, while this page is shown; each button's tooltip says it.
    SHORTCUTS: Final = MappingProxyType({
        "log_visit": "Ctrl+1",
        "enroll_voluntary": "Ctrl+2",
        "enroll_health": "Ctrl+3",
        "print_receipt": "Ctrl+P",
        "add_member": "Ctrl+M",
        "edit_household": "Ctrl+E",
    })  # fmt: skip

    def _shortcuts(self, back: QPushButton) -> dict[str, QAction]:
        found: dict[str, QAction] = {}
        for key, keys in [*self.SHORTCUTS.items(), ("back", "Alt+Left")]:
            button = back if key == "back" else self.buttons[key]
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            # Only while the page is shown (Qt skips the shortcuts of hidden widgets).
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(
                lambda _c=False, b=button: b.click() if b.isEnabled() else None
            )
            self.addAction(action)
            native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{button.text().replace('&', '')} ({native})")
            found[key] = action
        return found

    # -- loading --------------------------------------------------------------------------

    def show_household(self, household_id: str) -> None:
        self.household_id = household_id
        self._focus_on_load = True  # a household just opened: focus goes to its first action
        self.reload()

    def reload(self) -> None:
        if self.household_id is None:
            return
        wanted = self.household_id
        self.ctx.run_db(
            self.ctx.workspace.households.get, wanted, on_done=lambda d: self._loaded(wanted, d)
        )

    def _loaded(self, household_id: str, detail: HouseholdDetail) -> None:
        if household_id != self.household_id:
            return
        self.detail = detail
        body = detail.body
        self.title.setText(str(body.get("head_name", "")))
        line = place(str(body.get("address", "")), body.get("village"), detail.commune_name)
        if body.get("phone"):
            line += f" · ☎ {body['phone']}"
        line += f" · {status_text(detail.status)}"
        self.subtitle.setText(line)
        self.members.set_rows(detail.members)
        if self.members.rowCount():
            self.members_view.selectRow(0)
        self.timeline.clear()
        for entry in detail.timeline:
            item = QListWidgetItem(timeline_text(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.timeline.addItem(item)
        if getattr(self, "_focus_on_load", False):
            self._focus_on_load = False
            self.buttons["log_visit"].setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit(household_id)

    def household_body(self) -> dict[str, Any]:
        return dict(self.detail.body) if self.detail is not None else {}

    def member_rows(self) -> list[MemberRow]:
        return [self.members.row_at(i) for i in range(self.members.rowCount())]

    def selected_member(self) -> MemberRow | None:
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

    def _on_changed(self, changed: Changed) -> None:
        if self.household_id is None:
            return
        if self.household_id in changed.ids or changed.kinds & {
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
        return self._open(
            HouseholdDialog(
                self.ctx, household_id=self.household_id, body=self.household_body(), parent=self
            )
        )

    def add_member(self) -> QDialog | None:
        if self.household_id is None:
            return None
        return self._open(MemberDialog(self.ctx, self.household_id, parent=self))

    def edit_member(self) -> QDialog | None:
        member = self.selected_member()
        if member is None or self.household_id is None:
            return None
        return self._open(
            MemberDialog(
                self.ctx,
                self.household_id,
                person_id=member.id,
                body=member_body(member),
                parent=self,
            )
        )

    def remove_member(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        person_id, name = member.id, member.full_name
        ctx = self.ctx

        def undo() -> None:
            # Only the context is captured: the undo may run after this page is gone.
            ctx.mutate(ctx.workspace.households.restore_member, person_id)

        self.ctx.mutate(
            self.ctx.workspace.households.remove_member,
            person_id,
            on_done=lambda changed: self._removed(changed, name, undo),
        )

    def _removed(self, changed: Changed, name: str, undo: Callable[[], None]) -> None:
        text = self.tr("Removed %1 from the household.").replace("%1", name)
        self.undo_offered.emit(text, undo)

    def log_visit(self) -> QDialog | None:
        if self.household_id is None:
            return None
        member = self.selected_member()
        return self._open(
            VisitDialog(
                self.ctx,
                self.household_id,
                members=self.member_rows(),
                person_id=member.id if member is not None else None,
                parent=self,
            )
        )

    def enroll_voluntary(self) -> QDialog | None:
        member = self.selected_member()
        if member is None:
            return None
        return self._open(VoluntaryEnrollmentDialog(self.ctx, member.id, parent=self))

    def enroll_health(self) -> QDialog | None:
        if self.household_id is None:
            return None
        return self._open(HouseholdHealthDialog(self.ctx, self.household_id, parent=self))

    # -- looking back -----------------------------------------------------------------------

    def _entry_activated(self, item: QListWidgetItem) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(entry, TimelineEntry):
            self.open_entry(entry)

    def _names(self) -> dict[str, str]:
        return {m.id: m.full_name for m in self.member_rows()}

    def open_entry(self, entry: TimelineEntry) -> QDialog | None:
        """The entry's own detail: a visit or follow-up read-only, an enrollment with its
        receipt one click away, a receipt in the receipt dialog."""
        timeline = self.detail.timeline if self.detail is not None else ()
        if entry.kind == "visit":
            return self._open(VisitDetailDialog(self.ctx, entry, self._names(), parent=self))
        if entry.kind == "enrollment":
            receipt = next(
                (
                    e
                    for e in timeline
                    if e.kind == "receipt"
                    and enrollment_of(e) == entry.id
                    and is_live_receipt(e.body)
                ),
                None,
            )
            dialog = EnrollmentDetailDialog(self.ctx, entry, self._names(), receipt, parent=self)
            dialog.receipt_requested.connect(self._open_receipt)
            return self._open(dialog)
        if entry.kind == "receipt":
            # That very receipt (a voided one too), not the enrollment's live one.
            return self._open(
                ReceiptDialog(self.ctx, enrollment_of(entry), parent=self, receipt_id=entry.id)
            )
        if entry.kind == "followup":
            by = str(entry.body.get("closed_by") or "")
            closer = next((e for e in timeline if e.id == by), None)
            closed_by = timeline_text(closer) if closer is not None else ""
            return self._open(
                FollowupDetailDialog(self.ctx, entry, self._names(), closed_by, parent=self)
            )
        return None

    def _open_receipt(self, enrollment_id: str) -> QDialog:
        return self._open(ReceiptDialog(self.ctx, enrollment_id, parent=self))

    def print_receipt(self) -> QDialog | None:
        """The receipt of the selected enrollment or receipt, else of the newest enrollment."""
        item = self.timeline.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item else None
        if isinstance(entry, TimelineEntry) and entry.kind == "receipt":
            # That very receipt (a voided one prints as voided), not a new one.
            return self._open(
                ReceiptDialog(self.ctx, enrollment_of(entry), parent=self, receipt_id=entry.id)
            )
        enrollment_id = enrollment_of(item.data(Qt.ItemDataRole.UserRole)) if item else None
        if enrollment_id is None and self.detail is not None:
            enrollment_id = next(
                (e for e in map(enrollment_of, self.detail.timeline) if e is not None), None
            )
        if enrollment_id is None:
            return None
        return self._open(ReceiptDialog(self.ctx, enrollment_id, parent=self))
