"""The household health insurance form (BHYT hộ gia đình): tick the members, see each one's place
on the ladder (100 / 70 / 60 / 50 / 40 % of the first member's amount) and the totals for 3, 6
and 12 months side by side; members covered by another group are shown but never charged. The
money is taken today; the month cover starts is typed (see ``enroll_when``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import HouseholdDetail, MemberRow
from agent_app.ui.context import AppContext
from agent_app.ui.enroll.enroll_confirm import ConfirmCollect
from agent_app.ui.enroll.enroll_extras import DuplicateGuard, EventChoice, with_event
from agent_app.ui.enroll.enroll_quote import TOTAL_STYLE
from agent_app.ui.enroll.enroll_when import WhenRows
from agent_app.ui.household.households import place
from agent_app.ui.i18n import vocab_text
from agent_app.ui.widgets.forms import FormErrors
from agent_app.ui.widgets.record_form import EnrollmentForm
from sync.domain.enrollment import EnrollmentFacts, enrollment_facts, quote_with_facts
from sync.domain.errors import DomainError, FieldError, ValidationFailed
from sync.domain.messages import field_label, format_vnd
from sync.domain.rules import HouseholdQuote
from sync.domain.text import fold
from sync.domain.vocab import HOUSEHOLD_PERIODS

FORM_KEY = "enroll_household_health"
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class MembersModel(QAbstractTableModel):
    """Members of the household with a tick each; the ladder follows the ticked order."""

    COL_NAME, COL_AGE, COL_RELATION, COL_ORDER, COL_PCT, COL_MONTHLY = range(6)
    selection_changed = Signal()

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.members: list[MemberRow] = []
        self.checked: list[bool] = []
        self.monthly: dict[str, int] = {}
        self.order: dict[str, int] = {}
        self.pct: dict[str, int] = {}
        self.headers = [
            self.tr("Member"),
            self.tr("Age"),
            self.tr("Relationship"),
            self.tr("Order"),
            self.tr("Rate"),
            self.tr("A month"),
        ]

    def set_members(self, members: list[MemberRow], checked: set[str] | None = None) -> None:
        self.beginResetModel()
        self.members = list(members)
        self.checked = [
            (not self.covered(m)) and (checked is None or str(m.id) in checked)
            for m in self.members
        ]
        self.endResetModel()
        self.selection_changed.emit()

    @staticmethod
    def covered(member: MemberRow) -> bool:
        return member.insurance == "covered_elsewhere"

    def selected_ids(self) -> list[str]:
        return [str(m.id) for m, on in zip(self.members, self.checked, strict=True) if on]

    def set_quote(self, quote: HouseholdQuote | None, ladder: list[int]) -> None:
        ids = self.selected_ids()
        self.order = {pid: i + 1 for i, pid in enumerate(ids)}
        self.monthly = dict(zip(ids, quote.monthly_by_member, strict=True)) if quote else {}
        self.pct = {pid: ladder[min(i, len(ladder) - 1)] for i, pid in enumerate(ids)}
        if self.members:
            self.dataChanged.emit(
                self.index(0, self.COL_ORDER), self.index(len(self.members) - 1, self.COL_MONTHLY)
            )

    # -- model --

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        member = self.members[index.row()]
        if self.covered(member):
            return Qt.ItemFlag.NoItemFlags  # shown, greyed, never ticked
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.COL_NAME:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        member = self.members[index.row()]
        pid = str(member.id)
        col = index.column()
        covered = self.covered(member)
        if role == Qt.ItemDataRole.CheckStateRole and col == self.COL_NAME:
            return Qt.CheckState.Checked if self.checked[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and covered:
            return self.tr("Already covered by another group (employee, pensioner, student…)")
        if role == Qt.ItemDataRole.TextAlignmentRole and col not in (
            self.COL_NAME,
            self.COL_RELATION,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return [
                fold(member.full_name),
                -1 if member.age is None else member.age,
                member.relationship,
                self.order.get(pid, 99),
                self.pct.get(pid, 0),
                self.monthly.get(pid, 0),
            ][col]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.COL_NAME:
            return member.full_name
        if col == self.COL_AGE:
            return "" if member.age is None else str(member.age)
        if col == self.COL_RELATION:
            return vocab_text(member.relationship)
        if covered:
            return self.tr("Covered elsewhere") if col == self.COL_ORDER else ""
        if pid not in self.order:
            return ""
        if col == self.COL_ORDER:
            return str(self.order[pid])
        if col == self.COL_PCT:
            return f"{self.pct[pid]} %"
        if col == self.COL_MONTHLY:
            return format_vnd(self.monthly[pid]) if pid in self.monthly else ""
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.COL_NAME:
            return False
        if self.covered(self.members[index.row()]):
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        self.checked[index.row()] = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.selection_changed.emit()
        return True

    def set_checked(self, row: int, on: bool) -> bool:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return self.setData(self.index(row, self.COL_NAME), state, Qt.ItemDataRole.CheckStateRole)


class HouseholdHealthDialog(EnrollmentForm):
    """Enroll members of one household in household health insurance.

    ``saved(enrollment_id)`` once stored; then "Issue receipt" opens the receipt.
    """

    FORM = FORM_KEY

    loaded = Signal()
    quote_changed = Signal(object)

    def __init__(self, ctx: AppContext, household_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.rates = ctx.workspace.known_rates  # no database read on the GUI thread
        self.detail: HouseholdDetail | None = None
        self.quote: HouseholdQuote | None = None
        self.enrollment_id: str | None = None
        self.facts = EnrollmentFacts()  # from the stored household once loaded
        self._loading = True
        self._save_tried = False  # a blank "from month" is reported once Save was pressed
        self.setObjectName("householdHealthDialog")
        self.setWindowTitle(self.tr("Household health insurance"))
        self.setMinimumSize(760, 520)
        self._build()
        self.start_draft(
            household_id,
            self.model.selection_changed,
            self.period_group.idToggled,
            self.cover_from.value_changed,
            offer=False,  # the draft loads with the household (see _load)
        )
        self._recompute()
        ctx.run_db(self._load, on_done=self._ready, on_error=self._failed)

    # -- layout --

    def _build(self) -> None:
        lang = self.ctx.lang
        outer = QVBoxLayout(self)
        self.header = QLabel(self.tr("Loading…"))
        self.header.setObjectName("householdLabel")
        self.header.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.header.setWordWrap(True)
        outer.addWidget(self.header)

        self.model = MembersModel(lang, self)
        self.table = QTableView()
        self.table.setObjectName("membersTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MembersModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._toggle_row)  # Enter/double-click ticks a member
        outer.addWidget(self.table, 1)
        self.covered_label = QLabel()
        self.covered_label.setObjectName("coveredLabel")
        self.covered_label.setStyleSheet("color: #8a5300;")
        self.covered_label.setWordWrap(True)
        outer.addWidget(self.covered_label)

        form_box = QGroupBox(self.tr("Payment"))
        form = QFormLayout(form_box)
        self.general_error = QLabel()
        self.errors = FormErrors(form, self.general_error, lang)
        periods = QWidget()
        periods_layout = QHBoxLayout(periods)
        periods_layout.setContentsMargins(0, 0, 0, 0)
        self.period_group = QButtonGroup(self)
        self.period_buttons: dict[int, QRadioButton] = {}
        for months in HOUSEHOLD_PERIODS:
            button = QRadioButton()
            button.setObjectName(f"period{months}")
            self.period_group.addButton(button, months)
            self.period_buttons[months] = button
            periods_layout.addWidget(button)
        periods_layout.addStretch(1)
        self.period_buttons[12].setChecked(True)
        self.errors.add("months", field_label("months", lang), periods)
        self.when = WhenRows(self.errors, self._today(), lang, self)
        self.paid_on = self.when.paid_on
        self.cover_from = self.when.cover_from
        self.event_choice = EventChoice(self.ctx)
        self.errors.add("event_id", self.tr("Outreach event:"), self.event_choice)
        self.duplicates = DuplicateGuard(
            self.ctx, "household_health", self, household_id=self.household_id
        )
        self.total_label = QLabel("—")
        self.total_label.setObjectName("totalLabel")
        self.total_label.setStyleSheet(TOTAL_STYLE)
        form.addRow(self.tr("Total to pay"), self.total_label)
        form.addRow(self.general_error)
        outer.addWidget(form_box)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveButton")
        # Enter in a field never stores money: only this button or its shortcut does.
        self.save_button.setDefault(False)
        self.save_button.setToolTip(self.tr("Save the enrollment (Ctrl+Enter)"))
        self.receipt_button = self.buttons.addButton(
            self.tr("&Issue receipt"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.receipt_button.setObjectName("receiptButton")
        self.receipt_button.setVisible(False)
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setObjectName("cancelButton")
        self.save_button.clicked.connect(self.save)
        self.receipt_button.clicked.connect(self.open_receipt)
        self.cancel_button.clicked.connect(self.reject)
        outer.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._enter)

        self.model.selection_changed.connect(self._recompute)
        self.period_group.idToggled.connect(self._recompute)
        self.cover_from.value_changed.connect(self._recompute)

    # -- loading --

    def _load(self) -> tuple[HouseholdDetail, dict[str, Any] | None]:
        ws = self.ctx.workspace
        return ws.households.get(self.household_id), ws.drafts.load(FORM_KEY, self.household_id)

    def _ready(self, result: tuple[HouseholdDetail, dict[str, Any] | None]) -> None:
        detail, draft = result
        self.detail = detail
        self.facts = enrollment_facts(None, detail.body)
        head, address = detail.body.get("head_name"), detail.body.get("address")
        where = place(str(address or ""), detail.commune_name)
        self.header.setText(", ".join(p for p in (str(head or ""), where) if p))
        members = list(detail.members)
        checked = set(draft["member_ids"]) if draft and "member_ids" in draft else None
        self.model.set_members(members, checked)
        covered = [m for m in members if MembersModel.covered(m)]
        if covered:
            names = ", ".join(m.full_name for m in covered)
            self.covered_label.setText(
                self.tr("Not charged, already covered by another group: %1").replace("%1", names)
            )
        if draft:
            self.apply(draft)
        self._loading = False
        self._recompute()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.header.setText(self.ctx.error_text(exc))
        self._recompute()
        self.loaded.emit()

    # -- values --

    def months(self) -> int:
        return self.period_group.checkedId()

    def collect(self) -> dict[str, Any]:
        return {
            "member_ids": self.model.selected_ids(),
            "months": self.months(),
            "cover_from": self.cover_from.text(),
        }

    def apply(self, data: Mapping[str, Any]) -> None:
        months = data.get("months")
        if months in self.period_buttons:
            self.period_buttons[months].setChecked(True)
        # The payment date is always today: a draft's is not restored.
        cover = data.get("cover_from")
        if isinstance(cover, str):
            if len(cover) == 7 and cover[4] == "-":
                self.cover_from.set_iso(cover)
            else:
                self.cover_from.setText(cover)
        ids = data.get("member_ids")
        if isinstance(ids, list):
            wanted = {str(i) for i in ids}
            for row, member in enumerate(self.model.members):
                self.model.set_checked(row, str(member.id) in wanted)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "scheme": "household_health",
            "household_id": self.household_id,
            "member_ids": self.model.selected_ids(),
            "months": self.months(),
            "paid_on": self._today().isoformat(),
        }
        cover = self.cover_from.iso()
        if cover is not None:
            body["cover_from"] = cover
        if self.quote is not None:
            body["amount"] = self.quote.total
        return with_event(body, self.event_choice)

    # -- quote --

    def _toggle_row(self, index: QModelIndex) -> None:
        row = index.row()
        if 0 <= row < len(self.model.checked):
            self.model.set_checked(row, not self.model.checked[row])

    def _today(self) -> date:
        """The payment date: always today, the receipt's date."""
        return self.ctx.workspace.current_day()

    def _quote(self, months: int, paid_on: date) -> HouseholdQuote:
        """The rules' quote for the ticked members, through the one path every caller takes."""
        body = {
            "scheme": "household_health",
            "member_ids": self.model.selected_ids(),
            "months": months,
            "paid_on": paid_on,
        }
        quote = quote_with_facts(self.rates, body, self.facts)
        assert isinstance(quote, HouseholdQuote)
        return quote

    def _recompute(self, *_args: Any) -> None:
        self.errors.clear()
        paid_on = self._today()
        self.when.refresh(paid_on)
        problems: list[FieldError] = []
        count = len(self.model.selected_ids())
        quote: HouseholdQuote | None = None
        ladder: list[int] = []
        try:
            ladder = [int(p) for p in self.rates.at("household_health", paid_on).data["ladder_pct"]]
        except DomainError as exc:
            problems.extend(self.errors.errors_of(exc))
        for months, button in self.period_buttons.items():
            text = self.tr("%1 months").replace("%1", str(months))
            if count and ladder:
                try:
                    total = self._quote(months, paid_on).total
                    text = f"{text}: {format_vnd(total)}"
                except DomainError:
                    pass
            button.setText(text)
        if count and ladder:
            try:
                quote = self._quote(self.months(), paid_on)
            except DomainError as exc:
                problems.extend(self.errors.errors_of(exc))
        cover = self.when.error(required=self._save_tried)
        if cover is not None:
            problems.append(cover)
        if problems:
            self.errors.show(ValidationFailed(problems), focus=False)
        self.quote = quote
        self.model.set_quote(quote, ladder)
        if quote is not None:
            self.total_label.setText(format_vnd(quote.total))
            self.total_label.setToolTip("\n".join(quote.legal_basis))
        else:
            self.total_label.setText("—")
        self.save_button.setEnabled(
            quote is not None
            and not self._loading
            and self.enrollment_id is None
            and self.when.error(required=False) is None
        )
        self.quote_changed.emit(quote)

    # -- saving --

    def _enter(self) -> None:
        """Ctrl+Enter: the Save button's shortcut."""
        if self.save_button.isEnabled():
            self.save()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        # Enter in the member table ticks a member (the view's activated signal); elsewhere it
        # does nothing: money is stored only through Save (or Ctrl+Enter). QDialog would press
        # a button in both cases.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        if self.quote is None or self.enrollment_id is not None:
            return
        self._save_tried = True
        if self.when.error(required=True) is not None:
            self._recompute()
            self.cover_from.setFocus()
            return
        self.duplicates.ask(self.model.selected_ids(), self._confirm)

    def _confirm(self) -> None:
        if self.quote is None:
            return
        self.confirm_box = ConfirmCollect(self.quote.total, self._summary(), self._store, self)
        self.confirm_box.open()

    def _summary(self) -> str:
        """Who pays for what, for the confirmation."""
        count = len(self.model.selected_ids())
        return (
            self.tr("%1 members — household health insurance, %2 months from %3")
            .replace("%1", str(count))
            .replace("%2", str(self.months()))
            .replace("%3", self.cover_from.text().strip())
        )

    def _store(self) -> None:
        if self.quote is None or self.enrollment_id is not None:
            return
        self.submit(self.ctx.workspace.money.enroll_household_health, self.body())

    def input_widgets(self) -> list[QWidget]:
        return [self.table, *self.period_buttons.values(), self.cover_from, self.event_choice]
