"""The two dialogs of the needs-attention page: settle a conflict field by field ("your value"
against "server value"), and fix a rejected record and send it again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import AttentionItem, Changed
from agent_app.ui.context import AppContext
from agent_app.ui.sync.attention_text import FIXED_FIELDS, MONEY_FIELDS, reason_text, value_text
from agent_app.ui.widgets.forms import FormErrors, MoneyEdit
from sync.domain.merge import changed_fields
from sync.domain.messages import field_label


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
        # tr() outside the f-strings: lupdate does not look inside them.
        headings = (self.tr("Field"), self.tr("Your value"), self.tr("Server value"))
        for column, heading in enumerate(headings):
            grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        mine: Mapping[str, Any] = item.body
        server: Mapping[str, Any] = item.server or {}
        fields = list(item.conflicting_fields)
        if not fields:
            fields = sorted(changed_fields(mine, server))
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
        self.ctx.mutate(
            self.ctx.workspace.attention.resolve_conflict,
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
        return body

    def _resend(self, body: dict[str, Any]) -> Changed:
        """Runs on the database thread: an enrollment's amount is recomputed from the stored
        facts (the same path as the enrollment forms), then the change is queued again."""
        ws = self.ctx.workspace
        if body.get("scheme") in ("voluntary", "household_health"):
            body = ws.money.priced_enrollment(body, self.item.record_id)
        return ws.attention.resend_fixed(self.item.op_id, body)

    def send(self) -> None:
        self.send_button.setEnabled(False)
        self.ctx.mutate(self._resend, self.fixed_body(), on_done=self._done, on_error=self._failed)

    def _done(self, changed: Changed) -> None:
        self.done_with.emit(changed)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not self.errors.show(exc):
            self.ctx.show_error(exc, self)
        self.send_button.setEnabled(True)
