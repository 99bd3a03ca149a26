"""The voluntary social insurance enrollment form (BHXH tự nguyện): chosen income, support
category, payment method and the month cover starts (the money is taken today), with a live
quote and a pension estimate recomputed on every change, rule errors beside the field, draft
autosave, and a receipt once saved."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import MemberRow
from agent_app.ui.context import AppContext
from agent_app.ui.enroll.enroll_confirm import ConfirmCollect
from agent_app.ui.enroll.enroll_extras import DuplicateGuard, EventChoice, with_event
from agent_app.ui.enroll.enroll_quote import VoluntaryQuotePanel
from agent_app.ui.enroll.enroll_when import WhenRows
from agent_app.ui.i18n import vocab_text
from agent_app.ui.widgets.forms import FormErrors, MoneyEdit
from agent_app.ui.widgets.record_form import EnrollmentForm
from sync.domain.enrollment import EnrollmentFacts
from sync.domain.errors import DomainError, FieldError, RuleError, ValidationFailed
from sync.domain.messages import field_label, format_vnd
from sync.domain.rules import VoluntaryQuote, quote_voluntary
from sync.domain.validators import age_on
from sync.domain.vocab import MAX_ADVANCE_MONTHS, METHOD_MONTHS, METHODS, SUPPORT_CATEGORIES

FORM_KEY = "enroll_voluntary"


class VoluntaryEnrollmentDialog(EnrollmentForm):
    """Enroll one person in voluntary social insurance.

    ``saved(enrollment_id)`` is emitted once the enrollment is stored; the dialog then offers
    to issue the receipt. ``quote_changed`` follows the live quote (None while invalid).
    """

    FORM = FORM_KEY

    quote_changed = Signal(object)
    person_loaded = Signal()

    def __init__(self, ctx: AppContext, person_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.rates = ctx.workspace.known_rates  # no database read on the GUI thread
        self.person: MemberRow | None = None
        self.quote: VoluntaryQuote | None = None
        self.enrollment_id: str | None = None
        # The stored facts the rules need (age, commune, months already supported), loaded
        # with the person; the live quote is the service's quote for the same inputs.
        self.facts = EnrollmentFacts()
        self._loading = True
        self._save_tried = False  # a blank "from month" is reported once Save was pressed
        self.setObjectName("voluntaryEnrollmentDialog")
        self.setWindowTitle(self.tr("Voluntary social insurance enrollment"))
        self._build()
        self.setMinimumWidth(960)  # the income row and its label need the room, in Vietnamese
        self.start_draft(
            person_id,
            self.income.value_changed,
            self.support.currentIndexChanged,
            self.method.currentIndexChanged,
            self.months.valueChanged,
            self.cover_from.value_changed,
            offer=False,  # the draft loads with the person (see _load)
        )
        self._recompute()
        ctx.run_db(self._load_person, on_done=self._person_ready, on_error=self._person_failed)

    # -- layout --

    def _build(self) -> None:
        lang = self.ctx.lang
        outer = QVBoxLayout(self)
        self.person_label = QLabel(self.tr("Loading…"))
        self.person_label.setObjectName("personLabel")
        self.person_label.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.person_label.setWordWrap(True)
        outer.addWidget(self.person_label)

        columns = QHBoxLayout()
        outer.addLayout(columns)
        form_box = QGroupBox(self.tr("Enrollment"))
        form = QFormLayout(form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = QLabel()
        self.errors = FormErrors(form, self.general_error, lang)

        self.income = MoneyEdit()
        self.income.setObjectName("income")
        self.income.setPlaceholderText(self.tr("e.g. 2.000.000"))
        income_row = QWidget()
        income_layout = QVBoxLayout(income_row)
        income_layout.setContentsMargins(0, 0, 0, 0)
        income_layout.addWidget(self.income)
        quick = QHBoxLayout()
        self.floor_button = QPushButton(self.tr("&Floor"))
        self.floor_button.setObjectName("floorButton")
        self.floor_button.setAutoDefault(False)
        self.floor_button.clicked.connect(lambda: self._use_floor(1))
        self.double_button = QPushButton(self.tr("&2 × floor"))
        self.double_button.setObjectName("doubleFloorButton")
        self.double_button.setAutoDefault(False)
        self.double_button.clicked.connect(lambda: self._use_floor(2))
        quick.addWidget(self.floor_button)
        quick.addWidget(self.double_button)
        quick.addStretch(1)
        income_layout.addLayout(quick)
        self.limits_label = QLabel()
        self.limits_label.setObjectName("limitsLabel")
        self.limits_label.setStyleSheet("color: #555;")
        self.limits_label.setToolTip(
            self.tr("Minimum: the rural poverty line; maximum: 20 × the base salary.")
        )
        self.limits_label.setWordWrap(True)
        income_layout.addWidget(self.limits_label)
        self.errors.add("income", field_label("income", lang), income_row, focus=self.income)

        self.support = QComboBox()
        self.support.setObjectName("support")
        for value in SUPPORT_CATEGORIES:
            self.support.addItem(vocab_text(value), value)
        self.support.setCurrentIndex(SUPPORT_CATEGORIES.index("other"))
        self.errors.add("support", field_label("support", lang), self.support)

        self.method = QComboBox()
        self.method.setObjectName("method")
        for value in METHODS:
            self.method.addItem(vocab_text(value), value)
        self.method.setCurrentIndex(METHODS.index("yearly"))
        self.errors.add("method", field_label("method", lang), self.method)

        # The box takes any number typed, so 120 stays 120 and the rule says why it is refused
        # (QSpinBox's own range would silently drop the last digit); its limits are stated.
        self.months = QSpinBox()
        self.months.setObjectName("months")
        self.months.setRange(0, 99_999)
        self.months.setValue(12)
        self.months.setSuffix(self.tr(" months"))
        self._advance_months = 12  # what the agent chose for an advance payment
        months_row = QWidget()
        months_layout = QHBoxLayout(months_row)
        months_layout.setContentsMargins(0, 0, 0, 0)
        months_layout.addWidget(self.months)
        self.months_hint = QLabel()
        self.months_hint.setObjectName("monthsHint")
        self.months_hint.setStyleSheet("color: #555;")
        months_layout.addWidget(self.months_hint, 1)
        self.errors.add("months", field_label("months", lang), months_row, focus=self.months)

        self.when = WhenRows(self.errors, self._today(), lang, self)
        self.paid_on = self.when.paid_on
        self.cover_from = self.when.cover_from
        self.event_choice = EventChoice(self.ctx)
        self.errors.add("event_id", self.tr("Outreach event:"), self.event_choice)
        self.duplicates = DuplicateGuard(self.ctx, "voluntary", self, person_id=self.person_id)
        form.addRow(self.general_error)
        columns.addWidget(form_box, 3)

        self.quote_panel = VoluntaryQuotePanel()
        # The figures tests and the live quote read, kept under their familiar names.
        self.quote_labels = self.quote_panel.labels
        self.basis_label = self.quote_panel.basis_label
        self.pension_label = self.quote_panel.pension_label
        columns.addWidget(self.quote_panel, 2)

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

        for signal in (
            self.income.value_changed,
            self.support.currentIndexChanged,
            self.method.currentIndexChanged,
            self.months.valueChanged,
            self.cover_from.value_changed,
        ):
            signal.connect(self._recompute)
        self.setTabOrder(self.income, self.support)
        self.setTabOrder(self.support, self.method)
        self.setTabOrder(self.method, self.months)
        self.setTabOrder(self.months, self.cover_from)
        self.setTabOrder(self.cover_from, self.save_button)
        self.income.setFocus()

    # -- the person --

    def _load_person(self) -> tuple[MemberRow, EnrollmentFacts, dict[str, Any] | None]:
        """Runs on the database thread: the person, the enrollment's facts and any draft."""
        ws = self.ctx.workspace
        person = ws.households.member(self.person_id)
        facts = ws.money.enrollment_facts(self.person_id)
        return person, facts, ws.drafts.load(FORM_KEY, self.person_id)

    def _person_ready(
        self, result: tuple[MemberRow, EnrollmentFacts, dict[str, Any] | None]
    ) -> None:
        person, facts, draft = result
        self.person = person
        self.facts = facts
        self._show_person()
        if draft:
            self.apply(draft)
        self._loading = False
        self._recompute()
        self.person_loaded.emit()

    def _person_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.person_label.setText(self.ctx.error_text(exc))
        self._recompute()
        self.person_loaded.emit()

    def _show_person(self) -> None:
        person = self.person
        if person is None:
            self.person_label.setText(self.person_id)
            return
        parts = [person.full_name]
        if person.date_of_birth is not None:
            age = age_on(person.date_of_birth, self.ctx.workspace.current_day())
            parts.append(self.tr("%n years old", "", age))
        if person.cccd:
            parts.append(f"CCCD {person.cccd}")
        self.person_label.setText(" — ".join(parts))

    def _date_of_birth(self) -> date | None:
        return self.person.date_of_birth if self.person is not None else None

    # -- values --

    def collect(self) -> dict[str, Any]:
        """The form as a draft (JSON-friendly)."""
        return {
            "income": self.income.value(),
            "support": self.support.currentData(),
            "method": self.method.currentData(),
            "months": self.months.value(),
            "cover_from": self.cover_from.text(),
        }

    def apply(self, data: Mapping[str, Any]) -> None:
        """Fill the form from a draft or a record being fixed."""
        income = data.get("income")
        if isinstance(income, int) and not isinstance(income, bool):
            self.income.set_value(income)
        for combo, key in ((self.support, "support"), (self.method, "method")):
            index = combo.findData(data.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        months = data.get("months")
        if isinstance(months, int) and not isinstance(months, bool):
            self.months.setValue(months)
        # The payment date is always today: a draft's (or an old record's) is not restored.
        cover = data.get("cover_from")
        if isinstance(cover, str):
            if len(cover) == 7 and cover[4] == "-":
                self.cover_from.set_iso(cover)
            else:
                self.cover_from.setText(cover)

    def body(self) -> dict[str, Any]:
        """The enrollment's wire body, with the amount of the current quote."""
        method = str(self.method.currentData())
        body: dict[str, Any] = {
            "scheme": "voluntary",
            "person_id": self.person_id,
            "income": self.income.value(),
            "support": self.support.currentData(),
            "method": method,
            "paid_on": self._today().isoformat(),
        }
        cover = self.cover_from.iso()
        if cover is not None:
            body["cover_from"] = cover
        if method == "advance":
            body["months"] = self.months.value()
        if self.quote is not None:
            body["amount"] = self.quote.total
        return with_event(body, self.event_choice)

    # -- the live quote --

    def _today(self) -> date:
        """The payment date: always today, the receipt's date."""
        return self.ctx.workspace.current_day()

    def _use_floor(self, times: int = 1) -> None:
        try:
            floor = self.rates.at("rural_poverty_line", self._today()).amount()
        except DomainError as exc:
            self.errors.show(exc)
            return
        self.income.set_value(floor * times)
        self.income.setFocus()

    def _show_limits(self, paid_on: date) -> None:
        try:
            floor = self.rates.at("rural_poverty_line", paid_on).amount()
            scheme = self.rates.at("voluntary", paid_on)
            base = self.rates.at("base_salary", paid_on).amount()
        except DomainError:
            self.limits_label.setText("")
            return
        ceiling = base * int(scheme.data["ceiling_multiple"])
        self.limits_label.setText(
            self.tr("Minimum %1, maximum %2 on %3")
            .replace("%1", format_vnd(floor))
            .replace("%2", format_vnd(ceiling))
            .replace("%3", paid_on.strftime("%d/%m/%Y"))
        )
        self.floor_button.setText(self.tr("&Floor %1").replace("%1", format_vnd(floor)))
        self.double_button.setText(self.tr("&2 × floor %1").replace("%1", format_vnd(2 * floor)))

    def _sync_months(self, paid_on: date) -> None:
        """The months box: typed for an advance payment; otherwise greyed, showing the months
        the method pays for (the quote's), the advance choice kept for when it comes back."""
        if self.enrollment_id is not None:
            return
        method = str(self.method.currentData())
        advance = method == "advance"
        self.months.blockSignals(True)
        if advance and not self.months.isEnabled():
            self.months.setValue(self._advance_months)
        elif not advance:
            if self.months.isEnabled():
                self._advance_months = self.months.value()
            self.months.setValue(METHOD_MONTHS.get(method) or 0)
        self.months.blockSignals(False)
        self.months.setEnabled(advance)
        if advance:
            try:
                top = int(self.rates.at("voluntary", paid_on).data["max_advance_months"])
            except DomainError:
                top = MAX_ADVANCE_MONTHS
            self.months_hint.setText(self.tr("1 to %1 months").replace("%1", str(top)))
        else:
            self.months_hint.setText(self.tr("set by the payment method"))

    def _recompute(self, *_args: Any) -> None:
        method = self.method.currentData()
        paid_on = self._today()
        self._sync_months(paid_on)
        self.when.refresh(paid_on)
        self._show_limits(paid_on)
        self.errors.clear()
        problems: list[FieldError] = []
        quote: VoluntaryQuote | None = None
        income = self.income.value()
        if income is not None:
            try:
                quote = quote_voluntary(
                    self.rates,
                    income=income,
                    support=str(self.support.currentData()),
                    method=str(method),
                    months=self.months.value() if method == "advance" else None,
                    paid_on=paid_on,
                    **self.facts.voluntary_kwargs(),
                )
            except RuleError as exc:
                problems.extend(self.errors.errors_of(exc))
        cover = self.when.error(required=self._save_tried)
        if cover is not None:
            problems.append(cover)
        if problems:
            # While the agent types, the focus stays where it is.
            self.errors.show(ValidationFailed(problems), focus=False)
        self.quote = quote
        self._show_quote(quote)
        self._show_pension(income if quote is not None else None)
        self.save_button.setEnabled(
            quote is not None
            and not self._loading
            and self.enrollment_id is None
            and self.when.error(required=False) is None
        )
        self.quote_changed.emit(quote)

    def _show_quote(self, quote: VoluntaryQuote | None) -> None:
        self.quote_panel.show_quote(quote)

    def _show_pension(self, income: int | None) -> None:
        person = self.person
        self.quote_panel.show_pension(
            self.rates,
            sex=person.sex if person is not None else None,
            date_of_birth=self._date_of_birth(),
            income=income,
            paid_on=self._today(),
            months_before=self.facts.supported_months_before,
        )

    # -- saving --

    def _enter(self) -> None:
        """Ctrl+Enter: the Save button's shortcut."""
        if self.save_button.isEnabled():
            self.save()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        # QDialog would press a button on Enter, from any field or dropdown: money is stored
        # only through Save (or Ctrl+Enter), never by an Enter meant for a field.
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
        self.duplicates.ask([self.person_id], self._confirm)

    def _confirm(self) -> None:
        if self.quote is None:
            return
        self.confirm_box = ConfirmCollect(self.quote.total, self._summary(), self._store, self)
        self.confirm_box.open()

    def _summary(self) -> str:
        """Who pays for what, for the confirmation."""
        name = self.person.full_name if self.person is not None else self.person_id
        quote = self.quote
        months = quote.months if quote is not None else self.months.value()
        return (
            self.tr("%1 — voluntary social insurance, %2 months from %3")
            .replace("%1", name)
            .replace("%2", str(months))
            .replace("%3", self.cover_from.text().strip())
        )

    def _store(self) -> None:
        if self.quote is None or self.enrollment_id is not None:
            return
        self.submit(self.ctx.workspace.money.enroll_voluntary, self.body())

    def input_widgets(self) -> list[QWidget]:
        return [
            self.income,
            self.support,
            self.method,
            self.months,
            self.cover_from,
            self.floor_button,
            self.double_button,
            self.event_choice,
        ]
