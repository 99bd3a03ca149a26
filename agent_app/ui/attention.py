"""Needs attention: the ops the server rejected or found in conflict. A rejected record can be
fixed and sent again (or dismissed); one the agent may not fix waits for a supervisor; a conflict
is settled field by field, "your value" against "server value"."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import AttentionItem, Changed
from agent_app.ui.context import AppContext
from agent_app.ui.forms import FormErrors, MoneyEdit
from sync.domain.messages import MESSAGES, MONEY_PARAMS, field_label, format_date, format_vnd
from sync.domain.messages import render as render_message
from sync.domain.rules import RuleError, quote_enrollment
from sync.domain.vocab import LABELS

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex

# Codes the agent cannot fix from the laptop: the record is outside their communes, an op id
# was reused with other content, or the record is gone on the server.
SUPERVISOR_CODES = frozenset({"forbidden", "op_reused", "deleted", "immutable"})
# Money fields shown and edited as đồng.
MONEY_FIELDS = MONEY_PARAMS | {"income", "amount"}
# Fields that make no sense to edit by hand on a fix screen.
FIXED_FIELDS = frozenset({"household_id", "person_id", "enrollment_id", "member_ids", "id"})


def is_fixable(item: AttentionItem) -> bool:
    return item.status == "rejected" and item.code not in SUPERVISOR_CODES


# The server's rejection codes (sync.protocol) in both languages: its own sentences are English.
SYNC_REASONS: dict[str, tuple[str, str]] = {
    "forbidden": (
        "Bản ghi thuộc xã/phường không nằm trong địa bàn được giao.",
        "The record is in a commune you are not assigned to.",
    ),
    "missing_parent": (
        "Hộ gia đình hoặc người tham gia của bản ghi này chưa có trên máy chủ.",
        "Its household or person is not on the server.",
    ),
    "op_reused": (
        "Mã thao tác đã được dùng cho nội dung khác.",
        "The operation id was already used with other content.",
    ),
    "deleted": ("Bản ghi đã bị xoá trên máy chủ.", "The record was deleted on the server."),
    "amount_mismatch": (
        "Số tiền khác với số tiền máy chủ tính lại theo quy định.",
        "The amount differs from what the server computes under the rules.",
    ),
    "duplicate_number": (
        "Số biên lai đã được dùng cho biên lai khác.",
        "The receipt number is already used by another receipt.",
    ),
    "immutable": (
        "Bản ghi do người khác lập, không sửa được.",
        "The record was made by someone else and cannot be changed.",
    ),
}


def reason_text(item: AttentionItem, lang: str) -> str:
    """The reason in the user's language: from our catalogue when the code is known there,
    else the server's own sentence."""
    code = item.code
    if item.status == "conflict":
        names = ", ".join(field_label(f, lang) for f in item.conflicting_fields)
        if lang == "en":
            return f"Changed on the server too: {names}" if names else "Changed on the server too"
        return f"Đã bị sửa trên máy chủ: {names}" if names else "Đã bị sửa trên máy chủ"
    if isinstance(code, str) and code in SYNC_REASONS:
        vi, en = SYNC_REASONS[code]
        return en if lang == "en" else vi
    if isinstance(code, str) and code in MESSAGES and code not in ("invalid",):
        vi, en = render_message(code, item.field, {})
        if "{" not in vi:  # a template whose parameters we lack reads worse than the server's
            return en if lang == "en" else vi
    return item.message or code or ""


def value_text(field: str, value: Any, lang: str) -> str:
    """A wire value as a person reads it: money with dots, dates dd/MM/yyyy, vocab labels."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return ("Yes" if value else "No") if lang == "en" else ("Có" if value else "Không")
    if isinstance(value, int) and field in MONEY_FIELDS:
        return format_vnd(value)
    if isinstance(value, str):
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return format_date(date.fromisoformat(value))
            except ValueError:
                return value
        if value in LABELS:
            vi, en = LABELS[value]
            return en if lang == "en" else vi
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class AttentionModel(QAbstractTableModel):
    COL_KIND, COL_RECORD, COL_STATUS, COL_REASON = range(4)

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.items: list[AttentionItem] = []
        self.headers = [self.tr("Kind"), self.tr("Record"), self.tr("Status"), self.tr("Reason")]
        self.kinds = {
            "household": self.tr("Household"),
            "person": self.tr("Member"),
            "visit": self.tr("Visit"),
            "enrollment": self.tr("Enrollment"),
            "receipt": self.tr("Receipt"),
            "event": self.tr("Outreach event"),
            "followup": self.tr("Follow-up"),
        }
        self.statuses = {"rejected": self.tr("Rejected"), "conflict": self.tr("Conflict")}

    def set_items(self, items: list[AttentionItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        col = index.column()
        if role == ITEM_ROLE:
            return item
        kind, status = item.kind, item.status
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            if col == self.COL_KIND:
                return self.kinds.get(kind, kind)
            if col == self.COL_RECORD:
                return item.label or item.record_id
            if col == self.COL_STATUS:
                return self.statuses.get(status, status)
            if col == self.COL_REASON:
                text = reason_text(item, self.lang)
                if status == "rejected" and not is_fixable(item):
                    text += " — " + self.tr("a supervisor must resolve this")
                return text
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATUS:
            from PySide6.QtGui import QColor

            return QColor("#b3261e") if status == "rejected" else QColor("#8a5300")
        return None


class AttentionPage(QWidget):
    """The needs-attention list with what can be done about each item."""

    loaded = Signal()
    resolved = Signal(object)  # the Changed of a fix, a dismissal or a resolution

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("attentionPage")
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Needs attention"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        self.summary = QLabel()
        self.summary.setObjectName("attentionSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = AttentionModel(ctx.lang, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("attentionTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttentionModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.act())
        layout.addWidget(self.table, 1)
        self.hint = QLabel()
        self.hint.setObjectName("attentionHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        buttons = QHBoxLayout()
        self.fix_button = QPushButton(self.tr("&Fix and send again…"))
        self.fix_button.setObjectName("fixButton")
        self.resolve_button = QPushButton(self.tr("&Resolve conflict…"))
        self.resolve_button.setObjectName("resolveButton")
        self.dismiss_button = QPushButton(self.tr("&Dismiss"))
        self.dismiss_button.setObjectName("dismissButton")
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("refreshButton")
        for button in (self.fix_button, self.resolve_button, self.dismiss_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout.addLayout(buttons)
        self.fix_button.clicked.connect(self.fix_current)
        self.resolve_button.clicked.connect(self.resolve_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        ctx.changed.connect(self._on_changed)
        self.dialog: QDialog | None = None
        self._update_buttons()
        self.refresh()

    # -- data --

    def _on_changed(self, _changed: Changed) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run_db(self.ctx.workspace.attention, on_done=self._loaded)

    def _loaded(self, items: list[AttentionItem]) -> None:
        self.model.set_items(items)
        rejected = sum(1 for i in items if i.status == "rejected")
        conflicts = len(items) - rejected
        if not items:
            self.summary.setText(self.tr("Nothing needs attention. Everything sent was accepted."))
        else:
            self.summary.setText(
                self.tr("%1 rejected, %2 in conflict")
                .replace("%1", str(rejected))
                .replace("%2", str(conflicts))
            )
        if items:
            self.table.selectRow(0)
        self._update_buttons()
        self.loaded.emit()

    def current(self) -> AttentionItem | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.data(index, ITEM_ROLE)

    def _update_buttons(self) -> None:
        item = self.current()
        status = item.status if item is not None else None
        self.fix_button.setEnabled(item is not None and is_fixable(item))
        self.resolve_button.setEnabled(status == "conflict")
        self.dismiss_button.setEnabled(status == "rejected")
        if item is None:
            self.hint.setText("")
        elif status == "conflict":
            self.hint.setText(self.tr("Choose, field by field, which value to keep."))
        elif is_fixable(item):
            self.hint.setText(self.tr("Correct the record and send it again, or dismiss it."))
        else:
            self.hint.setText(
                self.tr(
                    "You cannot fix this from the laptop: a supervisor must resolve it. "
                    "You may dismiss it from this list."
                )
            )

    # -- actions --

    def act(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.status == "conflict":
            self.resolve_current()
        elif is_fixable(item):
            self.fix_current()

    def fix_current(self) -> QDialog | None:
        item = self.current()
        if item is None or not is_fixable(item):
            return None
        dialog = FixDialog(self.ctx, item, self)
        dialog.done_with.connect(self._after)
        dialog.open()
        self.dialog = dialog
        return dialog

    def resolve_current(self) -> QDialog | None:
        item = self.current()
        if item is None or item.status != "conflict":
            return None
        dialog = ConflictDialog(self.ctx, item, self)
        dialog.done_with.connect(self._after)
        dialog.open()
        self.dialog = dialog
        return dialog

    def dismiss_current(self) -> None:
        item = self.current()
        if item is None:
            return
        self.ctx.run_db(self.ctx.workspace.dismiss_attention, item.op_id, on_done=self._after)

    def _after(self, changed: Changed) -> None:
        self.resolved.emit(changed)
        self.ctx.notify(changed)  # redraws this page too, through ctx.changed


class ConflictDialog(QDialog):
    """Field by field: keep your value or the server's."""

    done_with = Signal(object)

    def __init__(self, ctx: AppContext, item: AttentionItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Resolve a conflict"))
        self.setMinimumWidth(620)
        lang = ctx.lang
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("%1 was changed on the server too. Choose which value to keep:").replace(
                "%1", item.label or item.record_id
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel(f"<b>{self.tr('Field')}</b>"), 0, 0)
        grid.addWidget(QLabel(f"<b>{self.tr('Your value')}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>{self.tr('Server value')}</b>"), 0, 2)
        mine: Mapping[str, Any] = item.body
        server: Mapping[str, Any] = item.server or {}
        fields = list(item.conflicting_fields)
        if not fields:
            fields = sorted(k for k in set(mine) | set(server) if mine.get(k) != server.get(k))
        self.groups: dict[str, QButtonGroup] = {}
        self.mine_buttons: dict[str, QRadioButton] = {}
        self.server_buttons: dict[str, QRadioButton] = {}
        for row, name in enumerate(fields, start=1):
            grid.addWidget(QLabel(field_label(name, lang)), row, 0)
            mine_button = QRadioButton(value_text(name, mine.get(name), lang))
            mine_button.setObjectName(f"mine_{name}")
            server_button = QRadioButton(value_text(name, server.get(name), lang))
            server_button.setObjectName(f"server_{name}")
            group = QButtonGroup(self)
            group.addButton(mine_button)
            group.addButton(server_button)
            mine_button.setChecked(True)
            grid.addWidget(mine_button, row, 1)
            grid.addWidget(server_button, row, 2)
            self.groups[name] = group
            self.mine_buttons[name] = mine_button
            self.server_buttons[name] = server_button
        layout.addLayout(grid)
        self.error = QLabel()
        self.error.setObjectName("conflictError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(
            self.tr("&Keep the chosen values"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setDefault(True)
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def choices(self) -> dict[str, str]:
        return {
            name: "mine" if self.mine_buttons[name].isChecked() else "server"
            for name in self.groups
        }

    def apply(self) -> None:
        self.apply_button.setEnabled(False)
        self.ctx.run_db(
            self.ctx.workspace.resolve_conflict,
            self.item.op_id,
            self.choices(),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, changed: Changed) -> None:
        self.done_with.emit(changed)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(self.ctx.error_text(exc))
        self.apply_button.setEnabled(True)


class FixDialog(QDialog):
    """Edit a rejected record's fields, the one at fault marked, and send it again.

    The editor is generic over the wire body so it serves every kind; enrollment amounts are
    recomputed by the rules rather than typed (the server never trusts a typed amount).
    """

    done_with = Signal(object)

    def __init__(self, ctx: AppContext, item: AttentionItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.body: dict[str, Any] = dict(item.body)
        self.setObjectName("fixDialog")
        self.setWindowTitle(self.tr("Fix and send again"))
        self.setMinimumWidth(560)
        lang = ctx.lang
        layout = QVBoxLayout(self)
        reason = QLabel(reason_text(item, lang))
        reason.setObjectName("fixReason")
        reason.setStyleSheet("color: #b3261e;")
        reason.setWordWrap(True)
        layout.addWidget(reason)
        holder = QWidget()
        form = QFormLayout(holder)
        general = QLabel()
        self.errors = FormErrors(form, general, lang)
        self.editors: dict[str, QWidget] = {}
        for name, value in self.body.items():
            if name in FIXED_FIELDS or isinstance(value, list | dict):
                continue
            if name == "amount" and self.body.get("scheme"):
                continue  # recomputed on sending
            editor: QWidget
            if isinstance(value, bool):
                editor = QCheckBox()
                editor.setChecked(value)
            elif isinstance(value, int) and name in MONEY_FIELDS:
                editor = MoneyEdit()
                editor.set_value(value)
            else:
                editor = QLineEdit("" if value is None else str(value))
            editor.setObjectName(f"fix_{name}")
            self.errors.add(name, field_label(name, lang), editor)
            self.editors[name] = editor
        form.addRow(general)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        bad = item.field
        if isinstance(bad, str) and bad in self.editors:
            # The server's sentence goes beside the field it names.
            label = self.findChild(QLabel, f"error_{bad}")
            if label is not None:
                label.setText(item.message or reason.text())
                label.setVisible(True)
            self.editors[bad].setFocus()
        buttons = QDialogButtonBox()
        self.send_button = buttons.addButton(
            self.tr("&Send again"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.send_button.clicked.connect(self.send)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def fixed_body(self) -> dict[str, Any]:
        body = dict(self.body)
        for name, editor in self.editors.items():
            old = self.body.get(name)
            if isinstance(editor, QCheckBox):
                body[name] = editor.isChecked()
            elif isinstance(editor, MoneyEdit):
                body[name] = editor.value()
            elif isinstance(editor, QLineEdit):
                text = editor.text().strip()
                if isinstance(old, int) and not isinstance(old, bool) and text.isdigit():
                    body[name] = int(text)
                elif text == "" and old is None:
                    body[name] = None
                else:
                    body[name] = text
        if body.get("scheme") in ("voluntary", "household_health"):
            # A rule broken here is reported by the service, beside its field.
            with contextlib.suppress(RuleError):
                body["amount"] = quote_enrollment(self.ctx.workspace.rates, body).total
        return body

    def send(self) -> None:
        self.send_button.setEnabled(False)
        self.ctx.run_db(
            self.ctx.workspace.resend_fixed,
            self.item.op_id,
            self.fixed_body(),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, changed: Changed) -> None:
        self.done_with.emit(changed)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not self.errors.show(exc):
            self.ctx.show_error(exc, self)
        self.send_button.setEnabled(True)
